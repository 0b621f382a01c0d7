import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { BOXES } from '../appeals/appeals.inbox.js';
import { errorResponses } from '../../platform/schemas.js';
import * as service from './overview.service.js';
import { workbench } from './overview.workbench.js';

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

const Rate = Type.Union([Type.Number(), Type.Null()]);

const Workbench = Type.Object({
  boxes: Type.Array(
    Type.Object({
      box: Type.String({ enum: [...BOXES], description: 'the appeals inbox box (GET /api/appeals?box=…) the count is of' }),
      count: Type.Integer({ description: 'the number of rows that box of the inbox lists' }),
      items: Type.Array(
        Type.Object({
          id: Type.String(),
          number: Type.String(),
          title: Type.String(),
          categoryCode: Type.String(),
          categoryName: Type.String(),
          status: Type.String(),
          urgency: Type.String(),
          deadline: Type.Union([Type.String(), Type.Null()]),
          deadlineKind: Type.Union([Type.String({ enum: ['accept', 'response', 'handling'] }), Type.Null()]),
          clock: Type.Union([Type.String({ enum: ['green', 'yellow', 'red', 'paused'] }), Type.Null()]),
        }),
        { description: 'the most pressing few: the nearest limit first' },
      ),
    }),
  ),
  visits: Type.Union([
    Type.Object({
      date: Type.String(),
      workingDay: Type.Boolean(),
      quota: Type.Integer(),
      planned: Type.Integer(),
      visited: Type.Integer(),
      nobodyHome: Type.Integer(),
    }),
    Type.Null(),
  ]),
  figures: Type.Union([
    Type.Object({
      month: Type.String(),
      regionCode: Type.String(),
      accepted: Type.Integer(),
      handled: Type.Integer(),
      due: Type.Integer(),
      handledOnTime: Type.Integer(),
      evaluations: Type.Integer(),
      closureRate: Rate,
      onTimeRate: Rate,
      satisfactionRate: Rate,
      fastTrack: Type.Integer(),
      fastTrackSameDay: Type.Integer(),
      fastTrackRate: Rate,
      overdueNow: Type.Integer(),
      byArea: Type.Array(
        Type.Object({ code: Type.String(), name: Type.String(), accepted: Type.Integer(), handled: Type.Integer(), onTimeRate: Rate, satisfactionRate: Rate }),
      ),
      trend: Type.Array(Type.Object({ month: Type.String(), accepted: Type.Integer(), handled: Type.Integer() })),
    }),
    Type.Null(),
  ]),
  chains: Type.Array(
    Type.Object({ id: Type.String(), name: Type.String(), members: Type.Integer(), problemsOpen: Type.Integer(), problemsOverdue: Type.Integer(), problemsClosed: Type.Integer() }),
  ),
});

export const overviewRoutes: FastifyPluginAsyncTypebox = async (app) => {
  // Dashboards: lag-tolerant reads (req.readDb, the replica when there is one).
  app.get(
    '/overview',
    { schema: { tags: ['overview'], summary: '辖区概况 What the caller’s area consists of', response: { 200: Overview, ...errorResponses } } },
    async (req) => service.overview(req.readDb, req.actor!),
  );
  app.get(
    '/workbench',
    {
      schema: {
        tags: ['overview'],
        summary: '工作台：待我处理的各收件箱数与最紧急事项、今日走访、本辖区本月指标 What waits for the caller',
        response: { 200: Workbench, ...errorResponses },
      },
    },
    async (req) => workbench(app.database, req.actor!, req.readDb),
  );
};
