/**
 * Who sees which enterprises. Deny by default: without 'enterprises.read' a caller sees none; with it, the rows
 * whose region lies in the caller's subtree. Outside scope a row does not exist (404).
 */
import type { SQL } from 'drizzle-orm';
import { can, scopeCondition, type Actor } from '../access.js';
import { NONE } from './deny.js';
import { enterprises } from '../../modules/enterprises/enterprises.tables.js';

export function visibleEnterprises(actor: Actor): SQL | undefined {
  if (!can(actor, 'enterprises.read')) return NONE;
  return scopeCondition(actor, enterprises.regionCode);
}
