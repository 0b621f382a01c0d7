/**
 * Who sees which micro-wishes (微心愿) and campaigns. Deny by default: without 'wishes.read' a caller
 * sees none. A wish is seen inside the caller's subtree (its region is the household's grid). A
 * campaign is seen by those inside its area (a community worker sees the county's campaign to collect
 * wishes for it) and by those above it. Outside scope a row does not exist (404).
 */
import { and, or, sql, type SQL } from 'drizzle-orm';
import { can, scopeCondition, type Actor } from '../access.js';
import { NONE } from './deny.js';
import { wishCampaigns, wishes, wishHelpers } from '../../modules/wishes/wishes.tables.js';

/**
 * A helper's phone session (role `helper`) sees the wishes of their community still waiting for a
 * helper or being claimed (which they may claim or join), and the wishes they claimed themselves.
 */
function helperWishes(actor: Actor): SQL | undefined {
  if (actor.kind !== 'helper' || !can(actor, 'helper.self')) return NONE;
  const mine = sql`exists (select 1 from ${wishHelpers} where ${wishHelpers.wishId} = ${wishes.id} and ${wishHelpers.helperId} = ${actor.id})`;
  return and(scopeCondition(actor, wishes.regionCode) ?? NONE, or(sql`${wishes.status} in ('published', 'claimed')`, mine));
}

export function visibleWishes(actor: Actor): SQL | undefined {
  if (actor.kind === 'helper') return helperWishes(actor);
  if (!can(actor, 'wishes.read')) return NONE;
  return scopeCondition(actor, wishes.regionCode);
}

export function visibleCampaigns(actor: Actor): SQL | undefined {
  if (!can(actor, 'wishes.read')) return NONE;
  const below = scopeCondition(actor, wishCampaigns.regionCode);
  if (!below) return undefined;
  // The campaign's area contains the caller's: its code is a prefix of the caller's scope root.
  return or(below, sql`${actor.regionCode} like ${wishCampaigns.regionCode} || '%'`);
}
