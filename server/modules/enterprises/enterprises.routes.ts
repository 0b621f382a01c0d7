import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { authorize } from '../../platform/access.js';
import { requestContext } from '../../platform/auth.js';
import { AppError } from '../../platform/errors.js';
import { errorResponses, IdParams, Page, PageQuery } from '../../platform/schemas.js';
import { attachmentHeader, XLSX_TYPE } from '../../platform/xlsx.js';
import * as chainsService from './chains.js';
import * as appealsService from './enterprises.appeals.js';
import * as commissioners from './enterprises.commissioners.js';
import { figures } from './enterprises.figures.js';
import { ledgerWorkbook } from './enterprises.ledger.js';
import { audit } from '../../platform/audit.js';
import * as policies from './enterprises.policies.js';
import { importFirms, templateXlsx } from './enterprises.import.js';
import {
  AppealIdParams,
  AssignBody,
  ChainDetail,
  ChainMembersBody,
  ChainProblemView,
  ChainView,
  ClockTier,
  ClockTiersBody,
  CommissionerView,
  CreateChainBody,
  CreateCommissionerBody,
  CreateEnterpriseAppealBody,
  CreateEnterpriseBody,
  CreatePolicyBody,
  FirmPolicy,
  PolicyView,
  ReceiptBody,
  CreateProblemBody,
  CreateProjectBody,
  CreateVisitBody,
  EnterpriseAppealView,
  EnterpriseView,
  FiguresQuery,
  BreakdownQuery,
  BreakdownView,
  FiguresView,
  FirmDisputesView,
  ImportResult,
  ListEnterpriseAppealsQuery,
  ListEnterprisesQuery,
  ListVisitsQuery,
  ProblemActionBody,
  ProblemActionParams,
  SolutionBody,
  VisitView,
  WithdrawBody,
} from './enterprises.schemas.js';
import * as service from './enterprises.service.js';
import { firmDisputes } from './enterprises.disputes.js';
import { figuresBy, type Dimension } from './enterprises.breakdown.js';

const tags = ['enterprises'];

