/**
 * Daily visit plans: made each morning for every full-time grid worker and 大组长 by a durable job,
 * or on demand; a worker can swap a household for another with a reason. A household planned for one
 * worker that day is not planned for another worker of the same grid.
 */
import { timeOrderedUuid } from '../../platform/ids.js';
import { and, asc, count, eq, inArray, ne, sql } from 'drizzle-orm';
import { authorize, codeInScope, inRegion, scopeCondition, type Actor } from '../../platform/access.js';
import { householdsVisible } from '../../platform/access/households.js';
import { audit, type RequestContext } from '../../platform/audit.js';
import { bulkInsert } from '../../platform/bulk.js';
import type { Database, DbOrTx } from '../../platform/db.js';
import { AppError, badRequest, conflict, notFound } from '../../platform/errors.js';
import { pageOf, type PageResult } from '../../platform/schemas.js';
import { workCalendar } from '../calendar/calendar.service.js';
import { isWorkingDay, localParts } from '../calendar/calendar.time.js';
import { grids, gridWorkers } from '../grids/grids.tables.js';
import { households } from '../households/households.tables.js';
import { users } from '../users/users.tables.js';
import { gridsOfWorker, householdCards, plannerHouseholds, PLANNED_KINDS, vocabulary, type HouseholdCard, type VisitVocabulary } from './visits.households.js';
import { planDay, type PlannerRules } from './visits.planner.js';
import { allSettings, settingsFor, settingsIn, type VisitSettingsView } from './visits.settings.js';
import { visitPlanItems, visitPlans } from './visits.tables.js';

export interface PlanItemView {
  id: string;
  seq: number;
  window: string;
  windowName: string;
  status: string;
  reason: string;
  reasonCodes: string[];
  visitId: string | null;
  swapReason: string | null;
  household: HouseholdCard;
}

export interface PlanView {
  id: string;
  date: string;
  workerId: string;
  workerName: string;
  quota: number;
  workingDay: boolean;
  items: PlanItemView[];
  counts: { planned: number; visited: number; nobodyHome: number };
}

type PlanRow = typeof visitPlans.$inferSelect;

