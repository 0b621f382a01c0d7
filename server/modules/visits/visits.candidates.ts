/**
 * The households a plan may pick, read in one statement: for each grid only the first few in the
 * planner's own order, as many as the workers planned in that grid can take. The planner (planDay)
 * still decides; this only spares reading and sorting the rest of the grid in this process.
 *
 * Why a grid's first K suffice: the planner orders a worker's households by one key (due before not
 * due; among the due the vulnerable, then the most overdue, then the address; among the not due the
 * longest since the last visit, then the vulnerable, then the address) and takes the first quota of
 * them. Over several grids that is the first of each grid's list, merged: a worker takes a prefix of
 * each of its grids' lists, and the workers after it take prefixes of what is left. So a grid never
 * gives more than the sum of the quotas of the workers planned in it, from the top of its list. The
 * statement orders by the same key (days overdue computed as the planner does, on China dates; the
 * address compared by code point, as JavaScript compares it).
 */
import { sql } from 'drizzle-orm';
import { rows, type DbOrTx } from '../../platform/db.js';
import type { PlannerHousehold } from './visits.planner.js';
import { plannerHouseholdOf, type PlannerHouseholdRow, type VisitVocabulary } from './visits.households.js';

const DAY_MS = 86_400_000;

export interface CandidateQuery {
  /** The plan's date (YYYY-MM-DD). */
  date: string;
  /** Grids and how many households each may give at most (the quotas of the workers planned there). */
  grids: { code: string; take: number }[];
  /** Leave out every household on this plan already, whatever its status (a plan being remade). */
  planId?: string;
  /**
   * Today, for a plan of a later day: a household on the plan of a day from today to the day before
   * counts as visited at noon that day (when that is later than its last visit), with no window where
   * nobody was home.
   */
  projectFrom?: string;
}

/**
 * The active households of some grids not on anyone's plan that day (for the same grids), each grid's
 * first `take` in the planner's order.
 */
export async function plannerCandidates(db: DbOrTx, vocab: VisitVocabulary, q: CandidateQuery): Promise<PlannerHousehold[]> {
  const grids = q.grids.filter((g) => g.take > 0);
  if (!grids.length) return [];
  const codes = grids.map((g) => g.code);
  const day = Math.round(Date.parse(`${q.date}T00:00:00Z`) / DAY_MS);
  const vulnerable = [...vocab.vulnerableTags.keys()];
  const ownPlan = q.planId ? sql`and not exists (select 1 from visit_plan_items o where o.plan_id = ${q.planId}::uuid and o.household_id = h.id)` : sql``;
  const projected = q.projectFrom && q.projectFrom < q.date;
  // A planned day as an instant: noon, China time, as the planner's projection has it.
  const ahead = projected
    ? sql`left join (select t.household_id, (max(t.date)::text || 'T12:00:00+08:00')::timestamptz as at from visit_plan_items t
                      where t.grid_code = any(${sql.param(codes)}::text[]) and t.date >= ${q.projectFrom}::date and t.date < ${q.date}::date and t.status in ('planned', 'visited')
                      group by t.household_id) a on a.household_id = h.id`
    : sql`left join (select null::uuid as household_id, null::timestamptz as at) a on false`;
  const found = await rows<PlannerHouseholdRow>(
    db,
    sql`with g as (select * from unnest(${sql.param(codes)}::text[], ${sql.param(grids.map((x) => x.take))}::int[]) as g(code, take)),
        h as (
          select h.id, h.grid_code, h.type, h.tags, h.risk_level, h.visit_interval_days, coalesce(h.building_id::text, h.village_group, '') as place_key, h.address,
                 case when a.at is not null and (s.last_visit_at is null or s.last_visit_at < a.at) then a.at else s.last_visit_at end as last_visit_at,
                 case when a.at is not null and (s.last_visit_at is null or s.last_visit_at < a.at) then '{}'::text[] else s.nobody_home_windows end as nobody_home_windows,
                 (h.risk_level in ('medium', 'high') or h.tags && ${sql.param(vulnerable)}::text[]) as vulnerable
            from households h join g on g.code = h.grid_code
            left join household_visit_state s on s.household_id = h.id
            ${ahead}
           where h.status = 'active'
             and not exists (select 1 from visit_plan_items t where t.date = ${q.date}::date and t.household_id = h.id and t.status <> 'swapped_out' and t.grid_code = any(${sql.param(codes)}::text[]))
             ${ownPlan}),
        d as (
          select h.*, floor((extract(epoch from h.last_visit_at) * 1000 + h.visit_interval_days * ${DAY_MS}::bigint + 28800000) / ${DAY_MS})::int as due_day
            from h),
        r as (
          select d.*, row_number() over (partition by d.grid_code order by
                   (d.last_visit_at is null or d.due_day <= ${day}) desc,
                   case when d.last_visit_at is null or d.due_day <= ${day} then d.vulnerable end desc,
                   case when d.last_visit_at is null then null when d.due_day <= ${day} then d.due_day end asc nulls first,
                   case when d.due_day > ${day} then date_trunc('milliseconds', d.last_visit_at) end asc,
                   case when d.due_day > ${day} then d.vulnerable end desc,
                   d.address collate "C") as rank
            from d)
        select r.id, r.grid_code, r.type, r.tags, r.risk_level, r.visit_interval_days, r.place_key, r.address, r.last_visit_at, r.nobody_home_windows
          from r join g on g.code = r.grid_code where r.rank <= g.take`,
  );
  return found.map(plannerHouseholdOf);
}
