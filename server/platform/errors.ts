import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { localeOf, type Locale } from './i18n.js';
import { databaseErrorCode, isDatabaseUnavailable, isStorageFull } from './db.js';

/**
 * The one error catalog: a stable code, its HTTP status and its message in each language.
 * `{name}` placeholders are filled from the error's params.
 */
export const ERRORS = {
  validation_failed: { status: 400, zh: '请求内容不正确：{summary}', en: 'The request is not valid: {summary}' },
  bad_request: { status: 400, zh: '请求无法处理：{reason}', en: 'The request cannot be processed: {reason}' },
  unauthenticated: { status: 401, zh: '请先登录', en: 'Please sign in first' },
  invalid_credentials: { status: 401, zh: '用户名或密码不正确', en: 'Wrong username or password' },
  invalid_api_key: { status: 401, zh: 'API 密钥无效或已吊销', en: 'The API key is invalid or revoked' },
  wrong_password: { status: 400, zh: '当前密码不正确', en: 'The current password is wrong' },
  weak_password: {
    status: 400,
    zh: '密码至少 8 位，且须同时包含字母和数字',
    en: 'The password needs at least 8 characters with both letters and digits',
  },
  account_disabled: { status: 403, zh: '该账号已停用，请联系管理员', en: 'This account is disabled; contact your administrator' },
  login_throttled: {
    status: 429,
    zh: '登录失败次数过多，请 {minutes} 分钟后再试',
    en: 'Too many failed sign-ins; try again in {minutes} minutes',
  },
  csrf_failed: {
    status: 403,
    zh: '请求缺少有效的 CSRF 令牌，请刷新页面后重试',
    en: 'The request lacks a valid CSRF token; reload the page and try again',
  },
  forbidden: { status: 403, zh: '没有执行此操作的权限', en: 'You are not allowed to do this' },
  not_found: { status: 404, zh: '{what}不存在', en: '{whatEn} not found' },
  route_not_found: { status: 404, zh: '接口不存在：{method} {url}', en: 'No such endpoint: {method} {url}' },
  conflict: { status: 409, zh: '{reason}', en: '{reasonEn}' },
  stale_version: {
    status: 409,
    zh: '该记录已被他人修改，请刷新后重试',
    en: 'Someone else changed this record; reload and try again',
  },
  duplicate: { status: 409, zh: '{what}已存在：{value}', en: '{whatEn} already exists: {value}' },
  out_of_scope: { status: 403, zh: '{what}超出您的管辖范围', en: '{whatEn} is outside your area' },
  payload_too_large: { status: 413, zh: '请求内容过大（上限 {limit}）', en: 'The request is too large (limit {limit})' },
  unsupported_media_type: { status: 415, zh: '不支持的内容类型：{type}', en: 'Unsupported content type: {type}' },
  invalid_polygon: { status: 400, zh: '{field} 不是有效的网格边界：{reason}', en: '{field} is not a valid grid outline: {reasonEn}' },
  invalid_id_number: { status: 400, zh: '{field} 身份证号码不正确：{reason}', en: '{field} is not a valid ID number: {reasonEn}' },
  invalid_phone: { status: 400, zh: '{field} 电话号码不正确：{reason}', en: '{field} is not a valid phone number: {reasonEn}' },
  id_number_mismatch: {
    status: 400,
    zh: '{field} 与身份证号码不符（号码中为 {expected}）',
    en: '{field} does not match the ID number (which says {expected})',
  },
  required: { status: 400, zh: '{field} 不能为空', en: '{field} is required' },
  unknown_value: { status: 400, zh: '{field} 取值未定义：{value}', en: '{field} has an undefined value: {value}' },
  self_approval: { status: 409, zh: '不能审批自己提出的申请，须由另一账号审批', en: 'You cannot approve your own request; another account must approve it' },
  revert_conflict: {
    status: 409,
    zh: '该修改之后这些字段又被改过，不能直接撤销：{fields}',
    en: 'These fields changed again after that change, so it cannot be reverted as is: {fields}',
  },
  import_bad_file: { status: 400, zh: '表格无法导入：{reason}', en: 'The spreadsheet cannot be imported: {reasonEn}' },
  rate_limited: { status: 429, zh: '请求过于频繁，请稍后再试', en: 'Too many requests; try again later' },
  database_unavailable: { status: 503, zh: '数据库暂不可用', en: 'The database is unavailable' },
  // Reliability (database out of reach, disk full)
  storage_full: {
    status: 507,
    zh: '服务器存储空间已满，本次内容未保存；请联系管理员释放磁盘空间后重试',
    en: 'The server is out of storage space and nothing was saved; ask your administrator to free disk space, then try again',
  },
  internal: { status: 500, zh: '服务器内部错误，请稍后重试（请求编号 {requestId}）', en: 'Internal server error; try again later (request {requestId})' },
} as const satisfies Record<string, { status: number; zh: string; en: string }>;

export type ErrorCode = keyof typeof ERRORS;
type Params = Record<string, string | number>;

export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    readonly params: Params = {},
    readonly details?: unknown,
  ) {
    super(code);
    this.status = ERRORS[code].status;
  }
}

function fill(template: string, params: Params): string {
  return template.replace(/\{(\w+)\}/g, (_, k: string) => (params[k] !== undefined ? String(params[k]) : ''));
}

export function errorMessage(code: ErrorCode, params: Params, locale: Locale): string {
  const entry = ERRORS[code];
  const p = { ...params };
  // English fallbacks for params given only in Chinese.
  if (p.whatEn === undefined && p.what !== undefined) p.whatEn = p.what;
  if (p.reasonEn === undefined && p.reason !== undefined) p.reasonEn = p.reason;
  return fill(locale === 'en' ? entry.en : entry.zh, p);
}

