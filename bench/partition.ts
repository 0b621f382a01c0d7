/**
 * Does declarative partitioning (no extension) help the largest tables' hot queries? On a database the
 * province profile filled, copies `appeals` and `visits` three ways — plain, partitioned by month, and
 * partitioned by county — each blown up from the generated counties to all of 江西's counties (every
 * generated county's rows copied onto others, new ids, the county digits of every code replaced) and, for
 * appeals, with a second, earlier year, then times the hot queries with EXPLAIN ANALYZE (median of 3
 * after a warm-up) on each copy. The live tables are not touched; the copies are dropped at the end.
 *
 *   DATABASE_URL=postgres://…/tingsu_prov npx tsx bench/partition.ts [--visit-copies 8]
 *
 * Writes bench/results/<day>-partition-postgres.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { packagePath } from '../server/platform/paths.js';
import { machineInfo, median, round } from './stats.js';

const arg = (name: string) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : undefined);
const VISIT_COPIES = Number(arg('--visit-copies') ?? 8);
const KEEP = process.argv.includes('--keep');
/** --only appeals|visits: one table's copies and queries. */
const ONLY = arg('--only');
const KINDS = (['appeals', 'visits'] as const).filter((k) => !ONLY || ONLY === k);

const client = new pg.Client({ connectionString: process.env.DATABASE_URL });

async function q<T extends pg.QueryResultRow = Record<string, unknown>>(text: string, values: unknown[] = []): Promise<T[]> {
  return (await client.query<T>(text, values)).rows;
}

async function columns(table: string): Promise<string[]> {
  return (await q<{ c: string }>(`select column_name as c from information_schema.columns where table_name = $1 and table_schema = 'public' order by ordinal_position`, [table])).map((r) => r.c);
}

