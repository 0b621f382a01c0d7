import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { requestContext } from '../../platform/auth.js';
import { errorResponses, IdParams, Num, Page, RegionCodeSchema, RevealReason, Text, Uuid } from '../../platform/schemas.js';
import { publicBaseUrl } from '../../config.js';
import QRCode from 'qrcode';
import { setPublicBase, trackingLink } from './appeals.sms.js';
import { relatedAppeals, similarAppeals, similarToAppeal } from './appeals.related.js';
import { openClusters } from './appeals.clusters.js';
import { exportLedger } from './appeals.export.js';
import { DEFAULT_HEAT_SIZE, MAX_HEAT_SIZE, openHeat } from './appeals.heat.js';
import { inboxCounts, listAppeals, type AppealFilter } from './appeals.inbox.js';
import { appealDetail, appealNumbersOf, attachment, leaderChoices, openByGrid, revealRequester } from './appeals.queries.js';
import { ActionBody, ActionName, AppealCreated, AppealDetail, AppealListItem, Clusters, Similar, SimilarBody, BulkAcceptBody, BulkResult, CreateAppealBody, ExportBody, ExportQuery, ListQuery, SearchBody } from './appeals.schemas.js';
import { bulkAct } from './appeals.bulk.js';
import { localeOf } from '../../platform/i18n.js';
import { notFound } from '../../platform/errors.js';
import { refuseInAddress } from '../../platform/personal-data.js';
import { nameAuditTargets, uuidsOnly } from '../audit/audit.names.js';
import { suggestFor } from '../orgs/orgs.service.js';
import { OrgView } from '../orgs/orgs.schemas.js';
import { act, findVisible, createAppealOnce, type ActionInput, type CreateInput, type Photo } from './appeals.service.js';
import { IDEMPOTENCY_DOC, IdempotencyHeaders, parseIdempotencyKey, requestHash } from './appeals.idempotency.js';
import type { Action } from './appeals.workflow.js';

const PHOTO_BODY_LIMIT = 64 * 1024 * 1024;

function decodePhotos(photos: { filename: string; mime: string; dataBase64: string }[] | undefined): Photo[] | undefined {
  return photos?.map((p) => ({ filename: p.filename, mime: p.mime, data: Buffer.from(p.dataBase64, 'base64') }));
}

/**
 * A phone number in an address would be written to every proxy's access log on the way: the
 * search by phone is a POST (/appeals/search, /appeals/export), and an address carrying one is refused.
 */
function noPhoneInAddress<Q extends object>(query: Q): AppealFilter & { ids?: string } {
  if ('phone' in query) {
    refuseInAddress('phone', ['/api/appeals/search', '/api/appeals/export']);
  }
  return query as AppealFilter & { ids?: string };
}

