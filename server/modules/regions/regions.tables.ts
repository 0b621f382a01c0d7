import { index, integer, pgTable, text, varchar } from 'drizzle-orm/pg-core';

/** The national division tree (province → city → county → township → village/community). */
export const regions = pgTable(
  'regions',
  {
    code: varchar('code', { length: 12 }).primaryKey(),
    name: text('name').notNull(),
    level: varchar('level', { length: 16 }).notNull(), // province | city | county | township | village
    parentCode: varchar('parent_code', { length: 12 }),
    /** Full pinyin without tones or spaces, and initials ("jzq" for 吉州区), for search. */
    pinyin: text('pinyin').notNull().default(''),
    initials: varchar('initials', { length: 64 }).notNull().default(''),
    depth: integer('depth').notNull(),
  },
  (t) => [index('regions_parent_idx').on(t.parentCode), index('regions_initials_idx').on(t.initials), index('regions_name_idx').on(t.name)],
);
