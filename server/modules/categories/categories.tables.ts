import { boolean, index, integer, pgTable, text, varchar } from 'drizzle-orm/pg-core';

/** The appeal category taxonomy (multi-level); organisations declare which categories they handle. */
export const appealCategories = pgTable(
  'appeal_categories',
  {
    code: varchar('code', { length: 32 }).primaryKey(),
    name: text('name').notNull(),
    parentCode: varchar('parent_code', { length: 32 }),
    level: integer('level').notNull(),
    sort: integer('sort').notNull().default(0),
    active: boolean('active').notNull().default(true),
    // 即诉即办: simple appeals answered the same working day (a fast queue with its own rate).
    simple: boolean('simple').notNull().default(false),
  },
  (t) => [index('appeal_categories_parent_idx').on(t.parentCode)],
);
