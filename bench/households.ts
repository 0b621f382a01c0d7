/**
 * Household benchmarks (issue 4), each beside a minimal raw-SQL baseline in the same run:
 * - import of 100,000 spreadsheet rows (all-or-nothing, validated, sealed, versioned) vs parsing the
 *   same file and INSERTing its rows into a plain table, each with its time and peak memory
 *   (`--import-rows 1000000` for a million);
 * - household search p95 through HTTP (member name prefix, full ID number, full phone) vs the same
 *   SELECTs by hand;
 * - point-to-grid lookups per second over 吉安's ~21,000 grids (tile index) vs a bounding-box scan of
 *   the grids table with the exact test in JS.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from '../server/platform/xlsx.js';
import type { Config } from '../server/config.js';
import { buildApp } from '../server/app.js';
import { SYSTEM_ACTOR } from '../server/platform/access.js';
import { systemContext } from '../server/platform/audit.js';
import type { Database } from '../server/platform/db.js';
import { createVault } from '../server/platform/crypto.js';
import { hashPassword } from '../server/modules/users/passwords.js';
import { gridAt, pointInPolygon } from '../server/modules/grids/grids.locate.js';
import type { Polygon } from '../server/modules/grids/grids.tables.js';
import { IMPORT_JOB, runImportJob, startImport, COLUMNS } from '../server/modules/households/households.import.js';
import { JobRunner } from '../server/platform/jobs.js';
import { allTags, installHouseholdDefaults, listVisitRules } from '../server/modules/households/households.config.js';
import { baselineImport, baselineReimport, textReference } from './import-baseline.js';
import { DEMO_PASSWORD } from '../server/generate/demo.js';
import { generateHouseholds } from '../server/generate/households.js';
import { idNumberFor } from '../server/generate/identity.js';
import { JIAN_HOUSEHOLDS_PER_GRID, runProfile } from '../server/generate/profiles.js';
import { mulberry32, pick } from '../server/generate/random.js';
import { packagePath } from '../server/platform/paths.js';
import { median, pct, round, type Result } from './stats.js';



/** The jian grids (~21,000), generated once per bench database. */
export async function ensureJianGrids(database: Database, config: Config): Promise<{ grids: number; ms: number }> {
  const [{ n }] = await database.query<{ n: string }>(`select count(*) as n from grids where code like '3608%'`);
  if (Number(n) > 10_000) return { grids: Number(n), ms: 0 };
  const t = performance.now();
  const s = await runProfile(database, 'jian', { secret: config.secret });
  return { grids: s.grids, ms: performance.now() - t };
}

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '罗', '肖', '曾', '彭', '胡', '郭', '邹', '欧阳'];
const GIVEN = ['建国', '秀英', '志强', '桂英', '春生', '冬梅', '海波', '丽萍', '子轩', '雨涵', '伟', '芳'];

/** A roster of `rows` people (about 3 a household) over the grids of 吉州区, as an .xlsx file. */
async function rosterXlsx(database: Database, rows: number, file: string): Promise<void> {
  const grids = (await database.query<{ code: string }>(`select code from grids where code like '360802%' and status = 'active' order by code`)).map((g) => g.code);
  const out = createWriteStream(file);
  const done = new Promise<void>((r, j) => out.on('close', () => r()).on('error', j));
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: false, useSharedStrings: false });
  const ws = wb.addWorksheet('户籍台账');
  ws.columns = COLUMNS.map((c) => ({ header: c.header, key: c.key }));
  ws.getRow(1).commit();
  const rnd = mulberry32(4);
  // A birth date per thousand rows: 97 days apart up to 200,000 rows (the figures of earlier runs), 13 beyond.
  const step = rows > 200_000 ? 13 : 97;
  let row = 0;
  for (let h = 0; row < rows; h++) {
    const grid = grids[h % grids.length];
    const size = 1 + Math.floor(rnd() * 5);
    const surname = pick(rnd, SURNAMES);
    for (let m = 0; m < size && row < rows; m++, row++) {
      // A distinct (birth date, sequence) pair per row keeps every ID number unique.
      const birth = new Date(Date.UTC(1950, 0, 1) + Math.floor(row / 1000) * step * 86_400_000).toISOString().slice(0, 10);
      ws.addRow({
        gridCode: grid,
        compound: '滨江家园',
        building: `${1 + Math.floor(h / grids.length / 24)}栋`,
        unit: String(1 + ((h >> 2) % 2)),
        room: `${1 + (Math.floor(h / grids.length) % 24)}0${1 + (h % 2)}`,
        householdType: m === 0 && h % 5 === 0 ? '务工户' : '',
        tags: m === 0 && h % 17 === 0 ? '低保' : '',
        name: surname + pick(rnd, GIVEN),
        relation: m === 0 ? '户主' : m === 1 ? '配偶' : '子女',
        idNumber: idNumberFor('360802', birth, row % 1000),
        phone: `139${String(row).padStart(8, '0')}`,
      }).commit();
      // Let the file stream drain now and then.
      if (row % 5000 === 0) await new Promise((r) => setImmediate(r));
    }
  }
  ws.commit();
  await wb.commit();
  await done;
}

