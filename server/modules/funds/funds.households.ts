/**
 * The households a project benefits: counted from the household files of its place when proposed (a count
 * and the place, never who), corrected by staff with a reason — the change is an event and an audit row.
 */
import { and, eq, sql } from 'drizzle-orm';
import { authorize } from '../../platform/access.js';
import { audit, type RequestContext } from '../../platform/audit.js';
import type { Database } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import { addEvent } from './funds.projects.js';
import { findVisibleProject, summaries, type ProjectSummary } from './funds.projects.read.js';
import { fundProjects } from './funds.tables.js';
import { PROJECT_STATUS_NAMES, type ProjectStatus } from './funds.workflow.js';

export interface HouseholdsInput {
  version: number;
  households: number;
  reason: string;
}

export async function setHouseholds(deps: { database: Database }, ctx: RequestContext, id: string, input: HouseholdsInput, now = new Date()): Promise<ProjectSummary> {
  authorize(ctx.actor, 'funds.write');
  const db = deps.database.db;
  const p = await findVisibleProject(db, ctx.actor, id);
  if (p.status === 'rejected' || p.status === 'cancelled') {
    const name = PROJECT_STATUS_NAMES[p.status as ProjectStatus];
    throw new AppError('project_households_fixed', { status: name.zh, statusEn: name.en.toLowerCase() }, { status: p.status });
  }
  const row = await db.transaction(async (tx) => {
    const [r] = await tx
      .update(fundProjects)
      .set({ households: input.households, updatedAt: now, version: sql`${fundProjects.version} + 1` })
      .where(and(eq(fundProjects.id, p.id), eq(fundProjects.version, input.version)))
      .returning();
    if (!r) throw new AppError('stale_version');
    await addEvent(tx, ctx, p, 'households', { reason: input.reason, data: { from: p.households, to: input.households } });
    await audit(tx, ctx, { action: 'fund_project.households', targetType: 'fund_project', targetId: p.id, regionCode: p.regionCode, details: { from: p.households, to: input.households } });
    return r;
  });
  return (await summaries(db, [row]))[0];
}
