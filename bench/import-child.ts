/**
 * One side of the roster-import benchmark in a process of its own, so its peak memory is its own:
 *
 *   node --import tsx bench/import-child.ts job <importId>       # run the queued import job (as a job runner would)
 *   node --import tsx bench/import-child.ts baseline <file.xlsx> # the same rows into the same tables, the best way (bench/import-baseline.ts)
 *   node --import tsx bench/import-child.ts text <file.xlsx>     # the earlier reference: stream the file, INSERT six text columns per row
 *   node --import tsx bench/import-child.ts recompare <file.xlsx> # the re-import's baseline: compare the same file with what is stored (baselineReimport)
 *
 * DATABASE_URL and TINGSU_SECRET name the benchmark's database. Prints one JSON line: the work's time,
 * the process's resident memory before it, and the peak resident memory of the whole process during the
 * work: the kernel's count (process.resourceUsage().maxRSS) when the work lifted it above what loading
 * the modules had reached, else as sampled every 20 ms; and both counts as they are.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { loadConfig } from '../server/config.js';
import { openDatabase } from '../server/platform/db.js';
import { createVault } from '../server/platform/crypto.js';
import { JobRunner } from '../server/platform/jobs.js';
import { IMPORT_JOB, runImportJob } from '../server/modules/households/households.import.js';
import { allTags, listVisitRules } from '../server/modules/households/households.config.js';
import { SYSTEM_ACTOR } from '../server/platform/access.js';
import pg from 'pg';
import { baselineImport, baselineReimport, textReference } from './import-baseline.js';

const [mode, target] = process.argv.slice(2);
const MiB = 1024 * 1024;
const config = loadConfig({ DATABASE_URL: process.env.DATABASE_URL, TINGSU_SECRET: process.env.TINGSU_SECRET, TINGSU_LOG_LEVEL: 'silent' }, { serveWeb: false });
const database = await openDatabase(config);

const t0 = performance.now();
let sampled = process.memoryUsage().rss;
// BENCH_MEM_TRACE=jumps: a line on stderr whenever the resident memory passes its last printed peak by
// 8 MiB, sampled every 20 ms, with the job's step as last read (to find a short spike a 1 s trace misses).
let lastStep = '';
let printedPeak = 0;
const sampler = setInterval(() => {
  const m = process.memoryUsage();
  sampled = Math.max(sampled, m.rss);
  const kernel = process.env.BENCH_MEM_TRACE === 'jumps' ? process.resourceUsage().maxRSS * 1024 : 0;
  if (process.env.BENCH_MEM_TRACE === 'jumps' && Math.max(m.rss, kernel) > printedPeak + 8 * MiB) {
    printedPeak = Math.max(m.rss, kernel);
    const f = (n: number) => (n / MiB).toFixed(0).padStart(4);
    process.stderr.write(`${((performance.now() - t0) / 1000).toFixed(2).padStart(8)} s rss ${f(m.rss)} heap ${f(m.heapUsed)}/${f(m.heapTotal)} ext ${f(m.external)} ab ${f(m.arrayBuffers)} kernel peak ${f(kernel)} ${lastStep}\n`);
  }
}, 20);
// BENCH_MEM_TRACE=1: the memory over time on stderr, every second, with the import's step (where the peak is).
const tracer = process.env.BENCH_MEM_TRACE
  ? setInterval(() => {
      const m = process.memoryUsage();
      const f = (n: number) => (n / MiB).toFixed(0).padStart(4);
      void database
        .query<{ status: string; done: number }>(`select status, done from import_jobs where id = $1`, [target])
        .catch(() => [])
        .then(([j]) => {
          lastStep = j ? `${j.status} ${j.done}` : '';
          if (process.env.BENCH_MEM_TRACE === 'jumps') return;
          process.stderr.write(`${((performance.now() - t0) / 1000).toFixed(0).padStart(5)} s rss ${f(m.rss)} heap ${f(m.heapUsed)}/${f(m.heapTotal)} ext ${f(m.external)} ab ${f(m.arrayBuffers)}${j ? ` ${j.status} ${j.done}` : ''}\n`);
        });
    }, 1000)
  : undefined;
const startRss = process.memoryUsage().rss;
// The kernel's peak so far: loading the modules through tsx (compiling TypeScript) can lift it far above
// what the process holds once loaded (381 MiB against 191 seen), and a compiled server has no such step.
const startupPeak = process.resourceUsage().maxRSS * 1024;
const t = performance.now();
let rows = 0;
if (mode === 'job') {
  const deps = { database, pii: createVault(config.secret) };
  const ran = await new JobRunner(database, { [IMPORT_JOB]: (p, j) => runImportJob(deps, p, j) }, []).tick();
  if (ran < 1) throw new Error(`no import job to run (${target})`);
} else if (mode === 'baseline') {
  // One transaction on one connection of the same driver.
  const client = new pg.Client({ connectionString: config.databaseUrl });
  await client.connect();
  const tags = new Map((await allTags(database.db)).map((t) => [t.name, t.code]));
  const rules = await listVisitRules(database.db);
  await client.query('begin');
  rows = await baselineImport((text, params) => client.query(text, params), createVault(config.secret), readFileSync(target), { jobId: randomUUID(), actor: SYSTEM_ACTOR, rules, tags });
  await client.query('commit');
  await client.end();
} else if (mode === 'recompare') {
  const client = new pg.Client({ connectionString: config.databaseUrl });
  await client.connect();
  const tags = new Map((await allTags(database.db)).map((t) => [t.name, t.code]));
  await client.query('begin');
  const r = await baselineReimport(async (text, params) => (await client.query(text, params)).rows, createVault(config.secret), readFileSync(target), { tags });
  await client.query('commit');
  await client.end();
  if (r.missing || r.changed) throw new Error(`the re-import baseline found ${r.missing} rows missing and ${r.changed} changed`);
  rows = r.rows;
} else if (mode === 'text') {
  rows = await textReference((text, params) => database.query(text, params), readFileSync(target));
} else {
  throw new Error(`unknown mode ${mode}`);
}
const ms = performance.now() - t;
clearInterval(sampler);
clearInterval(tracer);
sampled = Math.max(sampled, process.memoryUsage().rss);
const kernelPeak = process.resourceUsage().maxRSS * 1024;
await database.close();
process.stdout.write(
  `${JSON.stringify({
    ms,
    rows,
    startRssMiB: startRss / MiB,
    sampledPeakRssMiB: sampled / MiB,
    // The work's peak: the kernel's when the work lifted it above the loading's, else the sampled one
    // (every 20 ms), which the loading's transient would otherwise hide.
    peakRssMiB: (kernelPeak > startupPeak ? kernelPeak : sampled) / MiB,
    kernelPeakRssMiB: kernelPeak / MiB,
    startupPeakRssMiB: startupPeak / MiB,
  })}\n`,
);
