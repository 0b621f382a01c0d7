/**
 * The province profile's hot reads: dashboards, inboxes, searches, visit lists and the morning's plans,
 * each timed three times after a warm-up (median of 3), on a database the province profile filled:
 *
 *   createdb tingsu_prov
 *   DATABASE_URL=postgres://…/tingsu_prov TINGSU_SECRET=<hex> npx tsx server/cli.ts generate --profile province --fraction 0.02
 *   DATABASE_URL=postgres://…/tingsu_prov TINGSU_SECRET=<same> npx tsx bench/province.ts
 *
 * The secret must be the generator's (the search decrypts a sample of ID numbers and phones to search for).
 * Writes bench/results/<day>-province-postgres.json with the machine, its load and the versions.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildApp } from '../server/app.js';
import { loadConfig } from '../server/config.js';
import { openDatabase, type Database } from '../server/platform/db.js';
import { createVault } from '../server/platform/crypto.js';
import { packagePath } from '../server/platform/paths.js';
import { hashPassword } from '../server/modules/users/passwords.js';
import { makeDailyPlans } from '../server/modules/visits/visits.plans.js';
import { DEMO_PASSWORD } from '../server/generate/demo.js';
import { machineInfo, median, round } from './stats.js';

const RUNS = 3;
const PLAN_DAY = '2026-01-05'; // a Monday after the generated year
const YEAR = 'from=2024-12-31T16:00:00.000Z&to=2025-12-31T16:00:00.000Z';

interface Timing {
  name: string;
  scope: string;
  unit: 'ms';
  median: number;
  runs: number[];
  /** How the work grows from this run to the whole province: 'county' (the same at any fraction: one county's own rows), 'province' (grows with the fraction). */
  grows: 'county' | 'province';
  note?: string;
}

async function user(database: Database, username: string, roles: string[], regionCode: string, orgId: string | null = null) {
  await database.query(
    `insert into users (id, username, display_name, password_hash, roles, region_code, org_id) values ($1,$2,$3,$4,$5,$6,$7) on conflict (username) do nothing`,
    [randomUUID(), username, username, await hashPassword(DEMO_PASSWORD), roles, regionCode, orgId],
  );
}

