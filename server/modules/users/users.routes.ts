import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { requestContext, SESSION_COOKIE } from '../../platform/auth.js';
import { AppError } from '../../platform/errors.js';
import { errorResponses, IdParams, Page } from '../../platform/schemas.js';
import {
  ApiKeyView,
  CreateApiKeyBody,
  CreateUserBody,
  ListUsersQuery,
  LoginBody,
  PasswordBody,
  SessionResponse,
  UpdateUserBody,
  UserView,
} from './users.schemas.js';
import * as service from './users.service.js';

export const authRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { database, config } = app;

  app.post(
    '/auth/login',
    {
      config: { public: true },
      schema: { tags: ['auth'], summary: '登录 Sign in', body: LoginBody, response: { 200: SessionResponse, ...errorResponses } },
    },
    async (req, reply) => {
      const r = await service.login(
        database,
        { ip: req.ip, userAgent: req.headers['user-agent'] ?? null, requestId: req.id },
        { sessionHours: config.sessionHours, maxFailures: config.loginMaxFailures, windowMinutes: config.loginWindowMinutes },
        req.body.username,
        req.body.password,
      );
      reply.setCookie(SESSION_COOKIE, r.token, {
        httpOnly: true,
        sameSite: 'lax',
        secure: config.cookieSecure,
        path: '/',
        expires: r.expiresAt,
      });
      return { user: r.user, csrfToken: r.csrfToken, expiresAt: r.expiresAt.toISOString() };
    },
  );

  app.post(
    '/auth/logout',
    { schema: { tags: ['auth'], summary: '退出登录 Sign out', response: { 204: Type.Null(), ...errorResponses } } },
    async (req, reply) => {
      if (req.session) await service.logout(database, requestContext(req), req.session.tokenHash);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/auth/me',
    { schema: { tags: ['auth'], summary: '当前用户 The signed-in account', response: { 200: SessionResponse, ...errorResponses } } },
    async (req) => {
      const user = await service.me(database.db, req.actor!);
      return { user, csrfToken: req.session?.csrfToken ?? '' };
    },
  );

  app.post(
    '/auth/password',
    { schema: { tags: ['auth'], summary: '修改密码 Change password', body: PasswordBody, response: { 204: Type.Null(), ...errorResponses } } },
    async (req, reply) => {
      if (req.actor?.kind !== 'user') throw new AppError('forbidden');
      await service.changePassword(database, requestContext(req), req.session?.tokenHash ?? null, req.body.currentPassword, req.body.newPassword);
      return reply.status(204).send(null);
    },
  );
};

export const usersRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { database, vault } = app;
  app.get(
    '/users',
    { schema: { tags: ['users'], summary: '账号列表 Accounts', querystring: ListUsersQuery, response: { 200: Page(UserView), ...errorResponses } } },
    async (req) => service.listUsers(database.db, req.actor!, req.query),
  );
  app.get(
    '/users/:id',
    { schema: { tags: ['users'], params: IdParams, response: { 200: UserView, ...errorResponses } } },
    async (req) => service.getUser(database.db, req.actor!, req.params.id),
  );
  app.post(
    '/users',
    { schema: { tags: ['users'], summary: '新建账号 Create an account', body: CreateUserBody, response: { 201: UserView, ...errorResponses } } },
    async (req, reply) => reply.status(201).send(await service.createUser(database, requestContext(req), req.body, { vault })),
  );
  app.patch(
    '/users/:id',
    {
      schema: {
        tags: ['users'],
        summary: '修改、停用账号或重置密码 Edit, disable or reset the password of an account',
        params: IdParams,
        body: UpdateUserBody,
        response: { 200: UserView, ...errorResponses },
      },
    },
    async (req) => service.updateUser(database, requestContext(req), req.params.id, req.body, { vault }),
  );
};

export const apiKeysRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { database } = app;
  app.get(
    '/apikeys',
    { schema: { tags: ['apikeys'], response: { 200: Type.Array(ApiKeyView), ...errorResponses } } },
    async (req) => service.listApiKeys(database.db, req.actor!),
  );
  app.post(
    '/apikeys',
    {
      schema: {
        tags: ['apikeys'],
        summary: '新建 API 密钥（密钥只显示一次） Create an API key (shown once)',
        body: CreateApiKeyBody,
        response: { 201: Type.Object({ key: Type.String(), apiKey: ApiKeyView }), ...errorResponses },
      },
    },
    async (req, reply) => reply.status(201).send(await service.createApiKey(database, requestContext(req), req.body)),
  );
  app.post(
    '/apikeys/:id/revoke',
    { schema: { tags: ['apikeys'], params: IdParams, response: { 200: ApiKeyView, ...errorResponses } } },
    async (req) => service.revokeApiKey(database, requestContext(req), req.params.id),
  );
};
