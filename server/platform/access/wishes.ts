/**
 * Who sees which micro-wishes (微心愿) and campaigns. Deny by default: without 'wishes.read' a caller
 * sees none. A wish is seen inside the caller's subtree (its region is the household's grid). A
 * campaign is seen by those inside its area (a community worker sees the county's campaign to collect
 * wishes for it) and by those above it. Outside scope a row does not exist (404).
 */
import { or, sql, type SQL } from 'drizzle-orm';
import { can, scopeCondition, type Actor } from '../access.js';
import { NONE } from './deny.js';
import { wishCampaigns, wishes } from '../../modules/wishes/wishes.tables.js';

export function visibleWishes(actor: Actor): SQL | undefined {
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
