import {
  bigint,
  bigserial,
  boolean,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
  varchar,
} from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { bytea, createdAt, regionCode, ts, updatedAt } from '../../platform/columns.js';

/**
 * An appeal (诉求). `regionCode` is its scope key: the grid it lies in, or — outside every grid — the
 * township that places it by hand. Requester contact details are encrypted; the phone also has a
 * keyed blind index (lookup) and its last four digits (tracking).
 */
export const appeals = pgTable(
  'appeals',
  {
    id: uuid('id').primaryKey(),
    number: varchar('number', { length: 32 }).notNull(),
    channel: varchar('channel', { length: 24 }).notNull(),
    status: varchar('status', { length: 24 }).notNull(),
    regionCode: regionCode().notNull(),
    townshipCode: varchar('township_code', { length: 9 }).notNull(),
    gridCode: varchar('grid_code', { length: 15 }),
    needsPlacement: boolean('needs_placement').notNull().default(false),
    requesterKind: varchar('requester_kind', { length: 16 }).notNull(), // resident | enterprise | anonymous
    requesterNameEnc: text('requester_name_enc'),
    requesterPhoneEnc: text('requester_phone_enc'),
    requesterPhoneIndex: varchar('requester_phone_index', { length: 64 }),
    requesterPhoneLast4: varchar('requester_phone_last4', { length: 4 }),
    enterpriseName: text('enterprise_name'),
    title: text('title').notNull(),
    content: text('content').notNull(),
    categoryCode: varchar('category_code', { length: 32 }).notNull(),
    urgency: varchar('urgency', { length: 16 }).notNull().default('normal'),
    tags: text('tags').array().notNull().default([]),
    lon: doublePrecision('lon'),
    lat: doublePrecision('lat'),
    address: text('address'),
    /** The organisation that currently holds it (lead handler), when dispatched. */
    handlingOrgId: uuid('handling_org_id'),
    leaderUserId: uuid('leader_user_id'),
    whistled: boolean('whistled').notNull().default(false),
    onSpot: boolean('on_spot').notNull().default(false),
    masterId: uuid('master_id'),
    reworkCount: integer('rework_count').notNull().default(0),
    /** The requester's latest rating (双评价), kept here so the figures read one table. */
    lastRating: varchar('last_rating', { length: 24 }),
    lastSolved: boolean('last_solved'),
    lastRatedAt: ts('last_rated_at'),
    /** Working minutes from acceptance to handling (the average handling time metric). */
    handlingMinutes: integer('handling_minutes'),
    result: text('result'),
    // Clock: dispatch starts it; pauses (waiting for the requester, approved deferral) stop it.
    acceptedAt: ts('accepted_at'),
    dispatchedAt: ts('dispatched_at'),
    signedAt: ts('signed_at'),
    handledAt: ts('handled_at'),
    closedAt: ts('closed_at'),
    responseDueAt: ts('response_due_at'),
    handlingDueAt: ts('handling_due_at'),
    warnAt: ts('warn_at'),
    responseUnit: varchar('response_unit', { length: 16 }),
    handlingUnit: varchar('handling_unit', { length: 16 }),
    pausedAt: ts('paused_at'),
    pauseReason: varchar('pause_reason', { length: 24 }),
    deferred: boolean('deferred').notNull().default(false),
    overdueNotified: boolean('overdue_notified').notNull().default(false),
    responseOverdueNotified: boolean('response_overdue_notified').notNull().default(false),
    warnedNotified: boolean('warned_notified').notNull().default(false),
    // 即诉即办: dispatched in a simple category, due the end of the working day it was registered on.
    fastTrack: boolean('fast_track').notNull().default(false),
    // 受理时限: a registered appeal waits this long at the desk (per channel), warned at 80%.
    acceptDueAt: ts('accept_due_at'),
    acceptWarnAt: ts('accept_warn_at'),
    acceptWarned: boolean('accept_warned').notNull().default(false),
    acceptOverdueNotified: boolean('accept_overdue_notified').notNull().default(false),
    /** Open311 token handed out before the number exists to the client. */
    token: varchar('token', { length: 40 }).notNull(),
    source: varchar('source', { length: 16 }).notNull().default('console'), // console | public | open311 | visit
    createdBy: text('created_by'),
    createdByKind: varchar('created_by_kind', { length: 16 }),
    reporterUserId: uuid('reporter_user_id'),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('appeals_number_uq').on(t.number),
    uniqueIndex('appeals_token_uq').on(t.token),
    index('appeals_region_status_idx').on(t.regionCode, t.status),
    index('appeals_status_due_idx').on(t.status, t.handlingDueAt),
    index('appeals_org_status_idx').on(t.handlingOrgId, t.status),
    index('appeals_created_idx').on(t.createdAt),
    // A township's inbox, newest first: its appeals in order, without sorting the township's year.
    index('appeals_township_created_idx').on(t.townshipCode, t.createdAt, t.id),
    // Appeals being handled, in the order their limits run out (the overdue and in-progress boxes).
    index('appeals_handling_due_idx').on(t.handlingDueAt, t.id).where(sql`${t.status} in ('dispatched', 'in_progress')`),
    // The fast queue (即诉即办) being handled, in the order its limits run out.
    index('appeals_fast_track_idx').on(t.handlingDueAt).where(sql`${t.fastTrack} and ${t.status} in ('dispatched', 'in_progress')`),
    index('appeals_accepted_idx').on(t.acceptedAt),
    index('appeals_closed_idx').on(t.closedAt),
    // Cohort members not handled yet: the few whose limit may run past a period's end (应办结).
    index('appeals_unhandled_idx').on(t.acceptedAt).where(sql`${t.handledAt} is null`),
    index('appeals_rated_idx').on(t.lastRatedAt),
    index('appeals_phone_idx').on(t.requesterPhoneIndex),
    index('appeals_master_idx').on(t.masterId),
    index('appeals_leader_idx').on(t.leaderUserId),
  ],
);

