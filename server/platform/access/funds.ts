/**
 * Who sees which funds and projects. Deny by default: without 'funds.read' a caller sees none.
 * - A fund: those owned inside the caller's subtree, and the funds of the places above the caller
 *   (a community sees the township's and county's whistle funds it may draw on), read-only.
 * - A project: those placed inside the caller's subtree. Outside scope a row does not exist (404).
 */
import { or, sql, type SQL } from 'drizzle-orm';
import { can, scopeCondition, type Actor } from '../access.js';
import { NONE } from './deny.js';
import { fundProjects, funds } from '../../modules/funds/funds.tables.js';

export function visibleFunds(actor: Actor): SQL | undefined {
  if (!can(actor, 'funds.read')) return NONE;
  const inside = scopeCondition(actor, funds.regionCode);
  if (!inside) return undefined;
  const above = sql`left(${actor.regionCode}::text, length(${funds.regionCode})) = ${funds.regionCode}`;
  return or(inside, above);
}

/** Funds the caller manages (allocates from, records income in): owned inside the caller's subtree. */
export function managedFunds(actor: Actor): SQL | undefined {
  if (!can(actor, 'funds.write')) return NONE;
  return scopeCondition(actor, funds.regionCode);
}

export function visibleProjects(actor: Actor): SQL | undefined {
  if (!can(actor, 'funds.read')) return NONE;
  return scopeCondition(actor, fundProjects.regionCode);
}
