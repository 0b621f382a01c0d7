import { and, inArray, isNull, eq } from 'drizzle-orm';
import type { Actor } from '../../platform/access.js';
import { householdsVisible } from '../../platform/access/households.js';
import { maskName } from '../../platform/crypto.js';
import type { DbOrTx } from '../../platform/db.js';
import { uuidsOnly } from '../audit/audit.names.js';
import { householdMembers, households, people } from './households.tables.js';
import { addressesOf } from './households.search.js';

/** Households by their address, as the console lists them: only those the reader may see now. */
export async function householdAddressesOf(db: DbOrTx, actor: Actor, ids: string[]): Promise<Map<string, string>> {
  const unique = uuidsOnly(ids);
  if (!unique.length) return new Map();
  const visible = await db
    .select({ id: households.id })
    .from(households)
    .where(and(inArray(households.id, unique), householdsVisible(actor, households.gridCode)));
  return addressesOf(db, visible.map((h) => h.id));
}


/**
 * People as the audit log names them: the name masked (王**), with the address of their current
 * household (when the reader may see it), so an administrator can tell whose file was touched without
 * the log showing a name.
 */
export async function peopleNamesOf(db: DbOrTx, actor: Actor, ids: string[]): Promise<Map<string, string>> {
  const unique = uuidsOnly(ids);
  if (!unique.length) return new Map();
  const rows = await db
    .select({ id: people.id, name: people.name, address: households.address })
    .from(people)
    .leftJoin(householdMembers, and(eq(householdMembers.personId, people.id), isNull(householdMembers.leftAt)))
    .leftJoin(households, and(eq(households.id, householdMembers.householdId), householdsVisible(actor, households.gridCode)))
    .where(inArray(people.id, unique));
  return new Map(rows.map((r) => [r.id, r.address ? `${maskName(r.name)} · ${r.address}` : maskName(r.name)]));
}
