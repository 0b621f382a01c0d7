/**
 * Series rules, pure: the dates a recurrence gives in a window, and where an occurrence lands when its
 * date is a day off on the working calendar (holiday, or a weekend that is not a 调休 working day).
 */
import { isWorkingDay, type WorkCalendar } from '../calendar/calendar.time.js';
import type { Recurrence } from './meetings.tables.js';

const DAY = 86_400_000;
const toMs = (ymd: string) => Date.parse(`${ymd}T00:00:00Z`);
const toYmd = (ms: number) => new Date(ms).toISOString().slice(0, 10);
export const addDays = (ymd: string, n: number) => toYmd(toMs(ymd) + n * DAY);

/** Why a rule cannot be used, or null when it is fine. */
export function ruleProblem(rule: Recurrence): { zh: string; en: string } | null {
  switch (rule.freq) {
    case 'monthly_day':
      return rule.day >= 1 && rule.day <= 28 ? null : { zh: '每月的日期应为 1–28 日', en: 'the day of the month must be 1 to 28' };
    case 'weekly':
      if (!(rule.interval >= 1 && rule.interval <= 8)) return { zh: '间隔周数应为 1–8', en: 'the interval must be 1 to 8 weeks' };
      return rule.weekday >= 1 && rule.weekday <= 7 ? null : { zh: '星期应为 1–7', en: 'the weekday must be 1 (Monday) to 7 (Sunday)' };
    case 'monthly_nth_weekday':
      if (!(rule.nth >= 1 && rule.nth <= 4)) return { zh: '第几个应为 1–4', en: 'nth must be 1 to 4' };
      return rule.weekday >= 1 && rule.weekday <= 7 ? null : { zh: '星期应为 1–7', en: 'the weekday must be 1 (Monday) to 7 (Sunday)' };
  }
}

/** ISO weekday, Monday 1 … Sunday 7. */
const weekday = (ymd: string) => ((new Date(toMs(ymd)).getUTCDay() + 6) % 7) + 1;

/** The rule's dates in [from, to] (inclusive), never before the series' start. */
export function ruleDates(rule: Recurrence, start: string, from: string, to: string): string[] {
  const lo = from > start ? from : start;
  const out: string[] = [];
  if (rule.freq === 'weekly') {
    // The first meeting is on the first matching weekday on or after the start; then every `interval` weeks.
    let first = start;
    while (weekday(first) !== rule.weekday) first = addDays(first, 1);
    for (let d = first; d <= to; d = addDays(d, 7 * rule.interval)) if (d >= lo) out.push(d);
    return out;
  }
  let y = Number(lo.slice(0, 4));
  let m = Number(lo.slice(5, 7));
  for (;;) {
    const month = `${y}-${String(m).padStart(2, '0')}`;
    if (`${month}-01` > to) break;
    let d: string;
    if (rule.freq === 'monthly_day') d = `${month}-${String(rule.day).padStart(2, '0')}`;
    else {
      let first = `${month}-01`;
      while (weekday(first) !== rule.weekday) first = addDays(first, 1);
      d = addDays(first, 7 * (rule.nth - 1));
    }
    if (d >= lo && d <= to) out.push(d);
    m++;
    if (m > 12) {
      m = 1;
      y++;
    }
  }
  return out;
}

/** Where an occurrence of `ymd` is held: the next working day when `ymd` is a day off and the series moves. */
export function placeOn(cal: WorkCalendar, ymd: string, move: boolean): { date: string; moved: boolean } {
  if (!move || isWorkingDay(cal, ymd)) return { date: ymd, moved: false };
  let d = ymd;
  for (let i = 0; i < 40 && !isWorkingDay(cal, d); i++) d = addDays(d, 1);
  return { date: d, moved: true };
}

/** The working day `n` working days after `ymd` (a deadline on the working calendar). */
export function addWorkingDays(cal: WorkCalendar, ymd: string, n: number): string {
  let d = ymd;
  for (let left = n; left > 0; ) {
    d = addDays(d, 1);
    if (isWorkingDay(cal, d)) left--;
  }
  return d;
}
