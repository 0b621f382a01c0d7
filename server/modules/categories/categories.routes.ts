import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { requestContext } from '../../platform/auth.js';
import { errorResponses } from '../../platform/schemas.js';
import * as service from './categories.service.js';

const Category = Type.Object({
  code: Type.String(),
  name: Type.String(),
  parentCode: Type.Union([Type.String(), Type.Null()]),
  level: Type.Integer(),
  active: Type.Boolean(),
  simple: Type.Boolean({ description: '即诉即办：当个工作日内办结' }),
});
const CodeParams = Type.Object({ code: Type.String({ pattern: '^[0-9A-Za-z_-]{1,32}$' }) });

export const categoriesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.database;
  app.get(
    '/categories',
    { schema: { tags: ['categories'], summary: '诉求类别 Appeal categories', response: { 200: Type.Array(Category), ...errorResponses } } },
    async (req) => service.listCategories(db, req.actor!),
  );
  app.patch(
    '/categories/:code',
    {
      schema: {
        tags: ['categories'],
        summary: '设置即诉即办类别（管理员） Mark a category simple (same-day)',
        params: CodeParams,
        body: Type.Object({ simple: Type.Boolean() }),
        response: { 200: Category, ...errorResponses },
      },
    },
    async (req) => service.setSimple(app.database, requestContext(req), req.params.code, req.body.simple),
  );
};
