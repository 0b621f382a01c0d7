/**
 * A worker's plan of the day as the phone and the console see it: the worker's own plan (made on
 * demand when the morning job has not made it), remaking it, swapping a household for another with a
 * reason; and the plans of a day in a supervisor's area.
 */
import { timeOrderedUuid } from '../../platform/ids.js';
import { and, asc, count, eq, ne, sql } from 'drizzle-orm';
import { authorize, codeInScope, inRegion, scopeCondition, type Actor } from '../../platform/access.js';
import { audit, type RequestContext } from '../../platform/audit.js';
import type { Database, DbOrTx } from '../../platform/db.js';
import { AppError, badRequest, conflict, notFound } from '../../platform/errors.js';
import { pageOf, type PageResult } from '../../platform/schemas.js';
import { workCalendar } from '../calendar/calendar.service.js';
import { isWorkingDay } from '../calendar/calendar.time.js';
import { gridNamesOf } from '../grids/grids.service.js';
import { findHousehold } from '../households/households.service.js';
import { accounts } from '../users/users.repo.js';
import { displayNamesOf } from '../users/users.service.js';
import { gridsOfWorker, householdCards, householdCardsIn, type HouseholdCard } from './visits.households.js';
import { settingsFor, type VisitSettingsView } from './visits.settings.js';
import { visitPlanItems, visitPlans } from './visits.tables.js';
import { type ItemRow, type PlanRow, addDays, chinaDate, existingPlan, makePlan, plannedByOthers } from './visits.plans.js';

interface PlanItemView {
  id: string;
  seq: number;
  window: string;
  windowName: string;
  status: string;
  reason: string;
  reasonCodes: string[];
  /** Visited ahead of schedule (提前走访): the household was not yet due on the plan's day. */
  ahead: boolean;
  visitId: string | null;
  swapReason: string | null;
  household: HouseholdCard;
}

export interface PlanView {
  id: string;
  date: string;
  workerId: string;
  workerName: string;
  quota: number;
  workingDay: boolean;
  items: PlanItemView[];
  counts: { planned: number; visited: number; nobodyHome: number; ahead: number };
}

type ItemLike = Pick<typeof visitPlanItems.$inferSelect, 'id' | 'seq' | 'window' | 'status' | 'reason' | 'reasonCodes' | 'visitId' | 'swapReason' | 'householdId'>;

/** The plan as the phone shows it: its items, the worker's name, the settings and the households' cards read at once (two round trips). */
async function planView(db: DbOrTx, plan: PlanRow, workingDay: boolean): Promise<PlanView> {
  const [items, workerNames, settings, cards] = await Promise.all([
    db.select().from(visitPlanItems).where(eq(visitPlanItems.planId, plan.id)).orderBy(asc(visitPlanItems.seq)),
    displayNamesOf(db, [plan.workerId]),
    settingsFor(db, plan.gridCode),
    householdCardsIn(db, sql`select ${visitPlanItems.householdId} from ${visitPlanItems} where ${visitPlanItems.planId} = ${plan.id}`),
  ]);
  return viewOf(plan, workingDay, items, workerNames.get(plan.workerId) ?? '', settings, cards);
}

/**
 * A plan being written, read beside its write: the worker's name, the settings and the cards of the
 * households planned (their grids' names with them: the worker's grids), in one round trip.
 */
function freshView(db: DbOrTx, workerId: string, made: { items: ItemRow[]; gridCodes: string[] }) {
  return Promise.all([
    displayNamesOf(db, [workerId]),
    settingsFor(db, made.gridCodes[0]),
    householdCards(db, made.items.map((i) => i.householdId), undefined, made.gridCodes),
  ]);
}

function viewOf(plan: PlanRow, workingDay: boolean, items: ItemLike[], workerName: string, settings: VisitSettingsView, cards: Map<string, HouseholdCard>): PlanView {
  const windowName = new Map(settings.windows.map((w) => [w.code, w.name]));
  const views = items
    .filter((i) => cards.has(i.householdId))
    .map((i) => ({
      id: i.id,
      seq: i.seq,
      window: i.window,
      windowName: windowName.get(i.window) ?? i.window,
      status: i.status,
      reason: i.reason,
      reasonCodes: i.reasonCodes,
      ahead: i.reasonCodes.includes('early'),
      visitId: i.visitId,
      swapReason: i.swapReason,
      household: cards.get(i.householdId)!,
    }));
  return {
    id: plan.id,
    date: plan.date,
    workerId: plan.workerId,
    workerName,
    quota: plan.quota,
    workingDay,
    items: views,
    counts: {
      planned: views.filter((i) => i.status !== 'swapped_out').length,
      visited: views.filter((i) => i.status === 'visited').length,
      nobodyHome: views.filter((i) => i.status === 'nobody_home').length,
      ahead: views.filter((i) => i.status !== 'swapped_out' && i.ahead).length,
    },
  };
}

