import { date, index, integer, pgTable, text, timestamp, uniqueIndex, uuid, varchar } from 'drizzle-orm/pg-core';
import { createdAt, regionCode, ts } from '../../platform/columns.js';

/**
 * People who help (§14): 在职党员 who registered (报到) with their residential community, volunteers,
 * social workers of the 社工站, donors. `regionCode` is the community (or grid) they registered with,
 * captured at registration; phones only through the vault.
 */
export const helpers = pgTable(
  'helpers',
  {
    id: uuid('id').primaryKey(),
    regionCode: regionCode().notNull(),
    kind: varchar('kind', { length: 16 }).notNull(), // party_member | volunteer | social_worker | donor
    name: text('name').notNull(),
    phoneEnc: text('phone_enc'),
    phoneBidx: varchar('phone_bidx', { length: 64 }),
    phoneMasked: varchar('phone_masked', { length: 32 }),
    /** The member's work unit (在职党员's 单位), as they name it. */
    workUnit: text('work_unit'),
    /** The paired unit (结对单位) they came through, if any. */
    unitId: uuid('unit_id'),
    teamId: uuid('team_id'),
    skills: text('skills').array().notNull().default([]),
    /** Hours a month they offer. */
    hoursOffered: integer('hours_offered').notNull().default(0),
    status: varchar('status', { length: 16 }).notNull().default('active'), // active | left
    registeredAt: createdAt(),
    createdBy: text('created_by').notNull(),
    version: integer('version').notNull().default(1),
  },
  (t) => [index('helpers_region_idx').on(t.regionCode, t.kind), index('helpers_phone_idx').on(t.phoneBidx), index('helpers_team_idx').on(t.teamId)],
);

/** 结对共建: a unit (机关、企事业单位) paired with a community; one row per pairing. */
export const pairedUnits = pgTable(
  'paired_units',
  {
    id: uuid('id').primaryKey(),
    regionCode: regionCode().notNull(),
    name: text('name').notNull(),
    kind: varchar('kind', { length: 16 }).notNull(), // organ | institution | enterprise | social_org
    contactName: text('contact_name'),
    phoneEnc: text('phone_enc'),
    phoneMasked: varchar('phone_masked', { length: 32 }),
    pairedSince: date('paired_since', { mode: 'string' }).notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: createdAt(),
    version: integer('version').notNull().default(1),
  },
  (t) => [uniqueIndex('paired_units_region_name_uq').on(t.regionCode, t.name)],
);

/** Volunteer teams (马大哥巡防队, 芳华益家 …). */
export const volunteerTeams = pgTable(
  'volunteer_teams',
  {
    id: uuid('id').primaryKey(),
    regionCode: regionCode().notNull(),
    name: text('name').notNull(),
    purpose: text('purpose'),
    createdBy: text('created_by').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('volunteer_teams_region_name_uq').on(t.regionCode, t.name)],
);

/**
 * The three lists. 需求清单: a community's needs, raised by visits, appeals, meetings or staff, each with
 * its workflow (volunteers.workflow.ts). The claimant is a helper or a paired unit; the deed counts for it.
 */
export const needs = pgTable(
  'needs',
  {
    id: uuid('id').primaryKey(),
    regionCode: regionCode().notNull(),
    title: text('title').notNull(),
    detail: text('detail'),
    kind: varchar('kind', { length: 16 }).notNull(), // skills | goods | money | hours | venue
    source: varchar('source', { length: 16 }).notNull(), // visit | appeal | meeting | staff
    sourceRef: text('source_ref'),
    /** The household file it was raised for (a visit's finding): when done, its timeline shows the help. */
    householdId: uuid('household_id'),
    status: varchar('status', { length: 16 }).notNull(),
    helperId: uuid('helper_id'),
    unitId: uuid('unit_id'),
    claimedAt: ts('claimed_at'),
    doneAt: ts('done_at'),
    evidence: text('evidence'),
    confirmedAt: ts('confirmed_at'),
    createdBy: text('created_by').notNull(),
    createdAt: createdAt(),
    version: integer('version').notNull().default(1),
  },
  (t) => [index('needs_region_idx').on(t.regionCode, t.status), index('needs_helper_idx').on(t.helperId), index('needs_unit_idx').on(t.unitId)],
);