export function addDays(ymd: string, n: number): string {
  return new Date(Date.parse(`${ymd}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

/** Today's date on China's calendar. */
export function chinaDate(now = new Date()): string {
  return localParts(now).ymd;
}

export function rulesOf(settings: VisitSettingsView, vocab: VisitVocabulary): PlannerRules {
  return {
    quota: settings.dailyQuota,
    windows: settings.windows.map((w) => ({ code: w.code, name: w.name })),
    typeWindows: settings.typeWindows,
    vulnerableTags: vocab.vulnerableTags,
    typeNames: vocab.typeNames,
  };
}

/** Households planned that day for any worker but `workerId`, among some grids. */
async function plannedByOthers(db: DbOrTx, date: string, gridCodes: string[], workerId: string | null): Promise<Set<string>> {
  if (!gridCodes.length) return new Set();
  const rows = await db
    .select({ id: visitPlanItems.householdId })
    .from(visitPlanItems)
    .innerJoin(visitPlans, eq(visitPlans.id, visitPlanItems.planId))
    .where(and(inArray(visitPlanItems.gridCode, gridCodes), eq(visitPlanItems.date, date), ne(visitPlanItems.status, 'swapped_out'), workerId ? ne(visitPlans.workerId, workerId) : undefined));
  return new Set(rows.map((r) => r.id));
}

async function planView(db: DbOrTx, plan: PlanRow, workingDay: boolean): Promise<PlanView> {
  const [items, [worker], settings] = await Promise.all([
    db.select().from(visitPlanItems).where(eq(visitPlanItems.planId, plan.id)).orderBy(asc(visitPlanItems.seq)),
    db.select({ name: users.displayName }).from(users).where(eq(users.id, plan.workerId)),
    settingsFor(db, plan.gridCode),
  ]);
  const cards = new Map((await householdCards(db, items.map((i) => i.householdId))).map((c) => [c.id, c]));
  const windowName = new Map(settings.windows.map((w) => [w.code, w.name]));
  const views = items
    .filter((i) => cards.has(i.householdId))
    .map((i) => ({
      id: i.id,
      seq: i.seq,
      window: i.window,
      windowName: windowName.get(i.window) ?? i.window,
      status: i.status,
      reason: i.reason,
      reasonCodes: i.reasonCodes,
      visitId: i.visitId,
      swapReason: i.swapReason,
      household: cards.get(i.householdId)!,
    }));
  return {
    id: plan.id,
    date: plan.date,
    workerId: plan.workerId,
    workerName: worker?.name ?? '',
    quota: plan.quota,
    workingDay,
    items: views,
    counts: {
      planned: views.filter((i) => i.status !== 'swapped_out').length,
      visited: views.filter((i) => i.status === 'visited').length,
      nobodyHome: views.filter((i) => i.status === 'nobody_home').length,
    },
  };
}

/**
 * Makes (or, with `regenerate`, remakes the not-yet-visited part of) one worker's plan for a day.
 * Returns null for a worker with no grid to plan.
 */
export async function makePlan(database: Database, workerId: string, date: string, opts: { source: 'job' | 'on_demand'; regenerate?: boolean }): Promise<PlanRow | null> {
  const db = database.db;
  const gridCodes = await gridsOfWorker(db, workerId, true);
  if (!gridCodes.length) return null;
  const [existing] = await db.select().from(visitPlans).where(and(eq(visitPlans.workerId, workerId), eq(visitPlans.date, date)));
  if (existing && !opts.regenerate) return existing;
  const [settings, vocab] = await Promise.all([settingsFor(db, gridCodes[0]), vocabulary(db)]);
  return db.transaction(async (tx) => {
    let plan: PlanRow;
    if (!existing) {
      // One plan per worker and day: when a concurrent maker (the morning job) won, its plan stands.
      const [made] = await tx.insert(visitPlans).values({ id: timeOrderedUuid(), workerId, date, gridCode: gridCodes[0], quota: settings.dailyQuota, source: opts.source }).onConflictDoNothing().returning();
      if (!made) return (await existingPlan(tx, workerId, date))!;
      plan = made;
    } else {
      plan = existing;
      await tx.delete(visitPlanItems).where(and(eq(visitPlanItems.planId, plan.id), eq(visitPlanItems.status, 'planned')));
    }
    const kept = await tx.select({ householdId: visitPlanItems.householdId, status: visitPlanItems.status, seq: visitPlanItems.seq }).from(visitPlanItems).where(eq(visitPlanItems.planId, plan.id));
    const taken = await plannedByOthers(tx, date, gridCodes, workerId);
    for (const k of kept) taken.add(k.householdId);
    const pool = (await plannerHouseholds(tx, gridCodes)).filter((h) => !taken.has(h.id));
    const done = kept.filter((k) => k.status !== 'swapped_out').length;
    const seq0 = kept.reduce((m, k) => Math.max(m, k.seq), 0);
    const items = planDay(date, pool, rulesOf(settings, vocab), done).map((p, i) => ({ ...p, seq: seq0 + i + 1 }));
    await insertItems(tx, plan.id, date, items);
    return plan;
  });
}

async function insertItems(db: DbOrTx, planId: string, date: string, items: ReturnType<typeof planDay>) {
  if (!items.length) return;
  await bulkInsert(
    db,
    visitPlanItems,
    items.map((p) => ({ id: timeOrderedUuid(), planId, date, householdId: p.householdId, gridCode: p.gridCode, window: p.window, seq: p.seq, reason: p.reason, reasonCodes: p.reasonCodes })),
  );
}

/** The caller's plan for a day (made on demand when the morning job has not made it yet). */
export async function myPlan(database: Database, actor: Actor, date?: string): Promise<PlanView> {
  authorize(actor, 'visits.log');
  const day = checkDate(date);
  const db = database.db;
  const cal = await workCalendar(db);
  const working = isWorkingDay(cal, day);
  // Plans are made for today (on demand when the morning job has not run) or a week ahead; past days are only read.
  const today = chinaDate();
  const makeable = working && day >= today && day <= addDays(today, 7);
  const plan = makeable ? await makePlan(database, actor.id, day, { source: 'on_demand' }) : await existingPlan(db, actor.id, day);
  if (!plan) {
    return { id: '', date: day, workerId: actor.id, workerName: actor.displayName ?? actor.name, quota: 0, workingDay: working, items: [], counts: { planned: 0, visited: 0, nobodyHome: 0 } };
  }
  return planView(db, plan, working);
}

async function existingPlan(db: DbOrTx, workerId: string, date: string): Promise<PlanRow | null> {
  const [p] = await db.select().from(visitPlans).where(and(eq(visitPlans.workerId, workerId), eq(visitPlans.date, date)));
  return p ?? null;
}

function checkDate(date: string | undefined): string {
  if (!date) return chinaDate();
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00+08:00`))) throw badRequest(`日期格式不正确：${date}（YYYY-MM-DD）/ bad date`, { field: 'date' });
  return date;
}

