import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { errorResponses } from '../../platform/schemas.js';
import * as service from './categories.service.js';

const Category = Type.Object({
  code: Type.String(),
  name: Type.String(),
  parentCode: Type.Union([Type.String(), Type.Null()]),
  level: Type.Integer(),
  active: Type.Boolean(),
});

export const categoriesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.database;
  app.get(
    '/categories',
    { schema: { tags: ['categories'], summary: '诉求类别 Appeal categories', response: { 200: Type.Array(Category), ...errorResponses } } },
    async (req) => service.listCategories(db, req.actor!),
  );
};
