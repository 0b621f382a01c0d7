import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { requestContext } from '../../platform/auth.js';
import { errorResponses, Page } from '../../platform/schemas.js';
import * as duties from './grids.duties.js';
import { nameAuditTargets, uuidsOnly } from '../audit/audit.names.js';
import * as edit from './grids.edit.js';
import {
  AssignWorkerBody,
  CheckOutlineBody,
  CheckOutlineResult,
  CreateGridBody,
  DecideDutyBody,
  DutyParams,
  DutyQuery,
  DutyView,
  GeoJsonQuery,
  GridCodeParams,
  GridDetail,
  GridFeatureCollection,
  GridView,
  GridWriteResult,
  LineageEntry,
  ListGridsQuery,
  MergeGridsBody,
  MergeResult,
  PointQuery,
  PointResult,
  RemoveDutyBody,
  RequestDutyBody,
  SplitGridBody,
  SplitResult,
  UpdateGridBody,
  WorkerParams,
} from './grids.schemas.js';
import * as service from './grids.service.js';
import type { Polygon } from './grids.tables.js';

const tags = ['grids'];

export const gridsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  nameAuditTargets('grid_duty', (db, _actor, ids) => duties.dutyNamesOf(db, uuidsOnly(ids)));
  const { database } = app;
  const { db } = database;

  app.get(
    '/grids',
    { schema: { tags, summary: '网格列表 Grids', querystring: ListGridsQuery, response: { 200: Page(GridView), ...errorResponses } } },
    async (req) => service.listGrids(db, req.actor!, req.query),
  );
  app.get(
    '/grids/geojson',
    {
      schema: {
        tags,
        summary: '区域内网格的 GeoJSON（网格分布图） Grids under a region as GeoJSON',
        querystring: GeoJsonQuery,
        response: { 200: GridFeatureCollection, ...errorResponses },
      },
    },
    async (req) => service.gridsGeoJson(db, req.actor!, req.query.within),
  );
  app.get(
    '/grids/at',
    { schema: { tags, summary: '坐标所在网格 The grid containing a point', querystring: PointQuery, response: { 200: PointResult, ...errorResponses } } },
    async (req) => edit.gridAtFor(db, req.actor!, req.query.lon, req.query.lat),
  );
  app.post(
    '/grids/check-outline',
    { schema: { tags, summary: '检查网格边界（不保存） Check an outline without saving', body: CheckOutlineBody, response: { 200: CheckOutlineResult, ...errorResponses } } },
    async (req) => edit.checkOutline(db, req.actor!, req.body.polygon as Polygon, req.body.exceptCode),
  );
  app.post(
    '/grids',
    { schema: { tags, summary: '新建网格（报告与相邻网格的重叠） Create a grid, reporting overlaps', body: CreateGridBody, response: { 201: GridWriteResult, ...errorResponses } } },
    async (req, reply) => reply.status(201).send(await edit.createGrid(database, requestContext(req), { ...req.body, polygon: req.body.polygon as Polygon })),
  );
  app.post(
    '/grids/merge',
    { schema: { tags, summary: '合并网格 Merge grids into the first', body: MergeGridsBody, response: { 200: MergeResult, ...errorResponses } } },
    async (req) => edit.mergeGrids(database, requestContext(req), { ...req.body, polygon: req.body.polygon as Polygon | undefined }),
  );
  app.get(
    '/grid-duties/pending',
    { schema: { tags, summary: '待审批的准入事项 Duty requests awaiting approval', response: { 200: Type.Array(DutyView), ...errorResponses } } },
    async (req) => duties.pendingDuties(db, req.actor!),
  );
  app.get(
    '/grids/:code',
    { schema: { tags, params: GridCodeParams, response: { 200: GridDetail, ...errorResponses } } },
    async (req) => service.getGrid(db, req.actor!, req.params.code),
  );
  app.patch(
    '/grids/:code',
    { schema: { tags, summary: '修改网格 Edit a grid', params: GridCodeParams, body: UpdateGridBody, response: { 200: GridWriteResult, ...errorResponses } } },
    async (req) => edit.updateGrid(database, requestContext(req), req.params.code, { ...req.body, polygon: req.body.polygon as Polygon | undefined }),
  );
  app.post(
    '/grids/:code/split',
    { schema: { tags, summary: '拆分网格 Split a grid', params: GridCodeParams, body: SplitGridBody, response: { 200: SplitResult, ...errorResponses } } },
    async (req) =>
      edit.splitGrid(database, requestContext(req), req.params.code, {
        ...req.body,
        pieces: req.body.pieces?.map((p) => ({ name: p.name, polygon: p.polygon as Polygon })),
        line: req.body.line as [number, number][] | undefined,
      }),
  );
  app.get(
    '/grids/:code/lineage',
    { schema: { tags, summary: '网格沿革 Created, edited, split, merged', params: GridCodeParams, response: { 200: Type.Array(LineageEntry), ...errorResponses } } },
    async (req) => edit.gridLineage(db, req.actor!, req.params.code),
  );
  app.put(
    '/grids/:code/workers/:userId',
    { schema: { tags, summary: '指派网格员 Assign a worker', params: WorkerParams, body: AssignWorkerBody, response: { 200: GridDetail, ...errorResponses } } },
    async (req) => edit.assignWorker(database, requestContext(req), req.params.code, req.params.userId, req.body.kind),
  );
  app.delete(
    '/grids/:code/workers/:userId',
    { schema: { tags, summary: '取消指派 Unassign a worker', params: WorkerParams, response: { 200: GridDetail, ...errorResponses } } },
    async (req) => edit.unassignWorker(database, requestContext(req), req.params.code, req.params.userId),
  );
  app.get(
    '/grids/:code/duties',
    { schema: { tags, summary: '网格准入事项 The grid’s duty list', params: GridCodeParams, querystring: DutyQuery, response: { 200: Type.Array(DutyView), ...errorResponses } } },
    async (req) => duties.listDuties(db, req.actor!, req.params.code, req.query.status),
  );
  app.post(
    '/grids/:code/duties',
    { schema: { tags, summary: '申请增加准入事项 Propose a duty', params: GridCodeParams, body: RequestDutyBody, response: { 201: DutyView, ...errorResponses } } },
    async (req, reply) => reply.status(201).send(await duties.requestDuty(database, requestContext(req), req.params.code, req.body)),
  );
  app.post(
    '/grids/:code/duties/:id/approve',
    { schema: { tags, summary: '批准（须另一账号） Approve (another account)', params: DutyParams, body: DecideDutyBody, response: { 200: DutyView, ...errorResponses } } },
    async (req) => duties.decideDuty(database, requestContext(req), req.params.code, req.params.id, 'approve', req.body.note),
  );
  app.post(
    '/grids/:code/duties/:id/reject',
    { schema: { tags, params: DutyParams, body: DecideDutyBody, response: { 200: DutyView, ...errorResponses } } },
    async (req) => duties.decideDuty(database, requestContext(req), req.params.code, req.params.id, 'reject', req.body.note),
  );
  app.post(
    '/grids/:code/duties/:id/remove',
    { schema: { tags, params: DutyParams, body: RemoveDutyBody, response: { 200: DutyView, ...errorResponses } } },
    async (req) => duties.removeDuty(database, requestContext(req), req.params.code, req.params.id, req.body.reason),
  );
};
