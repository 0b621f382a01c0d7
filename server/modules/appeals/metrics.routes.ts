import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { AppError } from '../../platform/errors.js';
import { Int, Num, RegionCodeSchema, errorResponses } from '../../platform/schemas.js';
import { assessmentMonth, DEFAULT_WEIGHTS, metrics, monthlyTrend, type GroupBy } from './appeals.metrics.js';

const Rate = Type.Union([Type.Number(), Type.Null()]);
const Figures = {
  accepted: Type.Integer(),
  due: Type.Integer(),
  handled: Type.Integer(),
  handledOnTime: Type.Integer(),
  deferred: Type.Integer(),
  responseValid: Type.Integer(),
  respondedOnTime: Type.Integer(),
  fieldCollected: Type.Integer(),
  onSpot: Type.Integer(),
  closed: Type.Integer(),
  closedReworked: Type.Integer(),
  handlingMinutesSum: Type.Number(),
  handlingCount: Type.Integer(),
  evaluations: Type.Integer(),
  solved: Type.Integer(),
  satisfied: Type.Integer(),
  basicallySatisfied: Type.Integer(),
  dissatisfied: Type.Integer(),
  /** 催办 and 督办 notes given in the period. */
  urged: Type.Integer(),
  supervised: Type.Integer(),
  /** 即诉即办: fast-queue appeals in the cohort, and those handled the same working day. */
  fastTrack: Type.Integer(),
  fastTrackSameDay: Type.Integer(),
  closureRate: Rate,
  onTimeRate: Rate,
  responseRate: Rate,
  resolutionRate: Rate,
  satisfactionRate: Rate,
  compositeScore: Rate,
  onSpotRate: Rate,
  reworkRate: Rate,
  avgHandlingHours: Rate,
  fastTrackRate: Rate,
};

const MetricsResponse = Type.Object({
  period: Type.Object({ from: Type.String(), to: Type.String() }),
  regionCode: Type.String(),
  groupBy: Type.String(),
  weights: Type.Object({ response: Type.Number(), resolution: Type.Number(), satisfaction: Type.Number() }),
  totals: Type.Object(Figures),
  groups: Type.Array(Type.Object({ key: Type.String(), name: Type.String(), ...Figures })),
});

const Weight = Type.Optional(Num({ minimum: 0, maximum: 1 }));

export const metricsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  // Assessment figures: lag-tolerant reads (req.readDb, the replica when there is one).
  app.get(
    '/appeals/metrics',
    {
      schema: {
        tags: ['appeals'],
        summary: '考核指标：受理量、办结率、按期办结率、响应率、解决率、满意率、综合得分、就地解决率、返工率、平均办理时长 Assessment figures',
        querystring: Type.Object({
          from: Type.Optional(Type.String({ format: 'date-time' })),
          to: Type.Optional(Type.String({ format: 'date-time' })),
          month: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}$' })),
          assessmentDay: Type.Optional(Int({ minimum: 1, maximum: 28, default: 1 })),
          regionCode: Type.Optional(RegionCodeSchema),
          groupBy: Type.Optional(Type.String({ enum: ['none', 'region', 'org', 'category', 'channel'] })),
          wResponse: Weight,
          wResolution: Weight,
          wSatisfaction: Weight,
        }),
        response: { 200: MetricsResponse, ...errorResponses },
      },
    },
    async (req) => {
      const q = req.query;
      let from: Date;
      let to: Date;
      if (q.month) ({ from, to } = assessmentMonth(q.month, q.assessmentDay ?? 1));
      else if (q.from && q.to) {
        from = new Date(q.from);
        to = new Date(q.to);
      } else throw new AppError('metrics_period_missing');
      const weights =
        q.wResponse !== undefined || q.wResolution !== undefined || q.wSatisfaction !== undefined
          ? { response: q.wResponse ?? 0, resolution: q.wResolution ?? 0, satisfaction: q.wSatisfaction ?? 0 }
          : DEFAULT_WEIGHTS;
      if (Math.abs(weights.response + weights.resolution + weights.satisfaction - 1) > 1e-6) {
        throw new AppError('metrics_weights_sum');
      }
      return metrics(req.readDb, req.actor!, { from, to, regionCode: q.regionCode, groupBy: (q.groupBy ?? 'none') as GroupBy, weights });
    },
  );
  app.get(
    '/appeals/metrics/trend',
    {
      schema: {
        tags: ['appeals'],
        summary: '按月受理与办结 Accepted and handled per month',
        querystring: Type.Object({ months: Type.Optional(Int({ minimum: 1, maximum: 36, default: 12 })), regionCode: Type.Optional(RegionCodeSchema) }),
        response: { 200: Type.Array(Type.Object({ month: Type.String(), accepted: Type.Integer(), handled: Type.Integer(), onSpot: Type.Integer() })), ...errorResponses },
      },
    },
    async (req) => monthlyTrend(req.readDb, req.actor!, req.query.months ?? 12, req.query.regionCode),
  );
};
