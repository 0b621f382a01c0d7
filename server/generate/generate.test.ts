import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseIdNumber } from '../platform/personal-data.js';
import { DEMO_PASSWORD, DEMO_SCALE, JIZHOU_BOX, loadDemo, type DemoScale } from './demo.js';
import { demoAppealsSuite } from './demo-appeals.suite.js';
import { demoEnterprisesSuite } from './demo-enterprises.suite.js';
import { latticeCells } from './geometry.js';
import { createTestEnv, login, type TestEnv } from '../test/helpers.js';

function area(ring: number[][]): number {
  let a = 0;
  for (let i = 0; i < ring.length - 1; i++) a += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
  return a / 2;
}

function inside([x, y]: number[], ring: number[][]): boolean {
  let c = false;
  for (let i = 0, j = ring.length - 2; i < ring.length - 1; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) c = !c;
  }
  return c;
}

describe('grid polygons', () => {
  it('tile the box: counter-clockwise, closed, no overlaps', () => {
    const box = { west: 0, east: 10, south: 0, north: 6 };
    const cells = latticeCells(box, 60, 7);
    expect(cells).toHaveLength(60);
    const total = cells.reduce((s, c) => s + area(c.coordinates[0]), 0);
    for (const c of cells) {
      const ring = c.coordinates[0];
      expect(ring[0]).toEqual(ring.at(-1));
      expect(area(ring)).toBeGreaterThan(0);
    }
    // Full lattice: the areas add up to the box exactly, so nothing overlaps and nothing is missing.
    expect(total).toBeCloseTo(60, 6);
    // And every cell's centre lies in exactly one cell.
    for (const c of cells) {
      const ring = c.coordinates[0];
      const cx = ring.slice(0, 4).reduce((s, p) => s + p[0], 0) / 4;
      const cy = ring.slice(0, 4).reduce((s, p) => s + p[1], 0) / 4;
      expect(cells.filter((o) => inside([cx, cy], o.coordinates[0]))).toHaveLength(1);
    }
  });
  it('is deterministic', () => {
    expect(latticeCells(JIZHOU_BOX, 20, 1)).toEqual(latticeCells(JIZHOU_BOX, 20, 1));
    expect(latticeCells(JIZHOU_BOX, 20, 1)).not.toEqual(latticeCells(JIZHOU_BOX, 20, 2));
  });
});

/**
 * The demo workspace with less history: all of its geography, organisations, accounts and household
 * files, 6 working days of visits (always across a weekend: a week has five) instead of 22 and a third of its year of
 * appeals. Every generator path runs; the visits and appeals, most of the load's time, are fewer.
 * The full scale is what `tingsu demo` loads, and the browser tests run on it.
 */
const SCALE: DemoScale = { visitDays: 6, appealsPerYear: DEMO_SCALE.appealsPerYear / 3 };

