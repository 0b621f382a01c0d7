/**
 * The enterprise figures broken down by commissioner (the firm's 企业特派员), department (the appeal's
 * handling organisation), park, or firm: the enterprise appeals received in the period with their
 * outcomes so far — accepted, closed, withdrawn, responded within the respond tier, the mean response
 * (receipt → accepted) and closure (receipt → closed) times — and the requesters' satisfaction:
 *
 *   满意率 satisfaction = (满意 + 0.9 × 基本满意) ÷ valid evaluations (not "unreachable"), DOMAIN.md §11,
 *   each appeal's latest rating as of its last move (the appeals' status hook copies it).
 *
 * Commissioner visits are counted beside (by the visiting commissioner, the visited firm's park or the
 * firm; none for a department). Scoped like the enterprise appeals (the caller's subtree).
 */
import { and, eq, gte, lt, sql, type SQL } from 'drizzle-orm';
import { authorize, scopeCondition, type Actor } from '../../platform/access.js';
import type { DbOrTx } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import { namesOf as orgNamesOf } from '../orgs/orgs.service.js';
import { briefsOf } from '../users/users.service.js';
import { commissionerVisits, enterpriseAppeals, enterprises } from './enterprises.tables.js';

export type Dimension = 'commissioner' | 'department' | 'park' | 'firm';
const MAX_GROUPS = 200;

export interface BreakdownQuery {
  dimension: Dimension;
  /** China-time days; both missing: all time. */
  from?: string;
  to?: string;
  enterpriseId?: string;
}

const dayStart = (ymd: string) => new Date(`${ymd}T00:00:00+08:00`);
const ratio = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 10000) / 10000 : null);
const round1 = (x: unknown) => (x === null || x === undefined ? null : Math.round(Number(x) * 10) / 10);

export function satisfactionRate(satisfied: number, basically: number, evaluations: number): number | null {
  return ratio(satisfied + 0.9 * basically, evaluations);
}

function period(q: BreakdownQuery): [Date, Date] | null {
  if (!q.from && !q.to) return null;
  if (!q.from || !q.to) throw new AppError('required', { field: q.from ? 'to' : 'from' });
  if (q.from > q.to) throw new AppError('bad_request', { reason: '开始日期晚于结束日期', reasonEn: 'from is after to' });
  return [dayStart(q.from), new Date(dayStart(q.to).getTime() + 86_400_000)];
}

