import { and, eq, inArray, sql } from 'drizzle-orm';
import { outer, rows as sqlRows, type DbOrTx } from '../../platform/db.js';
import type { Limit, LimitUnit } from '../calendar/calendar.time.js';
import { appealAcceptLimits, appealTimeLimits } from './appeals.tables.js';

export type Urgency = 'normal' | 'urgent' | 'emergency';

export interface Limits {
  response: Limit;
  handling: Limit;
}

/**
 * The limits for a category and urgency: the category's own row, else its parent's, else the default
 * ('*'). Modelled on the Beijing 12345 rules: emergencies 2 hours, utilities 24 hours, general 7
 * working days, complex 15 working days; urban-management subclasses in working hours.
 */
export async function limitsFor(db: DbOrTx, categoryCode: string, urgency: Urgency): Promise<Limits> {
  const candidates = [categoryCode, categoryCode.slice(0, 2), '*'];
  const rows = await db
    .select()
    .from(appealTimeLimits)
    .where(and(inArray(appealTimeLimits.categoryCode, candidates), eq(appealTimeLimits.urgency, urgency)));
  for (const c of candidates) {
    const r = rows.find((x) => x.categoryCode === c);
    if (r) {
      return {
        response: { amount: r.responseAmount, unit: r.responseUnit as LimitUnit },
        handling: { amount: r.handlingAmount, unit: r.handlingUnit as LimitUnit },
      };
    }
  }
  return FALLBACK[urgency];
}

const FALLBACK: Record<Urgency, Limits> = {
  normal: { response: { amount: 2, unit: 'working_hours' }, handling: { amount: 7, unit: 'working_days' } },
  urgent: { response: { amount: 1, unit: 'hours' }, handling: { amount: 24, unit: 'hours' } },
  emergency: { response: { amount: 1, unit: 'hours' }, handling: { amount: 2, unit: 'hours' } },
};

/** The demo's limits: defaults per urgency and the categories that differ. */
const DEMO_LIMITS: (typeof appealTimeLimits.$inferInsert)[] = [
  ...(['normal', 'urgent', 'emergency'] as const).map((u) => ({
    categoryCode: '*',
    urgency: u,
    responseAmount: FALLBACK[u].response.amount,
    responseUnit: FALLBACK[u].response.unit,
    handlingAmount: FALLBACK[u].handling.amount,
    handlingUnit: FALLBACK[u].handling.unit,
  })),
  // 暴露垃圾: 4 working hours (urban-management standard).
  { categoryCode: '0102', urgency: 'normal', responseAmount: 1, responseUnit: 'working_hours', handlingAmount: 4, handlingUnit: 'working_hours' },
  // Water, power, gas: 24 hours on the clock.
  { categoryCode: '09', urgency: 'normal', responseAmount: 2, responseUnit: 'hours', handlingAmount: 24, handlingUnit: 'hours' },
  // Complex: disputes, enterprise matters, 15 working days.
  { categoryCode: '06', urgency: 'normal', responseAmount: 4, responseUnit: 'working_hours', handlingAmount: 15, handlingUnit: 'working_days' },
  { categoryCode: '10', urgency: 'normal', responseAmount: 4, responseUnit: 'working_hours', handlingAmount: 15, handlingUnit: 'working_days' },
  // 依申请公开: the statutory 20 working days.
  { categoryCode: '1201', urgency: 'normal', responseAmount: 1, responseUnit: 'working_days', handlingAmount: 20, handlingUnit: 'working_days' },
];

export async function installDemoLimits(db: DbOrTx): Promise<void> {
  await db.insert(appealTimeLimits).values(DEMO_LIMITS).onConflictDoNothing();
}

/** Return (退单) is allowed within this much working time of dispatch. */
export const RETURN_LIMIT: Limit = { amount: 2, unit: 'working_days' };

export interface LimitRow {
  categoryCode: string;
  urgency: Urgency;
  responseAmount: number;
  responseUnit: LimitUnit;
  handlingAmount: number;
  handlingUnit: LimitUnit;
}

export async function listLimits(db: DbOrTx): Promise<LimitRow[]> {
  const rows = await db.select().from(appealTimeLimits).orderBy(appealTimeLimits.categoryCode, appealTimeLimits.urgency);
  return rows as LimitRow[];
}

