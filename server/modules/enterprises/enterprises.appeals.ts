/**
 * Enterprise appeals (企业诉求): an appeal of the 企业 channel whose requester is a registered firm. The
 * appeal itself lives in the appeals module and follows its workflow; here, beside it, are what firms
 * are promised on top:
 *  - first-contact responsibility (首接负责): whoever receives it owns it until it is dispatched;
 *  - the enterprise clock tiers, configurable: respond (60 minutes: the appeal accepted), propose a
 *    solution (24 hours), close (7 days); each due time is set on receipt, each met time recorded once;
 *  - withdrawals, with who asked for them, listed for the monthly audit (a department asking a firm to
 *    withdraw is a known abuse).
 * The appeals' status hook keeps this row in step, in the appeal's own transaction.
 */
import { and, asc, count, desc, eq, gte, isNotNull, lt, sql, type SQL } from 'drizzle-orm';
import { authorize, can, scopeCondition, type Actor } from '../../platform/access.js';
import { NONE } from '../../platform/access/deny.js';
import { audit, type RequestContext } from '../../platform/audit.js';
import type { DbOrTx, Tx } from '../../platform/db.js';
import { AppError, notFound } from '../../platform/errors.js';
import { pageOf, type PageResult } from '../../platform/schemas.js';
import { act, createAppeal, findVisible as findVisibleAppeal, onAppealRegister, onAppealStatus, type AppealStatusListener, type RegisterStep } from '../appeals/appeals.service.js';
import { workCalendar } from '../calendar/calendar.service.js';
import { dueAt, type LimitUnit, type WorkCalendar } from '../calendar/calendar.time.js';
import { findEnterprise, type Deps } from './enterprises.service.js';
import { enterpriseAppeals, enterpriseClockTiers, enterprises } from './enterprises.tables.js';

const TIERS = ['respond', 'solution', 'close'] as const;
type Tier = (typeof TIERS)[number];
type TierUnit = LimitUnit | 'minutes';
export interface TierLimit {
  tier: Tier;
  amount: number;
  unit: TierUnit;
}
/** The practice the sources describe: respond in 60 minutes, a solution in 24 hours, closed in 7 days. */
export const DEFAULT_TIERS: TierLimit[] = [
  { tier: 'respond', amount: 60, unit: 'minutes' },
  { tier: 'solution', amount: 24, unit: 'hours' },
  { tier: 'close', amount: 7, unit: 'days' },
];

export async function clockTiers(db: DbOrTx): Promise<TierLimit[]> {
  const rows = await db.select().from(enterpriseClockTiers);
  return DEFAULT_TIERS.map((d) => {
    const r = rows.find((x) => x.tier === d.tier);
    return r ? { tier: d.tier, amount: r.amount, unit: r.unit as TierUnit } : d;
  });
}

export async function setClockTiers(db: DbOrTx, ctx: RequestContext, tiers: TierLimit[]): Promise<TierLimit[]> {
  authorize(ctx.actor, 'enterprises.configure');
  const seen = new Set(tiers.map((t) => t.tier));
  if (seen.size !== TIERS.length) throw new AppError('required', { field: 'tiers (respond, solution, close)' });
  await db.transaction(async (tx) => {
    for (const t of tiers) {
      await tx.insert(enterpriseClockTiers).values(t).onConflictDoUpdate({ target: enterpriseClockTiers.tier, set: { amount: t.amount, unit: t.unit } });
    }
    await audit(tx, ctx, { action: 'enterprise.clock_tiers', targetType: 'config', targetId: 'enterprise_clock_tiers', details: { tiers: tiers.map((t) => `${t.tier}:${t.amount}${t.unit}`) } });
  });
  return clockTiers(db);
}

export function tierDue(cal: WorkCalendar, from: Date, t: TierLimit): Date {
  return t.unit === 'minutes' ? new Date(from.getTime() + t.amount * 60_000) : dueAt(cal, from, { amount: t.amount, unit: t.unit });
}

/** Who sees which enterprise appeals: the firms' rule (their region in the caller's subtree). */
function visibleEnterpriseAppeals(actor: Actor): SQL | undefined {
  if (!can(actor, 'enterprises.read')) return NONE;
  return scopeCondition(actor, enterpriseAppeals.regionCode);
}

type Row = typeof enterpriseAppeals.$inferSelect;
type TierState = 'on_time' | 'late' | 'overdue' | 'running';
function tierState(due: Date, met: Date | null, now: Date): TierState {
  if (met) return met <= due ? 'on_time' : 'late';
  return now > due ? 'overdue' : 'running';
}

