/**
 * The counts behind the assessment figures (appeals.metrics.ts): from the appeals of a period, from
 * the kept per-day figures of whole China days, what depends on the period's end, and the urging and
 * supervision notes. Each returns partial counts by group key; metrics() adds them up and derives the rates.
 */
import { and, eq, gt, gte, inArray, isNull, lt, ne, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { inRegion } from '../../platform/access.js';
import type { DbOrTx } from '../../platform/db.js';
import { FIELD_CHANNELS } from './appeals.register.js';
import { PRESSING } from './appeals.oversight.js';
import { appealDayFigures, appealEvents, appealRequests, appeals } from './appeals.tables.js';

const n = (x: unknown) => Number(x ?? 0);

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

const COHORT_FIELDS = ['accepted', 'due', 'handled', 'handledOnTime', 'deferred', 'responseValid', 'respondedOnTime', 'fieldCollected', 'onSpot', 'handlingMinutesSum', 'handlingCount'] as const;
const OUTCOME_FIELDS = ['closed', 'closedReworked', 'evaluations', 'solved', 'satisfied', 'basicallySatisfied', 'dissatisfied'] as const;

export function empty(): Counts {
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
export function chinaDay(t: Date): string | undefined {
  const local = t.getTime() + 8 * 3600_000;
  return local % 86_400_000 === 0 ? new Date(local).toISOString().slice(0, 10) : undefined;
}

const approvedDeferral = sql`${appeals.id} in (select r.appeal_id from ${appealRequests} r where r.kind = 'deferral' and r.status = 'approved')`;

/** Every figure computed from the appeals matching `base`, grouped by `key`. */
export async function fromAppeals(db: DbOrTx, base: SQL | undefined, key: SQL, from: Date, to: Date): Promise<Map<string, Partial<Counts>>> {
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
export async function pressing(db: DbOrTx, base: SQL | undefined, key: SQL, from: Date, to: Date): Promise<Map<string, Partial<Counts>>> {
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
export async function dayFigures(db: DbOrTx, scope: string, keyLength: number, fromDay: string, toDay: string): Promise<Map<string, Partial<Counts>>> {
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
export async function periodEnds(db: DbOrTx, base: SQL | undefined, key: SQL, from: Date, to: Date): Promise<Map<string, Partial<Counts>>> {
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
