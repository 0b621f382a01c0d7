/**
 * Supervision of 入户听诉 (docs/DOMAIN.md §8, §11): coverage (households visited in the period ÷ households)
 * by grid, village, township or county; visits per worker-day against the quota; households never or
 * long not visited, the vulnerable first; the cadres' half-year coverage. Everything in the caller's
 * area. "Visited" means somebody was met; a nobody-home attempt is counted apart.
 */
import { and, asc, count, eq, gte, lt, sql } from 'drizzle-orm';
import { authorize, codeInScope, inRegion, type Actor } from '../../platform/access.js';
import { rows as sqlRows, type DbOrTx } from '../../platform/db.js';
import { badRequest, notFound } from '../../platform/errors.js';
import { pageOf, type PageResult } from '../../platform/schemas.js';
import { workCalendar } from '../calendar/calendar.service.js';
import { isWorkingDay } from '../calendar/calendar.time.js';
import { assignments, gridNamesOf, gridNamesUnder } from '../grids/grids.service.js';
import { HOUSEHOLD_TYPES, type HouseholdType } from '../households/households.config.js';
import { householdFiles } from '../households/households.repo.js';
import { divisionNamesUnder, namesOf } from '../regions/regions.service.js';
import { PLANNED_KINDS, vocabulary, vulnerableSql } from './visits.households.js';
import { addDays, chinaDate } from './visits.plans.js';
import { dayRange } from './visits.service.js';
import { allSettings, settingsFor, settingsIn } from './visits.settings.js';
import { countedFigures, countsOverMonths, householdFigures, wholeMonths, workerFigures, type HouseholdFigures, type VisitCounts } from './visits.counters.js';
import { householdVisitState, visits } from './visits.tables.js';

export type GroupBy = 'grid' | 'village' | 'township' | 'county';
const GROUP_LENGTH: Record<GroupBy, number> = { county: 6, township: 9, village: 12, grid: 15 };

export interface Period {
  from: string;
  to: string;
}

/** Default period: this month up to today (China dates). At most a year (366 days). */
function periodOf(q: { from?: string; to?: string }): Period {
  const today = chinaDate();
  const p = { from: q.from ?? `${today.slice(0, 8)}01`, to: q.to ?? today };
  const { start, end } = dayRange(p.from, p.to);
  if (end.getTime() - start.getTime() > 366 * 86_400_000) throw badRequest('统计区间最长一年 / the period is at most a year', { field: 'from/to' });
  return p;
}

function areaOf(actor: Actor, regionCode: string | undefined): string {
  if (regionCode === undefined || regionCode === '') return actor.regionCode;
  if (!codeInScope(actor, regionCode)) throw notFound(`区域 ${regionCode} `, `Region ${regionCode}`);
  return regionCode;
}


/**
 * The period's working days (China's calendar) that are over: days still ahead have had no visits yet,
 * and today is still going on — a worker's day counts against the quota only once it has ended.
 * `today` is today's date when it lies in the period (its visits are shown apart, "in progress"), and
 * `inProgress` the same when today is also a working day.
 */
async function workingDaysOf(db: DbOrTx, p: Period, today = chinaDate()): Promise<{ days: string[]; today: string | null; inProgress: string | null }> {
  const cal = await workCalendar(db);
  const last = p.to < today ? p.to : addDays(today, -1);
  const days: string[] = [];
  for (let d = p.from; d <= last; d = addDays(d, 1)) if (isWorkingDay(cal, d)) days.push(d);
  const inPeriod = p.from <= today && today <= p.to;
  return { days, today: inPeriod ? today : null, inProgress: inPeriod && isWorkingDay(cal, today) ? today : null };
}

export interface CoverageRow {
  code: string;
  name: string;
  households: number;
  visitedHouseholds: number;
  coverage: number | null;
  visits: number;
  nobodyHome: number;
  workers: number;
  visitsPerWorkerDay: number | null;
  vulnerableHouseholds: number;
  vulnerableOverdue: number;
  neverVisited: number;
  disputes: number;
  disputesMediated: number;
}

interface DisputeCounts {
  disputes: number;
  mediated: number;
}

/**
 * 矛盾排查 per group of `len` digits: the period's visits that found a dispute, and of those the ones a
 * mediation case was opened from. Disputes are rare: counted live over any period from their own index.
 */