const CLOSED_STATES = new Set(['closed', 'not_accepted', 'merged', 'withdrawn']);

async function viewsOf(db: DbOrTx, rows: Row[]) {
  const firmIds = [...new Set(rows.map((r) => r.enterpriseId))];
  const names = firmIds.length ? new Map((await db.select({ id: enterprises.id, name: enterprises.name }).from(enterprises).where(sql`${enterprises.id} in ${firmIds}`)).map((f) => [f.id, f.name])) : new Map<string, string>();
  const now = new Date();
  return rows.map((r) => ({
    appealId: r.appealId,
    number: r.number,
    title: r.title,
    status: r.status,
    enterprise: { id: r.enterpriseId, name: names.get(r.enterpriseId) ?? '' },
    firstContact: { id: r.firstContactUserId, name: r.firstContactName },
    ownedByFirstContact: !r.releasedAt && !CLOSED_STATES.has(r.status) && !r.withdrawnAt,
    receivedAt: r.receivedAt.toISOString(),
    releasedAt: r.releasedAt?.toISOString() ?? null,
    visitId: r.visitId,
    tiers: (
      [
        ['respond', r.respondDueAt, r.respondedAt],
        ['solution', r.solutionDueAt, r.solutionAt],
        ['close', r.closeDueAt, r.closedAt],
      ] as const
    ).map(([tier, due, met]) => ({ tier, dueAt: due.toISOString(), metAt: met?.toISOString() ?? null, state: r.withdrawnAt && !met ? 'withdrawn' : tierState(due, met, now) })),
    solution: r.solution,
    amountFen: r.amountFen,
    withdrawnAt: r.withdrawnAt?.toISOString() ?? null,
    withdrawReason: r.withdrawReason,
    withdrawAskedBy: r.withdrawAskedBy,
    rating: r.rating,
  }));
}
export type EnterpriseAppealView = Awaited<ReturnType<typeof viewsOf>>[number];

export interface RaiseInput {
  enterpriseId: string;
  title?: string;
  content: string;
  categoryCode: string;
  urgency?: 'normal' | 'urgent';
  amountFen?: number;
  /** Raised on a commissioner's visit: the appeal takes an id given by the visit. */
  id?: string;
  visitId?: string;
}

/** What the enterprise row needs from the caller; the rest comes from the appeal just registered. */
interface EnterpriseStepPayload {
  enterpriseId: string;
  regionCode: string;
  visitId: string | null;
  amountFen: number | null;
}

/**
 * The enterprise row of an enterprise appeal, written in the appeal's registration transaction (the
 * appeals' register step): the first contact (the registering user) and the tier due times from
 * receipt. A failure here leaves no appeal behind.
 */
export const writeEnterpriseRow: RegisterStep = async (tx, ctx, appeal, payload) => {
  const p = payload as EnterpriseStepPayload;
  if (!ctx) throw new Error('an enterprise appeal is registered by a user');
  const cal = await workCalendar(tx);
  const tiers = await clockTiers(tx);
  const at = appeal.createdAt;
  const due = Object.fromEntries(tiers.map((t) => [t.tier, tierDue(cal, at, t)])) as Record<Tier, Date>;
  await tx.insert(enterpriseAppeals).values({
    appealId: appeal.id,
    enterpriseId: p.enterpriseId,
    regionCode: p.regionCode,
    number: appeal.number,
    title: appeal.title,
    status: appeal.status,
    firstContactUserId: ctx.actor.id,
    firstContactName: ctx.actor.displayName ?? ctx.actor.name,
    receivedAt: at,
    visitId: p.visitId,
    respondDueAt: due.respond,
    solutionDueAt: due.solution,
    closeDueAt: due.close,
    amountFen: p.amountFen,
  });
  await audit(tx, ctx, { action: 'enterprise_appeal.create', targetType: 'appeal', targetId: appeal.id, regionCode: p.regionCode, details: { enterpriseId: p.enterpriseId, visitId: p.visitId } });
};
export const ENTERPRISE_REGISTER_STEP = 'enterprise';

/**
 * Registers an enterprise appeal for a firm: the appeal (企业 channel, the firm as requester, at the
 * firm's place) and, in the same transaction, its enterprise row (`writeEnterpriseRow`).
 */
