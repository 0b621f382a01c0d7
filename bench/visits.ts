/**
 * 入户听诉 benchmarks, each beside a minimal baseline in the same run:
 *  - the morning's plans for every full-time worker over the city's households (goal: under 60 s on
 *    PostgreSQL, memory bounded) — baseline: one set-based SQL statement picking each worker's ten most
 *    overdue households (no windows, no place order, no reasons);
 *  - the city's coverage over a year of visits through HTTP (goal: under 200 ms) — baseline: the same
 *    aggregates in two raw SQL statements;
 *  - a visit write under load, 8 workers at once through HTTP (goal: p95 under 30 ms) — baseline: the
 *    same rows (visit, household state, timeline event, audit entry) in one raw SQL transaction.
 * Full scale (PostgreSQL): 吉安's ~1.6 million households and a year of ~3.85 million visits; small
 * scale (PGlite): 吉州区 with a few households a grid and a month of visits.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Config } from '../server/config.js';
import { buildApp } from '../server/app.js';
import type { Database } from '../server/platform/db.js';
import { hashPassword } from '../server/modules/users/passwords.js';
import { DEMO_PASSWORD } from '../server/generate/demo.js';
import { generateHouseholds } from '../server/generate/households.js';
import { JIAN_HOUSEHOLDS_PER_GRID, JIAN_VISIT_YEAR } from '../server/generate/profiles.js';
import { generateVisits } from '../server/generate/visits.js';
import { makeDailyPlans } from '../server/modules/visits/visits.plans.js';
import { ensureJianGrids } from './households.js';
import { median, pct, round, type Result } from './stats.js';

const PLAN_DAY = '2026-01-05'; // a Monday after the generated year

async function ensureData(database: Database, config: Config, scale: 'full' | 'small') {
  await ensureJianGrids(database, config);
  const within = scale === 'full' ? '3608' : '360802';
  let t = performance.now();
  // A kept database (BENCH_DB) already holds the households: checking every grid again takes minutes.
  const [{ n: existing }] = await database.query<{ n: string }>(`select count(*) as n from households where grid_code >= $1 and grid_code < $2`, [within, String(Number(within) + 1)]);
  if (Number(existing) === 0) await generateHouseholds(database, config.secret, {
    seed: 20261122,
    within,
    perGrid: scale === 'full' ? JIAN_HOUSEHOLDS_PER_GRID : { urban: [4, 8], rural: [4, 6] },
    onProgress: (done, total) => {
      if (done % 2000 === 0 || done === total) process.stderr.write(`  households: grids ${done}/${total}\n`);
    },
  });
  const householdsMs = performance.now() - t;
  t = performance.now();
  const year = scale === 'full' ? JIAN_VISIT_YEAR : { days: 22, today: '2026-01-01', shareOfDays: 1 };
  const v = await generateVisits(database, {
    ...year,
    seed: 20261130,
    within,
    onProgress: (done, total) => {
      if (done % 25 === 0 || done === total) process.stderr.write(`  visits: day ${done}/${total}\n`);
    },
  });
  const visitsMs = performance.now() - t;
  // Fresh statistics, as a live database has them (autovacuum would do this within minutes).
  if (v.visits > 0) await database.query('analyze');
  const [c] = await database.query<{ households: string; visits: string; workers: string }>(
    `select (select count(*) from households) as households, (select count(*) from visits) as visits,
            (select count(distinct user_id) from grid_workers where kind in ('full_time', 'group_leader')) as workers`,
  );
  return { within, householdsMs, visitsMs, generatedVisits: v.visits, households: Number(c.households), visits: Number(c.visits), workers: Number(c.workers) };
}

async function leaderSession(app: Awaited<ReturnType<typeof buildApp>>, database: Database, region: string) {
  const username = `bench_leader_${region}`;
  await database.query(`insert into users (id, username, display_name, password_hash, roles, region_code) values ($1,$2,'领导',$3,$4,$5) on conflict do nothing`, [
    randomUUID(),
    username,
    await hashPassword(DEMO_PASSWORD),
    ['leader'],
    region,
  ]);
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: DEMO_PASSWORD } });
  return String(res.headers['set-cookie']).split(';')[0];
}

export async function benchVisits(database: Database, config: Config, scale: 'full' | 'small'): Promise<Result[]> {
  const data = await ensureData(database, config, scale);
  const results: Result[] = [];
  const gen = `generating took ${round(data.householdsMs / 1000, 1)} s (households) and ${round(data.visitsMs / 1000, 1)} s (${data.generatedVisits.toLocaleString('en')} visits, planned by the planner)`;

  // 1. The morning's plans.
  await database.query(`delete from visit_plan_items where plan_id in (select id from visit_plans where date = $1)`, [PLAN_DAY]);
  await database.query(`delete from visit_plans where date = $1`, [PLAN_DAY]);
  let peakRss = process.memoryUsage().rss;
  const startRss = peakRss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
  let t = performance.now();
  const plans = await makeDailyPlans(database, PLAN_DAY, {
    onProgress: (done) => {
      if (done % 5000 < 200) process.stderr.write(`  plans: ${done}\n`);
    },
  });
  const tingsuMs = performance.now() - t;
  clearInterval(sampler);
  const [{ items }] = await database.query<{ items: string }>(`select count(*) as items from visit_plan_items i join visit_plans p on p.id = i.plan_id where p.date = $1`, [PLAN_DAY]);
  await database.query(`drop table if exists bench_plan_baseline`);
  t = performance.now();
  await database.query(`
    create table bench_plan_baseline as
    select worker_id, household_id, rn from (
      select w.user_id as worker_id, h.id as household_id,
             row_number() over (partition by w.user_id order by (h.risk_level in ('medium','high') or cardinality(h.tags) > 0) desc,
                                coalesce(s.last_visit_at + h.visit_interval_days * interval '1 day', '-infinity'::timestamptz)) as rn
      from grid_workers w join households h on h.grid_code = w.grid_code and h.status = 'active'
      left join household_visit_state s on s.household_id = h.id
      where w.kind in ('full_time', 'group_leader')) x
    where rn <= 10`);
  const baselineMs = performance.now() - t;
  await database.query(`drop table bench_plan_baseline`);
  results.push({
    name: `daily visit plans for ${plans.toLocaleString('en')} full-time workers over ${data.households.toLocaleString('en')} households`,
    unit: 'ms',
    tingsu: { total: round(tingsuMs), plans, items: Number(items), peakRssMiB: round((peakRss - startRss) / 2 ** 20, 1) },
    baseline: { total: round(baselineMs) },
    ratio: round(tingsuMs / baselineMs),
    note: `Goal: under 60 s on PostgreSQL, memory bounded (workers go in batches of 200; peakRssMiB is the growth over the run). Tingsu applies the full rules (working day, per-county settings, vulnerable first, most overdue, windows with nobody-home moves, place order, reasons, no household planned twice a day); the baseline is one window-function SELECT of each worker's ten most overdue households into a table. ${gen}.`,
  });

  // 2. Coverage of the city: over a period that runs up to today (the households' visiting state
  // answers which were visited), and over a closed calendar year (distinct households over its visits).
  const app = await buildApp(config, { database });
  await app.ready();
  const city = data.within.slice(0, 4);
  const cookie = await leaderSession(app, database, city);
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
  const yearAgo = new Date(Date.parse(`${today}T00:00:00Z`) - 364 * 86_400_000).toISOString().slice(0, 10);
  const periods = [
    { label: 'the last 12 months up to today', from: yearAgo, to: today },
    { label: scale === 'full' ? 'calendar year 2025' : 'December 2025', from: scale === 'full' ? '2025-01-01' : '2025-12-01', to: '2025-12-31' },
  ];
  const N = 15;
  for (const { label, from, to } of periods) {
    const tingsu: number[] = [];
    const baseline: number[] = [];
    const upToToday = to >= today;
    for (let i = 0; i < N; i++) {
      t = performance.now();
      const r = await app.inject({ url: `/api/visits/coverage?regionCode=${city}&groupBy=county&from=${from}&to=${to}`, headers: { cookie } });
      if (r.statusCode !== 200) throw new Error(`coverage failed ${r.statusCode} ${r.body.slice(0, 200)}`);
      tingsu.push(performance.now() - t);
      t = performance.now();
      const range = [`${from}T00:00:00+08:00`, `${to}T23:59:59.999+08:00`, city, String(Number(city) + 1)];
      const area = [city, String(Number(city) + 1)];
      if (upToToday) {
        await database.query(
          `select substr(h.grid_code, 1, 6), count(*), count(*) filter (where s.last_visit_at >= $3) from households h left join household_visit_state s on s.household_id = h.id
           where h.status = 'active' and h.grid_code >= $1 and h.grid_code < $2 group by 1`,
          [...area, range[0]],
        );
        await database.query(
          `select substr(grid_code, 1, 6), count(*) filter (where outcome = 'met'), count(*) filter (where outcome = 'nobody_home') from visits
           where check_in_at >= $1 and check_in_at <= $2 and grid_code >= $3 and grid_code < $4 group by 1`,
          range,
        );
      } else {
        await database.query(
          `select substr(grid_code, 1, 6), count(distinct household_id) filter (where outcome = 'met'), count(*) filter (where outcome = 'met'), count(*) filter (where outcome = 'nobody_home')
           from visits where check_in_at >= $1 and check_in_at <= $2 and grid_code >= $3 and grid_code < $4 group by 1`,
          range,
        );
        await database.query(`select substr(grid_code, 1, 6), count(*) from households where status = 'active' and grid_code >= $1 and grid_code < $2 group by 1`, area);
      }
      baseline.push(performance.now() - t);
    }
    results.push({
      name: `city coverage by county, ${label} (${from} – ${to}), over ${data.visits.toLocaleString('en')} visits and ${data.households.toLocaleString('en')} households`,
      unit: 'ms',
      tingsu: { p50: round(median(tingsu)), p95: round(pct(tingsu, 95)), requests: N },
      baseline: { p50: round(median(baseline)), p95: round(pct(baseline, 95)), requests: N },
      ratio: round(median(tingsu) / median(baseline)),
      note: `Goal: under 200 ms. Tingsu via HTTP: session, scope, households with vulnerable/overdue/never-visited counts, visits, workers per county, working days, names. ${
        upToToday
          ? 'Up to today, households visited come from each household’s visiting state (one row a household); the baseline runs the same two aggregates in raw SQL.'
          : 'A closed period counts distinct households over its visits (joined to the active households); the baseline runs the distinct count and the households count in raw SQL, without the join.'
      }`,
    });
  }

  // 3. Visit writes under load: 8 workers at once, each logging visits to households of their grid.
  const workers = await database.query<{ user_id: string; username: string; grid_code: string }>(
    `select w.user_id, u.username, w.grid_code from grid_workers w join users u on u.id = w.user_id
     where w.kind = 'full_time' and w.grid_code like $1 order by w.grid_code limit 8`,
    [`${data.within}%`],
  );
  await database.query(`update users set password_hash = $1 where id = any($2)`, [await hashPassword(DEMO_PASSWORD), workers.map((w) => w.user_id)]);
  const sessions = await Promise.all(
    workers.map(async (w) => {
      const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: w.username, password: DEMO_PASSWORD } });
      const body = res.json() as { csrfToken: string };
      const hs = await database.query<{ id: string }>(`select id from households where grid_code = $1 and status = 'active' order by id limit 40`, [w.grid_code]);
      return { cookie: String(res.headers['set-cookie']).split(';')[0], csrf: body.csrfToken, households: hs.map((h) => h.id), worker: w };
    }),
  );
  const PER_WORKER = 40;
  const writes: number[] = [];
  const raw: number[] = [];
  const now = new Date();
  await Promise.all(
    sessions.map(async (s, wi) => {
      for (let i = 0; i < PER_WORKER && i < s.households.length; i++) {
        const t0 = performance.now();
        const r = await app.inject({
          method: 'POST',
          url: '/api/visits',
          headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
          payload: { clientId: `bench-${wi}-${i}-${now.getTime()}`, householdId: s.households[i], checkInAt: new Date(now.getTime() - (PER_WORKER - i) * 60_000).toISOString(), outcome: 'met', metWith: '户主', situation: '家中情况稳定', finding: i % 5 ? 'nothing' : 'service', serviceKind: i % 5 ? undefined : 'home' },
        });
        if (r.statusCode !== 201) throw new Error(`visit failed ${r.statusCode} ${r.body.slice(0, 300)}`);
        writes.push(performance.now() - t0);
      }
    }),
  );
  await Promise.all(
    sessions.map(async (s, wi) => {
      for (let i = 0; i < PER_WORKER && i < s.households.length; i++) {
        const t0 = performance.now();
        const id = randomUUID();
        const at = new Date(now.getTime() - (PER_WORKER - i) * 60_000);
        const hid = s.households[i];
        const g = s.worker.grid_code;
        await database.db.transaction(async (tx) => {
          await tx.execute(sql`insert into visits (id, client_id, household_id, grid_code, worker_id, worker_name, check_in_at, outcome, finding) values (${id}, ${`raw-${wi}-${i}-${now.getTime()}`}, ${hid}, ${g}, ${s.worker.user_id}, '基线', ${at}, 'met', 'nothing')`);
          await tx.execute(sql`insert into household_visit_state (household_id, grid_code, last_visit_at, last_attempt_at, visits) values (${hid}, ${g}, ${at}, ${at}, 1)
                   on conflict (household_id) do update set last_visit_at = greatest(household_visit_state.last_visit_at, excluded.last_visit_at), visits = household_visit_state.visits + 1`);
          await tx.execute(sql`insert into household_events (household_id, grid_code, at, source, kind, summary) values (${hid}, ${g}, ${at}, 'visits', 'visit.met', '基线')`);
          await tx.execute(sql`insert into audit_log (actor_kind, actor_id, actor_name, action, region_code) values ('user', ${s.worker.user_id}, '基线', 'visit.log', ${g})`);
        });
        raw.push(performance.now() - t0);
      }
    }),
  );
  await app.close();
  results.push({
    name: `visit writes under load (${sessions.length} workers at once, ${writes.length} visits)`,
    unit: 'ms',
    tingsu: { p50: round(median(writes)), p95: round(pct(writes, 95)), requests: writes.length },
    baseline: { p50: round(median(raw)), p95: round(pct(raw, 95)), requests: raw.length },
    ratio: round(pct(writes, 95) / pct(raw, 95)),
    note: 'Goal: p95 under 30 ms. Tingsu via HTTP: session, CSRF, validation, idempotency lookup, scope, the household, rules, plan item, visit, household state, timeline, audit; the baseline writes the visit, state, event and audit rows in one transaction of raw SQL.',
  });
  return results;
}
