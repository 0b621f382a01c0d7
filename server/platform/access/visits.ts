/**
 * Who sees which visits (入户走访), and where a visit may be logged: both follow the household's grid
 * scope (region subtree; a grid worker only their grids).
 */
import type { SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { can, TRUE, type Actor } from '../access.js';
import { NONE } from './deny.js';
import { gridScopeCondition } from './grids.js';

/** SQL condition on a visit's grid-code column. */
export function visitsVisible(actor: Actor, gridCode: AnyPgColumn): SQL {
  if (!can(actor, 'visits.read')) return NONE;
  return gridScopeCondition(actor, gridCode) ?? TRUE;
}

/**
 * A grid worker (and nobody else in the account) lists their own visits by default; a household's
 * visits, asked for by the household, are all shown — the household itself is already in their grids.
 */
export function ownVisitsOnly(actor: Actor, forHousehold: boolean): boolean {
  return actor.roles.every((r) => r === 'grid_worker') && !forHousehold;
}