/** A supervisor (or the worker) remakes a worker's plan for a day; visited items stay. */
export async function regeneratePlan(database: Database, ctx: RequestContext, input: { workerId?: string; date?: string }): Promise<PlanView> {
  const actor = ctx.actor;
  const workerId = input.workerId ?? actor.id;
  const day = checkDate(input.date);
  const db = database.db;
  if (workerId === actor.id) authorize(actor, 'visits.log');
  else {
    authorize(actor, 'visits.supervise');
    // Only someone whose area holds every grid of the worker remakes their plan (it shows those households).
    const gs = await gridsOfWorker(db, workerId);
    if (!gs.length || !gs.every((g) => codeInScope(actor, g))) throw notFound('网格员', 'The grid worker');
  }
  const plan = await makePlan(database, workerId, day, { source: 'on_demand', regenerate: true });
  if (!plan) throw conflict('该账号没有分配网格，无法生成走访计划', 'The account has no grid to plan visits in');
  await audit(db, ctx, { action: 'visit_plan.generate', targetType: 'visit_plan', targetId: plan.id, regionCode: plan.gridCode, details: { date: day, workerId } });
  const cal = await workCalendar(db);
  return planView(db, plan, isWorkingDay(cal, day));
}

/** Swaps a planned household for another of the worker's grids, with a reason. */
export async function swapItem(database: Database, ctx: RequestContext, planId: string, itemId: string, input: { householdId: string; reason: string }): Promise<PlanView> {
  authorize(ctx.actor, 'visits.log');
  const db = database.db;
  const reason = input.reason.trim();
  if (!reason) throw new AppError('required', { field: '调换理由 / reason' });
  const [plan] = await db.select().from(visitPlans).where(and(eq(visitPlans.id, planId), eq(visitPlans.workerId, ctx.actor.id)));
  if (!plan) throw notFound('走访计划', 'The visit plan');
  const [item] = await db.select().from(visitPlanItems).where(and(eq(visitPlanItems.id, itemId), eq(visitPlanItems.planId, planId)));
  if (!item) throw notFound('计划中的这一户', 'The plan item');
  if (item.status !== 'planned') throw conflict('这一户已走访或已调换，不能再调换', 'This household was already visited or swapped');
  const [target] = await db
    .select({ id: households.id, gridCode: households.gridCode, type: households.type, status: households.status })
    .from(households)
    .where(and(eq(households.id, input.householdId), householdsVisible(ctx.actor, households.gridCode)));
  if (!target || target.status !== 'active') throw notFound('户档案', 'The household');
  const gridCodes = await gridsOfWorker(db, ctx.actor.id);
  if (!gridCodes.includes(target.gridCode)) throw notFound('户档案', 'The household');
  const settings = await settingsFor(db, plan.gridCode);
  await db.transaction(async (tx) => {
    const inPlan = await tx
      .select({ id: visitPlanItems.id })
      .from(visitPlanItems)
      .where(and(eq(visitPlanItems.planId, planId), eq(visitPlanItems.householdId, target.id), ne(visitPlanItems.status, 'swapped_out')));
    if (inPlan.length) throw conflict('这一户已在今天的计划中', 'The household is already on today’s plan');
    const others = await plannedByOthers(tx, plan.date, [target.gridCode], ctx.actor.id);
    if (others.has(target.id)) throw conflict('这一户已在同网格其他网格员今天的计划中', 'Another worker of the grid has this household on today’s plan');
    const [{ maxSeq }] = await tx.select({ maxSeq: sql<number>`coalesce(max(${visitPlanItems.seq}), 0)::int` }).from(visitPlanItems).where(eq(visitPlanItems.planId, planId));
    const upd = await tx
      .update(visitPlanItems)
      .set({ status: 'swapped_out', swappedFor: target.id, swapReason: reason })
      .where(and(eq(visitPlanItems.id, itemId), eq(visitPlanItems.status, 'planned')))
      .returning({ id: visitPlanItems.id });
    if (!upd.length) throw conflict('这一户已走访或已调换，不能再调换', 'This household was already visited or swapped');
    const window = settings.typeWindows[target.type] ?? item.window;
    await tx.insert(visitPlanItems).values({
      id: timeOrderedUuid(),
      planId,
      date: plan.date,
      householdId: target.id,
      gridCode: target.gridCode,
      window,
      seq: Number(maxSeq) + 1,
      reason: `调换：${reason}`,
      reasonCodes: ['swap'],
    });
    await audit(tx, ctx, { action: 'visit_plan.swap', targetType: 'visit_plan', targetId: planId, regionCode: plan.gridCode, details: { out: item.householdId, in: target.id } });
  });
  const cal = await workCalendar(db);
  return planView(db, plan, isWorkingDay(cal, plan.date));
}

