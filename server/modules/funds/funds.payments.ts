/**
 * Paying a project: a request with its receipt, then another person's approval writes the ledger
 * entry (never beyond the approved amount, never below the fund's balance); a reversed entry marks its
 * request reversed. The steps are rows of funds.workflow.ts, checked as funds.projects.ts checks them.
 */
import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { authorize } from '../../platform/access.js';
import { audit, type RequestContext } from '../../platform/audit.js';
import type { Tx } from '../../platform/db.js';
import { AppError, notFound } from '../../platform/errors.js';
import * as ledger from './funds.ledger.js';
import { checkFile, storeFile, type FileInput } from './funds.files.js';
import { addEvent, refuse } from './funds.projects.js';
import { findVisibleProject, situation, type Deps, type ProjectRow } from './funds.projects.read.js';
import { fundPayments, fundProjectEvents, fundProjects } from './funds.tables.js';
import { refusal } from './funds.workflow.js';

const WORKING = ['approved', 'in_progress', 'completed', 'accepted'];


export async function requestPayment(deps: Deps, ctx: RequestContext, id: string, input: { amountFen: number; payee: string; note?: string; receipt: FileInput }) {
  const db = deps.database.db;
  const p = await findVisibleProject(db, ctx.actor, id);
  authorize(ctx.actor, 'funds.write');
  const s = await situation(db, p);
  const code = refusal('request_payment', s, ctx.actor);
  if (code) refuse('request_payment', code, p);
  checkFile(input.receipt, true);
  return db.transaction(async (tx) => {
    const [locked] = await tx.select().from(fundProjects).where(eq(fundProjects.id, p.id)).for('update');
    await assertWithinApproved(tx, locked, input.amountFen, null);
    const receiptId = await storeFile(tx, ctx, p.id, 'receipt', input.receipt);
    const paymentId = randomUUID();
    await tx.insert(fundPayments).values({ id: paymentId, projectId: p.id, fundId: p.fundId, amountFen: input.amountFen, payee: input.payee, note: input.note ?? null, receiptId, status: 'pending', requestedBy: ctx.actor.id });
    await addEvent(tx, ctx, locked, 'payment_requested', { amountFen: input.amountFen, reason: input.note ?? null, data: { paymentId, payee: input.payee } });
    await audit(tx, ctx, { action: 'fund_project.request_payment', targetType: 'fund_project', targetId: p.id, regionCode: p.regionCode, details: { paymentId, amountFen: input.amountFen, receiptId } });
    return { id: paymentId, receiptId };
  });
}

/** Paid plus waiting (other than `except`) plus this amount may not pass the approved amount. */
async function assertWithinApproved(tx: Tx, p: ProjectRow, amountFen: number, except: string | null) {
  const paid = (await ledger.paidByProject(tx, [p.id])).get(p.id) ?? 0;
  const [{ fen }] = await tx
    .select({ fen: sql<string>`coalesce(sum(${fundPayments.amountFen}), 0)` })
    .from(fundPayments)
    .where(and(eq(fundPayments.projectId, p.id), eq(fundPayments.status, 'pending'), except ? sql`${fundPayments.id} <> ${except}` : undefined));
  const committed = paid + Number(fen);
  if (committed + amountFen > p.approvedFen) {
    throw new AppError('project_over_approved', { approved: ledger.yuan(p.approvedFen), committed: ledger.yuan(committed), amount: ledger.yuan(amountFen) });
  }
}

export async function decidePayment(deps: Deps, ctx: RequestContext, id: string, paymentId: string, input: { approve: boolean; reason: string }) {
  const db = deps.database.db;
  const p = await findVisibleProject(db, ctx.actor, id);
  authorize(ctx.actor, 'funds.approve');
  const s = await situation(db, p);
  const code = refusal('approve_payment', s, ctx.actor);
  if (code) refuse('approve_payment', code, p);
  const [pay] = await db.select().from(fundPayments).where(and(eq(fundPayments.id, paymentId), eq(fundPayments.projectId, id)));
  if (!pay) throw notFound('付款申请', 'Payment request');
  if (pay.requestedBy === ctx.actor.id) throw new AppError('payment_self_approval');
  return db.transaction(async (tx) => {
    // The fund first, then the project: every writer locks in this order.
    const fund = (await ledger.lockFunds(tx, [pay.fundId])).get(pay.fundId)!;
    const [locked] = await tx.select().from(fundProjects).where(eq(fundProjects.id, p.id)).for('update');
    const [current] = await tx.select().from(fundPayments).where(eq(fundPayments.id, paymentId));
    if (current.status !== 'pending') throw new AppError('payment_not_pending');
    let entryId: string | null = null;
    if (input.approve) {
      await assertWithinApproved(tx, locked, pay.amountFen, pay.id);
      // The payment consumes the project's reservation first, then must fit in what is available.
      const held = await ledger.reservedFor(tx, p.id);
      await ledger.reserve(tx, ctx.actor.id, { fundId: fund.id, projectId: p.id, kind: 'release', fen: Math.min(held, pay.amountFen), bucket: locked.bucket, paymentId: pay.id, note: pay.payee });
      await ledger.assertCovers(tx, fund, pay.amountFen, locked.bucket);
      const [e] = await ledger.append(tx, ctx.actor.id, [
        { fundId: fund.id, regionCode: fund.regionCode, kind: 'payment', amountFen: -pay.amountFen, bucket: locked.bucket, category: locked.category, projectId: p.id, paymentId: pay.id, note: `${locked.title}：${pay.payee}` },
      ]);
      entryId = e.id;
    }
    await tx
      .update(fundPayments)
      .set({ status: input.approve ? 'paid' : 'rejected', decidedBy: ctx.actor.id, decidedAt: new Date(), reason: input.reason, entryId, version: sql`${fundPayments.version} + 1` })
      .where(eq(fundPayments.id, pay.id));
    await addEvent(tx, ctx, locked, input.approve ? 'paid' : 'payment_rejected', { amountFen: pay.amountFen, reason: input.reason, data: { paymentId: pay.id, payee: pay.payee } });
    await audit(tx, ctx, { action: input.approve ? 'fund_project.pay' : 'fund_project.reject_payment', targetType: 'fund_project', targetId: p.id, regionCode: p.regionCode, details: { paymentId: pay.id, amountFen: pay.amountFen, entryId } });
    return { status: input.approve ? 'paid' : 'rejected', entryId };
  });
}

/** A payment's ledger entry was reversed (funds.service reverseEntry): the request says so too. */
export async function markPaymentReversed(tx: Tx, paymentId: string): Promise<void> {
  const [pay] = await tx.update(fundPayments).set({ status: 'reversed', version: sql`${fundPayments.version} + 1` }).where(eq(fundPayments.id, paymentId)).returning();
  if (pay) {
    // The money is back on the fund; a project still at work holds it again (its fund is locked by the reversal).
    const [p] = await tx.select().from(fundProjects).where(eq(fundProjects.id, pay.projectId));
    if (p && WORKING.includes(p.status)) await ledger.reserve(tx, 'system', { fundId: pay.fundId, projectId: p.id, kind: 'reserve', fen: pay.amountFen, bucket: p.bucket, paymentId, note: '付款冲正' });
    await tx.insert(fundProjectEvents).values({ projectId: pay.projectId, type: 'payment_reversed', actorId: 'system', actorName: '冲正', amountFen: pay.amountFen, data: { paymentId } });
  }
}
