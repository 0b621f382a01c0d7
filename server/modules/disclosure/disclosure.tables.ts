import { bigserial, boolean, index, integer, pgTable, text, uuid, varchar } from 'drizzle-orm/pg-core';
import { createdAt, regionCode, ts } from '../../platform/columns.js';

/**
 * 依申请公开 requests: who asked (a resident or a firm; a resident's name and phone only encrypted, with a
 * masked view), what for, and the statutory clock (China dates on the working calendar, see
 * disclosure.workflow.ts). The region is the office's area the request was made to.
 */
export const disclosureRequests = pgTable(
  'disclosure_requests',
  {
    id: uuid('id').primaryKey(),
    regionCode: regionCode().notNull(),
    applicantKind: varchar('applicant_kind', { length: 8 }).notNull(), // resident | firm
    applicantNameEnc: text('applicant_name_enc').notNull(),
    applicantNameMasked: varchar('applicant_name_masked', { length: 64 }).notNull(),
    applicantPhoneEnc: text('applicant_phone_enc'),
    subject: text('subject').notNull(),
    status: varchar('status', { length: 24 }).notNull(),
    receivedOn: varchar('received_on', { length: 10 }).notNull(),
    clockFrom: varchar('clock_from', { length: 10 }).notNull(),
    dueOn: varchar('due_on', { length: 10 }).notNull(),
    correctionUsed: boolean('correction_used').notNull().default(false),
    extensionDays: integer('extension_days').notNull().default(0),
    consultFrom: varchar('consult_from', { length: 10 }),
    pausedDays: integer('paused_days').notNull().default(0),
    outcome: varchar('outcome', { length: 24 }),
    reason: text('reason'),
    answeredOn: varchar('answered_on', { length: 10 }),
    workingDays: integer('working_days'),
    createdBy: text('created_by').notNull(),
    createdAt: createdAt(),
    version: integer('version').notNull().default(1),
  },
  (t) => [index('disclosure_requests_region_idx').on(t.regionCode, t.receivedOn), index('disclosure_requests_status_idx').on(t.status, t.dueOn)],
);

/** Each step of a request (the notices of 补正 and 延期 among them), in order. */
export const disclosureEvents = pgTable(
  'disclosure_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    requestId: uuid('request_id').notNull(),
    action: varchar('action', { length: 32 }).notNull(),
    note: text('note'),
    on: varchar('on_day', { length: 10 }).notNull(),
    by: text('by').notNull(),
    at: ts('at').notNull().defaultNow(),
  },
  (t) => [index('disclosure_events_request_idx').on(t.requestId, t.id)],
);
