import { randomUUID } from 'node:crypto';
import { and, asc, avg, count, desc, eq, sql } from 'drizzle-orm';
import { assertAssignable, authorize, type Actor } from '../../platform/access.js';
import { visibleDisclosure } from '../../platform/access/disclosure.js';
import { audit, type RequestContext } from '../../platform/audit.js';
import { maskName, normalisePhone, type Vault } from '../../platform/crypto.js';
import type { Database, DbOrTx } from '../../platform/db.js';
import { AppError, notFound } from '../../platform/errors.js';
import { pageOf, type PageResult } from '../../platform/schemas.js';
import { localParts } from '../calendar/calendar.time.js';
import { workCalendar } from '../calendar/calendar.service.js';
import * as regionsService from '../regions/regions.service.js';
import { disclosureEvents, disclosureRequests } from './disclosure.tables.js';
import { availableActions, decide, received, WORKFLOW, type Action, type ActionInput, type ClockState, type Outcome, type Status } from './disclosure.workflow.js';

export interface Deps {
  database: Database;
  vault: Vault;
}

type Row = typeof disclosureRequests.$inferSelect;

const today = (now = new Date()) => localParts(now).ymd;

function clockOf(r: Row): ClockState {
  return {
    status: r.status as Status,
    receivedOn: r.receivedOn,
    clockFrom: r.clockFrom,
    dueOn: r.dueOn,
    correctionUsed: r.correctionUsed,
    extensionDays: r.extensionDays,
    consultFrom: r.consultFrom,
    pausedDays: r.pausedDays,
  };
}

function view(actor: Actor, r: Row, now = new Date()) {
  const open = r.status !== 'answered';
  return {
    id: r.id,
    regionCode: r.regionCode,
    applicantKind: r.applicantKind as 'resident' | 'firm',
    applicantName: r.applicantNameMasked,
    subject: r.subject,
    status: r.status as Status,
    receivedOn: r.receivedOn,
    clockFrom: r.clockFrom,
    dueOn: r.dueOn,
    overdue: open && r.status !== 'awaiting_correction' && today(now) > r.dueOn,
    correctionUsed: r.correctionUsed,
    extensionDays: r.extensionDays,
    pausedDays: r.pausedDays,
    outcome: (r.outcome as Outcome | null) ?? null,
    reason: r.reason,
    answeredOn: r.answeredOn,
    workingDays: r.workingDays,
    version: r.version,
    actions: availableActions(actor, clockOf(r)),
  };
}
export type DisclosureView = ReturnType<typeof view>;

export interface CreateInput {
  regionCode: string;
  applicantKind: 'resident' | 'firm';
  applicantName: string;
  phone?: string;
  subject: string;
  receivedOn?: string;
}

export async function createRequest(deps: Deps, ctx: RequestContext, input: CreateInput): Promise<DisclosureView> {
  authorize(ctx.actor, 'disclosure.write');
  assertAssignable(ctx.actor, input.regionCode, '受理机关所在区域', 'The region');
  const { db } = deps.database;
  if (!(await regionsService.exists(db, input.regionCode))) throw notFound(`区域 ${input.regionCode} `, `Region ${input.regionCode}`);
  const phone = input.phone ? normalisePhone(input.phone) : null;
  if (input.phone && !phone) throw new AppError('bad_request', { reason: '电话号码不正确', reasonEn: 'the phone number is not valid' });
  const on = input.receivedOn ?? today();
  if (on > today()) throw new AppError('bad_request', { reason: '收到日期不能晚于今天', reasonEn: 'the day received cannot be in the future' });
  const cal = await workCalendar(db);
  const clock = received(cal, on);
  const id = randomUUID();
  const row = await deps.database.db.transaction(async (tx) => {
    const [created] = await tx
      .insert(disclosureRequests)
      .values({
        id,
        regionCode: input.regionCode,
        applicantKind: input.applicantKind,
        applicantNameEnc: deps.vault.encrypt(input.applicantName.trim()),
        applicantNameMasked: input.applicantKind === 'firm' ? input.applicantName.trim() : maskName(input.applicantName.trim()),
        applicantPhoneEnc: phone ? deps.vault.encrypt(phone) : null,
        subject: input.subject,
        ...clock,
        createdBy: ctx.actor.id,
      })
      .returning();
    await tx.insert(disclosureEvents).values({ requestId: id, action: 'receive', on, by: ctx.actor.id });
    await audit(tx, ctx, { action: 'disclosure.create', targetType: 'disclosure_request', targetId: id, regionCode: input.regionCode });
    return created;
  });
  return view(ctx.actor, row);
}