/** Shorthands used by services. */
export const notFound = (what: string, whatEn: string) => new AppError('not_found', { what, whatEn });
export const conflict = (reason: string, reasonEn: string, details?: unknown) =>
  new AppError('conflict', { reason, reasonEn }, details);
export const duplicate = (what: string, whatEn: string, value: string) =>
  new AppError('duplicate', { what, whatEn, value });
export const badRequest = (reason: string, details?: unknown) => new AppError('bad_request', { reason }, details);

const AJV_ZH: Record<string, (p: Record<string, unknown>) => string> = {
  required: () => `缺少必填字段`,
  minLength: (p) => `长度不能少于 ${p.limit}`,
  maxLength: (p) => `长度不能超过 ${p.limit}`,
  minimum: (p) => `不能小于 ${p.limit}`,
  maximum: (p) => `不能大于 ${p.limit}`,
  minItems: (p) => `至少需要 ${p.limit} 项`,
  maxItems: (p) => `最多 ${p.limit} 项`,
  pattern: () => `格式不正确`,
  format: (p) => `格式不正确（应为 ${p.format}）`,
  type: (p) => `类型应为 ${p.type}`,
  enum: (p) => `取值应为 ${(p.allowedValues as unknown[] | undefined)?.join('、')} 之一`,
  const: (p) => `取值应为 ${p.allowedValue}`,
  additionalProperties: (p) => `不允许的字段 ${p.additionalProperty}`,
};

interface AjvIssue {
  instancePath?: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}

function validationDetails(err: FastifyError, locale: Locale) {
  const ctx = (err as unknown as { validationContext?: string }).validationContext ?? 'body';
  const issues = ((err as unknown as { validation?: AjvIssue[] }).validation ?? []).map((v) => {
    const parts = [ctx, ...(v.instancePath ?? '').split('/').filter(Boolean)];
    if (v.keyword === 'required' && v.params.missingProperty) parts.push(String(v.params.missingProperty));
    if (v.keyword === 'additionalProperties' && v.params.additionalProperty) parts.push(String(v.params.additionalProperty));
    const field = parts.join('.');
    const zh = AJV_ZH[v.keyword]?.(v.params) ?? v.message ?? v.keyword;
    return { field, rule: v.keyword, message: locale === 'en' ? v.message ?? v.keyword : zh };
  });
  return issues;
}

export function registerErrorHandling(app: FastifyInstance) {
  app.setErrorHandler((err: FastifyError | AppError, req: FastifyRequest, reply: FastifyReply) => {
    const locale = localeOf(req);
    if (err instanceof AppError) {
      if (err.code === 'login_throttled' && err.params.minutes) reply.header('retry-after', Number(err.params.minutes) * 60);
      return reply.status(err.status).send({
        error: err.code,
        message: errorMessage(err.code, err.params, locale),
        ...(err.details !== undefined ? { details: err.details } : {}),
      });
    }
    const fe = err as FastifyError;
    if (fe.validation) {
      const details = validationDetails(fe, locale);
      const summary = details.map((d) => `${d.field} ${d.message}`).join('；');
      return reply.status(400).send({
        error: 'validation_failed',
        message: errorMessage('validation_failed', { summary }, locale),
        details,
      });
    }
    if (fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return reply.status(413).send({
        error: 'payload_too_large',
        message: errorMessage('payload_too_large', { limit: `${Math.round(app.initialConfig.bodyLimit! / 1024)} KiB` }, locale),
      });
    }
    if (fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      return reply.status(415).send({
        error: 'unsupported_media_type',
        message: errorMessage('unsupported_media_type', { type: String(req.headers['content-type'] ?? '') }, locale),
      });
    }
    if (fe.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || fe.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || (fe.statusCode === 400 && fe.code?.startsWith('FST_ERR_CTP'))) {
      return reply.status(400).send({
        error: 'bad_request',
        message: errorMessage('bad_request', { reason: locale === 'en' ? 'the body is not valid JSON' : '请求体不是有效的 JSON' }, locale),
      });
    }
    if (fe.statusCode === 429) {
      return reply.status(429).send({ error: 'rate_limited', message: errorMessage('rate_limited', {}, locale) });
    }
    if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
      return reply.status(fe.statusCode).send({
        error: 'bad_request',
        message: errorMessage('bad_request', { reason: fe.message }, locale),
      });
    }
    // Reliability: a full disk or a database out of reach is the operator's to fix: 507/503, never 500.
    if (isStorageFull(err)) {
      req.log.error({ kind: (err as Error).name, code: databaseErrorCode(err) }, 'storage full: the database cannot write; free disk space (nothing was saved)');
      return reply.status(507).send({ error: 'storage_full', message: errorMessage('storage_full', {}, locale) });
    }
    if (isDatabaseUnavailable(err)) {
      req.log.warn({ kind: (err as Error).name, code: databaseErrorCode(err) }, 'database unavailable');
      reply.header('retry-after', 5);
      return reply.status(503).send({ error: 'database_unavailable', message: errorMessage('database_unavailable', {}, locale) });
    }
    req.log.error({ err }, 'unhandled error');
    return reply.status(500).send({
      error: 'internal',
      message: errorMessage('internal', { requestId: req.id }, locale),
    });
  });

  app.setNotFoundHandler((req, reply) => {
    const locale = localeOf(req);
    reply.status(404).send({
      error: 'route_not_found',
      message: errorMessage('route_not_found', { method: req.method, url: req.url.split('?')[0] }, locale),
    });
  });
}
