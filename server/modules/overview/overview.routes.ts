import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { errorResponses } from '../../platform/schemas.js';
import * as service from './overview.service.js';

const Overview = Type.Object({
  regionCode: Type.String(),
  counts: Type.Object({
    counties: Type.Integer(),
    townships: Type.Integer(),
    villages: Type.Integer(),
    grids: Type.Integer(),
    gridWorkers: Type.Integer(),
    orgs: Type.Integer(),
    accounts: Type.Integer(),
  }),
  byChild: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), grids: Type.Integer(), workers: Type.Integer() })),
});

export const overviewRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.database;
  app.get(
    '/overview',
    { schema: { tags: ['overview'], summary: '辖区概况 What the caller’s area consists of', response: { 200: Overview, ...errorResponses } } },
    async (req) => service.overview(db, req.actor!),
  );
};