export const appealsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const deps = { database: app.database, vault: app.vault };
  setPublicBase(publicBaseUrl(app.config));
  nameAuditTargets('appeal', (db, _actor, ids) => appealNumbersOf(db, uuidsOnly(ids)));

  app.get(
    '/appeals/by-grid',
    {
      schema: {
        tags: ['appeals'],
        summary: '各网格未办结诉求数（网格分布图） Open appeals per grid, for the grid map',
        querystring: Type.Object({ within: RegionCodeSchema }),
        response: { 200: Type.Array(Type.Object({ gridCode: Type.String(), open: Type.Integer() })), ...errorResponses },
      },
    },
    async (req) => openByGrid(app.database.db, req.actor!, req.query.within),
  );

  const Bounds = Type.Object({ west: Type.Number(), south: Type.Number(), east: Type.Number(), north: Type.Number() });
  app.get(
    '/appeals/heat',
    {
      schema: {
        tags: ['appeals'],
        summary: '未办结诉求热力图（按方格汇总） Open appeals counted on a lattice of cells, for the heat map',
        description: `Cells are square on the ground, at most \`size\` (default ${DEFAULT_HEAT_SIZE}) along the longer side and never under about 220 m; only non-empty cells are listed, with counts and no appeal.`,
        querystring: Type.Object({
          within: Type.Optional(RegionCodeSchema),
          size: Type.Optional(Type.Integer({ minimum: 4, maximum: MAX_HEAT_SIZE, default: DEFAULT_HEAT_SIZE })),
        }),
        response: {
          200: Type.Object({
            within: Type.Union([Type.String(), Type.Null()]),
            bounds: Type.Union([Bounds, Type.Null()]),
            cellLon: Type.Number(),
            cellLat: Type.Number(),
            cols: Type.Integer(),
            rows: Type.Integer(),
            cells: Type.Array(Type.Object({ col: Type.Integer(), row: Type.Integer(), lon: Type.Number(), lat: Type.Number(), count: Type.Integer() }), { maxItems: MAX_HEAT_SIZE * MAX_HEAT_SIZE }),
            max: Type.Integer(),
            located: Type.Integer(),
            outside: Type.Integer(),
            unlocated: Type.Integer(),
          }),
          ...errorResponses,
        },
      },
    },
    async (req) => openHeat(app.database.db, req.actor!, req.query.within, req.query.size),
  );

  app.post(
    '/appeals',
    {
      bodyLimit: PHOTO_BODY_LIMIT,
      schema: {
        tags: ['appeals'],
        summary: '登记诉求 Register an appeal (with `Prefer: return=minimal`, only id, number, status and version come back)',
        description: IDEMPOTENCY_DOC,
        headers: IdempotencyHeaders,
        body: CreateAppealBody,
        response: { 201: Type.Union([AppealDetail, AppealCreated]), ...errorResponses },
      },
    },
    async (req, reply) => {
      const ctx = requestContext(req);
      const body = req.body as unknown as CreateInput & { photos?: { filename: string; mime: string; dataBase64: string }[] };
      const key = parseIdempotencyKey(req.headers['idempotency-key']);
      const idempotency = key ? { scope: `${ctx.actor.kind}:${ctx.actor.id}`, key, hash: requestHash(req.body) } : undefined;
      const { row, replayed } = await createAppealOnce(deps, { ctx, source: 'console', idempotency }, { ...body, photos: decodePhotos(body.photos) });
      // A retry that found its key answers as the first request did, with the same appeal.
      if (replayed) reply.header('idempotent-replayed', 'true');
      // RFC 7240: integrations that register in bulk skip reading the whole appeal back.
      if (/return=minimal/.test(String(req.headers.prefer ?? ''))) {
        reply.header('preference-applied', 'return=minimal');
        return reply.status(201).send({ id: row.id, number: row.number, status: row.status, version: row.version });
      }
      return reply.status(201).send(await appealDetail(deps, ctx.actor, row.id));
    },
  );

  app.get(
    '/appeals',
    { schema: { tags: ['appeals'], summary: '诉求列表与收件箱 Appeals and inboxes', querystring: ListQuery, response: { 200: Page(AppealListItem), ...errorResponses } } },
    async (req) => listAppeals(deps, requestContext(req), noPhoneInAddress(req.query)),
  );

  app.post(
    '/appeals/search',
    {
      schema: {
        tags: ['appeals'],
        summary: '按诉求人电话查找（电话放在请求体中，不进地址；记入审计） Find by the requester’s phone (in the body, never in an address; audited)',
        body: SearchBody,
        response: { 200: Page(AppealListItem), ...errorResponses },
      },
    },
    async (req) => listAppeals(deps, requestContext(req), req.body as AppealFilter),
  );

  app.post(
    '/appeals/bulk/accept',
    {
      schema: {
        tags: ['appeals'],
        summary: '批量受理：逐件受理，逐件报告结果 Accept many appeals, each on its own, with a result for each',
        body: BulkAcceptBody,
        response: { 200: BulkResult, ...errorResponses },
      },
    },
    async (req) => bulkAct(deps, requestContext(req), 'accept', req.body.items, localeOf(req)),
  );

  app.post(
    '/appeals/related',
    {
      schema: {
        tags: ['appeals'],
        summary: '登记时的重复诉求提示：诉求人此前的诉求（按手机号，记入审计）与附近未办结诉求（电话在请求体中） Earlier appeals by phone and open appeals nearby (the phone in the body, never in an address)',
        body: Type.Object({
          phone: Type.Optional(Text({ minLength: 3, maxLength: 32 })),
          lon: Type.Optional(Num({ minimum: -180, maximum: 180 })),
          lat: Type.Optional(Num({ minimum: -90, maximum: 90 })),
          placeCode: Type.Optional(RegionCodeSchema),
          exclude: Type.Optional(Uuid()),
        }),
        response: { 200: Type.Object({ byPhone: Type.Array(AppealListItem), nearby: Type.Array(AppealListItem) }), ...errorResponses },
      },
    },
    async (req) => relatedAppeals(deps, requestContext(req), req.body),
  );

  app.post(
    '/appeals/similar',
    {
      schema: {
        tags: ['appeals'],
        summary: '多诉统办：登记中的诉求可能重复的诉求，按可能性排序，各附理由（文字、电话在请求体中） Likely repeats of a draft, best first, each with its reasons (text and phone in the body)',
        body: SimilarBody,
        response: { 200: Similar, ...errorResponses },
      },
    },
    async (req) => similarAppeals(deps, requestContext(req), req.body),
  );

  app.get(
    '/appeals/clusters',
    {
      schema: {
        tags: ['appeals'],
        summary: '多诉统办：同一问题的未办结诉求成组，附受影响群众数 Open appeals grouped by problem, with the residents affected',
        response: { 200: Clusters, ...errorResponses },
      },
    },
    async (req) => openClusters(deps, requestContext(req)),
  );

  app.get(
    '/appeals/:id/similar',
    { schema: { tags: ['appeals'], summary: '此诉求可能重复的诉求 Likely duplicates of this appeal', params: IdParams, response: { 200: Similar, ...errorResponses } } },
    async (req) => similarToAppeal(deps, requestContext(req), req.params.id),
  );

  app.get(
    '/appeals/inbox',
    { schema: { tags: ['appeals'], summary: '各收件箱待办数 Counts per inbox', response: { 200: Type.Record(Type.String(), Type.Integer()), ...errorResponses } } },
    async (req) => inboxCounts(deps, req.actor!),
  );

  const sendLedger = async (req: FastifyRequest, reply: FastifyReply, query: { ids?: string } & AppealFilter) => {
    const { ids, ...filter } = query;
    const buf = await exportLedger(deps, requestContext(req), { ...filter, ids: ids ? ids.split(',') : undefined }, req.readDb);
    reply
      .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename="appeals-${new Date().toISOString().slice(0, 10)}.xlsx"; filename*=UTF-8''${encodeURIComponent('诉求台账')}.xlsx`);
    return reply.send(buf);
  };

  app.get(
    '/appeals/export',
    { schema: { tags: ['appeals'], summary: '导出台账（Excel，按筛选或所选诉求） Export the ledger (filtered, or the rows chosen)', querystring: ExportQuery } },
    async (req, reply) => sendLedger(req, reply, noPhoneInAddress(req.query)),
  );

  app.post(
    '/appeals/export',
    { schema: { tags: ['appeals'], summary: '导出台账，可按诉求人电话（电话在请求体中） Export the ledger, also by the requester’s phone (in the body)', body: ExportBody } },
    async (req, reply) => sendLedger(req, reply, req.body as AppealFilter & { ids?: string }),
  );

  app.get(
    '/appeals/:id',
    { schema: { tags: ['appeals'], params: IdParams, response: { 200: AppealDetail, ...errorResponses } } },
    async (req) => appealDetail(deps, req.actor!, req.params.id),
  );

  app.post(
    '/appeals/:id/actions/:action',
    {
      bodyLimit: PHOTO_BODY_LIMIT,
      schema: {
        tags: ['appeals'],
        summary: '办理动作（受理、派遣、签收、退单、办结、反馈、评价……） Take a step',
        params: Type.Object({ id: Type.String({ format: 'uuid' }), action: ActionName }),
        body: ActionBody,
        response: { 200: AppealDetail, ...errorResponses },
      },
    },
    async (req) => {
      const ctx = requestContext(req);
      const { photos, ...rest } = req.body as unknown as ActionInput & { photos?: { filename: string; mime: string; dataBase64: string }[] };
      await act(deps, ctx, req.params.id, req.params.action as Action, { ...rest, photos: decodePhotos(photos) });
      return appealDetail(deps, ctx.actor, req.params.id);
    },
  );

  app.get(
    '/appeals/:id/slip',
    {
      schema: {
        tags: ['appeals'],
        summary: '派遣单：诉求查询页的地址与二维码（SVG） The dispatch slip’s tracking link and its QR code',
        params: IdParams,
        response: { 200: Type.Object({ number: Type.String(), trackingUrl: Type.String(), qrSvg: Type.String() }), ...errorResponses },
      },
    },
    async (req) => {
      const a = await findVisible(deps.database.db, req.actor!, req.params.id);
      if (!a) throw notFound('诉求', 'Appeal');
      const trackingUrl = trackingLink(a.number);
      return { number: a.number, trackingUrl, qrSvg: await QRCode.toString(trackingUrl, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 }) };
    },
  );

  app.get(
    '/appeals/:id/suggestions',
    {
      schema: {
        tags: ['appeals'],
        summary: '派遣建议：按类别和位置推荐承办单位 Organisations suggested for dispatch',
        params: IdParams,
        response: { 200: Type.Array(OrgView), ...errorResponses },
      },
    },
    async (req) => {
      const a = await findVisible(deps.database.db, req.actor!, req.params.id);
      if (!a) throw notFound('诉求', 'Appeal');
      return suggestFor(deps.database.db, req.actor!, a);
    },
  );

  app.get(
    '/appeals/:id/leaders',
    {
      schema: {
        tags: ['appeals'],
        summary: '可包案的领导 Leaders who may own this appeal',
        params: IdParams,
        response: { 200: Type.Array(Type.Object({ id: Type.String(), displayName: Type.String(), regionCode: Type.String() })), ...errorResponses },
      },
    },
    async (req) => leaderChoices(deps, req.actor!, req.params.id),
  );

  app.post(
    '/appeals/:id/reveal',
    {
      schema: {
        tags: ['appeals'],
        summary: '查看诉求人完整联系方式（须填理由，记入审计） Reveal the requester’s contact (with a reason, audited)',
        params: IdParams,
        body: Type.Object({ reason: RevealReason }),
        response: { 200: Type.Object({ name: Type.Union([Type.String(), Type.Null()]), phone: Type.Union([Type.String(), Type.Null()]), enterpriseName: Type.Union([Type.String(), Type.Null()]) }), ...errorResponses },
      },
    },
    async (req) => revealRequester(deps, requestContext(req), req.params.id, req.body.reason),
  );

  app.get(
    '/appeals/:id/attachments/:attachmentId',
    { schema: { tags: ['appeals'], params: Type.Object({ id: Type.String({ format: 'uuid' }), attachmentId: Type.String({ format: 'uuid' }) }) } },
    async (req, reply) => {
      const f = await attachment(deps, req.actor!, req.params.id, req.params.attachmentId);
      reply.header('content-type', f.mime).header('cache-control', 'private, max-age=3600').header('x-content-type-options', 'nosniff');
      return reply.send(f.data);
    },
  );
};
