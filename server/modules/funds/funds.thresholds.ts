/**
 * A county's approval thresholds (community → township → county by amount): read by anyone who reads
 * funds there, set by an admin whose scope holds the county, audited; no row means the defaults.
 */
import { eq, sql } from 'drizzle-orm';
import { assertAssignable, authorize, type Actor } from '../../platform/access.js';
import { audit, type RequestContext } from '../../platform/audit.js';
import type { Database, DbOrTx } from '../../platform/db.js';
import { AppError, notFound } from '../../platform/errors.js';
import * as regionsService from '../regions/regions.service.js';
import { fundApprovalThresholds } from './funds.tables.js';
import { DEFAULT_THRESHOLDS, thresholdsProblem, type Thresholds } from './funds.workflow.js';

export interface ThresholdsView extends Thresholds {
  countyCode: string;
  /** False: no row, the defaults apply. */
  custom: boolean;
  updatedAt: string | null;
  version: number;
}

/** The thresholds in force for a project placed at `regionCode` (its county's, or the defaults). */
export async function thresholdsFor(db: DbOrTx, regionCode: string): Promise<Thresholds> {
  if (regionCode.length < 6) return DEFAULT_THRESHOLDS;
  const [row] = await db.select().from(fundApprovalThresholds).where(eq(fundApprovalThresholds.countyCode, regionCode.slice(0, 6)));
  return row ? { communityUpToFen: row.communityUpToFen, townshipUpToFen: row.townshipUpToFen } : DEFAULT_THRESHOLDS;
}

/** Inside the caller's scope, or the county above the caller's place (whose thresholds apply to them). */
function assertReadable(actor: Actor, countyCode: string): void {
  if (!countyCode.startsWith(actor.regionCode) && !actor.regionCode.startsWith(countyCode)) throw notFound('县（区）', 'County');
}

export async function getThresholds(db: DbOrTx, actor: Actor, countyCode: string): Promise<ThresholdsView> {
  authorize(actor, 'funds.read');
  assertReadable(actor, countyCode);
  const [row] = await db.select().from(fundApprovalThresholds).where(eq(fundApprovalThresholds.countyCode, countyCode));
  if (!row) return { countyCode, ...DEFAULT_THRESHOLDS, custom: false, updatedAt: null, version: 0 };
  return { countyCode, communityUpToFen: row.communityUpToFen, townshipUpToFen: row.townshipUpToFen, custom: true, updatedAt: row.updatedAt.toISOString(), version: row.version };
}

export async function setThresholds(database: Database, ctx: RequestContext, countyCode: string, input: Thresholds & { version: number }): Promise<ThresholdsView> {
  authorize(ctx.actor, 'funds.configure');
  assertReadable(ctx.actor, countyCode);
  assertAssignable(ctx.actor, countyCode, '该县（区）的审批限额', 'This county’s approval thresholds');
  if (!(await regionsService.exists(database.db, countyCode))) throw notFound(`区域 ${countyCode} `, `Region ${countyCode}`);
  const problem = thresholdsProblem(input);
  if (problem) throw new AppError('fund_thresholds_invalid', { field: problem.field, reason: problem.zh, reasonEn: problem.en }, { field: problem.field });
  await database.db.transaction(async (tx) => {
    const [before] = await tx.select().from(fundApprovalThresholds).where(eq(fundApprovalThresholds.countyCode, countyCode)).for('update');
    if ((before?.version ?? 0) !== input.version) throw new AppError('stale_version');
    const values = { communityUpToFen: input.communityUpToFen, townshipUpToFen: input.townshipUpToFen, updatedBy: ctx.actor.id, updatedAt: new Date() };
    if (before) await tx.update(fundApprovalThresholds).set({ ...values, version: sql`${fundApprovalThresholds.version} + 1` }).where(eq(fundApprovalThresholds.countyCode, countyCode));
    else await tx.insert(fundApprovalThresholds).values({ countyCode, ...values });
    await audit(tx, ctx, {
      action: 'fund.approval_thresholds',
      targetType: 'region',
      targetId: countyCode,
      regionCode: countyCode,
      details: { before: before ? { communityUpToFen: before.communityUpToFen, townshipUpToFen: before.townshipUpToFen } : null, after: { communityUpToFen: input.communityUpToFen, townshipUpToFen: input.townshipUpToFen } },
    });
  });
  return getThresholds(database.db, ctx.actor, countyCode);
}