describe('demo workspace', () => {
  let env: TestEnv;
  // The whole demo (a city's divisions, 9,000 household files, visits, a year of appeals) on a shared 2-core machine.
  beforeAll(async () => {
    env = await createTestEnv();
    await loadDemo(env.database, { secret: env.config.secret, scale: SCALE });
  }, 300_000);
  afterAll(() => env.close());

  it('has 吉安市’s real divisions and grids under every village of 吉州区', async () => {
    const q = env.database.query.bind(env.database);
    const [{ n: counties }] = await q<{ n: string }>(`select count(*) as n from regions where level = 'county' and code like '3608%'`);
    expect(Number(counties)).toBe(13);
    const [{ n: bare }] = await q<{ n: string }>(
      `select count(*) as n from regions r where r.level = 'village' and r.code like '360802%' and not exists (select 1 from grids g where g.village_code = r.code)`,
    );
    expect(Number(bare)).toBe(0);
    const bad = await q(`select code from grids where code not like village_code || '___' or length(code) <> 15`);
    expect(bad).toHaveLength(0);
    const workerless = await q(`select g.code from grids g where not exists (select 1 from grid_workers w where w.grid_code = g.code)`);
    expect(workerless).toHaveLength(0);
  });

  it('is idempotent and deterministic', async () => {
    const usersBefore = await env.database.query<{ n: string }>('select count(*) as n from users');
    const before = await env.database.query<{ code: string; polygon: unknown }>('select code, polygon from grids order by code');
    const householdsBefore = await env.database.query<{ n: string }>('select count(*) as n from households');
    await loadDemo(env.database, { secret: env.config.secret, scale: SCALE });
    const after = await env.database.query<{ code: string; polygon: unknown }>('select code, polygon from grids order by code');
    expect(after).toEqual(before);
    const files = await env.database.query<{ n: string }>('select count(*) as n from households');
    expect(files[0].n).toBe(householdsBefore[0].n);
    expect(await env.database.query('select count(*) as n from users')).toEqual(usersBefore);
  }, 300_000); // the whole demo again: on a busy 2-core machine, well over the default limit

  it('generates a consistent year of appeals with a realistic mix of outcomes', async () => {
    const { generateAppeals } = await import('./appeals.year.js');
    const r = await generateAppeals(env.database, env.app.vault, { cityCode: '3608', count: 600, year: 2024, seed: 7 });
    expect(r.appeals).toBe(600);
    const q = env.database.query.bind(env.database);
    const [mix] = await q<Record<string, string>>(`select count(*) as total,
      count(*) filter (where status = 'closed') as closed,
      count(*) filter (where on_spot) as on_spot,
      count(*) filter (where status = 'not_accepted') as rejected,
      count(*) filter (where closed_at < handled_at or handled_at < accepted_at or signed_at < dispatched_at) as inconsistent
      from appeals where number like '3608%-2024%'`);
    expect(Number(mix.total)).toBe(600);
    expect(Number(mix.inconsistent)).toBe(0);
    expect(Number(mix.closed) / 600).toBeGreaterThan(0.7);
    expect(Number(mix.on_spot)).toBeGreaterThan(50);
    expect(Number(mix.rejected)).toBeLessThan(40);
    // The figures come out in the expected ranges.
    const admin = await login(env.app, 'admin', DEMO_PASSWORD);
    const m = (await admin.inject({ url: '/api/appeals/metrics?from=2023-12-31T16:00:00.000Z&to=2024-12-31T16:00:00.000Z' })).json().totals;
    expect(m.closureRate).toBeGreaterThan(0.8);
    expect(m.satisfactionRate).toBeGreaterThan(0.8);
    // New appeals today continue the day's numbering instead of colliding.
    const dup = await q(`select number from appeals group by number having count(*) > 1`);
    expect(dup).toHaveLength(0);
  });

  it('gives every grid of 吉州区 plausible household files with valid, sealed ID numbers', async () => {
    const q = env.database.query.bind(env.database);
    const [{ n: empty }] = await q<{ n: string }>(
      `select count(*) as n from grids g where g.code like '360802%' and not exists (select 1 from households h where h.grid_code = g.code)`,
    );
    expect(Number(empty)).toBe(0);
    const [totals] = await q<{ households: string; people: string; urban: string; dibao: string; alone: string }>(`
      select (select count(*) from households) as households, (select count(*) from people) as people,
             (select count(*) from households where address_kind = 'building') as urban,
             (select count(*) from households where 'dibao' = any(tags)) as dibao,
             (select count(*) from households where 'elderly_alone' = any(tags)) as alone`);
    const households = Number(totals.households);
    expect(households).toBeGreaterThan(5000);
    expect(Number(totals.people) / households).toBeGreaterThan(2.2);
    expect(Number(totals.people) / households).toBeLessThan(4);
    expect(Number(totals.urban)).toBeGreaterThan(0);
    expect(Number(totals.dibao) / households).toBeGreaterThan(0.02);
    expect(Number(totals.dibao) / households).toBeLessThan(0.08);
    expect(Number(totals.alone)).toBeGreaterThan(0);
    const dedicated = await q<{ sub_kind: string }>(`select distinct sub_kind from grids where kind = 'dedicated' order by sub_kind`);
    expect(dedicated.map((d) => d.sub_kind)).toEqual(['hospital', 'industrial_park', 'market', 'school']);
    const [{ n: dup }] = await q<{ n: string }>(`select count(*) - count(distinct id_number_bidx) as n from people where id_number_bidx is not null`);
    expect(Number(dup)).toBe(0);

    // A sample revealed through the API is a valid ID number whose birth date matches the record.
    const grid = await login(env.app, 'grid', DEMO_PASSWORD);
    const list = (await grid.inject({ url: '/api/households?pageSize=5' })).json();
    expect(list.total).toBeGreaterThan(10);
    expect(list.items.every((h: { gridCode: string }) => h.gridCode === '360802004002001')).toBe(true);
    const detail = (await grid.inject({ url: `/api/households/${list.items[0].id}` })).json();
    const member = detail.members.find((m: { idNumber: string | null }) => m.idNumber);
    const revealed = (await grid.inject({ method: 'POST', url: `/api/people/${member.id}/reveal`, payload: { field: 'idNumber', reason: '入户走访核实' } })).json().value;
    const parsed = parseIdNumber(revealed);
    expect(parsed).toMatchObject({ birthDate: member.birthDate, sex: member.sex, regionCode: '360802' });
  });

  it('has the working days of door-to-door visits in 吉州区, planned to the quota on working days', async () => {
    const [v] = await env.database.query<{ visits: number; days: number; over: number; twice: number }>(
      `select (select count(*)::int from visits) as visits,
              (select count(distinct date)::int from visit_plans) as days,
              (select count(*)::int from (select plan_id from visit_plan_items group by plan_id having count(*) > 10) x) as over,
              (select count(*)::int from (select household_id, date from visit_plan_items group by 1, 2 having count(*) > 1) y) as twice`,
    );
    expect(Number(v.visits)).toBeGreaterThan(10_000);
    expect(Number(v.days)).toBe(SCALE.visitDays);
    expect(DEMO_SCALE.visitDays).toBe(22); // what `tingsu demo` loads: a month of working days
    expect(Number(v.over)).toBe(0);
    expect(Number(v.twice)).toBe(0);
    // Plans fall on working days only: weekdays that are not holidays, and 调休 weekend days.
    const [cal] = await env.database.query<{ n: number }>(
      `select count(*)::int as n from visit_plans p where
         (extract(isodow from p.date) in (6, 7) and not exists (select 1 from calendar_days c where c.date = p.date::text and c.kind = 'workday'))
         or exists (select 1 from calendar_days c where c.date = p.date::text and c.kind = 'holiday')`,
    );
    expect(Number(cal.n)).toBe(0);
  });

  it('lets the demo accounts sign in with the right scope', async () => {
    const admin = await login(env.app, 'admin', DEMO_PASSWORD);
    expect((await admin.inject({ url: '/api/users?pageSize=1' })).statusCode).toBe(200);
    const grid = await login(env.app, 'grid', DEMO_PASSWORD);
    const me = (await grid.inject({ url: '/api/auth/me' })).json().user;
    expect(me).toMatchObject({ roles: ['grid_worker'], regionCode: '360802004002001' });
    expect(me.regionName).toContain('习溪桥社区第一网格');
    const dispatcher = await login(env.app, 'dispatcher', DEMO_PASSWORD);
    const orgs = (await dispatcher.inject({ url: '/api/orgs?kind=department&pageSize=50' })).json();
    expect(orgs.total).toBeGreaterThanOrEqual(15);
    const handler = await login(env.app, 'handler', DEMO_PASSWORD);
    expect((await handler.inject({ url: '/api/auth/me' })).json().user.orgName).toBe('吉州区城市管理局');
    const dzz = await login(env.app, 'dazuzhang', DEMO_PASSWORD);
    expect((await dzz.inject({ url: '/api/auth/me' })).json().user.roles).toEqual(['grid_worker', 'community_staff']);
  });

  demoAppealsSuite(() => env, SCALE);
  demoEnterprisesSuite(() => env);
});
