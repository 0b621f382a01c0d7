/**
 * Who sees the people who help, the three lists and the volunteer activities. Deny by default: without
 * 'volunteers.read' nothing; with it, the rows whose region (the community they registered with, the
 * need's community, the activity's place) lies in the caller's subtree. Outside scope: 404.
 */
import { and, eq, or, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { can, scopeCondition, type Actor } from '../access.js';
import { NONE } from './deny.js';
import { activities, helpers, needs, pairedUnits, resources, volunteerTeams } from '../../modules/volunteers/volunteers.tables.js';

function visible(actor: Actor, column: AnyPgColumn): SQL | undefined {
  if (!can(actor, 'volunteers.read')) return NONE;
  return scopeCondition(actor, column);
}

export const visibleHelpers = (actor: Actor) => visible(actor, helpers.regionCode);
export const visibleUnits = (actor: Actor) => visible(actor, pairedUnits.regionCode);
export const visibleTeams = (actor: Actor) => visible(actor, volunteerTeams.regionCode);
export const visibleNeeds = (actor: Actor) => visible(actor, needs.regionCode);
export const visibleResources = (actor: Actor) => visible(actor, resources.regionCode);
export const visibleActivities = (actor: Actor) => visible(actor, activities.regionCode);

/**
 * A helper's phone session (role `helper`) sees their community's activities and needs — the open
 * needs they may claim and those they claimed — and nothing of other people.
 */
function forHelper(actor: Actor, column: AnyPgColumn): SQL {
  if (actor.kind !== 'helper' || !can(actor, 'helper.self')) return NONE;
  return scopeCondition(actor, column) ?? NONE;
}
export const helperActivities = (actor: Actor) => forHelper(actor, activities.regionCode);
export const helperNeeds = (actor: Actor) => and(forHelper(actor, needs.regionCode), or(eq(needs.status, 'open'), eq(needs.helperId, actor.id)))!;
