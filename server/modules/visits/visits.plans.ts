/**
 * Daily visit plans: made each morning for every full-time grid worker and 大组长 by a durable job,
 * or on demand (one worker's plan, visits.plans.day.ts). A household planned for one worker that day
 * is not planned for another worker of the same grid.
 */
import { timeOrderedUuid } from '../../platform/ids.js';
import { and, eq, inArray, ne, sql } from 'drizzle-orm';
import { bulkInsert } from '../../platform/bulk.js';
import { workCalendar } from '../calendar/calendar.service.js';
import { isWorkingDay, localParts } from '../calendar/calendar.time.js';
import { assignments } from '../grids/grids.service.js';
import { rows, type Database, type DbOrTx } from '../../platform/db.js';
import { plannerCandidates } from './visits.candidates.js';
import { gridsOfWorker, PLANNED_KINDS, vocabulary, type VisitVocabulary } from './visits.households.js';
import { planDay, type PlannerRules } from './visits.planner.js';
import { allSettings, settingsIn, type VisitSettingsView } from './visits.settings.js';
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
 * Returns null for a worker with no grid to plan. A new plan takes three round trips: the worker's
 * grids, plan, settings and tags at once; the candidates (one statement); the plan and its items (one
 * statement, which makes nothing when a concurrent maker, the morning job, made the plan first).
 */
export async function makePlan(
  database: Database,
  workerId: string,
  date: string,
  opts: {
    source: 'job' | 'on_demand';
    regenerate?: boolean;
    /** Run beside the new plan's write (the plan's view reads its households meanwhile). */
    beside?: (made: { planId: string; items: ItemRow[]; gridCodes: string[] }) => Promise<unknown>;
  },
): Promise<PlanRow | null> {
  const db = database.db;
  const [gridCodes, existing, settingsRows, vocab] = await Promise.all([gridsOfWorker(db, workerId, true), existingPlan(db, workerId, date), allSettings(db), vocabulary(db)]);
  if (!gridCodes.length) return null;
  if (existing && !opts.regenerate) return existing;
  const settings = settingsIn(settingsRows, gridCodes[0]);
  const rules = rulesOf(settings, vocab);
  const today = chinaDate();
  const candidates = (q: { planId?: string; take: number }, tx: DbOrTx = db) =>
    plannerCandidates(tx, vocab, { date, grids: gridCodes.map((code) => ({ code, take: q.take })), planId: q.planId, projectFrom: today });
  if (!existing) {
    const plan = { id: timeOrderedUuid(), workerId, date, gridCode: gridCodes[0], quota: settings.dailyQuota, source: opts.source };
    const items = itemRows(plan.id, date, planDay(date, await candidates({ take: settings.dailyQuota }), rules));
    const [[made]] = await Promise.all([writePlans(db, date, [plan], items), opts.beside?.({ planId: plan.id, items, gridCodes })]);
    // One plan per worker and day: when a concurrent maker won, its plan stands.
    return made ?? (await existingPlan(db, workerId, date))!;
  }
  return db.transaction(async (tx) => {
    await tx.delete(visitPlanItems).where(and(eq(visitPlanItems.planId, existing.id), eq(visitPlanItems.status, 'planned')));
    const kept = await tx.select({ status: visitPlanItems.status, seq: visitPlanItems.seq }).from(visitPlanItems).where(eq(visitPlanItems.planId, existing.id));
    const done = kept.filter((k) => k.status !== 'swapped_out').length;
    const seq0 = kept.reduce((m, k) => Math.max(m, k.seq), 0);
    // The households still on the plan (visited, nobody home, swapped out) are left out of the candidates.
    const pool = await candidates({ planId: existing.id, take: Math.max(0, settings.dailyQuota - done) }, tx);
    const items = planDay(date, pool, rules, done).map((p, i) => ({ ...p, seq: seq0 + i + 1 }));
    if (items.length) await bulkInsert(tx, visitPlanItems, itemRows(existing.id, date, items));
    return existing;
  });
}

