import {
  bigserial,
  boolean,
  date,
  doublePrecision,
  index,
  integer,
  json,
  jsonb,
  pgTable,
  primaryKey,
  serial,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  varchar,
} from 'drizzle-orm/pg-core';
import { createdAt, updatedAt } from '../../platform/columns.js';

/**
 * 一户一档: one file per household. `gridCode` is the scope key (a 15-digit grid code nests under
 * its village, township and county codes). `addressKey` is the natural key that makes imports
 * idempotent: the same address in the same grid is the same household.
 */
export const households = pgTable(
  'households',
  {
    id: uuid('id').primaryKey(),
    gridCode: varchar('grid_code', { length: 15 }).notNull(),
    addressKind: varchar('address_kind', { length: 16 }).notNull(), // building | village
    buildingId: uuid('building_id'),
    unit: varchar('unit', { length: 16 }),
    floor: integer('floor'),
    room: varchar('room', { length: 16 }),
    villageGroup: varchar('village_group', { length: 32 }),
    houseNumber: varchar('house_number', { length: 32 }),
    address: text('address').notNull(),
    addressKey: text('address_key').notNull(),
    type: varchar('type', { length: 24 }).notNull().default('ordinary'),
    tags: text('tags').array().notNull().default([]),
    riskLevel: varchar('risk_level', { length: 8 }).notNull().default('none'), // none | low | medium | high
    riskNotes: text('risk_notes'),
    headPersonId: uuid('head_person_id'),
    memberCount: integer('member_count').notNull().default(0),
    /** Derived from type, tags and risk by the visit rules; kept here so planners can query it. */
    visitIntervalDays: integer('visit_interval_days').notNull().default(182),
    lon: doublePrecision('lon'),
    lat: doublePrecision('lat'),
    status: varchar('status', { length: 16 }).notNull().default('active'), // active | archived
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('households_address_key_uq').on(t.addressKey),
    index('households_grid_idx').on(t.gridCode, t.address),
    index('households_building_idx').on(t.buildingId),
  ],
);

/**
 * People. ID numbers and phones are stored only encrypted (`*Enc`), as a keyed blind index for exact
 * search (`*Bidx`) and masked for display (`*Masked`). `gridCode` follows the current household (or
 * the last one, after a person leaves), so people stay inside the scope that knows them.
 */
export const people = pgTable(
  'people',
  {
    id: uuid('id').primaryKey(),
    householdId: uuid('household_id'),
    gridCode: varchar('grid_code', { length: 15 }).notNull(),
    name: text('name').notNull(),
    relation: varchar('relation', { length: 16 }),
    idNumberEnc: text('id_number_enc'),
    idNumberBidx: varchar('id_number_bidx', { length: 64 }),
    idNumberMasked: varchar('id_number_masked', { length: 24 }),
    phoneEnc: text('phone_enc'),
    phoneBidx: varchar('phone_bidx', { length: 64 }),
    phoneMasked: varchar('phone_masked', { length: 32 }),
    birthDate: date('birth_date', { mode: 'string' }),
    sex: varchar('sex', { length: 8 }), // male | female
    /** A resident who is also staff (a 大组长, a part-time grid worker) is linked to their account. */
    userId: uuid('user_id'),
    status: varchar('status', { length: 16 }).notNull().default('active'), // active | moved_out | deceased
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('people_id_number_bidx_uq').on(t.idNumberBidx),
    index('people_phone_bidx_idx').on(t.phoneBidx),
    index('people_household_idx').on(t.householdId),
    index('people_name_idx').on(t.name.op('text_pattern_ops'), t.gridCode),
    index('people_grid_idx').on(t.gridCode),
  ],
);

/** Where a person has lived: one row per stay in a household; the open one is the current home. */
export const householdMembers = pgTable(
  'household_members',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    personId: uuid('person_id').notNull(),
    householdId: uuid('household_id').notNull(),
    relation: varchar('relation', { length: 16 }),
    joinedAt: timestamp('joined_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    leftAt: timestamp('left_at', { withTimezone: true, mode: 'date' }),
    reason: text('reason'),
  },
  (t) => [index('household_members_person_idx').on(t.personId, t.joinedAt), index('household_members_household_idx').on(t.householdId)],
);

/**
 * Versioned changes to households and people: who, when, what (before/after per field), why.
 * Personal fields are kept encrypted (with their mask for display), never in clear. Append-only:
 * a revert is a new change that points at the one it undoes.
 */
export const recordChanges = pgTable(
  'record_changes',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    entityType: varchar('entity_type', { length: 16 }).notNull(), // household | person
    entityId: uuid('entity_id').notNull(),
    householdId: uuid('household_id'),
    gridCode: varchar('grid_code', { length: 15 }).notNull(),
    version: integer('version').notNull(),
    action: varchar('action', { length: 16 }).notNull(), // create | update | move | archive | revert
    changes: jsonb('changes').$type<FieldChange[]>().notNull(),
    reason: text('reason'),
    revertOf: integer('revert_of'),
    importJobId: uuid('import_job_id'),
    actorId: text('actor_id').notNull(),
    actorName: text('actor_name').notNull(),
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [index('record_changes_entity_idx').on(t.entityId, t.id), index('record_changes_household_idx').on(t.householdId, t.id)],
);

