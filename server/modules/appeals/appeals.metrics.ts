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
import { and, eq, gt, gte, inArray, isNull, lt, ne, not, or, sql, type SQL } from 'drizzle-orm';
import { authorize, assertInScope, inRegion, type Actor } from '../../platform/access.js';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import { listCategories } from '../categories/categories.service.js';
import { namesOf as orgNamesOf } from '../orgs/orgs.service.js';
import { children as regionChildren, namesOf as regionNamesOf, roots as regionRoots } from '../regions/regions.service.js';
import { visibleAppeals } from '../../platform/access/appeals.js';
import { CHANNEL_NAMES, FIELD_CHANNELS, type Channel } from './appeals.register.js';
import { fastTrackCounts } from './appeals.fasttrack.js';
import { PRESSING } from './appeals.oversight.js';
import { appealDayFigures, appealEvaluations, appealEvents, appealRequests, appeals } from './appeals.tables.js';

export interface Weights {
  response: number;
  resolution: number;
  satisfaction: number;
}
export const DEFAULT_WEIGHTS: Weights = { response: 0.1, resolution: 0.5, satisfaction: 0.4 };

export interface Counts {
  accepted: number;
  due: number;
  handled: number;
  handledOnTime: number;
  deferred: number;
  responseValid: number;
  respondedOnTime: number;
  fieldCollected: number;
  onSpot: number;
  closed: number;
  closedReworked: number;
  handlingMinutesSum: number;
  handlingCount: number;
  evaluations: number;
  solved: number;
  satisfied: number;
  basicallySatisfied: number;
  dissatisfied: number;
  urged: number;
  supervised: number;
  fastTrack: number;
  fastTrackSameDay: number;
}

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
  const childKeys = groupBy === 'region' ? await childCodes(db, actor, scope) : [];
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

const COHORT_FIELDS = ['accepted', 'due', 'handled', 'handledOnTime', 'deferred', 'responseValid', 'respondedOnTime', 'fieldCollected', 'onSpot', 'handlingMinutesSum', 'handlingCount'] as const;
const OUTCOME_FIELDS = ['closed', 'closedReworked', 'evaluations', 'solved', 'satisfied', 'basicallySatisfied', 'dissatisfied'] as const;

function empty(): Counts {
  return {
    accepted: 0,
    due: 0,
    handled: 0,
    handledOnTime: 0,
    deferred: 0,
    responseValid: 0,
    respondedOnTime: 0,
    fieldCollected: 0,
    onSpot: 0,
    closed: 0,
    closedReworked: 0,
    handlingMinutesSum: 0,
    handlingCount: 0,
    evaluations: 0,
    solved: 0,
    satisfied: 0,
    basicallySatisfied: 0,
    dissatisfied: 0,
    urged: 0,
    supervised: 0,
    fastTrack: 0,
    fastTrackSameDay: 0,
  };
}

/** The China date starting at `t`, or undefined when `t` is not a China midnight. */
function chinaDay(t: Date): string | undefined {
  const local = t.getTime() + 8 * 3600_000;
  return local % 86_400_000 === 0 ? new Date(local).toISOString().slice(0, 10) : undefined;
}

const approvedDeferral = sql`${appeals.id} in (select r.appeal_id from ${appealRequests} r where r.kind = 'deferral' and r.status = 'approved')`;

