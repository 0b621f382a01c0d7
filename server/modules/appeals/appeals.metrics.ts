/**
 * The assessment figures of docs/DOMAIN.md §11, computed from the appeals and their evaluations, scoped to
 * the caller. Definitions (a period is [from, to), China time):
 *
 *  受理量 accepted      appeals accepted in the period (the cohort below; merged duplicates excluded)
 *  应办结 due           cohort members, except those whose handling limit runs past the period's end and
 *                       that are not handled yet
 *  办结率 closureRate    handled ÷ due                                   (办结 = a result is recorded)
 *  按期办结率 onTimeRate handled within the limit ÷ (due − approved deferrals); on the spot counts on time
 *  响应率 responseRate   signed within the response limit (or solved on the spot) ÷ dispatched or on-spot
 *  解决率 resolutionRate requester evaluations saying solved ÷ valid evaluations (not "unreachable"):
 *                       each appeal's latest rating, counted in the period it was recorded in
 *  满意率 satisfaction   (满意 + 0.9 × 基本满意) ÷ valid evaluations
 *  composite            w₁·响应率 + w₂·解决率 + w₃·满意率 (default 0.1/0.5/0.4)
 *  就地解决率 onSpotRate solved on the spot ÷ collected by grid workers and patrols (入户走访, 巡查, 随手拍)
 *  返工率 reworkRate     closed in the period after at least one rework ÷ closed in the period
 *  平均办理时长          mean working hours from acceptance to handling, cohort members handled
 *  即诉即办率 fastTrackRate  fast-queue appeals handled by the end of their registration's working day ÷ fast-queue
 *                       appeals (cohort members; appeals.fasttrack.ts)
 *  催办 urged, 督办 supervised  the urging and supervision notes given in the period (events, not appeals)
 */
import { and, eq, gte, lt, ne, not, or, sql, type SQL } from 'drizzle-orm';
import { authorize, assertInScope, inRegion, type Actor } from '../../platform/access.js';
import type { DbOrTx } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import { listCategories } from '../categories/categories.service.js';
import { namesOf as orgNamesOf } from '../orgs/orgs.service.js';
import { children as regionChildren, namesOf as regionNamesOf, roots as regionRoots } from '../regions/regions.service.js';
import { visibleAppeals } from '../../platform/access/appeals.js';
import { CHANNEL_NAMES, type Channel } from './appeals.register.js';
import { fastTrackCounts } from './appeals.fasttrack.js';
import { appealEvaluations, appeals } from './appeals.tables.js';
import { chinaDay, dayFigures, empty, fromAppeals, periodEnds, pressing, type Counts } from './appeals.metrics.counts.js';

export type { Counts };

export interface Weights {
  response: number;
  resolution: number;
  satisfaction: number;
}
export const DEFAULT_WEIGHTS: Weights = { response: 0.1, resolution: 0.5, satisfaction: 0.4 };


export interface Rates {
  closureRate: number | null;
  onTimeRate: number | null;
  responseRate: number | null;
  resolutionRate: number | null;
  satisfactionRate: number | null;
  compositeScore: number | null;
  onSpotRate: number | null;
  reworkRate: number | null;
  avgHandlingHours: number | null;
  fastTrackRate: number | null;
}

const ratio = (a: number, b: number) => (b > 0 ? a / b : null);
const round4 = (x: number | null) => (x === null ? null : Math.round(x * 10000) / 10000);

function rates(c: Counts, w: Weights = DEFAULT_WEIGHTS): Rates {
  const response = ratio(c.respondedOnTime, c.responseValid);
  const resolution = ratio(c.solved, c.evaluations);
  const satisfaction = ratio(c.satisfied + 0.9 * c.basicallySatisfied, c.evaluations);
  const composite = response === null || resolution === null || satisfaction === null ? null : w.response * response + w.resolution * resolution + w.satisfaction * satisfaction;
  return {
    closureRate: round4(ratio(c.handled, c.due)),
    onTimeRate: round4(ratio(c.handledOnTime, c.due - c.deferred)),
    responseRate: round4(response),
    resolutionRate: round4(resolution),
    satisfactionRate: round4(satisfaction),
    compositeScore: round4(composite),
    onSpotRate: round4(ratio(c.onSpot, c.fieldCollected)),
    reworkRate: round4(ratio(c.closedReworked, c.closed)),
    avgHandlingHours: c.handlingCount ? Math.round((c.handlingMinutesSum / c.handlingCount / 60) * 100) / 100 : null,
    fastTrackRate: round4(ratio(c.fastTrackSameDay, c.fastTrack)),
  };
}

export type GroupBy = 'region' | 'org' | 'category' | 'channel' | 'none';

export interface MetricsQuery {
  from: Date;
  to: Date;
  regionCode?: string;
  groupBy?: GroupBy;
  weights?: Weights;
}

/** The level below a region code: its children's code length. */
function childLength(code: string): number {
  return ({ 0: 2, 2: 4, 4: 6, 6: 9, 9: 12, 12: 15 } as Record<number, number>)[code.length] ?? 15;
}

