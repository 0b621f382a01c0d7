import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import QRCode from 'qrcode';
import { clientIp } from '../../platform/auth.js';
import { Type } from 'typebox';
import { publicBaseUrl } from '../../config.js';
import { authorize } from '../../platform/access.js';
import { Int, RegionCodeSchema, Text, Timestamp, errorResponses } from '../../platform/schemas.js';
import { listCategories } from '../categories/categories.service.js';
import { SYSTEM_ACTOR } from '../../platform/access.js';
import { Location, PhotoInput, SimilarReason } from './appeals.schemas.js';
import * as pub from './appeals.public.js';
import { preparePublicPhotos, PUBLIC_BODY_LIMIT, PUBLIC_PHOTOS } from './public.photos.js';
import { IDEMPOTENCY_DOC, IdempotencyHeaders, parseIdempotencyKey } from './appeals.idempotency.js';

const PlaceSchema = Type.Object({ code: Type.String(), name: Type.String(), level: Type.String(), path: Type.String() });
const Number_ = Type.String({ pattern: '^\\d{6}-\\d{8}-\\d{4}$' });
const Last4 = Type.String({ pattern: '^\\d{4}$' });
const Tracking = Type.Object({
  number: Type.String(),
  title: Type.String(),
  status: Type.String(),
  statusText: Type.String(),
  createdAt: Timestamp,
  result: Type.Union([Type.String(), Type.Null()]),
  /** Each entry in plain words; `photos` are the handler's result photos (GET /public/track/photos/:id). */
  timeline: Type.Array(Type.Object({ at: Timestamp, text: Type.String(), photos: Type.Array(Type.String()) })),
  canRate: Type.Boolean(),
  rating: Type.Union([Type.String(), Type.Null()]),
});

const publicMeta = (req: FastifyRequest): pub.PublicMeta => ({ ip: clientIp(req), userAgent: req.headers['user-agent']?.slice(0, 300) ?? null, requestId: req.id });

