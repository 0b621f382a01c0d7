/**
 * The province profile's hot reads: dashboards, inboxes, searches, visit lists and the morning's plans,
 * each beside its baseline (bench/province.baselines.ts: the same rows and figures by hand-written SQL
 * through the same driver and pool), both timed five times after a warm-up, alternating (medians of 5,
 * and the ratio Tingsu ÷ baseline), on a database the province profile filled:
 *
 *   createdb tingsu_prov
 *   DATABASE_URL=postgres://…/tingsu_prov TINGSU_SECRET=<hex> npx tsx server/cli.ts generate --profile province --fraction 0.02
 *   DATABASE_URL=postgres://…/tingsu_prov TINGSU_SECRET=<same> npx tsx bench/province.ts
 *
 * The secret must be the generator's (the search decrypts a sample of ID numbers and phones to search for).
 * PROVINCE_RUNS (default 5, at least 3) sets the timed runs of each side; PROVINCE_ONLY (comma-separated
 * parts of names, e.g. `inbox,search,coverage by grid`) times only the figures whose names contain one.
 * Writes bench/results/<day>-province-postgres.json (or <day>-province-<PROVINCE_LABEL>-postgres.json) with
 * the machine, its load, the versions and the generated fraction.
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
import { addDays, chinaDate, makeDailyPlans, rulesOf } from '../server/modules/visits/visits.plans.js';
import { allSettings, settingsIn } from '../server/modules/visits/visits.settings.js';
import { vocabulary } from '../server/modules/visits/visits.households.js';
import { workCalendar } from '../server/modules/calendar/calendar.service.js';
import { isWorkingDay } from '../server/modules/calendar/calendar.time.js';
import { DEMO_PASSWORD } from '../server/generate/demo.js';
import { baselines, type BaselineScope } from './province.baselines.js';
import { machineInfo, median, round } from './stats.js';

const RUNS = Math.max(3, Number(process.env.PROVINCE_RUNS ?? 5));
const ONLY = process.env.PROVINCE_ONLY?.split(',').map((x) => x.trim()).filter(Boolean);
const wanted = (name: string) => !ONLY || ONLY.some((o) => name.includes(o));
const YEAR = 'from=2024-12-31T16:00:00.000Z&to=2025-12-31T16:00:00.000Z';

interface Timing {
  name: string;
  scope: string;
  unit: 'ms';
  /** Tingsu's way (HTTP through the app, or the service the morning job calls), and the baseline's, in the same run: medians of RUNS. */
  tingsu: { median: number; runs: number[] };
  baseline: { median: number; runs: number[] };
  /** tingsu ÷ baseline (medians): above 1 is slower than the baseline. */
  ratio: number;
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

