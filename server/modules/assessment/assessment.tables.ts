import { doublePrecision, integer, jsonb, pgTable, text, uniqueIndex, uuid, varchar } from 'drizzle-orm/pg-core';
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
