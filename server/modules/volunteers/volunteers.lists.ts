/**
 * The three lists: a community's needs (需求清单), what members and units offer (资源清单), and the
 * units' duties (职责清单, in volunteers.people.ts). A need is matched to resources (suggestions by kind
 * and place), claimed by a member, volunteer or unit, done with evidence, and confirmed once by the
 * community; each confirmed need is a deed of its claimant (and of the claimant's unit).
 */
import { randomUUID } from 'node:crypto';
import { and, count, desc, eq, inArray, or, sql } from 'drizzle-orm';
import { assertAssignable, authorize, inRegion, SYSTEM_ACTOR, type Actor } from '../../platform/access.js';
import { visibleNeeds, visibleResources } from '../../platform/access/volunteers.js';
import { audit, type RequestContext } from '../../platform/audit.js';
import type { DbOrTx } from '../../platform/db.js';
import { AppError, notFound } from '../../platform/errors.js';
import { pageOf } from '../../platform/schemas.js';
import * as households from '../households/households.service.js';
import { appendHouseholdEvent } from '../households/households.timeline.js';
import * as regionsService from '../regions/regions.service.js';
import { findHelper, findUnit, type Deps } from './volunteers.people.js';
import { helpers, needs, pairedUnits, resources } from './volunteers.tables.js';
import { availableNeedActions, NEED_ACTIONS, NEED_STATUS_NAMES, needRefusal, rankResources, type NeedAction, type NeedStatus } from './volunteers.workflow.js';

type NeedRow = typeof needs.$inferSelect;
type ResourceRow = typeof resources.$inferSelect;

async function ownerNames(db: DbOrTx, rows: { helperId: string | null; unitId: string | null }[]) {
  const hs = [...new Set(rows.map((r) => r.helperId).filter((x): x is string => !!x))];
  const us = [...new Set(rows.map((r) => r.unitId).filter((x): x is string => !!x))];
  const [h, u] = await Promise.all([
    hs.length ? db.select({ id: helpers.id, name: helpers.name }).from(helpers).where(inArray(helpers.id, hs)) : [],
    us.length ? db.select({ id: pairedUnits.id, name: pairedUnits.name }).from(pairedUnits).where(inArray(pairedUnits.id, us)) : [],
  ]);
  const names = new Map([...h, ...u].map((r) => [r.id, r.name]));
  return (r: { helperId: string | null; unitId: string | null }) =>
    r.helperId ? { kind: 'helper' as const, id: r.helperId, name: names.get(r.helperId) ?? '' } : r.unitId ? { kind: 'unit' as const, id: r.unitId, name: names.get(r.unitId) ?? '' } : null;
}

async function needViews(db: DbOrTx, rows: NeedRow[]) {
  const [names, owner] = await Promise.all([regionsService.namesOf(db, rows.map((r) => r.regionCode)), ownerNames(db, rows)]);
  return rows.map((r) => ({
    id: r.id,
    regionCode: r.regionCode,
    regionName: names.get(r.regionCode) ?? r.regionCode,
    title: r.title,
    detail: r.detail,
    kind: r.kind,
    source: r.source,
    householdId: r.householdId,
    status: r.status as NeedStatus,
    claimant: owner(r),
    claimedAt: r.claimedAt?.toISOString() ?? null,
    doneAt: r.doneAt?.toISOString() ?? null,
    evidence: r.evidence,
    confirmedAt: r.confirmedAt?.toISOString() ?? null,
    createdAt: r.createdAt.toISOString(),
    version: r.version,
  }));
}

async function resourceViews(db: DbOrTx, rows: ResourceRow[]) {
  const owner = await ownerNames(db, rows);
  return rows.map((r) => ({ id: r.id, regionCode: r.regionCode, kind: r.kind, title: r.title, detail: r.detail, owner: owner(r)! }));
}

