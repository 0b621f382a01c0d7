/**
 * 即诉即办: categories marked simple, their appeals due the end of the working day they came in (after
 * hours, weekends and holidays: the next working day's end), the fast-queue box, warned and overdue like
 * other clocks, and 即诉即办率 in the metrics, the rankings and the workbench, hand-computed.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type Session, type TestEnv } from '../../test/helpers.js';
import { appealBody, makeAppealWorld, type AppealWorld } from '../../test/appeal-world.js';
import { auditLog } from '../../platform/audit.tables.js';
import { workCalendar } from '../calendar/calendar.service.js';
import { endOfWorkingDay, type WorkCalendar } from '../calendar/calendar.time.js';
import { assessmentMonthOf } from '../assessment/assessment.rankings.js';
import { appeals } from './appeals.tables.js';

let env: TestEnv;
let w: AppealWorld;
const cst = (s: string) => new Date(`${s}+08:00`);

type Detail = { id: string; version: number; status: string; fastTrack: boolean; handlingDueAt: string | null; warnAt: string | null; createdAt: string; [k: string]: unknown };

async function ok(s: Session, a: Detail, action: string, body: Record<string, unknown> = {}): Promise<Detail> {
  const res = await s.inject({ method: 'POST', url: `/api/appeals/${a.id}/actions/${action}`, payload: { version: a.version, ...body } });
  if (res.statusCode !== 200) throw new Error(`${action}: ${res.statusCode} ${res.body}`);
  return res.json();
}

/** Registered (optionally at another moment, as if it came in then), accepted and dispatched to the urban bureau. */
async function dispatched(categoryCode: string, registeredAt?: Date): Promise<Detail> {
  const res = await w.as.gridWorker.inject({ method: 'POST', url: '/api/appeals', payload: appealBody({ categoryCode }) });
  if (res.statusCode !== 201) throw new Error(`register: ${res.statusCode} ${res.body}`);
  const a = await ok(w.as.dispatcher, res.json(), 'accept');
  if (registeredAt) await env.database.db.update(appeals).set({ createdAt: registeredAt }).where(eq(appeals.id, a.id));
  return ok(w.as.dispatcher, a, 'dispatch', { leadOrgId: w.orgs.urban });
}

async function box(s: Session, name: string): Promise<string[]> {
  const res = await s.inject({ url: `/api/appeals?box=${name}&pageSize=100` });
  expect(res.statusCode).toBe(200);
  return res.json().items.map((i: { id: string }) => i.id);
}

// Working hours 08:30–12:00 and 14:00–17:30; National Day 1–8 October 2026 off, Saturday 10 October worked (调休).
const CAL: WorkCalendar = {
  holidays: new Set(['2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04', '2026-10-05', '2026-10-06', '2026-10-07', '2026-10-08']),
  workdays: new Set(['2026-10-10']),
  periods: [
    [510, 720],
    [840, 1050],
  ],
};

describe('the end of the working day (pure)', () => {
  it('is the same day’s 17:30 on a working day, else the next working day’s, across weekends and holidays', () => {
    expect(endOfWorkingDay(CAL, cst('2026-09-30T10:00:00'))).toEqual(cst('2026-09-30T17:30:00'));
    // Lunch break and before opening still count as that day.
    expect(endOfWorkingDay(CAL, cst('2026-11-06T12:30:00'))).toEqual(cst('2026-11-06T17:30:00'));
    expect(endOfWorkingDay(CAL, cst('2026-11-06T07:00:00'))).toEqual(cst('2026-11-06T17:30:00'));
    // Friday evening (and at closing time itself) → Monday; Saturday → Monday.
    expect(endOfWorkingDay(CAL, cst('2026-11-06T17:30:00'))).toEqual(cst('2026-11-09T17:30:00'));
    expect(endOfWorkingDay(CAL, cst('2026-11-06T19:00:00'))).toEqual(cst('2026-11-09T17:30:00'));
    expect(endOfWorkingDay(CAL, cst('2026-11-07T10:00:00'))).toEqual(cst('2026-11-09T17:30:00'));
    // The eve of National Day after hours → the first working day after it, Friday 9 October.
    expect(endOfWorkingDay(CAL, cst('2026-09-30T18:00:00'))).toEqual(cst('2026-10-09T17:30:00'));
    expect(endOfWorkingDay(CAL, cst('2026-10-03T09:00:00'))).toEqual(cst('2026-10-09T17:30:00'));
    // The 调休 Saturday is a working day; Sunday after it → Monday 12 October.
    expect(endOfWorkingDay(CAL, cst('2026-10-10T09:00:00'))).toEqual(cst('2026-10-10T17:30:00'));
    expect(endOfWorkingDay(CAL, cst('2026-10-11T09:00:00'))).toEqual(cst('2026-10-12T17:30:00'));
  });
});

