/**
 * Daily visit plans: made each morning for every full-time grid worker and 大组长 by a durable job,
 * or on demand (one worker's plan, visits.plans.day.ts). A household planned for one worker that day
 * is not planned for another worker of the same grid.
 */
import { timeOrderedUuid } from '../../platform/ids.js';
import { and, eq, gte, inArray, lt, ne } from 'drizzle-orm';
import { bulkInsert } from '../../platform/bulk.js';
import type { Database, DbOrTx } from '../../platform/db.js';
import { workCalendar } from '../calendar/calendar.service.js';
import { isWorkingDay, localParts } from '../calendar/calendar.time.js';
import { assignments } from '../grids/grids.service.js';
import { gridsOfWorker, plannerHouseholds, PLANNED_KINDS, vocabulary, type VisitVocabulary } from './visits.households.js';
import { planDay, type PlannerHousehold, type PlannerRules } from './visits.planner.js';
import { allSettings, settingsFor, settingsIn, type VisitSettingsView } from './visits.settings.js';
import { visitPlanItems, visitPlans } from './visits.tables.js';

export type PlanRow = typeof visitPlans.$inferSelect;

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
export async function plannedByOthers(db: DbOrTx, date: string, gridCodes: string[], workerId: string | null): Promise<Set<string>> {
  if (!gridCodes.length) return new Set();
  const rows = await db
    .select({ id: visitPlanItems.householdId })
    .from(visitPlanItems)
    .innerJoin(visitPlans, eq(visitPlans.id, visitPlanItems.planId))
    .where(and(inArray(visitPlanItems.gridCode, gridCodes), eq(visitPlanItems.date, date), ne(visitPlanItems.status, 'swapped_out'), workerId ? ne(visitPlans.workerId, workerId) : undefined));
  return new Set(rows.map((r) => r.id));
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
    const pool = await projectedAhead(tx, date, gridCodes, (await plannerHouseholds(tx, gridCodes)).filter((h) => !taken.has(h.id)));
    const done = kept.filter((k) => k.status !== 'swapped_out').length;
    const seq0 = kept.reduce((m, k) => Math.max(m, k.seq), 0);
    const items = planDay(date, pool, rulesOf(settings, vocab), done).map((p, i) => ({ ...p, seq: seq0 + i + 1 }));
    await insertItems(tx, plan.id, date, items);
    return plan;
  });
}

/**
 * A plan made for a later day (up to a week ahead) sees the households as they will be by then: one on
 * the plan of an earlier day (today included) counts as visited that day, so it is not planned again
 * before its interval is due while other households are due.
 */
async function projectedAhead(db: DbOrTx, date: string, gridCodes: string[], pool: PlannerHousehold[]): Promise<PlannerHousehold[]> {
  const today = chinaDate();
  if (date <= today || !pool.length) return pool;
  const rows = await db
    .select({ householdId: visitPlanItems.householdId, date: visitPlanItems.date })
    .from(visitPlanItems)
    .where(and(inArray(visitPlanItems.gridCode, gridCodes), gte(visitPlanItems.date, today), lt(visitPlanItems.date, date), inArray(visitPlanItems.status, ['planned', 'visited'])));
  const by = new Map<string, Date>();
  for (const r of rows) {
    const at = new Date(`${r.date}T12:00:00+08:00`);
    if ((by.get(r.householdId)?.getTime() ?? 0) < at.getTime()) by.set(r.householdId, at);
  }
  return pool.map((h) => {
    const at = by.get(h.id);
    return at && (!h.lastVisitAt || h.lastVisitAt < at) ? { ...h, lastVisitAt: at, nobodyHomeWindows: [] } : h;
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

export async function existingPlan(db: DbOrTx, workerId: string, date: string): Promise<PlanRow | null> {
  const [p] = await db.select().from(visitPlans).where(and(eq(visitPlans.workerId, workerId), eq(visitPlans.date, date)));
  return p ?? null;
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
  const [settingsRows, vocab, planned, existing] = await Promise.all([
    allSettings(db),
    vocabulary(db),
    // Every planned worker's grids, by grid: a batch of workers then covers neighbouring grids.
    assignments(db, { kinds: PLANNED_KINDS, activeGrids: true }),
    db.select({ workerId: visitPlans.workerId }).from(visitPlans).where(eq(visitPlans.date, date)),
  ]);
  const has = new Set(existing.map((e) => e.workerId));
  const gridsOf = new Map<string, string[]>();
  for (const a of planned) {
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
