/**
 * Open311 GeoReport v2, registered at /open311/v2 (outside /api: the platform's session and API-key
 * hook does not run here). Every resource answers in JSON or XML by its suffix; an unknown suffix or
 * path is 404. Errors are the spec's arrays of {code, description}, with 400, 403 or 404 (429 and 500
 * where the platform must). The api_key comes as a form or query parameter (or, for convenience, as
 * the console API's Authorization: Bearer / X-API-Key header) and is resolved like any API key.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { publicBaseUrl } from '../../config.js';
import { Text } from '../../platform/schemas.js';
import type { Actor } from '../../platform/access.js';
import type { RequestContext } from '../../platform/audit.js';
import { clientIp, sha256 } from '../../platform/auth.js';
import { AppError, errorMessage } from '../../platform/errors.js';
import { validationSummary } from '../../platform/error-handler.js';
import { localeOf } from '../../platform/i18n.js';
import { actorResolver } from '../users/users.service.js';
import * as svc from './open311.service.js';
import { Open311Error } from './open311.service.js';
import { parseIdempotencyKey } from '../appeals/appeals.idempotency.js';
import { xmlDocument, xmlList } from './open311.xml.js';

type Format = 'json' | 'xml';

const CONTENT_TYPE: Record<Format, string> = { json: 'application/json; charset=utf-8', xml: 'text/xml; charset=utf-8' };

function formatOf(value: string): Format {
  if (value === 'json' || value === 'xml') return value;
  throw new Open311Error(404, `不支持的格式 ${value}（应为 json 或 xml）`, `Unknown format ${value} (json or xml)`);
}

/** The spec's statuses: an unknown key is 403, a conflict with the appeal's state is a bad request. */
function specStatus(status: number): number {
  if (status === 401) return 403;
  if ([400, 403, 404, 413, 429].includes(status)) return status;
  return status >= 500 ? 500 : 400;
}

function send(reply: FastifyReply, format: Format, json: unknown, xml: () => string, status = 200) {
  reply.status(status).type(CONTENT_TYPE[format]);
  return reply.send(format === 'json' ? JSON.stringify(json) : xml());
}

function sendErrors(reply: FastifyReply, format: Format, status: number, description: string) {
  const errors = [{ code: status, description }];
  return send(reply, format, errors, () => xmlList('errors', 'error', errors), status);
}

const requestsXml = (items: readonly object[]) => xmlList('service_requests', 'request', items, { similar_service_requests: 'service_request_id' });
const updatesXml = (items: readonly object[]) => xmlList('service_request_updates', 'request_update', items);

