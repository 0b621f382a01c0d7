/**
 * Issue 12: plans made ahead do not plan a household again before it is due while others are due, and
 * say when they visit ahead of schedule; a worker's day counts under quota only once it is over; the
 * phone's package lists the worker's own visits of the day with the appeal each raised.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../platform/access.js';
import { installDemoTaxonomy } from '../categories/categories.service.js';
import { workCalendar } from '../calendar/calendar.service.js';
import { isWorkingDay } from '../calendar/calendar.time.js';
import { createTestEnv, makeFixtureTree, makeHousehold, makeUser, login, signIn, type Session, type TestEnv } from '../../test/helpers.js';
import { addDays, chinaDate } from './visits.plans.js';
import { coverage, workersReport } from './visits.supervision.js';

let env: TestEnv;
const G1 = '360802004001001';
const VILLAGE = '360802004001';
let hh: { id: string }[] = [];
let worker: Session;
let workerId: string;
let staff: Session;
let category: string;
let k = 0;
const clientId = () => `today-test-${Date.now().toString(36)}-${k++}`;

beforeAll(async () => {
  env = await createTestEnv();
  await makeFixtureTree(env.database);
  await installDemoTaxonomy(env.database.db);
  const [c] = await env.database.query<{ code: string }>(`select code from appeal_categories where level = 2 order by code limit 1`);
  category = c.code;
  hh = [];
  for (let i = 0; i < 14; i++) hh.push(await makeHousehold(env, { gridCode: G1, houseNumber: String(i + 1), members: [{ name: `户主${i}`, relation: 'head' }] }));
  const w = await makeUser(env.database, { roles: ['grid_worker'], regionCode: VILLAGE, grid: G1 });
  workerId = w.id;
  worker = await login(env.app, w.username);
  staff = (await signIn(env, ['community_staff'], VILLAGE)).session;
});
afterAll(() => env.close());

interface Item {
  id: string;
  status: string;
  ahead: boolean;
  reason: string;
  reasonCodes: string[];
  household: { id: string };
}

describe('plans made ahead (issue 12)', () => {
  it('does not plan again a household already on an earlier day’s plan while others are due, and marks the visits ahead of schedule', async () => {
    const cal = await workCalendar(env.database.db);
    const [day, next] = Array.from({ length: 10 }, (_, i) => addDays(chinaDate(), i)).filter((d) => isWorkingDay(cal, d));
    const first = (await worker.inject({ url: `/api/visits/today?date=${day}` })).json();
    expect(first.items).toHaveLength(10);
    expect(first.items.every((i: Item) => !i.ahead)).toBe(true);
    expect(first.counts.ahead).toBe(0);
    const onFirst = new Set(first.items.map((i: Item) => i.household.id));

    const second = (await worker.inject({ url: `/api/visits/today?date=${next}` })).json();
    expect(second.items).toHaveLength(10);
    // The four households not on the first plan are due (never visited): every one of them is planned …
    const rest = hh.filter((h) => !onFirst.has(h.id)).map((h) => h.id);
    const ids = second.items.map((i: Item) => i.household.id);
    expect(rest.every((id) => ids.includes(id))).toBe(true);
    // … and the others, visited by then on the first plan, only to fill the quota, marked ahead of schedule.
    for (const i of second.items as Item[]) {
      const again = onFirst.has(i.household.id);
      expect(i.ahead).toBe(again);
      if (again) {
        expect(i.reasonCodes).toContain('early');
        expect(i.reason).toContain('提前走访');
      }
    }
    expect(second.counts.ahead).toBe(6);
    // The console's list of the day's plans counts them.
    const plans = (await staff.inject({ url: `/api/visits/plans?date=${next}&regionCode=${VILLAGE}` })).json();
    expect(plans.items.find((p: { workerId: string }) => p.workerId === workerId)).toMatchObject({ planned: 10, ahead: 6 });
  });
});

describe('the phone’s list of today’s visits', () => {
  it('lists the worker’s own visits of the day, planned or not, with the appeal number each raised', async () => {
    const plan = (await worker.inject({ url: '/api/visits/today' })).json();
    const planned: Item | undefined = plan.items.find((i: Item) => i.status === 'planned');
    const onPlan = new Set(plan.items.map((i: Item) => i.household.id));
    const unplanned = hh.find((h) => !onPlan.has(h.id))!;
    const at = new Date().toISOString();
    const raised = await worker.inject({
      method: 'POST',
      url: '/api/visits',
      payload: {
        clientId: clientId(),
        householdId: unplanned.id,
        checkInAt: at,
        outcome: 'met',
        metWith: '户主',
        situation: '门前排水沟堵塞',
        finding: 'appeal',
        appeal: { content: '门前排水沟堵塞，下雨积水', categoryCode: category },
      },
    });
    expect(raised.statusCode).toBe(201);
    const appealNumber = raised.json().appealNumber;
    expect(appealNumber).toMatch(/^360802-\d{8}-\d{4}$/);
    const plannedClient = clientId();
    if (planned) {
      const r = await worker.inject({ method: 'POST', url: '/api/visits', payload: { clientId: plannedClient, householdId: planned.household.id, planItemId: planned.id, checkInAt: at, outcome: 'nobody_home', finding: 'nothing' } });
      expect(r.statusCode).toBe(201);
    }
    // Another worker's visit of the day is not on this worker's list.
    const { session: colleague } = await signIn(env, ['grid_worker'], VILLAGE, { grid: G1 });
    expect((await colleague.inject({ method: 'POST', url: '/api/visits', payload: { clientId: clientId(), householdId: hh[0].id, checkInAt: at, outcome: 'met', metWith: '户主', finding: 'nothing' } })).statusCode).toBe(201);

    const pkg = (await worker.inject({ url: '/api/visits/offline' })).json();
    expect(pkg.todayVisits).toHaveLength(planned ? 2 : 1);
    const appealVisit = pkg.todayVisits.find((v: { householdId: string }) => v.householdId === unplanned.id);
    expect(appealVisit).toMatchObject({ planItemId: null, outcome: 'met', finding: 'appeal', appealNumber, householdAddress: expect.any(String) });
    if (planned) expect(pkg.todayVisits.find((v: { clientId: string }) => v.clientId === plannedClient)).toMatchObject({ planItemId: planned.id, outcome: 'nobody_home', appealNumber: null });
  });
});

describe('the quota counts days that are over (issue 12)', () => {
  it('keeps today in progress: neither under quota nor in the daily average until it ends', async () => {
    const cal = await workCalendar(env.database.db);
    // Two working days before today: the first is "yesterday", the second plays "today".
    const past = Array.from({ length: 20 }, (_, i) => addDays(chinaDate(), -(i + 1))).filter((d) => isWorkingDay(cal, d));
    const [d2, d1] = past;
    const visit = (day: string, n: number, i: number) =>
      worker.inject({
        method: 'POST',
        url: '/api/visits',
        payload: { clientId: clientId(), householdId: hh[(n + i) % hh.length].id, checkInAt: new Date(`${day}T${String(9 + (i % 8)).padStart(2, '0')}:0${i % 10}:00+08:00`).toISOString(), outcome: 'met', metWith: '户主', finding: 'nothing' },
      });
    for (let i = 0; i < 10; i++) expect((await visit(d1, 0, i)).statusCode).toBe(201);
    for (let i = 0; i < 3; i++) expect((await visit(d2, 5, i)).statusCode).toBe(201);
    const actor: Actor = { kind: 'user', id: 'supervisor', name: 'supervisor', roles: ['community_staff'], regionCode: VILLAGE, orgId: null };
    const q = { regionCode: VILLAGE, from: d1, to: d2 };

    // While d2 is today: d1 met the quota, d2 is in progress with its 3 visits so far.
    const during = await workersReport(env.database.db, actor, q, d2);
    expect(during).toMatchObject({ workingDays: 1, inProgressDay: d2 });
    expect(during.rows.find((r) => r.userId === workerId)).toMatchObject({ visits: 13, perDay: 10, daysUnderQuota: 0, underQuota: false, todayVisits: 3 });
    const covDuring = await coverage(env.database.db, actor, { ...q, groupBy: 'grid' }, d2);
    expect(covDuring).toMatchObject({ workingDays: 1, inProgressDay: d2 });
    // Two workers of G1 (the colleague of the test above has no visits on these days): (10) ÷ (2 × 1).
    expect(covDuring.rows.find((r) => r.code === G1)!.visitsPerWorkerDay).toBe(5);

    // Once d2 is over, it counts: 3 < 10 is a day under quota.
    const after = await workersReport(env.database.db, actor, q, addDays(d2, 1));
    expect(after).toMatchObject({ workingDays: 2, inProgressDay: null });
    expect(after.rows.find((r) => r.userId === workerId)).toMatchObject({ visits: 13, perDay: 6.5, daysUnderQuota: 1, underQuota: true, todayVisits: null });

    // Through HTTP: today's figures carry the same fields (today in progress when it is a working day).
    const today = chinaDate();
    const res = await staff.inject({ url: `/api/visits/workers?regionCode=${VILLAGE}&from=${today}&to=${today}` });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.workingDays).toBe(0);
    expect(body.inProgressDay).toBe(isWorkingDay(cal, today) ? today : null);
    const me = body.rows.find((r: { userId: string }) => r.userId === workerId);
    expect(me).toMatchObject({ daysUnderQuota: 0, underQuota: false, perDay: null });
    expect(me.todayVisits).toBe(me.visits);
    const cov = (await staff.inject({ url: `/api/visits/coverage?regionCode=${VILLAGE}&from=${today}&to=${today}` })).json();
    expect(cov).toMatchObject({ workingDays: 0, inProgressDay: isWorkingDay(cal, today) ? today : null });
    expect(cov.totals.visitsPerWorkerDay).toBeNull();
  });
});
