/**
 * The enterprise figures of a period: enterprise appeals received, closed and withdrawn; per clock tier
 * how many fell due, were met, met on time, are overdue; the requesters' satisfaction (满意率, as in
 * enterprises.breakdown.ts); commissioner visits; chain problems by chain.
 * Counted from this module's own rows, scoped like them.
 */
import { and, count, countDistinct, gte, lt, sql } from 'drizzle-orm';
import { authorize, scopeCondition, type Actor } from '../../platform/access.js';
import { rows, type DbOrTx } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import { listChains } from './chains.js';
import { satisfactionRate } from './enterprises.breakdown.js';
import { commissionerVisits, enterpriseAppeals } from './enterprises.tables.js';

const dayStart = (ymd: string) => new Date(`${ymd}T00:00:00+08:00`);

export async function figures(db: DbOrTx, actor: Actor, q: { from: string; to: string }) {
  authorize(actor, 'enterprises.read');
  if (q.from > q.to) throw new AppError('bad_request', { reason: '开始日期晚于结束日期', reasonEn: 'from is after to' });
  const a = dayStart(q.from);
  const b = new Date(dayStart(q.to).getTime() + 86_400_000);
  const ea = enterpriseAppeals;
  const inPeriod = and(scopeCondition(actor, ea.regionCode), gte(ea.receivedAt, a), lt(ea.receivedAt, b));
  const now = new Date().toISOString();
  const tier = (due: typeof ea.respondDueAt, met: typeof ea.respondedAt) => ({
    due: sql<number>`count(*) filter (where ${due} < ${now}::timestamptz or ${met} is not null)`,
    met: sql<number>`count(${met})`,
    onTime: sql<number>`count(*) filter (where ${met} <= ${due})`,
    overdue: sql<number>`count(*) filter (where ${met} is null and ${ea.withdrawnAt} is null and ${due} < ${now}::timestamptz)`,
  });
  const [[t], [v], months, chains] = await Promise.all([
    db
      .select({
        accepted: count(),
        closed: sql<number>`count(${ea.closedAt})`,
        withdrawn: sql<number>`count(${ea.withdrawnAt})`,
        byDept: sql<number>`count(*) filter (where ${ea.withdrawAskedBy} = 'department')`,
        evaluations: sql<number>`count(*) filter (where ${ea.rating} in ('satisfied', 'basically_satisfied', 'dissatisfied'))`,
        satisfied: sql<number>`count(*) filter (where ${ea.rating} = 'satisfied')`,
        basically: sql<number>`count(*) filter (where ${ea.rating} = 'basically_satisfied')`,
        dissatisfied: sql<number>`count(*) filter (where ${ea.rating} = 'dissatisfied')`,
        ...Object.fromEntries(
          Object.entries({ respond: tier(ea.respondDueAt, ea.respondedAt), solution: tier(ea.solutionDueAt, ea.solutionAt), close: tier(ea.closeDueAt, ea.closedAt) }).flatMap(([k, o]) =>
            Object.entries(o).map(([m, s]) => [`${k}_${m}`, s]),
          ),
        ),
      })
      .from(ea)
      .where(inPeriod),
    db
      .select({ visits: count(), firms: countDistinct(commissionerVisits.enterpriseId), problems: sql<number>`coalesce(sum(jsonb_array_length(${commissionerVisits.problems})), 0)` })
      .from(commissionerVisits)
      .where(and(scopeCondition(actor, commissionerVisits.regionCode), gte(commissionerVisits.visitedAt, a), lt(commissionerVisits.visitedAt, b))),
    rows<{ month: string; accepted: number; closed: number; visits: number }>(db, sql`
      with m as (
        select to_char(${ea.receivedAt} at time zone 'Asia/Shanghai', 'YYYY-MM') as month, count(*) as accepted, count(${ea.closedAt}) as closed, 0 as visits
        from ${ea} where ${inPeriod} group by 1
        union all
        select to_char(${commissionerVisits.visitedAt} at time zone 'Asia/Shanghai', 'YYYY-MM'), 0, 0, count(*)
        from ${commissionerVisits}
        where ${and(scopeCondition(actor, commissionerVisits.regionCode), gte(commissionerVisits.visitedAt, a), lt(commissionerVisits.visitedAt, b))} group by 1)
      select month, sum(accepted)::int as accepted, sum(closed)::int as closed, sum(visits)::int as visits from m group by month order by month`),
    listChains(db, actor),
  ]);
  const row = t as Record<string, unknown>;
  const n = (k: string) => Number(row[k] ?? 0);
  return {
    appeals: { accepted: n('accepted'), closed: n('closed'), withdrawn: n('withdrawn'), withdrawnAskedByDepartment: n('byDept') },
    satisfaction: {
      evaluations: n('evaluations'),
      satisfied: n('satisfied'),
      basicallySatisfied: n('basically'),
      dissatisfied: n('dissatisfied'),
      rate: satisfactionRate(n('satisfied'), n('basically'), n('evaluations')),
    },
    tiers: ['respond', 'solution', 'close'].map((k) => ({ tier: k, due: n(`${k}_due`), met: n(`${k}_met`), onTime: n(`${k}_onTime`), overdue: n(`${k}_overdue`) })),
    visits: { visits: Number(v.visits), firms: Number(v.firms), problemsRaised: Number(v.problems) },
    chains: chains.map((c) => ({ id: c.id, name: c.name, open: c.problemsOpen, closed: c.problemsClosed, overdue: c.problemsOverdue })),
    months: months.map((m) => ({ month: m.month, accepted: Number(m.accepted), closed: Number(m.closed), visits: Number(m.visits) })),
  };
}