const FormatParams = Type.Object({ format: Text({ description: 'json or xml' }) });
const ApiKey = { api_key: Type.Optional(Text({ description: 'an API key (tsk_…)' })), jurisdiction_id: Type.Optional(Text({ description: 'ignored: one jurisdiction' })) };
const RequestsQuery = Type.Object({
  ...ApiKey,
  service_request_id: Type.Optional(Text({ maxLength: 20_000, description: 'comma-separated numbers; overrides every other argument' })),
  service_code: Type.Optional(Text({ description: 'comma-separated service codes' })),
  start_date: Type.Optional(Text({ description: 'ISO 8601; the window may not exceed 90 days (default: the last 90 days)' })),
  end_date: Type.Optional(Text()),
  status: Type.Optional(Text({ description: 'open, closed or open,closed' })),
});
const RequestForm = Type.Object({
  ...ApiKey,
  service_code: Type.Optional(Text()),
  lat: Type.Optional(Text()),
  long: Type.Optional(Text()),
  address_string: Type.Optional(Text()),
  address_id: Type.Optional(Text({ description: 'a township, community or grid code' })),
  description: Type.Optional(Text({ maxLength: 20_000 })),
  first_name: Type.Optional(Text()),
  last_name: Type.Optional(Text()),
  phone: Type.Optional(Text()),
  email: Type.Optional(Text()),
  device_id: Type.Optional(Text()),
  account_id: Type.Optional(Text()),
  media_url: Type.Optional(Text()),
  idempotency_key: Type.Optional(Text({ maxLength: 100, description: 'extension: as the Idempotency-Key header (a retry with the same key returns the first request)' })),
});
const SimilarQuery = Type.Object({
  ...ApiKey,
  description: Type.Optional(Text({ maxLength: 20_000, description: 'the draft’s description (required)' })),
  lat: Type.Optional(Text({ description: 'latitude (WGS84); with long' })),
  long: Type.Optional(Text({ description: 'longitude (WGS84); with lat' })),
  address_id: Type.Optional(Text({ description: 'a grid code, when lat and long are not given' })),
  service_code: Type.Optional(Text({ description: 'the service code, if known (a same-category match counts)' })),
});
const SimilarReason = Type.Object({
  code: Type.String({ enum: ['same_grid', 'distance', 'days', 'text', 'same_category'], description: 'same grid; metres apart; days apart; text similarity 0–1; same service' }),
  value: Type.Union([Type.Number(), Type.Null()]),
});
/** Documentation of the answers (the handlers send them already serialised, as JSON or XML). */
const SimilarList = Type.Array(
  Type.Object({
    service_request_id: Type.String(),
    service_code: Type.String(),
    status: Type.String({ enum: ['open', 'closed'] }),
    requested_datetime: Type.String(),
    score: Type.Number({ description: 'the duplicate scorer’s score, 0–1' }),
    reasons: Type.Array(SimilarReason),
  }),
  { description: 'Extension (多诉统办): the service requests the draft likely repeats, best first (at most five); public fields only' },
);
const CreatedList = Type.Array(
  Type.Object({
    service_request_id: Type.String(),
    token: Type.String(),
    service_notice: Type.String(),
    account_id: Type.Union([Type.String(), Type.Null()]),
    similar_service_requests: Type.Array(Type.String(), { description: 'Extension (多诉统办): the public ids of the requests this one likely repeats, best first; no personal data' }),
  }),
);
const Open311Errors = Type.Array(Type.Object({ code: Type.Integer(), description: Type.String() }));
const UpdateForm = Type.Object({
  ...ApiKey,
  service_request_id: Type.Optional(Text()),
  description: Type.Optional(Text({ maxLength: 20_000 })),
  status: Type.Optional(Text({ description: 'open or closed, recorded in the note' })),
  update_id: Type.Optional(Text()),
  updated_datetime: Type.Optional(Text()),
  media_url: Type.Optional(Text()),
});

