/**
 * The province benchmark's baselines: each of Tingsu's timed reads and plans done by hand, the same rows
 * and figures in the fewest statements over the same tables and indexes, sent at once through the same
 * driver and pool (no HTTP, session, validation, scope rules or object mapping). What Tingsu adds over
 * these is its cost.
 */
import type { Database } from '../server/platform/db.js';
import { morningPlansByHand, workerPlanByHand, type BaselineRules } from './plans.baseline.js';

/** What the baselines look at: the same county, township, organisation, grid, day and people as Tingsu's side. */
export interface BaselineScope {
  county: string;
  town: string;
  org: string;
  grid: string;
  /** The China date the grid's visits are listed for (YYYY-MM-DD). */
  day: string;
  provinceLeader: string;
  countyLeader: string;
  worker: { id: string; name: string };
  /** The day the plans are made for, and the planner's rules (the grid's settings and the vulnerable tags). */
  planDay: string;
  rules: BaselineRules;
}

/** [from, to) of a code range: a region's codes all start with it. */
const range = (code: string) => [code, code.slice(0, -1) + String.fromCharCode(code.charCodeAt(code.length - 1) + 1)];

const OPEN = `('registered','accepted','dispatched','in_progress','handled','feedback_given')`;
const DEFERRED = `id in (select r.appeal_id from appeal_requests r where r.kind = 'deferral' and r.status = 'approved')`;

/**
 * Every assessment figure of an area by its next level (keyLen), from the appeals themselves: the cohort
 * accepted in the period (one pass, fast track included), those closed or rated in it, and the urging
 * notes given in it; the groups' names. Four statements at once.
 */
function appealFigures(database: Database, area: string, leader: string, from: string, to: string, keyLen: number) {
  const [lo, hi] = range(area);
  const scope = `((region_code >= $1 and region_code < $2) or leader_user_id = $3)`;
  const cohort = database.query(
    `select substr(region_code, 1, ${keyLen}) as key, count(*) as accepted,
            count(*) filter (where handled_at is not null or handling_due_at is null or handling_due_at <= $5) as due,
            count(*) filter (where handled_at is not null) as handled,
            count(*) filter (where handled_at is not null and (on_spot or handled_at <= handling_due_at)) as on_time,
            count(*) filter (where ${DEFERRED} and (handled_at is not null or handling_due_at is null or handling_due_at <= $5)) as deferred,
            count(*) filter (where dispatched_at is not null or on_spot) as response_valid,
            count(*) filter (where on_spot or (signed_at is not null and signed_at <= response_due_at)) as responded_on_time,
            count(*) filter (where channel in ('visit','patrol','photo')) as field, count(*) filter (where channel in ('visit','patrol','photo') and on_spot) as on_spot,
            coalesce(sum(handling_minutes) filter (where handled_at is not null), 0) as minutes, count(handling_minutes) filter (where handled_at is not null) as handling,
            count(*) filter (where fast_track) as fast, count(*) filter (where fast_track and handled_at is not null and handled_at <= handling_due_at) as fast_same_day
       from appeals where ${scope} and status <> 'merged' and accepted_at >= $4 and accepted_at < $5 group by 1`,
    [lo, hi, leader, from, to],
  );
  const closing = database.query(
    `select substr(region_code, 1, ${keyLen}) as key,
            count(*) filter (where status = 'closed' and closed_at >= $4 and closed_at < $5) as closed,
            count(*) filter (where status = 'closed' and closed_at >= $4 and closed_at < $5 and rework_count > 0) as reworked,
            count(*) filter (where last_rated_at >= $4 and last_rated_at < $5 and last_rating <> 'unreachable') as rated,
            count(*) filter (where last_rated_at >= $4 and last_rated_at < $5 and last_rating <> 'unreachable' and last_solved) as solved,
            count(*) filter (where last_rated_at >= $4 and last_rated_at < $5 and last_rating = 'satisfied') as satisfied,
            count(*) filter (where last_rated_at >= $4 and last_rated_at < $5 and last_rating = 'basically_satisfied') as basically,
            count(*) filter (where last_rated_at >= $4 and last_rated_at < $5 and last_rating = 'dissatisfied') as dissatisfied
       from appeals where ${scope} and ((status = 'closed' and closed_at >= $4 and closed_at < $5) or (last_rated_at >= $4 and last_rated_at < $5)) group by 1`,
    [lo, hi, leader, from, to],
  );
  const urged = database.query(
    `select substr(a.region_code, 1, ${keyLen}) as key, count(*) filter (where e.type = 'urged') as urged, count(*) filter (where e.type = 'supervised') as supervised
       from appeal_events e join appeals a on a.id = e.appeal_id
      where ((a.region_code >= $1 and a.region_code < $2) or a.leader_user_id = $3) and e.type in ('urged','supervised') and e.at >= $4 and e.at < $5 group by 1`,
    [lo, hi, leader, from, to],
  );
  const names = database.query(`select code, name from regions where parent_code = $1 or code = $1 order by code`, [area]);
  return [cohort, closing, urged, names];
}

