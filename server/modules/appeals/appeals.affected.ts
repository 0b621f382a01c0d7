/**
 * 我也遇到 (me too): residents who found on the QR page that their problem is already reported
 * (appeals.public.ts), or whose grid worker found it so at their door (`addAffectedAtVisit`), are
 * counted as affected, and told the outcome by SMS when the handler's result is fed back
 * (appeals.closing.ts), as the requesters of appeals merged into it are. One per phone per appeal.
 */
import { and, count, eq, inArray } from 'drizzle-orm';
import { visibleAppeals } from '../../platform/access/appeals.js';
import { authorize } from '../../platform/access.js';
import { audit, type RequestContext } from '../../platform/audit.js';
import type { DbOrTx, Tx } from '../../platform/db.js';
import { AppError, notFound } from '../../platform/errors.js';
import { queueMessage } from '../notifications/notifications.service.js';
import type { AppealRow, Deps } from './appeals.repo.js';
import { clause } from './appeals.sms.js';
import { appealAffected, appeals } from './appeals.tables.js';
import { OPEN_STATUSES } from './appeals.workflow.js';

/** Affected residents (我也遇到) per appeal. */
export async function affectedCounts(db: DbOrTx, ids: string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  if (!ids.length) return out;
  const rows = await db.select({ id: appealAffected.appealId, n: count() }).from(appealAffected).where(inArray(appealAffected.appealId, ids)).groupBy(appealAffected.appealId);
  for (const r of rows) out.set(r.id, Number(r.n));
  return out;
}

/** The handler's result reaches every resident who said 我也遇到 (on this appeal or on one merged into it). */
export async function tellAffected(deps: Deps, tx: Tx, master: AppealRow, appealIds: string[]) {
  const rows = await tx.select({ phoneEnc: appealAffected.phoneEnc, phoneIndex: appealAffected.phoneIndex }).from(appealAffected).where(inArray(appealAffected.appealId, appealIds));
  const seen = new Set<string>();
  for (const r of rows) {
    if (seen.has(r.phoneIndex)) continue;
    seen.add(r.phoneIndex);
    const result = clause(master.result ?? '');
    await queueMessage(tx, deps.vault, {
      phone: deps.vault.decrypt(r.phoneEnc),
      body: `【听诉】您也反映的问题（${master.number}）已办理${result ? `：${result}` : ''}。`,
      appealId: master.id,
      regionCode: master.regionCode,
    });
  }
}

/**
 * Counts a phone as affected by an open appeal, once: 409 `appeal_already_affected` when the phone is
 * the appeal's requester's or already counted. Returns the appeal's count of affected residents.
 */
export async function addAffectedPhone(deps: Deps, tx: Tx, a: AppealRow, phone: string): Promise<number> {
  const phoneIndex = deps.vault.blindIndex('phone', phone);
  if (a.requesterPhoneIndex === phoneIndex) throw new AppError('appeal_already_affected');
  const added = await tx.insert(appealAffected).values({ appealId: a.id, phoneIndex, phoneEnc: deps.vault.encrypt(phone) }).onConflictDoNothing().returning({ id: appealAffected.appealId });
  if (!added.length) throw new AppError('appeal_already_affected');
  return (await affectedCounts(tx, [a.id])).get(a.id) ?? 1;
}

/**
 * 我也遇到 at the door: a grid worker counts the resident (`phone`, already normalised) as affected by
 * an open appeal of `grids` (the worker's), in the caller's scope; 404 for any other appeal.
 * Audited without the phone.
 */
export async function addAffectedAtVisit(deps: Deps, ctx: RequestContext, p: { appealId: string; grids: string[]; phone: string; householdId: string }) {
  authorize(ctx.actor, 'appeals.read');
  return deps.database.db.transaction(async (tx) => {
    const [a] = await tx
      .select()
      .from(appeals)
      .where(and(eq(appeals.id, p.appealId), visibleAppeals(ctx.actor), inArray(appeals.gridCode, p.grids.length ? p.grids : ['']), inArray(appeals.status, OPEN_STATUSES)))
      .limit(1);
    if (!a) throw notFound('未办结的诉求', 'An open appeal');
    const affected = await addAffectedPhone(deps, tx, a, p.phone);
    await audit(tx, ctx, { action: 'appeal.affected', targetType: 'appeal', targetId: a.id, regionCode: a.regionCode, details: { number: a.number, by: 'visit', householdId: p.householdId } });
    return { id: a.id, number: a.number, affected };
  });
}
