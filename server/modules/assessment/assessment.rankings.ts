/**
 * The monthly assessment (月度考核): the areas one level below the caller's (a county's townships) and the
 * departments ranked by every §11 rate and the composite score, over an assessment month. The figures
 * themselves come from the appeals' metrics (appeals.metrics.ts): nothing here recomputes a rate, except
 * 结案率 (closed ÷ due) shown beside 办结率 from the same counts.
 */
import { authorize, type Actor } from '../../platform/access.js';
import type { DbOrTx } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import { metrics, townshipEvaluationsByOrg, type Rates, type Weights } from '../appeals/appeals.metrics.js';
import { petitionChange } from '../appeals/appeals.petitions.js';
import { namesOf as orgNamesOf } from '../orgs/orgs.service.js';
import { weightsInForce } from './assessment.weights.js';

/** The day an assessment month starts on (the 19th of the month before: 19th–18th). */
export const DEFAULT_START_DAY = 19;

/**
 * The assessment month named `yyyymm`, [from, to) in UTC, China time: with `startDay` D > 1 it runs from
 * day D of the month before to day D − 1 of the month itself (month 2026-03, D 19: 19 Feb 00:00 to 18 Mar
 * 24:00 China time); with D = 1 it is the calendar month.
 */
export function assessmentPeriod(yyyymm: string, startDay = DEFAULT_START_DAY): { from: Date; to: Date } {
  const [y, m] = yyyymm.split('-').map(Number);
  if (!y || !m || m < 1 || m > 12) throw new AppError('bad_request', { reason: `月份 ${yyyymm} 无效`, reasonEn: `invalid month ${yyyymm}` });
  const chinaMidnight = (year: number, month0: number, day: number) => new Date(Date.UTC(year, month0, day) - 8 * 3600_000);
  if (startDay === 1) return { from: chinaMidnight(y, m - 1, 1), to: chinaMidnight(y, m, 1) };
  return { from: chinaMidnight(y, m - 2, startDay), to: chinaMidnight(y, m - 1, startDay) };
}

/** The assessment month a moment falls in (China time): on or after day D it is next month's. */
export function assessmentMonthOf(t: Date, startDay = DEFAULT_START_DAY): string {
  const local = new Date(t.getTime() + 8 * 3600_000);
  let y = local.getUTCFullYear();
  let m = local.getUTCMonth() + 1;
  if (startDay > 1 && local.getUTCDate() >= startDay) m += 1;
  if (m > 12) {
    m = 1;
    y += 1;
  }
  return `${y}-${String(m).padStart(2, '0')}`;
}

