/**
 * Who sees which mediation case (人民调解). Deny by default. A case is visible to the members of its
 * body, to the township's 司法所 (a caller whose organisation is a justice office over the case's region)
 * and to the court's room (or federation) that referred it — nobody else: for every other caller the case
 * does not exist (404). The background jobs (the system actor) see every case.
 */
import { sql, type SQL } from 'drizzle-orm';
import { can, scopeCondition, type Actor } from '../access.js';
import { NONE } from './deny.js';
import { mediationCases, mediators } from '../../modules/mediation/mediation.tables.js';

export function visibleMediationCases(actor: Actor): SQL | undefined {
  if (actor.kind === 'system') return undefined;
  if (!can(actor, 'mediation.read') || !actor.orgId) return NONE;
  const c = mediationCases;
  const own = sql`(${c.bodyId} = ${actor.orgId} or ${c.referringOrgId} = ${actor.orgId} or exists (select 1 from orgs so where so.id = ${actor.orgId} and so.kind = 'justice_office' and starts_with(${c.regionCode}, so.region_code)))`;
  const scope = scopeCondition(actor, c.regionCode);
  return scope ? sql`(${own} and ${scope})` : own;
}

/** The mediators a caller may list: those of bodies in the caller's area. */
export function visibleMediators(actor: Actor): SQL | undefined {
  if (actor.kind === 'system') return undefined;
  if (!can(actor, 'mediation.read')) return NONE;
  return scopeCondition(actor, mediators.regionCode);
}

/** The parties of a caller's relation to one case, for the workflow's `by`. */
export function partiesOf(actor: Actor, c: { bodyId: string; referringOrgId: string | null; regionCode: string }, actorOrg: { kind: string; regionCode: string } | null): Set<'body' | 'supervisor' | 'court'> {
  const out = new Set<'body' | 'supervisor' | 'court'>();
  if (!can(actor, 'mediation.write')) return out;
  if (actor.kind === 'system') return new Set(['body', 'supervisor', 'court']);
  if (actor.orgId && actor.orgId === c.bodyId) out.add('body');
  if (actor.orgId && actor.orgId === c.referringOrgId) out.add('court');
  if (actorOrg?.kind === 'justice_office' && c.regionCode.startsWith(actorOrg.regionCode)) out.add('supervisor');
  return out;
}

/**
 * Where a caller may look household-file people up as parties of a body's case: the body's region, for
 * the body's members and the township's 司法所 (null for anyone else, who finds nobody).
 */
export function partyLookupArea(actor: Actor, body: { id: string; regionCode: string }, actorOrg: { kind: string; regionCode: string } | null): string | null {
  const p = partiesOf(actor, { bodyId: body.id, referringOrgId: null, regionCode: body.regionCode }, actorOrg);
  return p.has('body') || p.has('supervisor') ? body.regionCode : null;
}