/** The append-only timeline: every step, who took it, when, and what the requester is told. */
export const appealEvents = pgTable(
  'appeal_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    appealId: uuid('appeal_id').notNull(),
    at: ts('at').notNull().defaultNow(),
    type: varchar('type', { length: 32 }).notNull(),
    fromStatus: varchar('from_status', { length: 24 }),
    toStatus: varchar('to_status', { length: 24 }),
    actorKind: varchar('actor_kind', { length: 16 }).notNull(),
    actorId: text('actor_id'),
    actorName: text('actor_name').notNull(),
    orgId: uuid('org_id'),
    note: text('note'),
    /** Plain words for the requester's timeline; null keeps the step internal. */
    publicText: text('public_text'),
    data: jsonb('data').$type<Record<string, unknown>>(),
  },
  (t) => [index('appeal_events_appeal_idx').on(t.appealId, t.at), index('appeal_events_type_at_idx').on(t.type, t.at)],
);

/** Joint handling (联办): the lead organisation and co-handlers, each with its part and status. */
export const appealParts = pgTable(
  'appeal_parts',
  {
    appealId: uuid('appeal_id').notNull(),
    orgId: uuid('org_id').notNull(),
    role: varchar('role', { length: 8 }).notNull(), // lead | co
    task: text('task'),
    status: varchar('status', { length: 16 }).notNull(), // dispatched | in_progress | handled | returned
    result: text('result'),
    dispatchedAt: ts('dispatched_at').notNull(),
    signedAt: ts('signed_at'),
    handledAt: ts('handled_at'),
  },
  (t) => [primaryKey({ columns: [t.appealId, t.orgId] }), index('appeal_parts_org_status_idx').on(t.orgId, t.status)],
);

export const appealAttachments = pgTable(
  'appeal_attachments',
  {
    id: uuid('id').primaryKey(),
    appealId: uuid('appeal_id').notNull(),
    eventId: integer('event_id'),
    filename: text('filename').notNull(),
    mime: varchar('mime', { length: 64 }).notNull(),
    size: integer('size').notNull(),
    data: bytea('data').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('appeal_attachments_appeal_idx').on(t.appealId)],
);

/** Extension (延期) and deferral (缓办) requests, approved or refused by the dispatcher. */
export const appealRequests = pgTable(
  'appeal_requests',
  {
    id: uuid('id').primaryKey(),
    appealId: uuid('appeal_id').notNull(),
    kind: varchar('kind', { length: 16 }).notNull(), // extension | deferral
    orgId: uuid('org_id'),
    reason: text('reason').notNull(),
    amount: integer('amount'),
    unit: varchar('unit', { length: 16 }),
    status: varchar('status', { length: 16 }).notNull(), // pending | approved | refused
    requestedBy: text('requested_by').notNull(),
    decidedBy: text('decided_by'),
    decidedAt: ts('decided_at'),
    decisionNote: text('decision_note'),
    createdAt: createdAt(),
  },
  (t) => [index('appeal_requests_appeal_idx').on(t.appealId)],
);

