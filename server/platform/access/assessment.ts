/**
 * Who sees which assessment report. Deny by default: without 'assessment.read' a caller sees none; with it,
 * the reports of areas in the caller's subtree. Outside scope a report does not exist (404).
 */
import { or, sql, type SQL } from 'drizzle-orm';
import { can, scopeCondition, type Actor } from '../access.js';
import { NONE } from './deny.js';
import { assessmentReports, monthProblems, warningRules, warnings } from '../../modules/assessment/assessment.tables.js';

export function visibleReports(actor: Actor): SQL | undefined {
  if (!can(actor, 'assessment.read')) return NONE;
  return scopeCondition(actor, assessmentReports.regionCode);
}

/** Early warnings: with 'warnings.read', those placed in the caller's subtree (a township its own, a county all of it). */
export function visibleWarnings(actor: Actor): SQL | undefined {
  if (!can(actor, 'warnings.read')) return NONE;
  return scopeCondition(actor, warnings.regionCode);
}

/** Seasonal rules: read with 'warnings.read' in the caller's subtree or above it (a county's rule reaches its townships). */
export function visibleWarningRules(actor: Actor): SQL | undefined {
  if (!can(actor, 'warnings.read')) return NONE;
  if (actor.regionCode === '') return undefined;
  return or(scopeCondition(actor, warningRules.regionCode), sql`${actor.regionCode} like ${warningRules.regionCode} || '%'`);
}

/** The month's problems (每月一题): with 'assessment.read', those picked for areas in the caller's subtree. */
export function visibleProblems(actor: Actor): SQL | undefined {
  if (!can(actor, 'assessment.read')) return NONE;
  return scopeCondition(actor, monthProblems.regionCode);
}
