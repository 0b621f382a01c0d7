import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { requestContext } from '../../platform/auth.js';
import { errorResponses, IdParams, Page, PageQuery, RegionCodeSchema } from '../../platform/schemas.js';
import * as config from './households.config.js';
import {
  ChangeIdParams,
  ChangeView,
  CreateHouseholdBody,
  CreatePersonBody,
  EventView,
  HouseholdDetail,
  HouseholdView,
  ListHouseholdsQuery,
  noPersonalDataInAddress,
  MovePersonBody,
  PersonDetail,
  PersonView,
  PutTagBody,
  PutVisitRulesBody,
  RevealBody,
  RevealResponse,
  RevertBody,
  TagCodeParams,
  TagView,
  TimelineQuery,
  UpdateHouseholdBody,
  UpdatePersonBody,
  VisitRule,
  Vocabulary,
} from './households.schemas.js';
import { countResidentsWith } from '../buildings/buildings.residents.js';
import { followGridReshapes } from '../grids/grids.reshape.js';
import * as service from './households.service.js';
import { nameAuditTargets } from '../audit/audit.names.js';
import { householdAddressesOf, peopleNamesOf } from './households.names.js';

const tags = ['households'];
const HistoryQuery = Type.Object({ ...PageQuery });

export const householdsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const deps: service.Deps = { database: app.database, pii: app.vault };
  const { db } = app.database;
  followGridReshapes({ households: service.regridHouseholds });
  countResidentsWith(service.residentCounts);
  nameAuditTargets('household', householdAddressesOf);
  nameAuditTargets('person', peopleNamesOf);
  app.addHook('onReady', async () => {
    await config.installHouseholdDefaults(db);
  });

  app.get(
    '/households',
    {
      schema: {
        tags,
        summary: '户档案列表与检索（成员姓名、完整身份证号或电话） Households: list and search',
        querystring: ListHouseholdsQuery,
        response: { 200: Page(HouseholdView), ...errorResponses },
      },
    },
    async (req) => service.listHouseholds(deps, requestContext(req), noPersonalDataInAddress(req.query), req.readDb),
  );
  app.post(
    '/households/search',
    {
      schema: {
        tags,
        summary: '按完整身份证号或电话查找户档案（放在请求体中，不进地址；记入审计） Find households by a full ID number or phone (in the body, never in an address; audited)',
        body: ListHouseholdsQuery,
        response: { 200: Page(HouseholdView), ...errorResponses },
      },
    },
    async (req) => service.listHouseholds(deps, requestContext(req), req.body, req.readDb),
  );
  app.post(
    '/households',
    { schema: { tags, summary: '新建户档案 Create a household file', body: CreateHouseholdBody, response: { 201: HouseholdDetail, ...errorResponses } } },
    async (req, reply) => reply.status(201).send(await service.createHousehold(deps, requestContext(req), req.body)),
  );
  app.get(
    '/households/vocabulary',
    { schema: { tags, summary: '户类型、与户主关系、风险等级 Types, relations, risk levels', response: { 200: Vocabulary, ...errorResponses } } },
    async () => {
      const list = (t: Record<string, { zh: string; en: string }>) => Object.entries(t).map(([code, l]) => ({ code, ...l }));
      return { householdTypes: list(config.HOUSEHOLD_TYPES), relations: list(config.RELATIONS), riskLevels: list(config.RISK_LEVELS) };
    },
  );
  app.get(
    '/households/by-grid',
    {
      schema: {
        tags,
        summary: '各网格户数、人数（网格分布图着色） Households and residents per grid',
        querystring: Type.Object({ within: RegionCodeSchema }),
        response: { 200: Type.Array(Type.Object({ gridCode: Type.String(), households: Type.Integer(), people: Type.Integer() })), ...errorResponses },
      },
    },
    async (req) => service.countsByGrid(deps, req.actor!, req.query.within),
  );
  app.get(
    '/households/:id',
    { schema: { tags, summary: '户档案（成员证件号、电话已脱敏） A household file, members masked', params: IdParams, response: { 200: HouseholdDetail, ...errorResponses } } },
    async (req) => service.getHousehold(deps, req.actor!, req.params.id),
  );
  app.patch(
    '/households/:id',
    { schema: { tags, summary: '修改、注销或恢复户档案 Edit, archive or restore', params: IdParams, body: UpdateHouseholdBody, response: { 200: HouseholdDetail, ...errorResponses } } },
    async (req) => service.updateHousehold(deps, requestContext(req), req.params.id, req.body),
  );
  app.get(
    '/households/:id/timeline',
    { schema: { tags, summary: '户档案时间线 The household’s timeline', params: IdParams, querystring: TimelineQuery, response: { 200: Page(EventView), ...errorResponses } } },
    async (req) => service.householdTimeline(deps, req.actor!, req.params.id, req.query),
  );
  app.get(
    '/households/:id/history',
    { schema: { tags, summary: '修改记录（户与成员） Versioned changes', params: IdParams, querystring: HistoryQuery, response: { 200: Page(ChangeView), ...errorResponses } } },
    async (req) => service.householdHistoryPage(deps, req.actor!, req.params.id, req.query),
  );
  app.post(
    '/households/:id/members',
    { schema: { tags, summary: '新增成员 Add a member', params: IdParams, body: CreatePersonBody, response: { 201: PersonView, ...errorResponses } } },
    async (req, reply) => reply.status(201).send(await service.addMember(deps, requestContext(req), req.params.id, req.body)),
  );

  app.get(
    '/people/:id',
    { schema: { tags, summary: '人员（脱敏）与居住记录 A person, masked, with where they lived', params: IdParams, response: { 200: PersonDetail, ...errorResponses } } },
    async (req) => service.getPerson(deps, req.actor!, req.params.id),
  );
  app.patch(
    '/people/:id',
    { schema: { tags, summary: '修改人员信息 Edit a person', params: IdParams, body: UpdatePersonBody, response: { 200: PersonView, ...errorResponses } } },
    async (req) => service.updatePerson(deps, requestContext(req), req.params.id, req.body),
  );
  app.post(
    '/people/:id/move',
    { schema: { tags, summary: '迁入其他户、迁出或注销 Move to another household, away, or deceased', params: IdParams, body: MovePersonBody, response: { 200: PersonView, ...errorResponses } } },
    async (req) => service.movePerson(deps, requestContext(req), req.params.id, req.body),
  );
  app.post(
    '/people/:id/reveal',
    {
      schema: {
        tags,
        summary: '查看完整身份证号或电话（须填理由，记入审计日志） Reveal a full ID number or phone (with a reason, audited)',
        params: IdParams,
        body: RevealBody,
        response: { 200: RevealResponse, ...errorResponses },
      },
    },
    async (req, reply) => {
      reply.header('cache-control', 'no-store');
      return service.revealPerson(deps, requestContext(req), req.params.id, req.body.field, req.body.reason);
    },
  );
  app.get(
    '/people/:id/history',
    { schema: { tags, params: IdParams, querystring: HistoryQuery, response: { 200: Page(ChangeView), ...errorResponses } } },
    async (req) => service.personHistoryPage(deps, req.actor!, req.params.id, req.query),
  );
  app.post(
    '/changes/:id/revert',
    { schema: { tags, summary: '撤销一次修改（作为新的修改记录） Revert a change by a new change', params: ChangeIdParams, body: RevertBody, response: { 200: ChangeView, ...errorResponses } } },
    async (req) => service.revertChange(deps, requestContext(req), req.params.id, req.body.reason),
  );

  app.get(
    '/household-tags',
    { schema: { tags, summary: '户标签（可配置） Household tags', response: { 200: Type.Array(TagView), ...errorResponses } } },
    async (req) => config.listTags(db, req.actor!),
  );
  app.put(
    '/household-tags/:code',
    { schema: { tags, summary: '新增或修改标签 Create or edit a tag', params: TagCodeParams, body: PutTagBody, response: { 200: TagView, ...errorResponses } } },
    async (req) => config.putTag(app.database, requestContext(req), req.params.code, req.body),
  );
  app.get(
    '/visit-rules',
    { schema: { tags, summary: '走访频次规则 Visit-frequency rules', response: { 200: Type.Array(VisitRule), ...errorResponses } } },
    async (req) => config.listVisitRules(db, req.actor!),
  );
  app.put(
    '/visit-rules',
    { schema: { tags, summary: '替换走访频次规则并重算 Replace the rules and recompute', body: PutVisitRulesBody, response: { 200: Type.Array(VisitRule), ...errorResponses } } },
    async (req) => config.replaceVisitRules(app.database, requestContext(req), req.body.rules),
  );
};
