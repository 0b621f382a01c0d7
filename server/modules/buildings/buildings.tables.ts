import { doublePrecision, index, integer, pgTable, text, uniqueIndex, uuid, varchar } from 'drizzle-orm/pg-core';
import { createdAt, updatedAt } from '../../platform/columns.js';

/** 小区: a residential compound, numbered within its grid. */
export const compounds = pgTable(
  'compounds',
  {
    id: uuid('id').primaryKey(),
    gridCode: varchar('grid_code', { length: 15 }).notNull(),
    seq: integer('seq').notNull(),
    name: text('name').notNull(),
    propertyCompany: text('property_company'),
    propertyPhone: varchar('property_phone', { length: 32 }),
    responsibleUserId: uuid('responsible_user_id'),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('compounds_grid_seq_uq').on(t.gridCode, t.seq), index('compounds_grid_name_idx').on(t.gridCode, t.name)],
);

/** 楼栋: a building, numbered within its grid; households live in its units and floors. */
export const buildings = pgTable(
  'buildings',
  {
    id: uuid('id').primaryKey(),
    gridCode: varchar('grid_code', { length: 15 }).notNull(),
    seq: integer('seq').notNull(),
    compoundId: uuid('compound_id'),
    /** As residents say it: "3栋", "综合楼". */
    name: text('name').notNull(),
    units: integer('units'),
    floors: integer('floors'),
    propertyCompany: text('property_company'),
    responsibleUserId: uuid('responsible_user_id'),
    lon: doublePrecision('lon'),
    lat: doublePrecision('lat'),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('buildings_grid_seq_uq').on(t.gridCode, t.seq),
    index('buildings_grid_name_idx').on(t.gridCode, t.name),
    index('buildings_compound_idx').on(t.compoundId),
  ],
);