async function disputeCounts(db: DbOrTx, area: string, len: number, p: Period): Promise<Map<string, DisputeCounts>> {
  const { start, end } = dayRange(p.from, p.to);
  const code = sql<string>`substr(${visits.gridCode}, 1, ${sql.raw(String(len))})`;
  const rows = await db
    .select({
      code,
      disputes: sql<number>`count(*)::int`,
      mediated: sql<number>`count(*) filter (where ${visits.mediationCaseId} is not null)::int`,
    })
    .from(visits)
    .where(and(eq(visits.finding, 'dispute'), gte(visits.checkInAt, start), lt(visits.checkInAt, end), inRegion(visits.gridCode, area)))
    .groupBy(code);
  return new Map(rows.map((r) => [r.code, { disputes: Number(r.disputes), mediated: Number(r.mediated) }]));
}

const ratio = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 10_000) / 10_000 : null);

/** Visit figures of an area over any period, per group of `len` digits, counted from the period's visits. */
async function countsOverDays(db: DbOrTx, area: string, len: number, p: Period): Promise<Map<string, VisitCounts>> {
  const { start, end } = dayRange(p.from, p.to);
  const code = sql<string>`substr(${visits.gridCode}, 1, ${sql.raw(String(len))})`;
  const rows = await db
    .select({
      code,
      visited: sql<number>`count(distinct ${visits.householdId}) filter (where ${visits.outcome} = 'met')::int`,
      visits: sql<number>`count(*) filter (where ${visits.outcome} = 'met')::int`,
      nobodyHome: sql<number>`count(*) filter (where ${visits.outcome} = 'nobody_home')::int`,
      workerVisits: sql<number>`count(*) filter (where not ${visits.byCadre})::int`,
    })
    .from(visits)
    .where(and(gte(visits.checkInAt, start), lt(visits.checkInAt, end), inRegion(visits.gridCode, area)))
    .groupBy(code);
  return new Map(rows.map((r) => [r.code, { visited: Number(r.visited), visits: Number(r.visits), nobodyHome: Number(r.nobodyHome), workerVisits: Number(r.workerVisits) }]));
}

/** The names of an area and of its groups of `len` digits (grids, or divisions), read by range. */
async function groupNames(db: DbOrTx, area: string, len: number): Promise<Map<string, string>> {
  if (len < 15) return divisionNamesUnder(db, area, len);
  const [own, gridNames] = await Promise.all([namesOf(db, [area]), gridNamesUnder(db, area)]);
  return new Map([...own, ...gridNames]);
}

/**
 * Coverage of an area (docs/DOMAIN.md §11): households met in the period ÷ households, with visits, nobody-home
 * attempts, visits per worker-day and the households overdue. A visit counts in the grid it was made
 * in. Periods of whole months (the usual month, quarter, half-year, year, or up to today) read the
 * visit counters; other periods count their visits. Household figures of a county or wider come from
 * the last count of the `visits.figures` job (`countedAt`); smaller areas are counted live.
 */