async function main() {
  if (!process.env.DATABASE_URL || !process.env.TINGSU_SECRET) throw new Error('DATABASE_URL (a database the province profile filled) and TINGSU_SECRET (the generator’s) are required');
  const config = loadConfig({ DATABASE_URL: process.env.DATABASE_URL, TINGSU_SECRET: process.env.TINGSU_SECRET, TINGSU_LOG_LEVEL: 'silent' }, { serveWeb: false });
  const database = await openDatabase(config);
  const [{ version }] = await database.query<{ version: string }>('select version() as version');
  const loadBefore = os.loadavg();
  const [counts] = await database.query<Record<string, string>>(
    `select (select count(*) from grids) as grids, (select count(*) from households) as households, (select count(*) from people) as people,
            (select count(*) from appeals) as appeals, (select count(*) from visits) as visits,
            (select count(distinct user_id) from grid_workers where kind in ('full_time','group_leader')) as workers,
            (select count(distinct substr(code, 1, 6)) from grids) as counties,
            (select count(distinct village_code) from grids) as villages,
            pg_size_pretty(pg_database_size(current_database())) as size`,
  );
  process.stderr.write(`data: ${JSON.stringify(counts)}\n`);
  await database.query(`analyze`).catch(() => {});

  const [county] = await database.query<{ code: string }>(`select substr(region_code, 1, 6) as code from appeals group by 1 order by count(*) desc limit 1`);
  const [town] = await database.query<{ code: string }>(`select township_code as code from appeals where region_code like $1 group by 1 order by count(*) desc limit 1`, [`${county.code}%`]);
  const [org] = await database.query<{ id: string }>(
    `select handling_org_id as id from appeals where handling_org_id is not null and region_code like $1 group by 1 order by count(*) desc limit 1`,
    [`${county.code}%`],
  );
  const [grid] = await database.query<{ code: string }>(`select grid_code as code from visits where grid_code like $1 group by 1 order by count(*) desc limit 1`, [`${county.code}%`]);
  const [day] = await database.query<{ d: string }>(`select to_char(check_in_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD') as d from visits where grid_code = $1 group by 1 order by count(*) desc limit 1`, [grid.code]);
  const [gridWorker] = await database.query<{ username: string; id: string }>(
    `select u.username, u.id from grid_workers w join users u on u.id = w.user_id where w.grid_code = $1 and w.kind = 'full_time' limit 1`,
    [grid.code],
  );
  await user(database, 'prov_leader', ['leader'], '36');
  await user(database, 'prov_county_leader', ['leader'], county.code);
  await user(database, 'prov_disp', ['dispatcher'], town.code);
  await user(database, 'prov_dept', ['handler'], county.code, org.id);

  const app = await buildApp(config, { database });
  await app.ready();
  const login = async (username: string) => {
    const r = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: DEMO_PASSWORD } });
    if (r.statusCode !== 200) throw new Error(`login ${username}: ${r.statusCode}`);
    return { cookie: String(r.headers['set-cookie']).split(';')[0], csrf: r.json().csrfToken as string };
  };
  const who = {
    province: await login('prov_leader'),
    county: await login('prov_county_leader'),
    disp: await login('prov_disp'),
    dept: await login('prov_dept'),
    worker: await login(gridWorker.username),
  };

  const pii = createVault(config.secret);
  const [sample] = await database.query<{ name: string; id_number_enc: string; phone_enc: string }>(
    `select name, id_number_enc, phone_enc from people where grid_code like $1 and id_number_enc is not null and phone_enc is not null order by id limit 1`,
    [`${county.code}%`],
  );
  const byId = pii.decrypt(sample.id_number_enc);
  const byPhone = pii.decrypt(sample.phone_enc);

  const timings: Timing[] = [];
  const time = async (name: string, scope: string, grows: Timing['grows'], fn: () => Promise<void>, note?: string) => {
    await fn(); // warm-up: plans and code paths
    const runs: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t = performance.now();
      await fn();
      runs.push(round(performance.now() - t));
    }
    timings.push({ name, scope, unit: 'ms', median: round(median(runs)), runs, grows, note });
    process.stderr.write(`  ${name} (${scope}): ${round(median(runs))} ms ${JSON.stringify(runs)}\n`);
  };
  type Session = { cookie: string; csrf: string };
  const get = (s: Session, url: string) => async () => {
    const r = await app.inject({ url, headers: { cookie: s.cookie } });
    if (r.statusCode !== 200) throw new Error(`${url}: ${r.statusCode} ${r.body.slice(0, 200)}`);
  };
  const search = (s: Session, q: string) => async () => {
    const r = await app.inject({ method: 'POST', url: '/api/households/search', payload: { q, pageSize: 20 }, headers: { cookie: s.cookie, 'x-csrf-token': s.csrf } });
    if (r.statusCode !== 200 || r.json().total < 1) throw new Error(`search: ${r.statusCode} ${r.body.slice(0, 200)}`);
  };

  // Dashboards.
  await time('appeal figures by region over 2025 (dashboard)', 'province', 'province', get(who.province, `/api/appeals/metrics?${YEAR}&groupBy=region`));
  await time('appeal figures by region over 2025 (dashboard)', `county ${county.code}`, 'county', get(who.county, `/api/appeals/metrics?${YEAR}&groupBy=region`));
  await time('visit coverage by county over 2025', 'province', 'province', get(who.province, `/api/visits/coverage?regionCode=36&groupBy=county&from=2025-01-01&to=2025-12-31`));
  await time('visit coverage by grid over 2025', `county ${county.code}`, 'county', get(who.county, `/api/visits/coverage?regionCode=${county.code}&groupBy=grid&from=2025-01-01&to=2025-12-31`));
  await time('workbench', `county ${county.code}`, 'county', get(who.county, '/api/workbench'));
  await time('overview', 'province', 'province', get(who.province, '/api/overview'));
  // Inboxes.
  await time('inbox page: all', `township dispatcher ${town.code}`, 'county', get(who.disp, '/api/appeals?box=all&pageSize=20'));
  await time('inbox page: in progress', `county department (${county.code})`, 'county', get(who.dept, '/api/appeals?box=in_progress&pageSize=20'));
  await time('inbox page: overdue', 'province leader', 'province', get(who.province, '/api/appeals?box=overdue&pageSize=20'));
  // Searches.
  await time('household search by name', `county ${county.code}`, 'county', search(who.county, sample.name));
  await time('household search by ID number', `county ${county.code}`, 'county', search(who.county, byId));
  await time('household search by phone', `county ${county.code}`, 'county', search(who.county, byPhone));
  await time('household search by ID number', 'province', 'province', search(who.province, byId));
  // Visits by grid and day.
  await time('visits of a grid on a day', `grid ${grid.code}`, 'county', get(who.county, `/api/visits?regionCode=${grid.code}&from=${day.d}&to=${day.d}&pageSize=20`));
  await time('my plan for the day (made on demand)', 'a grid worker', 'county', async () => {
    await database.query(`delete from visit_plan_items where plan_id in (select id from visit_plans where worker_id = $1 and date = $2)`, [gridWorker.id, PLAN_DAY]);
    await database.query(`delete from visit_plans where worker_id = $1 and date = $2`, [gridWorker.id, PLAN_DAY]);
    await get(who.worker, `/api/visits/today?date=${PLAN_DAY}`)();
  });
  // The morning's plans, every worker of the generated counties.
  const planned: number[] = [];
  await time('the morning’s plans, every planned worker', `${counts.workers} workers`, 'province', async () => {
    await database.query(`delete from visit_plan_items where plan_id in (select id from visit_plans where date = $1)`, [PLAN_DAY]);
    await database.query(`delete from visit_plans where date = $1`, [PLAN_DAY]);
    planned.push(await makeDailyPlans(database, PLAN_DAY));
  });
  await app.close();
  await database.close();

  const report = {
    at: new Date().toISOString(),
    engine: 'postgres',
    machine: {
      ...machineInfo(version),
      loadavgBefore: loadBefore.map((x) => round(x)),
      loadavgAfter: os.loadavg().map((x) => round(x)),
      note: 'a 2-core machine shared with other sessions running tests and benchmarks at the same time: the load average is several times the core count, so every time here is inflated and noisy',
    },
    data: Object.fromEntries(Object.entries(counts).map(([k, v]) => [k, /^\d+$/.test(v) ? Number(v) : v])),
    plannedWorkers: planned[planned.length - 1],
    timings,
  };
  const dir = packagePath('bench', 'results');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${report.at.slice(0, 10)}-province-postgres.json`);
  writeFileSync(file, JSON.stringify(report, null, 2) + '\n');
  process.stdout.write(`${file}\n`);
}

await main();
