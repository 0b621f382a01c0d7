import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { requestContext } from '../../platform/auth.js';
import { errorResponses, IdParams, Page, RegionCodeSchema, Text, Uuid } from '../../platform/schemas.js';
import {
  ActBody,
  ActParams,
  AllocateBody,
  CreateFundBody,
  DecidePaymentBody,
  EntryView,
  FiguresQuery,
  FiguresSchema,
  FundView,
  HouseholdsBody,
  IncomeBody,
  ListFundsQuery,
  ListProjectsQuery,
  PaymentBody,
  ProjectDetail,
  ProjectSummary,
  ProposeBody,
  PublicAccountsSchema,
  ReverseBody,
  SplitRuleBody,
  ThresholdsBody,
  ThresholdsParams,
  ThresholdsView,
} from './funds.schemas.js';
import { addPublicTimeline } from '../appeals/appeals.service.js';
import * as householdsSvc from './funds.households.js';
import * as payments from './funds.payments.js';
import * as projects from './funds.projects.js';
import * as projectPages from './funds.projects.read.js';
import * as pub from './funds.public.js';
import * as service from './funds.service.js';
import * as thresholds from './funds.thresholds.js';
import * as timeline from './funds.timeline.js';

const FILE_BODY_LIMIT = 8 * 1024 * 1024;
const PHOTOS_BODY_LIMIT = 40 * 1024 * 1024;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const decode = (f: { filename: string; mime: string; dataBase64: string }) => ({ filename: f.filename, mime: f.mime, data: Buffer.from(f.dataBase64, 'base64') });