function groupKey(g: GroupBy, scope: string): SQL {
  switch (g) {
    case 'region':
      return sql`substr(${appeals.regionCode}, 1, ${childLength(scope)})`;
    case 'org':
      return sql`coalesce(cast(${appeals.handlingOrgId} as text), '')`;
    case 'category':
      return sql`substr(${appeals.categoryCode}, 1, 2)`;
    case 'channel':
      return sql`${appeals.channel}`;
    case 'none':
      return sql`''`;
  }
}

const n = (x: unknown) => Number(x ?? 0);

export async function metrics(db: DbOrTx, actor: Actor, q: MetricsQuery) {
  authorize(actor, 'appeals.metrics');
  if (!(q.from < q.to)) throw new AppError('metrics_period_reversed');
  if (q.to.getTime() - q.from.getTime() > 3 * 366 * 86_400_000) throw new AppError('metrics_period_too_long');
  const scope = q.regionCode ?? actor.regionCode;
  if (q.regionCode) assertInScope(actor, q.regionCode, '区域', 'Region');
  const groupBy = q.groupBy ?? 'none';
  const { from, to } = q;
  const groups = new Map<string, Counts>();
  const at = (k: unknown) => {
    const s = String(k ?? '');
    if (!groups.has(s)) groups.set(s, empty());
    return groups.get(s)!;
  };
  const add = (counts: Map<string, Partial<Counts>>) => {
    for (const [k, c] of counts) {
      const g = at(k);
      for (const f of Object.keys(c) as (keyof Counts)[]) g[f] += c[f]!;
    }
  };
  const days = { from: chinaDay(from), to: chinaDay(to) };
  // The area's children (by region) depend only on the scope: read while the figures are counted.
  const children = groupBy === 'region' ? childCodes(db, actor, scope) : Promise.resolve([]);
  children.catch(() => undefined); // awaited below; a failure of the figures first must not leave it unhandled
  const keyLength = groupBy === 'region' ? childLength(scope) : groupBy === 'none' ? 0 : undefined;
  if (days.from && days.to && keyLength !== undefined && keyLength <= 6 && scope.length <= 6 && !actor.roles.includes('handler')) {
    // Whole China days over whole counties: the kept per-day figures, and from the appeals only what
    // depends on the period's end. A leader also sees the cases they own outside their area.
    const own = actor.roles.includes('leader') && !q.regionCode && actor.regionCode !== '' ? and(eq(appeals.leaderUserId, actor.id), not(inRegion(appeals.regionCode, actor.regionCode)!)) : undefined;
    const fastBase = own ? or(inRegion(appeals.regionCode, scope), own) : inRegion(appeals.regionCode, scope);
    const [kept, ends, owned, pressed, fast] = await Promise.all([
      dayFigures(db, scope, keyLength, days.from, days.to),
      periodEnds(db, inRegion(appeals.regionCode, scope), sql`substr(${appeals.regionCode}, 1, ${keyLength})`, from, to),
      own ? fromAppeals(db, own, groupKey(groupBy, scope), from, to) : undefined,
      pressing(db, own ? or(inRegion(appeals.regionCode, scope), own) : inRegion(appeals.regionCode, scope), groupKey(groupBy, scope), from, to),
      fastTrackCounts(db, fastBase, groupKey(groupBy, scope), from, to),
    ]);
    add(kept);
    add(ends);
    if (owned) add(owned);
    add(pressed);
    add(fast);
  } else {
    const base = and(visibleAppeals(actor), q.regionCode ? inRegion(appeals.regionCode, q.regionCode) : undefined);
    const [figures, pressed, fast] = await Promise.all([
      fromAppeals(db, base, groupKey(groupBy, scope), from, to),
      pressing(db, base, groupKey(groupBy, scope), from, to),
      fastTrackCounts(db, base, groupKey(groupBy, scope), from, to),
    ]);
    add(figures);
    add(pressed);
    add(fast);
  }
  const totals = empty();
  for (const c of groups.values()) for (const f of Object.keys(totals) as (keyof Counts)[]) totals[f] += c[f];
  // By region, the area's children are the rows, each one listed even when nothing happened in it
  // (a township's communities, a village's grids). Appeals placed on the area itself (a township's
  // hotline cases with no community) have a key shorter than a child's: they are the area's own row,
  // "本级", last, never shown as if the area were one of its own children.
  const childKeys = await children;
  for (const k of childKeys) at(k);
  const direct = (k: string) => groupBy === 'region' && k.length < childLength(scope);
  const names = await groupNames(db, actor, groupBy, [...groups.keys()]);
  const weights = q.weights ?? DEFAULT_WEIGHTS;
  return {
    period: { from: from.toISOString(), to: to.toISOString() },
    regionCode: scope,
    groupBy,
    weights,
    totals: { ...totals, ...rates(totals, weights) },
    groups:
      groupBy === 'none'
        ? []
        : [...groups.entries()]
            .map(([k, c]) => ({ key: k, name: direct(k) ? `${names.get(k) ?? (k || '全部')}（本级）` : names.get(k) ?? (k || '—'), ...c, ...rates(c, weights) }))
            .sort((a, b) => Number(direct(a.key)) - Number(direct(b.key)) || b.accepted - a.accepted || a.key.localeCompare(b.key)),
  };
}


