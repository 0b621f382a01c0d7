import { bigserial, index, integer, pgTable, text, timestamp, uuid, varchar } from 'drizzle-orm/pg-core';

/** In-console notifications for staff. */
export const notifications = pgTable(
  'notifications',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    userId: uuid('user_id').notNull(),
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    kind: varchar('kind', { length: 32 }).notNull(),
    title: text('title').notNull(),
    body: text('body'),
    appealId: uuid('appeal_id'),
    readAt: timestamp('read_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [index('notifications_user_idx').on(t.userId, t.readAt, t.at)],
);

/**
 * SMS to requesters (and 催办/督办 texts to handlers with a work mobile), written in the same transaction as the step that causes them and delivered
 * by a background job with retries: nothing is lost while a sender is down or not yet configured.
 */
export const outbox = pgTable(
  'outbox',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    channel: varchar('channel', { length: 16 }).notNull(), // sms
    recipientEnc: text('recipient_enc').notNull(),
    recipientHint: varchar('recipient_hint', { length: 16 }).notNull(),
    regionCode: varchar('region_code', { length: 15 }).notNull(),
    body: text('body').notNull(),
    appealId: uuid('appeal_id'),
    status: varchar('status', { length: 16 }).notNull().default('pending'), // pending | sent | failed
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    lastError: text('last_error'),
    /** The delivery run holding the message, until lease_until (the database's clock): one sender at a time. */
    claimedBy: text('claimed_by'),
    leaseUntil: timestamp('lease_until', { withTimezone: true, mode: 'date' }),
    sentAt: timestamp('sent_at', { withTimezone: true, mode: 'date' }),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [index('outbox_status_idx').on(t.status, t.nextAttemptAt), index('outbox_region_idx').on(t.regionCode, t.createdAt)],
);
