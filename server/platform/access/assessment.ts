/**
 * Who sees which assessment report. Deny by default: without 'assessment.read' a caller sees none; with it,
 * the reports of areas in the caller's subtree. Outside scope a report does not exist (404).
 */
import type { SQL } from 'drizzle-orm';
import { can, scopeCondition, type Actor } from '../access.js';
import { NONE } from './deny.js';
import { assessmentReports } from '../../modules/assessment/assessment.tables.js';

export function visibleReports(actor: Actor): SQL | undefined {
  if (!can(actor, 'assessment.read')) return NONE;
  return scopeCondition(actor, assessmentReports.regionCode);
}