export async function figuresBy(db: DbOrTx, actor: Actor, q: BreakdownQuery) {
  authorize(actor, 'enterprises.read');
  const span = period(q);
  const ea = enterpriseAppeals;
  const e = enterprises;
  const key: SQL = { commissioner: sql`${e.commissionerUserId}::text`, department: sql`${ea.handlingOrgId}::text`, park: sql`${e.park}`, firm: sql`${e.id}::text` }[q.dimension];
  const firmOnly = q.enterpriseId ? eq(e.id, q.enterpriseId) : undefined;
  const valid = sql`${ea.rating} in ('satisfied', 'basically_satisfied', 'dissatisfied')`;
  const appealRows = await db
    .select({
      key: sql<string | null>`${key}`.as('key'),
      accepted: sql<number>`count(*)`,
      closed: sql<number>`count(${ea.closedAt})`,
      withdrawn: sql<number>`count(${ea.withdrawnAt})`,
      respondedOnTime: sql<number>`count(*) filter (where ${ea.respondedAt} <= ${ea.respondDueAt})`,
      avgResponseMinutes: sql<number | null>`avg(extract(epoch from ${ea.respondedAt} - ${ea.receivedAt}) / 60)`,
      avgClosureHours: sql<number | null>`avg(extract(epoch from ${ea.closedAt} - ${ea.receivedAt}) / 3600)`,
      evaluations: sql<number>`count(*) filter (where ${valid})`,
      satisfied: sql<number>`count(*) filter (where ${ea.rating} = 'satisfied')`,
      basicallySatisfied: sql<number>`count(*) filter (where ${ea.rating} = 'basically_satisfied')`,
      dissatisfied: sql<number>`count(*) filter (where ${ea.rating} = 'dissatisfied')`,
    })
    .from(ea)
    .innerJoin(e, eq(e.id, ea.enterpriseId))
    .where(and(scopeCondition(actor, ea.regionCode), span ? and(gte(ea.receivedAt, span[0]), lt(ea.receivedAt, span[1])) : undefined, firmOnly))
    .groupBy(sql`1`)
    .orderBy(sql`2 desc`, sql`1`)
    .limit(MAX_GROUPS);

  // Visits beside: by the visiting commissioner, or the visited firm's park or the firm.
  const v = commissionerVisits;
  const visitKey: SQL | null = { commissioner: sql`${v.commissionerUserId}::text`, department: null, park: sql`${e.park}`, firm: sql`${e.id}::text` }[q.dimension];
  const visitRows = visitKey
    ? await db
        .select({ key: sql<string | null>`${visitKey}`.as('key'), visits: sql<number>`count(*)`, problems: sql<number>`coalesce(sum(jsonb_array_length(${v.problems})), 0)` })
        .from(v)
        .innerJoin(e, eq(e.id, v.enterpriseId))
        .where(and(scopeCondition(actor, v.regionCode), span ? and(gte(v.visitedAt, span[0]), lt(v.visitedAt, span[1])) : undefined, firmOnly))
        .groupBy(sql`1`)
        .limit(MAX_GROUPS)
    : [];

  const keys = [...new Set([...appealRows.map((r) => r.key ?? ''), ...visitRows.map((r) => r.key ?? '')])];
  const names = await namesFor(db, q.dimension, keys.filter(Boolean));
  const byKey = new Map(appealRows.map((r) => [r.key ?? '', r]));
  const visitsBy = new Map(visitRows.map((r) => [r.key ?? '', r]));
  const items = keys.map((k) => {
    const r = byKey.get(k);
    const n = (x: unknown) => Number(x ?? 0);
    const evaluations = n(r?.evaluations);
    const vis = visitsBy.get(k);
    return {
      key: k,
      name: k ? names.get(k) ?? k : UNSET[q.dimension],
      accepted: n(r?.accepted),
      closed: n(r?.closed),
      withdrawn: n(r?.withdrawn),
      respondedOnTime: n(r?.respondedOnTime),
      // Withdrawn appeals stay in the denominator: a withdrawal never improves a figure.
      responseRate: ratio(n(r?.respondedOnTime), n(r?.accepted)),
      avgResponseMinutes: round1(r?.avgResponseMinutes),
      avgClosureHours: round1(r?.avgClosureHours),
      evaluations,
      satisfied: n(r?.satisfied),
      basicallySatisfied: n(r?.basicallySatisfied),
      dissatisfied: n(r?.dissatisfied),
      satisfactionRate: satisfactionRate(n(r?.satisfied), n(r?.basicallySatisfied), evaluations),
      visits: visitKey ? n(vis?.visits) : null,
      problemsRaised: visitKey ? n(vis?.problems) : null,
    };
  });
  items.sort((a, b) => b.accepted - a.accepted || (b.visits ?? 0) - (a.visits ?? 0) || a.name.localeCompare(b.name, 'zh-CN'));
  return { dimension: q.dimension, items };
}
export type BreakdownRow = Awaited<ReturnType<typeof figuresBy>>['items'][number];

const UNSET: Record<Dimension, string> = { commissioner: '未指定特派员', department: '未派遣', park: '园区外', firm: '' };

async function namesFor(db: DbOrTx, dimension: Dimension, keys: string[]): Promise<Map<string, string>> {
  if (!keys.length) return new Map();
  switch (dimension) {
    case 'commissioner':
      return new Map([...(await briefsOf(db, keys)).entries()].map(([id, b]) => [id, b.displayName ?? '']));
    case 'department':
      return orgNamesOf(db, keys);
    case 'firm':
      return new Map((await db.select({ id: enterprises.id, name: enterprises.name }).from(enterprises).where(sql`${enterprises.id}::text in ${keys}`)).map((f) => [f.id, f.name]));
    case 'park':
      return new Map(keys.map((k) => [k, k]));
  }
}