/** Every figure computed from the appeals matching `base`, grouped by `key`. */
async function fromAppeals(db: DbOrTx, base: SQL | undefined, key: SQL, from: Date, to: Date): Promise<Map<string, Partial<Counts>>> {
  const inCohort = and(base, ne(appeals.status, 'merged'), gte(appeals.acceptedAt, from), lt(appeals.acceptedAt, to));
  const fieldChannels = sql.join(FIELD_CHANNELS.map((c) => sql`${c}`), sql`, `);
  const dueBy = sql`(${appeals.handledAt} is not null or ${appeals.handlingDueAt} is null or ${appeals.handlingDueAt} <= ${to})`;
  // Closures and the requesters' latest ratings, both read from the appeals table in one pass.
  const closedInPeriod = sql`${appeals.status} = 'closed' and ${appeals.closedAt} >= ${from} and ${appeals.closedAt} < ${to}`;
  const ratedInPeriod = sql`${appeals.lastRatedAt} >= ${from} and ${appeals.lastRatedAt} < ${to}`;
  const valid = sql`${ratedInPeriod} and ${appeals.lastRating} <> 'unreachable'`;
  const [cohort, outcomes] = await Promise.all([
    db
      .select({
        key: key.as('key'),
        accepted: sql<number>`count(*)`,
        due: sql<number>`count(*) filter (where ${dueBy})`,
        handled: sql<number>`count(*) filter (where ${appeals.handledAt} is not null)`,
        handledOnTime: sql<number>`count(*) filter (where ${appeals.handledAt} is not null and (${appeals.onSpot} or ${appeals.handledAt} <= ${appeals.handlingDueAt}))`,
        deferred: sql<number>`count(*) filter (where ${approvedDeferral} and ${dueBy})`,
        responseValid: sql<number>`count(*) filter (where ${appeals.dispatchedAt} is not null or ${appeals.onSpot})`,
        respondedOnTime: sql<number>`count(*) filter (where ${appeals.onSpot} or (${appeals.signedAt} is not null and ${appeals.signedAt} <= ${appeals.responseDueAt}))`,
        fieldCollected: sql<number>`count(*) filter (where ${appeals.channel} in (${fieldChannels}))`,
        onSpot: sql<number>`count(*) filter (where ${appeals.channel} in (${fieldChannels}) and ${appeals.onSpot})`,
        handlingMinutesSum: sql<number>`coalesce(sum(${appeals.handlingMinutes}) filter (where ${appeals.handledAt} is not null), 0)`,
        handlingCount: sql<number>`count(${appeals.handlingMinutes}) filter (where ${appeals.handledAt} is not null)`,
      })
      .from(appeals)
      .where(inCohort)
      .groupBy(sql`1`),
    db
      .select({
        key: key.as('key'),
        closed: sql<number>`count(*) filter (where ${closedInPeriod})`,
        closedReworked: sql<number>`count(*) filter (where ${closedInPeriod} and ${appeals.reworkCount} > 0)`,
        evaluations: sql<number>`count(*) filter (where ${valid})`,
        solved: sql<number>`count(*) filter (where ${valid} and ${appeals.lastSolved})`,
        satisfied: sql<number>`count(*) filter (where ${ratedInPeriod} and ${appeals.lastRating} = 'satisfied')`,
        basicallySatisfied: sql<number>`count(*) filter (where ${ratedInPeriod} and ${appeals.lastRating} = 'basically_satisfied')`,
        dissatisfied: sql<number>`count(*) filter (where ${ratedInPeriod} and ${appeals.lastRating} = 'dissatisfied')`,
      })
      .from(appeals)
      .where(and(base, sql`((${closedInPeriod}) or (${ratedInPeriod}))`))
      .groupBy(sql`1`),
  ]);
  const out = new Map<string, Partial<Counts>>();
  const at = (k: unknown) => {
    const s = String(k ?? '');
    if (!out.has(s)) out.set(s, {});
    return out.get(s)!;
  };
  for (const r of cohort) {
    const c = at(r.key);
    for (const f of COHORT_FIELDS) c[f] = (c[f] ?? 0) + n(r[f]);
  }
  for (const r of outcomes) {
    const c = at(r.key);
    for (const f of OUTCOME_FIELDS) c[f] = (c[f] ?? 0) + n(r[f]);
  }
  return out;
}

/**
 * 催办 and 督办 given in the period to the appeals matching `base`, grouped by `key`: counted from the
 * timeline (each note is an event), through the events' (type, at) index, so only pressing events are read.
 */
