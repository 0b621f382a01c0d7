/**
 * The one error handler: every error a route raises, the schema validation failures and the
 * framework's own (a malformed URL, a body too large), answered in the error shape of the path asked
 * for and in the caller's language, with the catalog's codes (errors.ts). Logged by kind and code only.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { localeOf, type Locale } from './i18n.js';
import { databaseErrorCode, isDatabaseUnavailable, isStorageFull } from './db.js';
import { PLAIN_TEXT } from './schemas.js';
import { AppError, errorMessage } from './errors.js';

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
    if (v.keyword === 'pattern' && v.params.pattern === PLAIN_TEXT) {
      // The pattern itself says nothing to a person: name what it refuses.
      return { field, rule: 'control_characters', message: locale === 'en' ? 'must not contain control characters (such as NUL)' : '不能包含控制字符（如 NUL）' };
    }
    if (v.keyword === 'x-finite') {
      return { field, rule: 'finite', message: locale === 'en' ? 'must be a finite number' : '必须是有限的数值' };
    }
    const zh = AJV_ZH[v.keyword]?.(v.params) ?? v.message ?? v.keyword;
    return { field, rule: v.keyword, message: locale === 'en' ? v.message ?? v.keyword : zh };
  });
  return issues;
}

/** A schema validation failure as one line in the caller's language, with the details behind it. */
export function validationSummary(err: FastifyError, locale: Locale) {
  const details = validationDetails(err, locale);
  return { summary: details.map((d) => `${d.field} ${d.message}`).join(locale === 'en' ? '; ' : '；'), details };
}

/** Errors raised by the framework before a route runs (a malformed URL, …), in the error shape of the path asked for. */
export function frameworkError(err: FastifyError, req: FastifyRequest, reply: FastifyReply) {
  const locale = localeOf(req);
  const reason = err.code === 'FST_ERR_BAD_URL' ? { reason: '地址中含有无效的编码', reasonEn: 'it holds an invalid percent-encoding' } : { reason: '无法解析', reasonEn: 'it cannot be parsed' };
  const message = errorMessage('bad_url', reason, locale);
  if (String(req.url).startsWith('/open311/')) {
    // The Open311 spec's error list; JSON unless the path asks for XML.
    const xml = /\.xml(\?|$)/.test(String(req.url));
    reply.status(400).type(xml ? 'text/xml; charset=utf-8' : 'application/json; charset=utf-8');
    const text = message.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    return reply.send(xml ? `<?xml version="1.0" encoding="utf-8"?><errors><error><code>400</code><description>${text}</description></error></errors>` : JSON.stringify([{ code: 400, description: message }]));
  }
  return reply.status(400).send({ error: 'bad_url', message });
}

export function registerErrorHandling(app: FastifyInstance) {
  app.setErrorHandler((err: FastifyError | AppError, req: FastifyRequest, reply: FastifyReply) => {
    const locale = localeOf(req);
    if (err instanceof AppError) {
      if ((err.code === 'login_throttled' || err.code === 'tracking_locked') && err.params.minutes) reply.header('retry-after', Number(err.params.minutes) * 60);
      return reply.status(err.status).send({
        error: err.code,
        message: errorMessage(err.code, err.params, locale),
        ...(err.details !== undefined ? { details: err.details } : {}),
      });
    }
    const fe = err as FastifyError;
    if (fe.validation) {
      const { summary, details } = validationSummary(fe, locale);
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
    // An append-only table's trigger refused an UPDATE or DELETE (SQLSTATE TS001, see migration
    // funds_ledger_guard): the history stays as it was; a workflow refusal, never a 5xx.
    if (databaseErrorCode(err) === 'TS001') {
      req.log.warn({ kind: (err as Error).name, code: 'TS001', route: req.routeOptions?.url }, 'append-only table refused a change');
      return reply.status(409).send({ error: 'ledger_append_only', message: errorMessage('ledger_append_only', {}, locale) });
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
    // By kind and code only (see logger.ts): never the message, SQL or parameters of the error.
    req.log.error({ err, route: req.routeOptions?.url, actorId: req.actor?.id }, 'unhandled error');
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