/** A page of 20 appeals with what a row shows (organisation, grid and township names, urging and affected counts) and the box's count. */
function appealPage(database: Database, where: string, order: string, params: unknown[]) {
  return Promise.all([
    database.query(
      `select a.*, o.name as org_name, g.name as grid_name, t.name as township_name,
              (select count(*) filter (where e.type = 'urged') from appeal_events e where e.appeal_id = a.id and e.type in ('urged','supervised')) as urged,
              (select count(*) filter (where e.type = 'supervised') from appeal_events e where e.appeal_id = a.id and e.type in ('urged','supervised')) as supervised,
              (select count(*) from appeal_affected f where f.appeal_id = a.id) as affected
         from (select * from appeals where ${where} order by ${order} limit 20) a
         left join orgs o on o.id = a.handling_org_id left join grids g on g.code = a.grid_code left join regions t on t.code = a.township_code
        order by ${order.replace(/(^|, )/g, '$1a.')}`,
      params,
    ),
    database.query(`select count(*) from appeals where ${where}`, params),
  ]);
}

/** A page of 20 households whose members match, with their grid, building, compound and head's names, its count, and (a search by ID or phone) its audit entry. */
async function householdPage(database: Database, area: string, member: string, value: string, actor: { id: string; name: string } | null) {
  const [lo, hi] = range(area);
  const where = `h.grid_code >= $1 and h.grid_code < $2 and h.status = 'active' and h.id in (select m.household_id from people m where ${member} and m.grid_code >= $1 and m.grid_code < $2)`;
  const [rows, [{ n }]] = await Promise.all([
    database.query<{ id: string }>(
      `select h.*, g.name as grid_name, b.name as building_name, c.name as compound_name, p.name as head_name
         from (select * from households h where ${where} order by h.grid_code, h.address limit 20) h
         left join grids g on g.code = h.grid_code left join buildings b on b.id = h.building_id left join compounds c on c.id = b.compound_id left join people p on p.id = h.head_person_id
        order by h.grid_code, h.address`,
      [lo, hi, value],
    ),
    database.query<{ n: string }>(`select count(*) as n from households h where ${where}`, [lo, hi, value]),
  ]);
  if (actor) {
    await database.query(
      `insert into audit_log (actor_kind, actor_id, actor_name, action, target_type, target_id, region_code, details) values ('user', $1, $2, 'household.search', 'household', $3, $4, $5::jsonb)`,
      [actor.id, actor.name, rows.length === 1 ? rows[0].id : null, area, JSON.stringify({ by: 'baseline', matches: Number(n), householdIds: rows.map((r) => r.id) })],
    );
  }
}