/** Months of [from, to) as [start, end) pairs. */
function months(fromYear: number, toYear: number): [string, string][] {
  const out: [string, string][] = [];
  for (let y = fromYear; y <= toYear; y++) for (let m = 1; m <= 12; m++) out.push([`${y}-${String(m).padStart(2, '0')}-01`, m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`]);
  return out;
}

type Layout = 'plain' | 'month' | 'county';
const LAYOUTS: Layout[] = ['plain', 'month', 'county'];

async function create(kind: 'appeals' | 'visits', layout: Layout, counties: string[], timeColumn: string, codeColumn: string) {
  const name = `pt_${kind}_${layout}`;
  await q(`drop table if exists ${name}`);
  // Without primary key or unique constraints: on a partitioned table they must include the partition key
  // (the same rule as Citus's), so all three copies go without, and id gets a plain index.
  const by = layout === 'month' ? ` partition by range (${timeColumn})` : layout === 'county' ? ` partition by list (substr(${codeColumn}, 1, 6))` : '';
  await q(`create table ${name} (like ${kind} including defaults)${by}`);
  if (layout === 'month') {
    for (const [a, b] of months(2023, 2026)) await q(`create table ${name}_${a.slice(0, 7).replace('-', '')} partition of ${name} for values from ('${a}T00:00:00+08') to ('${b}T00:00:00+08')`);
    await q(`create table ${name}_rest partition of ${name} default`);
  }
  if (layout === 'county') {
    for (const c of counties) await q(`create table ${name}_${c} partition of ${name} for values in ('${c}')`);
    await q(`create table ${name}_rest partition of ${name} default`);
  }
  return name;
}

async function indexes(name: string, kind: 'appeals' | 'visits') {
  const ix =
    kind === 'appeals'
      ? [
          `(id)`,
          `(township_code, created_at, id)`,
          `(region_code, status)`,
          `(status, handling_due_at)`,
          `(handling_due_at, id) where status in ('dispatched', 'in_progress')`,
          `(accepted_at)`,
          `(created_at)`,
          `(accepted_at) where handled_at is null`,
        ]
      : [`(id)`, `(grid_code, check_in_at)`, `(household_id, check_in_at)`, `(worker_id, check_in_at)`, `(check_in_at)`];
  for (const [i, cols] of ix.entries()) await q(`create index ${name}_ix${i} on ${name} ${cols}`);
  await q(`analyze ${name}`);
}

/** Execution + planning time of one EXPLAIN ANALYZE, in ms. */
async function explain(sql: string, values: unknown[]): Promise<{ ms: number; plan: string }> {
  const rows = await q<{ 'QUERY PLAN': string }>(`explain (analyze, timing off) ${sql}`, values);
  const lines = rows.map((r) => r['QUERY PLAN']);
  const num = (label: string) => Number(lines.find((l) => l.startsWith(label))?.match(/([\d.]+) ms/)?.[1] ?? NaN);
  return { ms: num('Planning Time') + num('Execution Time'), plan: lines.join('\n') };
}

async function main() {
  await client.connect();
  const started = Date.now();
  const [{ version }] = await q<{ version: string }>('select version() as version');
  const loadBefore = os.loadavg();
  const counties = (await q<{ code: string }>(`select code from regions where level = 'county' and code like '36%' order by code`)).map((r) => r.code);
  const sources = (await q<{ code: string }>(`select distinct substr(code, 1, 6) as code from grids order by 1`)).map((r) => r.code);
  if (!sources.length) throw new Error('no generated counties: run the province profile first');
  // Each generated county is copied onto its share of 江西's counties (itself first).
  const others = counties.filter((c) => !sources.includes(c));
  const per = Math.ceil(others.length / sources.length);
  const map: [string, string][] = [];
  sources.forEach((s, i) => {
    map.push([s, s]);
    for (const t of others.slice(i * per, (i + 1) * per)) map.push([s, t]);
  });
  await q(`drop table if exists pt_map`);
  await q(`create table pt_map (src text, dst text)`);
  await q(`insert into pt_map select * from unnest($1::text[], $2::text[])`, [map.map((m) => m[0]), map.map((m) => m[1])]);
  process.stderr.write(`${sources.length} generated counties copied onto ${map.length} counties\n`);

  const results: Record<string, unknown>[] = [];
  const sizes: Record<string, unknown> = {};
  for (const kind of KINDS) {
    const cols = await columns(kind);
    const codeColumn = kind === 'appeals' ? 'region_code' : 'grid_code';
    const timeColumn = kind === 'appeals' ? 'created_at' : 'check_in_at';
    const recode = (c: string) => `m.dst || substr(a.${c}, 7)`;
    // Appeals: every county, 2025 and a copy shifted a year back (2024). Visits: the counties, VISIT_COPIES of them.
    const shift = kind === 'appeals' ? `(y.n || ' year')::interval` : `'0 year'::interval`;
    const select = cols
      .map((c) => {
        if (c === 'id') return 'gen_random_uuid()';
        if (['region_code', 'township_code', 'grid_code'].includes(c)) return recode(c);
        if (kind === 'appeals' && ['created_at', 'accepted_at', 'handling_due_at', 'handled_at', 'closed_at', 'updated_at'].includes(c)) return `a.${c} - ${shift}`;
        if (kind === 'appeals' && c === 'number') return `a.number || '-' || y.n || '-' || m.dst`;
        if (kind === 'appeals' && c === 'token') return `a.token || y.n || m.dst`;
        if (kind === 'visits' && c === 'client_id') return `a.client_id`;
        return `a."${c}"`;
      })
      .join(', ');
    const years = kind === 'appeals' ? `(values (0), (1)) y(n)` : `(values (0)) y(n)`;
    const dsts = kind === 'visits' ? `(select * from pt_map m where m.dst in (select dst from pt_map m2 where m2.src = m.src order by dst limit ${VISIT_COPIES}))` : 'pt_map';
    for (const layout of LAYOUTS) {
      const name = await create(kind, layout, counties, timeColumn, codeColumn);
      const t = Date.now();
      await q(`insert into ${name} (${cols.map((c) => `"${c}"`).join(', ')}) select ${select} from ${kind} a join ${dsts} m on m.src = substr(a.${codeColumn}, 1, 6) cross join ${years}`);
      const loadMs = Date.now() - t;
      await indexes(name, kind);
      const [{ n, size }] = await q<{ n: string; size: string }>(
        `select (select count(*) from ${name}) as n, pg_size_pretty((select sum(pg_total_relation_size(c.oid)) from pg_class c where c.relname like '${name}%')) as size`,
      );
      sizes[name] = { rows: Number(n), size, loadMs };
      process.stderr.write(`${name}: ${n} rows, ${size}, loaded in ${loadMs} ms\n`);
    }
  }

  const county = { c: sources[0] };
  const [town] = KINDS.includes('appeals')
    ? await q<{ c: string }>(`select township_code as c from pt_appeals_plain where region_code like $1 group by 1 order by count(*) desc limit 1`, [`${county.c}%`])
    : [{ c: '' }];
  const [grid] = KINDS.includes('visits') ? await q<{ c: string }>(`select grid_code as c from pt_visits_plain group by 1 order by count(*) desc limit 1`) : [{ c: '' }];
  const [vday] = KINDS.includes('visits')
    ? await q<{ d: string }>(`select to_char(check_in_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD') as d from pt_visits_plain where grid_code = $1 group by 1 order by count(*) desc limit 1`, [grid.c])
    : [{ d: '' }];
  const next = (c: string) => String(Number(c) + 1);
  const queries: { name: string; table: 'appeals' | 'visits'; sql: (t: string) => string; values: unknown[] }[] = [
    {
      name: 'township inbox: newest 20 of a township',
      table: 'appeals',
      sql: (t) => `select * from ${t} where township_code = $1 order by created_at desc, id desc limit 20`,
      values: [town.c],
    },
    { name: 'township inbox: its count', table: 'appeals', sql: (t) => `select count(*) from ${t} where township_code = $1`, values: [town.c] },
    {
      name: 'county overdue: the 20 most overdue and the count',
      table: 'appeals',
      sql: (t) =>
        `select *, count(*) over () from ${t} where region_code >= $1 and region_code < $2 and status in ('dispatched','in_progress') and paused_at is null and handling_due_at < now() order by handling_due_at, id limit 20`,
      values: [county.c, next(county.c)],
    },
    {
      name: 'county figures of a month (accepted, handled)',
      table: 'appeals',
      sql: (t) =>
        `select count(*), count(*) filter (where handled_at is not null) from ${t} where region_code >= $1 and region_code < $2 and created_at >= '2025-06-01T00:00:00+08' and created_at < '2025-07-01T00:00:00+08'`,
      values: [county.c, next(county.c)],
    },
    {
      name: 'province dashboard cohort: 2025’s unhandled, not yet due, by county',
      table: 'appeals',
      sql: (t) =>
        `select substr(region_code, 1, 6), count(*) from ${t} where region_code >= '36' and region_code < '37' and status <> 'merged' and accepted_at >= '2025-01-01T00:00:00+08' and accepted_at < '2026-01-01T00:00:00+08' and handled_at is null and handling_due_at > '2026-01-01T00:00:00+08' group by 1`,
      values: [],
    },
    {
      name: 'province figures of a month by county',
      table: 'appeals',
      sql: (t) => `select substr(region_code, 1, 6), count(*) from ${t} where created_at >= '2025-06-01T00:00:00+08' and created_at < '2025-07-01T00:00:00+08' group by 1`,
      values: [],
    },
    {
      name: 'visits of a grid on a day',
      table: 'visits',
      sql: (t) => `select * from ${t} where grid_code = $1 and check_in_at >= ($2::date)::timestamp at time zone 'Asia/Shanghai' and check_in_at < ($2::date + 1)::timestamp at time zone 'Asia/Shanghai' order by check_in_at limit 50`,
      values: [grid.c, vday.d],
    },
    {
      name: 'households visited in a county in a month',
      table: 'visits',
      sql: (t) => `select count(distinct household_id) from ${t} where grid_code >= $1 and grid_code < $2 and check_in_at >= '2025-06-01T00:00:00+08' and check_in_at < '2025-07-01T00:00:00+08'`,
      values: [county.c, next(county.c)],
    },
    {
      name: 'visits by county in a month (province)',
      table: 'visits',
      sql: (t) => `select substr(grid_code, 1, 6), count(*) from ${t} where check_in_at >= '2025-06-01T00:00:00+08' and check_in_at < '2025-07-01T00:00:00+08' group by 1`,
      values: [],
    },
  ];
  for (const query of queries.filter((x) => KINDS.includes(x.table))) {
    const row: Record<string, unknown> = { query: query.name, table: query.table };
    for (const layout of LAYOUTS) {
      const t = `pt_${query.table}_${layout}`;
      await explain(query.sql(t), query.values); // warm-up
      const runs: number[] = [];
      let plan = '';
      for (let i = 0; i < 3; i++) {
        const e = await explain(query.sql(t), query.values);
        runs.push(round(e.ms));
        plan = e.plan;
      }
      row[layout] = { median: round(median(runs)), runs, scans: (plan.match(/Scan/g) ?? []).length };
    }
    const p = (row.plain as { median: number }).median;
    row.monthVsPlain = round((row.month as { median: number }).median / p);
    row.countyVsPlain = round((row.county as { median: number }).median / p);
    results.push(row);
    process.stderr.write(`${query.name}: ${JSON.stringify({ plain: row.plain, month: row.month, county: row.county })}\n`);
  }
  if (!KEEP) {
    for (const kind of KINDS) for (const layout of LAYOUTS) await q(`drop table if exists pt_${kind}_${layout} cascade`);
    await q(`drop table if exists pt_map`);
  }
  await client.end();
  const report = {
    at: new Date().toISOString(),
    engine: 'postgres',
    machine: {
      ...machineInfo(version),
      loadavgBefore: loadBefore.map((x) => round(x)),
      loadavgAfter: os.loadavg().map((x) => round(x)),
      note: 'a 2-core machine shared with other sessions: times are inflated and noisy; EXPLAIN ANALYZE with timing off, planning + execution time, median of 3 after a warm-up',
    },
    method: `copies of the generated appeals and visits over ${map.length} counties (generated counties ${sources.join(', ')} copied onto the others; appeals also a year back) — the same rows three ways: plain, partitioned by month (range on created_at / check_in_at, 2023–2026 and a default), partitioned by county (list on substr(code, 1, 6), one partition a county and a default). No primary keys on any copy (a partitioned table's must include the partition key); the live tables' indexes otherwise.`,
    sizes,
    queries: results,
    ms: Date.now() - started,
  };
  const dir = packagePath('bench', 'results');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${report.at.slice(0, 10)}-partition${ONLY ? `-${ONLY}` : ''}-postgres.json`);
  writeFileSync(file, JSON.stringify(report, null, 2) + '\n');
  process.stdout.write(`${file}\n`);
}

await main();
