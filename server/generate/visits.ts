/**
 * Generated door-to-door visits: the last working days of every full-time grid worker and 大组长 of
 * an area, planned by the product's own planner (quota, windows, intervals, vulnerable first) and
 * "worked" deterministically — most planned households visited in their window, some found with
 * nobody home (moving them to another window next time), a few left for another day, some with help
 * given as one of the four services. Plans, visits, each household's visiting state and timeline are
 * written in bulk. Idempotent: an area that already has visits is left alone.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import { inRegion } from '../platform/access.js';
import { bulkInsert } from '../platform/bulk.js';
import type { Database } from '../platform/db.js';
import { workCalendar } from '../modules/calendar/calendar.service.js';
import { isWorkingDay } from '../modules/calendar/calendar.time.js';
import { gridWorkers } from '../modules/grids/grids.tables.js';
import { households } from '../modules/households/households.tables.js';
import { appendHouseholdEvents, type HouseholdEventInput } from '../modules/households/households.timeline.js';
import { users } from '../modules/users/users.tables.js';
import { plannerHouseholds, PLANNED_KINDS, vocabulary } from '../modules/visits/visits.households.js';
import { planDay } from '../modules/visits/visits.planner.js';
import { recountVisits, refreshAreaFigures } from '../modules/visits/visits.counters.js';
import { addDays, rulesOf } from '../modules/visits/visits.plans.js';
import { allSettings, settingsIn } from '../modules/visits/visits.settings.js';
import { SERVICE_KINDS } from '../modules/visits/visits.service.js';
import { householdVisitState, visitPlanItems, visitPlans, visits } from '../modules/visits/visits.tables.js';
import { stableUuid } from './grids.js';
import { yieldToLoop } from './households.js';
import { pick, rngFor } from './random.js';

const SITUATIONS = [
  '家中情况稳定，身体健康',
  '老人独自在家，精神尚好，叮嘱注意用电安全',
  '了解务工子女近况，留下联系方式',
  '反映近期无困难，对社区服务满意',
  '询问医保缴费事宜，已当面解答',
  '宣传防诈骗知识，发放宣传资料',
  '提醒冬季取暖防火、防一氧化碳中毒',
  '了解孩子上学情况，无异常',
];
const SERVICE_NOTES: Record<keyof typeof SERVICE_KINDS, string[]> = {
  fixed_point: ['引导到社区便民服务点办理居住证明', '在网格服务站协助打印社保缴费凭证'],
  home: ['上门为行动不便老人测量血压', '上门协助办理高龄补贴认证'],
  proxy: ['代办医保报销材料递交', '代办残疾人两项补贴年审'],
  assist: ['帮办临时救助申请，指导填写材料', '帮办就业登记，推荐公益性岗位'],
};
/** 矛盾排查: the quarrels a worker finds at a door now and then (a few visits in a thousand). */
const DISPUTES = [
  '户主反映与隔壁因宅基地边界（围墙位置）有争议，双方多次口角，希望社区出面调解。',
  '兄弟二人因老人赡养费分摊意见不一，近期争吵频繁，老人情绪低落。',
  '楼上住户卫生间渗水至楼下，两户协商维修费用未果，关系紧张。',
  '邻居在公共楼道长期堆放杂物，户主多次劝说无果，发生口角。',
  '夫妻因家庭琐事长期不和，女方提出离婚，双方家属介入后矛盾升级。',
  '与邻居因排水沟堵塞、污水外溢问题争执不下，要求村里协调。',
];
/** The share of visits that met somebody and found a dispute. */
const DISPUTE_RATE = 0.004;

export interface VisitGenOptions {
  seed: number;
  within: string;
  /** Working days of history, ending the day before `today`. */
  days: number;
  today: string;
  /**
   * Share of working days each worker spends on planned door-to-door visits (1: every day). 吉安's
   * 3.85 million visits in a year over ~20,000 full-time workers are about 8% of their working
   * days at 10 households a day; on a worked day the plan and its quota hold.
   */
  shareOfDays?: number;
  onProgress?: (done: number, total: number) => void;
  /** false: leave the supervision counters to the caller (`recountVisits`, `refreshAreaFigures`). */
  recount?: boolean;
}

