import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { requestContext } from '../../platform/auth.js';
import { errorResponses, IdParams, Page } from '../../platform/schemas.js';
import { audit } from '../../platform/audit.js';
import { attachmentHeader, XLSX_TYPE } from '../../platform/xlsx.js';
import * as acts from './volunteers.activities.js';
import { volunteersWorkbook } from './volunteers.export.js';
import * as lists from './volunteers.lists.js';
import * as people from './volunteers.people.js';
import { CLAIM_KIND } from './volunteers.helper.js';
import { findPairedUnitsWith, findRegisteredHelpersWith } from '../wishes/wishes.act.js';
import {
  ActivityDetail,
  ActivityView,
  CreateActivityBody,
  CreateNeedBody,
  CreateResourceBody,
  CreateTeamBody,
  CreateUnitBody,
  DutyBody,
  Figures,
  HelperView,
  HoursBody,
  ListActivitiesQuery,
  ListHelpersQuery,
  ListNeedsQuery,
  ListResourcesQuery,
  NeedActionBody,
  NeedActionParams,
  NeedDetail,
  NeedView,
  Ranking,
  RankingQuery,
  RegisterHelperBody,
  ResourceView,
  SignupBody,
  SignupParams,
  TeamView,
  UnitView,
} from './volunteers.schemas.js';
import { PageQuery } from '../../platform/schemas.js';
import { Type } from 'typebox';
import type { NeedAction } from './volunteers.workflow.js';

const tags = ['volunteers'];

