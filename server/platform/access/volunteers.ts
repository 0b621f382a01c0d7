/**
 * Who sees the people who help, the three lists and the volunteer activities. Deny by default: without
 * 'volunteers.read' nothing; with it, the rows whose region (the community they registered with, the
 * need's community, the activity's place) lies in the caller's subtree. Outside scope: 404.
 */
import type { SQL } from 'drizzle-orm';
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
