/**
 * The visit plans made by hand, for the benchmarks' baselines (bench/province.baselines.ts, bench/visits.ts):
 * every plan and item in one INSERT … SELECT, with the planner's rules as far as one statement of SQL
 * goes (server/modules/visits/visits.planner.ts):
 *  - each worker's grids' active households not on anyone's plan that day;
 *  - the due first (the vulnerable, then the most overdue, never visited counting as most overdue), then
 *    the not yet due (visited longest ago first, the vulnerable first among equals), up to the quota;
 *    the workers of one grid take its households in turn (the first worker the first quota, the second
 *    the next, …), so a household is planned once;
 *  - each household in its type's window, or the next window nobody-home was not yet found in;
 *  - ordered by window, grid, place and address, each with its reason in words and codes.
 * What it leaves out: per-county settings (one set of rules for all, passed in), and the Chinese
 * collation of addresses in the day's order (plain order here). A worker of several grids takes its
 * turn in each of them, so it may plan fewer than Tingsu's planner, never more.
 */
import type { Database } from '../server/platform/db.js';

export interface BaselineRules {
  quota: number;
  windows: { code: string; name: string }[];
  typeWindows: Record<string, string>;
  typeNames: Record<string, string>;
  vulnerableTags: Map<string, string>;
}

const PRIORITY = `due desc, case when due then vuln end desc, case when due then dd end asc nulls first,
                  case when not due then last end asc, case when not due then vuln end desc, address collate "C"`;

function planStatement(workers: string, source: 'job' | 'on_demand') {
  return `with w as (select gw.user_id, min(gw.grid_code) as grid_code, array_agg(gw.grid_code) as grids
                       from grid_workers gw join users u on u.id = gw.user_id and not u.disabled join grids g on g.code = gw.grid_code and g.status = 'active'
                      where gw.kind in ('full_time','group_leader') and ${workers} group by gw.user_id),
               p as (insert into visit_plans (id, worker_id, date, grid_code, quota, source) select gen_random_uuid(), w.user_id, $1::date, w.grid_code, $2, '${source}' from w
                      on conflict do nothing returning id, worker_id),
               wg as (select p.id as plan_id, g.code as grid_code, row_number() over (partition by g.code order by p.worker_id) - 1 as j
                        from p join w on w.user_id = p.worker_id cross join unnest(w.grids) as g(code)),
               h as (select h.id, h.grid_code, h.type, h.tags, h.risk_level, h.visit_interval_days as iv, h.address, coalesce(h.building_id::text, h.village_group, '') as place,
                            s.last_visit_at as last, coalesce(s.nobody_home_windows, '{}') as nh, (h.risk_level in ('medium','high') or h.tags && $7::text[]) as vuln,
                            floor((extract(epoch from s.last_visit_at) * 1000 + h.visit_interval_days * 86400000::bigint + 28800000) / 86400000)::int as dd
                       from (select distinct gw.grid_code from grid_workers gw where gw.kind in ('full_time','group_leader') and ${workers}) gs
                       join households h on h.grid_code = gs.grid_code left join household_visit_state s on s.household_id = h.id
                      where h.status = 'active'
                        and not exists (select 1 from visit_plan_items t where t.date = $1::date and t.household_id = h.id and t.status <> 'swapped_out')),
               o as (select h.*, (last is null or dd <= $9) as due, (select count(*) from unnest($3::text[])) as n,
                            case when ($5::jsonb ->> h.type) = any($3::text[]) then $5::jsonb ->> h.type else ($3::text[])[least(3, cardinality($3::text[]))] end as pref from h),
               r as (select o.*, row_number() over (partition by grid_code order by ${PRIORITY}) as r from o),
               c as (select wg.plan_id, r.*, row_number() over (partition by wg.plan_id order by ${PRIORITY}) as k
                       from wg join r on r.grid_code = wg.grid_code and r.r > wg.j * $2 and r.r <= (wg.j + 1) * $2),
               m as (select c.*, case when c.pref = any(c.nh) then (select x from unnest($3::text[]) with ordinality as t(x, i) where not x = any(c.nh)
                                                                    order by (i - array_position($3::text[], c.pref) + c.n) % c.n limit 1) end as moved
                       from c where k <= $2),
               x as (select m.*, coalesce(m.moved, m.pref) as win from m)
          insert into visit_plan_items (id, plan_id, date, household_id, grid_code, "window", seq, reason, reason_codes)
          select gen_random_uuid(), plan_id, $1::date, id, grid_code, win,
                 row_number() over (partition by plan_id order by array_position($3::text[], win), grid_code collate "C", place collate "C", address),
                 concat_ws('；',
                   case when vuln then '重点关注：' || array_to_string(array(select v.name from unnest(x.tags) with ordinality as t(tag, i) join unnest($7::text[], $8::text[]) as v(code, name) on v.code = t.tag order by t.i)
                                                                 || case x.risk_level when 'high' then array['高风险'] when 'medium' then array['中风险'] else '{}'::text[] end, '、') end,
                   case when last is null then '从未走访' when dd < $9 then '已逾期 ' || ($9 - dd) || ' 天（每 ' || iv || ' 天走访一次）'
                        when dd = $9 then '今日到期（每 ' || iv || ' 天走访一次）' else '提前走访：' || (dd - $9) || ' 天后到期' end,
                   case when moved is not null then '上次' || coalesce(($4::text[])[array_position($3::text[], pref)], pref) || '无人在家，改为' || coalesce(($4::text[])[array_position($3::text[], win)], win)
                        else coalesce($6::jsonb ->> type, type) || '宜' || coalesce(($4::text[])[array_position($3::text[], win)], win) end),
                 array_remove(array[case when vuln then 'vulnerable' end, case when last is null then 'never' when dd <= $9 then 'overdue' else 'early' end,
                                    case when moved is not null then 'nobody_home' end], null)
            from x
          on conflict (date, household_id) where status <> 'swapped_out' do nothing`;
}

function params(date: string, rules: BaselineRules): unknown[] {
  return [
    date,
    rules.quota,
    rules.windows.map((w) => w.code),
    rules.windows.map((w) => w.name),
    JSON.stringify(rules.typeWindows),
    JSON.stringify(rules.typeNames),
    [...rules.vulnerableTags.keys()],
    [...rules.vulnerableTags.values()],
    Math.round(Date.parse(`${date}T00:00:00Z`) / 86_400_000),
  ];
}

/** Every planned worker's plan for the day (workers who have one keep it). */
export function morningPlansByHand(database: Database, date: string, rules: BaselineRules) {
  return database.query(planStatement('true', 'job'), params(date, rules));
}

/** One worker's plan for the day, made on demand. */
export function workerPlanByHand(database: Database, date: string, rules: BaselineRules, workerId: string) {
  return database.query(planStatement('gw.user_id = $10', 'on_demand'), [...params(date, rules), workerId]);
}
