import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { scopeCondition, type Actor } from '../access.js';
import { ancestorCodes } from '../division-codes.js';

/** The columns of an organisation row that visibility depends on. */
export interface OrgColumns {
  regionCode: AnyPgColumn;
  kind: AnyPgColumn;
}

/**
 * Organisations a caller sees: those placed inside their scope, and the departments above it that
 * serve it (a county department serves every township; a township's centre does not serve its
 * neighbour). Nothing else — a sibling county's departments answer 404.
 */
export function visibleOrgsCondition(actor: Actor, org: OrgColumns): SQL | undefined {
  if (actor.regionCode === '') return undefined;
  const ancestors = ancestorCodes(actor.regionCode);
  const inside = scopeCondition(actor, org.regionCode);
  if (!ancestors.length) return inside;
  return sql`(${inside} or ${and(inArray(org.regionCode, ancestors), eq(org.kind, 'department'))})`;
}

/**
 * The organisation list: the visible ones, narrowed for someone who only handles cases in a
 * department to that department (their dispatch targets are not theirs to browse).
 */
export function listedOrgsCondition(actor: Actor, org: OrgColumns & { id: AnyPgColumn }): SQL | undefined {
  const visible = visibleOrgsCondition(actor, org);
  if (actor.roles.length === 1 && actor.roles[0] === 'handler' && actor.orgId) return and(visible, eq(org.id, actor.orgId));
  return visible;
}

/** Organisations a caller may change: only those placed inside their own scope, never the departments above. */
export function editableOrgsCondition(actor: Actor, org: Pick<OrgColumns, 'regionCode'>): SQL | undefined {
  return scopeCondition(actor, org.regionCode);
}