let made: { sameDay: Detail; overdue: Detail; late: Detail; ordinary: Detail };

beforeAll(async () => {
  env = await createTestEnv();
  w = await makeAppealWorld(env);
});
afterAll(() => env.close());

describe('simple categories (即诉即办)', () => {
  it('are marked by an administrator only, audited; an unknown code is 404', async () => {
    expect((await w.as.dispatcher.inject({ method: 'PATCH', url: '/api/categories/0302', payload: { simple: true } })).statusCode).toBe(403);
    expect((await w.as.leader.inject({ method: 'PATCH', url: '/api/categories/0302', payload: { simple: true } })).statusCode).toBe(403);
    expect((await w.as.admin.inject({ method: 'PATCH', url: '/api/categories/9999', payload: { simple: true } })).statusCode).toBe(404);
    expect((await w.as.admin.inject({ method: 'PATCH', url: '/api/categories/0302', payload: { simple: 'yes' } })).statusCode).toBe(400);
    const res = await w.as.admin.inject({ method: 'PATCH', url: '/api/categories/0302', payload: { simple: true } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ code: '0302', simple: true });
    const list = (await w.as.dispatcher.inject({ url: '/api/categories' })).json();
    expect(list.find((c: { code: string }) => c.code === '0302').simple).toBe(true);
    expect(list.find((c: { code: string }) => c.code === '0101').simple).toBe(false);
    const entries = await env.database.db.select().from(auditLog).where(eq(auditLog.action, 'category.simple'));
    expect(entries.map((e) => [e.targetId, e.details])).toEqual([['0302', { simple: true }]]);
  });

  it('puts their appeals in the fast queue, due the end of the working day they came in', async () => {
    // Came in on a Friday evening: due Monday 17:30 (long past now: overdue at once).
    const overdue = await dispatched('0302', cst('2026-11-06T19:00:00'));
    expect(overdue.fastTrack).toBe(true);
    expect(overdue.handlingDueAt).toBe(cst('2026-11-09T17:30:00').toISOString());
    // Came in now: due the end of today's working day (or the next one's, after hours), handled at once.
    const fresh = await dispatched('0302');
    const cal = await workCalendar(env.database.db);
    expect(fresh.handlingDueAt).toBe(endOfWorkingDay(cal, new Date(fresh.createdAt)).toISOString());
    expect(new Date(fresh.warnAt!) <= new Date(fresh.handlingDueAt!)).toBe(true);
    const sameDay = await ok(w.as.handler, await ok(w.as.handler, fresh, 'sign'), 'handle', { result: '已更换井盖' });
    // Came in on a Saturday, handled now: weeks after Monday's end, not the same working day.
    const late = await ok(w.as.handler, await ok(w.as.handler, await dispatched('0302', cst('2026-11-07T10:00:00')), 'sign'), 'handle', { result: '已修复' });
    expect(late.handlingDueAt).toBe(cst('2026-11-09T17:30:00').toISOString());
    // Another category keeps its own limit and stays out of the queue.
    const ordinary = await dispatched('0101');
    expect(ordinary.fastTrack).toBe(false);
    made = { sameDay, overdue, late, ordinary };

    // The box lists the running ones, the most pressing first; handled ones leave it.
    expect(await box(w.as.dispatcher, 'fast_track')).toEqual([overdue.id]);
    expect(await box(w.as.handler, 'fast_track')).toEqual([overdue.id]);
    const counts = (await w.as.dispatcher.inject({ url: '/api/appeals/inbox' })).json();
    expect(counts.fast_track).toBe(1);
    // Counted overdue like any other clock.
    expect(await box(w.as.dispatcher, 'overdue')).toContain(overdue.id);
    const detail = (await w.as.dispatcher.inject({ url: `/api/appeals/${overdue.id}` })).json();
    expect(detail.clock).toBe('red');
  });

  it('keeps the queue to the caller’s scope: another township, county or role sees none of it', async () => {
    expect(await box(w.as.otherDispatcher, 'fast_track')).toEqual([]);
    expect((await w.as.otherHandler.inject({ url: `/api/appeals/${made.overdue.id}` })).statusCode).toBe(404);
    expect(await box(w.as.otherHandler, 'fast_track')).toEqual([]);
    // A grid worker has no fast-queue box.
    expect(Object.keys((await w.as.gridWorker.inject({ url: '/api/appeals/inbox' })).json())).not.toContain('fast_track');
  });

  it('has its own rate: handled the same working day ÷ fast-queue appeals, in the metrics, rankings and workbench', async () => {
    // Accepted today (all four): the fast queue holds 3 (same day, overdue, late), 1 handled the same working day → 1/3.
    const from = new Date(Date.now() - 86_400_000).toISOString();
    const to = new Date(Date.now() + 86_400_000).toISOString();
    const m = (await w.as.leader.inject({ url: `/api/appeals/metrics?from=${from}&to=${to}&groupBy=region` })).json();
    expect(m.totals).toMatchObject({ fastTrack: 3, fastTrackSameDay: 1, fastTrackRate: 0.3333 });
    // The whole-county path (whole China days) agrees with the scoped one.
    const month = assessmentMonthOf(new Date(), 1);
    const r = (await w.as.leader.inject({ url: `/api/assessment/rankings?month=${month}&startDay=1` })).json();
    const xixi = r.areas.find((a: { key: string }) => a.key === '360802004');
    expect(xixi).toMatchObject({ fastTrack: 3, fastTrackRate: 0.3333, ranks: { fastTrackRate: 1 } });
    expect(r.totals).toMatchObject({ fastTrack: 3, fastTrackRate: 0.3333 });
    const dispatcherView = (await w.as.dispatcher.inject({ url: `/api/appeals/metrics?from=${from}&to=${to}` })).json();
    expect(dispatcherView.totals).toMatchObject({ fastTrack: 3, fastTrackSameDay: 1 });
    // A neighbouring township's figures hold none of them.
    const other = (await w.as.otherDispatcher.inject({ url: `/api/appeals/metrics?from=${from}&to=${to}` })).json();
    expect(other.totals).toMatchObject({ fastTrack: 0, fastTrackRate: null });
    const bench = (await w.as.leader.inject({ url: '/api/workbench' })).json();
    expect(bench.figures).toMatchObject({ fastTrack: 3, fastTrackSameDay: 1, fastTrackRate: 0.3333 });
  });

  it('once unmarked, sends new appeals the usual way and leaves the queue’s as they are', async () => {
    expect((await w.as.admin.inject({ method: 'PATCH', url: '/api/categories/0302', payload: { simple: false } })).statusCode).toBe(200);
    const after = await dispatched('0302');
    expect(after.fastTrack).toBe(false);
    // Those already in the queue keep their same-day limit.
    const kept = (await w.as.dispatcher.inject({ url: `/api/appeals/${made.overdue.id}` })).json();
    expect(kept.fastTrack).toBe(true);
  });
});
