import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { requestContext } from '../../platform/auth.js';
import { errorResponses, IdParams, Page } from '../../platform/schemas.js';
import { listKinds, setKindDays } from './reminders.kinds.js';
import { CreateItemBody, ItemView, KindDaysBody, KindParams, KindView, ListItemsQuery } from './reminders.schemas.js';
import * as service from './reminders.service.js';

export const remindersRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { database } = app;
  app.get(
    '/reminders/kinds',
    { schema: { tags: ['reminders'], summary: '小闹钟提醒类型与提前天数 Reminder kinds', response: { 200: Type.Array(KindView), ...errorResponses } } },
    async (req) => listKinds(database.db, req.actor!),
  );
  app.put(
    '/reminders/kinds/:code',
    { schema: { tags: ['reminders'], summary: '设置提前提醒天数（管理员） Days ahead of a kind', params: KindParams, body: KindDaysBody, response: { 200: KindView, ...errorResponses } } },
    async (req) => setKindDays(database, requestContext(req), req.params.code, req.body.daysBefore),
  );
  app.get(
    '/reminders',
    { schema: { tags: ['reminders'], summary: '小闹钟：即将到期与已过期事项 Upcoming and overdue dated items', querystring: ListItemsQuery, response: { 200: Page(ItemView), ...errorResponses } } },
    async (req) => service.listItems(database.db, req.actor!, req.query as service.ItemFilter),
  );
  app.post(
    '/reminders',
    { schema: { tags: ['reminders'], summary: '登记到期事项（人员或企业） Record a dated item', body: CreateItemBody, response: { 201: ItemView, ...errorResponses } } },
    async (req, reply) => reply.status(201).send(await service.createItem(database, requestContext(req), req.body)),
  );
  app.delete(
    '/reminders/:id',
    { schema: { tags: ['reminders'], summary: '删除到期事项 Remove a dated item', params: IdParams, response: { 204: Type.Null(), ...errorResponses } } },
    async (req, reply) => {
      await service.deleteItem(database, requestContext(req), req.params.id);
      return reply.status(204).send(null);
    },
  );
};