/** The area's children as rows (each listed even with nothing); an area not (or no longer) in the tree has none. */
async function childCodes(db: DbOrTx, actor: Actor, scope: string): Promise<string[]> {
  try {
    const nodes = scope === '' ? await regionRoots(db, actor) : await regionChildren(db, actor, scope);
    return nodes.map((n) => n.code).filter((c) => c.length === childLength(scope));
  } catch (e) {
    if (e instanceof AppError && e.code === 'not_found') return [];
    throw e;
  }
}

async function groupNames(db: DbOrTx, actor: Actor, g: GroupBy, keys: string[]): Promise<Map<string, string>> {
  switch (g) {
    case 'region':
      return regionNamesOf(db, keys);
    case 'org': {
      const m = await orgNamesOf(db, keys.filter(Boolean));
      m.set('', '未派遣（含就地解决）');
      return m;
    }
    case 'category':
      return new Map((await listCategories(db, actor)).map((c) => [c.code, c.name]));
    case 'channel':
      return new Map(Object.entries(CHANNEL_NAMES) as [Channel, string][]);
    default:
      return new Map();
  }
}

/** Accepted and handled per month, for the trend chart (China months). */
export async function monthlyTrend(db: DbOrTx, actor: Actor, months: number, regionCode?: string) {
  authorize(actor, 'appeals.metrics');
  if (regionCode) assertInScope(actor, regionCode, '区域', 'Region');
  const base = and(visibleAppeals(actor), regionCode ? inRegion(appeals.regionCode, regionCode) : undefined, ne(appeals.status, 'merged'));
  const now = new Date(Date.now() + 8 * 3600_000);
  const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - (months - 1), 1) - 8 * 3600_000);
  const month = (col: SQL | typeof appeals.acceptedAt) => sql`to_char(${col} at time zone 'Asia/Shanghai', 'YYYY-MM')`;
  const rows = await db
    .select({ month: month(appeals.acceptedAt).as('month'), accepted: sql<number>`count(*)` })
    .from(appeals)
    .where(and(base, gte(appeals.acceptedAt, start)))
    .groupBy(sql`1`);
  const handled = await db
    .select({ month: month(appeals.handledAt).as('month'), handled: sql<number>`count(*)`, onSpot: sql<number>`count(*) filter (where ${appeals.onSpot})` })
    .from(appeals)
    .where(and(base, gte(appeals.handledAt, start)))
    .groupBy(sql`1`);
  const out: { month: string; accepted: number; handled: number; onSpot: number }[] = [];
  for (let i = 0; i < months; i++) {
    const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - (months - 1) + i, 1));
    const m = d.toISOString().slice(0, 7);
    const h = handled.find((x) => x.month === m);
    out.push({ month: m, accepted: n(rows.find((x) => x.month === m)?.accepted), handled: n(h?.handled), onSpot: n(h?.onSpot) });
  }
  return out;
}

/**
 * An assessment month: some places run it from the 19th to the 18th. `startDay` 1 is the calendar month.
 * Returns [from, to) in UTC for the month that starts on `startDay` of `yyyy-mm` (China time).
 */
export function assessmentMonth(yyyymm: string, startDay = 1): { from: Date; to: Date } {
  const [y, m] = yyyymm.split('-').map(Number);
  const from = new Date(Date.UTC(y, m - 1, startDay) - 8 * 3600_000);
  const to = new Date(Date.UTC(y, m, startDay) - 8 * 3600_000);
  return { from, to };
}

/**
 * The township's evaluations of departments (双评价, kind 'township') recorded in [from, to), totalled per
 * evaluated department, over the appeals the caller sees (inside `regionCode` when given).
 */
export async function townshipEvaluationsByOrg(db: DbOrTx, actor: Actor, q: { from: Date; to: Date; regionCode?: string }) {
  authorize(actor, 'appeals.metrics');
  if (q.regionCode) assertInScope(actor, q.regionCode, '区域', 'Region');
  const rows = await db
    .select({
      orgId: appealEvaluations.orgId,
      good: sql<number>`count(*) filter (where ${appealEvaluations.rating} = 'good')`,
      fair: sql<number>`count(*) filter (where ${appealEvaluations.rating} = 'fair')`,
      poor: sql<number>`count(*) filter (where ${appealEvaluations.rating} = 'poor')`,
    })
    .from(appealEvaluations)
    .innerJoin(appeals, eq(appeals.id, appealEvaluations.appealId))
    .where(
      and(
        visibleAppeals(actor),
        q.regionCode ? inRegion(appeals.regionCode, q.regionCode) : undefined,
        eq(appealEvaluations.kind, 'township'),
        sql`${appealEvaluations.orgId} is not null`,
        gte(appealEvaluations.at, q.from),
        lt(appealEvaluations.at, q.to),
      ),
    )
    .groupBy(appealEvaluations.orgId);
  return rows.map((r) => ({ orgId: String(r.orgId), good: n(r.good), fair: n(r.fair), poor: n(r.poor) }));
}
