import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { authorize, codeInScope } from '../../platform/access.js';
import { audit } from '../../platform/audit.js';
import { requestContext } from '../../platform/auth.js';
import { errorResponses, IdParams, Page } from '../../platform/schemas.js';
import { attachmentHeader, XLSX_TYPE } from '../../platform/xlsx.js';
import { listCategories } from '../categories/categories.service.js';
import { gridsOfWorker, householdCards, householdIdsOf } from './visits.households.js';
import { listPlans, myPlan, regeneratePlan, swapItem } from './visits.plans.day.js';
import {
  CadreCoverage,
  CadresQuery,
  Coverage,
  CoverageQuery,
  DateQuery,
  ExportQuery,
  GenerateBody,
  HouseholdCard,
  ListVisitsQuery,
  OfflinePackage,
  OverdueHousehold,
  OverdueQuery,
  PhotoParams,
  Plan,
  PlansQuery,
  PlanSummary,
  PutSettingsBody,
  ResolveBody,
  SettingsParams,
  SettingsQuery,
  SwapBody,
  SwapParams,
  MeTooBody,
  MeTooResult,
  Repeats,
  RepeatsBody,
  Visit,
  VisitSettings,
  VisitSubmission,
  WorkersQuery,
  WorkersReport,
} from './visits.schemas.js';
import { appealHousehold, getVisit, listVisits, MAX_VISIT_PHOTOS, ownVisitsOfDay, recordVisit, resolveConflict, visitPhoto, type Deps } from './visits.service.js';
import { putSettings, settingsFor } from './visits.settings.js';
import { followAppealOutcomes } from './visits.outcomes.js';
import { supervisionWorkbook } from './visits.export.js';
import { nameAuditTargets } from '../audit/audit.names.js';
import { planNamesOf, visitNamesOf } from './visits.names.js';
import { visitMeToo, visitRepeats } from './visits.repeats.js';
import { cadreCoverage, coverage, overdueHouseholds, workersReport } from './visits.supervision.js';
import { MAX_PHOTO_BYTES } from '../appeals/appeals.service.js';

const tags = ['visits'];
/** Photos travel base64 inside the JSON of a visit (the phone queues whole submissions offline). */
const VISIT_BODY_LIMIT = Math.ceil(MAX_VISIT_PHOTOS * MAX_PHOTO_BYTES * 1.4) + 64 * 1024;