export const enterprisesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { database } = app;
  const { db } = database;
  const deps: service.Deps = { database, vault: app.vault };
  // The appeals' status hook keeps enterprise appeals in step (first contact released, tiers met).
  appealsService.followEnterpriseAppeals();

  // ------------------------------------------------------------------ the register
  app.get('/enterprises', { schema: { tags, summary: '企业名录 Enterprises', querystring: ListEnterprisesQuery, response: { 200: Page(EnterpriseView), ...errorResponses } } }, async (req) =>
    service.listEnterprises(db, req.actor!, req.query),
  );
  app.get('/enterprises/:id', { schema: { tags, params: IdParams, response: { 200: EnterpriseView, ...errorResponses } } }, async (req) => service.getEnterprise(db, req.actor!, req.params.id));
  app.get('/enterprises/:id/disputes', { schema: { tags, summary: '企业涉及的商事纠纷 The firm’s business disputes (mediation cases the caller sees)', params: IdParams, querystring: Type.Object(PageQuery), response: { 200: FirmDisputesView, ...errorResponses } } }, async (req) =>
    firmDisputes(db, req.actor!, req.params.id, req.query),
  );
  app.post('/enterprises', { schema: { tags, summary: '登记企业 Register a firm', body: CreateEnterpriseBody, response: { 201: EnterpriseView, ...errorResponses } } }, async (req, reply) =>
    reply.status(201).send(await service.createEnterprise(deps, requestContext(req), req.body)),
  );
  app.post('/enterprises/:id/assignment', { schema: { tags, summary: '领导 + 部门 + 企业特派员 Who answers for the firm', params: IdParams, body: AssignBody, response: { 200: EnterpriseView, ...errorResponses } } }, async (req) =>
    service.assign(deps, requestContext(req), req.params.id, req.body),
  );

  // ------------------------------------------------------------------ commissioners and visits
  app.get('/enterprise-commissioners', { schema: { tags, summary: '企业特派员及其覆盖 Commissioners and coverage', response: { 200: Page(CommissionerView), ...errorResponses } } }, async (req) =>
    commissioners.listCommissioners(db, req.actor!, { pageSize: 200 }),
  );
  app.post('/enterprise-commissioners', { schema: { tags, summary: '指定企业特派员 Designate a commissioner', body: CreateCommissionerBody, response: { 201: CommissionerView, ...errorResponses } } }, async (req, reply) =>
    reply.status(201).send(await commissioners.designate(db, requestContext(req), req.body)),
  );
  app.post('/enterprises/:id/visits', { schema: { tags, summary: '特派员走访企业 A commissioner visits a firm', params: IdParams, body: CreateVisitBody, response: { 201: VisitView, ...errorResponses } } }, async (req, reply) =>
    reply.status(201).send(await commissioners.logVisit(deps, requestContext(req), req.params.id, req.body)),
  );
  app.get('/enterprise-visits', { schema: { tags, summary: '特派员走访记录 Commissioner visits', querystring: ListVisitsQuery, response: { 200: Page(VisitView), ...errorResponses } } }, async (req) =>
    commissioners.listVisits(db, req.actor!, req.query),
  );

  // ------------------------------------------------------------------ enterprise appeals
  app.get('/enterprise-appeals', { schema: { tags, summary: '企业诉求（含撤回月度核查） Enterprise appeals', querystring: ListEnterpriseAppealsQuery, response: { 200: Page(EnterpriseAppealView), ...errorResponses } } }, async (req) =>
    appealsService.listEnterpriseAppeals(db, req.actor!, req.query),
  );
  app.post('/enterprise-appeals', { schema: { tags, summary: '登记企业诉求 Register an enterprise appeal', body: CreateEnterpriseAppealBody, response: { 201: EnterpriseAppealView, ...errorResponses } } }, async (req, reply) =>
    reply.status(201).send(await appealsService.raiseEnterpriseAppeal(deps, requestContext(req), req.body)),
  );
  app.get('/enterprise-appeals/:appealId', { schema: { tags, params: AppealIdParams, response: { 200: EnterpriseAppealView, ...errorResponses } } }, async (req) =>
    appealsService.getEnterpriseAppeal(db, req.actor!, req.params.appealId),
  );
  app.post('/enterprise-appeals/:appealId/solution', { schema: { tags, summary: '提出解决方案 Propose a solution', params: AppealIdParams, body: SolutionBody, response: { 200: EnterpriseAppealView, ...errorResponses } } }, async (req) =>
    appealsService.proposeSolution(deps, requestContext(req), req.params.appealId, req.body),
  );
  app.post('/enterprise-appeals/:appealId/withdraw', { schema: { tags, summary: '企业撤回诉求 Withdrawal', params: AppealIdParams, body: WithdrawBody, response: { 200: EnterpriseAppealView, ...errorResponses } } }, async (req) =>
    appealsService.withdraw(deps, requestContext(req), req.params.appealId, { reason: req.body.reason, askedBy: req.body.askedBy as 'firm' | 'department' }),
  );
  app.get('/enterprise-clock-tiers', { schema: { tags, summary: '企业诉求时限档 The enterprise clock tiers', response: { 200: Type.Array(ClockTier), ...errorResponses } } }, async (req) => {
    authorize(req.actor!, 'enterprises.read');
    return appealsService.clockTiers(db);
  });
  app.put('/enterprise-clock-tiers', { schema: { tags, body: ClockTiersBody, response: { 200: Type.Array(ClockTier), ...errorResponses } } }, async (req) =>
    appealsService.setClockTiers(db, requestContext(req), req.body.tiers as appealsService.TierLimit[]),
  );
  app.get('/enterprise-figures', { schema: { tags, summary: '企业服务统计 Figures', querystring: FiguresQuery, response: { 200: FiguresView, ...errorResponses } } }, async (req) =>
    figures(db, req.actor!, req.query),
  );

  app.get('/enterprise-figures/by', { schema: { tags, summary: '按特派员、部门、园区或企业统计 Figures by commissioner, department, park or firm', querystring: BreakdownQuery, response: { 200: BreakdownView, ...errorResponses } } }, async (req) =>
    figuresBy(db, req.actor!, { ...req.query, dimension: req.query.dimension as Dimension }),
  );
  app.get('/enterprise-figures/ledger.xlsx', { schema: { tags, summary: '企业诉求台账（Excel） The enterprise appeals ledger', querystring: FiguresQuery, response: { 200: Type.String({ description: 'an .xlsx file' }), ...errorResponses } } }, async (req, reply) => {
    const buf = await ledgerWorkbook(db, req.actor!, req.query);
    await audit(db, requestContext(req), { action: 'enterprise.ledger_export', targetType: 'enterprise_appeal', details: { from: req.query.from, to: req.query.to } });
    return reply.type(XLSX_TYPE).header('content-disposition', attachmentHeader('企业诉求台账.xlsx')).header('cache-control', 'no-store').send(buf);
  });

  // ------------------------------------------------------------------ policy documents
  app.get('/enterprise-policies', { schema: { tags, summary: '惠企政策及送达、阅读 Policies pushed to firms', response: { 200: Type.Array(PolicyView), ...errorResponses } } }, async (req) =>
    policies.listPolicies(db, req.actor!),
  );
  app.post('/enterprise-policies', { schema: { tags, summary: '发布政策并推送至适用企业 Publish and push a policy', body: CreatePolicyBody, response: { 201: PolicyView, ...errorResponses } } }, async (req, reply) =>
    reply.status(201).send(await policies.publishPolicy(db, requestContext(req), req.body)),
  );
  app.post('/enterprise-policies/:id/receipts', { schema: { tags, summary: '企业已阅回执 A read receipt', params: IdParams, body: ReceiptBody, response: { 200: Type.Array(FirmPolicy), ...errorResponses } } }, async (req) =>
    policies.recordReceipt(db, requestContext(req), req.params.id, req.body.enterpriseId),
  );
  app.get('/enterprises/:id/policies', { schema: { tags, summary: '推送给企业的政策 Policies pushed to a firm', params: IdParams, response: { 200: Type.Array(FirmPolicy), ...errorResponses } } }, async (req) =>
    policies.policiesOf(db, req.actor!, req.params.id),
  );

  // ------------------------------------------------------------------ chains
  app.get('/chains', { schema: { tags, summary: '产业链（链长制） Industrial chains', querystring: Type.Object({ mine: Type.Optional(Type.Boolean()) }), response: { 200: Type.Array(ChainView), ...errorResponses } } }, async (req) =>
    chainsService.listChains(db, req.actor!, req.query.mine ? { leaderUserId: req.actor!.id } : {}),
  );
  app.post('/chains', { schema: { tags, body: CreateChainBody, response: { 201: ChainView, ...errorResponses } } }, async (req, reply) =>
    reply.status(201).send(await chainsService.createChain(db, requestContext(req), req.body)),
  );
  app.get('/chains/:id', { schema: { tags, params: IdParams, response: { 200: ChainDetail, ...errorResponses } } }, async (req) => chainsService.getChain(db, req.actor!, req.params.id));
  app.post('/chains/:id/members', { schema: { tags, params: IdParams, body: ChainMembersBody, response: { 200: ChainDetail, ...errorResponses } } }, async (req) =>
    chainsService.addMembers(db, requestContext(req), req.params.id, { enterpriseIds: req.body.enterpriseIds, role: req.body.role as 'leading' | 'member' | undefined }),
  );
  app.post('/chains/:id/projects', { schema: { tags, params: IdParams, body: CreateProjectBody, response: { 200: ChainDetail, ...errorResponses } } }, async (req) =>
    chainsService.addProject(db, requestContext(req), req.params.id, req.body),
  );
  app.post('/chains/:id/problems', { schema: { tags, summary: '链上问题（断点、漏点、痛点） A chain problem', params: IdParams, body: CreateProblemBody, response: { 201: ChainProblemView, ...errorResponses } } }, async (req, reply) =>
    reply.status(201).send(await chainsService.addProblem(db, requestContext(req), req.params.id, req.body)),
  );
  app.post('/chain-problems/:id/actions/:action', { schema: { tags, params: ProblemActionParams, body: ProblemActionBody, response: { 200: ChainProblemView, ...errorResponses } } }, async (req) =>
    chainsService.actOnProblem(db, requestContext(req), req.params.id, req.params.action as chainsService.ProblemAction, req.body),
  );

  // ------------------------------------------------------------------ import (its own scope: multipart)
  await app.register(async (sub) => {
    await sub.register(multipart, { limits: { fileSize: 10 * 1024 * 1024, files: 1, fields: 2, parts: 3 } });
    sub.get('/enterprises/import-template', { schema: { tags, summary: '企业名录导入模板 Import template', response: { 200: Type.String(), ...errorResponses } } }, async (req, reply) => {
      authorize(req.actor!, 'enterprises.write');
      return reply.type(XLSX_TYPE).header('content-disposition', attachmentHeader('企业名录导入模板.xlsx')).send(await templateXlsx());
    });
    sub.post(
      '/enterprises/import',
      { schema: { tags, summary: '导入企业名录（multipart: file, mode=all_or_nothing|valid_rows） Import firms', consumes: ['multipart/form-data'], response: { 200: ImportResult, ...errorResponses, 413: Type.Ref('ErrorResponse'), 415: Type.Ref('ErrorResponse') } } },
      async (req) => {
        const ctx = requestContext(req);
        authorize(ctx.actor, 'enterprises.write');
        if (!req.isMultipart()) throw new AppError('unsupported_media_type', { type: String(req.headers['content-type'] ?? '') });
        let mode: 'all_or_nothing' | 'valid_rows' = 'all_or_nothing';
        let file: Buffer | null = null;
        try {
          for await (const part of req.parts()) {
            if (part.type === 'field') {
              if (part.fieldname === 'mode') {
                if (part.value !== 'all_or_nothing' && part.value !== 'valid_rows') throw new AppError('unknown_value', { field: 'body.mode', value: String(part.value) });
                mode = part.value;
              }
              continue;
            }
            file = await part.toBuffer();
            if (!/\.xlsx$/i.test(part.filename) || file.subarray(0, 4).toString('hex') !== '504b0304') {
              throw new AppError('unsupported_media_type', { type: `${part.mimetype}（只接受 .xlsx）`, typeEn: `${part.mimetype} (only .xlsx)` });
            }
          }
        } catch (err) {
          if (err instanceof AppError) throw err;
          if ((err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw new AppError('payload_too_large', { limit: '10 MiB' });
          throw new AppError('bad_request', { reason: '表单数据不完整或格式不正确', reasonEn: 'the multipart form is incomplete or malformed' });
        }
        if (!file) throw new AppError('required', { field: 'body.file' });
        return importFirms(deps, ctx, file, mode);
      },
    );
  });
};