interface Measured {
  ms: number;
  startRssMiB: number;
  sampledPeakRssMiB: number;
  /** The kernel's peak for the whole process (child processes only). */
  peakRssMiB?: number;
}

/** Runs one side of the import benchmark in its own process (bench/import-child.ts) and reads its figures. */
function inChild(config: Config, args: string[]): Promise<Measured> {
  return new Promise((resolve, reject) => {
    // BENCH_CPU_PROF=<dir>: a V8 CPU profile of each side (node --cpu-prof), to open in Chrome's DevTools.
    const prof = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
    const child = spawn(process.execPath, [...prof, '--import', 'tsx', packagePath('bench', 'import-child.ts'), ...args], {
      env: { ...process.env, DATABASE_URL: config.databaseUrl, TINGSU_SECRET: config.secret },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`bench/import-child.ts ${args[0]} exited with ${code}`));
      resolve(JSON.parse(out.trim().split('\n').pop()!) as Measured);
    });
  });
}

const MEMORY_NOTE =
  'Each side runs in a process of its own (bench/import-child.ts): peakRssMiB is the highest peak resident memory of that process during the work over the runs (the kernel’s maxRSS, including Node, the loaded modules and the file, when the work lifted it above what loading the modules through tsx had reached; otherwise the highest resident memory sampled every 20 ms), startRssMiB the process before the work, peakMinusStartMiB the work’s own.';

/** A run's peak above its start, for the progress lines. */
const peakOf = (m: Measured) => `+${round((m.peakRssMiB ?? m.sampledPeakRssMiB) - m.startRssMiB)} MiB`;

/** In this process (the embedded database cannot be shared): the peak is this process's, sampled. */
async function inProcess<T>(work: () => Promise<T>): Promise<{ ms: number; startRssMiB: number; sampledPeakRssMiB: number; value: T }> {
  const MiB = 1024 * 1024;
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const startRssMiB = process.memoryUsage().rss / MiB;
  const t = performance.now();
  const value = await work();
  const ms = performance.now() - t;
  clearInterval(sampler);
  return { ms, startRssMiB, sampledPeakRssMiB: Math.max(peak, process.memoryUsage().rss) / MiB, value };
}

/** The tables the import writes (emptied between runs: the import is the first benchmark to write them). */
const IMPORTED = 'households, people, household_members, record_changes, household_events, buildings, compounds';

/**
 * The roster import of `rows` generated rows (all-or-nothing) beside its baseline (bench/import-baseline.ts:
 * the same rows into the same tables, the best way the database allows), alternating in the same run,
 * `runs` times each (medians); and once the earlier reference, the file streamed and INSERTed as six text
 * columns per row. On PostgreSQL each side runs in a process of its own (bench/import-child.ts) and
 * reports that process's peak resident memory.
 */
