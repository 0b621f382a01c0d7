/**
 * What a visit raises, after the visit itself is saved (steps 4 and 5 of visits.record.ts): the appeal
 * a finding asks for, and the change to the household file. Each is made once and recorded on the
 * visit, so a retry finishes what a failed attempt started. The household was found in the caller's
 * scope when the visit was received; these steps do not look for it again through the caller's scope.
 */
import { and, asc, eq, isNull } from 'drizzle-orm';
import { authorize, SYSTEM_ACTOR } from '../../platform/access.js';
import { audit, type RequestContext } from '../../platform/audit.js';
import { normalisePhone } from '../../platform/crypto.js';
import { AppError, conflict, errorMessage } from '../../platform/errors.js';
import { createAppeal, findVisible as findVisibleAppeal, type Photo } from '../appeals/appeals.service.js';
import { addressesOf, applyFilePatch, findHousehold, householdRow, reachableMembers, type FilePatch } from '../households/households.service.js';
import { appendHouseholdEvent } from '../households/households.timeline.js';
import { findVisit, viewOf, type VisitRow, type VisitView } from './visits.read.js';
import type { Deps } from './visits.submission.js';
import { visitPhotos, visits } from './visits.tables.js';

interface PendingAppeal {
  kind: 'appeal' | 'on_spot';
  content: string;
  categoryCode: string;
  urgency?: 'normal' | 'urgent';
  result?: string;
  /** Why the appeal could not be made (a permanent refusal), shown on the visit. */
  error?: string;
}

/** Steps 4 and 5: whatever the visit's finding still asks for. */
export async function followUp(deps: Deps, ctx: RequestContext, v: VisitRow, photos?: Photo[]): Promise<VisitRow> {
  let row = await raiseAppeal(deps, ctx, v, photos);
  if (row.changeStatus === 'pending') row = await applyFileChange(deps, ctx, row, null);
  return row;
}

/** The appeal a visit raised already, whoever may see it now: it carries the visit's id. */
async function appealOf(deps: Deps, visitId: string): Promise<{ id: string; number: string } | undefined> {
  const a = await findVisibleAppeal(deps.database.db, SYSTEM_ACTOR, visitId);
  return a && { id: a.id, number: a.number };
}

/**
 * Step 4: the appeal (or the problem solved on the spot) the visit found, registered once and linked
 * to the visit with a line on the household's timeline. The appeal takes the visit's id, so two
 * attempts at once (a retry racing the first try) cannot make two appeals.
 */
async function raiseAppeal(deps: Deps, ctx: RequestContext, v: VisitRow, photos?: Photo[]): Promise<VisitRow> {
  const db = deps.database.db;
  let row = v;
  const pending = row.pendingAppeal as PendingAppeal | null;
  if (!pending || row.appealId || pending.error) return row;
  let appeal = await appealOf(deps, row.id);
  if (!appeal) {
    const stored = photos ?? (await db.select().from(visitPhotos).where(eq(visitPhotos.visitId, row.id)).orderBy(asc(visitPhotos.seq))).map((p) => ({ filename: p.filename, mime: p.mime, data: p.data }));
    try {
      appeal = await createAppeal(
        { database: deps.database, vault: deps.vault },
        { ctx, source: 'visit' },
        {
          id: row.id,
          channel: 'visit',
          requester: await requesterOf(deps, ctx, row),
          content: pending.content,
          categoryCode: pending.categoryCode,
          urgency: pending.urgency,
          placeCode: row.gridCode,
          address: (await addressesOf(db, [row.householdId])).get(row.householdId),
          photos: stored,
          solvedOnSpot: pending.kind === 'on_spot' ? { result: pending.result! } : undefined,
        },
      );
    } catch (err) {
      const raced = await appealOf(deps, row.id);
      if (raced) appeal = raced;
      else if (err instanceof AppError && err.status < 500) {
        // Refused for good (a category retired meanwhile, a scope change): the visit stays, with why.
        [row] = await db
          .update(visits)
          .set({ pendingAppeal: { ...pending, error: errorMessage(err.code, err.params, 'zh-CN') } })
          .where(eq(visits.id, row.id))
          .returning();
        return row;
      } else throw err;
    }
  }
  const made = appeal;
  await db.transaction(async (tx) => {
    const [linked] = await tx.update(visits).set({ appealId: made.id, appealNumber: made.number }).where(and(eq(visits.id, row.id), isNull(visits.appealId))).returning();
    if (!linked) {
      [row] = await tx.select().from(visits).where(eq(visits.id, row.id));
      return;
    }
    row = linked;
    await appendHouseholdEvent(tx, {
      householdId: row.householdId,
      gridCode: row.gridCode,
      source: 'appeals',
      kind: pending.kind === 'on_spot' ? 'appeal.solved_on_spot' : 'appeal.registered',
      summary: pending.kind === 'on_spot' ? `入户走访中就地解决问题（${made.number}）` : `入户走访中登记诉求 ${made.number}`,
      refType: 'appeal',
      refId: made.id,
      data: { number: made.number, visitId: row.id, categoryCode: pending.categoryCode },
      actor: { id: ctx.actor.id, name: ctx.actor.displayName ?? ctx.actor.name },
    });
  });
  return row;
}

