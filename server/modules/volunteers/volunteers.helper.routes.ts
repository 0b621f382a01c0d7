/**
 * The helper's phone page (/m/helper): sign-in with a one-time SMS code, then their own page. Every
 * route here but the two sign-in steps is marked `helper`: the only routes a helper's session may call
 * (platform/auth.ts refuses it everywhere else), and each acts as that helper only.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { requestContext, SESSION_COOKIE } from '../../platform/auth.js';
import { errorResponses, IdParams, Uuid, Version } from '../../platform/schemas.js';
import { PhotoInput } from '../appeals/appeals.schemas.js';
import { SignatureInput } from '../wishes/wishes.schemas.js';
import * as auth from './volunteers.helper-auth.js';
import * as helper from './volunteers.helper.js';
import { HelperActivity, HelperCodeBody, HelperMe, HelperNeed, HelperSignInBody, HelperWish } from './volunteers.schemas.js';

const tags = ['helper'];
/** A fulfilment photo travels as base64 in the body: room for one 5 MiB photo. */
const PHOTO_BODY_LIMIT = 8 * 1024 * 1024;

export const helperRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const deps = { database: app.database, vault: app.vault };
  const meta = (req: { ip: string; headers: Record<string, unknown>; id: string }) => ({ ip: req.ip, userAgent: (req.headers['user-agent'] as string | undefined) ?? null, requestId: req.id });
  const signIn = { public: true, rateLimit: { max: 30, timeWindow: 60_000 } };
  const mine = { helper: true };

  app.post(
    '/helper/code',
    { config: signIn, schema: { tags, summary: '发送登录验证码 Text a one-time sign-in code to a registered helper’s phone', body: HelperCodeBody, response: { 202: Type.Object({ sent: Type.Boolean() }), ...errorResponses } } },
    async (req, reply) => {
      await auth.requestCode(deps, meta(req), req.body.phone);
      // The same answer whether or not the phone is registered.
      return reply.status(202).send({ sent: true });
    },
  );
  app.post(
    '/helper/sign-in',
    { config: signIn, schema: { tags, summary: '验证码登录 Sign in with the phone and the code', body: HelperSignInBody, response: { 200: Type.Object({ csrfToken: Type.String(), expiresAt: Type.String() }), ...errorResponses } } },
    async (req, reply) => {
      const r = await auth.signIn(deps, meta(req), req.body.phone, req.body.code);
      reply.setCookie(SESSION_COOKIE, r.token, { httpOnly: true, sameSite: 'lax', secure: app.config.cookieSecure, path: '/', expires: r.expiresAt });
      return { csrfToken: r.csrfToken, expiresAt: r.expiresAt.toISOString() };
    },
  );
  app.post('/helper/sign-out', { config: mine, schema: { tags, response: { 204: Type.Null(), ...errorResponses } } }, async (req, reply) => {
    if (req.session) await auth.signOut(deps, requestContext(req), req.session.tokenHash);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.status(204).send(null);
  });

  app.get('/helper/me', { config: mine, schema: { tags, summary: '我的服务：积分与时间银行 My deeds and time bank', response: { 200: HelperMe, ...errorResponses } } }, async (req) => ({
    ...(await helper.me(deps, req.actor!)),
    // A page opened again finds its CSRF token here (the cookie survives; the page's memory does not).
    csrfToken: req.session?.csrfToken ?? '',
  }));
  app.get('/helper/activities', { config: mine, schema: { tags, summary: '可报名与已报名的活动 Activities', response: { 200: Type.Array(HelperActivity), ...errorResponses } } }, async (req) => helper.activitiesFor(deps, req.actor!));
  app.post('/helper/activities/:id/sign-up', { config: mine, schema: { tags, summary: '报名 Sign up', params: IdParams, response: { 200: Type.Array(HelperActivity), ...errorResponses } } }, async (req) =>
    helper.signUpSelf(deps, requestContext(req), req.params.id),
  );
  app.get('/helper/needs', { config: mine, schema: { tags, summary: '可认领的需求 Needs I may claim', response: { 200: Type.Array(HelperNeed), ...errorResponses } } }, async (req) => helper.needsFor(deps, req.actor!));
  app.post('/helper/needs/:id/claim', { config: mine, schema: { tags, params: IdParams, body: Type.Object({ version: Version }), response: { 200: Type.Array(HelperNeed), ...errorResponses } } }, async (req) =>
    helper.claimNeed(deps, requestContext(req), req.params.id, req.body.version),
  );
  app.get('/helper/wishes', { config: mine, schema: { tags, summary: '可认领与我认领的心愿 Wishes', response: { 200: Type.Array(HelperWish), ...errorResponses } } }, async (req) => helper.wishesFor(deps, req.actor!));
  app.post(
    '/helper/wishes/:id/:action',
    {
      config: mine,
      bodyLimit: PHOTO_BODY_LIMIT,
      schema: {
        tags,
        summary: '认领、联合认领、圆梦（照片）、受助人签名确认 Claim, join, fulfil (photo), the recipient signs',
        params: Type.Object({ id: Uuid(), action: Type.String({ enum: ['claim', 'join', 'fulfil', 'confirm'] }) }),
        body: Type.Object({ version: Version, photo: Type.Optional(PhotoInput), takenOn: Type.Optional(Type.String({ format: 'date' })), signature: Type.Optional(SignatureInput) }),
        response: { 200: HelperWish, ...errorResponses },
      },
    },
    async (req) => {
      const action = req.params.action as 'claim' | 'join' | 'fulfil' | 'confirm';
      // On the phone the recipient confirms by signing; a callback is the staff's.
      return helper.actOnWishAsHelper(deps, requestContext(req), req.params.id, action, { ...req.body, method: action === 'confirm' ? 'signature' : undefined });
    },
  );
};
