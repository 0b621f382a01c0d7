import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { authorize } from '../../platform/access.js';
import { audit } from '../../platform/audit.js';
import { requestContext } from '../../platform/auth.js';
import { AppError } from '../../platform/errors.js';
import { Int, Num, RegionCodeSchema, Text, Timestamp, errorResponses } from '../../platform/schemas.js';
import { getDuplicateConfig, setDuplicateConfig } from './appeals.similar-settings.js';
import { unknownCodes } from '../categories/categories.service.js';
import { clearAcceptLimitCache, listAcceptLimits, listLimits, type LimitRow } from './appeals.limits.js';
import { CHANNELS } from './appeals.register.js';
import { appealAcceptLimits, appealTimeLimits } from './appeals.tables.js';

const Unit = Type.String({ enum: ['working_hours', 'working_days', 'hours', 'days'] });
const LimitSchema = Type.Object({
  categoryCode: Text({ minLength: 1, maxLength: 32, description: "a category code, or '*' for the default" }),
  urgency: Type.String({ enum: ['normal', 'urgent', 'emergency'] }),
  responseAmount: Int({ minimum: 1, maximum: 1000 }),
  responseUnit: Unit,
  handlingAmount: Int({ minimum: 1, maximum: 1000 }),
  handlingUnit: Unit,
});

const AcceptLimitSchema = Type.Object({ channel: Type.String({ enum: [...CHANNELS] }), amount: Int({ minimum: 1, maximum: 1000 }), unit: Unit });

const DuplicateConfigBody = Type.Object({
  regionCode: Type.Optional(RegionCodeSchema),
  metres: Int({ minimum: 10, maximum: 5000, description: '同一地点的距离（米）Nearer than this is the same place (metres)' }),
  openDays: Int({ minimum: 1, maximum: 365, description: '提示多少天内登记的未办结诉求 Open appeals registered this many days ago at most' }),
  windowDays: Int({ minimum: 0, maximum: 365, description: '已办结诉求办结后仍提示的天数 Closed appeals still offered this many days' }),
  minScore: Num({ minimum: 0.05, maximum: 1, description: '最低相似分 The minimum score shown' }),
  suggestions: Int({ minimum: 1, maximum: 20, description: '最多提示几条 How many suggestions at most' }),
});
const DuplicateConfigSchema = Type.Object({
  regionCode: Type.String(),
  metres: Type.Integer(),
  openDays: Type.Integer(),
  windowDays: Type.Integer(),
  minScore: Type.Number(),
  suggestions: Type.Integer(),
  source: Type.String({ enum: ['stored', 'default'] }),
  updatedAt: Type.Union([Timestamp, Type.Null()]),
});

/** Response and handling limits per category and urgency: everyone reads, administrators edit. */
export const limitsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { database } = app;
  // 多诉统办: a county's duplicate-suggestion settings (administrators only; stored ones audited).
  app.get(
    '/appeal-duplicate-settings',
    { schema: { tags: ['appeals'], summary: '重复诉求提示设置（按县）Duplicate-suggestion settings of a county', querystring: Type.Object({ regionCode: Type.Optional(RegionCodeSchema) }), response: { 200: DuplicateConfigSchema, ...errorResponses } } },
    async (req) => getDuplicateConfig(database.db, req.actor!, req.query.regionCode),
  );
  app.put(
    '/appeal-duplicate-settings',
    { schema: { tags: ['appeals'], summary: '设置重复诉求提示（管理员，审计）Store a county’s duplicate-suggestion settings', body: DuplicateConfigBody, response: { 200: DuplicateConfigSchema, ...errorResponses } } },
    async (req) => setDuplicateConfig(database, requestContext(req), req.body),
  );
  app.get(
    '/appeal-limits',
    { schema: { tags: ['appeals'], summary: '办理时限 Response and handling limits', response: { 200: Type.Array(LimitSchema), ...errorResponses } } },
    async (req) => {
      authorize(req.actor!, 'appeals.read');
      return listLimits(database.db);
    },
  );
  app.put(
    '/appeal-limits',
    {
      schema: {
        tags: ['appeals'],
        summary: '替换全部办理时限 Replace the limits (applies to appeals dispatched from now on)',
        body: Type.Object({ limits: Type.Array(LimitSchema, { maxItems: 2000 }) }),
        response: { 200: Type.Array(LimitSchema), ...errorResponses },
      },
    },
    async (req) => {
      const ctx = requestContext(req);
      authorize(ctx.actor, 'limits.write');
      const limits = req.body.limits as LimitRow[];
      const seen = new Set<string>();
      for (const l of limits) {
        const k = `${l.categoryCode}/${l.urgency}`;
        if (seen.has(k)) throw new AppError('limits_repeated', { key: k });
        seen.add(k);
      }
      if (!['normal', 'urgent', 'emergency'].every((u) => seen.has(`*/${u}`))) {
        throw new AppError('limits_default_missing');
      }
      const unknown = await unknownCodes(database.db, limits.map((l) => l.categoryCode).filter((c) => c !== '*'));
      if (unknown.length) throw new AppError('unknown_value', { field: 'categoryCode', value: unknown.join(', ') }, { unknown });
      await database.db.transaction(async (tx) => {
        await tx.delete(appealTimeLimits);
        await tx.insert(appealTimeLimits).values(limits);
        await audit(tx, ctx, { action: 'limits.replace', targetType: 'limits', regionCode: '', details: { rows: limits.length } });
      });
      return listLimits(database.db);
    },
  );

  app.get(
    '/appeal-accept-limits',
    {
      schema: {
        tags: ['appeals'],
        summary: '受理时限（按渠道；未列出的渠道：网上 2 个工作小时，其他 1 个工作日） Acceptance limits per channel',
        response: { 200: Type.Array(AcceptLimitSchema), ...errorResponses },
      },
    },
    async (req) => {
      authorize(req.actor!, 'appeals.read');
      return listAcceptLimits(database.db);
    },
  );
  app.put(
    '/appeal-accept-limits',
    {
      schema: {
        tags: ['appeals'],
        summary: '替换受理时限 Replace the acceptance limits (applies to appeals registered from now on)',
        body: Type.Object({ limits: Type.Array(AcceptLimitSchema, { maxItems: 100 }) }),
        response: { 200: Type.Array(AcceptLimitSchema), ...errorResponses },
      },
    },
    async (req) => {
      const ctx = requestContext(req);
      authorize(ctx.actor, 'limits.write');
      const limits = req.body.limits;
      const seen = new Set<string>();
      for (const l of limits) {
        if (seen.has(l.channel)) throw new AppError('limits_repeated', { key: l.channel });
        seen.add(l.channel);
      }
      await database.db.transaction(async (tx) => {
        await tx.delete(appealAcceptLimits);
        if (limits.length) await tx.insert(appealAcceptLimits).values(limits);
        await audit(tx, ctx, { action: 'accept_limits.replace', targetType: 'limits', regionCode: '', details: { rows: limits.length } });
      });
      clearAcceptLimitCache(database.db);
      return listAcceptLimits(database.db);
    },
  );
};
