import { boolean, index, integer, pgTable, primaryKey, text, uniqueIndex, uuid, varchar } from 'drizzle-orm/pg-core';
import { createdAt, regionCode, updatedAt } from '../../platform/columns.js';

/**
 * Organisations that handle appeals: departments (职能部门), township governance centres (综治中心),
 * village/community workstations — each placed at a node of the division tree.
 */
export const orgs = pgTable(
  'orgs',
  {
    id: uuid('id').primaryKey(),
    name: text('name').notNull(),
    kind: varchar('kind', { length: 24 }).notNull(), // department | governance_center | workstation; mediation bodies and their supervisors (mediation module)
    regionCode: regionCode().notNull(),
    phone: varchar('phone', { length: 32 }),
    description: text('description'),
    active: boolean('active').notNull().default(true),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('orgs_region_name_uq').on(t.regionCode, t.name), index('orgs_region_idx').on(t.regionCode)],
);

export const orgCategories = pgTable(
  'org_categories',
  {
    orgId: uuid('org_id').notNull(),
    categoryCode: varchar('category_code', { length: 32 }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.categoryCode] }), index('org_categories_category_idx').on(t.categoryCode)],
);