export async function createNeed(deps: Deps, ctx: RequestContext, input: { regionCode: string; title: string; detail?: string; kind: string; source: string; sourceRef?: string; householdId?: string }) {
  authorize(ctx.actor, 'volunteers.write');
  assertAssignable(ctx.actor, input.regionCode, '需求所在社区', 'The need’s community');
  const db = deps.database.db;
  if (!(await regionsService.exists(db, input.regionCode))) throw notFound(`区域 ${input.regionCode} `, `Region ${input.regionCode}`);
  const id = randomUUID();
  await db.transaction(async (tx) => {
    // A household file the caller sees, inside the need's community; anything else is not found.
    if (input.householdId) {
      const home = await households.findHousehold(tx, ctx.actor, input.householdId);
      if (!home.gridCode.startsWith(input.regionCode)) throw notFound('户档案', 'Household');
    }
    await tx.insert(needs).values({ id, regionCode: input.regionCode, title: input.title.trim(), detail: input.detail?.trim() || null, kind: input.kind, source: input.source, sourceRef: input.sourceRef ?? null, householdId: input.householdId ?? null, status: 'open', createdBy: ctx.actor.id });
    await audit(tx, ctx, { action: 'need.create', targetType: 'need', targetId: id, regionCode: input.regionCode, details: { kind: input.kind, source: input.source } });
  });
  return getNeed(deps, ctx.actor, id);
}

async function findNeed(db: DbOrTx, actor: Actor, id: string): Promise<NeedRow> {
  const [row] = await db.select().from(needs).where(and(eq(needs.id, id), visibleNeeds(actor)));
  if (!row) throw notFound('需求', 'Need');
  return row;
}

export async function listNeeds(deps: Deps, actor: Actor, q: { page?: number; pageSize?: number; status?: string; within?: string }) {
  authorize(actor, 'volunteers.read');
  const db = deps.database.db;
  const { page, pageSize, offset } = pageOf(q);
  const where = and(visibleNeeds(actor), q.status ? eq(needs.status, q.status) : undefined, q.within ? inRegion(needs.regionCode, q.within) : undefined);
  const [rows, [{ n }]] = await Promise.all([
    db.select().from(needs).where(where).orderBy(desc(needs.createdAt), desc(needs.id)).limit(pageSize).offset(offset),
    db.select({ n: count() }).from(needs).where(where),
  ]);
  return { items: await needViews(db, rows), total: Number(n), page, pageSize };
}

/** The need, its suggested resources (the caller's visible ones, nearest of the same kind first) and its buttons. */
export async function getNeed(deps: Deps, actor: Actor, id: string) {
  authorize(actor, 'volunteers.read');
  const db = deps.database.db;
  const row = await findNeed(db, actor, id);
  const [view] = await needViews(db, [row]);
  // Candidates: the same kind anywhere visible, or any kind in the need's township.
  const pool = await db
    .select()
    .from(resources)
    .where(and(visibleResources(actor), or(eq(resources.kind, row.kind), inRegion(resources.regionCode, row.regionCode.slice(0, 9)))))
    .orderBy(resources.id)
    .limit(500);
  const ranked = rankResources(row, pool);
  const owned = await resourceViews(db, ranked);
  return {
    ...view,
    suggestions: owned.map((r, i) => ({ ...r, score: ranked[i].score })),
    actions: availableNeedActions(actor, row.status as NeedStatus),
  };
}

export interface NeedActionInput {
  version: number;
  helperId?: string;
  unitId?: string;
  evidence?: string;
}