export function baselines(database: Database, s: BaselineScope) {
  const YEAR_FROM = '2024-12-31T16:00:00.000Z';
  const YEAR_TO = '2025-12-31T16:00:00.000Z';
  const [provLo, provHi] = range('36');
  const [countyLo, countyHi] = range(s.county);
  return {
    /** The province by prefecture: the kept per-day figures by county, and from the appeals what depends on the period's end, fast track and urging. */
    provinceFigures: () =>
      Promise.all([
        database.query(
          `select substr(county_code, 1, 4) as key, sum(accepted), sum(handled), sum(handled_on_time), sum(response_valid), sum(responded_on_time), sum(field_collected),
                  sum(on_spot), sum(handling_minutes_sum), sum(handling_count), sum(closed), sum(closed_reworked), sum(rated), sum(evaluations), sum(solved),
                  sum(satisfied), sum(basically_satisfied), sum(dissatisfied)
             from appeal_day_figures where county_code >= $1 and county_code < $2 and day >= '2025-01-01' and day < '2026-01-01' group by 1`,
          [provLo, provHi],
        ),
        database.query(
          `select substr(region_code, 1, 4) as key, count(*) filter (where handled_at is null and handling_due_at > $4) as not_due,
                  count(*) filter (where ${DEFERRED} and (handled_at is not null or handling_due_at is null or handling_due_at <= $4)) as deferred,
                  count(*) filter (where fast_track) as fast, count(*) filter (where fast_track and handled_at is not null and handled_at <= handling_due_at) as fast_same_day
             from appeals where region_code >= $1 and region_code < $2 and status <> 'merged' and accepted_at >= $3 and accepted_at < $4 group by 1`,
          [provLo, provHi, YEAR_FROM, YEAR_TO],
        ),
        database.query(
          `select substr(a.region_code, 1, 4) as key, count(*) filter (where e.type = 'urged'), count(*) filter (where e.type = 'supervised')
             from appeal_events e join appeals a on a.id = e.appeal_id
            where a.region_code >= $1 and a.region_code < $2 and e.type in ('urged','supervised') and e.at >= $3 and e.at < $4 group by 1`,
          [provLo, provHi, YEAR_FROM, YEAR_TO],
        ),
        database.query(`select code, name from regions where parent_code = '36' or code = '36' order by code`),
      ]),
    countyFigures: () => Promise.all(appealFigures(database, s.county, s.countyLeader, YEAR_FROM, YEAR_TO, 9)),
    /** Coverage by the next level: the area's kept figures, the visits and first visits kept by grid and month, the disputes found, the names. */
    coverage: (area: string, keyLen: number) => {
      const [lo, hi] = range(area);
      return Promise.all([
        database.query(`select * from visit_area_figures where code = $1 or (length(code) = $2 and code >= $3 and code < $4)`, [area, keyLen, lo, hi]),
        database.query(
          `select substr(code, 1, $3), sum(met)::int, sum(nobody_home)::int, sum(worker_visits)::int from visit_grid_months
            where code >= $1 and code < $2 and length(code) = 15 and month >= '2025-01' and month <= '2025-12' group by 1`,
          [lo, hi, keyLen],
        ),
        database.query(
          `select substr(code, 1, $3), sum(households)::int from visit_grid_firsts
            where code >= $1 and code < $2 and length(code) = 15 and month >= '2025-01' and month <= '2025-12' and since < '2025-01' group by 1`,
          [lo, hi, keyLen],
        ),
        database.query(
          `select substr(grid_code, 1, $3), count(*)::int, count(*) filter (where mediation_case_id is not null)::int from visits
            where finding = 'dispute' and check_in_at >= $4 and check_in_at < $5 and grid_code >= $1 and grid_code < $2 group by 1`,
          [lo, hi, keyLen, YEAR_FROM, YEAR_TO],
        ),
        keyLen === 15
          ? database.query(`select code, name from grids where code >= $1 and code < $2`, [lo, hi])
          : database.query(`select code, name from regions where (code >= $1 and code < $2 and length(code) = $3) or code = $4`, [lo, hi, keyLen, area]),
      ]);
    },
    /** A county leader's workbench: the three boxes' counts in one pass and their three most pressing, the month's figures, six months' trend, the chains. */
    workbench: () => {
      const now = new Date();
      const month = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1) - 8 * 3600_000).toISOString();
      const next = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1) - 8 * 3600_000).toISOString();
      const half = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 5, 1) - 8 * 3600_000).toISOString();
      const scope = `((region_code >= $1 and region_code < $2) or leader_user_id = $3)`;
      const leaderCases = `leader_user_id = $3 and status in ${OPEN}`;
      const dueSoon = `status in ('dispatched','in_progress') and paused_at is null and warn_at <= $4 and handling_due_at >= $4`;
      const overdue = `status in ('dispatched','in_progress') and paused_at is null and handling_due_at < $4`;
      const order = `handling_due_at asc nulls last, created_at, id`;
      const p = [countyLo, countyHi, s.countyLeader, now];
      return Promise.all([
        database.query(`select count(*) filter (where ${leaderCases}), count(*) filter (where ${dueSoon}), count(*) filter (where ${overdue}) from appeals where ${scope} and status in ${OPEN}`, p),
        database.query(
          `(select 'leader_cases' as box, * from appeals where ${scope} and ${leaderCases} order by ${order} limit 3)
           union all (select 'due_soon', * from appeals where ${scope} and ${dueSoon} order by ${order} limit 3)
           union all (select 'overdue', * from appeals where ${scope} and ${overdue} order by ${order} limit 3)`,
          p,
        ),
        ...appealFigures(database, s.county, s.countyLeader, month, next, 9),
        database.query(
          `select m, sum(accepted), sum(handled), sum(on_spot) from (
              select to_char(accepted_at at time zone 'Asia/Shanghai', 'YYYY-MM') as m, 1 as accepted, 0 as handled, 0 as on_spot from appeals where ${scope} and status <> 'merged' and accepted_at >= $4
              union all
              select to_char(handled_at at time zone 'Asia/Shanghai', 'YYYY-MM'), 0, 1, on_spot::int from appeals where ${scope} and status <> 'merged' and handled_at >= $4) x group by m`,
          [countyLo, countyHi, s.countyLeader, half],
        ),
        database.query(`select * from chains where region_code >= $1 and region_code < $2 and leader_user_id = $3 order by name`, [countyLo, countyHi, s.countyLeader]),
      ]);
    },
    /** What the province consists of: every count in one statement, and grids and workers by prefecture in another. */
    overview: () =>
      Promise.all([
        database.query(
          `select (select count(*) filter (where level = 'county') from regions where code >= $1 and code < $2), (select count(*) filter (where level = 'township') from regions where code >= $1 and code < $2),
                  (select count(*) filter (where level = 'village') from regions where code >= $1 and code < $2), (select count(*) from grids where code >= $1 and code < $2),
                  (select count(distinct user_id) from grid_workers where grid_code >= $1 and grid_code < $2), (select count(*) from orgs where region_code >= $1 and region_code < $2 and active),
                  (select count(*) from users where region_code >= $1 and region_code < $2 and not disabled)`,
          [provLo, provHi],
        ),
        database.query(
          `select r.code, r.name, coalesce(g.n, 0), coalesce(w.n, 0) from regions r
             left join (select substr(code, 1, 4) as k, count(*) as n from grids where code >= $1 and code < $2 group by 1) g on g.k = r.code
             left join (select substr(grid_code, 1, 4) as k, count(distinct user_id) as n from grid_workers where grid_code >= $1 and grid_code < $2 group by 1) w on w.k = r.code
            where r.code >= $1 and r.code < $2 and length(r.code) = 4 order by r.code`,
          [provLo, provHi],
        ),
      ]),
    inboxAll: () => appealPage(database, `township_code = $1`, `created_at desc, id desc`, [s.town]),
    inboxInProgress: () =>
      appealPage(database, `exists (select 1 from appeal_parts p where p.appeal_id = appeals.id and p.org_id = $1 and p.status = 'in_progress')`, `handling_due_at, id`, [s.org]),
    inboxOverdue: () =>
      appealPage(
        database,
        `((region_code >= $1 and region_code < $2) or leader_user_id = $3) and status in ('dispatched','in_progress') and paused_at is null and handling_due_at < $4`,
        `handling_due_at, id`,
        [provLo, provHi, s.provinceLeader, new Date()],
      ),
    searchByName: (name: string) => householdPage(database, s.county, `m.name like $3`, `${name.replace(/[\\%_]/g, (c) => `\\${c}`)}%`, null),
    searchByIndex: (area: string, column: 'id_number_bidx' | 'phone_bidx', hash: string, actor: { id: string; name: string }) =>
      householdPage(database, area, `m.${column} = $3`, hash, actor),
    /** A grid's visits on a day, with each household's address and the grid's name, and their count. */
    gridVisits: () => {
      const start = new Date(`${s.day}T00:00:00+08:00`);
      const end = new Date(start.getTime() + 86_400_000);
      return Promise.all([
        database.query(
          `select v.*, h.address, g.name as grid_name from (select * from visits where grid_code = $1 and check_in_at >= $2 and check_in_at < $3 order by check_in_at desc, id desc limit 20) v
             left join households h on h.id = v.household_id left join grids g on g.code = v.grid_code order by v.check_in_at desc, v.id desc`,
          [s.grid, start, end],
        ),
        database.query(`select count(*) from visits where grid_code = $1 and check_in_at >= $2 and check_in_at < $3`, [s.grid, start, end]),
      ]);
    },
    /** One worker's plan made by hand, then read as the phone shows it: each household's card with its members. */
    myPlan: async () => {
      await workerPlanByHand(database, s.planDay, s.rules, s.worker.id);
      await database.query(
        `select i.*, h.address, h.type, h.tags, h.risk_level, h.visit_interval_days, st.last_visit_at, g.name as grid_name,
                (select json_agg(json_build_object('name', m.name, 'relation', m.relation, 'phone', m.phone_masked, 'birth', m.birth_date)) from people m where m.household_id = h.id and m.status = 'active') as members
           from visit_plans p join visit_plan_items i on i.plan_id = p.id join households h on h.id = i.household_id
           left join household_visit_state st on st.household_id = h.id left join grids g on g.code = i.grid_code
          where p.worker_id = $1 and p.date = $2 order by i.seq`,
        [s.worker.id, s.planDay],
      );
    },
    morningPlans: () => morningPlansByHand(database, s.planDay, s.rules),
  };
}
