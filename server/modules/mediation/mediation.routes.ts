import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { audit } from '../../platform/audit.js';
import { requestContext } from '../../platform/auth.js';
import { attachmentHeader, XLSX_TYPE } from '../../platform/xlsx.js';
import { errorResponses, IdParams, Page } from '../../platform/schemas.js';
import { act } from './mediation.act.js';
import {
  ActBody,
  ActParams,
  AttachmentParams,
  BoardView,
  BodyView,
  CaseSummary,
  CaseView,
  CreateCaseBody,
  CreateMediatorBody,
  FiguresQuery,
  FiguresView,
  ListCasesQuery,
  ListMediatorsQuery,
  PeopleQuery,
  PeopleView,
  MediatorView,
  SignedCopyBody,
  SignedCopyParams,
  TodayQuery,
} from './mediation.schemas.js';
import { preparePublicPhotos, PUBLIC_BODY_LIMIT } from '../appeals/appeals.service.js';
import { addSignedCopies } from './mediation.signed.js';
import * as bodies from './mediation.bodies.js';
import * as figs from './mediation.figures.js';
import * as service from './mediation.service.js';

export const mediationRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const deps = { database: app.database, vault: app.vault };
  const db = app.database.db;
  const tags = ['mediation'];
  app.get('/mediation/bodies', { schema: { tags, summary: 'Mediation bodies in the caller’s area', response: { 200: Type.Array(BodyView), ...errorResponses } } }, async (req) => bodies.listBodies(db, req.actor!));
  app.get('/mediation/mediators', { schema: { tags, summary: 'Mediators with their caseload', querystring: ListMediatorsQuery, response: { 200: Type.Array(MediatorView), ...errorResponses } } }, async (req) =>
    bodies.listMediators(db, req.actor!, req.query),
  );
  app.post('/mediation/mediators', { schema: { tags, summary: 'Register a mediator of a body', body: CreateMediatorBody, response: { 201: MediatorView, ...errorResponses } } }, async (req, reply) =>
    reply.status(201).send(await bodies.createMediator(app.database, requestContext(req), req.body)),
  );
  app.get('/mediation/cases', { schema: { tags, summary: 'Mediation cases the caller may see', querystring: ListCasesQuery, response: { 200: Page(CaseSummary), ...errorResponses } } }, async (req) =>
    service.listCases(db, req.actor!, req.query),
  );
  app.post('/mediation/cases', { schema: { tags, summary: 'Open a mediation case (an application, a referral, an appeal, a visit’s finding)', body: CreateCaseBody, response: { 201: CaseView, ...errorResponses } } }, async (req, reply) => {
    const c = await service.createCase(deps, requestContext(req), req.body);
    return reply.status(201).send(await service.getCase(db, req.actor!, c.id));
  });
  app.get('/mediation/cases/:id', { schema: { tags, params: IdParams, response: { 200: CaseView, ...errorResponses } } }, async (req) => service.getCase(db, req.actor!, req.params.id));
  app.post('/mediation/cases/:id/:action', { schema: { tags, summary: 'Take a step of the mediation workflow', params: ActParams, body: ActBody, response: { 200: CaseView, ...errorResponses } } }, async (req) => {
    const { photos, ...rest } = req.body;
    return act(deps, requestContext(req), req.params.id, req.params.action, { ...rest, photos: photos?.map((p) => ({ filename: p.filename, mime: p.mime, data: Buffer.from(p.dataBase64, 'base64') })) });
  });
  app.post(
    '/mediation/cases/:id/agreements/:version/signed',
    { bodyLimit: PUBLIC_BODY_LIMIT, schema: { tags, summary: 'Upload the signed copy of a version of the agreement (scan or photo)', params: SignedCopyParams, body: SignedCopyBody, response: { 201: CaseView, ...errorResponses } } },
    async (req, reply) => reply.status(201).send(await addSignedCopies(app.database, requestContext(req), req.params.id, req.params.version, (await preparePublicPhotos(req.body.photos))!)),
  );
  app.get('/mediation/cases/:id/attachments/:attachmentId', { schema: { tags, summary: 'A photo or the signed agreement of a case', params: AttachmentParams } }, async (req, reply) => {
    const f = await service.attachment(db, req.actor!, req.params.id, req.params.attachmentId);
    reply.header('content-type', f.mime).header('cache-control', 'private, max-age=3600').header('x-content-type-options', 'nosniff');
    return reply.send(f.data);
  });
  app.get('/mediation/today', { schema: { tags, summary: 'The mediator’s day: sessions planned or held today', querystring: TodayQuery, response: { 200: Type.Object({ date: Type.String(), items: Type.Array(CaseSummary) }), ...errorResponses } } }, async (req) =>
    figs.today(db, req.actor!, req.query),
  );
  app.get('/mediation/board', { schema: { tags, summary: 'The 司法所’s supervision board: overdue steps, confirmations about to lapse', response: { 200: BoardView, ...errorResponses } } }, async (req) =>
    figs.board(db, req.actor!),
  );
  app.get('/mediation/figures', { schema: { tags, summary: 'Accepted, settled, not settled, referred; settlement rate; average days', querystring: FiguresQuery, response: { 200: FiguresView, ...errorResponses } } }, async (req) =>
    figs.figures(db, req.actor!, req.query),
  );
  app.get(
    '/mediation/ledger.xlsx',
    { schema: { tags, summary: '导出调解台账 The mediation ledger (cases accepted in the period, parties masked) as an Excel workbook', querystring: FiguresQuery, response: { 200: Type.String({ description: 'an .xlsx file' }), ...errorResponses } } },
    async (req, reply) => {
      const buf = await figs.ledgerWorkbook(db, req.actor!, req.query);
      await audit(db, requestContext(req), { action: 'mediation.export', targetType: 'mediation_case', details: { from: req.query.from ?? null, to: req.query.to ?? null } });
      return reply.type(XLSX_TYPE).header('content-disposition', attachmentHeader('人民调解台账.xlsx')).header('cache-control', 'no-store').send(buf);
    },
  );
  app.get(
    '/mediation/people',
    { schema: { tags, summary: 'People of the household files in the body’s region, as parties: masked name, household and grid only (audited)', querystring: PeopleQuery, response: { 200: PeopleView, ...errorResponses } } },
    async (req) => bodies.lookupPeople(app.database, requestContext(req), req.query),
  );
};