/** Channels where a resident wrote in themselves: answered within 2 working hours. */
const ONLINE_CHANNELS = ['qr', 'photo', '12345'];

// The configured 受理时限 by channel (a handful of rows, read on every registration), cached a minute
// per database handle like the calendar; replacing them clears the cache.
const acceptCache = new WeakMap<object, { at: number; byChannel: ReadonlyMap<string, Limit> }>();
const ACCEPT_TTL_MS = 60_000;

export function clearAcceptLimitCache(db: DbOrTx): void {
  acceptCache.delete(db);
}

/** 受理时限 for a channel: its configured row, else 2 working hours online and 1 working day otherwise. */
export async function acceptLimitFor(db: DbOrTx, channel: string): Promise<Limit> {
  let hit = acceptCache.get(db);
  if (!hit || Date.now() - hit.at >= ACCEPT_TTL_MS) {
    const rows = await db.select().from(appealAcceptLimits);
    hit = { at: Date.now(), byChannel: new Map(rows.map((r) => [r.channel, { amount: r.amount, unit: r.unit as LimitUnit }])) };
    acceptCache.set(db, hit);
  }
  const limit = hit.byChannel.get(channel);
  if (limit) return { ...limit };
  return ONLINE_CHANNELS.includes(channel) ? { amount: 2, unit: 'working_hours' } : { amount: 1, unit: 'working_days' };
}

export async function listAcceptLimits(db: DbOrTx): Promise<{ channel: string; amount: number; unit: LimitUnit }[]> {
  const rows = await db.select().from(appealAcceptLimits).orderBy(appealAcceptLimits.channel);
  return rows.map((r) => ({ channel: r.channel, amount: r.amount, unit: r.unit as LimitUnit }));
}

/**
 * Every limit at once, for a list of appeals (the inbox's 办理时限 column): two small reads per list
 * instead of two per row. The same fallbacks as limitsFor and acceptLimitFor.
 */
/** The time limits as read by `limitsSelection`: each row as [key, amount, unit]. */
type LimitRows = { time: [string, number, string][] | null; accept: [string, number, string][] | null };

/**
 * Both limit tables as two columns of any statement (uncorrelated subqueries, each row as [key, amount,
 * unit]): a list reads them beside its count instead of in a statement of their own.
 */
export function limitsSelection() {
  return {
    time: sql<LimitRows['time']>`(select json_agg(json_build_array(${outer(appealTimeLimits.categoryCode)} || '/' || ${outer(appealTimeLimits.urgency)}, ${outer(appealTimeLimits.handlingAmount)}, ${outer(appealTimeLimits.handlingUnit)})) from ${appealTimeLimits})`,
    accept: sql<LimitRows['accept']>`(select json_agg(json_build_array(${outer(appealAcceptLimits.channel)}, ${outer(appealAcceptLimits.amount)}, ${outer(appealAcceptLimits.unit)})) from ${appealAcceptLimits})`,
  };
}

export type LimitResolver = { handling: (categoryCode: string, urgency: string) => Limit; accept: (channel: string) => Limit };

export async function limitResolver(db: DbOrTx): Promise<LimitResolver> {
  // Both tables in one statement (one round, one connection).
  const { time, accept } = limitsSelection();
  const [r] = await sqlRows<LimitRows>(db, sql`select ${time} as time, ${accept} as accept`);
  return resolverOf(r);
}

/** The resolver over the limits `limitsSelection` read (the category's row, else its parent's, else the default). */
export function resolverOf(r: LimitRows): LimitResolver {
  const byKey = new Map((r.time ?? []).map(([key, amount, unit]) => [key, { amount, unit: unit as LimitUnit }]));
  const byChannel = new Map((r.accept ?? []).map(([channel, amount, unit]) => [channel, { amount, unit: unit as LimitUnit }]));
  return {
    handling(categoryCode, urgency) {
      const u = (['normal', 'urgent', 'emergency'].includes(urgency) ? urgency : 'normal') as Urgency;
      for (const c of [categoryCode, categoryCode.slice(0, 2), '*']) {
        const hit = byKey.get(`${c}/${u}`);
        if (hit) return hit;
      }
      return FALLBACK[u].handling;
    },
    accept(channel) {
      return byChannel.get(channel) ?? (ONLINE_CHANNELS.includes(channel) ? { amount: 2, unit: 'working_hours' } : { amount: 1, unit: 'working_days' });
    },
  };
}
