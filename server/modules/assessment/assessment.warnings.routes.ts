import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { requestContext } from '../../platform/auth.js';
import { errorResponses, IdParams, Page } from '../../platform/schemas.js';
import { listPicks, pickProblem, problemCandidates, problemTrend } from './assessment.problems.js';
import { actOnWarning, createRule, getWarning, listRules, listWarnings, updateRule } from './assessment.warnings-view.js';
import { getThresholds, setThresholds } from './assessment.warnings-config.js';
import {
  ListWarningsQuery,
  PickBody,
  PickSchema,
  PicksQuery,
  ProblemsQuery,
  ProblemsSchema,
  RuleBody,
  RuleParams,
  RuleSchema,
  ThresholdsBody,
  ThresholdsQuery,
  ThresholdsSchema,
  TrendSchema,
  WarningActionBody,
  WarningActionParams,
  WarningDetailSchema,
  WarningSchema,
} from './assessment.warnings.schemas.js';

/** 未诉先办 early warnings and their seasonal rules; 每月一题 the problems of the month. */
export const warningsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const database = app.database;
  const { db } = database;
  const tags = ['warnings'];
  app.get('/warnings', { schema: { tags, summary: '预警列表（最新在前）Early warnings, newest first', querystring: ListWarningsQuery, response: { 200: Page(WarningSchema), ...errorResponses } } }, async (req) =>
    listWarnings(db, req.actor!, req.query),
  );
  app.get('/warnings/rules', { schema: { tags, summary: '季节性预警规则 Seasonal warning rules', response: { 200: Type.Array(RuleSchema), ...errorResponses } } }, async (req) => listRules(db, req.actor!));
  app.post('/warnings/rules', { schema: { tags, summary: '新增季节性预警规则 Add a seasonal rule', body: RuleBody, response: { 200: RuleSchema, ...errorResponses } } }, async (req) =>
    createRule(database, requestContext(req), req.body),
  );
  app.put('/warnings/rules/:id', { schema: { tags, summary: '修改季节性预警规则 Change a seasonal rule', params: RuleParams, body: RuleBody, response: { 200: RuleSchema, ...errorResponses } } }, async (req) =>
    updateRule(database, requestContext(req), req.params.id, req.body),
  );
  app.get('/warnings/thresholds', { schema: { tags, summary: '预警起报数（按县）Minimum counts of a county', querystring: ThresholdsQuery, response: { 200: ThresholdsSchema, ...errorResponses } } }, async (req) =>
    getThresholds(db, req.actor!, req.query.regionCode),
  );
  app.put('/warnings/thresholds', { schema: { tags, summary: '设置预警起报数（管理员，审计）Store a county’s minimum counts', body: ThresholdsBody, response: { 200: ThresholdsSchema, ...errorResponses } } }, async (req) =>
    setThresholds(database, requestContext(req), req.body),
  );
  app.get('/warnings/:id', { schema: { tags, summary: '预警详情：序列、诉求、户标签计数 A warning', params: IdParams, response: { 200: WarningDetailSchema, ...errorResponses } } }, async (req) =>
    getWarning(db, req.actor!, req.params.id),
  );
  app.post(
    '/warnings/:id/:action',
    { schema: { tags, summary: '签收或处置预警 Acknowledge or handle a warning', params: WarningActionParams, body: WarningActionBody, response: { 200: WarningDetailSchema, ...errorResponses } } },
    async (req) => actOnWarning(database, requestContext(req), req.params.id, req.params.action as 'acknowledge' | 'handle', req.body.note),
  );

  app.get('/assessment/problems', { schema: { tags: ['assessment'], summary: '每月一题：问题排行与已选 Problems of the month', querystring: ProblemsQuery, response: { 200: ProblemsSchema, ...errorResponses } } }, async (req) =>
    problemCandidates(db, req.actor!, req.query),
  );
  app.get('/assessment/problems/picks', { schema: { tags: ['assessment'], summary: '已选的每月一题 Picked problems', querystring: PicksQuery, response: { 200: Type.Array(PickSchema), ...errorResponses } } }, async (req) =>
    listPicks(db, req.actor!, req.query),
  );
  app.post('/assessment/problems', { schema: { tags: ['assessment'], summary: '选定每月一题 Pick a problem of the month', body: PickBody, response: { 200: PickSchema, ...errorResponses } } }, async (req) =>
    pickProblem(database, requestContext(req), req.body),
  );
  app.get('/assessment/problems/:id/trend', { schema: { tags: ['assessment'], summary: '每月一题前后派单量 Dispatches before and after', params: IdParams, response: { 200: TrendSchema, ...errorResponses } } }, async (req) =>
    problemTrend(db, req.actor!, req.params.id),
  );
};
