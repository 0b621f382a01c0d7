/**
 * The candidates read in SQL (each grid's first few in the planner's order) give the planner the same
 * choice as every household of the grids would: the same households, windows, reasons and order, on
 * dates where households are overdue, due that very day, not yet due, never visited, vulnerable or
 * found with nobody home; and the morning job plans several workers of a grid with the grid's first.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, makeFixtureTree, makeHousehold, makeUser, type TestEnv } from '../../test/helpers.js';
import { workCalendar } from '../calendar/calendar.service.js';
import { isWorkingDay } from '../calendar/calendar.time.js';
import { plannerCandidates } from './visits.candidates.js';
import { plannerHouseholds, vocabulary } from './visits.households.js';
import { planDay } from './visits.planner.js';
import { addDays, chinaDate, makeDailyPlans, rulesOf } from './visits.plans.js';
import { allSettings, settingsIn } from './visits.settings.js';

let env: TestEnv;
const G1 = '360803001001001';
const G2 = '360803001001002';
const BASE = '2026-12-01';

beforeAll(async () => {
  env = await createTestEnv();
  await makeFixtureTree(env.database);
  const tags = [[], ['dibao'], [], ['elderly_alone'], [], []];
  const risks = ['none', 'none', 'medium', 'none', 'high', 'none', 'none'];
  const intervals = [7, 30, 90, 182, 30];
  for (let i = 0; i < 48; i++) {
    const grid = i % 8 === 7 ? G2 : G1;
    const h = await makeHousehold(env, { gridCode: grid, villageGroup: `${(i % 3) + 1}组`, houseNumber: String(((i * 7) % 48) + 1), type: ['farming', 'ordinary', 'migrant', 'left_behind'][i % 4], tags: tags[i % 6] });
    await env.database.query(`update households set risk_level = $2, visit_interval_days = $3 where id = $1`, [h.id, risks[i % 7], intervals[i % 5]]);
    if (i % 9 === 4) continue; // never visited
    // Visits spread over a year, some a millisecond either side of a China midnight.
    const at = i % 5 === 0 ? new Date(Date.parse(`${BASE}T00:00:00+08:00`) - (i * 3 + 1) * 86_400_000 - 1) : new Date(Date.parse(`${BASE}T00:00:00+08:00`) - i * 4 * 86_400_000 - (i % 3) * 3_600_000);
    const windows = i % 6 === 2 ? ['morning'] : i % 11 === 3 ? ['evening', 'afternoon'] : [];
    await env.database.query(`insert into household_visit_state (household_id, grid_code, last_visit_at, nobody_home_windows, visits) values ($1, $2, $3, $4, 1)`, [h.id, grid, at, windows]);
  }
});
afterAll(() => env.close());

const shape = (plan: ReturnType<typeof planDay>) => plan.map((p) => [p.householdId, p.window, p.seq, p.reason, p.reasonCodes.join(',')]);

describe('the planner’s candidates', () => {
  it('give the planner the same choice as every household of the grids', async () => {
    const db = env.database.db;
    const vocab = await vocabulary(db);
    const rules = rulesOf(settingsIn(await allSettings(db), G1), vocab);
    const all = await plannerHouseholds(db, [G1, G2]);
    expect(all).toHaveLength(48);
    let compared = 0;
    for (const offset of [-200, -30, -5, 0, 3, 17, 40, 90, 200, 400]) {
      const date = addDays(BASE, offset);
      for (const quota of [1, 4, 10, 30]) {
        const r = { ...rules, quota };
        const candidates = await plannerCandidates(db, vocab, { date, grids: [G1, G2].map((code) => ({ code, take: quota })) });
        expect(candidates.length).toBeLessThanOrEqual(2 * quota);
        const want = planDay(date, all, r);
        expect(shape(planDay(date, candidates, r))).toEqual(shape(want));
        // One grid alone, as a worker of that grid only.
        const one = all.filter((h) => h.gridCode === G1);
        expect(shape(planDay(date, await plannerCandidates(db, vocab, { date, grids: [{ code: G1, take: quota }] }), r))).toEqual(shape(planDay(date, one, r)));
        compared++;
      }
    }
    expect(compared).toBe(40);
  });

  it('plan several workers of one grid with the grid’s first households, none twice', async () => {
    const cal = await workCalendar(env.database.db);
    const day = Array.from({ length: 10 }, (_, i) => addDays(chinaDate(), i)).find((d) => isWorkingDay(cal, d))!;
    for (let i = 0; i < 3; i++) await makeUser(env.database, { roles: ['grid_worker'], regionCode: '360803001001', grid: G1 });
    const [{ n }] = await env.database.query<{ n: string }>(`select count(distinct user_id) as n from grid_workers where grid_code = $1 and kind in ('full_time', 'group_leader')`, [G1]);
    const workers = Number(n);
    expect(workers).toBeGreaterThanOrEqual(3);
    const db = env.database.db;
    const rules = rulesOf(settingsIn(await allSettings(db), G1), await vocabulary(db));
    expect(rules.quota * workers).toBeLessThan(42); // fewer than the grid's households: the choice matters
    await makeDailyPlans(env.database, day, { batch: 1 });
    const items = await env.database.query<{ household_id: string; worker_id: string }>(
      `select i.household_id, p.worker_id from visit_plan_items i join visit_plans p on p.id = i.plan_id where i.date = $1 and i.grid_code = $2`,
      [day, G1],
    );
    expect(items).toHaveLength(rules.quota * workers);
    expect(new Set(items.map((i) => i.household_id)).size).toBe(items.length);
    // Together they planned the grid's first households in the planner's order.
    const first = planDay(day, (await plannerHouseholds(db, [G1])), { ...rules, quota: rules.quota * workers });
    expect(new Set(items.map((i) => i.household_id))).toEqual(new Set(first.map((p) => p.householdId)));
  });
});