export const open311Routes: FastifyPluginAsyncTypebox = async (app) => {
  const deps = { database: app.database, vault: app.vault };
  const resolver = actorResolver(app.database);
  const tags = ['open311'];
  const read = { public: true, rateLimit: { max: 300, timeWindow: 60_000 } };
  const write = { public: true, rateLimit: { max: 600, timeWindow: 60_000 } };

  // Open311 POSTs are form-encoded; this parser serves only the routes of this plugin.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });

  /** The caller's actor from api_key (form, then query), or null when none is given; a wrong key is 403. */
  async function keyActor(req: FastifyRequest): Promise<Actor | null> {
    const fromBody = (req.body as Record<string, unknown> | undefined)?.api_key;
    const fromQuery = (req.query as Record<string, unknown> | undefined)?.api_key;
    const auth = req.headers.authorization;
    const header = typeof auth === 'string' && /^bearer /i.test(auth) ? auth.slice(7) : req.headers['x-api-key'];
    const key = [fromBody, fromQuery, header].find((k): k is string => typeof k === 'string' && k.trim() !== '')?.trim();
    if (!key) return null;
    const actor = await resolver.fromApiKey(sha256(key));
    if (!actor) throw new Open311Error(403, 'api_key 无效或已吊销', 'The api_key is invalid or revoked');
    return actor;
  }

  async function keyContext(req: FastifyRequest): Promise<RequestContext> {
    const actor = await keyActor(req);
    if (!actor) throw new Open311Error(403, '提交需要 api_key', 'An api_key is required');
    return { actor, ip: clientIp(req), userAgent: (req.headers['user-agent'] as string | undefined) ?? null, requestId: req.id, via: 'http' };
  }

  app.setErrorHandler((err: FastifyError | AppError | Open311Error, req, reply) => {
    const locale = localeOf(req);
    const format: Format = req.url.split('?')[0].endsWith('.xml') ? 'xml' : 'json';
    if (err instanceof Open311Error) return sendErrors(reply, format, err.status, locale === 'en' ? err.en : err.zh);
    if (err instanceof AppError) return sendErrors(reply, format, specStatus(err.status), errorMessage(err.code, err.params, locale));
    const fe = err as FastifyError;
    if (fe.validation) return sendErrors(reply, format, 400, errorMessage('validation_failed', { summary: validationSummary(fe, locale).summary }, locale));
    if (fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || fe.code?.startsWith('FST_ERR_CTP')) {
      return sendErrors(reply, format, 400, locale === 'en' ? 'Send the form as application/x-www-form-urlencoded' : '请以 application/x-www-form-urlencoded 提交表单');
    }
    if (fe.statusCode === 429) return sendErrors(reply, format, 429, errorMessage('rate_limited', {}, locale));
    if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
      return sendErrors(reply, format, specStatus(fe.statusCode), errorMessage('bad_request', { reason: '请求无法解析', reasonEn: fe.message }, locale));
    }
    req.log.error({ err, route: req.routeOptions?.url }, 'unhandled error');
    return sendErrors(reply, format, 500, errorMessage('internal', { requestId: req.id }, locale));
  });

  // Anything else under /open311/v2 (any method) is the spec's 404, never the console's page.
  for (const url of ['/', '/*']) {
    app.route({
      method: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
      url,
      config: { public: true },
      schema: { hide: true },
      handler: async () => {
        throw new Open311Error(404, '没有这个资源；入口见 discovery.json', 'No such resource; see discovery.json');
      },
    });
  }

  app.get(
    '/discovery.:format',
    { config: read, schema: { tags, summary: 'Open311 服务发现 Service discovery', params: FormatParams } },
    async (req, reply) => {
      const format = formatOf(req.params.format);
      // From configuration only, never the Host header (see publicBaseUrl).
      const base = publicBaseUrl(app.config);
      const doc = {
        changeset: svc.CHANGESET,
        contact: '请联系本系统的管理员 / Contact the administrators of this installation',
        key_service: 'API 密钥由系统管理员签发（控制台或 `tingsu apikey create`）/ API keys are issued by administrators (console, or `tingsu apikey create`)',
        endpoints: [{ specification: svc.SPECIFICATION, url: `${base}${app.prefix}`, changeset: svc.CHANGESET, type: 'production', formats: ['application/json', 'text/xml'] }],
      };
      return send(reply, format, doc, () => xmlDocument('discovery', doc, { endpoints: 'endpoint', formats: 'format' }));
    },
  );

  app.get(
    '/services.:format',
    { config: read, schema: { tags, summary: 'Open311 服务列表（二级诉求类别） Services: the level-2 appeal categories', params: FormatParams, querystring: Type.Object(ApiKey) } },
    async (req, reply) => {
      const format = formatOf(req.params.format);
      const services = await svc.listServices(deps.database.db);
      return send(reply, format, services, () => xmlList('services', 'service', services));
    },
  );

  app.get(
    '/services/:code.:format',
    { config: read, schema: { tags, summary: 'Open311 服务定义 Service definition', params: Type.Object({ code: Text(), format: Text() }), querystring: Type.Object(ApiKey) } },
    async (req, reply) => {
      const format = formatOf(req.params.format);
      const def = await svc.serviceDefinition(deps.database.db, req.params.code);
      return send(reply, format, def, () => xmlDocument('service_definition', def, { attributes: 'attribute' }));
    },
  );

  app.get(
    '/requests.:format',
    {
      config: read,
      schema: {
        tags,
        summary: 'Open311 查询服务请求 Service requests (without api_key: only those submitted by residents or integrations)',
        params: FormatParams,
        querystring: RequestsQuery,
      },
    },
    async (req, reply) => {
      const format = formatOf(req.params.format);
      const items = await svc.listRequests(deps, await keyActor(req), req.query);
      return send(reply, format, items, () => requestsXml(items));
    },
  );

  app.post(
    '/requests.:format',
    {
      config: write,
      schema: {
        tags,
        summary: 'Open311 提交服务请求（表单，需 api_key） Submit a service request (form-encoded, api_key required)',
        description: 'The answer adds similar_service_requests (an extension): the public ids of the requests it likely repeats (多诉统办), as GET similar.{format} finds them.',
        params: FormatParams,
        body: RequestForm,
        response: { 200: CreatedList, 400: Open311Errors, 403: Open311Errors },
      },
    },
    async (req, reply) => {
      const format = formatOf(req.params.format);
      const ctx = await keyContext(req);
      // The header, or (an extension to the spec's form) the idempotency_key field.
      const key = parseIdempotencyKey(req.headers['idempotency-key'], (req.body as { idempotency_key?: string } | undefined)?.idempotency_key);
      const created = await svc.createRequest(deps, ctx, (req.body ?? {}) as svc.Form, key);
      return send(reply, format, created, () => requestsXml(created));
    },
  );

  app.get(
    '/similar.:format',
    {
      config: read,
      schema: {
        tags,
        summary: 'Open311 扩展：提交前查重（多诉统办） Likely repeats of a draft, to check before posting (extension)',
        description:
          'description and a place (lat and long, or a grid code as address_id) are required; service_code is optional. Without an api_key only requests residents and integrations submitted are compared. Public fields only: never the requester, their words or address.',
        params: FormatParams,
        querystring: SimilarQuery,
        response: { 200: SimilarList, 400: Open311Errors, 403: Open311Errors },
      },
    },
    async (req, reply) => {
      const format = formatOf(req.params.format);
      const items = await svc.similarRequests(deps.database.db, await keyActor(req), req.query);
      return send(reply, format, items, () => xmlList('service_requests', 'request', items, { reasons: 'reason' }));
    },
  );

  app.get(
    '/requests/:id.:format',
    { config: read, schema: { tags, summary: 'Open311 查询单个服务请求 One service request', params: Type.Object({ id: Text(), format: Text() }), querystring: Type.Object(ApiKey) } },
    async (req, reply) => {
      const format = formatOf(req.params.format);
      const items = await svc.getRequest(deps, await keyActor(req), req.params.id);
      return send(reply, format, items, () => requestsXml(items));
    },
  );

  app.get(
    '/tokens/:token.:format',
    { config: read, schema: { tags, summary: 'Open311 由令牌查询编号 The service request id for a token', params: Type.Object({ token: Text(), format: Text() }), querystring: Type.Object(ApiKey) } },
    async (req, reply) => {
      const format = formatOf(req.params.format);
      const items = await svc.byToken(deps, req.params.token);
      return send(reply, format, items, () => requestsXml(items));
    },
  );

  app.get(
    '/servicerequestupdates.:format',
    {
      config: read,
      schema: {
        tags,
        summary: 'Open311 扩展：办理进展 Service request updates (extension): the requester’s timeline',
        params: FormatParams,
        querystring: Type.Object({ ...ApiKey, start_date: Type.Optional(Text()), end_date: Type.Optional(Text()) }),
      },
    },
    async (req, reply) => {
      const format = formatOf(req.params.format);
      const items = await svc.listUpdates(deps, await keyActor(req), req.query);
      return send(reply, format, items, () => updatesXml(items));
    },
  );

  app.post(
    '/servicerequestupdates.:format',
    {
      config: write,
      schema: { tags, summary: 'Open311 扩展：提交办理记录（表单，需 api_key） Post an update: a note on the appeal', params: FormatParams, body: UpdateForm },
    },
    async (req, reply) => {
      const format = formatOf(req.params.format);
      const ctx = await keyContext(req);
      const items = await svc.postUpdate(deps, ctx, (req.body ?? {}) as svc.Form);
      return send(reply, format, items, () => updatesXml(items));
    },
  );
};
