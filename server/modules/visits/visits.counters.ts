/**
 * The counters behind supervision over wide areas and long periods (docs/DOMAIN.md §11 coverage):
 *  - visit counts per grid and month, and distinct households met per run of whole months
 *    (`visit_grid_months`, `visit_grid_firsts`), kept in each visit's own transaction;
 *  - household figures per area (`visit_area_figures`), counted by the `visits.figures` job.
 * Grids and townships both have rows: a village's figures read its grids, a city's its townships.
 */
import { and, eq, gte, lt, sql } from 'drizzle-orm';
import { inRegion } from '../../platform/access.js';
import { rows as sqlRows, statement, type Database, type DbOrTx } from '../../platform/db.js';
import { assignments } from '../grids/grids.service.js';
import { householdFiles } from '../households/households.repo.js';
import { PLANNED_KINDS, vocabulary, vulnerableSql } from './visits.households.js';
import { chinaDate } from './visits.plans.js';
import { householdVisitState, visitAreaFigures, visitGridFirsts, visitGridMonths } from './visits.tables.js';

/** Code lengths that hold counter rows: grids, and townships (their grids' sums). */
const TOWNSHIP = 9;

/** YYYY-MM plus n months. */
export function addMonths(month: string, n: number): string {
  const i = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1 + n;
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
}

/** The `since` of a month met in: the month met before, unless that is more than twelve months earlier. */
export function sinceOf(previous: string | undefined, month: string): string {
  return previous !== undefined && previous >= addMonths(month, -12) ? previous : '';
}

const monthOf = (at: Date) => chinaDate(at).slice(0, 7);

interface MetVisit {
  id: string;
  at: Date;
  gridCode: string;
}

/** The `visit_grid_firsts` rows (grid|month|since → households) one household's met visits make, for some months. */
export function firstsRows(list: MetVisit[], months: Set<string>): Map<string, number> {
  const first = new Map<string, MetVisit>();
  for (const v of [...list].sort((a, b) => a.at.getTime() - b.at.getTime() || (a.id < b.id ? -1 : 1))) {
    const m = monthOf(v.at);
    if (!first.has(m)) first.set(m, v);
  }
  const ms = [...first.keys()].sort();
  const out = new Map<string, number>();
  ms.forEach((m, i) => {
    if (!months.has(m)) return;
    const key = `${first.get(m)!.gridCode}|${m}|${sinceOf(ms[i - 1], m)}`;
    out.set(key, (out.get(key) ?? 0) + 1);
  });
  return out;
}

/**
 * How a new visit changes the counters. Run inside the visit's transaction after the household's
 * visiting state is updated (that row's lock makes two visits to one household count one after the
 * other), with `earlier` read after that by `MET_VISITS`: the household's other visits that met
 * somebody, the first of each month from twelve months before this one's (older ones change nothing
 * here). Visits arrive in any order (phones sync late): a visit in an earlier month moves the
 * household's next month met in under it. Written by `COUNT_VISIT` (with the visit's other rows).
 */
export function counterChanges(v: { id: string; gridCode: string; checkInAt: Date; outcome: string; byCadre: boolean }, earlier: MetVisit[]) {
  const month = monthOf(v.checkInAt);
  const met = v.outcome === 'met' ? 1 : 0;
  const months = [v.gridCode, v.gridCode.slice(0, TOWNSHIP)].map((code) => ({ code, month, met, nobodyHome: 1 - met, workerVisits: v.byCadre ? 0 : 1 }));
  const firsts: { code: string; month: string; since: string; households: number }[] = [];
  if (met) {
    const after = [...earlier, { id: v.id, at: v.checkInAt, gridCode: v.gridCode }];
    // Only this month's row and the next month met in can change.
    const next = [...new Set(earlier.map((x) => monthOf(x.at)))].sort().find((m) => m > month);
    const affected = new Set(next ? [month, next] : [month]);
    const delta = new Map<string, number>();
    const add = (rows: Map<string, number>, sign: number) => {
      for (const [key, n] of rows) {
        const [grid, m, since] = key.split('|');
        for (const code of [grid, grid.slice(0, TOWNSHIP)]) {
          const k = `${code}|${m}|${since}`;
          delta.set(k, (delta.get(k) ?? 0) + sign * n);
        }
      }
    };
    add(firstsRows(after, affected), 1);
    add(firstsRows(earlier, affected), -1);
    // In one order for every visit, so two transactions never wait for each other's rows in a cycle.
    for (const [k, n] of [...delta].sort(([a], [b]) => (a < b ? -1 : 1))) {
      if (n === 0) continue;
      const [code, m, since] = k.split('|');
      firsts.push({ code, month: m, since, households: n });
    }
  }
  return {
    monthCodes: months.map((r) => r.code),
    monthMonths: months.map((r) => r.month),
    monthMet: months.map((r) => r.met),
    monthNobodyHome: months.map((r) => r.nobodyHome),
    monthWorkerVisits: months.map((r) => r.workerVisits),
    firstCodes: firsts.map((r) => r.code),
    firstMonths: firsts.map((r) => r.month),
    firstSinces: firsts.map((r) => r.since),
    firstHouseholds: firsts.map((r) => r.households),
  };
}

