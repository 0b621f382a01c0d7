/**
 * A household's history and timeline, and reverting one change by a new change.
 */
import { and, eq, sql } from 'drizzle-orm';
import { authorize, type Actor } from '../../platform/access.js';
import { householdsVisible } from '../../platform/access/households.js';
import { type RequestContext } from '../../platform/audit.js';
import { AppError, conflict, notFound } from '../../platform/errors.js';
import { changeView, listHistory, sameValue, type ChangeView } from './households.history.js';
import { recordChanges } from './households.tables.js';
import { listTimeline } from './households.timeline.js';
import { personHistory, unseal, type PersonInput } from './people.fields.js';
import { type ChangeMeta, type HouseholdInput, applyHousehold, fieldsZh, householdHistory, inputOf, resolveHousehold } from './households.edit.js';
import { applyMove, applyPerson } from './households.members.js';
import { findHousehold, findPerson } from './households.search.js';
import { type Deps } from './households.views.js';

// ---------------------------------------------------------------------------------------------
// History, timeline, revert

export async function householdHistoryPage(deps: Deps, actor: Actor, id: string, q: { page?: number; pageSize?: number }) {
  await findHousehold(deps.database.db, actor, id);
  return listHistory(deps.database.db, { householdId: id }, q);
}

export async function personHistoryPage(deps: Deps, actor: Actor, id: string, q: { page?: number; pageSize?: number }) {
  await findPerson(deps.database.db, actor, id);
  return listHistory(deps.database.db, { entityId: id }, q);
}

export async function householdTimeline(deps: Deps, actor: Actor, id: string, q: { source?: string; page?: number; pageSize?: number }) {
  await findHousehold(deps.database.db, actor, id);
  return listTimeline(deps.database.db, id, q);
}

/**
 * Reverts one change by a new change that restores its "before" values — only where the fields
 * still hold its "after" values; otherwise 409 naming the fields changed since.
 */
export async function revertChange(deps: Deps, ctx: RequestContext, changeId: number, reason: string): Promise<ChangeView> {
  authorize(ctx.actor, 'households.write');
  const db = deps.database.db;
  const [change] = await db.select().from(recordChanges).where(and(eq(recordChanges.id, changeId), householdsVisible(ctx.actor, recordChanges.gridCode)));
  if (!change) throw notFound('修改记录', 'Change');
  if (change.action === 'create') throw conflict('新建记录不能撤销，请注销该档案', 'A creation cannot be reverted; archive the record instead');
  const meta: ChangeMeta = { action: 'revert', reason, revertOf: change.id };
  await db.transaction(async (tx) => {
    if (change.entityType === 'household') {
      const current = await findHousehold(tx, ctx.actor, change.entityId);
      const now = householdHistory(current);
      const stale = change.changes.filter((c) => !sameValue(now[c.field] ?? null, c.after));
      if (stale.length) throw new AppError('revert_conflict', { fields: fieldsZh(stale.map((c) => c.field)) }, { fields: stale.map((c) => c.field) });
      const input = inputOf(current) as unknown as Record<string, unknown>;
      for (const c of change.changes) if (c.field in input) input[c.field] = c.before;
      const status = (change.changes.find((c) => c.field === 'status')?.before as string | undefined) ?? current.status;
      const next = await resolveHousehold(tx, ctx.actor, input as unknown as HouseholdInput, status);
      await applyHousehold(tx, ctx, current, next, current.version, meta);
      return;
    }
    const current = await findPerson(tx, ctx.actor, change.entityId);
    const now = personHistory(current);
    const stale = change.changes.filter((c) => !sameValue(now[c.field] ?? null, c.after));
    if (stale.length) throw new AppError('revert_conflict', { fields: fieldsZh(stale.map((c) => c.field)) }, { fields: stale.map((c) => c.field) });
    const before = Object.fromEntries(change.changes.map((c) => [c.field, unseal(deps.pii, c.before)]));
    if ('householdId' in before || 'status' in before) {
      const householdId = (before.householdId as string | null | undefined) ?? current.householdId;
      let gridCode = current.gridCode;
      if (householdId) gridCode = (await findHousehold(tx, ctx.actor, householdId)).gridCode;
      await applyMove(tx, ctx, current, { householdId, relation: ('relation' in before ? before.relation : current.relation) as string | null, status: (before.status as string | undefined) ?? current.status, gridCode }, current.version, meta);
      return;
    }
    await applyPerson(deps, tx, ctx, current, before as PersonInput & { userId?: string | null }, current.version, meta);
  });
  const [latest] = await db.select().from(recordChanges).where(eq(recordChanges.revertOf, change.id)).orderBy(sql`${recordChanges.id} desc`).limit(1);
  if (!latest) throw conflict('没有需要撤销的内容', 'Nothing to revert');
  return changeView(latest);
}
