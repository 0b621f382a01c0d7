import { boolean, doublePrecision, index, integer, jsonb, pgTable, serial, text, uniqueIndex, uuid, varchar } from 'drizzle-orm/pg-core';
import { createdAt, regionCode, ts, updatedAt } from '../../platform/columns.js';

/**
 * The archived monthly assessment reports (月度考核报告): one per area and assessment month, made by the
 * 'assessment.report' job (its key is the area and the month, so it runs once). The figures are kept as they
 * were computed that day (JSON), so a report never changes afterwards; the Excel file is generated from them.
 */
export const assessmentReports = pgTable(
  'assessment_reports',
  {
    id: uuid('id').primaryKey(),
    regionCode: regionCode().notNull(),
    month: varchar('month', { length: 7 }).notNull(), // YYYY-MM, the assessment month's name
    startDay: integer('start_day').notNull(),
    periodFrom: ts('period_from').notNull(),
    periodTo: ts('period_to').notNull(),
    figures: jsonb('figures').notNull(),
    // An account id, or 'system' for the job.
    createdBy: text('created_by').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('assessment_reports_region_month_uq').on(t.regionCode, t.month)],
);

/**
 * Early warnings (未诉先办 预警). `key` makes each one exactly once: `rise:<community>:<category>:<week>` for
 * a rise of new appeals above the usual level (found by the 'assessment.warnings' job), or
 * `season:<rule>:<region>:<year>` for a seasonal rule coming into season. `series` keeps the weeks the
 * rise was judged on (counts, usual level, control limit) as they were that day.
 */
export const warnings = pgTable(
  'warnings',
  {
    id: uuid('id').primaryKey(),
    key: text('key').notNull(),
    kind: varchar('kind', { length: 16 }).notNull(), // rise | season
    regionCode: regionCode().notNull(),
    /** The categories concerned (one for a rise; the rule's for a season). */
    categoryCodes: text('category_codes').array().notNull(),
    /** The week's Monday (rise) or the season's first day (season), YYYY-MM-DD, China time. */
    periodStart: varchar('period_start', { length: 10 }).notNull(),
    periodEnd: varchar('period_end', { length: 10 }).notNull(),
    count: integer('count').notNull().default(0),
    baseline: doublePrecision('baseline'),
    controlLimit: doublePrecision('control_limit'),
    method: varchar('method', { length: 16 }),
    series: jsonb('series'),
    ruleId: integer('rule_id'),
    message: text('message'),
    status: varchar('status', { length: 16 }).notNull().default('open'), // open | acknowledged | handled
    acknowledgedBy: text('acknowledged_by'),
    acknowledgedAt: ts('acknowledged_at'),
    handledBy: text('handled_by'),
    handledAt: ts('handled_at'),
    note: text('note'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('warnings_key_uq').on(t.key), index('warnings_region_created_idx').on(t.regionCode, t.createdAt)],
);

/** Seasonal warnings configured by the admin (汛期, 高温, 开学): in season, a warning per township of the region. */
export const warningRules = pgTable('warning_rules', {
  id: serial('id').primaryKey(),
  regionCode: regionCode().notNull(),
  name: text('name').notNull(),
  /** The season, MM-DD to MM-DD inclusive (China dates; may wrap the new year). */
  fromDay: varchar('from_day', { length: 5 }).notNull(),
  toDay: varchar('to_day', { length: 5 }).notNull(),
  categoryCodes: text('category_codes').array().notNull(),
  message: text('message').notNull(),
  active: boolean('active').notNull().default(true),
  createdAt: createdAt(),
});

/**
 * 每月一题: the problems leaders picked for an assessment month (2–3 per area and month), each a category
 * in a place with its lead department, goal and target (dispatches a month).
 */
export const monthProblems = pgTable(
  'month_problems',
  {
    id: uuid('id').primaryKey(),
    regionCode: regionCode().notNull(),
    month: varchar('month', { length: 7 }).notNull(),
    placeCode: regionCode('place_code').notNull(),
    categoryCode: varchar('category_code', { length: 32 }).notNull(),
    leadOrgId: uuid('lead_org_id').notNull(),
    goal: text('goal').notNull(),
    target: integer('target').notNull(),
    /** Appeals and repeats counted when it was picked. */
    count: integer('count').notNull(),
    repeats: integer('repeats').notNull(),
    pickedBy: text('picked_by').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('month_problems_uq').on(t.regionCode, t.month, t.placeCode, t.categoryCode)],
);

/**
 * The composite score's weights (综合得分权重) a county's administrator stored: 响应率, 解决率 and 满意率, adding up
 * to 1. One row per county; a county without one uses the default of appeals.metrics.ts (0.1/0.5/0.4).
 * The rankings and the monthly report read them.
 */
export const assessmentWeights = pgTable('assessment_weights', {
  regionCode: regionCode().primaryKey(), // a county's 6-digit code
  response: doublePrecision('response').notNull(),
  resolution: doublePrecision('resolution').notNull(),
  satisfaction: doublePrecision('satisfaction').notNull(),
  updatedBy: text('updated_by').notNull(),
  updatedAt: updatedAt(),
});

/**
 * The early warnings' minimum counts a county's administrator stored (beside the seasonal rules): a week
 * needs at least this many new appeals of one category in a community, or in a grid, before it can be a
 * rise. One row per county; a county without one uses assessment.detect.ts's defaults (community 5, grid 4).
 */
export const warningThresholds = pgTable('warning_thresholds', {
  regionCode: regionCode().primaryKey(), // a county's 6-digit code
  communityMinCount: integer('community_min_count').notNull(),
  gridMinCount: integer('grid_min_count').notNull(),
  updatedBy: text('updated_by').notNull(),
  updatedAt: updatedAt(),
});
