import { bigint, bigserial, doublePrecision, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid, varchar } from 'drizzle-orm/pg-core';
import { createdAt, updatedAt } from '../../platform/columns.js';

export type Polygon = { type: 'Polygon'; coordinates: number[][][] };

/**
 * A grid (网格): code = village code + 3-digit sequence, so the code itself is its scope key.
 * The bounding box columns make point-to-grid lookups an index range scan before the exact test.
 */
export const grids = pgTable(
  'grids',
  {
    code: varchar('code', { length: 15 }).primaryKey(),
    name: text('name').notNull(),
    villageCode: varchar('village_code', { length: 12 }).notNull(),
    kind: varchar('kind', { length: 16 }).notNull().default('basic'), // basic 基础网格 | dedicated 专属网格
    /** For a dedicated grid: school | hospital | industrial_park | market. */
    subKind: varchar('sub_kind', { length: 24 }),
    /** The party organisation of the grid: a 网格党支部 (branch) or 党小组 (group). */
    partyOrgName: text('party_org_name'),
    partyOrgKind: varchar('party_org_kind', { length: 16 }), // branch | group
    /** active, or retired after a merge (its code is never reused). */
    status: varchar('status', { length: 16 }).notNull().default('active'),
    retiredAt: timestamp('retired_at', { withTimezone: true, mode: 'date' }),
    retiredInto: varchar('retired_into', { length: 15 }),
    version: integer('version').notNull().default(1),
    polygon: jsonb('polygon').$type<Polygon>().notNull(),
    minLon: doublePrecision('min_lon').notNull(),
    minLat: doublePrecision('min_lat').notNull(),
    maxLon: doublePrecision('max_lon').notNull(),
    maxLat: doublePrecision('max_lat').notNull(),
    centroidLon: doublePrecision('centroid_lon').notNull(),
    centroidLat: doublePrecision('centroid_lat').notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('grids_village_idx').on(t.villageCode), index('grids_bbox_idx').on(t.minLon, t.maxLon, t.minLat, t.maxLat)],
);

/** Workers assigned to a grid: full_time 专职, part_time 兼职, group_leader 大组长. */
export const gridWorkers = pgTable(
  'grid_workers',
  {
    gridCode: varchar('grid_code', { length: 15 }).notNull(),
    userId: uuid('user_id').notNull(),
    kind: varchar('kind', { length: 16 }).notNull().default('full_time'),
    note: text('note'),
    assignedAt: timestamp('assigned_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.gridCode, t.userId] }), index('grid_workers_user_idx').on(t.userId)],
);

/**
 * One row counting changes to grid outlines: every write that adds, reshapes or retires a grid bumps
 * it in the same transaction, so each server's in-memory point-to-grid index knows when to reload.
 */
export const gridRevision = pgTable('grid_revision', {
  id: integer('id').primaryKey(),
  revision: bigint('revision', { mode: 'number' }).notNull(),
});

/**
 * 网格准入事项: the tasks that may be assigned to a grid's workers. A duty is proposed (pending) and
 * takes effect only when another account approves it; removing one is recorded too.
 */
export const gridDuties = pgTable(
  'grid_duties',
  {
    id: uuid('id').primaryKey(),
    gridCode: varchar('grid_code', { length: 15 }).notNull(),
    title: text('title').notNull(),
    description: text('description'),
    /** The document or decision that lets this task into the grid. */
    basis: text('basis'),
    status: varchar('status', { length: 16 }).notNull().default('pending'), // pending | approved | rejected | removed
    requestedBy: text('requested_by').notNull(),
    requestedByName: text('requested_by_name').notNull(),
    requestedAt: timestamp('requested_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    decidedBy: text('decided_by'),
    decidedByName: text('decided_by_name'),
    decidedAt: timestamp('decided_at', { withTimezone: true, mode: 'date' }),
    decisionNote: text('decision_note'),
    removedBy: text('removed_by'),
    removedAt: timestamp('removed_at', { withTimezone: true, mode: 'date' }),
    removedReason: text('removed_reason'),
  },
  (t) => [index('grid_duties_grid_idx').on(t.gridCode, t.status)],
);

/** Grid lineage: what a split or merge did, for the grid's history. */
export const gridChanges = pgTable(
  'grid_changes',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    gridCode: varchar('grid_code', { length: 15 }).notNull(),
    action: varchar('action', { length: 16 }).notNull(), // create | update | split | merge | retire
    related: text('related').array().notNull().default([]),
    changed: text('changed').array().notNull().default([]),
    reason: text('reason'),
    actorId: text('actor_id').notNull(),
    actorName: text('actor_name').notNull(),
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [index('grid_changes_grid_idx').on(t.gridCode, t.at)],
);