export const volunteersRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const deps = { database: app.database, vault: app.vault };
  // A console claim of a wish may name a registered helper: found in the caller's scope, counted as theirs.
  findRegisteredHelpersWith(async (db, actor, id) => {
    const h = await people.findHelper(db, actor, id);
    return { id: h.id, regionCode: h.regionCode, kind: CLAIM_KIND[h.kind] ?? 'volunteer', name: h.name };
  });
  // …or a paired unit: its own deed, counted in its figures.
  findPairedUnitsWith(async (db, actor, id) => {
    const u = await people.findUnit(db, actor, id);
    return { id: u.id, regionCode: u.regionCode, name: u.name };
  });

  // People who help
  app.get('/helpers', { schema: { tags, summary: '党员、志愿者、社工、爱心人士 People who help', querystring: ListHelpersQuery, response: { 200: Page(HelperView), ...errorResponses } } }, async (req) => people.listHelpers(deps, req.actor!, req.query));
  app.get('/helpers/:id', { schema: { tags, params: IdParams, response: { 200: HelperView, ...errorResponses } } }, async (req) => people.getHelper(deps, req.actor!, req.params.id));
  app.post('/helpers', { schema: { tags, summary: '报到登记 Register a party member or volunteer with a community', body: RegisterHelperBody, response: { 201: HelperView, ...errorResponses } } }, async (req, reply) =>
    reply.status(201).send(await people.registerHelper(deps, requestContext(req), req.body)),
  );
  app.get('/paired-units', { schema: { tags, summary: '结对单位 Paired units', querystring: Type.Object({ ...PageQuery }), response: { 200: Page(UnitView), ...errorResponses } } }, async (req) => people.listUnits(deps, req.actor!, req.query));
  app.get('/paired-units/:id', { schema: { tags, params: IdParams, response: { 200: UnitView, ...errorResponses } } }, async (req) => people.getUnit(deps, req.actor!, req.params.id));
  app.post('/paired-units', { schema: { tags, summary: '结对共建 Pair a unit with a community', body: CreateUnitBody, response: { 201: UnitView, ...errorResponses } } }, async (req, reply) =>
    reply.status(201).send(await people.createUnit(deps, requestContext(req), req.body)),
  );
  app.post('/paired-units/:id/duties', { schema: { tags, summary: '职责清单 Add a duty the unit undertakes', params: IdParams, body: DutyBody, response: { 200: UnitView, ...errorResponses } } }, async (req) =>
    people.addDuty(deps, requestContext(req), req.params.id, req.body),
  );
  app.get('/volunteer-teams', { schema: { tags, summary: '志愿服务队 Volunteer teams', querystring: Type.Object({ ...PageQuery }), response: { 200: Page(TeamView), ...errorResponses } } }, async (req) => people.listTeams(deps, req.actor!, req.query));
  app.post('/volunteer-teams', { schema: { tags, body: CreateTeamBody, response: { 201: TeamView, ...errorResponses } } }, async (req, reply) => reply.status(201).send(await people.createTeam(deps, requestContext(req), req.body)));

  // The lists
  app.get('/needs', { schema: { tags, summary: '需求清单 Needs', querystring: ListNeedsQuery, response: { 200: Page(NeedView), ...errorResponses } } }, async (req) => lists.listNeeds(deps, req.actor!, req.query));
  app.get('/needs/:id', { schema: { tags, summary: 'A need with its suggested resources', params: IdParams, response: { 200: NeedDetail, ...errorResponses } } }, async (req) => lists.getNeed(deps, req.actor!, req.params.id));
  app.post('/needs', { schema: { tags, body: CreateNeedBody, response: { 201: NeedDetail, ...errorResponses } } }, async (req, reply) => reply.status(201).send(await lists.createNeed(deps, requestContext(req), req.body)));
  app.post('/needs/:id/actions/:action', { schema: { tags, summary: 'A step of the need workflow', params: NeedActionParams, body: NeedActionBody, response: { 200: NeedDetail, ...errorResponses } } }, async (req) =>
    lists.actOnNeed(deps, requestContext(req), req.params.id, req.params.action as NeedAction, req.body),
  );
  app.get('/resources', { schema: { tags, summary: '资源清单 Resources', querystring: ListResourcesQuery, response: { 200: Page(ResourceView), ...errorResponses } } }, async (req) => lists.listResources(deps, req.actor!, req.query));
  app.post('/resources', { schema: { tags, body: CreateResourceBody, response: { 201: ResourceView, ...errorResponses } } }, async (req, reply) => reply.status(201).send(await lists.createResource(deps, requestContext(req), req.body)));

  // Activities and the time bank
  app.get('/activities', { schema: { tags, summary: '志愿活动 Volunteer activities', querystring: ListActivitiesQuery, response: { 200: Page(ActivityView), ...errorResponses } } }, async (req) => acts.listActivities(deps, req.actor!, req.query));
  app.get('/activities/:id', { schema: { tags, params: IdParams, response: { 200: ActivityDetail, ...errorResponses } } }, async (req) => acts.getActivity(deps, req.actor!, req.params.id));
  app.post('/activities', { schema: { tags, body: CreateActivityBody, response: { 201: ActivityDetail, ...errorResponses } } }, async (req, reply) => reply.status(201).send(await acts.createActivity(deps, requestContext(req), req.body)));
  app.post('/activities/:id/signups', { schema: { tags, summary: '报名 Sign up', params: IdParams, body: SignupBody, response: { 200: ActivityDetail, ...errorResponses } } }, async (req) => acts.signUp(deps, requestContext(req), req.params.id, req.body.helperId));
  app.post('/activities/:id/signups/:helperId/sign-in', { schema: { tags, summary: '现场签到 Sign in on the spot', params: SignupParams, response: { 200: ActivityDetail, ...errorResponses } } }, async (req) =>
    acts.signIn(deps, requestContext(req), req.params.id, req.params.helperId),
  );
  app.post('/activities/:id/signups/:helperId/hours', { schema: { tags, summary: '记录服务时长 Record the minutes served', params: SignupParams, body: HoursBody, response: { 200: ActivityDetail, ...errorResponses } } }, async (req) =>
    acts.recordHours(deps, requestContext(req), req.params.id, req.params.helperId, req.body.minutes),
  );
  app.get('/volunteers/ranking', { schema: { tags, summary: '月度排行 The month’s ranking by hours', querystring: RankingQuery, response: { 200: Ranking, ...errorResponses } } }, async (req) => acts.ranking(deps, req.actor!, req.query));
  app.get(
    '/volunteers/export.xlsx',
    { schema: { tags, summary: '导出台账：党员与志愿者、志愿活动、时间银行 Export the ledger (.xlsx)', response: { 200: Type.String({ description: 'an .xlsx file' }), ...errorResponses } } },
    async (req, reply) => {
      const buf = await volunteersWorkbook(app.database.db, req.actor!);
      await audit(app.database.db, requestContext(req), { action: 'volunteers.export', targetType: 'helper' });
      return reply.type(XLSX_TYPE).header('content-disposition', attachmentHeader('党员志愿者台账.xlsx')).header('cache-control', 'no-store').send(buf);
    },
  );
  app.get('/volunteers/figures', { schema: { tags, summary: 'Members per community, needs, deeds per unit, hours', response: { 200: Figures, ...errorResponses } } }, async (req) => acts.figures(deps, req.actor!));
};
