import { index, integer, pgTable, timestamp, varchar } from 'drizzle-orm/pg-core';

/**
 * Counters for throttles that must hold across instances (public pages, sign-in, tracking guesses):
 * one row per key, holding its current window (it starts at the key's first hit and lasts the
 * limit's length), bumped or restarted by one atomic upsert. Rows whose window ended are deleted now
 * and then by the limiter itself.
 */
export const rateLimits = pgTable(
  'rate_limits',
  {
    key: varchar('key', { length: 200 }).primaryKey(),
    windowStart: timestamp('window_start', { withTimezone: true, mode: 'date' }).notNull(),
    count: integer('count').notNull().default(0),
    /** When the window ends; rows past it are only history and may be deleted. */
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [index('rate_limits_expires_idx').on(t.expiresAt)],
);
