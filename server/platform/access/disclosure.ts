/**
 * Who sees which 依申请公开 request. Deny by default: without 'disclosure.read' a caller sees none; with
 * it, the requests made to offices in the caller's subtree. Outside scope a request does not exist (404).
 */
import type { SQL } from 'drizzle-orm';
import { can, scopeCondition, type Actor } from '../access.js';
import { NONE } from './deny.js';
import { disclosureRequests } from '../../modules/disclosure/disclosure.tables.js';

export function visibleDisclosure(actor: Actor): SQL | undefined {
  if (!can(actor, 'disclosure.read')) return NONE;
  return scopeCondition(actor, disclosureRequests.regionCode);
}
