import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import QRCode from 'qrcode';
import { publicBaseUrl } from '../../config.js';
import { clientIp, requestContext } from '../../platform/auth.js';
import { audit } from '../../platform/audit.js';
import { attachmentHeader, XLSX_TYPE } from '../../platform/xlsx.js';
import * as qr from './meetings.qr.js';
import { followAppealsForActions, sendToAppeals } from './meetings.appeals.js';
import { errorResponses, IdParams, Page, RegionCodeSchema, Text } from '../../platform/schemas.js';
import * as decisions from './meetings.decisions.js';
import * as door from './meetings.door.js';
import * as pub from './meetings.public.js';
import {
  AddParticipantBody,
  DoorTopicBody,
  DoorTopicResult,
  ResidentCandidate,
  ResidentCandidatesQuery,
  ActionDetail,
  ActionStepBody,
  ActionView,
  Attendance,
  CreateMeetingBody,
  CreateSeriesBody,
  DecideTopicBody,
  DecisionBody,
  Figures,
  FiguresQuery,
  KindView,
  ListActionsQuery,
  ListMeetingsQuery,
  MeetingDetail,
  MeetingListItem,
  MinutesBody,
  PhotosBody,
  PublicPage,
  PublicSignIn,
  SaveKindBody,
  SeriesView,
  SignInBody,
  StepBody,
  TopicBody,
  TopicStageBody,
  TopicView,
} from './meetings.schemas.js';
import * as service from './meetings.service.js';
import * as series from './meetings.series.js';
import * as files from './meetings.files.js';
import { preparePublicPhotos, PUBLIC_BODY_LIMIT } from '../appeals/appeals.service.js';
import { sealParticipant, sealParticipants } from './meetings.people.js';

const tags = ['meetings'];