/** One function applies a row of NEED_ACTIONS, in one transaction with its audit entry. */
export async function actOnNeed(deps: Deps, ctx: RequestContext, id: string, action: NeedAction, input: NeedActionInput) {
  const db = deps.database.db;
  await db.transaction(async (tx) => {
    const row = await findNeed(tx, ctx.actor, id);
    const status = row.status as NeedStatus;
    const refusal = needRefusal(action, ctx.actor, status);
    const rule = NEED_ACTIONS[action];
    if (refusal === rule.refused) throw new AppError(rule.refused, { status: NEED_STATUS_NAMES[status].zh, statusEn: NEED_STATUS_NAMES[status].en }, { action, status });
    if (refusal) throw new AppError(refusal);
    if (row.version !== input.version) throw new AppError('stale_version');
    const now = new Date();
    let set: Partial<typeof needs.$inferInsert> = {};
    if (action === 'claim') {
      if (!!input.helperId === !!input.unitId) throw new AppError('need_claimant_required');
      // The claimant belongs to the need's community (or an area above it); anyone else is not found here.
      const claimant = input.helperId ? await findHelper(tx, ctx.actor, input.helperId) : await findUnit(tx, ctx.actor, input.unitId!);
      if (!row.regionCode.startsWith(claimant.regionCode)) throw input.helperId ? notFound('志愿者/党员', 'Helper') : notFound('结对单位', 'Paired unit');
      set = { helperId: input.helperId ?? null, unitId: input.unitId ?? null, claimedAt: now };
    } else if (action === 'done') {
      if (!input.evidence?.trim()) throw new AppError('required', { field: 'evidence' });
      set = { doneAt: now, evidence: input.evidence.trim() };
      // The household it was raised for: its timeline shows the help received (the title, not the evidence).
      if (row.householdId) {
        const home = await households.findHousehold(tx, SYSTEM_ACTOR, row.householdId);
        await appendHouseholdEvent(tx, { householdId: home.id, gridCode: home.gridCode, source: 'assistance', kind: 'need.done', summary: `社区需求已办结：${row.title.slice(0, 60)}`, refType: 'need', refId: id, actor: ctx.actor, at: now });
      }
    } else if (action === 'confirm') {
      set = { confirmedAt: now };
    }
    const moved = await tx
      .update(needs)
      .set({ ...set, status: rule.to, version: sql`${needs.version} + 1` })
      .where(and(eq(needs.id, id), eq(needs.version, input.version)))
      .returning({ id: needs.id });
    if (!moved.length) throw new AppError('stale_version');
    await audit(tx, ctx, { action: `need.${action}`, targetType: 'need', targetId: id, regionCode: row.regionCode, details: { status: rule.to } });
  });
  return getNeed(deps, ctx.actor, id);
}

/** 资源清单: an offer by a helper or a unit; it belongs where its owner does. */
export async function createResource(deps: Deps, ctx: RequestContext, input: { kind: string; title: string; detail?: string; helperId?: string; unitId?: string }) {
  authorize(ctx.actor, 'volunteers.write');
  if (!!input.helperId === !!input.unitId) throw new AppError('need_claimant_required');
  const db = deps.database.db;
  const id = randomUUID();
  await db.transaction(async (tx) => {
    const owner = input.helperId ? await findHelper(tx, ctx.actor, input.helperId) : await findUnit(tx, ctx.actor, input.unitId!);
    await tx.insert(resources).values({ id, regionCode: owner.regionCode, kind: input.kind, title: input.title.trim(), detail: input.detail?.trim() || null, helperId: input.helperId ?? null, unitId: input.unitId ?? null });
    await audit(tx, ctx, { action: 'resource.create', targetType: 'resource', targetId: id, regionCode: owner.regionCode, details: { kind: input.kind } });
  });
  const [row] = await db.select().from(resources).where(eq(resources.id, id));
  return (await resourceViews(db, [row]))[0];
}

export async function listResources(deps: Deps, actor: Actor, q: { page?: number; pageSize?: number; kind?: string }) {
  authorize(actor, 'volunteers.read');
  const db = deps.database.db;
  const { page, pageSize, offset } = pageOf(q);
  const where = and(visibleResources(actor), q.kind ? eq(resources.kind, q.kind) : undefined);
  const [rows, [{ n }]] = await Promise.all([
    db.select().from(resources).where(where).orderBy(desc(resources.createdAt), desc(resources.id)).limit(pageSize).offset(offset),
    db.select({ n: count() }).from(resources).where(where),
  ]);
  return { items: await resourceViews(db, rows), total: Number(n), page, pageSize };
}