/** The residents' pages' API: no account; rate-limited per address. */
export const publicRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const deps = { database: app.database, vault: app.vault };
  const limited = (max: number, minutes: number) => ({ public: true, rateLimit: { max, timeWindow: minutes * 60_000 } });

  app.get(
    '/public/places/:code',
    {
      config: limited(120, 1),
      schema: { tags: ['public'], summary: '扫码地点 The place a QR code belongs to', params: Type.Object({ code: RegionCodeSchema }), response: { 200: PlaceSchema, ...errorResponses } },
    },
    async (req) => pub.place(deps, req.params.code),
  );

  app.get(
    '/public/categories',
    {
      config: limited(120, 1),
      schema: {
        tags: ['public'],
        summary: '诉求类别 Categories residents can choose from',
        response: { 200: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), parentCode: Type.Union([Type.String(), Type.Null()]) })), ...errorResponses },
      },
    },
    async () => (await listCategories(deps.database.db, SYSTEM_ACTOR)).filter((c) => c.active).map(({ code, name, parentCode }) => ({ code, name, parentCode })),
  );

  app.post(
    '/public/appeals',
    {
      // Refused while streaming past the photos' total (4 × 5 MiB, 12 MiB in all, as base64).
      bodyLimit: PUBLIC_BODY_LIMIT,
      // Residents often share one address (a community's Wi-Fi, a carrier's NAT): per phone, 10 a day.
      config: limited(20, 10),
      schema: {
        tags: ['public'],
        summary: '群众扫码提交诉求 A resident submits an appeal',
        description: IDEMPOTENCY_DOC,
        headers: IdempotencyHeaders,
        body: Type.Object({
          placeCode: RegionCodeSchema,
          name: Type.Optional(Text({ maxLength: 50 })),
          phone: Text({ minLength: 1, maxLength: 20 }),
          content: Text({ minLength: 1, maxLength: 2000 }),
          categoryCode: Type.Optional(Text({ maxLength: 32 })),
          location: Type.Optional(Location),
          address: Type.Optional(Text({ maxLength: 200 })),
          photos: Type.Optional(Type.Array(PhotoInput, { maxItems: PUBLIC_PHOTOS.count })),
          website: Type.Optional(Text({ maxLength: 200 })),
        }),
        response: { 201: Type.Object({ number: Type.String(), last4: Type.String() }), ...errorResponses },
      },
    },
    async (req, reply) => {
      const key = parseIdempotencyKey(req.headers['idempotency-key']);
      const { replayed, ...answer } = await pub.submit(deps, { ...req.body, photos: await preparePublicPhotos(req.body.photos) }, clientIp(req), key);
      if (replayed) reply.header('idempotent-replayed', 'true');
      return reply.status(201).send(answer);
    },
  );

  app.post(
    '/public/similar',
    {
      config: limited(60, 10),
      schema: {
        tags: ['public'],
        summary: '提交前：附近可能已有人反映的相同问题（不含任何个人信息） Before submitting: open appeals nearby that look like the same problem (nothing personal)',
        body: Type.Object({
          placeCode: RegionCodeSchema,
          content: Text({ minLength: 1, maxLength: 2000 }),
          categoryCode: Type.Optional(Text({ maxLength: 32 })),
          location: Type.Optional(Location),
        }),
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                number: Type.String(),
                categoryCode: Type.String(),
                statusText: Type.String(),
                createdAt: Timestamp,
                /** Residents who said 我也遇到. */
                affected: Type.Integer(),
                reasons: Type.Array(SimilarReason),
                trackingUrl: Type.String(),
              }),
            ),
          }),
          ...errorResponses,
        },
      },
    },
    async (req) => pub.publicSimilar(deps, req.body),
  );

  app.post(
    '/public/appeals/:number/affected',
    {
      // As the submission: residents share addresses; one per phone per appeal in any case.
      config: limited(20, 10),
      schema: {
        tags: ['public'],
        summary: '我也遇到：登记为受影响群众，办结时短信告知 Me too: counted as affected, told the outcome by SMS',
        params: Type.Object({ number: Number_ }),
        body: Type.Object({ phone: Text({ minLength: 1, maxLength: 20 }) }),
        response: { 201: Type.Object({ number: Type.String(), affected: Type.Integer() }), ...errorResponses },
      },
    },
    async (req, reply) => reply.status(201).send(await pub.addAffected(deps, req.params.number, req.body.phone, publicMeta(req))),
  );

  app.get(
    '/public/track',
    {
      config: limited(30, 10),
      schema: {
        tags: ['public'],
        summary: '凭编号和手机号后四位查询进度 Track by number and the last four digits',
        querystring: Type.Object({ number: Number_, last4: Last4 }),
        response: { 200: Tracking, ...errorResponses },
      },
    },
    async (req) => pub.track(deps, req.query.number, req.query.last4, publicMeta(req)),
  );

  app.get(
    '/public/track/photos/:id',
    {
      config: limited(30, 10),
      schema: {
        tags: ['public'],
        summary: '办理结果照片（凭编号和手机号后四位） A result photo of one’s own appeal',
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
        querystring: Type.Object({ number: Number_, last4: Last4 }),
      },
    },
    async (req, reply) => {
      const f = await pub.resultPhoto(deps, req.query.number, req.query.last4, req.params.id, publicMeta(req));
      reply.header('content-type', f.mime).header('cache-control', 'private, max-age=3600').header('x-content-type-options', 'nosniff');
      return reply.send(f.data);
    },
  );

  app.post(
    '/public/appeals/:number/rating',
    {
      config: limited(10, 10),
      schema: {
        tags: ['public'],
        summary: '群众评价办理结果 The resident rates the outcome',
        params: Type.Object({ number: Number_ }),
        body: Type.Object({
          last4: Last4,
          rating: Type.String({ enum: ['satisfied', 'basically_satisfied', 'dissatisfied'] }),
          comment: Type.Optional(Text({ maxLength: 500 })),
        }),
        response: { 200: Tracking, ...errorResponses },
      },
    },
    async (req) => pub.rate(deps, req.params.number, req.body.last4, publicMeta(req), req.body.rating, req.body.comment),
  );
};

/** QR codes for posters: staff print them; the code opens /r/<place code>. */
export const qrRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const deps = { database: app.database, vault: app.vault };
  // From configuration only: a forged Host header must not end up on a printed poster.
  const urlFor = (code: string) => `${publicBaseUrl(app.config)}/r/${code}`;

  app.get(
    '/qr/:code',
    {
      schema: {
        tags: ['public'],
        summary: '二维码海报信息 What a QR poster shows',
        params: Type.Object({ code: RegionCodeSchema }),
        response: { 200: Type.Object({ ...PlaceSchema.properties, url: Type.String() }), ...errorResponses },
      },
    },
    async (req) => {
      authorize(req.actor!, 'qr.print');
      const p = await pub.place(deps, req.params.code);
      return { ...p, url: urlFor(p.code) };
    },
  );

  app.get(
    '/qr/:code/png',
    { schema: { tags: ['public'], summary: '二维码图片（PNG） The QR code as PNG', params: Type.Object({ code: RegionCodeSchema }), querystring: Type.Object({ size: Type.Optional(Int({ minimum: 128, maximum: 2048 })) }) } },
    async (req, reply) => {
      authorize(req.actor!, 'qr.print');
      const p = await pub.place(deps, req.params.code);
      const png = await QRCode.toBuffer(urlFor(p.code), { type: 'png', errorCorrectionLevel: 'M', margin: 2, width: req.query.size ?? 512 });
      reply.header('content-type', 'image/png').header('content-disposition', `inline; filename="qr-${p.code}.png"`);
      return reply.send(png);
    },
  );
};