export interface PlanSummary {
  id: string;
  date: string;
  workerId: string;
  workerName: string;
  gridCode: string;
  gridName: string;
  quota: number;
  planned: number;
  visited: number;
  nobodyHome: number;
}

/** Plans of a day in the caller's area, for supervisors. */
export async function listPlans(database: Database, actor: Actor, q: { date?: string; regionCode?: string; page?: number; pageSize?: number }): Promise<PageResult<PlanSummary>> {
  authorize(actor, 'visits.supervise');
  const db = database.db;
  const day = checkDate(q.date);
  const { page, pageSize, offset } = pageOf(q);
  if (q.regionCode && !codeInScope(actor, q.regionCode)) throw notFound(`区域 ${q.regionCode} `, `Region ${q.regionCode}`);
  const within = q.regionCode ?? actor.regionCode;
  const where = and(eq(visitPlans.date, day), scopeCondition(actor, visitPlans.gridCode), inRegion(visitPlans.gridCode, within));
  const [rows, [{ n }]] = await Promise.all([
    db
      .select({
        id: visitPlans.id,
        date: visitPlans.date,
        workerId: visitPlans.workerId,
        workerName: users.displayName,
        gridCode: visitPlans.gridCode,
        gridName: grids.name,
        quota: visitPlans.quota,
        planned: sql<number>`(select count(*) from ${visitPlanItems} i where i.plan_id = ${visitPlans.id} and i.status <> 'swapped_out')::int`,
        visited: sql<number>`(select count(*) from ${visitPlanItems} i where i.plan_id = ${visitPlans.id} and i.status = 'visited')::int`,
        nobodyHome: sql<number>`(select count(*) from ${visitPlanItems} i where i.plan_id = ${visitPlans.id} and i.status = 'nobody_home')::int`,
      })
      .from(visitPlans)
      .leftJoin(users, eq(users.id, visitPlans.workerId))
      .leftJoin(grids, eq(grids.code, visitPlans.gridCode))
      .where(where)
      .orderBy(asc(visitPlans.gridCode), asc(users.displayName))
      .limit(pageSize)
      .offset(offset),
    db.select({ n: count() }).from(visitPlans).where(where),
  ]);
  return {
    items: rows.map((r) => ({ ...r, workerName: r.workerName ?? '', gridName: r.gridName ?? r.gridCode, planned: Number(r.planned), visited: Number(r.visited), nobodyHome: Number(r.nobodyHome) })),
    total: Number(n),
    page,
    pageSize,
  };
}

/**
 * The morning run: a plan for every full-time grid worker and 大组长 who has none for the day, on
 * working days. Workers go in batches of neighbouring grids (their grids' households read once per
 * batch, the next batch's while this one's plans are written), so memory stays bounded by a batch
 * whatever the city's size. Returns how many plans were made.
 */