export async function listRequests(db: DbOrTx, actor: Actor, q: { status?: Status; page?: number; pageSize?: number }): Promise<PageResult<DisclosureView> & { averageDays: number | null; answered: number }> {
  authorize(actor, 'disclosure.read');
  const { page, pageSize, offset } = pageOf(q);
  const where = and(visibleDisclosure(actor), q.status ? eq(disclosureRequests.status, q.status) : undefined);
  const [rows, [{ n }], [stats]] = await Promise.all([
    db.select().from(disclosureRequests).where(where).orderBy(desc(disclosureRequests.receivedOn), desc(disclosureRequests.createdAt)).limit(pageSize).offset(offset),
    db.select({ n: count() }).from(disclosureRequests).where(where),
    db
      .select({ avg: avg(disclosureRequests.workingDays), answered: count() })
      .from(disclosureRequests)
      .where(and(visibleDisclosure(actor), eq(disclosureRequests.status, 'answered'))),
  ]);
  return {
    items: rows.map((r) => view(actor, r)),
    total: Number(n),
    page,
    pageSize,
    answered: Number(stats.answered),
    averageDays: stats.avg === null ? null : Math.round(Number(stats.avg) * 10) / 10,
  };
}

async function findVisible(db: DbOrTx, actor: Actor, id: string): Promise<Row> {
  authorize(actor, 'disclosure.read');
  const [row] = await db.select().from(disclosureRequests).where(and(eq(disclosureRequests.id, id), visibleDisclosure(actor))).limit(1);
  if (!row) throw notFound('公开申请', 'Disclosure request');
  return row;
}

export async function getRequest(db: DbOrTx, actor: Actor, id: string) {
  const row = await findVisible(db, actor, id);
  const events = await db.select().from(disclosureEvents).where(eq(disclosureEvents.requestId, id)).orderBy(asc(disclosureEvents.id));
  return { ...view(actor, row), events: events.map((e) => ({ action: e.action, note: e.note, on: e.on, at: e.at.toISOString() })) };
}

/** One step of the workflow: the row and the calendar decide; the change, its event and audit land together. */
export async function actOn(deps: Deps, ctx: RequestContext, id: string, action: Action, input: ActionInput & { version: number }, now = new Date()) {
  const { db } = deps.database;
  const row = await findVisible(db, ctx.actor, id);
  authorize(ctx.actor, WORKFLOW[action].permission);
  const cal = await workCalendar(db);
  const day = today(now);
  const d = decide(cal, clockOf(row), action, input, day);
  await db.transaction(async (tx) => {
    const updated = await tx
      .update(disclosureRequests)
      .set({
        ...d.state,
        ...(action === 'answer' ? { outcome: input.outcome, reason: input.reason?.trim() || null, answeredOn: d.answeredOn, workingDays: d.workingDays } : {}),
        version: sql`${disclosureRequests.version} + 1`,
      })
      .where(and(eq(disclosureRequests.id, id), eq(disclosureRequests.version, input.version)))
      .returning({ id: disclosureRequests.id });
    if (!updated.length) throw new AppError('stale_version');
    const note = action === 'extend' ? `${input.days ?? 20}: ${input.notice}` : action === 'answer' ? [input.outcome, input.reason].filter(Boolean).join(': ') : input.notice ?? null;
    await tx.insert(disclosureEvents).values({ requestId: id, action, note, on: day, by: ctx.actor.id });
    await audit(tx, ctx, { action: `disclosure.${action}`, targetType: 'disclosure_request', targetId: id, regionCode: row.regionCode });
  });
  return getRequest(db, ctx.actor, id);
}