/** The parameters of `MET_VISITS` for a visit: its household, its id, and the start of the month twelve months before its own (China time). */
export function metVisitsParams(v: { id: string; householdId: string; checkInAt: Date }): unknown[] {
  return MET_VISITS.values({ householdId: v.householdId, id: v.id, from: new Date(`${addMonths(monthOf(v.checkInAt), -12)}-01T00:00:00+08:00`) });
}

/** For `counterChanges`: the household's other visits that met somebody, the first of each month, from a start (`metVisitsParams`). */
export const MET_VISITS = statement(`
  select distinct on (month) id, check_in_at as at, grid_code as "gridCode"
  from (select id, check_in_at, grid_code, to_char(check_in_at at time zone 'Asia/Shanghai', 'YYYY-MM') as month from visits
        where household_id = :householdId::uuid and outcome = 'met' and id <> :id::uuid and check_in_at >= :from::timestamptz) x
  order by month, check_in_at, id`);

/** `counterChanges`' rows as two parts of a data-modifying WITH, with its keys as `:name` parameters. */
export const COUNT_VISIT = `
  count_months as (insert into visit_grid_months (code, month, met, nobody_home, worker_visits)
    select * from unnest(:monthCodes::text[], :monthMonths::text[], :monthMet::int[], :monthNobodyHome::int[], :monthWorkerVisits::int[])
    on conflict (code, month) do update set met = visit_grid_months.met + excluded.met,
      nobody_home = visit_grid_months.nobody_home + excluded.nobody_home, worker_visits = visit_grid_months.worker_visits + excluded.worker_visits),
  count_firsts as (insert into visit_grid_firsts (code, month, since, households)
    select * from unnest(:firstCodes::text[], :firstMonths::text[], :firstSinces::text[], :firstHouseholds::int[])
    on conflict (code, month, since) do update set households = visit_grid_firsts.households + excluded.households)`;

/** Recounts every counter from the visits (after a bulk load of visits, e.g. `tingsu generate`). */
export async function recountVisits(db: Database): Promise<void> {
  await db.db.transaction(async (tx) => {
    await tx.execute(sql`delete from ${visitGridMonths}`);
    await tx.execute(sql`delete from ${visitGridFirsts}`);
    for (const statement of RECOUNT_SQL) await tx.execute(sql.raw(statement));
  });
}

/** The recount in SQL, two statements (the migration that made the counters ran the same). */
const RECOUNT_SQL = [
  `
insert into visit_grid_months (code, month, met, nobody_home, worker_visits)
select l.code, g.month, sum(g.met), sum(g.nobody_home), sum(g.worker_visits)
from (select grid_code, to_char(check_in_at at time zone 'Asia/Shanghai', 'YYYY-MM') as month,
             count(*) filter (where outcome = 'met') as met, count(*) filter (where outcome = 'nobody_home') as nobody_home,
             count(*) filter (where not by_cadre) as worker_visits
      from visits group by 1, 2) g
cross join lateral (values (g.grid_code), (substr(g.grid_code, 1, 9))) as l(code)
group by 1, 2`,
  `insert into visit_grid_firsts (code, month, since, households)
select l.code, f.month, f.since, count(*)
from (select grid_code, month,
             case when previous >= to_char(to_date(month || '-01', 'YYYY-MM-DD') - interval '12 months', 'YYYY-MM') then previous else '' end as since
      from (select grid_code, month, lag(month) over (partition by household_id order by month) as previous
            from (select household_id, grid_code, month,
                         row_number() over (partition by household_id, month order by check_in_at, id) as n
                  from (select household_id, grid_code, check_in_at, id::text as id,
                               to_char(check_in_at at time zone 'Asia/Shanghai', 'YYYY-MM') as month
                        from visits where outcome = 'met') v) r
            where n = 1) p) f
cross join lateral (values (f.grid_code), (substr(f.grid_code, 1, 9))) as l(code)
group by 1, 2, 3`,
];

