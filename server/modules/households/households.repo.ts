/**
 * The household files as other modules read them. Visits joins its own rows (the visiting state of
 * each household) to the households, on hot paths: a subquery built here lets it do so in one
 * query while the tables stay inside this module. Postgres pulls such a subquery up into the outer
 * query, so the plan is the one a join with the table gets.
 */
import { and, asc, eq, getTableColumns, inArray, sql, type SQL } from 'drizzle-orm';
import { inRegion, scopeCondition, type Actor } from '../../platform/access.js';
import type { DbOrTx } from '../../platform/db.js';
import { households, people } from './households.tables.js';

export interface HouseholdSelection {
  /** Only the active files: archived households are out of every plan and count. */
  active?: boolean;
  ids?: string[];
  /** Households whose ids a subquery selects (one round trip where the ids are not known yet). */
  idsIn?: SQL;
  grids?: string[];
  /** A region subtree, by code prefix ('' is everywhere). */
  area?: string;
  /** The caller's scope. */
  scope?: Actor;
}

/** Household files as a subquery named `households`, to join to and filter on like the table. */
export function householdFiles(db: DbOrTx, f: HouseholdSelection) {
  return db
    .select(getTableColumns(households))
    .from(households)
    .where(
      and(
        f.active ? eq(households.status, 'active') : undefined,
        f.ids ? inArray(households.id, f.ids) : undefined,
        f.idsIn ? sql`${households.id} in (${f.idsIn})` : undefined,
        // One array parameter, however many grids: the morning run passes every grid of the city.
        f.grids ? sql`${households.gridCode} = any(${sql.param(f.grids)}::text[])` : undefined,
        f.area !== undefined ? inRegion(households.gridCode, f.area) : undefined,
        f.scope ? scopeCondition(f.scope, households.gridCode) : undefined,
      ),
    )
    .as('households');
}

/** The current members of some households, the head first, then by age (oldest first). */
export async function activeMembersOf(db: DbOrTx, householdIds: string[] | SQL) {
  if (Array.isArray(householdIds) && !householdIds.length) return [];
  return db
    .select({ householdId: people.householdId, id: people.id, name: people.name, relation: people.relation, birthDate: people.birthDate, sex: people.sex, phoneMasked: people.phoneMasked })
    .from(people)
    .where(and(Array.isArray(householdIds) ? inArray(people.householdId, householdIds) : sql`${people.householdId} in (${householdIds})`, eq(people.status, 'active')))
    .orderBy(sql`${people.relation} = 'head' desc`, asc(people.birthDate));
}