export const visitsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  nameAuditTargets('visit', visitNamesOf);
  nameAuditTargets('visit_plan', planNamesOf);
  const deps: Deps = { database: app.database, vault: app.vault };
  followAppealOutcomes();
  const { db } = app.database;

  app.get(
    '/visits/settings',
    { schema: { tags, summary: '走访规则（每日走访户数、干部覆盖周期、错时听诉时段） Visit rules', querystring: SettingsQuery, response: { 200: VisitSettings, ...errorResponses } } },
    async (req) => {
      authorize(req.actor!, 'visits.read');
      const code = req.query.regionCode ?? req.actor!.regionCode;
      return settingsFor(db, code === 'default' ? '' : code);
    },
  );
  app.put(
    '/visits/settings/:regionCode',
    { schema: { tags, summary: '设置某区域的走访规则（default 为全局） Set the visit rules of a region', params: SettingsParams, body: PutSettingsBody, response: { 200: VisitSettings, ...errorResponses } } },
    async (req) => putSettings(db, requestContext(req), req.params.regionCode, req.body),
  );

  app.get(
    '/visits/today',
    { schema: { tags, summary: '我的今日走访计划（无则即时生成） My visit plan for the day', querystring: DateQuery, response: { 200: Plan, ...errorResponses } } },
    async (req) => myPlan(app.database, req.actor!, req.query.date),
  );
  app.get(
    '/visits/offline',
    { schema: { tags, summary: '离线包：今日计划、本人网格的户档案（脱敏）、诉求类别与规则 The phone’s offline package', querystring: DateQuery, response: { 200: OfflinePackage, ...errorResponses } } },
    async (req) => {
      const actor = req.actor!;
      const plan = await myPlan(app.database, actor, req.query.date);
      // Only the worker's own grids that still lie in the account's area.
      const gridCodes = (await gridsOfWorker(db, actor.id)).filter((g) => codeInScope(actor, g));
      const [households, categories, settings, todayVisits] = await Promise.all([
        householdCards(db, await householdIdsOf(db, gridCodes)),
        listCategories(db, actor),
        settingsFor(db, gridCodes[0] ?? actor.regionCode),
        ownVisitsOfDay(db, actor, plan.date),
      ]);
      await audit(db, requestContext(req), { action: 'visit.offline_package', targetType: 'visit_plan', targetId: plan.id || null, regionCode: gridCodes[0] ?? actor.regionCode, details: { households: households.length } });
      return {
        generatedAt: new Date().toISOString(),
        plan,
        todayVisits,
        households,
        categories: categories.filter((c) => c.level === 2 && c.active).map((c) => ({ code: c.code, name: c.name })),
        settings,
      };
    },
  );
  app.post(
    '/visits/plans/generate',
    { schema: { tags, summary: '重新生成走访计划（已走访的保留） Remake a plan; visited households stay', body: GenerateBody, response: { 200: Plan, ...errorResponses } } },
    async (req) => regeneratePlan(app.database, requestContext(req), req.body),
  );
  app.post(
    '/visits/plans/:planId/items/:itemId/swap',
    { schema: { tags, summary: '调换计划中的一户（须说明理由） Swap a household on the plan', params: SwapParams, body: SwapBody, response: { 200: Plan, ...errorResponses } } },
    async (req) => swapItem(app.database, requestContext(req), req.params.planId, req.params.itemId, req.body),
  );
  app.get(
    '/visits/plans',
    { schema: { tags, summary: '某日各网格员的走访计划 Plans of a day', querystring: PlansQuery, response: { 200: Page(PlanSummary), ...errorResponses } } },
    async (req) => listPlans(app.database, req.actor!, req.query),
  );

  app.post(
    '/visits',
    {
      bodyLimit: VISIT_BODY_LIMIT,
      schema: {
        tags,
        summary: '登记一次走访（clientId 幂等：重复提交返回原记录） Log a visit; idempotent by clientId',
        body: VisitSubmission,
        response: { 200: Visit, 201: Visit, 413: errorResponses[400], 415: errorResponses[400], ...errorResponses },
      },
    },
    async (req, reply) => {
      const v = await recordVisit(deps, requestContext(req), req.body);
      return reply.status(v.replayed ? 200 : 201).send(v);
    },
  );
  app.post(
    '/visits/similar',
    {
      schema: {
        tags,
        summary: '多诉统办：走访中登记诉求时，本人网格内可能重复的诉求 Likely repeats among the worker’s grids, while registering at the door',
        body: RepeatsBody,
        response: { 200: Repeats, ...errorResponses },
      },
    },
    async (req) => visitRepeats(deps, requestContext(req), req.body),
  );
  app.post(
    '/visits/me-too',
    {
      schema: {
        tags,
        summary: '我也遇到：走访中把居民登记为已有诉求的受影响群众（每个电话一次，办结时短信告知） Count the resident as affected by an open appeal instead of registering a new one',
        body: MeTooBody,
        response: { 201: MeTooResult, ...errorResponses },
      },
    },
    async (req, reply) => reply.status(201).send(await visitMeToo(deps, requestContext(req), req.body)),
  );
  app.get(
    '/visits',
    { schema: { tags, summary: '走访记录 Visits', querystring: ListVisitsQuery, response: { 200: Page(Visit), ...errorResponses } } },
    async (req) => listVisits(deps, req.actor!, req.query),
  );
  app.get(
    '/visits/coverage',
    { schema: { tags, summary: '入户覆盖率（已走访户数 ÷ 户数）与人均日走访 Coverage', querystring: CoverageQuery, response: { 200: Coverage, ...errorResponses } } },
    async (req) => coverage(db, req.actor!, req.query),
  );
  app.get(
    '/visits/workers',
    { schema: { tags, summary: '网格员走访与每日任务完成情况 Workers against the quota', querystring: WorkersQuery, response: { 200: WorkersReport, ...errorResponses } } },
    async (req) => workersReport(db, req.actor!, req.query),
  );
  app.get(
    '/visits/overdue',
    { schema: { tags, summary: '逾期未访户（重点户、从未走访、长期未访） Households past due', querystring: OverdueQuery, response: { 200: Page(OverdueHousehold), ...errorResponses } } },
    async (req) => overdueHouseholds(db, req.actor!, req.query),
  );
  app.get(
    '/visits/cadres',
    { schema: { tags, summary: '干部半年入户全覆盖进度 Cadres’ half-year coverage', querystring: CadresQuery, response: { 200: CadreCoverage, ...errorResponses } } },
    async (req) => cadreCoverage(db, req.actor!, req.query),
  );
  app.get(
    '/visits/export.xlsx',
    { schema: { tags, summary: '导出走访督导表（覆盖率、网格员、逾期户） Export the supervision workbook', querystring: ExportQuery, response: { 200: Type.String({ description: 'an .xlsx file' }), ...errorResponses } } },
    async (req, reply) => {
      const buf = await supervisionWorkbook(db, req.actor!, req.query);
      await audit(db, requestContext(req), { action: 'visit.export', targetType: 'visit', details: { regionCode: req.query.regionCode ?? null, from: req.query.from ?? null, to: req.query.to ?? null } });
      return reply.type(XLSX_TYPE).header('content-disposition', attachmentHeader('入户走访督导表.xlsx')).header('cache-control', 'no-store').send(buf);
    },
  );
  app.get(
    '/visits/:id',
    { schema: { tags, summary: '一次走访 A visit', params: IdParams, response: { 200: Visit, ...errorResponses } } },
    async (req) => getVisit(deps, req.actor!, req.params.id),
  );
  app.post(
    '/visits/:id/resolve',
    { schema: { tags, summary: '处理户档案修改冲突：仍然修改或放弃 Resolve a file-change conflict', params: IdParams, body: ResolveBody, response: { 200: Visit, ...errorResponses } } },
    async (req) => resolveConflict(deps, requestContext(req), req.params.id, req.body.action),
  );
  app.get(
    '/appeals/:id/household',
    {
      schema: {
        tags,
        summary: '诉求所在的户（入户走访中登记的诉求）：承办部门可见的户档案卡片 The household an appeal raised at a door links',
        params: IdParams,
        response: { 200: HouseholdCard, ...errorResponses },
      },
    },
    async (req) => appealHousehold(deps, requestContext(req), req.params.id),
  );
  app.get(
    '/visits/:id/photos/:seq',
    { schema: { tags, summary: '走访照片 A visit’s photo', params: PhotoParams } },
    async (req, reply) => {
      const p = await visitPhoto(deps, req.actor!, req.params.id, req.params.seq);
      reply.header('content-type', p.mime).header('cache-control', 'private, max-age=3600').header('x-content-type-options', 'nosniff');
      return reply.send(p.data);
    },
  );
};