export const meetingsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { database } = app;
  const db = database.db;
  // An action sent into the appeal loop follows the appeal's outcome.
  followAppealsForActions();

  app.get('/meetings/kinds', { schema: { tags, summary: '会议类型 Meeting kinds', response: { 200: Type.Array(KindView), ...errorResponses } } }, async (req) => series.listKinds(db, req.actor!));
  app.put(
    '/meetings/kinds',
    { schema: { tags, summary: '配置会议类型 Save a meeting kind', body: SaveKindBody, response: { 200: KindView, ...errorResponses } } },
    async (req) => series.saveKind(database, requestContext(req), req.body),
  );

  app.get('/meetings/series', { schema: { tags, summary: '会议系列 Series', response: { 200: Type.Array(SeriesView), ...errorResponses } } }, async (req) => series.listSeries(db, req.actor!));
  app.post(
    '/meetings/series',
    { schema: { tags, summary: '新建例会系列 Create a recurring series', body: CreateSeriesBody, response: { 201: SeriesView, ...errorResponses } } },
    async (req, reply) => reply.status(201).send(await series.createSeries(database, requestContext(req), { ...req.body, participants: sealParticipants(app.vault, req.body.participants) })),
  );

  app.get(
    '/meetings',
    { schema: { tags, summary: '会议 Meetings', querystring: ListMeetingsQuery, response: { 200: Page(MeetingListItem), ...errorResponses } } },
    async (req) => service.listMeetings(db, req.actor!, req.query),
  );
  app.post(
    '/meetings',
    { schema: { tags, summary: '新建单次会议 Create a single meeting', body: CreateMeetingBody, response: { 201: MeetingDetail, ...errorResponses } } },
    async (req, reply) => {
      const id = await service.createMeeting(database, requestContext(req), { ...req.body, participants: sealParticipants(app.vault, req.body.participants) });
      return reply.status(201).send(await decisions.meetingDetail(db, req.actor!, id));
    },
  );
  app.get('/meetings/:id', { schema: { tags, params: IdParams, response: { 200: MeetingDetail, ...errorResponses } } }, async (req) => decisions.meetingDetail(db, req.actor!, req.params.id));
  app.post(
    '/meetings/:id/steps',
    { schema: { tags, summary: '召开、延期或取消 Hold, postpone or cancel', params: IdParams, body: StepBody, response: { 200: MeetingDetail, ...errorResponses } } },
    async (req) => {
      await service.stepMeeting(database, requestContext(req), req.params.id, req.body);
      return decisions.meetingDetail(db, req.actor!, req.params.id);
    },
  );
  app.put(
    '/meetings/:id/minutes',
    { schema: { tags, summary: '会议纪要 Minutes', params: IdParams, body: MinutesBody, response: { 204: Type.Null(), ...errorResponses } } },
    async (req, reply) => {
      await service.saveMinutes(database, requestContext(req), req.params.id, req.body.minutes);
      return reply.status(204).send(null);
    },
  );
  app.post(
    '/meetings/:id/photos',
    {
      bodyLimit: PUBLIC_BODY_LIMIT,
      schema: { tags, summary: '纪要附图 Photos of the minutes', params: IdParams, body: PhotosBody, response: { 201: Type.Object({ ids: Type.Array(Type.String()) }), ...errorResponses } },
    },
    async (req, reply) => reply.status(201).send({ ids: await files.addMinutesPhotos(database, requestContext(req), req.params.id, (await preparePublicPhotos(req.body.photos))!) }),
  );
  app.get(
    '/meetings/:id/files/:fileId',
    { schema: { tags, summary: '会议照片 A photo of the meeting', params: Type.Object({ id: Type.String({ format: 'uuid' }), fileId: Type.String({ format: 'uuid' }) }) } },
    async (req, reply) => {
      const f = await files.meetingFile(db, req.actor!, req.params.id, req.params.fileId);
      reply.header('content-type', f.mime).header('cache-control', 'private, max-age=3600').header('x-content-type-options', 'nosniff');
      return reply.send(f.data);
    },
  );
  app.post(
    '/meetings/:id/participants',
    { schema: { tags, summary: '邀请参会 Invite a participant', params: IdParams, body: AddParticipantBody, response: { 201: Type.Object({ id: Type.String() }), ...errorResponses } } },
    async (req, reply) => {
      const { personId, ...p } = req.body;
      // A resident representative from the household files: the name is the file's, sealed as any other.
      const spec = personId ? { ...sealParticipant(app.vault, { ...p, name: await door.representativeName(db, req.actor!, req.params.id, personId) }), personId } : sealParticipant(app.vault, p);
      return reply.status(201).send({ id: await service.addParticipant(database, requestContext(req), req.params.id, spec) });
    },
  );
  app.get(
    '/meetings/:id/resident-candidates',
    {
      schema: {
        tags,
        summary: '从住户档案选居民代表 People of the meeting place from the household files (masked)',
        params: IdParams,
        querystring: ResidentCandidatesQuery,
        response: { 200: Type.Array(ResidentCandidate), ...errorResponses },
      },
    },
    async (req) => door.representativeCandidates(db, req.actor!, req.params.id, req.query.q),
  );
  app.post(
    '/meetings/door-topics',
    { schema: { tags, summary: '入户时居民提议题 A resident proposes a topic at the door (grid worker)', body: DoorTopicBody, response: { 201: DoorTopicResult, ...errorResponses } } },
    async (req, reply) => reply.status(201).send(await door.proposeAtDoor(database, requestContext(req), req.body)),
  );
  app.post(
    '/meetings/:id/sign-ins',
    { schema: { tags, summary: '签到 Sign a participant in', params: IdParams, body: SignInBody, response: { 200: Attendance, ...errorResponses } } },
    async (req) => {
      const a = await service.signInParticipant(database, requestContext(req), req.params.id, req.body.participantId, req.body.via ?? 'list');
      return { invited: a.invited, present: a.present, needed: a.needed, quorumMet: a.quorumMet };
    },
  );
  app.get(
    '/meetings/:id/appeal-topics',
    {
      schema: {
        tags,
        summary: '本地未办结诉求（按类别）Open appeals of the place by category',
        params: IdParams,
        response: { 200: Type.Array(Type.Object({ categoryCode: Type.String(), name: Type.String(), open: Type.Integer() })), ...errorResponses },
      },
    },
    async (req) => decisions.appealSuggestions(db, req.actor!, req.params.id),
  );
  app.post(
    '/meetings/:id/topics',
    { schema: { tags, summary: '提出议题 Propose a topic', params: IdParams, body: TopicBody, response: { 201: TopicView, ...errorResponses } } },
    async (req, reply) => reply.status(201).send(await decisions.proposeTopic(database, requestContext(req), req.params.id, req.body)),
  );
  app.post(
    '/meetings/topics/:id/decision',
    { schema: { tags, summary: '采纳或不予采纳议题 Accept or decline a topic', params: IdParams, body: DecideTopicBody, response: { 200: TopicView, ...errorResponses } } },
    async (req) => decisions.decideTopic(database, requestContext(req), req.params.id, req.body),
  );
  app.post(
    '/meetings/topics/:id/stage',
    { schema: { tags, summary: '政协协商议题推进（调研、协商、成果）Move a consultation topic on', params: IdParams, body: TopicStageBody, response: { 200: TopicView, ...errorResponses } } },
    async (req) => decisions.advanceTopic(database, requestContext(req), req.params.id, req.body),
  );
  app.post(
    '/meetings/:id/decisions',
    {
      schema: {
        tags,
        summary: '记录决定及事项 Record a decision and its actions',
        params: IdParams,
        body: DecisionBody,
        response: { 201: Type.Object({ id: Type.String(), actionIds: Type.Array(Type.String()) }), ...errorResponses },
      },
    },
    async (req, reply) => reply.status(201).send(await decisions.recordDecision(database, requestContext(req), req.params.id, req.body)),
  );

  app.get(
    '/meeting-actions',
    { schema: { tags, summary: '事项看板（逾期在前）Actions board, overdue first', querystring: ListActionsQuery, response: { 200: Page(ActionView), ...errorResponses } } },
    async (req) => decisions.listActions(db, req.actor!, req.query),
  );
  app.get('/meeting-actions/:id', { schema: { tags, params: IdParams, response: { 200: ActionDetail, ...errorResponses } } }, async (req) => decisions.getAction(db, req.actor!, req.params.id));
  app.post(
    '/meeting-actions/:id/steps',
    { bodyLimit: PUBLIC_BODY_LIMIT, schema: { tags, summary: '更新进度、完成或放弃（可附照片） Progress, finish or drop, with photos', params: IdParams, body: ActionStepBody, response: { 200: ActionView, ...errorResponses } } },
    async (req) => decisions.stepAction(database, requestContext(req), req.params.id, { ...req.body, photos: await preparePublicPhotos(req.body.photos) }),
  );

  app.post(
    '/meeting-actions/:id/appeal',
    {
      schema: {
        tags,
        summary: '转入诉求办理 Send the action into the appeal loop',
        params: IdParams,
        body: Type.Object({ categoryCode: Text({ minLength: 1, maxLength: 32 }) }),
        response: { 201: Type.Object({ appealId: Type.String(), number: Type.String() }), ...errorResponses },
      },
    },
    async (req, reply) => reply.status(201).send(await sendToAppeals({ database, vault: app.vault }, requestContext(req), req.params.id, req.body)),
  );

  app.get(
    '/meetings/figures',
    { schema: { tags, summary: '议事统计 Figures', querystring: FiguresQuery, response: { 200: Figures, ...errorResponses } } },
    async (req) => pub.figures(db, req.actor!, req.query),
  );

  app.get(
    '/meetings/export.xlsx',
    { schema: { tags, summary: '导出议事台账（统计、事项）Export the deliberation ledger', querystring: FiguresQuery, response: { 200: Type.String({ description: 'an .xlsx file' }), ...errorResponses } } },
    async (req, reply) => {
      const buf = await pub.ledgerWorkbook(db, req.actor!, req.query);
      await audit(db, requestContext(req), { action: 'meeting.export', targetType: 'meeting', details: { from: req.query.from, to: req.query.to, regionCode: req.query.regionCode ?? null } });
      return reply.type(XLSX_TYPE).header('content-disposition', attachmentHeader('议事协商台账.xlsx')).header('cache-control', 'no-store').send(buf);
    },
  );

  app.post(
    '/meetings/:id/sign-in-qr',
    {
      schema: {
        tags,
        summary: '签到二维码 The sign-in QR code for the meeting’s screen',
        params: IdParams,
        response: { 200: Type.Object({ url: Type.String(), qr: Type.String({ description: 'a PNG data URL' }) }), ...errorResponses },
      },
    },
    async (req) => {
      const token = await qr.signInToken(database, requestContext(req), req.params.id);
      const url = `${publicBaseUrl(app.config)}/r/sign/${req.params.id}?t=${token}`;
      return { url, qr: await QRCode.toDataURL(url, { errorCorrectionLevel: 'M', margin: 2, width: 360 }) };
    },
  );

  const SignInToken = Type.Object({ t: Type.String({ pattern: '^[0-9a-f]{32}$' }) });
  app.get(
    '/public/meeting-sign-in/:id',
    {
      config: { public: true, rateLimit: { max: 60, timeWindow: 60_000 } },
      schema: { tags: ['public'], summary: '扫码签到页 The QR sign-in page', params: IdParams, querystring: SignInToken, response: { 200: PublicSignIn, ...errorResponses } },
    },
    async (req) => qr.publicSignInPage(db, req.params.id, req.query.t),
  );
  app.post(
    '/public/meeting-sign-in/:id',
    {
      config: { public: true, rateLimit: { max: 30, timeWindow: 60_000 } },
      schema: {
        tags: ['public'],
        summary: '扫码签到 Sign in by QR',
        params: IdParams,
        body: Type.Object({ t: Type.String({ pattern: '^[0-9a-f]{32}$' }), participantId: Type.String({ format: 'uuid' }) }),
        response: { 200: PublicSignIn, ...errorResponses },
      },
    },
    async (req) =>
      qr.publicSignIn(database, req.params.id, req.body.t, req.body.participantId, { ip: clientIp(req), userAgent: req.headers['user-agent']?.slice(0, 300) ?? null, requestId: req.id }),
  );

  app.post(
    '/public/meetings/:code/topics',
    {
      config: { public: true, rateLimit: { max: 5, timeWindow: 10 * 60_000 } },
      schema: {
        tags: ['public'],
        summary: '居民提议题 A resident proposes a topic for the next meeting',
        params: Type.Object({ code: RegionCodeSchema }),
        body: Type.Object({ title: Text({ minLength: 4, maxLength: 100 }), detail: Type.Optional(Text({ maxLength: 1000 })) }),
        response: { 201: Type.Object({ meetingDate: Type.String(), meetingTitle: Type.String() }), ...errorResponses },
      },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(await pub.proposeResidentTopic(db, req.params.code, req.body, { ip: clientIp(req), userAgent: req.headers['user-agent']?.slice(0, 300) ?? null, requestId: req.id })),
  );

  app.get(
    '/public/meetings/:code',
    {
      config: { public: true, rateLimit: { max: 120, timeWindow: 60_000 } },
      schema: {
        tags: ['public'],
        summary: '社区议事公开页 A community’s meetings, decisions and actions (no personal data)',
        params: Type.Object({ code: RegionCodeSchema }),
        response: { 200: PublicPage, ...errorResponses },
      },
    },
    async (req) => pub.publicPage(db, req.params.code),
  );
  app.get(
    '/public/meetings/:code/photos/:fileId',
    {
      config: { public: true, rateLimit: { max: 120, timeWindow: 60_000 } },
      schema: { tags: ['public'], summary: '事项进度照片 A photo of an action’s progress', params: Type.Object({ code: RegionCodeSchema, fileId: Type.String({ format: 'uuid' }) }) },
    },
    async (req, reply) => {
      const f = await files.publicPhoto(db, req.params.code, req.params.fileId);
      reply.header('content-type', f.mime).header('cache-control', 'public, max-age=86400').header('x-content-type-options', 'nosniff');
      return reply.send(f.data);
    },
  );
};