/**
 * The whole months a period covers, when it is made of them: from the 1st of a month to the end of a
 * month, or to today or later (the current month's counters hold its visits so far). Else null.
 */
export function wholeMonths(p: { from: string; to: string }, today = chinaDate()): { from: string; to: string } | null {
  if (!p.from.endsWith('-01')) return null;
  const last = p.to >= today ? today : p.to;
  const endOfMonth = addMonths(last.slice(0, 7), 1) + '-01';
  const dayAfter = new Date(Date.parse(`${last}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  if (p.to < today && dayAfter !== endOfMonth) return null;
  const from = p.from.slice(0, 7);
  const to = last < p.from ? from : last.slice(0, 7);
  return { from, to };
}

export interface VisitCounts {
  visited: number;
  visits: number;
  nobodyHome: number;
  workerVisits: number;
}

/** Visit figures of an area over whole months, per group of `len` digits, from the counters. */
export async function countsOverMonths(db: DbOrTx, area: string, len: number, months: { from: string; to: string }): Promise<Map<string, VisitCounts>> {
  const level = len > TOWNSHIP ? 15 : TOWNSHIP;
  const group = (col: typeof visitGridMonths.code | typeof visitGridFirsts.code) => sql<string>`substr(${col}, 1, ${sql.raw(String(len))})`;
  const [counts, firsts] = await Promise.all([
    db
      .select({
        code: group(visitGridMonths.code),
        visits: sql<number>`sum(${visitGridMonths.met})::int`,
        nobodyHome: sql<number>`sum(${visitGridMonths.nobodyHome})::int`,
        workerVisits: sql<number>`sum(${visitGridMonths.workerVisits})::int`,
      })
      .from(visitGridMonths)
      .where(and(inRegion(visitGridMonths.code, area), sql`length(${visitGridMonths.code}) = ${level}`, gte(visitGridMonths.month, months.from), sql`${visitGridMonths.month} <= ${months.to}`))
      .groupBy(group(visitGridMonths.code)),
    db
      .select({ code: group(visitGridFirsts.code), visited: sql<number>`sum(${visitGridFirsts.households})::int` })
      .from(visitGridFirsts)
      .where(
        and(
          inRegion(visitGridFirsts.code, area),
          sql`length(${visitGridFirsts.code}) = ${level}`,
          gte(visitGridFirsts.month, months.from),
          sql`${visitGridFirsts.month} <= ${months.to}`,
          lt(visitGridFirsts.since, months.from),
        ),
      )
      .groupBy(group(visitGridFirsts.code)),
  ]);
  const out = new Map<string, VisitCounts>();
  for (const c of counts) out.set(c.code, { visited: 0, visits: Number(c.visits), nobodyHome: Number(c.nobodyHome), workerVisits: Number(c.workerVisits) });
  for (const f of firsts) {
    const row = out.get(f.code) ?? { visited: 0, visits: 0, nobodyHome: 0, workerVisits: 0 };
    row.visited = Number(f.visited);
    out.set(f.code, row);
  }
  return out;
}

export interface HouseholdFigures {
  households: number;
  vulnerable: number;
  vulnerableOverdue: number;
  never: number;
}

/** Household figures of an area per group of `len` digits, counted now from the household files. */
export async function householdFigures(db: DbOrTx, area: string, len: number): Promise<Map<string, HouseholdFigures>> {
  const vocab = await vocabulary(db);
  const households = householdFiles(db, { active: true, area });
  const vulnerable = vulnerableSql(vocab, households);
  const overdue = sql`(${householdVisitState.lastVisitAt} is null or ${householdVisitState.lastVisitAt} + ${households.visitIntervalDays} * interval '1 day' < now())`;
  const code = sql<string>`substr(${households.gridCode}, 1, ${sql.raw(String(len))})`;
  const rows = await db
    .select({
      code,
      households: sql<number>`count(*)::int`,
      vulnerable: sql<number>`count(*) filter (where ${vulnerable})::int`,
      vulnerableOverdue: sql<number>`count(*) filter (where ${vulnerable} and ${overdue})::int`,
      never: sql<number>`count(*) filter (where ${householdVisitState.lastVisitAt} is null)::int`,
    })
    .from(households)
    .leftJoin(householdVisitState, eq(householdVisitState.householdId, households.id))
    .groupBy(code);
  return new Map(rows.map((r) => [r.code, { households: Number(r.households), vulnerable: Number(r.vulnerable), vulnerableOverdue: Number(r.vulnerableOverdue), never: Number(r.never) }]));
}

/** (worker, grid) pairs of the planned workers (full-time, 大组长; enabled; active grids) of an area. */
function plannedWorkers(db: DbOrTx, area: string) {
  return assignments(db, { kinds: PLANNED_KINDS, area, activeGrids: true });
}

/** Distinct planned workers (full-time, 大组长; enabled; active grids) of an area, per group of `len` digits and in all. */
export async function workerFigures(db: DbOrTx, area: string, len: number): Promise<{ byCode: Map<string, number>; total: number }> {
  const pairs = await plannedWorkers(db, area);
  const sets = new Map<string, Set<string>>();
  for (const p of pairs) {
    const c = p.gridCode.slice(0, len);
    const s = sets.get(c) ?? new Set<string>();
    s.add(p.userId);
    sets.set(c, s);
  }
  return { byCode: new Map([...sets].map(([c, s]) => [c, s.size])), total: new Set(pairs.map((p) => p.userId)).size };
}

/** Code lengths of the areas `visit_area_figures` keeps. */
const AREA_LENGTHS = [15, 12, 9, 6, 4, 2, 0];

/**
 * Recounts `visit_area_figures` for every area (the `visits.figures` job), replacing the rows in one
 * transaction (readers see the last whole count until it commits; a crash half-way leaves it). Rows go
 * in chunks of `chunk` (2000); `onChunk` hears the rows written so far, inside the transaction.
 * Returns the rows written.
 */
export async function refreshAreaFigures(database: Database, now = new Date(), opts: { chunk?: number; onChunk?: (written: number) => void } = {}): Promise<number> {
  const db = database.db;
  const [byGrid, pairs] = await Promise.all([
    householdFigures(db, '', 15),
    plannedWorkers(db, ''),
  ]);
  const rows = new Map<string, HouseholdFigures & { workers: Set<string> }>();
  const at = (code: string) => {
    let r = rows.get(code);
    if (!r) rows.set(code, (r = { households: 0, vulnerable: 0, vulnerableOverdue: 0, never: 0, workers: new Set() }));
    return r;
  };
  for (const [grid, f] of byGrid) {
    for (const len of AREA_LENGTHS) {
      const r = at(grid.slice(0, len));
      r.households += f.households;
      r.vulnerable += f.vulnerable;
      r.vulnerableOverdue += f.vulnerableOverdue;
      r.never += f.never;
    }
  }
  for (const p of pairs) for (const len of AREA_LENGTHS) at(p.gridCode.slice(0, len)).workers.add(p.userId);
  const values = [...rows].map(([code, r]) => ({
    code,
    households: r.households,
    vulnerable: r.vulnerable,
    vulnerableOverdue: r.vulnerableOverdue,
    neverVisited: r.never,
    workers: r.workers.size,
    countedAt: now,
  }));
  await db.transaction(async (tx) => {
    await tx.delete(visitAreaFigures);
    const chunk = opts.chunk ?? 2000;
    for (let i = 0; i < values.length; i += chunk) {
      await tx.insert(visitAreaFigures).values(values.slice(i, i + chunk));
      opts.onChunk?.(Math.min(i + chunk, values.length));
    }
  });
  return values.length;
}

/** The counted figures of an area's groups (`len` digits) and of the area itself, or null when never counted. */
export async function countedFigures(db: DbOrTx, area: string, len: number) {
  const rows = await sqlRows<{ code: string; households: number; vulnerable: number; vulnerable_overdue: number; never_visited: number; workers: number; counted_at: Date | string }>(
    db,
    sql`select * from ${visitAreaFigures} where code = ${area} or (length(code) = ${len} and ${inRegion(visitAreaFigures.code, area) ?? sql`true`})`,
  );
  const own = rows.find((r) => r.code === area);
  if (!own) return null;
  const figures = (r: (typeof rows)[number]): HouseholdFigures => ({ households: Number(r.households), vulnerable: Number(r.vulnerable), vulnerableOverdue: Number(r.vulnerable_overdue), never: Number(r.never_visited) });
  const groups = rows.filter((r) => r.code.length === len && r.code !== area || (len === area.length && r.code === area));
  return {
    countedAt: new Date(own.counted_at),
    total: { ...figures(own), workers: Number(own.workers) },
    households: new Map(groups.map((r) => [r.code, figures(r)])),
    workers: new Map(groups.map((r) => [r.code, Number(r.workers)])),
  };
}