/** 职责清单: what a paired unit undertakes for its community. */
export const unitDuties = pgTable(
  'unit_duties',
  {
    id: uuid('id').primaryKey(),
    unitId: uuid('unit_id').notNull(),
    regionCode: regionCode().notNull(),
    title: text('title').notNull(),
    detail: text('detail'),
    createdAt: createdAt(),
  },
  (t) => [index('unit_duties_unit_idx').on(t.unitId)],
);

/** 资源清单: what a helper or a unit offers — skills, goods, money, hours, venues. */
export const resources = pgTable(
  'resources',
  {
    id: uuid('id').primaryKey(),
    regionCode: regionCode().notNull(),
    kind: varchar('kind', { length: 16 }).notNull(),
    title: text('title').notNull(),
    detail: text('detail'),
    helperId: uuid('helper_id'),
    unitId: uuid('unit_id'),
    createdAt: createdAt(),
  },
  (t) => [index('resources_region_idx').on(t.regionCode, t.kind)],
);

/** Volunteer activities: a place, a time and slots; sign-up, sign-in on the spot, hours (the time bank). */
export const activities = pgTable(
  'volunteer_activities',
  {
    id: uuid('id').primaryKey(),
    regionCode: regionCode().notNull(),
    teamId: uuid('team_id'),
    title: text('title').notNull(),
    place: text('place').notNull(),
    startsAt: timestamp('starts_at', { withTimezone: true, mode: 'date' }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true, mode: 'date' }).notNull(),
    slots: integer('slots').notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('volunteer_activities_region_idx').on(t.regionCode, t.startsAt)],
);

export const activitySignups = pgTable(
  'activity_signups',
  {
    id: uuid('id').primaryKey(),
    activityId: uuid('activity_id').notNull(),
    helperId: uuid('helper_id').notNull(),
    regionCode: regionCode().notNull(),
    signedUpAt: createdAt(),
    signedInAt: ts('signed_in_at'),
    /** Minutes served, recorded after the activity (the time bank counts these). */
    minutes: integer('minutes'),
    recordedAt: ts('recorded_at'),
  },
  (t) => [uniqueIndex('activity_signups_uq').on(t.activityId, t.helperId), index('activity_signups_helper_idx').on(t.helperId, t.recordedAt)],
);

/** Unclaimed wishes pushed to a paired unit near a campaign's end: once per campaign and unit. */
export const wishPushes = pgTable(
  'wish_pushes',
  {
    campaignId: uuid('campaign_id').notNull(),
    unitId: uuid('unit_id').notNull(),
    waiting: integer('waiting').notNull(),
    at: createdAt(),
  },
  (t) => [uniqueIndex('wish_pushes_uq').on(t.campaignId, t.unitId)],
);

/**
 * One-time SMS codes for a helper's phone sign-in: only a keyed hash of the code is kept (never the code
 * or the phone), valid for minutes, used once. Wrong guesses are counted by the platform rate limiter.
 */
export const helperCodes = pgTable(
  'helper_codes',
  {
    id: uuid('id').primaryKey(),
    helperId: uuid('helper_id').notNull(),
    codeHash: varchar('code_hash', { length: 64 }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
    usedAt: ts('used_at'),
    createdAt: createdAt(),
  },
  (t) => [index('helper_codes_helper_idx').on(t.helperId, t.createdAt)],
);

/** A helper's phone sessions: only a hash of the cookie token is stored (like staff sessions). */
export const helperSessions = pgTable(
  'helper_sessions',
  {
    tokenHash: varchar('token_hash', { length: 64 }).primaryKey(),
    helperId: uuid('helper_id').notNull(),
    csrfToken: varchar('csrf_token', { length: 64 }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('helper_sessions_helper_idx').on(t.helperId), index('helper_sessions_expires_idx').on(t.expiresAt)],
);
