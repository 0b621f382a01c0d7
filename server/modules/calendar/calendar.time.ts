/**
 * Working time on China's calendar. Limits count working time: Monday–Friday, minus public holidays,
 * plus 调休 weekend working days, within the office's working hours. China keeps one time zone
 * (UTC+8) and no daylight saving, so local time is a fixed offset.
 */
export const CHINA_OFFSET_MS = 8 * 3600_000;

export interface WorkCalendar {
  holidays: ReadonlySet<string>;
  workdays: ReadonlySet<string>;
  /** Working periods of a day, minutes after local midnight, ascending: e.g. [[510, 720], [840, 1050]]. */
  periods: readonly (readonly [number, number])[];
}

export type LimitUnit = 'working_hours' | 'working_days' | 'hours' | 'days';
export interface Limit {
  amount: number;
  unit: LimitUnit;
}

export const DEFAULT_WORK_HOURS = '08:30-12:00,14:00-17:30';

/** "08:30-12:00,14:00-17:30" → [[510,720],[840,1050]]; throws on anything else. */
export function parseWorkHours(spec: string): [number, number][] {
  const toMin = (hm: string) => {
    const m = /^(\d{1,2}):(\d{2})$/.exec(hm.trim());
    if (!m || Number(m[1]) > 24 || Number(m[2]) > 59) throw new Error(`bad time "${hm}"`);
    return Number(m[1]) * 60 + Number(m[2]);
  };
  const periods = spec.split(',').map((p) => {
    const [a, b] = p.split('-');
    if (b === undefined) throw new Error(`bad period "${p}"`);
    const s = toMin(a);
    const e = toMin(b);
    if (e <= s) throw new Error(`period "${p}" ends before it starts`);
    return [s, e] as [number, number];
  });
  for (let i = 1; i < periods.length; i++) if (periods[i][0] < periods[i - 1][1]) throw new Error('periods overlap or are out of order');
  return periods;
}

export function minutesPerWorkingDay(cal: WorkCalendar): number {
  return cal.periods.reduce((s, [a, b]) => s + (b - a), 0);
}

/** Local (China) date and minute of day of an instant. */
export function localParts(at: Date): { ymd: string; minute: number; dayStartUtc: number } {
  const local = at.getTime() + CHINA_OFFSET_MS;
  const dayStartLocal = Math.floor(local / 86_400_000) * 86_400_000;
  return {
    ymd: new Date(dayStartLocal).toISOString().slice(0, 10),
    minute: Math.floor((local - dayStartLocal) / 60_000),
    dayStartUtc: dayStartLocal - CHINA_OFFSET_MS,
  };
}

export function isWorkingDay(cal: WorkCalendar, ymd: string): boolean {
  if (cal.holidays.has(ymd)) return false;
  if (cal.workdays.has(ymd)) return true;
  const dow = new Date(`${ymd}T00:00:00Z`).getUTCDay();
  return dow >= 1 && dow <= 5;
}

const MAX_DAYS = 3660;

/** The instant after `minutes` of working time from `start`. */
export function addWorkingMinutes(cal: WorkCalendar, start: Date, minutes: number): Date {
  let left = minutes;
  const parts = localParts(start);
  let dayStartUtc = parts.dayStartUtc;
  let cursor = parts.minute;
  if (left <= 0) return start;
  for (let d = 0; d < MAX_DAYS; d++) {
    const ymd = new Date(dayStartUtc + CHINA_OFFSET_MS).toISOString().slice(0, 10);
    if (isWorkingDay(cal, ymd)) {
      for (const [a, b] of cal.periods) {
        const from = Math.max(a, cursor);
        if (from >= b) continue;
        const avail = b - from;
        if (left <= avail) return new Date(dayStartUtc + (from + left) * 60_000);
        left -= avail;
      }
    }
    dayStartUtc += 86_400_000;
    cursor = 0;
  }
  throw new Error('working time beyond ten years');
}

/** Working minutes between two instants (0 when b ≤ a). */
export function workingMinutesBetween(cal: WorkCalendar, a: Date, b: Date): number {
  if (b <= a) return 0;
  const pa = localParts(a);
  const pb = localParts(b);
  let total = 0;
  let dayStartUtc = pa.dayStartUtc;
  for (let d = 0; d < MAX_DAYS && dayStartUtc <= pb.dayStartUtc; d++) {
    const ymd = new Date(dayStartUtc + CHINA_OFFSET_MS).toISOString().slice(0, 10);
    if (isWorkingDay(cal, ymd)) {
      const lo = dayStartUtc === pa.dayStartUtc ? pa.minute : 0;
      const hi = dayStartUtc === pb.dayStartUtc ? pb.minute : 24 * 60;
      for (const [s, e] of cal.periods) total += Math.max(0, Math.min(e, hi) - Math.max(s, lo));
    }
    dayStartUtc += 86_400_000;
  }
  return total;
}

/** When a limit counted from `start` runs out. Calendar hours/days run on the clock (emergencies). */
export function dueAt(cal: WorkCalendar, start: Date, limit: Limit): Date {
  switch (limit.unit) {
    case 'hours':
      return new Date(start.getTime() + limit.amount * 3600_000);
    case 'days':
      return new Date(start.getTime() + limit.amount * 86_400_000);
    case 'working_hours':
      return addWorkingMinutes(cal, start, limit.amount * 60);
    case 'working_days':
      return addWorkingMinutes(cal, start, limit.amount * minutesPerWorkingDay(cal));
  }
}

/** Elapsed time against a limit, in that limit's kind of time (minutes). */
export function elapsedMinutes(cal: WorkCalendar, unit: LimitUnit, a: Date, b: Date): number {
  return unit === 'hours' || unit === 'days' ? Math.max(0, (b.getTime() - a.getTime()) / 60_000) : workingMinutesBetween(cal, a, b);
}

/** Moves a deadline later by `minutes` of the limit's kind of time (after a pause). */
export function extendBy(cal: WorkCalendar, unit: LimitUnit, due: Date, minutes: number): Date {
  if (minutes <= 0) return due;
  return unit === 'hours' || unit === 'days' ? new Date(due.getTime() + minutes * 60_000) : addWorkingMinutes(cal, due, minutes);
}

/**
 * The end of the working day an instant is registered on (即诉即办's limit): that day's last working minute
 * when `at` falls on a working day before it ends, otherwise the end of the next working day (registered
 * in the evening, on a weekend or a holiday).
 */
export function endOfWorkingDay(cal: WorkCalendar, at: Date): Date {
  const last = cal.periods.length ? cal.periods[cal.periods.length - 1][1] : 24 * 60;
  const parts = localParts(at);
  let dayStartUtc = parts.dayStartUtc;
  if (isWorkingDay(cal, parts.ymd) && parts.minute < last) return new Date(dayStartUtc + last * 60_000);
  for (let d = 0; d < MAX_DAYS; d++) {
    dayStartUtc += 86_400_000;
    if (isWorkingDay(cal, new Date(dayStartUtc + CHINA_OFFSET_MS).toISOString().slice(0, 10))) return new Date(dayStartUtc + last * 60_000);
  }
  throw new Error('no working day within ten years');
}