export async function benchImport(database: Database, config: Config, rows = 100_000, runs = rows > 200_000 ? 1 : 3, alone = false): Promise<Result> {
  await ensureJianGrids(database, config);
  const [{ n: present }] = await database.query<{ n: string }>(`select count(*) as n from households`);
  if (Number(present)) throw new Error('the import benchmark empties the household tables between runs: run it on a database without households');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tingsu-bench-import-'));
  const path_ = path.join(dir, 'roster.xlsx');
  // The machine's load (1-minute average) every 10 s while the sides run: a peak taken at load 8 is not one taken at load 1.
  const loads: number[] = [os.loadavg()[0]];
  const loadSampler = setInterval(() => loads.push(os.loadavg()[0]), 10_000);
  try {
    const t = performance.now();
    await rosterXlsx(database, rows, path_);
    const genMs = performance.now() - t;
    const file = readFileSync(path_);
    const fileMiB = file.length / 2 ** 20;
    const pii = createVault(config.secret);
    const deps = { database, pii };
    // The tags the roster uses are installed when the app starts; the benchmark calls the service directly.
    await installHouseholdDefaults(database.db);
    const separate = database.kind === 'postgres';
    const tingsuRuns: Measured[] = [];
    const baselineRuns: Measured[] = [];
    let finished: { status: string; message: string | null; households_created: number; people_created: number; error_rows: number } | undefined;
    for (let run = 0; run < runs; run++) {
      await database.query(`truncate ${IMPORTED}`);
      if (!alone) baselineRuns.push(
        separate
          ? await inChild(config, ['baseline', path_])
          : await inProcess(async () => {
              const tags = new Map((await allTags(database.db)).map((x) => [x.name, x.code]));
              const rules = await listVisitRules(database.db);
              await database.query('begin');
              await baselineImport((text, params) => database.query(text, params), pii, file, { jobId: randomUUID(), actor: SYSTEM_ACTOR, rules, tags });
              await database.query('commit');
            }),
      );
      const [{ n: people }] = await database.query<{ n: string }>(`select count(*) as n from people`);
      if (!alone && Number(people) !== rows) throw new Error(`the baseline created ${people} people of ${rows} rows`);
      await database.query(`truncate ${IMPORTED}`);
      const job = await startImport(deps, systemContext('job', SYSTEM_ACTOR), { name: 'bench.xlsx', data: file }, 'all_or_nothing');
      // The import is a queued job: run it as an instance's job runner would.
      tingsuRuns.push(
        separate
          ? await inChild(config, ['job', job.id])
          : await inProcess(() => new JobRunner(database, { [IMPORT_JOB]: (p, j) => runImportJob(deps, p, j) }, []).tick()),
      );
      [finished] = await database.query<NonNullable<typeof finished>>(`select status, message, households_created, people_created, error_rows from import_jobs where id = $1`, [job.id]);
      if (finished.status !== 'done') throw new Error(`import ${finished.status}: ${finished.message} (${finished.error_rows} error rows)`);
      if (finished.people_created !== rows) throw new Error(`import created ${finished.people_created} people of ${rows} rows`);
      if (alone) {
        process.stderr.write(`  run ${run + 1}/${runs}: tingsu ${round(tingsuRuns[run].ms)} ms ${peakOf(tingsuRuns[run])}, load ${os.loadavg().map((x) => round(x)).join(' ')}\n`);
        continue;
      }
      process.stderr.write(`  run ${run + 1}/${runs}: tingsu ${round(tingsuRuns[run].ms)} ms ${peakOf(tingsuRuns[run])}, baseline ${round(baselineRuns[run].ms)} ms ${peakOf(baselineRuns[run])}, load ${os.loadavg().map((x) => round(x)).join(' ')}\n`);
    }
    const side = (rs: Measured[]) => {
      const ms = median(rs.map((r) => r.ms));
      const peak = Math.max(...rs.map((r) => r.peakRssMiB ?? r.sampledPeakRssMiB));
      const start = median(rs.map((r) => r.startRssMiB));
      return {
        ms: round(ms),
        rowsPerSecond: round(rows / (ms / 1000)),
        runsMs: rs.map((r) => round(r.ms)),
        ...(rs[0].peakRssMiB !== undefined ? { peakRssMiB: round(peak) } : { sampledPeakRssMiB: round(peak) }),
        startRssMiB: round(start),
        peakMinusStartMiB: round(Math.max(...rs.map((r) => (r.peakRssMiB ?? r.sampledPeakRssMiB) - r.startRssMiB))),
      };
    };
    if (alone) {
      const tingsu = side(tingsuRuns);
      return {
        name: `roster import alone, ${rows.toLocaleString('en')} rows (${finished!.households_created.toLocaleString('en')} households), all-or-nothing`,
        unit: 'ms',
        tingsu,
        baseline: {},
        ratio: 0,
        loadavgDuring: { min: round(Math.min(...loads)), median: round(median(loads)), max: round(Math.max(...loads)) },
        note: `--import-alone: the import's job alone (no baseline, no re-import; ratio not measured), for its time and memory. The file: ${round(fileMiB, 1)} MiB. ${MEMORY_NOTE}`,
      };
    }
    // Importing the same file again, over the last run's households: nothing changes. Beside it the same
    // comparison by hand (bench/import-baseline.ts, baselineReimport), alternating.
    const trail = async () => (await database.query<{ n: string }>(`select (select count(*) from record_changes) + (select count(*) from household_events) + (select coalesce(sum(version), 0) from people) as n`))[0].n;
    const trailBefore = await trail();
    const reRuns: Measured[] = [];
    const reBaselineRuns: Measured[] = [];
    for (let run = 0; run < runs; run++) {
      reBaselineRuns.push(
        separate
          ? await inChild(config, ['recompare', path_])
          : await inProcess(async () => {
              const tags = new Map((await allTags(database.db)).map((x) => [x.name, x.code]));
              await database.query('begin');
              const r = await baselineReimport((text, params) => database.query(text, params), pii, file, { tags });
              await database.query('commit');
              if (r.missing || r.changed) throw new Error(`the re-import baseline found ${r.missing} rows missing and ${r.changed} changed`);
            }),
      );
      const again = await startImport(deps, systemContext('job', SYSTEM_ACTOR), { name: 'bench.xlsx', data: file }, 'all_or_nothing');
      reRuns.push(separate ? await inChild(config, ['job', again.id]) : await inProcess(() => new JobRunner(database, { [IMPORT_JOB]: (p, j) => runImportJob(deps, p, j) }, []).tick()));
      const [re] = await database.query<{ status: string; message: string | null; unchanged: number; created: number; updated: number }>(
        `select status, message, unchanged, households_created + people_created as created, households_updated + people_updated as updated from import_jobs where id = $1`,
        [again.id],
      );
      if (re.status !== 'done' || re.unchanged !== rows || re.created || re.updated) throw new Error(`re-import: ${re.status} ${re.message}, ${re.unchanged} unchanged, ${re.created} created, ${re.updated} updated`);
      process.stderr.write(`  re-import ${run + 1}/${runs}: tingsu ${round(reRuns[run].ms)} ms ${peakOf(reRuns[run])}, baseline ${round(reBaselineRuns[run].ms)} ms ${peakOf(reBaselineRuns[run])}, load ${os.loadavg().map((x) => round(x)).join(' ')}\n`);
    }
    if ((await trail()) !== trailBefore) throw new Error('the re-import of an unchanged file changed something');
    // The earlier reference, once: six text columns per row into a table of their own.
    const text: Measured = separate ? await inChild(config, ['text', path_]) : await inProcess(() => textReference((text, params) => database.query(text, params), file));
    await database.query(`drop table if exists bench_roster`);
    const tingsu = side(tingsuRuns);
    const baseline = side(baselineRuns);
    return {
      name: `roster import, ${rows.toLocaleString('en')} rows (${finished!.households_created.toLocaleString('en')} households), all-or-nothing`,
      unit: 'ms',
      tingsu,
      baseline,
      ratio: round(tingsu.ms / baseline.ms),
      textReference: { ms: round(text.ms), rowsPerSecond: round(rows / (text.ms / 1000)), ratio: round(tingsu.ms / text.ms) },
      reimport: { tingsu: side(reRuns), baseline: side(reBaselineRuns), ratio: round(median(reRuns.map((r) => r.ms)) / median(reBaselineRuns.map((r) => r.ms))) },
      loadavgDuring: { min: round(Math.min(...loads)), median: round(median(loads)), max: round(Math.max(...loads)) },
      note:
        `Tingsu validates every row (ID check digits, phones, headers, duplicates, scope, people registered elsewhere), keeps the rows while it checks them, encrypts and blind-indexes ID numbers and phones, creates buildings, households, people, stays, versioned changes and timeline events in one transaction, with progress and an error report. ` +
        `The baseline (bench/import-baseline.ts) streams the same file, seals the same values with the same vault and writes the same rows into the same tables in one transaction, a multi-row INSERT … SELECT FROM unnest(arrays) per table every 5,000 households, checking nothing. ` +
        `reimport: the same file imported again over the last run's households (all-or-nothing; every row unchanged, checked: no change records, events or versions added), beside baselineReimport (bench/import-baseline.ts): the file streamed, ID numbers and phones blind-indexed with the same vault, and every row compared with the stored person and household in one SELECT … FROM unnest(arrays) per 5,000 households, in one transaction; same alternation and medians. ` +
        `textReference is the earlier baseline (the file streamed, six text columns per row INSERTed, 1,000 rows a statement), run once. ` +
        `Median of ${runs} run${runs > 1 ? 's' : ''} each (runsMs), baseline and Tingsu alternating. The file: ${round(fileMiB, 1)} MiB, generated in ${round(genMs / 1000, 1)} s. ` +
        (separate ? MEMORY_NOTE : 'Both run in the benchmark process (the embedded database cannot be shared): sampledPeakRssMiB is that process’s peak resident memory sampled every 20 ms, startRssMiB before the work.'),
    };
  } finally {
    clearInterval(loadSampler);
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchSearch(database: Database, config: Config, scale: 'full' | 'small'): Promise<Result> {
  const grids = await ensureJianGrids(database, config);
  let t = performance.now();
  const perGrid = scale === 'full' ? JIAN_HOUSEHOLDS_PER_GRID : { urban: [4, 8] as [number, number], rural: [4, 6] as [number, number] };
  await generateHouseholds(database, config.secret, {
    seed: 20261122,
    within: '3608',
    perGrid,
    onProgress: (done, total) => {
      if (done % 2000 === 0 || done === total) process.stderr.write(`  households: grids ${done}/${total}\n`);
    },
  });
  const genMs = performance.now() - t;
  const [{ households, people }] = await database.query<{ households: string; people: string }>(`select (select count(*) from households) as households, (select count(*) from people) as people`);

  const app = await buildApp(config, { database });
  await app.ready();
  await database.query(`insert into users (id, username, display_name, password_hash, roles, region_code) values ($1,'bench_county','领导',$2,$3,'360802') on conflict do nothing`, [
    randomUUID(),
    await hashPassword(DEMO_PASSWORD),
    ['leader'],
  ]);
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'bench_county', password: DEMO_PASSWORD } });
  const cookie = String(res.headers['set-cookie']).split(';')[0];
  const pii = createVault(config.secret);
  const sample = await database.query<{ name: string; id_number_enc: string | null; phone_enc: string | null }>(
    `select name, id_number_enc, phone_enc from people where grid_code >= '360802' and grid_code < '360803' and id_number_enc is not null and phone_enc is not null order by id limit 100`,
  );
  const queries: { kind: string; q: string }[] = [];
  for (const s of sample) {
    queries.push({ kind: 'name', q: s.name });
    queries.push({ kind: 'id', q: pii.decrypt(s.id_number_enc!) });
    queries.push({ kind: 'phone', q: pii.decrypt(s.phone_enc!) });
  }
  const tingsu: number[] = [];
  const baseline: number[] = [];
  const lo = '360802';
  const hi = '360803';
  for (const { kind, q } of queries) {
    t = performance.now();
    const r = await app.inject({ method: 'POST', url: '/api/households/search', payload: { q, pageSize: 20 }, headers: { cookie } });
    if (r.statusCode !== 200 || r.json().total < 1) throw new Error(`search failed ${r.statusCode} ${r.body.slice(0, 200)}`);
    tingsu.push(performance.now() - t);
    t = performance.now();
    const member =
      kind === 'id' ? `p.id_number_bidx = $3` : kind === 'phone' ? `p.phone_bidx = $3` : `p.name like $3`;
    const arg = kind === 'id' ? pii.blindIndex('id', q) : kind === 'phone' ? pii.blindIndex('phone', q) : `${q}%`;
    const where = `h.grid_code >= $1 and h.grid_code < $2 and h.status = 'active' and h.id in (select p.household_id from people p where ${member} and p.grid_code >= $1 and p.grid_code < $2)`;
    await database.query(`select h.* from households h where ${where} order by h.grid_code, h.address limit 20`, [lo, hi, arg]);
    await database.query(`select count(*) from households h where ${where}`, [lo, hi, arg]);
    baseline.push(performance.now() - t);
  }
  await app.close();
  return {
    name: `household search over ${Number(households).toLocaleString('en')} households / ${Number(people).toLocaleString('en')} people (county scope, member name / full ID / full phone)`,
    unit: 'ms',
    tingsu: { p50: round(median(tingsu)), p95: round(pct(tingsu, 95)), requests: tingsu.length },
    baseline: { p50: round(median(baseline)), p95: round(pct(baseline, 95)), requests: baseline.length },
    ratio: round(pct(tingsu, 95) / pct(baseline, 95)),
    note: `Tingsu goes through HTTP (app.inject), session, scope, blind index and the household views (grid and head names); generating the households took ${round(genMs / 1000, 1)} s over ${grids.grids} grids (${scale} scale)`,
  };
}

