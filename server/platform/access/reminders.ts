/**
 * Who sees which dated items (小闹钟). Deny by default: without 'reminders.read' a caller sees none; with it,
 * the items in the caller's grid scope (a grid worker: only their grids, as with household files).
 * Outside scope an item does not exist (404).
 */
import type { SQL } from 'drizzle-orm';
import { can, TRUE, type Actor } from '../access.js';
import { NONE } from './deny.js';
import { gridScopeCondition } from './grids.js';
import { datedItems } from '../../modules/reminders/reminders.tables.js';

export function visibleItems(actor: Actor): SQL {
  if (!can(actor, 'reminders.read')) return NONE;
  return gridScopeCondition(actor, datedItems.regionCode) ?? TRUE;
}