/** 双评价: the requester's rating (self-service or staff callback) and the township's evaluation. */
export const appealEvaluations = pgTable(
  'appeal_evaluations',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    appealId: uuid('appeal_id').notNull(),
    round: integer('round').notNull(), // rework count at the time: one evaluation per round and kind
    kind: varchar('kind', { length: 16 }).notNull(), // requester | township
    rating: varchar('rating', { length: 24 }).notNull(), // satisfied | basically_satisfied | dissatisfied | unreachable (requester); good | fair | poor (township)
    solved: boolean('solved'),
    verified: boolean('verified'),
    method: varchar('method', { length: 16 }).notNull(), // self | callback | staff
    orgId: uuid('org_id'),
    comment: text('comment'),
    by: text('by').notNull(),
    at: ts('at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('appeal_evaluations_round_uq').on(t.appealId, t.round, t.kind), index('appeal_evaluations_at_idx').on(t.at)],
);

/** How long an appeal may wait to be accepted, per channel (受理时限); channels without a row use the default. */
export const appealAcceptLimits = pgTable('appeal_accept_limits', {
  channel: varchar('channel', { length: 24 }).primaryKey(),
  amount: integer('amount').notNull(),
  unit: varchar('unit', { length: 16 }).notNull(),
});

/**
 * 多诉统办: a county's duplicate-suggestion settings (appeals.similar.ts), stored by its administrator: the
 * distance that counts as the same place, how long open and closed appeals are offered, the minimum score
 * and how many suggestions. One row per county; a county without one uses appeals.similar.ts's defaults.
 */
export const duplicateSettings = pgTable('duplicate_settings', {
  regionCode: regionCode().primaryKey(), // a county's 6-digit code
  metres: integer('metres').notNull(),
  openDays: integer('open_days').notNull(),
  windowDays: integer('window_days').notNull(),
  threshold: doublePrecision('threshold').notNull(),
  suggestions: integer('suggestions').notNull(),
  updatedBy: text('updated_by').notNull(),
  updatedAt: updatedAt(),
});

/** Response and handling limits per category and urgency ('*' is the default category). */
export const appealTimeLimits = pgTable(
  'appeal_time_limits',
  {
    categoryCode: varchar('category_code', { length: 32 }).notNull(),
    urgency: varchar('urgency', { length: 16 }).notNull(),
    responseAmount: integer('response_amount').notNull(),
    responseUnit: varchar('response_unit', { length: 16 }).notNull(),
    handlingAmount: integer('handling_amount').notNull(),
    handlingUnit: varchar('handling_unit', { length: 16 }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.categoryCode, t.urgency] })],
);

/**
 * Idempotency keys of appeal creation (console, QR page, Open311): a retry after a lost answer finds
 * its key and gets the first appeal back instead of registering a second. Keys are per caller (an
 * account, an API key, a resident's phone), kept 24 hours. The primary key makes the claim race-safe:
 * two requests with one key cannot both register. No foreign key: the key is claimed in the appeal's
 * transaction before the appeal's row is written.
 */
export const appealIdempotencyKeys = pgTable(
  'appeal_idempotency_keys',
  {
    scope: varchar('scope', { length: 100 }).notNull(),
    key: varchar('key', { length: 100 }).notNull(),
    requestHash: varchar('request_hash', { length: 64 }).notNull(),
    appealId: uuid('appeal_id').notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.scope, t.key] }), index('appeal_idempotency_keys_created_idx').on(t.createdAt)],
);

/** Daily sequence for human-readable numbers: 360802-20261122-0042. */
export const appealSequences = pgTable(
  'appeal_sequences',
  {
    prefix: varchar('prefix', { length: 24 }).primaryKey(),
    last: integer('last').notNull(),
  },
);


/**
 * The figures of docs/DOMAIN.md §11 per county and China day, kept by a trigger on `appeals` (migration
 * 0012) in the transaction that changes an appeal, so wide dashboards read a few thousand rows instead
 * of a year of appeals. Each family counts on its own day: the cohort figures on the day of acceptance
 * (merged duplicates excluded), closures on the day of closure, the requester's latest rating on the
 * day it was recorded. What depends on the period's end (应办结, approved deferrals) is read from the
 * appeals themselves (see appeals.metrics.ts).
 */
export const appealDayFigures = pgTable(
  'appeal_day_figures',
  {
    countyCode: varchar('county_code', { length: 6 }).notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    accepted: integer('accepted').notNull().default(0),
    handled: integer('handled').notNull().default(0),
    handledOnTime: integer('handled_on_time').notNull().default(0),
    responseValid: integer('response_valid').notNull().default(0),
    respondedOnTime: integer('responded_on_time').notNull().default(0),
    fieldCollected: integer('field_collected').notNull().default(0),
    onSpot: integer('on_spot').notNull().default(0),
    handlingMinutesSum: bigint('handling_minutes_sum', { mode: 'number' }).notNull().default(0),
    handlingCount: integer('handling_count').notNull().default(0),
    closed: integer('closed').notNull().default(0),
    closedReworked: integer('closed_reworked').notNull().default(0),
    /** Latest ratings recorded that day, "unreachable" included. */
    rated: integer('rated').notNull().default(0),
    evaluations: integer('evaluations').notNull().default(0),
    solved: integer('solved').notNull().default(0),
    satisfied: integer('satisfied').notNull().default(0),
    basicallySatisfied: integer('basically_satisfied').notNull().default(0),
    dissatisfied: integer('dissatisfied').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.countyCode, t.day] })],
);

/**
 * 我也遇到 (me too): a resident who found, on the QR page, that their problem is already reported and
 * said it affects them too. One per phone per appeal; the phone sealed (told the outcome by SMS), its
 * blind index the key.
 */
export const appealAffected = pgTable(
  'appeal_affected',
  {
    appealId: uuid('appeal_id').notNull(),
    phoneIndex: varchar('phone_index', { length: 64 }).notNull(),
    phoneEnc: text('phone_enc').notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.appealId, t.phoneIndex] })],
);