export type ItemRow = typeof visitPlanItems.$inferInsert;
type NewPlan = Pick<PlanRow, 'id' | 'workerId' | 'gridCode' | 'quota' | 'source'>;

function itemRows(planId: string, date: string, items: ReturnType<typeof planDay>): ItemRow[] {
  return items.map((p) => ({ id: timeOrderedUuid(), planId, date, householdId: p.householdId, gridCode: p.gridCode, window: p.window, seq: p.seq, reason: p.reason, reasonCodes: p.reasonCodes }));
}

/**
 * Plans and their items of one day in one statement (each column sent as one array): a worker who
 * has a plan for the day meanwhile keeps it, and the new plan's items are dropped with it. Returns the
 * plans that went in.
 */
async function writePlans(db: DbOrTx, date: string, plans: NewPlan[], items: ItemRow[]): Promise<PlanRow[]> {
  if (!plans.length) return [];
  const made = await rows<{ id: string; worker_id: string; grid_code: string; quota: number; source: string; created_at: Date | string }>(
    db,
    sql`with p as (
          insert into visit_plans (id, worker_id, date, grid_code, quota, source)
          select u.id, u.worker_id, ${date}::date, u.grid_code, u.quota, u.source
            from unnest(${sql.param(plans.map((p) => p.id))}::uuid[], ${sql.param(plans.map((p) => p.workerId))}::uuid[], ${sql.param(plans.map((p) => p.gridCode))}::text[],
                        ${sql.param(plans.map((p) => p.quota))}::int[], ${sql.param(plans.map((p) => p.source))}::text[]) as u(id, worker_id, grid_code, quota, source)
          on conflict do nothing
          returning id, worker_id, grid_code, quota, source, created_at),
        i as (
          insert into visit_plan_items (id, plan_id, date, household_id, grid_code, "window", seq, reason, reason_codes)
          select u.id, u.plan_id, ${date}::date, u.household_id, u.grid_code, u.w, u.seq, u.reason, string_to_array(u.codes, ',')
            from unnest(${sql.param(items.map((i) => i.id))}::uuid[], ${sql.param(items.map((i) => i.planId))}::uuid[], ${sql.param(items.map((i) => i.householdId))}::uuid[],
                        ${sql.param(items.map((i) => i.gridCode))}::text[], ${sql.param(items.map((i) => i.window))}::text[], ${sql.param(items.map((i) => i.seq))}::int[],
                        ${sql.param(items.map((i) => i.reason))}::text[], ${sql.param(items.map((i) => (i.reasonCodes ?? []).join(',')))}::text[])
                 as u(id, plan_id, household_id, grid_code, w, seq, reason, codes)
           where u.plan_id in (select id from p))
        select * from p`,
  );
  return made.map((r) => ({ id: r.id, workerId: r.worker_id, date, gridCode: r.grid_code, quota: Number(r.quota), source: r.source, createdAt: r.created_at instanceof Date ? r.created_at : new Date(r.created_at) }));
}

export async function existingPlan(db: DbOrTx, workerId: string, date: string): Promise<PlanRow | null> {
  const [p] = await db.select().from(visitPlans).where(and(eq(visitPlans.workerId, workerId), eq(visitPlans.date, date)));
  return p ?? null;
}