export async function coverage(db: DbOrTx, actor: Actor, q: { regionCode?: string; from?: string; to?: string; groupBy?: GroupBy }, today = chinaDate()) {
  authorize(actor, 'visits.supervise');
  const area = areaOf(actor, q.regionCode);
  const groupBy: GroupBy = q.groupBy ?? (area.length >= 12 ? 'grid' : area.length >= 9 ? 'village' : area.length >= 6 ? 'township' : 'county');
  const len = GROUP_LENGTH[groupBy];
  const p = periodOf(q);
  const months = wholeMonths(p);
  // The kept figures, the calendar, the visits, the disputes and the names of the area's groups (by
  // range) at once; then, only when the area's figures are not kept or today lies in the period, what
  // those need.
  const [counted, span, vs, ds, names] = await Promise.all([
    area.length <= 6 ? countedFigures(db, area, len) : null,
    workingDaysOf(db, p, today),
    months ? countsOverMonths(db, area, len, months) : countsOverDays(db, area, len, p),
    disputeCounts(db, area, len, p),
    groupNames(db, area, len),
  ]);
  const workingDays = span.days.length;
  const [hs, ws, todays] = await Promise.all([
    counted ? counted.households : householdFigures(db, area, len),
    counted ? { byCode: counted.workers, total: counted.total.workers } : workerFigures(db, area, len),
    // Today's visits count in the period's totals, not in the visits per worker-day: the day is not over.
    span.today ? countsOverDays(db, area, len, { from: span.today, to: span.today }) : new Map<string, VisitCounts>(),
  ]);
  const codes = [...new Set([...hs.keys(), ...vs.keys(), ...ws.byCode.keys(), ...ds.keys()])].filter((c) => c.length === len).sort();
  const rowOf = (code: string, name: string, h: HouseholdFigures, v: VisitCounts, workers: number, todayWorkerVisits: number, d: DisputeCounts): CoverageRow => ({
    code,
    name,
    households: h.households,
    visitedHouseholds: v.visited,
    coverage: ratio(v.visited, h.households),
    visits: v.visits,
    nobodyHome: v.nobodyHome,
    workers,
    visitsPerWorkerDay: workers && workingDays ? Math.round(((v.workerVisits - todayWorkerVisits) / (workers * workingDays)) * 100) / 100 : null,
    vulnerableHouseholds: h.vulnerable,
    vulnerableOverdue: h.vulnerableOverdue,
    neverVisited: h.never,
    disputes: d.disputes,
    disputesMediated: d.mediated,
  });
  const zeroD: DisputeCounts = { disputes: 0, mediated: 0 };
  const zeroH: HouseholdFigures = { households: 0, vulnerable: 0, vulnerableOverdue: 0, never: 0 };
  const zeroV: VisitCounts = { visited: 0, visits: 0, nobodyHome: 0, workerVisits: 0 };
  const rows = codes.map((c) => rowOf(c, names.get(c) ?? c, hs.get(c) ?? zeroH, vs.get(c) ?? zeroV, ws.byCode.get(c) ?? 0, todays.get(c)?.workerVisits ?? 0, ds.get(c) ?? zeroD));
  const sum = <T,>(list: Iterable<T>, f: (x: T) => number) => [...list].reduce((s, x) => s + f(x), 0);
  const totalH = counted
    ? counted.total
    : { households: sum(hs.values(), (x) => x.households), vulnerable: sum(hs.values(), (x) => x.vulnerable), vulnerableOverdue: sum(hs.values(), (x) => x.vulnerableOverdue), never: sum(hs.values(), (x) => x.never) };
  const totalV = { visited: sum(vs.values(), (x) => x.visited), visits: sum(vs.values(), (x) => x.visits), nobodyHome: sum(vs.values(), (x) => x.nobodyHome), workerVisits: sum(vs.values(), (x) => x.workerVisits) };
  const totalD = { disputes: sum(ds.values(), (x) => x.disputes), mediated: sum(ds.values(), (x) => x.mediated) };
  const totals = rowOf(area, area ? names.get(area) ?? area : '全部辖区', totalH, totalV, ws.total, sum(todays.values(), (x) => x.workerVisits), totalD);
  return { from: p.from, to: p.to, workingDays, inProgressDay: span.inProgress, groupBy, countedAt: counted ? counted.countedAt.toISOString() : null, totals, rows };
}

interface WorkerRow {
  userId: string;
  name: string;
  grids: string[];
  /** The grids' names, in the order of `grids`. */
  gridNames: string[];
  visits: number;
  perDay: number | null;
  daysUnderQuota: number;
  /** The daily quota of the worker's county (their first grid). */
  quota: number;
  underQuota: boolean;
  /** Visits so far today, when today lies in the period: the day is in progress, not yet under or over quota. */
  todayVisits: number | null;
}

