/**
 * Counts of appeals over time by place and category, for the early warnings (未诉先办) and the problem of
 * the month (每月一题) in the assessment module. Counts only: no appeal, requester or address leaves here
 * except the ids and numbers behind a warning, read through the caller's scope.
 */
import { and, asc, desc, gte, inArray, isNotNull, lt, sql } from 'drizzle-orm';
import { inRegion, type Actor } from '../../platform/access.js';
import { visibleAppeals } from '../../platform/access/appeals.js';
import type { DbOrTx } from '../../platform/db.js';
import { appeals } from './appeals.tables.js';

/** The place level of the early warnings: the community (村/社区, 12 digits) or the grid (网格, 15 digits). */
export type PlaceLevel = 'community' | 'grid';
const PLACE_LENGTH: Record<PlaceLevel, number> = { community: 12, grid: 15 };
/** The community or grid of an appeal's region; a township-placed appeal has neither. */
const placeOf = (level: PlaceLevel) => sql<string>`substr(${appeals.regionCode}, 1, ${sql.raw(String(PLACE_LENGTH[level]))})`;
/** The Monday (China time) of the week an appeal was registered, YYYY-MM-DD. */
const week = sql<string>`to_char(date_trunc('week', ${appeals.createdAt} at time zone 'Asia/Shanghai'), 'YYYY-MM-DD')`;

export interface WeekCount {
  place: string;
  category: string;
  week: string;
  n: number;
}

/**
 * New appeals per community (or, with `level: 'grid'`, per grid), leaf category and week registered in
 * [from, to), under `regionCode` ('' for everywhere; the background job's view). Only appeals placed on a
 * grid (or a community) count: a township-placed appeal has no community or grid.
 */
export async function weeklyCounts(db: DbOrTx, q: { from: Date; to: Date; regionCode: string; level?: PlaceLevel; places?: string[]; categories?: string[] }): Promise<WeekCount[]> {
  const level = q.level ?? 'community';
  const place = placeOf(level);
  const rows = await db
    .select({ place, category: appeals.categoryCode, week, n: sql<number>`count(*)::int` })
    .from(appeals)
    .where(
      and(
        gte(appeals.createdAt, q.from),
        lt(appeals.createdAt, q.to),
        inRegion(appeals.regionCode, q.regionCode),
        sql`length(${appeals.regionCode}) >= ${sql.raw(String(PLACE_LENGTH[level]))}`,
        q.places ? inArray(place, q.places.length ? q.places : ['-']) : undefined,
        q.categories ? inArray(appeals.categoryCode, q.categories.length ? q.categories : ['-']) : undefined,
      ),
    )
    .groupBy(place, appeals.categoryCode, week);
  return rows.map((r) => ({ ...r, n: Number(r.n) }));
}

/** The appeals behind a warning, the caller's view: newest first, at most `limit`. */
export async function appealsIn(db: DbOrTx, actor: Actor, q: { place: string; category: string; from: Date; to: Date; limit?: number }) {
  return db
    .select({ id: appeals.id, number: appeals.number, title: appeals.title, status: appeals.status, createdAt: appeals.createdAt })
    .from(appeals)
    .where(and(visibleAppeals(actor), inRegion(appeals.regionCode, q.place), sql`${appeals.categoryCode} = ${q.category}`, gte(appeals.createdAt, q.from), lt(appeals.createdAt, q.to)))
    .orderBy(desc(appeals.createdAt), asc(appeals.id))
    .limit(q.limit ?? 50);
}

/** Appeals of one category under `place` registered in [from, to), the caller's view. */
export async function countAppeals(db: DbOrTx, actor: Actor, q: { place: string; categories: string[]; from: Date; to: Date }): Promise<number> {
  if (!q.categories.length) return 0;
  const [r] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(appeals)
    .where(and(visibleAppeals(actor), inRegion(appeals.regionCode, q.place), inArray(appeals.categoryCode, q.categories), gte(appeals.createdAt, q.from), lt(appeals.createdAt, q.to)));
  return Number(r.n);
}

export interface ProblemCount {
  place: string;
  category: string;
  count: number;
  /** Appeals beyond the first from the same requester (by phone), or merged into another: 重复诉求. */
  repeats: number;
}

/**
 * Appeals registered in [from, to) under the caller's `regionCode`, by category and by the place
 * `placeLength` digits long (a county's townships: 9; a township's communities: 12), most first.
 */
export async function problemCounts(db: DbOrTx, actor: Actor, q: { regionCode: string; placeLength: number; from: Date; to: Date; limit: number }): Promise<ProblemCount[]> {
  const place = sql<string>`substr(${appeals.regionCode}, 1, ${sql.raw(String(q.placeLength))})`;
  const rows = await db
    .select({
      place,
      category: appeals.categoryCode,
      count: sql<number>`count(*)::int`,
      repeats: sql<number>`(count(*) - count(distinct coalesce(${appeals.requesterPhoneIndex}, ${appeals.id}::text)) + count(${appeals.masterId}))::int`,
    })
    .from(appeals)
    .where(and(visibleAppeals(actor), inRegion(appeals.regionCode, q.regionCode), sql`length(${appeals.regionCode}) >= ${q.placeLength}`, gte(appeals.createdAt, q.from), lt(appeals.createdAt, q.to)))
    .groupBy(place, appeals.categoryCode)
    .orderBy(sql`count(*) desc`, place, appeals.categoryCode)
    .limit(q.limit);
  return rows.map((r) => ({ ...r, count: Number(r.count), repeats: Number(r.repeats) }));
}

/** Appeals dispatched (派单) on one problem in each [from, to) period, the caller's view. */
export async function dispatchedIn(db: DbOrTx, actor: Actor, q: { place: string; category: string; periods: { from: Date; to: Date }[] }): Promise<number[]> {
  if (!q.periods.length) return [];
  const lo = q.periods[0].from;
  const hi = q.periods[q.periods.length - 1].to;
  const rows = await db
    .select({ at: appeals.dispatchedAt })
    .from(appeals)
    .where(and(visibleAppeals(actor), inRegion(appeals.regionCode, q.place), sql`${appeals.categoryCode} = ${q.category}`, isNotNull(appeals.dispatchedAt), gte(appeals.dispatchedAt, lo), lt(appeals.dispatchedAt, hi)));
  return q.periods.map((p) => rows.filter((r) => r.at! >= p.from && r.at! < p.to).length);
}