/**
 * The appeal's requester: the head of the household (or the first member with a valid phone), who
 * hears the outcome by SMS. Reading the phone to address the appeal is recorded in the audit log.
 */
async function requesterOf(deps: Deps, ctx: RequestContext, v: VisitRow) {
  const db = deps.database.db;
  for (const m of await reachableMembers(db, v.householdId)) {
    if (!m.phoneEnc) continue;
    const phone = normalisePhone(deps.vault.decrypt(m.phoneEnc));
    if (!phone) continue;
    await audit(db, ctx, { action: 'visit.requester_contact', targetType: 'person', targetId: m.id, regionCode: v.gridCode, details: { visitId: v.id, field: 'phone' } });
    return { kind: 'resident' as const, name: m.name, phone };
  }
  return { kind: 'anonymous' as const };
}

/**
 * Step 5: the visit's change to the household file, with its mark on the visit in one transaction (a
 * retry never finds one without the other). Against a stale version, or a file archived meanwhile, it
 * records a conflict for the worker to resolve.
 */
async function applyFileChange(deps: Deps, ctx: RequestContext, v: VisitRow, version: number | null): Promise<VisitRow> {
  const db = deps.database.db;
  const change = v.pendingChange as { version: number; reason: string; patch: FilePatch };
  try {
    return await db.transaction(async (tx) => {
      await applyFilePatch(tx, ctx, v.householdId, change.patch, version ?? change.version, `入户走访：${change.reason}`);
      const [row] = await tx
        .update(visits)
        .set({ changeStatus: 'applied', pendingChange: { version: change.version, reason: change.reason, patch: change.patch } })
        .where(eq(visits.id, v.id))
        .returning();
      return row;
    });
  } catch (err) {
    if (!(err instanceof AppError) || err.status >= 500) throw err;
    const current = await householdRow(db, v.householdId);
    const fields = Object.entries(change.patch)
      .filter(([, mine]) => mine !== undefined)
      .map(([field, mine]) => ({ field, mine, current: (current as Record<string, unknown> | undefined)?.[field] ?? null }));
    const message =
      err.code === 'stale_version'
        ? `户档案在您走访后已被他人修改（您依据第 ${change.version} 版，现为第 ${current?.version} 版），请确认是否仍按您的记录修改`
        : errorMessage(err.code, err.params, 'zh-CN');
    const [row] = await db
      .update(visits)
      .set({ changeStatus: 'conflict', pendingChange: { ...change, conflict: { message, fields } } })
      .where(eq(visits.id, v.id))
      .returning();
    return row;
  }
}

/**
 * Resolving a file change that met a conflict: apply it over the current version, or discard it. The
 * border is here: the visit in the caller's scope, and for applying, the household too.
 */
export async function resolveConflict(deps: Deps, ctx: RequestContext, id: string, action: 'apply' | 'discard'): Promise<VisitView> {
  const db = deps.database.db;
  const v = await findVisit(db, ctx.actor, id);
  if (v.changeStatus !== 'conflict') throw conflict('这次走访没有待处理的户档案修改冲突', 'This visit has no file change waiting to be resolved');
  if (v.workerId !== ctx.actor.id) authorize(ctx.actor, 'households.write');
  let row: VisitRow;
  if (action === 'discard') {
    const [r] = await db.update(visits).set({ changeStatus: 'discarded' }).where(and(eq(visits.id, id), eq(visits.changeStatus, 'conflict'))).returning();
    if (!r) throw conflict('这次走访的户档案修改已处理', 'This visit’s file change was already resolved');
    row = r;
    await audit(db, ctx, { action: 'visit.change_discarded', targetType: 'visit', targetId: id, regionCode: v.gridCode });
  } else {
    const household = await findHousehold(db, ctx.actor, v.householdId);
    // Claim the conflict first, so two people resolving at once apply it once.
    const [claimed] = await db.update(visits).set({ changeStatus: 'pending' }).where(and(eq(visits.id, id), eq(visits.changeStatus, 'conflict'))).returning();
    if (!claimed) throw conflict('这次走访的户档案修改已处理', 'This visit’s file change was already resolved');
    row = await applyFileChange(deps, ctx, claimed, household.version);
  }
  return viewOf(db, row);
}
