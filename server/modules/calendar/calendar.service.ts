import { and, asc, eq, gte, lte } from 'drizzle-orm';
import { authorize, type Actor } from '../../platform/access.js';
import { audit, type RequestContext } from '../../platform/audit.js';
import type { Database, DbOrTx } from '../../platform/db.js';
import { badRequest } from '../../platform/errors.js';
import { calendarDays } from './calendar.tables.js';
import { SHIPPED_CALENDARS } from './calendar.holidays.js';
import { parseWorkHours, type WorkCalendar } from './calendar.time.js';

export interface CalendarDay {
  date: string;
  kind: 'holiday' | 'workday';
  name: string;
}

let workHours: [number, number][] = parseWorkHours('08:30-12:00,14:00-17:30');
export function setWorkHours(spec: string) {
  workHours = parseWorkHours(spec);
}

/**
 * The calendar as the deadline code needs it. Cached per database handle; edits clear the cache.
 */
const cache = new WeakMap<object, { at: number; cal: WorkCalendar }>();
const TTL_MS = 60_000;

export async function workCalendar(db: DbOrTx): Promise<WorkCalendar> {
  const hit = cache.get(db);
  if (hit && Date.now() - hit.at < TTL_MS) return hit.cal;
  const rows = await db.select().from(calendarDays);
  const cal: WorkCalendar = {
    holidays: new Set(rows.filter((r) => r.kind === 'holiday').map((r) => r.date)),
    workdays: new Set(rows.filter((r) => r.kind === 'workday').map((r) => r.date)),
    periods: workHours,
  };
  cache.set(db, { at: Date.now(), cal });
  return cal;
}

function clearCalendarCache(db: DbOrTx) {
  cache.delete(db);
}

export async function yearDays(db: DbOrTx, actor: Actor, year: number): Promise<CalendarDay[]> {
  authorize(actor, 'calendar.read');
  const rows = await db
    .select()
    .from(calendarDays)
    .where(and(gte(calendarDays.date, `${year}-01-01`), lte(calendarDays.date, `${year}-12-31`)))
    .orderBy(asc(calendarDays.date));
  return rows.map((r) => ({ date: r.date, kind: r.kind as CalendarDay['kind'], name: r.name }));
}

/** Replaces a year's exceptions (holidays and 调休 working days) in one go. */
export async function replaceYear(database: Database, ctx: RequestContext, year: number, days: CalendarDay[]): Promise<CalendarDay[]> {
  authorize(ctx.actor, 'calendar.write');
  const seen = new Set<string>();
  for (const d of days) {
    if (!d.date.startsWith(`${year}-`)) throw badRequest(`日期 ${d.date} 不属于 ${year} 年 / ${d.date} is not in ${year}`);
    if (Number.isNaN(new Date(`${d.date}T00:00:00Z`).getTime()) || new Date(`${d.date}T00:00:00Z`).toISOString().slice(0, 10) !== d.date) {
      throw badRequest(`无效日期 ${d.date} / invalid date ${d.date}`);
    }
    if (seen.has(d.date)) throw badRequest(`日期重复 ${d.date} / duplicate date ${d.date}`);
    seen.add(d.date);
  }
  await database.db.transaction(async (tx) => {
    await tx.delete(calendarDays).where(eq(calendarDays.year, year));
    if (days.length) await tx.insert(calendarDays).values(days.map((d) => ({ ...d, year })));
    await audit(tx, ctx, {
      action: 'calendar.replace',
      targetType: 'calendar',
      targetId: String(year),
      regionCode: '',
      details: { holidays: days.filter((d) => d.kind === 'holiday').length, workdays: days.filter((d) => d.kind === 'workday').length },
    });
  });
  clearCalendarCache(database.db);
  return yearDays(database.db, ctx.actor, year);
}

/** Installs the shipped years the database has nothing for (an edited year is never overwritten). */
export async function installShippedCalendars(db: DbOrTx): Promise<void> {
  const present = new Set((await db.selectDistinct({ year: calendarDays.year }).from(calendarDays)).map((r) => r.year));
  for (const y of SHIPPED_CALENDARS) {
    if (present.has(y.year)) continue;
    const rows = [
      ...y.holidays.map(([date, name]) => ({ date, name, kind: 'holiday', year: y.year })),
      ...y.workdays.map(([date, name]) => ({ date, name, kind: 'workday', year: y.year })),
    ];
    await db.insert(calendarDays).values(rows).onConflictDoNothing();
  }
  clearCalendarCache(db);
}
