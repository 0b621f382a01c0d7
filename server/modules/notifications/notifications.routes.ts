import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { requestContext } from '../../platform/auth.js';
import { localeOf } from '../../platform/i18n.js';
import { Int, NullableTimestamp, Page, PageQuery, Timestamp, errorResponses } from '../../platform/schemas.js';
import * as service from './notifications.service.js';

const Notification = Type.Object({
  id: Type.Integer(),
  at: Timestamp,
  kind: Type.String(),
  title: Type.String(),
  body: Type.Union([Type.String(), Type.Null()]),
  appealId: Type.Union([Type.String(), Type.Null()]),
  readAt: NullableTimestamp,
});

const OutboxMessage = Type.Object({
  id: Type.Integer(),
  channel: Type.String(),
  recipient: Type.String(),
  body: Type.String(),
  appealId: Type.Union([Type.String(), Type.Null()]),
  status: Type.String(),
  attempts: Type.Integer(),
  nextAttemptAt: Timestamp,
  lastError: Type.Union([Type.String(), Type.Null()]),
  sentAt: NullableTimestamp,
  createdAt: Timestamp,
});

export const notificationsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { database } = app;
  app.get(
    '/notifications',
    {
      schema: {
        tags: ['notifications'],
        summary: '我的通知 My notifications',
        querystring: Type.Object({ ...PageQuery, unread: Type.Optional(Type.Boolean()) }),
        response: { 200: Type.Object({ ...Page(Notification).properties, unread: Type.Integer() }), ...errorResponses },
      },
    },
    async (req) => service.myNotifications(database.db, req.actor!, req.query),
  );
  app.post(
    '/notifications/read',
    {
      schema: {
        tags: ['notifications'],
        summary: '标为已读（不带 id 则全部） Mark read (all when no id)',
        body: Type.Object({ id: Type.Optional(Int({ minimum: 1 })) }),
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (req, reply) => {
      await service.markRead(database.db, req.actor!, req.body.id);
      return reply.status(204).send(null);
    },
  );
  app.get(
    '/outbox',
    {
      schema: {
        tags: ['notifications'],
        summary: '发给诉求人的消息（发件箱） Messages to requesters',
        querystring: Type.Object({ ...PageQuery, status: Type.Optional(Type.String({ enum: ['pending', 'sent', 'failed'] })) }),
        response: { 200: Page(OutboxMessage), ...errorResponses },
      },
    },
    async (req) => service.listOutbox(database.db, req.actor!, req.query, localeOf(req)),
  );
  app.post(
    '/outbox/:id/retry',
    { schema: { tags: ['notifications'], params: Type.Object({ id: Int({ minimum: 1 }) }), response: { 204: Type.Null(), ...errorResponses } } },
    async (req, reply) => {
      await service.retryMessage(database, requestContext(req), req.params.id);
      return reply.status(204).send(null);
    },
  );
};
