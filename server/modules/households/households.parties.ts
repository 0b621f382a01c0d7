/**
 * People of the household files as parties of a mediation case (人民调解). A mediator has no access to
 * the files themselves: the mediation module decides the area (its body's region, the rule in
 * platform/access/mediation.ts) and gets here only the minimum — the masked name, the household and
 * the grid. The full record stays sealed; the name in clear leaves only to be sealed in the case.
 */
import { and, asc, eq, like } from 'drizzle-orm';
import { inRegion } from '../../platform/access.js';
import { maskName } from '../../platform/crypto.js';
import type { DbOrTx } from '../../platform/db.js';
import { people } from './households.tables.js';

const prefix = (q: string) => `${q.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** Active people of the region whose name starts with `q`: masked name, household and grid only. */
export async function partyCandidates(db: DbOrTx, within: string, q: string, limit = 20) {
  const rows = await db
    .select({ id: people.id, name: people.name, householdId: people.householdId, gridCode: people.gridCode })
    .from(people)
    .where(and(inRegion(people.gridCode, within), eq(people.status, 'active'), like(people.name, prefix(q))))
    .orderBy(asc(people.name), asc(people.id))
    .limit(limit);
  return rows.map((r) => ({ personId: r.id, name: maskName(r.name), householdId: r.householdId, gridCode: r.gridCode }));
}

/** One person of the region, for sealing into a case's party row (undefined outside the region). */
export async function partyPerson(db: DbOrTx, within: string, id: string) {
  const [p] = await db
    .select({ name: people.name, phoneMasked: people.phoneMasked, householdId: people.householdId, gridCode: people.gridCode })
    .from(people)
    .where(and(eq(people.id, id), inRegion(people.gridCode, within), eq(people.status, 'active')));
  return p;
}
