/**
 * 每月一题 (Beijing's problem of the month): for an assessment month (19th–18th, assessmentPeriod), the
 * problems — a category in a place one level below the area (a county's townships, a township's
 * communities) — ranked by appeals and by repeats; the area's leaders pick two or three, each with a lead
 * department, a goal and a target, and afterwards the dispatches on it are compared month by month.
 */
import { randomUUID } from 'node:crypto';
import { and, desc, eq, sql } from 'drizzle-orm';
import { assertInScope, authorize, type Actor } from '../../platform/access.js';
import { visibleProblems } from '../../platform/access/assessment.js';
import { audit, type RequestContext } from '../../platform/audit.js';
import type { Database, DbOrTx } from '../../platform/db.js';
import { AppError, notFound } from '../../platform/errors.js';
import { dispatchedIn, problemCounts } from '../appeals/appeals.trends.js';
import { findVisible as findVisibleOrg, namesOf as orgNamesOf } from '../orgs/orgs.service.js';
import { namesOf } from '../regions/regions.service.js';
import { assessmentMonthOf, assessmentPeriod, previousMonth } from './assessment.rankings.js';
import { monthProblems } from './assessment.tables.js';

/** At most this many problems a month per area (Beijing: 2–3). */
const MAX_PROBLEMS = 3;
const CANDIDATES = 20;

const placeLengthFor = (regionCode: string) => (regionCode.length < 9 ? 9 : 12);

