import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { errorResponses } from '../../platform/schemas.js';
import { CodeParams, RegionDetail, RegionNode, SearchHit, SearchQuery } from './regions.schemas.js';
import * as service from './regions.service.js';

export const regionsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.database;
  app.get(
    '/regions/roots',
    { schema: { tags: ['regions'], summary: '区划树的根（本人管辖范围） The top of the caller’s division tree', response: { 200: Type.Array(RegionNode), ...errorResponses } } },
    async (req) => service.roots(db, req.actor!),
  );
  app.get(
    '/regions/search',
    {
      schema: {
        tags: ['regions'],
        summary: '按名称、代码或拼音首字母搜索 Search by name, code or pinyin initials',
        querystring: SearchQuery,
        response: { 200: Type.Array(SearchHit), ...errorResponses },
      },
    },
    async (req) => service.search(db, req.actor!, req.query.q, req.query.limit ?? 20),
  );
  app.get(
    '/regions/:code',
    { schema: { tags: ['regions'], params: CodeParams, response: { 200: RegionDetail, ...errorResponses } } },
    async (req) => service.detail(db, req.actor!, req.params.code),
  );
  app.get(
    '/regions/:code/children',
    { schema: { tags: ['regions'], params: CodeParams, response: { 200: Type.Array(RegionNode), ...errorResponses } } },
    async (req) => service.children(db, req.actor!, req.params.code),
  );
};
