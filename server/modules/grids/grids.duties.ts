/**
 * 网格准入事项: the only tasks that may be assigned to a grid's workers. Adding one takes two people:
 * one proposes it (pending), another approves or rejects it. Removing one is recorded with a reason.
 * Other modules ask `isApprovedDuty` before assigning a task to a grid worker.
 */
import { randomUUID } from 'node:crypto';
import { and, asc, desc, eq, inArray, type SQL } from 'drizzle-orm';
import { assertInScope, authorize, scopeCondition, type Actor } from '../../platform/access.js';
import { audit, type RequestContext } from '../../platform/audit.js';
import type { Database, DbOrTx } from '../../platform/db.js';
import { AppError, conflict, notFound } from '../../platform/errors.js';
import { grids, gridDuties } from './grids.tables.js';

type DutyRow = typeof gridDuties.$inferSelect;

export interface DutyView {
  id: string;
  gridCode: string;
  title: string;
  description: string | null;
  basis: string | null;
  status: string;
  requestedByName: string;
  requestedAt: string;
  decidedByName: string | null;
  decidedAt: string | null;
  decisionNote: string | null;
  removedAt: string | null;
  removedReason: string | null;
}

function view(d: DutyRow): DutyView {
  return {
    id: d.id,
    gridCode: d.gridCode,
    title: d.title,
    description: d.description,
    basis: d.basis,
    status: d.status,
    requestedByName: d.requestedByName,
    requestedAt: d.requestedAt.toISOString(),
    decidedByName: d.decidedByName,
    decidedAt: d.decidedAt?.toISOString() ?? null,
    decisionNote: d.decisionNote,
    removedAt: d.removedAt?.toISOString() ?? null,
    removedReason: d.removedReason,
  };
}

export async function listDuties(db: DbOrTx, actor: Actor, gridCode: string, status?: string): Promise<DutyView[]> {
  authorize(actor, 'grids.read');
  assertInScope(actor, gridCode, '网格', 'Grid');
  const rows = await db
    .select()
    .from(gridDuties)
    .where(and(eq(gridDuties.gridCode, gridCode), status ? eq(gridDuties.status, status) : undefined))
    .orderBy(asc(gridDuties.requestedAt));
  return rows.map(view);
}

/** Pending requests in the caller's scope: the approver's inbox. */
export async function pendingDuties(db: DbOrTx, actor: Actor): Promise<DutyView[]> {
  authorize(actor, 'grids.duties.approve');
  const conds: (SQL | undefined)[] = [eq(gridDuties.status, 'pending'), scopeCondition(actor, gridDuties.gridCode)];
  const rows = await db.select().from(gridDuties).where(and(...conds)).orderBy(desc(gridDuties.requestedAt)).limit(500);
  return rows.map(view);
}

export async function requestDuty(database: Database, ctx: RequestContext, gridCode: string, input: { title: string; description?: string | null; basis?: string | null }) {
  authorize(ctx.actor, 'grids.duties.request');
  const db = database.db;
  assertInScope(ctx.actor, gridCode, '网格', 'Grid');
  const [g] = await db.select({ status: grids.status }).from(grids).where(eq(grids.code, gridCode));
  if (!g) throw notFound('网格', 'Grid');
  if (g.status !== 'active') throw conflict(`网格 ${gridCode} 已撤销`, `Grid ${gridCode} is retired`);
  const [same] = await db
    .select({ id: gridDuties.id })
    .from(gridDuties)
    .where(and(eq(gridDuties.gridCode, gridCode), eq(gridDuties.title, input.title), inArray(gridDuties.status, ['pending', 'approved'])));
  if (same) throw new AppError('duplicate', { what: '该准入事项', whatEn: 'This duty', value: input.title });
  const id = randomUUID();
  const row = await db.transaction(async (tx) => {
    const [d] = await tx
      .insert(gridDuties)
      .values({ id, gridCode, title: input.title, description: input.description ?? null, basis: input.basis ?? null, requestedBy: ctx.actor.id, requestedByName: ctx.actor.name })
      .returning();
    await audit(tx, ctx, { action: 'grid.duty_request', targetType: 'grid_duty', targetId: id, regionCode: gridCode });
    return d;
  });
  return view(row);
}

async function pending(db: DbOrTx, actor: Actor, gridCode: string, id: string): Promise<DutyRow> {
  assertInScope(actor, gridCode, '网格', 'Grid');
  const [d] = await db.select().from(gridDuties).where(and(eq(gridDuties.id, id), eq(gridDuties.gridCode, gridCode)));
  if (!d) throw notFound('准入事项', 'Duty');
  return d;
}

export async function decideDuty(database: Database, ctx: RequestContext, gridCode: string, id: string, decision: 'approve' | 'reject', note?: string | null) {
  authorize(ctx.actor, 'grids.duties.approve');
  const db = database.db;
  const d = await pending(db, ctx.actor, gridCode, id);
  if (d.status !== 'pending') throw conflict('该申请已处理', 'This request has already been decided');
  if (d.requestedBy === ctx.actor.id) throw new AppError('self_approval');
  const row = await db.transaction(async (tx) => {
    const [u] = await tx
      .update(gridDuties)
      .set({ status: decision === 'approve' ? 'approved' : 'rejected', decidedBy: ctx.actor.id, decidedByName: ctx.actor.name, decidedAt: new Date(), decisionNote: note ?? null })
      .where(and(eq(gridDuties.id, id), eq(gridDuties.status, 'pending')))
      .returning();
    if (!u) throw conflict('该申请已处理', 'This request has already been decided');
    await audit(tx, ctx, { action: `grid.duty_${decision}`, targetType: 'grid_duty', targetId: id, regionCode: gridCode });
    return u;
  });
  return view(row);
}

export async function removeDuty(database: Database, ctx: RequestContext, gridCode: string, id: string, reason: string) {
  authorize(ctx.actor, 'grids.duties.request');
  const db = database.db;
  const d = await pending(db, ctx.actor, gridCode, id);
  if (d.status !== 'approved' && d.status !== 'pending') throw conflict('该事项不在清单中', 'This duty is not on the list');
  const row = await db.transaction(async (tx) => {
    const [u] = await tx
      .update(gridDuties)
      .set({ status: 'removed', removedBy: ctx.actor.id, removedAt: new Date(), removedReason: reason })
      .where(eq(gridDuties.id, id))
      .returning();
    await audit(tx, ctx, { action: 'grid.duty_remove', targetType: 'grid_duty', targetId: id, regionCode: gridCode });
    return u;
  });
  return view(row);
}


/** Duty requests named by their grid (the audit log names its entries' objects so). */
export async function dutyNamesOf(db: DbOrTx, ids: string[]): Promise<Map<string, string>> {
  if (!ids.length) return new Map();
  const rows = await db.select({ id: gridDuties.id, name: grids.name }).from(gridDuties).innerJoin(grids, eq(grids.code, gridDuties.gridCode)).where(inArray(gridDuties.id, ids));
  return new Map(rows.map((r) => [r.id, r.name]));
}
