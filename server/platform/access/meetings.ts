/**
 * Who sees which meetings, series and actions. Deny by default: without 'meetings.read' a caller sees none;
 * with it, the rows whose place (region code, captured when the row was made) lies in the caller's subtree.
 * Outside scope a row does not exist (404).
 */
import type { SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { can, scopeCondition, type Actor } from '../access.js';
import { NONE } from './deny.js';
import { meetingActions, meetings, meetingSeries } from '../../modules/meetings/meetings.tables.js';

function visibleBy(actor: Actor, column: AnyPgColumn): SQL | undefined {
  if (!can(actor, 'meetings.read')) return NONE;
  return scopeCondition(actor, column);
}

export const visibleMeetings = (actor: Actor) => visibleBy(actor, meetings.regionCode);
export const visibleSeries = (actor: Actor) => visibleBy(actor, meetingSeries.regionCode);
export const visibleMeetingActions = (actor: Actor) => visibleBy(actor, meetingActions.regionCode);
