/**
 * Grid assignment: the scope over grid-bound records (buildings, households, people, visits). An area
 * role sees its whole region subtree; a grid worker alone sees only the grids assigned to them (a worker
 * knows the doors of their own grids).
 *
 * The assignments live in the grids module: this rule reads them through `grids.repo.ts`, never through
 * the table, so the table object stays inside its module.
 */
import { and, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { assignedTo, isAssigned } from '../../modules/grids/grids.repo.js';
import { codeInScope, scopeCondition, type Actor, type Role } from '../access.js';
import type { DbOrTx } from '../db.js';

/** Roles that see every grid-bound record in their region. */
const AREA_WIDE_ROLES: readonly Role[] = ['admin', 'leader', 'dispatcher', 'community_staff'];

function areaWide(actor: Actor): boolean {
  return actor.roles.some((r) => AREA_WIDE_ROLES.includes(r));
}

/** SQL condition on a 15-digit grid-code column: the caller's region subtree, narrowed for a grid worker to their grids. */
export function gridScopeCondition(actor: Actor, column: AnyPgColumn): SQL | undefined {
  const area = scopeCondition(actor, column);
  if (areaWide(actor)) return area;
  const assigned = assignedTo(column, actor.id);
  return area ? and(area, assigned) : assigned;
}

/** Whether one grid lies in the caller's grid scope (see gridScopeCondition). */
export async function gridVisible(db: DbOrTx, actor: Actor, gridCode: string): Promise<boolean> {
  if (!codeInScope(actor, gridCode)) return false;
  if (areaWide(actor)) return true;
  return isAssigned(db, actor.id, gridCode);
}