export async function makeDailyPlans(database: Database, date: string, opts: { batch?: number; onProgress?: (done: number) => void } = {}): Promise<number> {
  const db = database.db;
  const cal = await workCalendar(db);
  if (!isWorkingDay(cal, date)) return 0;
  const [settingsRows, vocab, assignments, existing] = await Promise.all([
    allSettings(db),
    vocabulary(db),
    // Every planned worker's grids, by grid: a batch of workers then covers neighbouring grids.
    db
      .select({ userId: gridWorkers.userId, gridCode: gridWorkers.gridCode })
      .from(gridWorkers)
      .innerJoin(users, and(eq(users.id, gridWorkers.userId), eq(users.disabled, false)))
      .innerJoin(grids, and(eq(grids.code, gridWorkers.gridCode), eq(grids.status, 'active')))
      .where(inArray(gridWorkers.kind, PLANNED_KINDS))
      .orderBy(asc(gridWorkers.gridCode), asc(gridWorkers.userId)),
    db.select({ workerId: visitPlans.workerId }).from(visitPlans).where(eq(visitPlans.date, date)),
  ]);
  const has = new Set(existing.map((e) => e.workerId));
  const gridsOf = new Map<string, string[]>();
  for (const a of assignments) {
    if (has.has(a.userId)) continue;
    const gs = gridsOf.get(a.userId);
    if (gs) gs.push(a.gridCode);
    else gridsOf.set(a.userId, [a.gridCode]);
  }
  const size = opts.batch ?? 200;
  const workers = [...gridsOf];
  const batches = Array.from({ length: Math.ceil(workers.length / size) }, (_, i) => workers.slice(i * size, (i + 1) * size));
  // A pipeline over the batches: while one batch is planned here, the next one's households load and
  // the previous one's plans are written (the database and this process work at the same time).
  const load = (batch: [string, string[]][]) => {
    const allGrids = [...new Set(batch.flatMap(([, gs]) => gs))];
    const loading = Promise.all([plannerHouseholds(db, allGrids), plannedByOthers(db, date, allGrids, null)]);
    loading.catch(() => undefined); // awaited below; a failure elsewhere must not leave it unhandled
    return loading;
  };
  const write = async (plans: (typeof visitPlans.$inferInsert)[], items: (typeof visitPlanItems.$inferInsert)[]) => {
    await db.transaction(async (tx) => {
      // A worker planned on demand meanwhile keeps that plan: its row wins, this one is dropped.
      const inserted = await bulkInsert(tx, visitPlans, plans, { skipConflicts: true });
      const ok = new Set(inserted);
      await bulkInsert(tx, visitPlanItems, items.filter((i) => ok.has(i.planId)));
      made += inserted.length;
    });
    opts.onProgress?.(made);
  };
  let made = 0;
  const rulesBySettings = new Map<VisitSettingsView, PlannerRules>();
  // Two batches load ahead (their households are read while this one is planned and earlier ones are
  // written: the reads wait on the database's disk cache more than on its CPU).
  const AHEAD = 2;
  const loading = batches.slice(0, AHEAD).map(load);
  // Two batches may be written at once (the inserts wait on the disk cache more than on the CPU).
  const writing: Promise<void>[] = [];
  // Households planned by the last AHEAD + 2 batches: a batch's load started before their plans were
  // written, so it does not see them (the AHEAD batches before it, not yet planned then, and the two
  // before those, still being written).
  const recent: Set<string>[] = [];
  for (const [bi, batch] of batches.entries()) {
    const [pool, taken] = await loading.shift()!;
    if (bi + AHEAD < batches.length) loading.push(load(batches[bi + AHEAD]));
    for (const ids of recent) for (const id of ids) taken.add(id);
    const byGrid = new Map<string, typeof pool>();
    for (const h of pool) {
      const list = byGrid.get(h.gridCode);
      if (list) list.push(h);
      else byGrid.set(h.gridCode, [h]);
    }
    const plans: (typeof visitPlans.$inferInsert)[] = [];
    const items: (typeof visitPlanItems.$inferInsert)[] = [];
    const planned = new Set<string>();
    for (const [workerId, gs] of batch) {
      const settings = settingsIn(settingsRows, gs[0]);
      const mine = gs.flatMap((g) => byGrid.get(g) ?? []).filter((h) => !taken.has(h.id));
      let rules = rulesBySettings.get(settings);
      if (!rules) rulesBySettings.set(settings, (rules = rulesOf(settings, vocab)));
      const day = planDay(date, mine, rules);
      const planId = timeOrderedUuid();
      plans.push({ id: planId, workerId, date, gridCode: gs[0], quota: settings.dailyQuota, source: 'job' });
      for (const p of day) {
        taken.add(p.householdId);
        planned.add(p.householdId);
        items.push({ id: timeOrderedUuid(), planId, date, householdId: p.householdId, gridCode: p.gridCode, window: p.window, seq: p.seq, reason: p.reason, reasonCodes: p.reasonCodes });
      }
    }
    recent.push(planned);
    if (recent.length > AHEAD + 2) recent.shift();
    if (writing.length >= 2) await writing.shift();
    const w = write(plans, items);
    w.catch(() => undefined); // awaited above or below
    writing.push(w);
  }
  for (const w of writing) await w;
  return made;
}