async function pressing(db: DbOrTx, base: SQL | undefined, key: SQL, from: Date, to: Date): Promise<Map<string, Partial<Counts>>> {
  const rows = await db
    .select({
      key: key.as('key'),
      urged: sql<number>`count(*) filter (where ${appealEvents.type} = ${PRESSING.urge})`,
      supervised: sql<number>`count(*) filter (where ${appealEvents.type} = ${PRESSING.supervise})`,
    })
    .from(appealEvents)
    .innerJoin(appeals, eq(appeals.id, appealEvents.appealId))
    .where(and(base, inArray(appealEvents.type, Object.values(PRESSING)), gte(appealEvents.at, from), lt(appealEvents.at, to)))
    .groupBy(sql`1`);
  return new Map(rows.map((r) => [String(r.key ?? ''), { urged: n(r.urged), supervised: n(r.supervised) }]));
}

/** The kept figures of the counties under `scope` over China days [fromDay, toDay), grouped by the first `keyLength` digits. */
async function dayFigures(db: DbOrTx, scope: string, keyLength: number, fromDay: string, toDay: string): Promise<Map<string, Partial<Counts>>> {
  const f = appealDayFigures;
  const total = (c: AnyPgColumn) => sql<number>`coalesce(sum(${c}), 0)`;
  const rows = await db
    .select({
      key: sql<string>`substr(${f.countyCode}, 1, ${keyLength})`.as('key'),
      accepted: total(f.accepted),
      handled: total(f.handled),
      handledOnTime: total(f.handledOnTime),
      responseValid: total(f.responseValid),
      respondedOnTime: total(f.respondedOnTime),
      fieldCollected: total(f.fieldCollected),
      onSpot: total(f.onSpot),
      handlingMinutesSum: total(f.handlingMinutesSum),
      handlingCount: total(f.handlingCount),
      closed: total(f.closed),
      closedReworked: total(f.closedReworked),
      rated: total(f.rated),
      evaluations: total(f.evaluations),
      solved: total(f.solved),
      satisfied: total(f.satisfied),
      basicallySatisfied: total(f.basicallySatisfied),
      dissatisfied: total(f.dissatisfied),
    })
    .from(f)
    .where(and(inRegion(f.countyCode, scope), gte(f.day, fromDay), lt(f.day, toDay)))
    .groupBy(sql`1`);
  const out = new Map<string, Partial<Counts>>();
  for (const r of rows) {
    const { key, rated, ...c } = r;
    // A group is there when something happened in it (as when counting the appeals themselves), not
    // for days whose figures went back to zero.
    if (!n(c.accepted) && !n(c.closed) && !n(rated)) continue;
    // Every member of the cohort is due unless its limit runs past the period (periodEnds takes those away).
    out.set(String(key), { ...Object.fromEntries(Object.entries(c).map(([k, v]) => [k, n(v)])), due: n(c.accepted) });
  }
  return out;
}

/**
 * What the kept figures cannot know, as it depends on the period's end: cohort members whose limit
 * runs past it unhandled are not due (taken away from `due`), and approved deferrals among those due.
 */
async function periodEnds(db: DbOrTx, base: SQL | undefined, key: SQL, from: Date, to: Date): Promise<Map<string, Partial<Counts>>> {
  const inCohort = and(base, ne(appeals.status, 'merged'), gte(appeals.acceptedAt, from), lt(appeals.acceptedAt, to));
  const [notDue, deferred] = await Promise.all([
    db
      .select({ key: key.as('key'), n: sql<number>`count(*)` })
      .from(appeals)
      .where(and(inCohort, isNull(appeals.handledAt), gt(appeals.handlingDueAt, to)))
      .groupBy(sql`1`),
    db
      .select({ key: key.as('key'), n: sql<number>`count(*)` })
      .from(appeals)
      .where(and(inCohort, approvedDeferral, sql`(${appeals.handledAt} is not null or ${appeals.handlingDueAt} is null or ${appeals.handlingDueAt} <= ${to})`))
      .groupBy(sql`1`),
  ]);
  const out = new Map<string, Partial<Counts>>();
  for (const r of notDue) out.set(String(r.key), { due: -n(r.n) });
  for (const r of deferred) out.set(String(r.key), { ...out.get(String(r.key)), deferred: n(r.n) });
  return out;
}

/** The codes of an area's children inside the caller's scope (the provinces for the whole installation). */
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