async function userId(database: Database, username: string): Promise<string> {
  const [u] = await database.query<{ id: string }>(`select id from users where username = $1`, [username]);
  return u.id;
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
  const [generated] = await database.query<{ details: Record<string, unknown> }>(`select details from audit_log where action = 'generate.profile' order by at desc limit 1`);
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

  // The plans are made for the first working day from today (a past day's plan is only read, never made).
  const cal = await workCalendar(database.db);
  let planDay = chinaDate();
  while (!isWorkingDay(cal, planDay)) planDay = addDays(planDay, 1);
  const clearPlans = async (workerId?: string) => {
    const which = workerId ? `date = $1 and worker_id = $2` : `date = $1`;
    const params = workerId ? [planDay, workerId] : [planDay];
    await database.query(`delete from visit_plan_items where plan_id in (select id from visit_plans where ${which})`, params);
    await database.query(`delete from visit_plans where ${which}`, params);
  };
  const scope: BaselineScope = {
    county: county.code,
    town: town.code,
    org: org.id,
    grid: grid.code,
    day: day.d,
    provinceLeader: await userId(database, 'prov_leader'),
    countyLeader: await userId(database, 'prov_county_leader'),
    worker: { id: gridWorker.id, name: gridWorker.username },
    planDay,
    rules: rulesOf(settingsIn(await allSettings(database.db), grid.code), await vocabulary(database.db)),
  };
  const searcher = { id: scope.countyLeader, name: 'prov_county_leader' };
  const provinceSearcher = { id: scope.provinceLeader, name: 'prov_leader' };
  const base = baselines(database, scope);

  const timings: Timing[] = [];
  /**
   * Tingsu's way and the baseline's, each once to warm up (code paths, plans, caches), then RUNS times
   * each, alternating, so a burst of load elsewhere falls on both; `reset` runs untimed before each run.
   */
  const time = async (name: string, where: string, grows: Timing['grows'], tingsu: () => Promise<unknown>, baseline: () => Promise<unknown>, o: { reset?: () => Promise<void>; note?: string } = {}) => {
    if (!wanted(name)) return;
    const once = async (fn: () => Promise<unknown>) => {
      await o.reset?.();
      const t = performance.now();
      await fn();
      return round(performance.now() - t);
    };
    await once(tingsu);
    await once(baseline);
    const t: number[] = [];
    const b: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      t.push(await once(tingsu));
      b.push(await once(baseline));
    }
    const entry: Timing = { name, scope: where, unit: 'ms', tingsu: { median: round(median(t)), runs: t }, baseline: { median: round(median(b)), runs: b }, ratio: round(median(t) / median(b)), grows, note: o.note };
    timings.push(entry);
    process.stderr.write(`  ${name} (${where}): ${entry.tingsu.median} ms, baseline ${entry.baseline.median} ms, ratio ${entry.ratio}\n`);
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
  const idHash = pii.blindIndex('id', byId);
  const phoneHash = pii.blindIndex('phone', byPhone);

  // Dashboards.
  await time('appeal figures by region over 2025 (dashboard)', 'province', 'province', get(who.province, `/api/appeals/metrics?${YEAR}&groupBy=region`), base.provinceFigures);
  await time('appeal figures by region over 2025 (dashboard)', `county ${county.code}`, 'county', get(who.county, `/api/appeals/metrics?${YEAR}&groupBy=region`), base.countyFigures);
  await time('visit coverage by county over 2025', 'province', 'province', get(who.province, `/api/visits/coverage?regionCode=36&groupBy=county&from=2025-01-01&to=2025-12-31`), () =>
    base.coverage('36', 6),
  );
  await time('visit coverage by grid over 2025', `county ${county.code}`, 'county', get(who.county, `/api/visits/coverage?regionCode=${county.code}&groupBy=grid&from=2025-01-01&to=2025-12-31`), () =>
    base.coverage(county.code, 15),
  );
  await time('workbench', `county leader ${county.code}`, 'county', get(who.county, '/api/workbench'), base.workbench);
  await time('overview', 'province', 'province', get(who.province, '/api/overview'), base.overview);
  // Inboxes.
  await time('inbox page: all', `township dispatcher ${town.code}`, 'county', get(who.disp, '/api/appeals?box=all&pageSize=20'), base.inboxAll);
  await time('inbox page: in progress', `county department (${county.code})`, 'county', get(who.dept, '/api/appeals?box=in_progress&pageSize=20'), base.inboxInProgress);
  await time('inbox page: overdue', 'province leader', 'province', get(who.province, '/api/appeals?box=overdue&pageSize=20'), base.inboxOverdue);
  // Searches.
  await time('household search by name', `county ${county.code}`, 'county', search(who.county, sample.name), () => base.searchByName(sample.name));
  await time('household search by ID number', `county ${county.code}`, 'county', search(who.county, byId), () => base.searchByIndex(county.code, 'id_number_bidx', idHash, searcher));
  await time('household search by phone', `county ${county.code}`, 'county', search(who.county, byPhone), () => base.searchByIndex(county.code, 'phone_bidx', phoneHash, searcher));
  await time('household search by ID number', 'province', 'province', search(who.province, byId), () => base.searchByIndex('36', 'id_number_bidx', idHash, provinceSearcher));
  // Visits by grid and day.
  await time('visits of a grid on a day', `grid ${grid.code}`, 'county', get(who.county, `/api/visits?regionCode=${grid.code}&from=${day.d}&to=${day.d}&pageSize=20`), base.gridVisits);
  // Plans (PROVINCE_ONLY=plan times both plan figures and nothing else).
  const planned = { tingsu: 0, baseline: 0, tingsuItems: 0, baselineItems: 0 };
  if (wanted('my plan for the day') || wanted('the morning’s plans')) await plans();
  async function plans() {
    const countPlans = async (side: 'tingsu' | 'baseline') => {
      const [c] = await database.query<{ plans: string; items: string }>(
        `select count(distinct p.id) as plans, count(i.id) as items from visit_plans p left join visit_plan_items i on i.plan_id = p.id where p.date = $1`,
        [planDay],
      );
      planned[side] = Number(c.plans);
      planned[`${side}Items`] = Number(c.items);
    };
    await time('my plan for the day (made on demand)', `a grid worker, ${planDay}`, 'county', get(who.worker, `/api/visits/today?date=${planDay}`), base.myPlan, {
      reset: () => clearPlans(gridWorker.id),
      note: 'baseline: the plan and its items in one statement with the planner’s rules as far as SQL goes (bench/plans.baseline.ts: the vulnerable and most overdue first, windows by type and nobody-home, order, reasons), then the plan read with each household and its members',
    });
    // The morning's plans, every worker of the generated counties.
    await time(
      'the morning’s plans, every planned worker',
      `${counts.workers} workers`,
      'province',
      () => makeDailyPlans(database, planDay),
      base.morningPlans,
      { reset: () => clearPlans(), note: 'baseline: every plan and item in one statement with the planner’s rules as far as SQL goes (bench/plans.baseline.ts: the vulnerable and most overdue first, a grid’s workers taking its households in turn, windows by type and nobody-home, order, reasons)' },
    );
    // What each side planned: the last timed run was the baseline's; Tingsu's once more, untimed.
    await countPlans('baseline');
    await clearPlans();
    await makeDailyPlans(database, planDay);
    await countPlans('tingsu');
    await clearPlans();
  }
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
    generated: generated ? { fraction: generated.details.fraction, counties: generated.details.counties, villages: generated.details.villages, ms: generated.details.ms, steps: generated.details.steps } : null,
    data: Object.fromEntries(Object.entries(counts).map(([k, v]) => [k, /^\d+$/.test(v) ? Number(v) : v])),
    planDay,
    planned,
    only: ONLY ?? null,
    timings,
  };
  const dir = packagePath('bench', 'results');
  mkdirSync(dir, { recursive: true });
  const label = process.env.PROVINCE_LABEL ? `-${process.env.PROVINCE_LABEL.replace(/[^\w.-]/g, '')}` : '';
  const file = path.join(dir, `${report.at.slice(0, 10)}-province${label}-postgres.json`);
  writeFileSync(file, JSON.stringify(report, null, 2) + '\n');
  process.stdout.write(`${file}\n`);
}

await main();
