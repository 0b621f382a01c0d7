import { integer, pgTable, text, varchar } from 'drizzle-orm/pg-core';

/**
 * Exceptions to the Monday–Friday week: public holidays (kind 'holiday') and 调休 weekend days that
 * are working days (kind 'workday'). One row per date, 'YYYY-MM-DD' in China time.
 */
export const calendarDays = pgTable('calendar_days', {
  date: varchar('date', { length: 10 }).primaryKey(),
  year: integer('year').notNull(),
  kind: varchar('kind', { length: 8 }).notNull(), // holiday | workday
  name: text('name').notNull(),
});
