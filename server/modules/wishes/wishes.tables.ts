import { bigserial, date, index, integer, jsonb, pgTable, text, uniqueIndex, uuid, varchar } from 'drizzle-orm/pg-core';
import { bytea, createdAt, regionCode, ts } from '../../platform/columns.js';

/**
 * 微心愿 campaigns: a window (e.g. 1–5 June) in which wishes are claimed, and the rules a wish's person
 * must meet (an age range, a household tag such as 困境儿童). `regionCode` is the area it covers:
 * wishes are collected only for households inside it.
 */
export const wishCampaigns = pgTable(
  'wish_campaigns',
  {
    id: uuid('id').primaryKey(),
    regionCode: regionCode().notNull(),
    name: text('name').notNull(),
    startsOn: date('starts_on', { mode: 'string' }).notNull(),
    endsOn: date('ends_on', { mode: 'string' }).notNull(),
    ageMin: integer('age_min'),
    ageMax: integer('age_max'),
    /** A household tag code (households.config: child_in_difficulty …) the household must carry. */
    requiredTag: varchar('required_tag', { length: 32 }),
    createdBy: text('created_by').notNull(),
    createdAt: createdAt(),
    version: integer('version').notNull().default(1),
  },
  (t) => [index('wish_campaigns_region_idx').on(t.regionCode, t.startsOn)],
);

/**
 * One wish of one person of the household file. `regionCode` is the household's grid code when the
 * wish was collected (scope); the public wall shows only `initial`, `age`, the wish and the community.
 */
export const wishes = pgTable(
  'wishes',
  {
    id: uuid('id').primaryKey(),
    campaignId: uuid('campaign_id').notNull(),
    regionCode: regionCode().notNull(),
    personId: uuid('person_id').notNull(),
    householdId: uuid('household_id').notNull(),
    /** 小李 / 李某: what the wall may show of the name. */
    initial: varchar('initial', { length: 8 }).notNull(),
    age: integer('age').notNull(),
    kind: varchar('kind', { length: 8 }).notNull(), // goods | care
    content: text('content').notNull(),
    status: varchar('status', { length: 16 }).notNull(),
    collectedBy: text('collected_by').notNull(),
    collectedAt: ts('collected_at').notNull().defaultNow(),
    claimedAt: ts('claimed_at'),
    fulfilledAt: ts('fulfilled_at'),
    /** The photo's date, as the fulfiller gave it (China day). */
    fulfilledOn: date('fulfilled_on', { mode: 'string' }),
    confirmedAt: ts('confirmed_at'),
    confirmMethod: varchar('confirm_method', { length: 16 }), // callback | signature
    thanks: text('thanks'),
    thankedAt: ts('thanked_at'),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    index('wishes_region_idx').on(t.regionCode, t.collectedAt),
    index('wishes_campaign_idx').on(t.campaignId, t.status),
    uniqueIndex('wishes_person_campaign_uq').on(t.campaignId, t.personId),
  ],
);

/** Who claimed a wish (认领), jointly too. A person's phone only through the vault. */
export const wishHelpers = pgTable(
  'wish_helpers',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    wishId: uuid('wish_id').notNull(),
    kind: varchar('kind', { length: 16 }).notNull(), // member | unit | volunteer | donor
    name: text('name').notNull(),
    phoneEnc: text('phone_enc'),
    phoneBidx: varchar('phone_bidx', { length: 64 }),
    phoneMasked: varchar('phone_masked', { length: 32 }),
    /** The registered helper (volunteers' helpers) who claimed it on their phone: the deed counts for them, once. */
    helperId: uuid('helper_id'),
    /** The paired unit (volunteers' paired_units) picked in the console as the claimant: the deed counts for the unit, once. */
    unitId: uuid('unit_id'),
    at: createdAt(),
  },
  (t) => [
    index('wish_helpers_wish_idx').on(t.wishId),
    uniqueIndex('wish_helpers_helper_uq').on(t.wishId, t.helperId),
    index('wish_helpers_helper_idx').on(t.helperId),
    uniqueIndex('wish_helpers_unit_uq').on(t.wishId, t.unitId),
    index('wish_helpers_unit_idx').on(t.unitId),
  ],
);

/**
 * The fulfilment photo, with the day it was taken, and the recipient's (or guardian's) signature of
 * receipt drawn on a phone (`kind` signature, a PNG); shown to staff, never on the wall.
 */
export const wishPhotos = pgTable(
  'wish_photos',
  {
    id: uuid('id').primaryKey(),
    wishId: uuid('wish_id').notNull(),
    takenOn: date('taken_on', { mode: 'string' }).notNull(),
    kind: varchar('kind', { length: 16 }).notNull().default('fulfilment'), // fulfilment | signature
    filename: text('filename').notNull(),
    mime: varchar('mime', { length: 64 }).notNull(),
    size: integer('size').notNull(),
    data: bytea('data').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('wish_photos_wish_idx').on(t.wishId)],
);

/** The wish's timeline: every step, append-only. */
export const wishEvents = pgTable(
  'wish_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    wishId: uuid('wish_id').notNull(),
    action: varchar('action', { length: 16 }).notNull(),
    fromStatus: varchar('from_status', { length: 16 }),
    toStatus: varchar('to_status', { length: 16 }).notNull(),
    actorId: text('actor_id').notNull(),
    actorName: text('actor_name').notNull(),
    note: text('note'),
    data: jsonb('data').$type<Record<string, unknown>>(),
    at: createdAt(),
  },
  (t) => [index('wish_events_wish_idx').on(t.wishId, t.id)],
);