/** A value in the history: plain for ordinary fields; sealed and masked for ID numbers and phones. */
export type HistoryValue = string | number | boolean | string[] | null | { enc: string; masked: string; bidx: string };
export interface FieldChange {
  field: string;
  before: HistoryValue;
  after: HistoryValue;
}

/**
 * The household's timeline (append-only): changes to the file now; visits, appeals and help received
 * later, written by those modules through `appendHouseholdEvent`.
 */
export const householdEvents = pgTable(
  'household_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    householdId: uuid('household_id').notNull(),
    gridCode: varchar('grid_code', { length: 15 }).notNull(),
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    source: varchar('source', { length: 16 }).notNull(), // households | visits | appeals | assistance
    kind: varchar('kind', { length: 32 }).notNull(),
    summary: text('summary').notNull(),
    refType: varchar('ref_type', { length: 24 }),
    refId: text('ref_id'),
    data: jsonb('data').$type<Record<string, unknown>>(),
    actorId: text('actor_id'),
    actorName: text('actor_name'),
  },
  (t) => [index('household_events_household_idx').on(t.householdId, t.at)],
);

/** Configurable household tags (低保, 特困, 残疾 …). `vulnerable` tags are shown only inside scope. */
export const householdTags = pgTable('household_tags', {
  code: varchar('code', { length: 32 }).primaryKey(),
  name: text('name').notNull(),
  nameEn: text('name_en').notNull(),
  vulnerable: boolean('vulnerable').notNull().default(true),
  active: boolean('active').notNull().default(true),
  sort: integer('sort').notNull().default(0),
});

/**
 * Visit-frequency rules: a household matching a rule (by type, tag or risk level; empty matches all)
 * is due every `intervalDays`; the shortest matching interval wins.
 */
export const visitRules = pgTable('visit_rules', {
  id: serial('id').primaryKey(),
  householdType: varchar('household_type', { length: 24 }),
  tagCode: varchar('tag_code', { length: 32 }),
  riskLevel: varchar('risk_level', { length: 8 }),
  intervalDays: integer('interval_days').notNull(),
  note: text('note'),
});

/** A spreadsheet import: progress the console polls, and its outcome. */
export const importJobs = pgTable(
  'import_jobs',
  {
    id: uuid('id').primaryKey(),
    kind: varchar('kind', { length: 24 }).notNull().default('households'),
    mode: varchar('mode', { length: 16 }).notNull(), // all_or_nothing | valid_rows
    status: varchar('status', { length: 16 }).notNull(), // validating | writing | done | rejected | failed
    fileName: text('file_name').notNull(),
    fileSha256: varchar('file_sha256', { length: 64 }).notNull(),
    total: integer('total').notNull().default(0),
    done: integer('done').notNull().default(0),
    errorRows: integer('error_rows').notNull().default(0),
    householdsCreated: integer('households_created').notNull().default(0),
    householdsUpdated: integer('households_updated').notNull().default(0),
    peopleCreated: integer('people_created').notNull().default(0),
    peopleUpdated: integer('people_updated').notNull().default(0),
    unchanged: integer('unchanged').notNull().default(0),
    message: text('message'),
    regionCode: varchar('region_code', { length: 15 }).notNull(),
    actorId: text('actor_id').notNull(),
    actorName: text('actor_name').notNull(),
    createdAt: createdAt(),
    heartbeatAt: timestamp('heartbeat_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [index('import_jobs_actor_idx').on(t.actorId, t.createdAt)],
);

export const importJobErrors = pgTable(
  'import_job_errors',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    jobId: uuid('job_id').notNull(),
    row: integer('row').notNull(),
    column: text('column').notNull(),
    reason: text('reason').notNull(),
    reasonEn: text('reason_en').notNull(),
  },
  (t) => [index('import_job_errors_job_idx').on(t.jobId, t.row)],
);

/**
 * An import's rows while it runs (deleted when it ends), so that a file of any size is read once and
 * checked and written in batches with constant memory: each row checked on its own as it is read, then
 * read back household by household (ordered by address key) for the checks across rows. Personal data
 * is kept sealed as it will be stored (ID number and phone encrypted, blind-indexed, masked). Unlogged
 * (migration 0039; drizzle does not model it): scratch that a crash may empty, as a job run again stages
 * its rows afresh.
 */
export const importJobRows = pgTable(
  'import_job_rows',
  {
    jobId: uuid('job_id').notNull(),
    row: integer('row').notNull(),
    /** The row passed every check of its own (and its household's address key is set). */
    ok: boolean('ok').notNull(),
    householdKey: text('household_key'),
    /** The ID number's blind index, for rows whose ID number is valid (duplicates within the file). */
    idNumberBidx: text('id_number_bidx'),
    /**
     * The household's columns and the person's sealed columns, for rows that passed (see
     * households.import.plan.ts). json, not jsonb: the rows are written once and read back whole, never
     * queried inside; jsonb's conversion made each staged batch cost about twice as much.
     */
    data: json('data'),
  },
  (t) => [
    primaryKey({ columns: [t.jobId, t.row] }),
    index('import_job_rows_household_idx').on(t.jobId, t.householdKey, t.row),
    index('import_job_rows_id_number_idx').on(t.jobId, t.idNumberBidx, t.row),
  ],
);

