import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, makeFixtureTree, makeHousehold, makeUser, login, signIn, type Session, type TestEnv } from '../../test/helpers.js';
import { addMonths, firstsRows, recountVisits, refreshAreaFigures, sinceOf, wholeMonths } from './visits.counters.js';
import { addDays, chinaDate } from './visits.plans.js';

describe('counter arithmetic', () => {
  it('adds months across years and clamps the month met before to twelve months', () => {
    expect(addMonths('2026-01', -1)).toBe('2025-12');
    expect(addMonths('2025-11', 14)).toBe('2027-01');
    expect(sinceOf('2025-11', '2026-11')).toBe('2025-11');
    expect(sinceOf('2025-10', '2026-11')).toBe('');
    expect(sinceOf(undefined, '2026-11')).toBe('');
  });

  it('knows periods made of whole months', () => {
    const today = '2026-11-30';
    expect(wholeMonths({ from: '2026-01-01', to: '2026-03-31' }, today)).toEqual({ from: '2026-01', to: '2026-03' });
    expect(wholeMonths({ from: '2025-12-01', to: '2026-11-30' }, today)).toEqual({ from: '2025-12', to: '2026-11' });
    // Up to today (or later): the current month so far.
    expect(wholeMonths({ from: '2026-11-01', to: '2026-11-10' }, '2026-11-10')).toEqual({ from: '2026-11', to: '2026-11' });
    expect(wholeMonths({ from: '2026-11-01', to: '2026-12-31' }, '2026-11-10')).toEqual({ from: '2026-11', to: '2026-11' });
    expect(wholeMonths({ from: '2024-02-01', to: '2024-02-29' }, today)).toEqual({ from: '2024-02', to: '2024-02' });
    expect(wholeMonths({ from: '2026-01-02', to: '2026-03-31' }, today)).toBeNull();
    expect(wholeMonths({ from: '2026-01-01', to: '2026-03-30' }, today)).toBeNull();
  });

  it('puts each month a household was met in under the month met before', () => {
    const v = (id: string, iso: string, grid = 'G1') => ({ id, at: new Date(iso), gridCode: grid });
    const list = [v('c', '2026-03-02T02:00:00Z'), v('a', '2026-01-10T02:00:00Z'), v('b', '2026-01-20T02:00:00Z', 'G2'), v('d', '2026-03-31T16:30:00Z')];
    // 03-31 16:30 UTC is 04-01 00:30 in China: April.
    expect(Object.fromEntries(firstsRows(list, new Set(['2026-01', '2026-03', '2026-04'])))).toEqual({ 'G1|2026-01|': 1, 'G1|2026-03|2026-01': 1, 'G1|2026-04|2026-03': 1 });
  });
});

let env: TestEnv;
const VILLAGE = '360802004002';
const GA = `${VILLAGE}001`;
const GB = `${VILLAGE}002`;
let staff: Session;
const logged: { household: string; grid: string; at: Date; outcome: 'met' | 'nobody_home' }[] = [];
const homes: { id: string; grid: string }[] = [];

/** A check-in `back` months before this one (China time), on `day` at `hh:mm`; this month: a minute ago. */
function checkIn(back: number, day: number, hhmm = '10:00'): Date {
  if (back === 0) return new Date(Date.now() - 60_000);
  const m = addMonths(chinaDate().slice(0, 7), -back);
  return new Date(`${m}-${String(day).padStart(2, '0')}T${hhmm}:00+08:00`);
}

beforeAll(async () => {
  env = await createTestEnv();
  await makeFixtureTree(env.database);
  for (let i = 0; i < 6; i++) homes.push({ id: (await makeHousehold(env, { gridCode: GA, houseNumber: `a${i}` })).id, grid: GA });
  for (let i = 0; i < 3; i++) homes.push({ id: (await makeHousehold(env, { gridCode: GB, houseNumber: `b${i}` })).id, grid: GB });
  const wa = await login(env.app, (await makeUser(env.database, { roles: ['grid_worker'], regionCode: VILLAGE, grid: GA })).username);
  const wb = await login(env.app, (await makeUser(env.database, { roles: ['grid_worker'], regionCode: VILLAGE, grid: GB })).username);
  ({ session: staff } = await signIn(env, ['community_staff'], VILLAGE));
  // Visits over the last eleven months, logged out of order (phones sync late), some on the 1st of a
  // month just after midnight China time (the day before in UTC), some nobody home.
  let seed = 7;
  const rnd = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
  const plan: { home: number; back: number; day: number; hhmm: string; met: boolean }[] = [];
  for (let i = 0; i < 40; i++) plan.push({ home: rnd(homes.length), back: rnd(11), day: 1 + rnd(28), hhmm: rnd(4) === 0 ? '00:30' : '10:00', met: rnd(5) !== 0 });
  let k = 0;
  for (const p of plan) {
    const h = homes[p.home];
    const at = checkIn(p.back, p.day, p.hhmm);
    const res = await (h.grid === GA ? wa : wb).inject({
      method: 'POST',
      url: '/api/visits',
      payload: { clientId: `counters-${k++}`, householdId: h.id, checkInAt: at.toISOString(), outcome: p.met ? 'met' : 'nobody_home', finding: 'nothing' },
    });
    expect(res.statusCode, res.body).toBe(201);
    logged.push({ household: h.id, grid: h.grid, at, outcome: p.met ? 'met' : 'nobody_home' });
  }
});
afterAll(() => env.close());

