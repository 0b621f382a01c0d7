/**
 * kill -9 in the middle of the two visit jobs: the morning plans (`visits.plans` → makeDailyPlans) and
 * the household figures (`visits.figures` → refreshAreaFigures). The server runs the plans only after
 * 06:00 China time, so the work runs here in a process of its own for a fixed day
 * (visit-job-runner.ts), the same code the job handlers call. Another process then runs the job again
 * and finishes it exactly once. On PGlite each process owns the data directory in turn: the killed
 * one's lock is taken over by the next.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, Scope, waitFor, type TestDatabase } from './harness.js';
import { makeUser } from '../test/helpers.js';
import { householdFigures, workerFigures } from '../modules/visits/visits.counters.js';

const scope = new Scope();
afterAll(() => scope.close());

/** A working day (a Wednesday), fixed so the run does not depend on today's date or time. */
const DAY = '2026-11-04';
const WORKERS_PER_GRID = 3;
const HOUSEHOLDS_PER_GRID = 24;
/** Workers per batch: thirty workers make eight batches. */
const BATCH = 4;
const SCENARIO_MS = 420_000;

interface Runner {
  child: ChildProcess;
  out: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function runJob(db: TestDatabase, env: Record<string, string>): Runner {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'server', 'reliability', 'visit-job-runner.ts')], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, TZ: process.env.TZ, NODE_ENV: 'production', ...db.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr!.on('data', (b: Buffer) => (out += b.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  scope.track(`job process ${child.pid}`, child, async (c) => {
    if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    await exited;
  });
  return { child, out: () => out, exited };
}

/** SIGKILL; on PGlite the dead process's lock file stays behind for the next process to take over. */
async function kill9(db: TestDatabase, r: Runner) {
  r.child.kill('SIGKILL');
  expect((await r.exited).signal).toBe('SIGKILL');
  if (db.kind === 'pglite') expect((JSON.parse(readFileSync(path.join(db.dataDir!, 'tingsu.lock'), 'utf8')) as { pid: number }).pid).toBe(r.child.pid);
}

/** Runs the job to its end in a new process; returns the count it printed ("done N"). */
async function runToEnd(db: TestDatabase, env: Record<string, string>): Promise<number> {
  const r = runJob(db, env);
  const { code } = await r.exited;
  const done = /done (\d+)/.exec(r.out());
  if (code !== 0 || !done) throw new Error(`the job exited ${code}:\n${r.out().slice(-4000)}`);
  return Number(done[1]);
}

/** Three full-time workers and 24 households (every fifth on 低保) in each grid of the fixture tree. */
async function seedVisits(db: TestDatabase): Promise<void> {
  await db.use(async (database) => {
    const grids = await database.query<{ code: string; n: number }>(
      `select g.code, (select count(*)::int from grid_workers w where w.grid_code = g.code and w.kind = 'full_time') as n from grids g order by g.code`,
    );
    for (const g of grids) {
      for (let i = Number(g.n); i < WORKERS_PER_GRID; i++) await makeUser(database, { roles: ['grid_worker'], regionCode: g.code, grid: g.code });
    }
    await database.query(
      `insert into households (id, grid_code, address_kind, village_group, house_number, address, address_key, tags, visit_interval_days)
       select gen_random_uuid(), g.code, 'village', '第一村民小组', n::text, '第一村民小组' || n || '号', 'rel-visits:' || g.code || ':' || n,
              case when n % 5 = 0 then array['dibao'] else array[]::text[] end, 30
       from grids g cross join generate_series(1, ${HOUSEHOLDS_PER_GRID}) n`,
    );
  });
}

interface PlanRow {
  id: string;
  worker_id: string;
  grid_code: string;
  items: string;
}

const plansOfDay = (db: TestDatabase) =>
  db.query<PlanRow>(
    `select p.id::text, p.worker_id::text, p.grid_code,
            coalesce((select string_agg(i.household_id::text || '@' || i.seq || ':' || i.window, ',' order by i.seq) from visit_plan_items i where i.plan_id = p.id), '') as items
     from visit_plans p where p.date = $1 order by p.worker_id`,
    [DAY],
  );

describe('kill -9 in the middle of a visit job', () => {
  it('morning plans: the next run plans the rest once and keeps the plans made before the kill', async () => {
    const { db } = await scope.seeded();
    await seedVisits(db);
    const [{ n: expected }] = await db.query<{ n: number }>(
      `select count(distinct w.user_id)::int as n from grid_workers w join users u on u.id = w.user_id and not u.disabled
       where w.kind in ('full_time', 'group_leader')`,
    );
    expect(expected).toBeGreaterThanOrEqual(BATCH * 3);

    // Stopped still once a batch has committed, with later batches loaded or being written; then killed.
    const first = runJob(db, { TINGSU_REL_JOB: 'plans', TINGSU_REL_DATE: DAY, TINGSU_REL_BATCH: String(BATCH), TINGSU_REL_HOLD: '1' });
    await waitFor('the first batch of plans', () => {
      if (first.child.exitCode !== null) throw new Error(`the job ended before the kill:\n${first.out()}`);
      return first.out().includes('holding');
    }, 180_000, 50);
    await kill9(db, first);

    const before = await plansOfDay(db);
    expect(before.length).toBeGreaterThan(0);
    expect(before.length).toBeLessThan(expected);
    // A plan is written with its items in one commit: none is left without them.
    expect(before.filter((p) => p.items === '')).toEqual([]);

    const made = await runToEnd(db, { TINGSU_REL_JOB: 'plans', TINGSU_REL_DATE: DAY, TINGSU_REL_BATCH: String(BATCH) });
    expect(made).toBe(expected - before.length);
    const after = await plansOfDay(db);
    // Every planned worker has exactly one plan for the day.
    expect(after.length).toBe(expected);
    expect(new Set(after.map((p) => p.worker_id)).size).toBe(expected);
    // The plans made before the kill stand as they were, items and all.
    const byId = new Map(after.map((p) => [p.id, p]));
    expect(before.map((p) => byId.get(p.id))).toEqual(before);
    // No household is planned twice for one grid that day.
    const twice = await db.query<{ household_id: string; n: number }>(
      `select household_id::text, count(*)::int as n from visit_plan_items where date = $1 and status <> 'swapped_out' group by household_id, grid_code having count(*) > 1`,
      [DAY],
    );
    expect(twice).toEqual([]);
    // Each grid's households were shared out (three workers, 24 households, a quota of ten: all planned).
    const [{ planned, households }] = await db.query<{ planned: number; households: number }>(
      `select (select count(*)::int from visit_plan_items where date = $1) as planned,
              (select count(*)::int from households h where exists (select 1 from grid_workers w where w.grid_code = h.grid_code and w.kind = 'full_time')) as households`,
      [DAY],
    );
    expect(planned).toBe(households);
    // A third run finds nothing left to do.
    expect(await runToEnd(db, { TINGSU_REL_JOB: 'plans', TINGSU_REL_DATE: DAY, TINGSU_REL_BATCH: String(BATCH) })).toBe(0);
  }, SCENARIO_MS);

  it('household figures: a run killed half-way through writing leaves the last whole count, and the rerun equals a recount', async () => {
    const { db } = await scope.seeded();
    await seedVisits(db);
    const rows = await runToEnd(db, { TINGSU_REL_JOB: 'figures' });
    const counted = await figures(db);
    expect(counted.map(({ counted_at: _, ...f }) => f)).toEqual(await recounted(db));
    // More households since: the counted figures are stale until a run commits.
    await db.query(
      `insert into households (id, grid_code, address_kind, village_group, house_number, address, address_key, tags, visit_interval_days)
       select gen_random_uuid(), g.code, 'village', '第二村民小组', n::text, '第二村民小组' || n || '号', 'rel-visits-2:' || g.code || ':' || n,
              case when n % 3 = 0 then array['dibao'] else array[]::text[] end, 30
       from grids g cross join generate_series(1, 7) n`,
    );
    const recount = await recounted(db);
    expect(recount).not.toEqual(counted.map(({ counted_at: _, ...f }) => f));

    // Stopped still with the old rows deleted and the first few new ones written (uncommitted); then killed.
    const chunk = 5;
    expect(rows).toBeGreaterThan(chunk * 3);
    const half = runJob(db, { TINGSU_REL_JOB: 'figures', TINGSU_REL_CHUNK: String(chunk), TINGSU_REL_HOLD: '1' });
    await waitFor('the first rows written', () => {
      if (half.child.exitCode !== null) throw new Error(`the job ended before the kill:\n${half.out()}`);
      return half.out().includes('holding');
    }, 180_000, 50);
    await kill9(db, half);
    expect(await figures(db), 'the last whole count, untouched').toEqual(counted);

    const started = Date.now();
    await runToEnd(db, { TINGSU_REL_JOB: 'figures', TINGSU_REL_CHUNK: String(chunk) });
    const after = await figures(db);
    expect(after.map(({ counted_at: _, ...f }) => f)).toEqual(recount);
    expect(new Set(after.map((f) => f.counted_at)).size).toBe(1);
    expect(new Date(after[0].counted_at).getTime()).toBeGreaterThanOrEqual(started - 5_000);
  }, SCENARIO_MS);
});

interface FigureRow {
  code: string;
  households: number;
  vulnerable: number;
  vulnerable_overdue: number;
  never_visited: number;
  workers: number;
  counted_at: string;
}

const figures = async (db: TestDatabase) =>
  (await db.query<FigureRow>(`select code, households, vulnerable, vulnerable_overdue, never_visited, workers, counted_at::text from visit_area_figures order by code`)).map((r) => ({
    ...r,
    households: Number(r.households),
    vulnerable: Number(r.vulnerable),
    vulnerable_overdue: Number(r.vulnerable_overdue),
    never_visited: Number(r.never_visited),
    workers: Number(r.workers),
  }));

/** The figures counted afresh from the household files and the workers, area level by area level. */
async function recounted(db: TestDatabase): Promise<Omit<FigureRow, 'counted_at'>[]> {
  return db.use(async (database) => {
    const out = new Map<string, Omit<FigureRow, 'counted_at'>>();
    const at = (code: string) => {
      let r = out.get(code);
      if (!r) out.set(code, (r = { code, households: 0, vulnerable: 0, vulnerable_overdue: 0, never_visited: 0, workers: 0 }));
      return r;
    };
    for (const len of [15, 12, 9, 6, 4, 2, 0]) {
      for (const [code, f] of await householdFigures(database.db, '', len)) Object.assign(at(code), { households: f.households, vulnerable: f.vulnerable, vulnerable_overdue: f.vulnerableOverdue, never_visited: f.never });
      for (const [code, n] of (await workerFigures(database.db, '', len)).byCode) at(code).workers = n;
    }
    return [...out.values()].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  });
}