/** The caller's plan for a day (made on demand when the morning job has not made it yet). */
export async function myPlan(database: Database, actor: Actor, date?: string): Promise<PlanView> {
  authorize(actor, 'visits.log');
  const day = checkDate(date);
  const db = database.db;
  const cal = await workCalendar(db);
  const working = isWorkingDay(cal, day);
  // Plans are made for today (on demand when the morning job has not run) or a week ahead; past days are only read.
  const today = chinaDate();
  const makeable = working && day >= today && day <= addDays(today, 7);
  // A plan made now is shown from its own rows, its households read beside its write.
  let fresh: { planId: string; items: ItemRow[]; view: ReturnType<typeof freshView> } | undefined;
  const plan = makeable
    ? await makePlan(database, actor.id, day, { source: 'on_demand', beside: (made) => (fresh = { ...made, view: freshView(db, actor.id, made) }).view })
    : await existingPlan(db, actor.id, day);
  if (!plan) {
    return { id: '', date: day, workerId: actor.id, workerName: actor.displayName ?? actor.name, quota: 0, workingDay: working, items: [], counts: { planned: 0, visited: 0, nobodyHome: 0, ahead: 0 } };
  }
  if (fresh?.planId === plan.id) {
    const [names, settings, cards] = await fresh.view;
    const items = fresh.items.map((i) => ({ id: i.id!, seq: i.seq, window: i.window, status: 'planned', reason: i.reason, reasonCodes: i.reasonCodes ?? [], visitId: null, swapReason: null, householdId: i.householdId }));
    return viewOf(plan, working, items, names.get(plan.workerId) ?? '', settings, new Map(cards.map((c) => [c.id, c])));
  }
  return planView(db, plan, working);
}