export async function raiseEnterpriseAppeal(deps: Deps, ctx: RequestContext, input: RaiseInput): Promise<EnterpriseAppealView> {
  authorize(ctx.actor, 'appeals.create');
  const db = deps.database.db;
  const firm = await findEnterprise(db, ctx.actor, input.enterpriseId);
  if (!firm.contactPhoneEnc) throw new AppError('required', { field: '企业联系电话 / contact phone of the firm' });
  const payload: EnterpriseStepPayload = { enterpriseId: firm.id, regionCode: firm.regionCode, visitId: input.visitId ?? null, amountFen: input.amountFen ?? null };
  const appeal = await createAppeal(
    { database: deps.database, vault: deps.vault },
    { ctx, source: 'console' },
    {
      id: input.id,
      channel: 'enterprise',
      requester: { kind: 'enterprise', name: firm.contactName ?? undefined, phone: deps.vault.decrypt(firm.contactPhoneEnc), enterpriseName: firm.name },
      title: input.title,
      content: input.content,
      categoryCode: input.categoryCode,
      urgency: input.urgency,
      location: firm.lon !== null && firm.lat !== null ? { lon: firm.lon, lat: firm.lat } : undefined,
      placeCode: firm.regionCode.length >= 9 ? firm.regionCode : undefined,
      address: firm.address ?? undefined,
      registerStep: { name: ENTERPRISE_REGISTER_STEP, payload },
    },
  );
  const [row] = await db.select().from(enterpriseAppeals).where(eq(enterpriseAppeals.appealId, appeal.id));
  return (await viewsOf(db, [row]))[0];
}

async function findRow(db: DbOrTx, actor: Actor, appealId: string): Promise<Row> {
  authorize(actor, 'enterprises.read');
  const [r] = await db.select().from(enterpriseAppeals).where(and(eq(enterpriseAppeals.appealId, appealId), visibleEnterpriseAppeals(actor)));
  if (!r) throw notFound('企业诉求', 'Enterprise appeal');
  return r;
}

export async function getEnterpriseAppeal(db: DbOrTx, actor: Actor, appealId: string): Promise<EnterpriseAppealView> {
  return (await viewsOf(db, [await findRow(db, actor, appealId)]))[0];
}

export interface ListQuery {
  page?: number;
  pageSize?: number;
  enterpriseId?: string;
  withdrawn?: boolean;
  month?: string;
}

/** China-time month bounds, [start, end). */
function monthBounds(month: string): [Date, Date] {
  const [y, m] = month.split('-').map(Number);
  return [new Date(Date.UTC(y, m - 1, 1) - 8 * 3600_000), new Date(Date.UTC(y, m, 1) - 8 * 3600_000)];
}

export async function listEnterpriseAppeals(db: DbOrTx, actor: Actor, q: ListQuery): Promise<PageResult<EnterpriseAppealView>> {
  authorize(actor, 'enterprises.read');
  const { page, pageSize, offset } = pageOf(q);
  const conds: (SQL | undefined)[] = [visibleEnterpriseAppeals(actor)];
  if (q.enterpriseId) conds.push(eq(enterpriseAppeals.enterpriseId, q.enterpriseId));
  if (q.withdrawn) conds.push(isNotNull(enterpriseAppeals.withdrawnAt));
  if (q.month) {
    const [a, b] = monthBounds(q.month);
    const col = q.withdrawn ? enterpriseAppeals.withdrawnAt : enterpriseAppeals.receivedAt;
    conds.push(gte(col, a), lt(col, b));
  }
  const where = and(...conds);
  const [rows, [{ n }]] = await Promise.all([
    db.select().from(enterpriseAppeals).where(where).orderBy(desc(enterpriseAppeals.receivedAt), asc(enterpriseAppeals.appealId)).limit(pageSize).offset(offset),
    db.select({ n: count() }).from(enterpriseAppeals).where(where),
  ]);
  return { items: await viewsOf(db, rows), total: Number(n), page, pageSize };
}

/** The ledger's rows: the caller's enterprise appeals received in [from, to), oldest first. */
export async function listEnterpriseAppealRows(db: DbOrTx, actor: Actor, q: { from: Date; to: Date; limit: number }): Promise<EnterpriseAppealView[]> {
  const rows = await db
    .select()
    .from(enterpriseAppeals)
    .where(and(visibleEnterpriseAppeals(actor), gte(enterpriseAppeals.receivedAt, q.from), lt(enterpriseAppeals.receivedAt, q.to)))
    .orderBy(asc(enterpriseAppeals.receivedAt), asc(enterpriseAppeals.appealId))
    .limit(q.limit);
  return viewsOf(db, rows);
}

