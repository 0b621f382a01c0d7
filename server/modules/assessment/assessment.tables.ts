import { integer, jsonb, pgTable, text, uniqueIndex, uuid, varchar } from 'drizzle-orm/pg-core';
import { createdAt, regionCode, ts } from '../../platform/columns.js';

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