export const fundsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { database } = app;
  const deps: projectPages.Deps = { database, vault: app.vault };
  // The resident's tracking page shows what the fund did about their appeal.
  addPublicTimeline(timeline.publicTimelineOf);

  // Funds and the ledger -------------------------------------------------------------------
  app.get(
    '/funds',
    { schema: { tags: ['funds'], summary: '资金与账户 Funds and accounts', querystring: ListFundsQuery, response: { 200: Page(FundView), ...errorResponses } } },
    async (req) => service.listFunds(database.db, req.actor!, req.query),
  );
  app.get(
    '/funds/figures',
    { schema: { tags: ['funds'], summary: '资金与项目统计 Figures', querystring: FiguresQuery, response: { 200: FiguresSchema, ...errorResponses } } },
    async (req) => pub.figures(database.db, req.actor!, req.query),
  );
  app.get(
    '/funds/approval-thresholds/:countyCode',
    { schema: { tags: ['funds'], summary: '项目审批限额 A county’s approval thresholds', params: ThresholdsParams, response: { 200: ThresholdsView, ...errorResponses } } },
    async (req) => thresholds.getThresholds(database.db, req.actor!, req.params.countyCode),
  );
  app.put(
    '/funds/approval-thresholds/:countyCode',
    { schema: { tags: ['funds'], summary: '设置项目审批限额 Set a county’s approval thresholds', params: ThresholdsParams, body: ThresholdsBody, response: { 200: ThresholdsView, ...errorResponses } } },
    async (req) => thresholds.setThresholds(database, requestContext(req), req.params.countyCode, req.body),
  );
  app.get(
    '/funds/:id',
    { schema: { tags: ['funds'], params: IdParams, response: { 200: FundView, ...errorResponses } } },
    async (req) => service.getFund(database.db, req.actor!, req.params.id),
  );
  app.post(
    '/funds',
    { schema: { tags: ['funds'], summary: '设立资金或公共收益账户 Create a fund or account', body: CreateFundBody, response: { 201: FundView, ...errorResponses } } },
    async (req, reply) => reply.status(201).send(await service.createFund(database, requestContext(req), req.body)),
  );
  app.put(
    '/funds/:id/split-rule',
    { schema: { tags: ['funds'], summary: '修改分配规则 Change the split rule', params: IdParams, body: SplitRuleBody, response: { 200: FundView, ...errorResponses } } },
    async (req) => service.setSplitRule(database, requestContext(req), req.params.id, req.body.splitRule, req.body.version),
  );
  app.post(
    '/funds/:id/allocations',
    {
      schema: {
        tags: ['funds'],
        summary: '向乡镇、社区拨付 Allocate to a township or community',
        params: IdParams,
        body: AllocateBody,
        response: { 201: Type.Object({ fundId: Type.String(), entryIds: Type.Array(Type.String()) }), ...errorResponses },
      },
    },
    async (req, reply) => reply.status(201).send(await service.allocate(database, requestContext(req), req.params.id, req.body)),
  );
  app.post(
    '/funds/:id/income',
    {
      schema: {
        tags: ['funds'],
        summary: '记录公共收益（按规则自动分账） Record an income, split by the rule',
        params: IdParams,
        body: IncomeBody,
        response: { 201: Type.Object({ groupId: Type.String(), shares: Type.Array(Type.Object({ bucket: Type.String(), bp: Type.Integer(), amountFen: Type.Integer() })) }), ...errorResponses },
      },
    },
    async (req, reply) => reply.status(201).send(await service.recordIncome(database, requestContext(req), req.params.id, req.body)),
  );
  app.get(
    '/funds/:id/entries',
    { schema: { tags: ['funds'], summary: '台账明细 The ledger', params: IdParams, querystring: Type.Object({ page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000 })), pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })) }), response: { 200: Page(EntryView), ...errorResponses } } },
    async (req) => service.listEntries(database.db, req.actor!, req.params.id, req.query),
  );
  app.post(
    '/funds/:id/entries/:entryId/reverse',
    {
      schema: {
        tags: ['funds'],
        summary: '冲正（新记一笔相反的账） Reverse an entry with a new one',
        params: Type.Object({ id: Uuid(), entryId: Uuid() }),
        body: ReverseBody,
        response: { 201: Type.Object({ entryIds: Type.Array(Type.String()) }), ...errorResponses },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await service.reverseEntry(database, requestContext(req), req.params.id, req.params.entryId, req.body.reason, { onPaymentReversed: payments.markPaymentReversed })),
  );

  // Projects ------------------------------------------------------------------------------------
  app.get(
    '/fund-projects',
    { schema: { tags: ['funds'], summary: '民生微实事项目 Projects', querystring: ListProjectsQuery, response: { 200: Page(ProjectSummary), ...errorResponses } } },
    async (req) => projectPages.listProjects(database.db, req.actor!, req.query),
  );
  app.post(
    '/fund-projects',
    { schema: { tags: ['funds'], summary: '提出项目 Propose a project', body: ProposeBody, response: { 201: ProjectSummary, ...errorResponses } } },
    async (req, reply) => reply.status(201).send(await projects.propose(deps, requestContext(req), req.body)),
  );
  app.get(
    '/fund-projects/:id',
    { schema: { tags: ['funds'], params: IdParams, response: { 200: ProjectDetail, ...errorResponses } } },
    async (req) => projectPages.getProject(deps, req.actor!, req.params.id),
  );
  app.post(
    '/fund-projects/:id/actions/:action',
    { bodyLimit: PHOTOS_BODY_LIMIT, schema: { tags: ['funds'], summary: '项目流转 Take a step', params: ActParams, body: ActBody, response: { 200: ProjectSummary, ...errorResponses } } },
    async (req) => {
      const { photos, ...rest } = req.body;
      return projects.act(deps, requestContext(req), req.params.id, req.params.action, { ...rest, photos: photos?.map(decode) });
    },
  );
  app.post(
    '/fund-projects/:id/households',
    { schema: { tags: ['funds'], summary: '修改受益户数（须说明理由） Correct the households benefiting, with a reason', params: IdParams, body: HouseholdsBody, response: { 200: ProjectSummary, ...errorResponses } } },
    async (req) => householdsSvc.setHouseholds(deps, requestContext(req), req.params.id, req.body),
  );
  app.post(
    '/fund-projects/:id/payments',
    {
      bodyLimit: FILE_BODY_LIMIT,
      schema: { tags: ['funds'], summary: '申请付款（须附凭证） Request a payment with its receipt', params: IdParams, body: PaymentBody, response: { 201: Type.Object({ id: Type.String(), receiptId: Type.String() }), ...errorResponses } },
    },
    async (req, reply) => reply.status(201).send(await payments.requestPayment(deps, requestContext(req), req.params.id, { ...req.body, receipt: decode(req.body.receipt) })),
  );
  app.post(
    '/fund-projects/:id/payments/:paymentId/decision',
    {
      schema: {
        tags: ['funds'],
        summary: '审核付款 Approve or refuse a payment',
        params: Type.Object({ id: Uuid(), paymentId: Uuid() }),
        body: DecidePaymentBody,
        response: { 200: Type.Object({ status: Type.String(), entryId: Type.Union([Type.String(), Type.Null()]) }), ...errorResponses },
      },
    },
    async (req) => payments.decidePayment(deps, requestContext(req), req.params.id, req.params.paymentId, req.body),
  );
  app.get(
    '/fund-projects/:id/files/:fileId',
    { schema: { tags: ['funds'], params: Type.Object({ id: Uuid(), fileId: Uuid() }) } },
    async (req, reply) => {
      const f = await projectPages.file(deps, req.actor!, req.params.id, req.params.fileId);
      reply.header('content-type', f.mime).header('cache-control', 'private, max-age=3600').header('x-content-type-options', 'nosniff');
      return reply.send(f.data);
    },
  );

  // 三账公开: no account -------------------------------------------------------------------------
  const open = { public: true, rateLimit: { max: 120, timeWindow: 60_000 } };
  app.get(
    '/public/accounts/places/:code',
    { config: open, schema: { tags: ['public'], summary: '社区三账公开 A place’s public accounts', params: Type.Object({ code: RegionCodeSchema }), response: { 200: PublicAccountsSchema, ...errorResponses } } },
    async (req) => pub.placeAccounts(database.db, req.params.code),
  );
  app.get(
    '/public/accounts/funds/:id',
    { config: open, schema: { tags: ['public'], summary: '资金收支公开 A fund’s public accounts', params: Type.Object({ id: Text({ maxLength: 64 }) }), response: { 200: PublicAccountsSchema, ...errorResponses } } },
    async (req) => pub.fundAccounts(database.db, req.params.id),
  );
  app.get(
    '/public/accounts/photos/:projectId/:fileId',
    { config: open, schema: { tags: ['public'], summary: '项目进度照片 A photo of the works', params: Type.Object({ projectId: Uuid(), fileId: Uuid() }) } },
    async (req, reply) => {
      const f = await pub.publicPhoto(database.db, req.params.projectId, req.params.fileId);
      reply.header('content-type', f.mime).header('cache-control', 'public, max-age=86400').header('x-content-type-options', 'nosniff');
      return reply.send(f.data);
    },
  );
  app.get(
    '/public/accounts/places/:code/export',
    { config: { public: true, rateLimit: { max: 20, timeWindow: 60_000 } }, schema: { tags: ['public'], summary: '导出 Excel Export as Excel', params: Type.Object({ code: RegionCodeSchema }) } },
    async (req, reply) => {
      const buf = await pub.accountsWorkbook(await pub.placeAccounts(database.db, req.params.code));
      reply.header('content-type', XLSX).header('content-disposition', `attachment; filename="accounts-${req.params.code}.xlsx"; filename*=UTF-8''${encodeURIComponent('三账公开')}-${req.params.code}.xlsx`);
      return reply.send(buf);
    },
  );
  app.get(
    '/public/accounts/funds/:id/export',
    { config: { public: true, rateLimit: { max: 20, timeWindow: 60_000 } }, schema: { tags: ['public'], summary: '导出 Excel Export as Excel', params: Type.Object({ id: Text({ maxLength: 64 }) }) } },
    async (req, reply) => {
      const buf = await pub.accountsWorkbook(await pub.fundAccounts(database.db, req.params.id));
      reply.header('content-type', XLSX).header('content-disposition', `attachment; filename="fund-${req.params.id}.xlsx"; filename*=UTF-8''${encodeURIComponent('资金收支公开')}.xlsx`);
      return reply.send(buf);
    },
  );
};