function assertOpen(r: Row, action: string, actionEn: string) {
  if (r.withdrawnAt) throw new AppError('enterprise_appeal_not_open', { state: '撤回', stateEn: 'withdrawn', action, actionEn });
  if (CLOSED_STATES.has(r.status)) throw new AppError('enterprise_appeal_not_open', { state: '结案', stateEn: 'closed', action, actionEn });
}

/**
 * The proposed solution (24-hour tier): by whoever works the appeal and can see it (the handling
 * department, the desk, the first contact). Recorded once; the appeal's timeline is the appeals module's.
 */
export async function proposeSolution(deps: Deps, ctx: RequestContext, appealId: string, input: { solution: string; amountFen?: number }): Promise<EnterpriseAppealView> {
  authorize(ctx.actor, 'enterprises.appeals');
  const db = deps.database.db;
  const r = await findRow(db, ctx.actor, appealId);
  if (!(await findVisibleAppeal(db, ctx.actor, appealId))) throw notFound('企业诉求', 'Enterprise appeal');
  assertOpen(r, '提出解决方案', 'propose a solution');
  if (r.solutionAt && r.solution) throw new AppError('enterprise_appeal_not_open', { state: '提出解决方案', stateEn: 'given a solution already', action: '重复提出', actionEn: 'propose another' });
  const row = await db.transaction(async (tx) => {
    const [u] = await tx
      .update(enterpriseAppeals)
      .set({ solution: input.solution, solutionAt: r.solutionAt ?? new Date(), ...(input.amountFen !== undefined ? { amountFen: input.amountFen } : {}) })
      .where(eq(enterpriseAppeals.appealId, appealId))
      .returning();
    await audit(tx, ctx, { action: 'enterprise_appeal.solution', targetType: 'appeal', targetId: appealId, regionCode: r.regionCode });
    return u;
  });
  return (await viewsOf(db, [row]))[0];
}

/**
 * A withdrawal (撤诉), with who asked for it: the appeal itself moves (the appeals workflow's
 * `withdraw`, 409 when its state does not allow it) and the enterprise row follows in the same
 * transaction (`follow`); the month's audit lists it.
 */
export async function withdraw(deps: Deps, ctx: RequestContext, appealId: string, input: { reason: string; askedBy: 'firm' | 'department' }): Promise<EnterpriseAppealView> {
  authorize(ctx.actor, 'enterprises.appeals');
  const db = deps.database.db;
  await findRow(db, ctx.actor, appealId);
  const appeal = await findVisibleAppeal(db, ctx.actor, appealId);
  if (!appeal) throw notFound('企业诉求', 'Enterprise appeal');
  await act({ database: deps.database, vault: deps.vault }, ctx, appealId, 'withdraw', { version: appeal.version, reason: input.reason, askedBy: input.askedBy === 'firm' ? 'requester' : 'department' });
  return getEnterpriseAppeal(db, ctx.actor, appealId);
}

/**
 * The appeal moved: the enterprise row follows in the same transaction. Accepting is the response
 * (respond tier); dispatching ends first-contact ownership; handling counts as a solution when none was
 * proposed before; closing meets the last tier.
 */
const follow: AppealStatusListener = async (tx: Tx, appeal, _from, to, step) => {
  if (appeal.requesterKind !== 'enterprise') return;
  const now = new Date();
  const set: Partial<Row> = { status: to, handlingOrgId: appeal.handlingOrgId, rating: appeal.lastRating, ratedAt: appeal.lastRatedAt };
  if (to === 'withdrawn') {
    set.withdrawnAt = now;
    set.withdrawReason = step.note;
    set.withdrawAskedBy = step.data?.askedBy === 'department' ? 'department' : 'firm';
  }
  if (to !== 'registered' && to !== 'withdrawn') set.respondedAt = sql`coalesce(${enterpriseAppeals.respondedAt}, ${now.toISOString()}::timestamptz)` as unknown as Date;
  if (to === 'dispatched' || to === 'handled' || to === 'closed') set.releasedAt = sql`coalesce(${enterpriseAppeals.releasedAt}, ${now.toISOString()}::timestamptz)` as unknown as Date;
  if (to === 'handled' || to === 'feedback_given' || to === 'closed') set.solutionAt = sql`coalesce(${enterpriseAppeals.solutionAt}, ${now.toISOString()}::timestamptz)` as unknown as Date;
  if (to === 'closed') set.closedAt = now;
  await tx.update(enterpriseAppeals).set(set).where(eq(enterpriseAppeals.appealId, appeal.id));
};

export function followEnterpriseAppeals(): void {
  onAppealStatus(follow);
  onAppealRegister(ENTERPRISE_REGISTER_STEP, writeEnterpriseRow);
}
