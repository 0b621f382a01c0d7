/**
 * Who sees which buildings and compounds: with `buildings.read`, the grid scope (region subtree; a grid
 * worker only their grids). Writing needs the grid itself in that scope (grids.service assertGridWritable).
 */
import type { SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { can, TRUE, type Actor } from '../access.js';
import { NONE } from './deny.js';
import { gridScopeCondition } from './grids.js';

/** SQL condition on a building's or a compound's grid-code column. */
export function buildingsVisible(actor: Actor, gridCode: AnyPgColumn): SQL {
  if (!can(actor, 'buildings.read')) return NONE;
  return gridScopeCondition(actor, gridCode) ?? TRUE;
}
