import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { AppError } from '../../platform/errors.js';
import { errorResponses, IdParams, Page } from '../../platform/schemas.js';
import { requestContext } from '../../platform/auth.js';
import { rankings } from './assessment.rankings.js';
import { getReport, latestReport, listReports, reportWorkbook } from './assessment.reports.js';
import { warningsRoutes } from './assessment.warnings.routes.js';
import { ListReportsQuery, RankingsQuery, RankingsSchema, ReportSchema, ReportSummarySchema, WeightsBody, WeightsQuery, WeightsSchema } from './assessment.schemas.js';
import { getWeights, setWeights } from './assessment.weights.js';

export const assessmentRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.database;
  // Rankings and the archived reports: lag-tolerant reads (req.readDb, the replica when there is one).
  // 未诉先办 warnings and 每月一题, in their own file.
  await app.register(warningsRoutes);
  app.get(
    '/assessment/rankings',
    {
      schema: {
        tags: ['assessment'],
        summary: '月度考核排名：乡镇与部门按各项指标和综合得分排名，乡镇对部门评价汇总 Monthly rankings',
        querystring: RankingsQuery,
        response: { 200: RankingsSchema, ...errorResponses },
      },
    },
    async (req) => {
      const q = req.query;
      // Weights in the query try a set out; without them the county's stored set (or the default) applies.
      const weights =
        q.wResponse !== undefined || q.wResolution !== undefined || q.wSatisfaction !== undefined
          ? { response: q.wResponse ?? 0, resolution: q.wResolution ?? 0, satisfaction: q.wSatisfaction ?? 0 }
          : undefined;
      if (weights && Math.abs(weights.response + weights.resolution + weights.satisfaction - 1) > 1e-6) throw new AppError('metrics_weights_sum');
      return rankings(req.readDb, req.actor!, { month: q.month, startDay: q.startDay, regionCode: q.regionCode, weights });
    },
  );
  app.get(
    '/assessment/weights',
    { schema: { tags: ['assessment'], summary: '综合得分权重（按县） The composite score’s weights of a county', querystring: WeightsQuery, response: { 200: WeightsSchema, ...errorResponses } } },
    async (req) => getWeights(db, req.actor!, req.query.regionCode),
  );
  app.put(
    '/assessment/weights',
    { schema: { tags: ['assessment'], summary: '设置综合得分权重（管理员，审计） Store a county’s weights', body: WeightsBody, response: { 200: WeightsSchema, ...errorResponses } } },
    async (req) => setWeights(app.database, requestContext(req), req.body),
  );
  app.get(
    '/assessment/reports',
    { schema: { tags: ['assessment'], summary: '月度考核报告归档 Archived monthly reports', querystring: ListReportsQuery, response: { 200: Page(ReportSummarySchema), ...errorResponses } } },
    async (req) => listReports(req.readDb, req.actor!, req.query),
  );
  app.get(
    '/assessment/reports/latest',
    { schema: { tags: ['assessment'], summary: '最新月度考核报告 The latest report', response: { 200: Type.Union([ReportSchema, Type.Null()]), ...errorResponses } } },
    async (req) => latestReport(req.readDb, req.actor!),
  );
  app.get(
    '/assessment/reports/:id',
    { schema: { tags: ['assessment'], summary: '月度考核报告 A monthly report', params: IdParams, response: { 200: ReportSchema, ...errorResponses } } },
    async (req) => getReport(req.readDb, req.actor!, req.params.id),
  );
  app.get(
    '/assessment/reports/:id/excel',
    { schema: { tags: ['assessment'], summary: '月度考核报告 Excel The report as Excel', params: IdParams, response: errorResponses } },
    async (req, reply) => {
      const { month, buffer } = await reportWorkbook(req.readDb, req.actor!, req.params.id);
      reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="assessment-${month}.xlsx"; filename*=UTF-8''${encodeURIComponent(`月度考核报告-${month}`)}.xlsx`);
      return reply.send(buffer);
    },
  );
};
