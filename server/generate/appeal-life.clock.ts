/**
 * The clock of an appeal's life (appeal-life.ts): working time counted back from an instant, and the
 * deadlines appeals.clock.ts sets when an appeal is dispatched, the same-day rule (即诉即办) included.
 */
import {
  CHINA_OFFSET_MS,
  addWorkingMinutes,
  dueAt,
  endOfWorkingDay,
  isWorkingDay,
  localParts,
  minutesPerWorkingDay,
  workingMinutesBetween,
  type LimitUnit,
  type WorkCalendar,
} from '../modules/calendar/calendar.time.js';
import type { Urgency } from '../modules/appeals/appeals.limits.js';
import type { Draft, LifeEnv } from './appeal-life.js';


function chinaHm(at: number): number {
  return localParts(new Date(at)).minute;
}

/** The instant `minutes` of working time before `end` (the inverse of addWorkingMinutes). */
export function workingMinutesBefore(cal: WorkCalendar, end: number, minutes: number): number {
  let left = minutes;
  let { dayStartUtc } = localParts(new Date(end));
  let cursor: number = chinaHm(end);
  for (let d = 0; d < 3660; d++) {
    const ymd = new Date(dayStartUtc + CHINA_OFFSET_MS).toISOString().slice(0, 10);
    if (isWorkingDay(cal, ymd)) {
      for (const [a, b] of [...cal.periods].reverse()) {
        const to = Math.min(b, cursor);
        if (to <= a) continue;
        const avail = to - a;
        if (left <= avail) return dayStartUtc + (to - left) * 60_000;
        left -= avail;
      }
    }
    dayStartUtc -= 86_400_000;
    cursor = 24 * 60;
  }
  throw new Error('working time beyond ten years');
}

/** The deadlines appeals.clock.ts sets, the same-day rule (即诉即办) included. */
export function deadlines(env: LifeEnv, d: Draft, start: number, registeredAt?: number) {
  const limits = env.limits(d.appeal.categoryCode, (d.appeal.urgency ?? 'normal') as Urgency);
  if (env.simple?.(d.appeal.categoryCode)) {
    const s = new Date(start);
    const handlingDueAt = endOfWorkingDay(env.cal, new Date(registeredAt ?? start));
    const left = workingMinutesBetween(env.cal, s, handlingDueAt);
    const responseDueAt = dueAt(env.cal, s, limits.response);
    return {
      responseDueAt: responseDueAt < handlingDueAt || handlingDueAt <= s ? responseDueAt : handlingDueAt,
      handlingDueAt,
      warnAt: left > 0 ? addWorkingMinutes(env.cal, s, left * 0.8) : handlingDueAt,
      responseUnit: limits.response.unit,
      handlingUnit: 'working_hours' as LimitUnit,
      fastTrack: true,
    };
  }
  const h = limits.handling;
  const handlingMinutes = h.unit === 'working_days' ? h.amount * minutesPerWorkingDay(env.cal) : h.unit === 'days' ? h.amount * 1440 : h.amount * 60;
  const warnUnit: LimitUnit = h.unit === 'working_days' ? 'working_hours' : h.unit === 'days' ? 'hours' : h.unit;
  const s = new Date(start);
  return {
    responseDueAt: dueAt(env.cal, s, limits.response),
    handlingDueAt: dueAt(env.cal, s, h),
    warnAt: dueAt(env.cal, s, { amount: (handlingMinutes * 0.8) / 60, unit: warnUnit }),
    responseUnit: limits.response.unit,
    handlingUnit: h.unit,
    fastTrack: false,
  };
}