function checkDate(date: string | undefined): string {
  if (!date) return chinaDate();
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00+08:00`))) throw badRequest(`日期格式不正确：${date}（YYYY-MM-DD）/ bad date`, { field: 'date' });
  return date;
}

/** A supervisor (or the worker) remakes a worker's plan for a day; visited items stay. */
export async function regeneratePlan(database: Database, ctx: RequestContext, input: { workerId?: string; date?: string }): Promise<PlanView> {
  const actor = ctx.actor;
  const workerId = input.workerId ?? actor.id;
  const day = checkDate(input.date);
  const db = database.db;
  if (workerId === actor.id) authorize(actor, 'visits.log');
  else {
    authorize(actor, 'visits.supervise');
    // Only someone whose area holds every grid of the worker remakes their plan (it shows those households).
    const gs = await gridsOfWorker(db, workerId);
    if (!gs.length || !gs.every((g) => codeInScope(actor, g))) throw notFound('网格员', 'The grid worker');
  }
  const plan = await makePlan(database, workerId, day, { source: 'on_demand', regenerate: true });
  if (!plan) throw conflict('该账号没有分配网格，无法生成走访计划', 'The account has no grid to plan visits in');
  await audit(db, ctx, { action: 'visit_plan.generate', targetType: 'visit_plan', targetId: plan.id, regionCode: plan.gridCode, details: { date: day, workerId } });
  const cal = await workCalendar(db);
  return planView(db, plan, isWorkingDay(cal, day));
}

/** Swaps a planned household for another of the worker's grids, with a reason. */
export async function swapItem(database: Database, ctx: RequestContext, planId: string, itemId: string, input: { householdId: string; reason: string }): Promise<PlanView> {
  authorize(ctx.actor, 'visits.log');
  const db = database.db;
  const reason = input.reason.trim();
  if (!reason) throw new AppError('required', { field: '调换理由 / reason' });
  const [plan] = await db.select().from(visitPlans).where(and(eq(visitPlans.id, planId), eq(visitPlans.workerId, ctx.actor.id)));
  if (!plan) throw notFound('走访计划', 'The visit plan');
  const [item] = await db.select().from(visitPlanItems).where(and(eq(visitPlanItems.id, itemId), eq(visitPlanItems.planId, planId)));
  if (!item) throw notFound('计划中的这一户', 'The plan item');
  if (item.status !== 'planned') throw conflict('这一户已走访或已调换，不能再调换', 'This household was already visited or swapped');
  // The household in the caller's grid scope (else 404), active, and in one of the worker's own grids.
  const target = await findHousehold(db, ctx.actor, input.householdId);
  if (target.status !== 'active') throw notFound('户档案', 'The household');
  const gridCodes = await gridsOfWorker(db, ctx.actor.id);
  if (!gridCodes.includes(target.gridCode)) throw notFound('户档案', 'The household');
  const settings = await settingsFor(db, plan.gridCode);
  await db.transaction(async (tx) => {
    const inPlan = await tx
      .select({ id: visitPlanItems.id })
      .from(visitPlanItems)
      .where(and(eq(visitPlanItems.planId, planId), eq(visitPlanItems.householdId, target.id), ne(visitPlanItems.status, 'swapped_out')));
    if (inPlan.length) throw conflict('这一户已在今天的计划中', 'The household is already on today’s plan');
    const others = await plannedByOthers(tx, plan.date, [target.gridCode], ctx.actor.id);
    if (others.has(target.id)) throw conflict('这一户已在同网格其他网格员今天的计划中', 'Another worker of the grid has this household on today’s plan');
    const [{ maxSeq }] = await tx.select({ maxSeq: sql<number>`coalesce(max(${visitPlanItems.seq}), 0)::int` }).from(visitPlanItems).where(eq(visitPlanItems.planId, planId));
    const upd = await tx
      .update(visitPlanItems)
      .set({ status: 'swapped_out', swappedFor: target.id, swapReason: reason })
      .where(and(eq(visitPlanItems.id, itemId), eq(visitPlanItems.status, 'planned')))
      .returning({ id: visitPlanItems.id });
    if (!upd.length) throw conflict('这一户已走访或已调换，不能再调换', 'This household was already visited or swapped');
    const window = settings.typeWindows[target.type] ?? item.window;
    // A household swapped in before it is due is a visit ahead of schedule too.
    const [card] = await householdCards(tx, [target.id]);
    const dueDay = card?.dueAt ? chinaDate(new Date(card.dueAt)) : null;
    const ahead = !!dueDay && dueDay > plan.date;
    await tx.insert(visitPlanItems).values({
      id: timeOrderedUuid(),
      planId,
      date: plan.date,
      householdId: target.id,
      gridCode: target.gridCode,
      window,
      seq: Number(maxSeq) + 1,
      reason: ahead ? `调换：${reason}；提前走访：${dueDay}到期` : `调换：${reason}`,
      reasonCodes: ahead ? ['swap', 'early'] : ['swap'],
    });
    await audit(tx, ctx, { action: 'visit_plan.swap', targetType: 'visit_plan', targetId: planId, regionCode: plan.gridCode, details: { out: item.householdId, in: target.id } });
  });
  const cal = await workCalendar(db);
  return planView(db, plan, isWorkingDay(cal, plan.date));
}

export interface PlanSummary {
  id: string;
  date: string;
  workerId: string;
  workerName: string;
  gridCode: string;
  gridName: string;
  quota: number;
  planned: number;
  visited: number;
  nobodyHome: number;
  /** Households on the plan ahead of schedule (提前走访). */
  ahead: number;
}

/** Plans of a day in the caller's area, for supervisors. */
export async function listPlans(database: Database, actor: Actor, q: { date?: string; regionCode?: string; page?: number; pageSize?: number }): Promise<PageResult<PlanSummary>> {
  authorize(actor, 'visits.supervise');
  const db = database.db;
  const day = checkDate(q.date);
  const { page, pageSize, offset } = pageOf(q);
  if (q.regionCode && !codeInScope(actor, q.regionCode)) throw notFound(`区域 ${q.regionCode} `, `Region ${q.regionCode}`);
  const within = q.regionCode ?? actor.regionCode;
  const where = and(eq(visitPlans.date, day), scopeCondition(actor, visitPlans.gridCode), inRegion(visitPlans.gridCode, within));
  // The page is ordered by the workers' names, so the accounts are joined, not looked up afterwards.
  const users = accounts(db);
  const [rows, [{ n }]] = await Promise.all([
    db
      .select({
        id: visitPlans.id,
        date: visitPlans.date,
        workerId: visitPlans.workerId,
        workerName: users.displayName,
        gridCode: visitPlans.gridCode,
        quota: visitPlans.quota,
        planned: sql<number>`(select count(*) from ${visitPlanItems} i where i.plan_id = ${visitPlans.id} and i.status <> 'swapped_out')::int`,
        visited: sql<number>`(select count(*) from ${visitPlanItems} i where i.plan_id = ${visitPlans.id} and i.status = 'visited')::int`,
        nobodyHome: sql<number>`(select count(*) from ${visitPlanItems} i where i.plan_id = ${visitPlans.id} and i.status = 'nobody_home')::int`,
        ahead: sql<number>`(select count(*) from ${visitPlanItems} i where i.plan_id = ${visitPlans.id} and i.status <> 'swapped_out' and 'early' = any(i.reason_codes))::int`,
      })
      .from(visitPlans)
      .leftJoin(users, eq(users.id, visitPlans.workerId))
      .where(where)
      .orderBy(asc(visitPlans.gridCode), asc(users.displayName))
      .limit(pageSize)
      .offset(offset),
    db.select({ n: count() }).from(visitPlans).where(where),
  ]);
  const gridNames = await gridNamesOf(db, rows.map((r) => r.gridCode));
  return {
    items: rows.map((r) => ({ ...r, workerName: r.workerName ?? '', gridName: gridNames.get(r.gridCode) ?? r.gridCode, planned: Number(r.planned), visited: Number(r.visited), nobodyHome: Number(r.nobodyHome), ahead: Number(r.ahead) })),
    total: Number(n),
    page,
    pageSize,
  };
}