export async function generateVisits(database: Database, opts: VisitGenOptions): Promise<{ visits: number; plans: number }> {
  const db = database.db;
  const [{ n }] = await db.select({ n: sql<number>`count(*)::int` }).from(visits).where(inRegion(visits.gridCode, opts.within));
  if (Number(n) > 0) return { visits: 0, plans: 0 };
  const cal = await workCalendar(db);
  const days: string[] = [];
  for (let d = addDays(opts.today, -1); days.length < opts.days; d = addDays(d, -1)) if (isWorkingDay(cal, d)) days.unshift(d);

  const assignments = await db
    .select({ userId: gridWorkers.userId, gridCode: gridWorkers.gridCode, name: users.displayName })
    .from(gridWorkers)
    .innerJoin(users, eq(users.id, gridWorkers.userId))
    .where(and(inArray(gridWorkers.kind, PLANNED_KINDS), eq(users.disabled, false), inRegion(gridWorkers.gridCode, opts.within)))
    .orderBy(gridWorkers.userId, gridWorkers.gridCode);
  const workers = new Map<string, { name: string; grids: string[] }>();
  for (const a of assignments) {
    const w = workers.get(a.userId) ?? { name: a.name, grids: [] };
    w.grids.push(a.gridCode);
    workers.set(a.userId, w);
  }
  const allGrids = [...new Set(assignments.map((a) => a.gridCode))];
  const pool = await plannerHouseholds(db, allGrids);
  const places = new Map(
    (await db.select({ id: households.id, lon: households.lon, lat: households.lat }).from(households).where(inRegion(households.gridCode, opts.within))).map((h) => [h.id, h]),
  );
  const byGrid = new Map<string, typeof pool>();
  for (const h of pool) byGrid.set(h.gridCode, [...(byGrid.get(h.gridCode) ?? []), h]);
  const [settingsRows, vocab] = await Promise.all([allSettings(db), vocabulary(db)]);
  const state = new Map<string, { last: Date | null; nobody: string[]; visits: number; attempt: Date | null }>();

  const share = opts.shareOfDays ?? 1;
  const overlap = database.kind === 'postgres';
  let pending: Promise<void> | null = null;
  let made = 0;
  let planCount = 0;
  for (const [di, day] of days.entries()) {
    const plans: (typeof visitPlans.$inferInsert)[] = [];
    const items: (typeof visitPlanItems.$inferInsert)[] = [];
    const rows: (typeof visits.$inferInsert)[] = [];
    const events: HouseholdEventInput[] = [];
    const taken = new Set<string>();
    let worker = 0;
    for (const [workerId, w] of workers) {
      // Let the day in flight be written meanwhile (see generateHouseholds).
      if (overlap && ++worker % 50 === 0) await yieldToLoop();
      if (share < 1 && rngFor(opts.seed, `day:${workerId}:${day}`)() >= share) continue;
      const settings = settingsIn(settingsRows, w.grids[0]);
      const windows = new Map(settings.windows.map((x) => [x.code, x]));
      const mine = w.grids
        .flatMap((g) => byGrid.get(g) ?? [])
        .filter((h) => !taken.has(h.id))
        .map((h) => ({ ...h, lastVisitAt: state.get(h.id)?.last ?? null, nobodyHomeWindows: state.get(h.id)?.nobody ?? [] }));
      const planned = planDay(day, mine, rulesOf(settings, vocab));
      const planId = stableUuid(opts.seed, `plan:${workerId}:${day}`);
      plans.push({ id: planId, workerId, date: day, gridCode: w.grids[0], quota: settings.dailyQuota, source: 'job' });
      planCount++;
      const rnd = rngFor(opts.seed, `visits:${workerId}:${day}`);
      // Most workers keep their quota; a few fall short on some days (supervision shows them).
      const diligence = rngFor(opts.seed, `diligence:${workerId}`)() < 0.15 ? 0.6 : 0.97;
      for (const p of planned) {
        taken.add(p.householdId);
        const itemId = stableUuid(opts.seed, `item:${planId}:${p.householdId}`);
        if (rnd() > diligence) {
          items.push({ id: itemId, planId, date: day, householdId: p.householdId, gridCode: p.gridCode, window: p.window, seq: p.seq, reason: p.reason, reasonCodes: p.reasonCodes, status: 'planned' });
          continue;
        }
        const win = windows.get(p.window) ?? settings.windows[0];
        const [sh, sm] = win.start.split(':').map(Number);
        const [eh, em] = win.end.split(':').map(Number);
        const minute = sh * 60 + sm + Math.floor(rnd() * Math.max(1, eh * 60 + em - sh * 60 - sm));
        const at = new Date(Date.parse(`${day}T00:00:00+08:00`) + minute * 60_000);
        const home = rnd() > 0.12;
        const id = stableUuid(opts.seed, `visit:${itemId}`);
        const place = places.get(p.householdId);
        const service = home && rnd() < 0.15 ? pick(rnd, Object.keys(SERVICE_KINDS) as (keyof typeof SERVICE_KINDS)[]) : null;
        // Its own stream, so the rest of the history stays as it was.
        const drnd = rngFor(opts.seed, `dispute:${id}`);
        const dispute = home && !service && drnd() < DISPUTE_RATE ? pick(drnd, DISPUTES) : null;
        const finding = service ? 'service' : dispute ? 'dispute' : 'nothing';
        rows.push({
          id,
          clientId: `gen-${id}`,
          householdId: p.householdId,
          gridCode: p.gridCode,
          workerId,
          workerName: w.name,
          byCadre: false,
          planItemId: itemId,
          window: p.window,
          checkInAt: at,
          lon: place?.lon != null ? place.lon + (rnd() - 0.5) * 0.0006 : null,
          lat: place?.lat != null ? place.lat + (rnd() - 0.5) * 0.0006 : null,
          accuracyM: 10 + Math.floor(rnd() * 25),
          distanceM: place?.lon != null ? Math.floor(rnd() * 40) : null,
          outcome: home ? 'met' : 'nobody_home',
          metWith: home ? pick(rnd, ['户主', '户主及配偶', '老人', '家属']) : null,
          situation: home ? pick(rnd, SITUATIONS) : null,
          finding,
          findingNote: service ? pick(rnd, SERVICE_NOTES[service]) : null,
          serviceKind: service,
          disputeSummary: dispute,
          flags: place?.lon != null ? [] : ['no_location'],
          receivedAt: new Date(at.getTime() + 60_000 + Math.floor(rnd() * 3600_000)),
        });
        items.push({ id: itemId, planId, date: day, householdId: p.householdId, gridCode: p.gridCode, window: p.window, seq: p.seq, reason: p.reason, reasonCodes: p.reasonCodes, status: home ? 'visited' : 'nobody_home', visitId: id });
        const s = state.get(p.householdId) ?? { last: null, nobody: [], visits: 0, attempt: null };
        state.set(p.householdId, home ? { last: at, nobody: [], visits: s.visits + 1, attempt: at } : { ...s, nobody: [...new Set([...s.nobody, p.window])], attempt: at });
        events.push({
          householdId: p.householdId,
          gridCode: p.gridCode,
          source: 'visits',
          kind: home ? 'visit.met' : 'visit.nobody_home',
          summary: home ? `网格员${w.name}入户走访${service ? `，提供${SERVICE_KINDS[service]}` : dispute ? '，矛盾纠纷' : ''}` : `网格员${w.name}入户走访，无人在家`,
          refType: 'visit',
          refId: id,
          data: { outcome: home ? 'met' : 'nobody_home', finding, serviceKind: service, flags: [] },
          actor: { id: workerId, name: w.name },
          at,
        });
      }
    }
    // On PostgreSQL the day is written while the next is planned (one write in flight, in order): the
    // planning reads only what this loop keeps in memory.
    if (pending) await pending;
    pending = db.transaction(async (tx) => {
      await bulkInsert(tx, visitPlans, plans);
      await bulkInsert(tx, visitPlanItems, items);
      await bulkInsert(tx, visits, rows);
      await appendHouseholdEvents(tx, events);
      opts.onProgress?.(di + 1, days.length);
    });
    pending.catch(() => {}); // awaited (and thrown) before the next write or after the loop
    if (!overlap) await pending;
    made += rows.length;
  }
  if (pending) await pending;
  const gridOf = new Map(pool.map((h) => [h.id, h.gridCode]));
  await bulkInsert(
    db,
    householdVisitState,
    [...state].map(([householdId, s]) => ({ householdId, gridCode: gridOf.get(householdId)!, lastVisitAt: s.last, lastAttemptAt: s.attempt, nobodyHomeWindows: s.nobody, visits: s.visits })),
  );
  // The supervision counters, as the visits would have kept them one by one (a caller generating
  // several areas in turn may leave this to one recount at the end: it covers the whole database).
  if (opts.recount !== false) await recountVisits(database);
  if (opts.recount !== false) await refreshAreaFigures(database);
  return { visits: made, plans: planCount };
}