/**
 * The morning run: a plan for every full-time grid worker and 大组长 who has none for the day, on
 * working days. Workers go in batches of neighbouring grids; a batch's candidates are read in one
 * statement (each grid's first few in the planner's order, as many as its workers can take), its plans
 * and items written in another, the next batches' candidates read while this one is planned and
 * earlier ones written, so memory stays bounded by a batch whatever the city's size. Returns how many
 * plans were made.
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
  const rulesBySettings = new Map<VisitSettingsView, PlannerRules>();
  const rulesOfWorker = (gs: string[]) => {
    const settings = settingsIn(settingsRows, gs[0]);
    let rules = rulesBySettings.get(settings);
    if (!rules) rulesBySettings.set(settings, (rules = rulesOf(settings, vocab)));
    return rules;
  };
  // What a grid can give at most: the quotas of every worker planned in it (in this batch or another).
  const take = new Map<string, number>();
  for (const gs of gridsOf.values()) {
    const quota = rulesOfWorker(gs).quota;
    for (const g of gs) take.set(g, (take.get(g) ?? 0) + quota);
  }
  const size = opts.batch ?? 200;
  const workers = [...gridsOf];
  const batches = Array.from({ length: Math.ceil(workers.length / size) }, (_, i) => workers.slice(i * size, (i + 1) * size));
  // A pipeline over the batches: while one batch is planned here, the next ones' candidates load and
  // the previous ones' plans are written (the database and this process work at the same time).
  const load = (batch: [string, string[]][]) => {
    const grids = [...new Set(batch.flatMap(([, gs]) => gs))].map((code) => ({ code, take: take.get(code)! }));
    const loading = plannerCandidates(db, vocab, { date, grids });
    loading.catch(() => undefined); // awaited below; a failure elsewhere must not leave it unhandled
    return loading;
  };
  let made = 0;
  const write = async (plans: NewPlan[], items: ItemRow[]) => {
    // A worker planned on demand meanwhile keeps that plan: its row wins, this one is dropped.
    const inserted = await writePlans(db, date, plans, items);
    made += inserted.length; // after the await: two writes run at once

    opts.onProgress?.(made);
  };
  // Two batches load ahead (their candidates are read while this one is planned and earlier ones are
  // written).
  const AHEAD = 2;
  const loading = batches.slice(0, AHEAD).map(load);
  // Two batches may be written at once (the inserts wait on the disk cache more than on the CPU).
  const writing: Promise<void>[] = [];
  // Households planned by the last AHEAD + 2 batches: a batch's load started before their plans were
  // written, so it does not see them (the AHEAD batches before it, not yet planned then, and the two
  // before those, still being written).
  const recent: Set<string>[] = [];
  for (const [bi, batch] of batches.entries()) {
    const pool = await loading.shift()!;
    if (bi + AHEAD < batches.length) loading.push(load(batches[bi + AHEAD]));
    const taken = new Set<string>();
    for (const ids of recent) for (const id of ids) taken.add(id);
    const byGrid = new Map<string, typeof pool>();
    for (const h of pool) {
      if (taken.has(h.id)) continue;
      const list = byGrid.get(h.gridCode);
      if (list) list.push(h);
      else byGrid.set(h.gridCode, [h]);
    }
    const plans: NewPlan[] = [];
    const items: ItemRow[] = [];
    for (const [workerId, gs] of batch) {
      const rules = rulesOfWorker(gs);
      const mine = gs.length === 1 ? (byGrid.get(gs[0]) ?? []).filter((h) => !taken.has(h.id)) : gs.flatMap((g) => byGrid.get(g) ?? []).filter((h) => !taken.has(h.id));
      const planId = timeOrderedUuid();
      plans.push({ id: planId, workerId, gridCode: gs[0], quota: rules.quota, source: 'job' });
      for (const p of planDay(date, mine, rules)) {
        taken.add(p.householdId);
        items.push({ id: timeOrderedUuid(), planId, date, householdId: p.householdId, gridCode: p.gridCode, window: p.window, seq: p.seq, reason: p.reason, reasonCodes: p.reasonCodes });
      }
    }
    recent.push(new Set(items.map((i) => i.householdId)));
    if (recent.length > AHEAD + 2) recent.shift();
    if (writing.length >= 2) await writing.shift();
    const w = write(plans, items);
    w.catch(() => undefined); // awaited above or below
    writing.push(w);
  }
  for (const w of writing) await w;
  return made;
}
