/**
 * The handling clock: what each clock effect of the workflow (ClockEffect) writes on the appeal.
 * Limits come from the category and urgency (appeals.limits.ts), time from the work calendar.
 */
import type { Tx } from '../../platform/db.js';
import { addWorkingMinutes, dueAt, elapsedMinutes, endOfWorkingDay, extendBy, minutesPerWorkingDay, workingMinutesBetween, type Limit, type LimitUnit, type WorkCalendar } from '../calendar/calendar.time.js';
import { isSimpleCategory } from '../categories/categories.service.js';
import { limitsFor, type Urgency } from './appeals.limits.js';
import type { appeals } from './appeals.tables.js';
import type { ClockEffect } from './appeals.workflow.js';

type AppealRow = typeof appeals.$inferSelect;
export type AppealSet = Partial<typeof appeals.$inferInsert>;

export function minutesOf(limit: Limit, perDay: number): number {
  return limit.unit === 'working_days' ? limit.amount * perDay : limit.unit === 'days' ? limit.amount * 1440 : limit.amount * 60;
}

/**
 * Deadlines from a start: response, handling, and the yellow warning at 80% of the handling time.
 * An appeal of a simple category (即诉即办) is due the end of the working day it was registered on
 * (`registeredAt`; after hours, the next working day's end), or of the day it restarts (rework), and is
 * warned at 80% of the working time left; it joins the fast queue (`fastTrack`).
 */
export async function deadlines(tx: Tx, cal: WorkCalendar, appeal: AppealRow, start: Date, registeredAt?: Date) {
  const limits = await limitsFor(tx, appeal.categoryCode, appeal.urgency as Urgency);
  if (await isSimpleCategory(tx, appeal.categoryCode)) {
    const handlingDueAt = endOfWorkingDay(cal, registeredAt ?? start);
    const left = workingMinutesBetween(cal, start, handlingDueAt);
    const responseDueAt = dueAt(cal, start, limits.response);
    return {
      // Signing for is due by the same-day limit too, unless that has already run out (its own limit then).
      responseDueAt: responseDueAt < handlingDueAt || handlingDueAt <= start ? responseDueAt : handlingDueAt,
      handlingDueAt,
      warnAt: left > 0 ? addWorkingMinutes(cal, start, left * 0.8) : handlingDueAt,
      responseUnit: limits.response.unit,
      handlingUnit: 'working_hours' as LimitUnit,
      fastTrack: true,
    };
  }
  const handlingMinutes = minutesOf(limits.handling, minutesPerWorkingDay(cal));
  const warnUnit: LimitUnit = limits.handling.unit === 'working_days' ? 'working_hours' : limits.handling.unit === 'days' ? 'hours' : limits.handling.unit;
  return {
    responseDueAt: dueAt(cal, start, limits.response),
    handlingDueAt: dueAt(cal, start, limits.handling),
    warnAt: dueAt(cal, start, { amount: (handlingMinutes * 0.8) / 60, unit: warnUnit }),
    responseUnit: limits.response.unit,
    handlingUnit: limits.handling.unit,
    fastTrack: false,
  };
}

/** The time spent paused moves every running limit later by as much. */
function resumeSet(cal: WorkCalendar, appeal: AppealRow, now: Date): AppealSet {
  const unit = (appeal.handlingUnit ?? 'working_days') as LimitUnit;
  const paused = elapsedMinutes(cal, unit, appeal.pausedAt!, now);
  const rUnit = (appeal.responseUnit ?? 'working_hours') as LimitUnit;
  return {
    pausedAt: null,
    pauseReason: null,
    deferred: false,
    handlingDueAt: appeal.handlingDueAt ? extendBy(cal, unit, appeal.handlingDueAt, paused) : null,
    warnAt: appeal.warnAt ? extendBy(cal, unit, appeal.warnAt, paused) : null,
    responseDueAt: appeal.responseDueAt && !appeal.signedAt ? extendBy(cal, rUnit, appeal.responseDueAt, elapsedMinutes(cal, rUnit, appeal.pausedAt!, now)) : appeal.responseDueAt,
  };
}

/** An approved extension: the handling limit and its warning move later by `minutes`. */
export function extensionSet(cal: WorkCalendar, appeal: AppealRow, minutes: number): AppealSet {
  const unit = (appeal.handlingUnit ?? 'working_days') as LimitUnit;
  return { handlingDueAt: extendBy(cal, unit, appeal.handlingDueAt!, minutes), warnAt: extendBy(cal, unit, appeal.warnAt!, minutes), overdueNotified: false, warnedNotified: false };
}

/** The columns a clock effect writes, for an appeal at `now`. */
export async function clockSet(tx: Tx, cal: WorkCalendar, appeal: AppealRow, effect: ClockEffect, now: Date): Promise<AppealSet> {
  switch (effect) {
    case 'start':
      return {
        dispatchedAt: now,
        signedAt: null,
        // 即诉即办 counts from registration: the day it came in.
        ...(await deadlines(tx, cal, appeal, now, appeal.createdAt)),
        pausedAt: null,
        pauseReason: null,
        overdueNotified: false,
        warnedNotified: false,
        responseOverdueNotified: false,
      };
    case 'finish':
      return {
        handledAt: now,
        handlingMinutes: appeal.acceptedAt ? workingMinutesBetween(cal, appeal.acceptedAt, now) : null,
        ...(appeal.pausedAt ? resumeSet(cal, appeal, now) : {}),
      };
    case 'stop':
      return { dispatchedAt: null, signedAt: null, responseDueAt: null, handlingDueAt: null, warnAt: null, pausedAt: null, pauseReason: null };
    case 'pause':
      return { pausedAt: appeal.pausedAt ?? now };
    case 'resume':
      return resumeSet(cal, appeal, now);
    case 'restart': {
      const d = await deadlines(tx, cal, appeal, now);
      return { handledAt: null, handlingDueAt: d.handlingDueAt, warnAt: d.warnAt, fastTrack: d.fastTrack, overdueNotified: false, warnedNotified: false };
    }
  }
}
