/**
 * Who sees which household files (一户一档) and their members: with `households.read`, the grid scope
 * (region subtree; a grid worker only their grids). Departments (handler) have no such permission: they
 * see a household only through an appeal raised at its door (`householdViaAppeal`).
 */
import type { SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { can, TRUE, type Actor } from '../access.js';
import { notFound } from '../errors.js';
import { NONE } from './deny.js';
import { gridScopeCondition } from './grids.js';

/** SQL condition on a household's (or a person's, or a change's) grid-code column. */
export function householdsVisible(actor: Actor, gridCode: AnyPgColumn): SQL {
  if (!can(actor, 'households.read')) return NONE;
  return gridScopeCondition(actor, gridCode) ?? TRUE;
}

/**
 * A household seen through an appeal: only an appeal the caller may see (the appeals module decides,
 * and answers null otherwise), and only one a visit raised — the appeal carries the visit's id, which
 * is what it returns. Anything else answers 404.
 */
export function householdViaAppeal(appeal: { id: string; source: string } | null | undefined): { visitId: string } {
  if (!appeal) throw notFound('诉求', 'The appeal');
  if (appeal.source !== 'visit') throw notFound('诉求关联的户档案', 'A household linked to this appeal');
  return { visitId: appeal.id };
}
