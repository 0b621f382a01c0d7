/**
 * How many household files in a place carry each tag (低保, 特困, 独居老人 …): counts only, never who.
 * The early warnings (未诉先办) show them beside a rise, so the township knows who may be hurt first; a tag
 * is personal data, so nothing here names a household, and a caller without `households.read` gets none.
 */
import { and, eq, sql } from 'drizzle-orm';
import { inRegion, type Actor } from '../../platform/access.js';
import { householdsVisible } from '../../platform/access/households.js';
import type { DbOrTx } from '../../platform/db.js';
import { households, householdTags } from './households.tables.js';

export interface TagCount {
  code: string;
  name: string;
  nameEn: string;
  vulnerable: boolean;
  households: number;
}

/** Active households under `place` per active tag (tags with no household left out), most first. */
export async function tagCounts(db: DbOrTx, actor: Actor, place: string): Promise<TagCount[]> {
  const tag = sql<string>`t.code`;
  const rows = await db
    .select({ code: householdTags.code, name: householdTags.name, nameEn: householdTags.nameEn, vulnerable: householdTags.vulnerable, households: sql<number>`count(*)::int` })
    .from(households)
    .innerJoin(sql`unnest(${households.tags}) as t(code)`, sql`true`)
    .innerJoin(householdTags, eq(householdTags.code, tag))
    .where(and(householdsVisible(actor, households.gridCode), inRegion(households.gridCode, place), eq(households.status, 'active'), eq(householdTags.active, true)))
    .groupBy(householdTags.code, householdTags.name, householdTags.nameEn, householdTags.vulnerable, householdTags.sort)
    .orderBy(sql`count(*) desc`, householdTags.sort);
  return rows.map((r) => ({ ...r, households: Number(r.households) }));
}

/**
 * How many active household files lie under `place` (a community or grid code): a count, never who. A funded
 * project records it as the households it benefits; the caller has already been checked for the place.
 */
export async function householdsIn(db: DbOrTx, place: string): Promise<number> {
  const [r] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(households)
    .where(and(inRegion(households.gridCode, place), eq(households.status, 'active')));
  return Number(r?.n ?? 0);
}
