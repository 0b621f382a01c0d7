import { sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { can, codeInScope, scopeCondition, type Actor } from '../access.js';

/**
 * API keys: only those who manage keys see any, and only the keys issued for a region inside their
 * scope (a county admin never sees, nor revokes, a sibling county's 12345 key). Deny by default:
 * without `apikeys.manage` the condition matches no row.
 */
export function visibleApiKeysCondition(actor: Actor, regionCode: AnyPgColumn): SQL | undefined {
  if (!can(actor, 'apikeys.manage')) return sql`false`;
  return scopeCondition(actor, regionCode);
}

/** The same rule for one key already loaded. */
export function apiKeyVisible(actor: Actor, key: { regionCode: string }): boolean {
  return can(actor, 'apikeys.manage') && codeInScope(actor, key.regionCode);
}