/** The month before `yyyymm`. */
export function previousMonth(yyyymm: string): string {
  const [y, m] = yyyymm.split('-').map(Number);
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

const RANKED = ['compositeScore', 'closureRate', 'caseClosingRate', 'onTimeRate', 'responseRate', 'resolutionRate', 'satisfactionRate', 'onSpotRate', 'reworkRate', 'avgHandlingHours', 'fastTrackRate'] as const;
type RankedKey = (typeof RANKED)[number];
/** Lower is better for these. */
const LOWER_IS_BETTER: ReadonlySet<RankedKey> = new Set(['reworkRate', 'avgHandlingHours']);

/** A township's or department's month: the §11 rates of appeals.metrics.ts, 结案率 beside them, and the ranks. */
export interface RankRow extends Rates {
  key: string;
  name: string;
  accepted: number;
  due: number;
  handled: number;
  closed: number;
  /** 即诉即办: the fast queue's appeals (its rate is fastTrackRate). */
  fastTrack: number;
  caseClosingRate: number | null;
  /** Rank by each figure (1 = best; ties share a rank; no figure, no rank). */
  ranks: Record<RankedKey, number | null>;
}

const round4 = (x: number) => Math.round(x * 10000) / 10000;

/** Competition ranking ("1, 2, 2, 4") of `rows` by `key`; rows without the figure get null. */
export function rankBy<T extends Record<string, unknown>>(rows: T[], key: string, lowerIsBetter = false): (number | null)[] {
  const value = (r: T) => r[key] as number | null;
  return rows.map((r) => {
    const v = value(r);
    if (v === null || v === undefined) return null;
    return 1 + rows.filter((o) => {
      const w = value(o);
      return w !== null && w !== undefined && (lowerIsBetter ? w < v : w > v);
    }).length;
  });
}

type Group = Awaited<ReturnType<typeof metrics>>['groups'][number];

function ranked(groups: Group[]): RankRow[] {
  const rows = groups.map((g) => ({
    key: g.key,
    name: g.name,
    accepted: g.accepted,
    due: g.due,
    handled: g.handled,
    closed: g.closed,
    closureRate: g.closureRate,
    caseClosingRate: g.due > 0 ? round4(g.closed / g.due) : null,
    onTimeRate: g.onTimeRate,
    responseRate: g.responseRate,
    resolutionRate: g.resolutionRate,
    satisfactionRate: g.satisfactionRate,
    compositeScore: g.compositeScore,
    onSpotRate: g.onSpotRate,
    reworkRate: g.reworkRate,
    avgHandlingHours: g.avgHandlingHours,
    fastTrack: g.fastTrack,
    fastTrackRate: g.fastTrackRate,
  }));
  const ranks = Object.fromEntries(RANKED.map((k) => [k, rankBy(rows, k, LOWER_IS_BETTER.has(k))])) as Record<RankedKey, (number | null)[]>;
  return rows
    .map((r, i) => ({ ...r, ranks: Object.fromEntries(RANKED.map((k) => [k, ranks[k][i]])) as Record<RankedKey, number | null> }))
    .sort((a, b) => (a.ranks.compositeScore ?? Infinity) - (b.ranks.compositeScore ?? Infinity) || b.accepted - a.accepted || a.key.localeCompare(b.key));
}

export interface RankingsQuery {
  month: string;
  startDay?: number;
  regionCode?: string;
  weights?: Weights;
}

export async function rankings(db: DbOrTx, actor: Actor, q: RankingsQuery) {
  authorize(actor, 'assessment.read');
  const startDay = q.startDay ?? DEFAULT_START_DAY;
  const { from, to } = assessmentPeriod(q.month, startDay);
  const regionCode = q.regionCode ?? actor.regionCode;
  // The query's weights, else the county's stored set (assessment.weights.ts), else the default.
  const { weights, source: weightsSource } = await weightsInForce(db, regionCode, q.weights);
  const [areas, orgs, evaluations, petitions] = await Promise.all([
    metrics(db, actor, { from, to, regionCode: q.regionCode, groupBy: 'region', weights }),
    metrics(db, actor, { from, to, regionCode: q.regionCode, groupBy: 'org', weights }),
    townshipEvaluationsByOrg(db, actor, { from, to, regionCode: q.regionCode }),
    petitionChange(db, actor, { from, to, regionCode: q.regionCode }),
  ]);
  const childLength = areas.groups.reduce((n, g) => Math.max(n, g.key.length), 0);
  // The area's own row (本级, appeals placed on the area itself) and undispatched appeals are not ranked.
  const areaRows = ranked(areas.groups.filter((g) => g.key.length === childLength && g.key !== ''));
  const deptRows = ranked(orgs.groups.filter((g) => g.key !== ''));
  const orgNames = await orgNamesOf(db, evaluations.map((e) => e.orgId));
  const evaluationRows = evaluations
    .map((e) => {
      const total = e.good + e.fair + e.poor;
      return { ...e, name: orgNames.get(e.orgId) ?? e.orgId, total, goodRate: total ? round4(e.good / total) : null };
    })
    .sort((a, b) => b.total - a.total || a.name.localeCompare(b.name));
  const t = areas.totals;
  // 信访 this period against the same period last year, per ranked area (every one listed, named as ranked).
  const areaNames = new Map(areaRows.map((r) => [r.key, r.name]));
  const petitionsOf = new Map(petitions.areas.map((p) => [p.key, p]));
  const petitionRows = areaRows
    .map((r) => r.key)
    .sort()
    .map((key) => ({ key, name: areaNames.get(key) ?? key, ...(petitionsOf.get(key) ?? { thisPeriod: 0, lastYear: 0, change: null }) }))
    .sort((a, b) => b.thisPeriod - a.thisPeriod || b.lastYear - a.lastYear || a.key.localeCompare(b.key));
  return {
    month: q.month,
    startDay,
    period: { from: from.toISOString(), to: to.toISOString() },
    regionCode,
    weights,
    weightsSource,
    totals: {
      accepted: t.accepted,
      due: t.due,
      handled: t.handled,
      closed: t.closed,
      closureRate: t.closureRate,
      caseClosingRate: t.due > 0 ? round4(t.closed / t.due) : null,
      onTimeRate: t.onTimeRate,
      responseRate: t.responseRate,
      resolutionRate: t.resolutionRate,
      satisfactionRate: t.satisfactionRate,
      compositeScore: t.compositeScore,
      onSpotRate: t.onSpotRate,
      reworkRate: t.reworkRate,
      avgHandlingHours: t.avgHandlingHours,
      fastTrack: t.fastTrack,
      fastTrackRate: t.fastTrackRate,
    },
    areas: areaRows,
    departments: deptRows,
    evaluations: evaluationRows,
    petitions: { totals: petitions.totals, areas: petitionRows },
  };
}

export type Rankings = Awaited<ReturnType<typeof rankings>>;