export async function benchPointToGrid(database: Database, config: Config): Promise<Result> {
  const grids = await ensureJianGrids(database, config);
  const N = 20_000;
  const rnd = mulberry32(9);
  const box = { west: 113.8, east: 115.9, south: 26.0, north: 27.9 };
  const points = Array.from({ length: N }, () => [box.west + rnd() * (box.east - box.west), box.south + rnd() * (box.north - box.south)]);
  // The first lookup loads the in-memory index; timed on its own.
  let t = performance.now();
  await gridAt(database.db, points[0][0], points[0][1]);
  const loadMs = performance.now() - t;
  t = performance.now();
  let hits = 0;
  for (const [lon, lat] of points) if (await gridAt(database.db, lon, lat)) hits++;
  const tingsuRate = N / ((performance.now() - t) / 1000);
  t = performance.now();
  let baseHits = 0;
  for (const [lon, lat] of points) {
    const rows = await database.query<{ code: string; polygon: Polygon }>(
      `select code, polygon from grids where min_lon <= $1 and max_lon >= $1 and min_lat <= $2 and max_lat >= $2 and status = 'active' order by code`,
      [lon, lat],
    );
    if (rows.find((r) => pointInPolygon(lon, lat, r.polygon))) baseHits++;
  }
  const baseRate = N / ((performance.now() - t) / 1000);
  if (hits !== baseHits) throw new Error(`point-to-grid disagrees with the baseline: ${hits} vs ${baseHits}`);
  return {
    name: `point-to-grid over ${grids.grids.toLocaleString('en')} grids (${N} random points in 吉安市, ${hits} inside a grid)`,
    unit: 'lookups/s',
    tingsu: { lookupsPerSecond: round(tingsuRate), indexLoadMs: round(loadMs) },
    baseline: { lookupsPerSecond: round(baseRate) },
    ratio: round(tingsuRate / baseRate),
    note: 'one at a time; Tingsu keeps an in-memory 0.01° tile index of the active grids (loaded on first use, timed separately; reloaded when the grid revision changes, checked at most once a second) and tests the few outlines in the point’s tile; the baseline is a bounding-box range scan of the grids table (btree on min_lon, max_lon, min_lat, max_lat) with the same exact test in JS; both agree on every point',
  };
}
