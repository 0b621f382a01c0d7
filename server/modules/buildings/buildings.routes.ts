import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { requestContext } from '../../platform/auth.js';
import { errorResponses, IdParams, Page } from '../../platform/schemas.js';
import {
  BuildingView,
  CompoundView,
  CreateBuildingBody,
  CreateCompoundBody,
  ListBuildingsQuery,
  ListCompoundsQuery,
  UpdateBuildingBody,
  UpdateCompoundBody,
} from './buildings.schemas.js';
import { followGridReshapes } from '../grids/grids.reshape.js';
import { regridBuildings } from './buildings.regrid.js';
import { residentCounts } from './buildings.residents.js';
import * as service from './buildings.service.js';
import { nameAuditTargets, uuidsOnly } from '../audit/audit.names.js';

const tags = ['buildings'];

export const buildingsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { database } = app;
  const { db } = database;
  followGridReshapes({ buildings: regridBuildings });
  nameAuditTargets('building', (db, _actor, ids) => service.buildingNamesOf(db, uuidsOnly(ids)));
  nameAuditTargets('compound', (db, _actor, ids) => service.compoundNamesOf(db, uuidsOnly(ids)));
  /** Resident counts come from the household files, not from a figure typed in by hand. */
  const withCounts = async <T extends { id: string }>(items: T[]) => {
    const counts = await residentCounts(db, items.map((b) => b.id));
    return items.map((b) => ({ ...b, households: counts.get(b.id)?.households ?? 0, residents: counts.get(b.id)?.residents ?? 0 }));
  };

  app.get(
    '/buildings',
    { schema: { tags, summary: '楼栋（网格内编号） Buildings, numbered within the grid', querystring: ListBuildingsQuery, response: { 200: Page(BuildingView), ...errorResponses } } },
    async (req) => {
      const page = await service.listBuildings(db, req.actor!, req.query);
      return { ...page, items: await withCounts(page.items) };
    },
  );
  app.get(
    '/buildings/:id',
    { schema: { tags, params: IdParams, response: { 200: BuildingView, ...errorResponses } } },
    async (req) => (await withCounts([await service.getBuilding(db, req.actor!, req.params.id)]))[0],
  );
  app.post(
    '/buildings',
    { schema: { tags, summary: '新增楼栋 Add a building', body: CreateBuildingBody, response: { 201: BuildingView, ...errorResponses } } },
    async (req, reply) => reply.status(201).send((await withCounts([await service.createBuilding(database, requestContext(req), req.body)]))[0]),
  );
  app.patch(
    '/buildings/:id',
    { schema: { tags, params: IdParams, body: UpdateBuildingBody, response: { 200: BuildingView, ...errorResponses } } },
    async (req) => (await withCounts([await service.updateBuilding(database, requestContext(req), req.params.id, req.body)]))[0],
  );
  app.get(
    '/compounds',
    { schema: { tags, summary: '小区 Compounds', querystring: ListCompoundsQuery, response: { 200: Type.Array(CompoundView), ...errorResponses } } },
    async (req) => service.listCompounds(db, req.actor!, req.query.gridCode),
  );
  app.post(
    '/compounds',
    { schema: { tags, summary: '新增小区 Add a compound', body: CreateCompoundBody, response: { 201: CompoundView, ...errorResponses } } },
    async (req, reply) => reply.status(201).send(await service.createCompound(database, requestContext(req), req.body)),
  );
  app.patch(
    '/compounds/:id',
    { schema: { tags, params: IdParams, body: UpdateCompoundBody, response: { 200: CompoundView, ...errorResponses } } },
    async (req) => service.updateCompound(database, requestContext(req), req.params.id, req.body),
  );
};
