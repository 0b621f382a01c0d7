import { inArray } from 'drizzle-orm';
import type { Actor } from '../../platform/access.js';
import type { DbOrTx } from '../../platform/db.js';
import { uuidsOnly } from '../audit/audit.names.js';
import { householdAddressesOf } from '../households/households.names.js';
import { namesOf as placeNamesOf } from '../regions/regions.service.js';
import { chinaDate } from './visits.plans.js';
import { visitPlans, visits } from './visits.tables.js';

/** Visits as the audit log names them: the household's address (if the reader may see it) and the China day. */
export async function visitNamesOf(db: DbOrTx, actor: Actor, ids: string[]): Promise<Map<string, string>> {
  const unique = uuidsOnly(ids);
  if (!unique.length) return new Map();
  const rows = await db.select({ id: visits.id, householdId: visits.householdId, at: visits.checkInAt }).from(visits).where(inArray(visits.id, unique));
  const addresses = await householdAddressesOf(db, actor, rows.map((r) => r.householdId));
  return new Map(rows.map((r) => [r.id, `${addresses.get(r.householdId) ?? ''} ${chinaDate(r.at)}`.trim()]));
}

/** Day plans as the audit log names them: the grid's name and the plan's day. */
export async function planNamesOf(db: DbOrTx, _actor: Actor, ids: string[]): Promise<Map<string, string>> {
  const unique = uuidsOnly(ids);
  if (!unique.length) return new Map();
  const rows = await db.select({ id: visitPlans.id, gridCode: visitPlans.gridCode, date: visitPlans.date }).from(visitPlans).where(inArray(visitPlans.id, unique));
  const grids = await placeNamesOf(db, rows.map((r) => r.gridCode));
  return new Map(rows.map((r) => [r.id, `${grids.get(r.gridCode) ?? r.gridCode} ${r.date}`]));
}
