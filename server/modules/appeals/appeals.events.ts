/**
 * The appeal's timeline and its moves: every change of an appeal is written with its event, in the
 * transaction that makes it (history is data).
 */
import { and, eq, sql } from 'drizzle-orm';
import type { RequestContext } from '../../platform/audit.js';
import type { Tx } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import { workCalendar } from '../calendar/calendar.service.js';
import type { WorkCalendar } from '../calendar/calendar.time.js';
import { clockSet, type AppealSet } from './appeals.clock.js';
import { appealEvents, appeals } from './appeals.tables.js';
import type { ActionRule, ClockEffect, Status } from './appeals.workflow.js';

type AppealRow = typeof appeals.$inferSelect;

interface EventOpts {
  from?: Status | null;
  to?: Status | null;
  note?: string | null;
  publicText?: string | null;
  orgId?: string | null;
  data?: Record<string, unknown>;
}

export async function addEvent(tx: Tx, appeal: AppealRow, ctx: RequestContext | null, type: string, o: EventOpts): Promise<number> {
  const [e] = await tx
    .insert(appealEvents)
    .values({
      appealId: appeal.id,
      type,
      fromStatus: o.from ?? null,
      toStatus: o.to ?? null,
      actorKind: ctx ? ctx.actor.kind : 'public',
      actorId: ctx?.actor.id ?? null,
      actorName: ctx ? ctx.actor.displayName ?? ctx.actor.name : '诉求人',
      orgId: o.orgId ?? null,
      note: o.note ?? null,
      publicText: o.publicText ?? null,
      data: o.data ?? null,
    })
    .returning({ id: appealEvents.id });
  return e.id;
}

/** Follows an appeal's status changes in the transaction that makes them; `step` is the event written. */
export type AppealStatusListener = (tx: Tx, appeal: AppealRow, from: Status, to: Status, step: { type: string; note: string | null; data: Record<string, unknown> | null }) => Promise<void>;
const statusListeners: AppealStatusListener[] = [];

/**
 * Lets another module follow appeals' status changes, inside the same transaction (the visits module
 * writes the outcome of an appeal raised at a door onto that household's timeline).
 */
export function onAppealStatus(listener: AppealStatusListener): void {
  if (!statusListeners.includes(listener)) statusListeners.push(listener);
}

/** One step as a handler describes it: the event, and the columns its own effects change. */
export interface Step extends Omit<EventOpts, 'from' | 'to'> {
  type: string;
  set?: AppealSet;
  /** The caller took the step only in part (its own part, a whistle to the desk): status and clock stay. */
  partial?: boolean;
  /** For a row whose clock is decided by the step (decide_request): the effect it has. */
  clock?: ClockEffect;
}

/**
 * Moves the appeal as a workflow row says (its `to`, its clock effect), version-checked against the
 * row the caller loaded, and records the step.
 */
export async function applyRule(
  tx: Tx,
  ctx: RequestContext | null,
  appeal: AppealRow,
  rule: Pick<ActionRule, 'to' | 'clock'>,
  step: Step,
  at: { now: Date; cal?: WorkCalendar },
): Promise<AppealRow> {
  const to = step.partial ? null : rule.to;
  const clock = step.partial ? null : rule.clock ?? step.clock ?? null;
  const clocked = clock ? await clockSet(tx, at.cal ?? (await workCalendar(tx)), appeal, clock, at.now) : {};
  // The step's own columns come last: they refine the clock's (an appeal solved on the spot took no time).
  const [row] = await tx
    .update(appeals)
    .set({ ...clocked, ...(step.set ?? {}), ...(to ? { status: to } : {}), updatedAt: new Date(), version: sql`${appeals.version} + 1` })
    .where(and(eq(appeals.id, appeal.id), eq(appeals.version, appeal.version)))
    .returning();
  if (!row) throw new AppError('stale_version');
  const { type, set: _set, partial: _partial, clock: _clock, ...event } = step;
  await addEvent(tx, appeal, ctx, type, { ...event, from: appeal.status as Status, to: to ?? (appeal.status as Status) });
  if (to && to !== appeal.status) for (const l of statusListeners) await l(tx, row, appeal.status as Status, to, { type, note: event.note ?? null, data: event.data ?? null });
  return row;
}
