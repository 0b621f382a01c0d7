import { describe, expect, it } from 'vitest';
import { SHIPPED_CALENDARS } from './calendar.holidays.js';
import { addWorkingMinutes, dueAt, isWorkingDay, parseWorkHours, workingMinutesBetween, type WorkCalendar } from './calendar.time.js';

const y2026 = SHIPPED_CALENDARS.find((y) => y.year === 2026)!;
const cal: WorkCalendar = {
  holidays: new Set(y2026.holidays.map(([d]) => d)),
  workdays: new Set(y2026.workdays.map(([d]) => d)),
  periods: parseWorkHours('08:30-12:00,14:00-17:30'),
};
/** China time → instant. */
const cn = (s: string) => new Date(`${s}+08:00`);

describe('working calendar', () => {
  it('knows weekends, holidays and 调休 working weekends', () => {
    expect(isWorkingDay(cal, '2026-11-20')).toBe(true); // Friday
    expect(isWorkingDay(cal, '2026-11-21')).toBe(false); // Saturday
    expect(isWorkingDay(cal, '2026-10-01')).toBe(false); // 国庆
    expect(isWorkingDay(cal, '2026-10-10')).toBe(true); // Saturday, 国庆调休上班
    expect(isWorkingDay(cal, '2026-02-14')).toBe(true); // Saturday, 春节调休上班
    expect(isWorkingDay(cal, '2026-02-16')).toBe(false); // 除夕 (Monday)
  });

  it('counts working hours into a 调休 Saturday', () => {
    // Friday 16:00 + 4 working hours: 1.5 h on Friday, then Saturday 14 Feb is a working day → 11:00.
    expect(addWorkingMinutes(cal, cn('2026-02-13T16:00:00'), 240)).toEqual(cn('2026-02-14T11:00:00'));
  });

  it('skips the National Day holiday and lands on its 调休 Saturday', () => {
    // Wed 30 Sep 16:00 + 1 working day (7 h): 1.5 h left that day; 1–7 Oct off; Thu 8 Oct from 08:30 → 5.5 h → 16:00.
    expect(dueAt(cal, cn('2026-09-30T16:00:00'), { amount: 1, unit: 'working_days' })).toEqual(cn('2026-10-08T16:00:00'));
    // + 3 working days: 8 Oct (16:00), 9 Oct (16:00), Sat 10 Oct is a working day → 16:00.
    expect(dueAt(cal, cn('2026-09-30T16:00:00'), { amount: 3, unit: 'working_days' })).toEqual(cn('2026-10-10T16:00:00'));
  });

  it('counts a start outside office hours from the next opening', () => {
    expect(addWorkingMinutes(cal, cn('2026-11-20T19:00:00'), 60)).toEqual(cn('2026-11-23T09:30:00'));
    expect(addWorkingMinutes(cal, cn('2026-11-23T12:30:00'), 30)).toEqual(cn('2026-11-23T14:30:00'));
  });

  it('runs calendar hours on the clock (emergencies)', () => {
    expect(dueAt(cal, cn('2026-10-01T10:00:00'), { amount: 2, unit: 'hours' })).toEqual(cn('2026-10-01T12:00:00'));
  });

  it('measures working time between instants', () => {
    expect(workingMinutesBetween(cal, cn('2026-11-20T16:00:00'), cn('2026-11-23T09:30:00'))).toBe(150);
    expect(workingMinutesBetween(cal, cn('2026-10-01T00:00:00'), cn('2026-10-07T23:59:00'))).toBe(0);
    expect(workingMinutesBetween(cal, cn('2026-11-23T10:00:00'), cn('2026-11-23T09:00:00'))).toBe(0);
  });

  it('rejects malformed office hours', () => {
    expect(() => parseWorkHours('9-12')).toThrow();
    expect(() => parseWorkHours('12:00-08:00')).toThrow();
    expect(() => parseWorkHours('08:00-12:00,11:00-13:00')).toThrow();
  });
});