const monthOfDate = (at: Date) => chinaDate(at).slice(0, 7);

describe('coverage from the counters', () => {
  it('equals the figures counted by hand for every run of whole months, across the year', async () => {
    const thisMonth = chinaDate().slice(0, 7);
    const months = Array.from({ length: 11 }, (_, i) => addMonths(thisMonth, -10 + i));
    for (const [i, from] of months.entries()) {
      for (const to of months.slice(i)) {
        const end = to === thisMonth ? chinaDate() : addDays(`${addMonths(to, 1)}-01`, -1);
        const res = await staff.inject({ url: `/api/visits/coverage?regionCode=${VILLAGE}&groupBy=grid&from=${from}-01&to=${end}` });
        expect(res.statusCode, res.body).toBe(200);
        const body = res.json();
        for (const grid of [GA, GB]) {
          const inside = logged.filter((v) => v.grid === grid && monthOfDate(v.at) >= from && monthOfDate(v.at) <= to);
          const met = inside.filter((v) => v.outcome === 'met');
          const row = body.rows.find((r: { code: string }) => r.code === grid);
          expect({ period: `${from}..${to}`, grid, visited: row.visitedHouseholds, visits: row.visits, nobodyHome: row.nobodyHome }).toEqual({
            period: `${from}..${to}`,
            grid,
            visited: new Set(met.map((v) => v.household)).size,
            visits: met.length,
            nobodyHome: inside.length - met.length,
          });
        }
      }
    }
  });

  it('gives the same counts as a recount from the visits', async () => {
    const snapshot = async () =>
      env.database.query<{ k: string }>(
        `select k from (select 'm|' || code || '|' || month || '|' || met || '|' || nobody_home || '|' || worker_visits as k from visit_grid_months
                        union all select 'f|' || code || '|' || month || '|' || since || '|' || households from visit_grid_firsts where households <> 0) x order by k`,
      );
    const kept = await snapshot();
    expect(kept.length).toBeGreaterThan(10);
    await recountVisits(env.database);
    expect(await snapshot()).toEqual(kept);
  });

  it('counts a period of days from its visits, the same way', async () => {
    const from = addDays(chinaDate(), -45);
    const to = addDays(chinaDate(), -3);
    const res = await staff.inject({ url: `/api/visits/coverage?regionCode=${VILLAGE}&groupBy=grid&from=${from}&to=${to}` });
    const inside = logged.filter((v) => v.grid === GA && chinaDate(v.at) >= from && chinaDate(v.at) <= to);
    const met = inside.filter((v) => v.outcome === 'met');
    expect(res.json().rows.find((r: { code: string }) => r.code === GA)).toMatchObject({ visitedHouseholds: new Set(met.map((v) => v.household)).size, visits: met.length, nobodyHome: inside.length - met.length });
  });

  it('reads a county’s household figures from the last count, and says when it was made', async () => {
    const { session: leader } = await signIn(env, ['leader'], '360802');
    const live = (await leader.inject({ url: '/api/visits/coverage?regionCode=360802&groupBy=village' })).json();
    expect(live.countedAt).toBeNull();
    const villageRow = live.rows.find((r: { code: string }) => r.code === VILLAGE);
    expect(villageRow).toMatchObject({ households: 9, workers: 2 });
    const at = new Date();
    await refreshAreaFigures(env.database, at);
    const counted = (await leader.inject({ url: '/api/visits/coverage?regionCode=360802&groupBy=village' })).json();
    expect(counted.countedAt).toBe(at.toISOString());
    expect(counted.rows).toEqual(live.rows);
    expect(counted.totals).toEqual(live.totals);
    // A household filed after the count shows in the county at the next count; a village counts live.
    await makeHousehold(env, { gridCode: GB, houseNumber: 'b9' });
    expect((await leader.inject({ url: '/api/visits/coverage?regionCode=360802&groupBy=village' })).json().rows.find((r: { code: string }) => r.code === VILLAGE).households).toBe(9);
    expect((await leader.inject({ url: `/api/visits/coverage?regionCode=${VILLAGE}` })).json().totals.households).toBe(10);
    await refreshAreaFigures(env.database);
    expect((await leader.inject({ url: '/api/visits/coverage?regionCode=360802&groupBy=village' })).json().rows.find((r: { code: string }) => r.code === VILLAGE).households).toBe(10);
  });
});

