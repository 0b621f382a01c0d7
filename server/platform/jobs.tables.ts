import { bigserial, customType, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid, varchar } from 'drizzle-orm/pg-core';

/**
 * Durable background jobs: stored, so they survive restarts; claimed with FOR UPDATE SKIP LOCKED, so
 * several instances on one PostgreSQL never run the same job twice.
 */
export const jobs = pgTable(
  'jobs',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    kind: varchar('kind', { length: 48 }).notNull(),
    /** Deduplication key: one pending job per key (recurring jobs use their kind). */
    key: varchar('key', { length: 128 }),
    runAt: timestamp('run_at', { withTimezone: true, mode: 'date' }).notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull().default({}),
    status: varchar('status', { length: 16 }).notNull().default('pending'), // pending | running | done | failed
    attempts: integer('attempts').notNull().default(0),
    maxAttempts: integer('max_attempts').notNull().default(5),
    lockedBy: text('locked_by'),
    lockedUntil: timestamp('locked_until', { withTimezone: true, mode: 'date' }),
    lastError: text('last_error'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [uniqueIndex('jobs_key_uq').on(t.key), index('jobs_due_idx').on(t.status, t.runAt)],
);

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (v) => Buffer.from(v),
});

/**
 * Files a queued job works on (an uploaded spreadsheet), kept in the database so the job survives a
 * crash of the process that received them and can run on any instance; deleted when the job finishes.
 */
export const jobFiles = pgTable('job_files', {
  /** The id of what the file belongs to (an import's id). */
  id: uuid('id').primaryKey(),
  data: bytea('data').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});
