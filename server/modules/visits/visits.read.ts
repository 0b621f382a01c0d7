/**
 * Reading visits: one (in the caller's scope, else 404), a list, a photo; and the household an appeal
 * raised at its door links.
 */
import { and, count, eq, gte, lt, sql, type SQL } from 'drizzle-orm';
import { authorize, codeInScope, inRegion, type Actor } from '../../platform/access.js';
import { householdViaAppeal } from '../../platform/access/households.js';
import { ownVisitsOnly, visitsVisible } from '../../platform/access/visits.js';
import { audit, type RequestContext } from '../../platform/audit.js';
import { renderedSelect, rows as sqlRows, type DbOrTx } from '../../platform/db.js';
import { badRequest, notFound } from '../../platform/errors.js';
import { pageOf, type PageResult } from '../../platform/schemas.js';
import { findVisible as findVisibleAppeal } from '../appeals/appeals.service.js';
import { householdCards, type HouseholdCard } from './visits.households.js';
import { addressSql, addressesOf } from '../households/households.service.js';
import { gridNameSql } from '../grids/grids.service.js';
import { namesOf as placeNamesOf } from '../regions/regions.service.js';
import { chinaDate } from './visits.plans.js';
import { visitPhotos, visits } from './visits.tables.js';
import { type Deps } from './visits.submission.js';

export type VisitRow = typeof visits.$inferSelect;

export interface VisitView {
  id: string;
  clientId: string;
  householdId: string;
  householdAddress: string;
  gridCode: string;
  /** The grid's name, shown instead of its code ('' when the grid is gone). */
  gridName: string;
  workerName: string;
  byCadre: boolean;
  planItemId: string | null;
  window: string | null;
  checkInAt: string;
  receivedAt: string;
  outcome: string;
  metWith: string | null;
  situation: string | null;
  finding: string;
  findingNote: string | null;
  serviceKind: string | null;
  /** 矛盾排查: the dispute found at the door (finding `dispute`). */
  disputeSummary: string | null;
  /** The mediation case opened from the visit (转人民调解), once there is one. */
  mediationCaseId: string | null;
  mediationCaseNumber: string | null;
  appealId: string | null;
  appealNumber: string | null;
  /** Why the appeal the visit raised could not be registered (the visit itself is kept). */
  appealError: string | null;
  changeStatus: string | null;
  conflict: { message: string; fields: { field: string; mine: unknown; current: unknown }[] } | null;
  flags: string[];
  distanceM: number | null;
  photoCount: number;
  replayed: boolean;
}

export function view(v: VisitRow, address: string, gridName: string, replayed = false): VisitView {
  const pending = v.pendingChange as { conflict?: VisitView['conflict'] } | null;
  return {
    id: v.id,
    clientId: v.clientId,
    householdId: v.householdId,
    householdAddress: address,
    gridCode: v.gridCode,
    gridName,
    workerName: v.workerName,
    byCadre: v.byCadre,
    planItemId: v.planItemId,
    window: v.window,
    checkInAt: v.checkInAt.toISOString(),
    receivedAt: v.receivedAt.toISOString(),
    outcome: v.outcome,
    metWith: v.metWith,
    situation: v.situation,
    finding: v.finding,
    findingNote: v.findingNote,
    serviceKind: v.serviceKind,
    disputeSummary: v.disputeSummary,
    mediationCaseId: v.mediationCaseId,
    mediationCaseNumber: v.mediationCaseNumber,
    appealId: v.appealId,
    appealNumber: v.appealNumber,
    appealError: (v.pendingAppeal as { error?: string } | null)?.error ?? null,
    changeStatus: v.changeStatus,
    conflict: v.changeStatus === 'conflict' ? pending?.conflict ?? null : null,
    flags: v.flags,
    distanceM: v.distanceM,
    photoCount: v.photoCount,
    replayed,
  };
}

/** The view of one visit: its household's address and its grid's name read beside it. */
export async function viewOf(db: DbOrTx, v: VisitRow, replayed = false): Promise<VisitView> {
  const [addresses, grids] = await Promise.all([addressesOf(db, [v.householdId]), placeNamesOf(db, [v.gridCode])]);
  return view(v, addresses.get(v.householdId) ?? '', grids.get(v.gridCode) ?? '', replayed);
}

export async function findVisit(db: DbOrTx, actor: Actor, id: string): Promise<VisitRow> {
  authorize(actor, 'visits.read');
  const [v] = await db.select().from(visits).where(and(eq(visits.id, id), visitsVisible(actor, visits.gridCode)));
  if (!v) throw notFound('走访记录', 'The visit');
  return v;
}

export async function getVisit(deps: Deps, actor: Actor, id: string): Promise<VisitView> {
  const v = await findVisit(deps.database.db, actor, id);
  return viewOf(deps.database.db, v);
}

export async function visitPhoto(deps: Deps, actor: Actor, id: string, seq: number) {
  const v = await findVisit(deps.database.db, actor, id);
  const [p] = await deps.database.db.select().from(visitPhotos).where(and(eq(visitPhotos.visitId, v.id), eq(visitPhotos.seq, seq)));
  if (!p) throw notFound('照片', 'The photo');
  return p;
}

export interface VisitFilter {
  regionCode?: string;
  workerId?: string;
  householdId?: string;
  from?: string;
  to?: string;
  outcome?: string;
  finding?: string;
  flagged?: boolean;
  page?: number;
  pageSize?: number;
}

