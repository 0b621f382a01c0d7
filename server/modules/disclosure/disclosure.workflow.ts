/**
 * 依申请公开 (政府信息公开条例 §33, §30, §32): the request's states and its statutory clock, as data.
 *
 *  open ─request_correction (补正, once, within 7 working days of receipt)→ awaiting_correction
 *  awaiting_correction ─receive_correction→ open (the 20 working days start again from the correction)
 *  open ─start_consult (third party)→ consulting ─end_consult→ open (the days consulting do not count)
 *  open | consulting ─extend (office head, once, ≤ 20 working days, with a notice)→ same state
 *  open ─answer (outcome)→ answered
 *
 * Days are China dates (YYYY-MM-DD) on the working calendar: the day a request (or its correction) is
 * received does not count; the answer is due by the end of the 20th working day after it. This file is
 * pure: the service loads the request and the calendar, `decide` returns the change or the refusal.
 */
import type { Actor } from '../../platform/access.js';
import { can } from '../../platform/access.js';
import { AppError, type ErrorCode } from '../../platform/errors.js';
import { isWorkingDay, type WorkCalendar } from '../calendar/calendar.time.js';

export const STATUSES = ['open', 'awaiting_correction', 'consulting', 'answered'] as const;
export type Status = (typeof STATUSES)[number];
export const OUTCOMES = ['disclosed', 'partly_disclosed', 'not_disclosed', 'not_held', 'not_a_request'] as const;
export type Outcome = (typeof OUTCOMES)[number];

const ANSWER_DAYS = 20;
export const MAX_EXTENSION_DAYS = 20;
const CORRECTION_WITHIN_DAYS = 7;

export const ACTIONS = ['request_correction', 'receive_correction', 'start_consult', 'end_consult', 'extend', 'answer'] as const;
export type Action = (typeof ACTIONS)[number];

export interface ClockState {
  status: Status;
  receivedOn: string;
  /** The day the clock (re)started from: receipt, or the correction's arrival. */
  clockFrom: string;
  dueOn: string;
  correctionUsed: boolean;
  extensionDays: number;
  consultFrom: string | null;
  /** Working days spent consulting third parties (not counted). */
  pausedDays: number;
}

/** The working day `n` working days after `ymd` (`ymd` itself not counted). */
export function addWorkingDays(cal: WorkCalendar, ymd: string, n: number): string {
  let t = Date.parse(`${ymd}T00:00:00Z`);
  let left = n;
  for (let i = 0; i < 3660 && left > 0; i++) {
    t += 86_400_000;
    if (isWorkingDay(cal, new Date(t).toISOString().slice(0, 10))) left--;
  }
  return new Date(t).toISOString().slice(0, 10);
}

/** Working days after `a` up to and including `b` (0 when b ≤ a). */
export function workingDaysBetween(cal: WorkCalendar, a: string, b: string): number {
  let n = 0;
  for (let t = Date.parse(`${a}T00:00:00Z`) + 86_400_000, end = Date.parse(`${b}T00:00:00Z`); t <= end; t += 86_400_000) {
    if (isWorkingDay(cal, new Date(t).toISOString().slice(0, 10))) n++;
  }
  return n;
}

interface Row {
  from: readonly Status[];
  to: Status | 'same';
  permission: 'disclosure.write' | 'disclosure.approve';
  refused: ErrorCode;
}

/** The table: where each action may start, where it goes, who takes it, the 409 code when the state is wrong. */
export const WORKFLOW: Record<Action, Row> = {
  request_correction: { from: ['open'], to: 'awaiting_correction', permission: 'disclosure.write', refused: 'disclosure_not_open' },
  receive_correction: { from: ['awaiting_correction'], to: 'open', permission: 'disclosure.write', refused: 'disclosure_no_correction_pending' },
  start_consult: { from: ['open'], to: 'consulting', permission: 'disclosure.write', refused: 'disclosure_not_open' },
  end_consult: { from: ['consulting'], to: 'open', permission: 'disclosure.write', refused: 'disclosure_not_consulting' },
  extend: { from: ['open', 'consulting'], to: 'same', permission: 'disclosure.approve', refused: 'disclosure_not_open' },
  answer: { from: ['open'], to: 'answered', permission: 'disclosure.write', refused: 'disclosure_not_open' },
};

/** The actions the actor may take now (the buttons come from this). */
export function availableActions(actor: Actor, s: ClockState): Action[] {
  return ACTIONS.filter((a) => WORKFLOW[a].from.includes(s.status) && can(actor, WORKFLOW[a].permission) && !(a === 'request_correction' && s.correctionUsed) && !(a === 'extend' && s.extensionDays > 0));
}

export interface ActionInput {
  days?: number;
  outcome?: Outcome;
  reason?: string;
  notice?: string;
}

export interface Decision {
  state: ClockState;
  answeredOn?: string;
  /** Working days from the clock's start to the answer, consulting excluded. */
  workingDays?: number;
}

/** Applies one action on `today` (China date), or throws the refusal. */
export function decide(cal: WorkCalendar, s: ClockState, action: Action, input: ActionInput, today: string): Decision {
  const row = WORKFLOW[action];
  if (!row.from.includes(s.status)) throw new AppError(row.refused, { status: s.status });
  const next: ClockState = { ...s, status: row.to === 'same' ? s.status : row.to };
  switch (action) {
    case 'request_correction':
      if (s.correctionUsed) throw new AppError('disclosure_correction_used');
      if (today > addWorkingDays(cal, s.receivedOn, CORRECTION_WITHIN_DAYS)) throw new AppError('disclosure_correction_too_late');
      next.correctionUsed = true;
      return { state: next };
    case 'receive_correction':
      next.clockFrom = today;
      next.pausedDays = 0;
      next.dueOn = addWorkingDays(cal, today, ANSWER_DAYS + s.extensionDays);
      return { state: next };
    case 'start_consult':
      next.consultFrom = today;
      return { state: next };
    case 'end_consult': {
      const spent = workingDaysBetween(cal, s.consultFrom ?? today, today);
      next.consultFrom = null;
      next.pausedDays = s.pausedDays + spent;
      next.dueOn = addWorkingDays(cal, s.dueOn, spent);
      return { state: next };
    }
    case 'extend': {
      if (s.extensionDays > 0) throw new AppError('disclosure_already_extended');
      const days = input.days ?? MAX_EXTENSION_DAYS;
      if (!input.notice?.trim()) throw new AppError('disclosure_notice_required');
      next.extensionDays = days;
      next.dueOn = addWorkingDays(cal, s.dueOn, days);
      return { state: next };
    }
    case 'answer': {
      if (!input.outcome) throw new AppError('disclosure_outcome_required');
      if ((input.outcome === 'not_disclosed' || input.outcome === 'partly_disclosed') && !input.reason?.trim()) throw new AppError('disclosure_reason_required');
      return { state: next, answeredOn: today, workingDays: Math.max(0, workingDaysBetween(cal, s.clockFrom, today) - s.pausedDays) };
    }
  }
}

/** The state of a request received on `receivedOn`. */
export function received(cal: WorkCalendar, receivedOn: string): ClockState {
  return { status: 'open', receivedOn, clockFrom: receivedOn, dueOn: addWorkingDays(cal, receivedOn, ANSWER_DAYS), correctionUsed: false, extensionDays: 0, consultFrom: null, pausedDays: 0 };
}
