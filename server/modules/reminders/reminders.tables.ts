import { date, index, integer, jsonb, pgTable, primaryKey, text, uuid, varchar, boolean } from 'drizzle-orm/pg-core';
import { createdAt, regionCode, ts } from '../../platform/columns.js';

/**
 * 小闹钟: the kinds of dated items that expire (a 低保 review, an elderly allowance's yearly check, a disability
 * certificate, a firm's licence), as data: whose they are (a person on a household file, or a firm) and
 * how many days ahead to remind (e.g. 30 and 7; the due day itself always reminds once more).
 */
export const reminderKinds = pgTable('reminder_kinds', {
  code: varchar('code', { length: 32 }).primaryKey(),
  name: text('name').notNull(),
  subject: varchar('subject', { length: 16 }).notNull(), // person | enterprise
  daysBefore: jsonb('days_before').$type<number[]>().notNull(),
  active: boolean('active').notNull().default(true),
  sort: integer('sort').notNull().default(0),
});

/**
 * A dated item of a person (with the household they belong to) or of a firm. Its region code is the
 * person's grid (or the firm's region), captured when recorded: the scope key, and whose grid worker is
 * reminded. Nothing personal is stored here beyond ids.
 */
export const datedItems = pgTable(
  'dated_items',
  {
    id: uuid('id').primaryKey(),
    kind: varchar('kind', { length: 32 }).notNull(),
    personId: uuid('person_id'),
    householdId: uuid('household_id'),
    enterpriseId: uuid('enterprise_id'),
    regionCode: regionCode().notNull(),
    dueDate: date('due_date', { mode: 'string' }).notNull(),
    note: text('note'),
    createdBy: text('created_by').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('dated_items_due_idx').on(t.dueDate), index('dated_items_region_idx').on(t.regionCode, t.dueDate), index('dated_items_household_idx').on(t.householdId)],
);

/**
 * The reminders sent: one row per item and threshold (days before the due date; 0 = the due day), written
 * in the transaction that queues the SMS and the grid worker's notification, so each is sent exactly once.
 */
export const reminderSends = pgTable(
  'reminder_sends',
  {
    itemId: uuid('item_id').notNull(),
    threshold: integer('threshold').notNull(),
    sentAt: ts('sent_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.itemId, t.threshold] })],
);