/** China dates [from, to] inclusive as an instant range. */
export function dayRange(from: string, to: string): { start: Date; end: Date } {
  const start = new Date(`${from}T00:00:00+08:00`);
  const end = new Date(new Date(`${to}T00:00:00+08:00`).getTime() + 86_400_000);
  if (Number.isNaN(start.getTime()) || Number.isNaN(end.getTime())) throw badRequest('日期格式不正确（YYYY-MM-DD）/ dates are YYYY-MM-DD', { field: 'from/to' });
  if (end <= start) throw badRequest('结束日期早于开始日期 / the period ends before it starts', { field: 'to' });
  return { start, end };
}

/** A page of visits' select, rendered once at load: each visit with its household's address and its grid's name. */
const PAGE = renderedSelect(visits, { householdAddress: addressSql(visits.householdId), gridName: sql`coalesce(${gridNameSql(visits.gridCode)}, '')` });

export async function listVisits(deps: Deps, actor: Actor, f: VisitFilter): Promise<PageResult<VisitView>> {
  authorize(actor, 'visits.read');
  const db = deps.database.db;
  const { page, pageSize, offset } = pageOf(f);
  const conds: (SQL | undefined)[] = [visitsVisible(actor, visits.gridCode)];
  if (f.regionCode) {
    if (!codeInScope(actor, f.regionCode)) throw notFound(`区域 ${f.regionCode} `, `Region ${f.regionCode}`);
    // A grid (the 15-digit leaf) by equality: the (grid, check-in) index then seeks the period and stops
    // at its end; under a range over the grid's code it reads on to the end of the grid's history.
    conds.push(f.regionCode.length === 15 ? eq(visits.gridCode, f.regionCode) : inRegion(visits.gridCode, f.regionCode));
  }
  // A grid worker's list is their own visits unless they ask for a household's.
  if (ownVisitsOnly(actor, !!f.householdId)) conds.push(eq(visits.workerId, actor.id));
  if (f.workerId) conds.push(eq(visits.workerId, f.workerId));
  if (f.householdId) conds.push(eq(visits.householdId, f.householdId));
  if (f.from || f.to) {
    const { start, end } = dayRange(f.from ?? '2000-01-01', f.to ?? chinaDate());
    conds.push(gte(visits.checkInAt, start), lt(visits.checkInAt, end));
  }
  if (f.outcome) conds.push(eq(visits.outcome, f.outcome));
  if (f.finding) conds.push(eq(visits.finding, f.finding));
  if (f.flagged) conds.push(sql`cardinality(${visits.flags}) > 0`);
  const where = and(...conds);
  // The page names its households and grids in the statement that reads it (`PAGE`), beside its count
  // (a derived table under the table's own name: the names are read for the page's rows only).
  const orderSql = sql`${visits.checkInAt} desc, ${visits.id} desc`;
  const [raws, [{ n }]] = await Promise.all([
    sqlRows<Record<string, unknown>>(
      db,
      sql`${PAGE.select} (select * from ${visits} where ${where ?? sql`true`} order by ${orderSql} limit ${pageSize} offset ${offset}) as ${visits} order by ${orderSql}`,
    ),
    db.select({ n: count() }).from(visits).where(where),
  ]);
  const rows = raws.map((raw) => PAGE.read(raw));
  return { items: rows.map((v) => view(v, String(v.householdAddress), String(v.gridName))), total: Number(n), page, pageSize };
}

interface TodayVisit {
  id: string;
  clientId: string;
  householdId: string;
  householdAddress: string;
  planItemId: string | null;
  checkInAt: string;
  outcome: string;
  finding: string;
  appealNumber: string | null;
  appealError: string | null;
}

/** The caller's own visits of a China day (planned or not), in check-in order: the phone's 今日已走访. */
export async function ownVisitsOfDay(db: DbOrTx, actor: Actor, date: string): Promise<TodayVisit[]> {
  authorize(actor, 'visits.log');
  const { start, end } = dayRange(date, date);
  const rows = await db
    .select()
    .from(visits)
    .where(and(eq(visits.workerId, actor.id), gte(visits.checkInAt, start), lt(visits.checkInAt, end)))
    .orderBy(visits.checkInAt, visits.id)
    .limit(500);
  const [addresses, grids] = await Promise.all([addressesOf(db, rows.map((v) => v.householdId)), placeNamesOf(db, rows.map((v) => v.gridCode))]);
  return rows.map((v) => {
    const full = view(v, addresses.get(v.householdId) ?? '', grids.get(v.gridCode) ?? '');
    return {
      id: full.id,
      clientId: full.clientId,
      householdId: full.householdId,
      householdAddress: full.householdAddress,
      planItemId: full.planItemId,
      checkInAt: full.checkInAt,
      outcome: full.outcome,
      finding: full.finding,
      appealNumber: full.appealNumber,
      appealError: full.appealError,
    };
  });
}

/**
 * The household an appeal raised at its door links (the appeal carries the visit's id): whoever may
 * see the appeal — the department it was dispatched to among them — sees the household's card (address,
 * type, members' names and masked phones; no ID numbers), and the view is audited. Departments see no
 * other household files.
 */
export async function appealHousehold(deps: Deps, ctx: RequestContext, appealId: string): Promise<HouseholdCard> {
  const db = deps.database.db;
  const { visitId } = householdViaAppeal(await findVisibleAppeal(db, ctx.actor, appealId));
  const [v] = await db.select({ householdId: visits.householdId }).from(visits).where(eq(visits.id, visitId));
  if (!v) throw notFound('诉求关联的户档案', 'A household linked to this appeal');
  const [card] = await householdCards(db, [v.householdId]);
  if (!card) throw notFound('诉求关联的户档案', 'A household linked to this appeal');
  await audit(db, ctx, { action: 'household.view_via_appeal', targetType: 'household', targetId: card.id, regionCode: card.gridCode, details: { appealId } });
  return card;
}