/** Grid workers of the area with their visits in the period, against the daily quota. */
export async function workersReport(db: DbOrTx, actor: Actor, q: { regionCode?: string; from?: string; to?: string; underQuota?: boolean }, today = chinaDate()) {
  authorize(actor, 'visits.supervise');
  const area = areaOf(actor, q.regionCode);
  const p = periodOf(q);
  const { start, end } = dayRange(p.from, p.to);
  const [settingsRows, span] = await Promise.all([allSettings(db), workingDaysOf(db, p, today)]);
  const days = span.days;
  const assigned = await assignments(db, { kinds: PLANNED_KINDS, area, scope: actor });
  const workers = new Map<string, { name: string; grids: string[] }>();
  for (const a of assigned) {
    const w = workers.get(a.userId) ?? { name: a.name, grids: [] };
    w.grids.push(a.gridCode);
    workers.set(a.userId, w);
  }
  const ids = [...workers.keys()];
  const gridName = await namesOf(db, assigned.map((a) => a.gridCode));
  const perDay = ids.length
    ? await sqlRows<{ worker_id: string; day: string; n: number }>(
        db,
        sql`select worker_id, to_char(check_in_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD') as day, count(*)::int as n
            from ${visits} where check_in_at >= ${start} and check_in_at < ${end} and worker_id in (${sql.join(ids.map((i) => sql`${i}`), sql`, `)})
            group by 1, 2`,
      )
    : [];
  const counts = new Map<string, Map<string, number>>();
  for (const r of perDay) {
    const m = counts.get(r.worker_id) ?? new Map<string, number>();
    m.set(r.day, Number(r.n));
    counts.set(r.worker_id, m);
  }
  let rows: WorkerRow[] = ids.map((id) => {
    const w = workers.get(id)!;
    const m = counts.get(id) ?? new Map<string, number>();
    const total = [...m.values()].reduce((s, n) => s + n, 0);
    // The days that are over: today's visits so far count in the total, not in the average or the quota.
    const today = span.today ? m.get(span.today) ?? 0 : 0;
    const over = total - today;
    const quota = settingsIn(settingsRows, w.grids[0]).dailyQuota;
    const under = days.filter((d) => (m.get(d) ?? 0) < quota).length;
    return {
      userId: id,
      name: w.name,
      grids: w.grids,
      gridNames: w.grids.map((g) => gridName.get(g) ?? g),
      visits: total,
      perDay: days.length ? Math.round((over / days.length) * 100) / 100 : null,
      daysUnderQuota: under,
      quota,
      underQuota: days.length > 0 && over / days.length < quota,
      todayVisits: span.today ? today : null,
    };
  });
  if (q.underQuota) rows = rows.filter((r) => r.underQuota);
  rows.sort((a, b) => (a.perDay ?? 0) - (b.perDay ?? 0) || a.name.localeCompare(b.name, 'zh-CN'));
  return { from: p.from, to: p.to, quota: settingsIn(settingsRows, area).dailyQuota, workingDays: days.length, inProgressDay: span.inProgress, rows };
}

export interface OverdueHousehold {
  householdId: string;
  address: string;
  gridCode: string;
  gridName: string;
  type: string;
  typeName: string;
  tagNames: string[];
  vulnerable: boolean;
  lastVisitAt: string | null;
  visitIntervalDays: number;
  dueAt: string | null;
  overdueDays: number | null;
}

/** Households past due: vulnerable ones, never visited ones, or long overdue (> 30 days). */
export async function overdueHouseholds(db: DbOrTx, actor: Actor, q: { regionCode?: string; kind?: 'vulnerable' | 'never' | 'long'; page?: number; pageSize?: number }): Promise<PageResult<OverdueHousehold>> {
  authorize(actor, 'visits.supervise');
  const area = areaOf(actor, q.regionCode);
  const { page, pageSize, offset } = pageOf(q);
  const vocab = await vocabulary(db);
  const households = householdFiles(db, { active: true, scope: actor, area });
  const vulnerable = vulnerableSql(vocab, households);
  const due = sql`(${householdVisitState.lastVisitAt} + ${households.visitIntervalDays} * interval '1 day')`;
  const kind = q.kind ?? 'vulnerable';
  const cond =
    kind === 'never'
      ? sql`${householdVisitState.lastVisitAt} is null`
      : kind === 'long'
        ? sql`(${householdVisitState.lastVisitAt} is null or ${due} < now() - interval '30 days')`
        : sql`${vulnerable} and (${householdVisitState.lastVisitAt} is null or ${due} < now())`;
  const [list, [{ n }]] = await Promise.all([
    db
      .select({ h: households._.selectedFields, lastVisitAt: householdVisitState.lastVisitAt })
      .from(households)
      .leftJoin(householdVisitState, eq(householdVisitState.householdId, households.id))
      .where(cond)
      .orderBy(sql`${householdVisitState.lastVisitAt} is not null`, asc(due), asc(households.gridCode), asc(households.address))
      .limit(pageSize)
      .offset(offset),
    db.select({ n: count() }).from(households).leftJoin(householdVisitState, eq(householdVisitState.householdId, households.id)).where(cond),
  ]);
  const gridNames = await gridNamesOf(db, list.map((r) => r.h.gridCode));
  const now = Date.now();
  return {
    items: list.map(({ h, lastVisitAt }) => {
      const dueAt = lastVisitAt ? new Date(lastVisitAt.getTime() + h.visitIntervalDays * 86_400_000) : null;
      return {
        householdId: h.id,
        address: h.address,
        gridCode: h.gridCode,
        gridName: gridNames.get(h.gridCode) ?? h.gridCode,
        type: h.type,
        typeName: HOUSEHOLD_TYPES[h.type as HouseholdType]?.zh ?? h.type,
        tagNames: h.tags.map((t) => vocab.tagNames.get(t) ?? t),
        vulnerable: h.riskLevel === 'medium' || h.riskLevel === 'high' || h.tags.some((t) => vocab.vulnerableTags.has(t)),
        lastVisitAt: lastVisitAt ? lastVisitAt.toISOString() : null,
        visitIntervalDays: h.visitIntervalDays,
        dueAt: dueAt ? dueAt.toISOString() : null,
        overdueDays: dueAt ? Math.max(0, Math.floor((now - dueAt.getTime()) / 86_400_000)) : null,
      };
    }),
    total: Number(n),
    page,
    pageSize,
  };
}