function nextMonth(yyyymm: string): string {
  const [y, m] = yyyymm.split('-').map(Number);
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

type PickRow = typeof monthProblems.$inferSelect;

async function pickViews(db: DbOrTx, rows: PickRow[]) {
  const [places, orgs] = await Promise.all([namesOf(db, rows.map((r) => r.placeCode)), orgNamesOf(db, rows.map((r) => r.leadOrgId))]);
  return rows.map((r) => ({
    id: r.id,
    regionCode: r.regionCode,
    month: r.month,
    placeCode: r.placeCode,
    placeName: places.get(r.placeCode) ?? r.placeCode,
    categoryCode: r.categoryCode,
    leadOrgId: r.leadOrgId,
    leadOrgName: orgs.get(r.leadOrgId) ?? '',
    goal: r.goal,
    target: r.target,
    count: r.count,
    repeats: r.repeats,
    createdAt: r.createdAt.toISOString(),
  }));
}
export type PickView = Awaited<ReturnType<typeof pickViews>>[number];

/** The picks of an area's month (or the caller's latest months), visible to the caller. */
export async function listPicks(db: DbOrTx, actor: Actor, q: { month?: string; regionCode?: string }): Promise<PickView[]> {
  authorize(actor, 'assessment.read');
  const rows = await db
    .select()
    .from(monthProblems)
    .where(and(visibleProblems(actor), q.month ? eq(monthProblems.month, q.month) : undefined, q.regionCode ? eq(monthProblems.regionCode, q.regionCode) : undefined))
    .orderBy(desc(monthProblems.month), monthProblems.createdAt)
    .limit(60);
  return pickViews(db, rows);
}

/** The month's problems ranked by appeals (and their repeats), with what is already picked. */
export async function problemCandidates(db: DbOrTx, actor: Actor, q: { month: string; regionCode?: string }) {
  authorize(actor, 'assessment.read');
  const regionCode = q.regionCode ?? actor.regionCode;
  assertInScope(actor, regionCode, `区域 ${regionCode} `, `Region ${regionCode}`);
  const { from, to } = assessmentPeriod(q.month);
  const rows = await problemCounts(db, actor, { regionCode, placeLength: placeLengthFor(regionCode), from, to, limit: CANDIDATES });
  const names = await namesOf(db, rows.map((r) => r.place));
  const picks = await listPicks(db, actor, { month: q.month, regionCode });
  const picked = new Set(picks.map((p) => `${p.placeCode}:${p.categoryCode}`));
  const byRepeats = [...rows].sort((a, b) => b.repeats - a.repeats || b.count - a.count);
  const repeatRank = new Map(byRepeats.map((r, i) => [`${r.place}:${r.category}`, i + 1]));
  return {
    month: q.month,
    regionCode,
    period: { from: from.toISOString(), to: to.toISOString() },
    max: MAX_PROBLEMS,
    candidates: rows.map((r, i) => ({
      placeCode: r.place,
      placeName: names.get(r.place) ?? r.place,
      categoryCode: r.category,
      count: r.count,
      repeats: r.repeats,
      countRank: i + 1,
      repeatRank: repeatRank.get(`${r.place}:${r.category}`)!,
      picked: picked.has(`${r.place}:${r.category}`),
    })),
    picks,
  };
}

export interface PickInput {
  month: string;
  regionCode?: string;
  placeCode: string;
  categoryCode: string;
  leadOrgId: string;
  goal: string;
  target: number;
}

/** A leader picks a problem for the month: 409 when it is already picked or the month has three. */
export async function pickProblem(database: Database, ctx: RequestContext, input: PickInput): Promise<PickView> {
  const actor = ctx.actor;
  authorize(actor, 'assessment.write');
  const regionCode = input.regionCode ?? actor.regionCode;
  assertInScope(actor, regionCode, `区域 ${regionCode} `, `Region ${regionCode}`);
  if (!input.placeCode.startsWith(regionCode) || input.placeCode.length !== placeLengthFor(regionCode)) {
    throw new AppError('bad_request', { reason: `地点 ${input.placeCode} 不在 ${regionCode} 的下一级`, reasonEn: `place ${input.placeCode} is not one level below ${regionCode}` });
  }
  if (!(await findVisibleOrg(database.db, actor, input.leadOrgId))) throw notFound('牵头部门', 'Lead department');
  const { from, to } = assessmentPeriod(input.month);
  const counted = (await problemCounts(database.db, actor, { regionCode: input.placeCode, placeLength: input.placeCode.length, from, to, limit: 500 })).find((r) => r.category === input.categoryCode);
  const row = await database.db.transaction(async (tx) => {
    // One area's month at a time: two leaders picking at once cannot make a fourth.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`month_problems:${regionCode}:${input.month}`}))`);
    const [{ n }] = await tx.select({ n: sql<number>`count(*)::int` }).from(monthProblems).where(and(eq(monthProblems.regionCode, regionCode), eq(monthProblems.month, input.month)));
    const [dup] = await tx
      .select({ id: monthProblems.id })
      .from(monthProblems)
      .where(and(eq(monthProblems.regionCode, regionCode), eq(monthProblems.month, input.month), eq(monthProblems.placeCode, input.placeCode), eq(monthProblems.categoryCode, input.categoryCode)));
    if (dup) throw new AppError('problem_already_picked');
    if (Number(n) >= MAX_PROBLEMS) throw new AppError('problem_limit_reached', { max: MAX_PROBLEMS });
    const [inserted] = await tx
      .insert(monthProblems)
      .values({ id: randomUUID(), regionCode, month: input.month, placeCode: input.placeCode, categoryCode: input.categoryCode, leadOrgId: input.leadOrgId, goal: input.goal, target: input.target, count: counted?.count ?? 0, repeats: counted?.repeats ?? 0, pickedBy: actor.id })
      .onConflictDoNothing()
      .returning();
    if (!inserted) throw new AppError('problem_already_picked');
    await audit(tx, ctx, { action: 'month_problem.pick', targetType: 'month_problem', targetId: inserted.id, regionCode, details: { month: input.month, place: input.placeCode, category: input.categoryCode, leadOrgId: input.leadOrgId, target: input.target } });
    return inserted;
  });
  return (await pickViews(database.db, [row]))[0];
}

/** Dispatches on a picked problem per assessment month: six before the pick, the pick month, and after (to now). */
export async function problemTrend(db: DbOrTx, actor: Actor, id: string, now = new Date()) {
  authorize(actor, 'assessment.read');
  const [row] = await db.select().from(monthProblems).where(and(eq(monthProblems.id, id), visibleProblems(actor))).limit(1);
  if (!row) throw notFound('每月一题', 'Problem of the month');
  const months: string[] = [];
  let m = row.month;
  for (let k = 0; k < 6; k++) m = previousMonth(m);
  const last = assessmentMonthOf(now);
  for (let k = 0; k < 13 && m <= last; k++, m = nextMonth(m)) months.push(m);
  const counts = await dispatchedIn(db, actor, { place: row.placeCode, category: row.categoryCode, periods: months.map((x) => assessmentPeriod(x)) });
  const before = months.map((x, i) => ({ x, n: counts[i] })).filter((p) => p.x < row.month);
  const after = months.map((x, i) => ({ x, n: counts[i] })).filter((p) => p.x > row.month && p.x < last);
  const mean = (xs: { n: number }[]) => (xs.length ? Math.round((xs.reduce((a, b) => a + b.n, 0) / xs.length) * 10) / 10 : null);
  return {
    pick: (await pickViews(db, [row]))[0],
    months: months.map((x, i) => ({ month: x, dispatched: counts[i], current: x === last })),
    beforeAverage: mean(before),
    afterAverage: mean(after),
  };
}