describe('the household’s visiting state', () => {
  it('keeps the last visit, the windows tried in vain and the count, whatever order visits arrive in', async () => {
    const home = (await makeHousehold(env, { gridCode: GB, houseNumber: 's1' })).id;
    const worker = await makeUser(env.database, { roles: ['grid_worker'], regionCode: VILLAGE, grid: GB });
    const w = await login(env.app, worker.username);
    // Plan items in two windows on two days (the plans a phone was given).
    const day = (back: number) => chinaDate(new Date(Date.now() - back * 86_400_000));
    const items: Record<string, string> = {};
    for (const [back, window] of [[3, 'morning'], [2, 'evening']] as const) {
      const [plan] = await env.database.query<{ id: string }>(
        `insert into visit_plans (id, worker_id, date, grid_code, quota, source) values (gen_random_uuid(), $1, $2, $3, 10, 'on_demand') returning id`,
        [worker.id, day(back), GB],
      );
      const [item] = await env.database.query<{ id: string }>(
        `insert into visit_plan_items (id, plan_id, date, household_id, grid_code, "window", seq, reason) values (gen_random_uuid(), $1, $2, $3, $4, $5, 1, '测试') returning id`,
        [plan.id, day(back), home, GB, window],
      );
      items[window] = item.id;
    }
    const at = (back: number, hh = '10') => new Date(`${day(back)}T${hh}:00:00+08:00`).toISOString();
    let k = 0;
    const log = async (who: Session, body: Record<string, unknown>) => {
      const res = await who.inject({ method: 'POST', url: '/api/visits', payload: { clientId: `visit-state-${k++}`, householdId: home, finding: 'nothing', ...body } });
      expect(res.statusCode, res.body).toBe(201);
      return res.json();
    };
    const state = async () =>
      (
        await env.database.query<{ last_visit_at: Date | null; last_cadre_visit_at: Date | null; last_attempt_at: Date; nobody_home_windows: string[]; visits: number }>(
          `select last_visit_at, last_cadre_visit_at, last_attempt_at, nobody_home_windows, visits from household_visit_state where household_id = $1`,
          [home],
        )
      )[0];
    const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

    // Nobody home in the morning window, then in the evening window: both are tried.
    expect((await log(w, { outcome: 'nobody_home', checkInAt: at(3, '07'), planItemId: items.morning })).window).toBe('morning');
    await log(w, { outcome: 'nobody_home', checkInAt: at(2, '19'), planItemId: items.evening });
    expect(await state()).toMatchObject({ last_visit_at: null, nobody_home_windows: ['morning', 'evening'], visits: 0 });
    expect(iso((await state()).last_attempt_at)).toBe(at(2, '19'));
    // Met today: the windows tried before no longer count.
    await log(w, { outcome: 'met', checkInAt: new Date(Date.now() - 60_000).toISOString() });
    const metToday = await state();
    expect(metToday).toMatchObject({ nobody_home_windows: [], visits: 1, last_cadre_visit_at: null });
    // A visit synced late, from before: counted, the last visit stays today's, no window comes back.
    await log(w, { outcome: 'met', checkInAt: at(4) });
    await log(w, { outcome: 'nobody_home', checkInAt: at(3, '12'), planItemId: items.morning });
    expect(await state()).toMatchObject({ nobody_home_windows: [], visits: 2 });
    expect(iso((await state()).last_visit_at)).toBe(iso(metToday.last_visit_at));
    expect(iso((await state()).last_attempt_at)).toBe(iso(metToday.last_attempt_at));
    // A cadre's visit sets the cadres' date too.
    await log(staff, { outcome: 'met', checkInAt: at(1), finding: 'service', serviceKind: 'assist' });
    expect(iso((await state()).last_cadre_visit_at)).toBe(at(1));
    expect((await state()).visits).toBe(3);
    // A photo is kept byte for byte.
    const photo = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('照片内容'), Buffer.from([0, 1, 2, 255])]);
    const withPhoto = await log(w, { outcome: 'met', checkInAt: new Date(Date.now() - 30_000).toISOString(), photos: [{ filename: 'door.jpg', mime: 'image/jpeg', data: photo.toString('base64') }] });
    expect(withPhoto.photoCount).toBe(1);
    const stored = await w.inject({ url: `/api/visits/${withPhoto.id}/photos/1` });
    expect(stored.statusCode).toBe(200);
    expect(Buffer.compare(stored.rawPayload, photo)).toBe(0);
    // The plan items say what became of them; the late nobody-home on the morning item did not undo it.
    const status = await env.database.query<{ window: string; status: string }>(`select "window", status from visit_plan_items where household_id = $1 order by "window"`, [home]);
    expect(status).toEqual([
      { window: 'evening', status: 'nobody_home' },
      { window: 'morning', status: 'nobody_home' },
    ]);
  });
});