/**
 * The cycle the cadres' coverage counts in, from the rules' `cadreCoverageDays`: about half a year
 * (the default, 182) is the calendar half-year, Jan–Jun or Jul–Dec, as assessments run; about a
 * quarter or a year, the calendar quarter or year; any other length, the last that many days.
 */
export function cadreCycleOf(days: number, today = chinaDate()): Period {
  const y = today.slice(0, 4);
  const m = Number(today.slice(5, 7));
  const monthEnd = (mm: number) => addDays(`${mm === 12 ? Number(y) + 1 : y}-${String((mm % 12) + 1).padStart(2, '0')}-01`, -1);
  if (days >= 180 && days <= 184) return m <= 6 ? { from: `${y}-01-01`, to: `${y}-06-30` } : { from: `${y}-07-01`, to: `${y}-12-31` };
  if (days >= 89 && days <= 92) {
    const first = m - ((m - 1) % 3);
    return { from: `${y}-${String(first).padStart(2, '0')}-01`, to: monthEnd(first + 2) };
  }
  if (days >= 365) return { from: `${y}-01-01`, to: `${y}-12-31` };
  return { from: addDays(today, -(days - 1)), to: today };
}

/** 干部半年全覆盖: households visited by a township or village cadre in the current cycle (half-year by default). */
export async function cadreCoverage(db: DbOrTx, actor: Actor, q: { regionCode?: string; groupBy?: 'township' | 'village' }) {
  authorize(actor, 'visits.supervise');
  const area = areaOf(actor, q.regionCode);
  const groupBy = q.groupBy ?? (area.length >= 9 ? 'village' : 'township');
  const len = GROUP_LENGTH[groupBy];
  const half = cadreCycleOf((await settingsFor(db, area)).cadreCoverageDays);
  const { start } = dayRange(half.from, half.to);
  const households = householdFiles(db, { active: true, scope: actor, area });
  const code = sql<string>`substr(${households.gridCode}, 1, ${sql.raw(String(len))})`;
  const rows = await db
    .select({
      code,
      households: sql<number>`count(*)::int`,
      covered: sql<number>`count(*) filter (where ${householdVisitState.lastCadreVisitAt} >= ${start})::int`,
    })
    .from(households)
    .leftJoin(householdVisitState, eq(householdVisitState.householdId, households.id))
    .groupBy(code)
    .orderBy(code);
  const names = await namesOf(db, [...rows.map((r) => r.code), area]);
  const out = rows.map((r) => ({ code: r.code, name: names.get(r.code) ?? r.code, households: Number(r.households), covered: Number(r.covered), coverage: ratio(Number(r.covered), Number(r.households)) }));
  const hh = out.reduce((s, r) => s + r.households, 0);
  const cov = out.reduce((s, r) => s + r.covered, 0);
  return { from: half.from, to: half.to, totals: { code: area, name: area ? names.get(area) ?? area : '全部辖区', households: hh, covered: cov, coverage: ratio(cov, hh) }, rows: out };
}
