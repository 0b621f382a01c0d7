/**
 * Tingsu beside Directus over the same PostgreSQL tables, both as real servers over real HTTP: the
 * timing half of bench/directus.sh (which makes the database, installs and starts Directus, starts
 * Tingsu, and cleans up). Run it through that script; on its own it needs the servers already up:
 *
 *   TINGSU_URL=http://127.0.0.1:18080 DIRECTUS_URL=http://127.0.0.1:18055 DIRECTUS_EMAIL=… DIRECTUS_PASSWORD=…
 *   DIRECTUS_DIR=<where directus is installed> DATABASE_URL=… npx tsx bench/directus.ts
 *
 * Two reads, each warmed up and then timed RUNS times, the two servers taking turns request by request
 * (so a change of load on the machine falls on both alike): a page of 20 appeals newest first, and a
 * year's counts of a county's appeals by township.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { DEMO_PASSWORD } from '../server/generate/demo.js';
import { median, pct, round } from './stats.js';

function need(name: string): string {
  const v = process.env[name]?.trim();
  if (!v) throw new Error(`${name} is not set (run bench/directus.sh)`);
  return v;
}

const tingsuUrl = need('TINGSU_URL');
const directusUrl = need('DIRECTUS_URL');
const runs = Number(process.env.BENCH_RUNS ?? 200);
const warmup = Number(process.env.BENCH_WARMUP ?? 30);
/** The demo's county, 吉州区, whose townships hold the demo's appeals. */
const county = process.env.BENCH_COUNTY ?? '360802';

async function json(res: Response, what: string): Promise<unknown> {
  const body = await res.text();
  if (!res.ok) throw new Error(`${what}: HTTP ${res.status} ${body.slice(0, 300)}`);
  return JSON.parse(body);
}

async function tingsuSession(): Promise<Record<string, string>> {
  const res = await fetch(`${tingsuUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: process.env.TINGSU_USER ?? 'admin', password: process.env.TINGSU_PASSWORD ?? DEMO_PASSWORD }),
  });
  const setCookie = res.headers.get('set-cookie') ?? '';
  await json(res, 'Tingsu login');
  return { cookie: setCookie.split(';')[0] };
}

async function directusToken(): Promise<Record<string, string>> {
  const res = await fetch(`${directusUrl}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: need('DIRECTUS_EMAIL'), password: need('DIRECTUS_PASSWORD') }),
  });
  const body = (await json(res, 'Directus login')) as { data: { access_token: string } };
  return { authorization: `Bearer ${body.data.access_token}` };
}

/** One GET, timed from the request to the last byte of the body; checks the answer's shape. */
async function timed(url: string, headers: Record<string, string>, check: (body: unknown) => void): Promise<number> {
  const t = performance.now();
  const res = await fetch(url, { headers });
  const body = await json(res, url);
  const ms = performance.now() - t;
  check(body);
  return ms;
}

interface Series {
  name: string;
  url: string;
  headers: Record<string, string>;
  check: (body: unknown) => void;
  ms: number[];
}

/** Warms every series up, then times them in turns, one request each per round. */
async function race(series: Series[]) {
  for (const s of series) for (let i = 0; i < warmup; i++) await timed(s.url, s.headers, s.check);
  for (let i = 0; i < runs; i++) for (const s of series) s.ms.push(await timed(s.url, s.headers, s.check));
}

const summary = (ms: number[]) => ({ medianMs: round(median(ms), 2), p95Ms: round(pct(ms, 95), 2), minMs: round(Math.min(...ms), 2) });

function pageOf20(body: unknown, key: 'items' | 'data') {
  const rows = (body as Record<string, unknown[]>)[key];
  if (!Array.isArray(rows) || rows.length !== 20) throw new Error(`expected a page of 20 appeals, got ${JSON.stringify(body).slice(0, 200)}`);
}

async function main() {
  const loadBefore = os.loadavg().map((x) => round(x));
  const db = new pg.Client({ connectionString: need('DATABASE_URL') });
  await db.connect();
  const { rows: [facts] } = await db.query<{ version: string; appeals: string; last: Date }>(
    `select current_setting('server_version') as version, (select count(*) from appeals) as appeals, (select max(created_at) from appeals) as last`,
  );
  // The year: twelve months of whole China days (UTC+8) ending with the newest appeal's day, as the
  // console's period presets ask (the demo's year ends about now).
  const CHINA = 8 * 3_600_000;
  const to = new Date((Math.floor((facts.last.getTime() + CHINA) / 86_400_000) + 1) * 86_400_000 - CHINA);
  const from = new Date(to);
  from.setUTCFullYear(from.getUTCFullYear() - 1);
  const { rows: truth } = await db.query<{ township: string; n: string }>(
    `select township_code as township, count(*) as n from appeals where township_code like $1 and created_at between $2 and $3 group by 1`,
    [`${county}%`, from, to],
  );
  await db.end();
  const truthTotal = truth.reduce((a, r) => a + Number(r.n), 0);
  if (truthTotal === 0) throw new Error(`no appeals in ${county} between ${from.toISOString()} and ${to.toISOString()}`);

  const tingsu = await tingsuSession();
  const directus = await directusToken();
  const directusVersion = (JSON.parse(readFileSync(path.join(need('DIRECTUS_DIR'), 'node_modules/directus/package.json'), 'utf8')) as { version: string }).version;

  const page: Series[] = [
    { name: 'tingsu', url: `${tingsuUrl}/api/appeals?page=1&pageSize=20`, headers: tingsu, check: (b) => pageOf20(b, 'items'), ms: [] },
    { name: 'directus', url: `${directusUrl}/items/appeals?limit=20&sort=-created_at,-id`, headers: directus, check: (b) => pageOf20(b, 'data'), ms: [] },
    {
      name: 'directusWithTotal',
      url: `${directusUrl}/items/appeals?limit=20&sort=-created_at,-id&meta=filter_count`,
      headers: directus,
      check: (b) => pageOf20(b, 'data'),
      ms: [],
    },
  ];
  const range = `${encodeURIComponent(from.toISOString())},${encodeURIComponent(to.toISOString())}`;
  const checkDirectusCounts = (b: unknown) => {
    // count=* answers {count: n}; a count of a field answers {count: {field: n}}.
    const groups = (b as { data: { township_code: string; count: number | string | Record<string, number | string> }[] }).data;
    const n = (c: number | string | Record<string, number | string>) => Number(typeof c === 'object' ? Object.values(c)[0] : c);
    const total = groups.reduce((a, g) => a + n(g.count), 0);
    if (groups.length !== truth.length || total !== truthTotal) throw new Error(`Directus counted ${total} in ${groups.length} townships, SQL ${truthTotal} in ${truth.length}`);
  };
  let tingsuAccepted = 0;
  let tingsuGroups = 0;
  const checkTingsuCounts = (b: unknown) => {
    const { groups, totals } = b as { groups: unknown[]; totals: { accepted: number } };
    if (!Array.isArray(groups) || groups.length === 0) throw new Error(`Tingsu metrics without groups: ${JSON.stringify(b).slice(0, 200)}`);
    tingsuAccepted = totals.accepted;
    tingsuGroups = groups.length;
  };
  const counts: Series[] = [
    {
      name: 'tingsu',
      url: `${tingsuUrl}/api/appeals/metrics?from=${encodeURIComponent(from.toISOString())}&to=${encodeURIComponent(to.toISOString())}&regionCode=${county}&groupBy=region`,
      headers: tingsu,
      check: checkTingsuCounts,
      ms: [],
    },
    {
      name: 'directus',
      url: `${directusUrl}/items/appeals?aggregate[count]=*&groupBy[]=township_code&filter[township_code][_starts_with]=${county}&filter[created_at][_between]=${range}&limit=-1`,
      headers: directus,
      check: checkDirectusCounts,
      ms: [],
    },
  ];
  await race(page);
  await race(counts);

  const [t, d, dt] = page.map((s) => summary(s.ms));
  const [tc, dc] = counts.map((s) => summary(s.ms));
  const ratio = (slow: { medianMs: number }, fast: { medianMs: number }) => round(slow.medianMs / fast.medianMs, 2);
  const report = {
    at: new Date().toISOString(),
    engine: 'postgres',
    machine: {
      cores: os.cpus().length,
      cpu: os.cpus()[0]?.model,
      memoryGiB: round(os.totalmem() / 2 ** 30, 1),
      node: process.version,
      database: `PostgreSQL ${facts.version}`,
      directus: directusVersion,
      loadavgBefore: loadBefore,
      loadavgAfter: os.loadavg().map((x) => round(x)),
    },
    data: { appeals: Number(facts.appeals), county, year: { from: from.toISOString(), to: to.toISOString() }, countyAppealsInYear: truthTotal, townships: truth.length },
    method: `each read warmed up ${warmup} times, then ${runs} rounds with the servers taking turns; one request at a time over loopback HTTP (keep-alive), timed to the last byte of the body`,
    results: [
      {
        name: 'a page of 20 appeals, newest first',
        unit: 'ms',
        tingsu: { ...t, request: 'GET /api/appeals?page=1&pageSize=20 (admin session)' },
        directus: { ...d, request: 'GET /items/appeals?limit=20&sort=-created_at,-id (admin token)' },
        directusWithTotal: { ...dt, request: '… &meta=filter_count' },
        ratio: ratio(d, t),
        ratioWithTotal: ratio(dt, t),
        note: "ratio: Directus's median ÷ Tingsu's (>1: Tingsu faster). Tingsu's page also counts the total and returns list fields (masked requester, category and unit names); Directus returns every column of the row and, with meta=filter_count, the total too",
      },
      {
        name: "a year's counts of a county's appeals by township",
        unit: 'ms',
        tingsu: { ...tc, request: `GET /api/appeals/metrics?from&to&regionCode=${county}&groupBy=region (admin session)` },
        directus: { ...dc, request: `GET /items/appeals?aggregate[count]=*&groupBy[]=township_code&filter[township_code][_starts_with]=${county}&filter[created_at][_between]=from,to` },
        ratio: ratio(dc, tc),
        note: `ratio: Directus's median ÷ Tingsu's. Not the same work: Directus counts rows per township code; Tingsu's figures per township also hold the assessment figures (due, handled on time, responses, evaluations, rates, composite score) with the townships' names — more work, not less. Tingsu's cohort is by acceptance time without merged duplicates (accepted: ${tingsuAccepted} in ${tingsuGroups} groups), Directus's by creation time (${truthTotal} in ${truth.length} townships)`,
      },
    ],
  };
  const dir = path.join(import.meta.dirname, 'results');
  mkdirSync(dir, { recursive: true });
  const file = process.env.BENCH_OUT ?? path.join(dir, `${report.at.slice(0, 10)}-directus-postgres.json`);
  writeFileSync(file, JSON.stringify(report, null, 2) + '\n');
  process.stdout.write(`${file}\npage of 20: Tingsu ${t.medianMs} ms, Directus ${d.medianMs} ms (${report.results[0].ratio}×), with its total ${dt.medianMs} ms (${report.results[0].ratioWithTotal}×)\n`);
  process.stdout.write(`year's counts: Tingsu ${tc.medianMs} ms, Directus ${dc.medianMs} ms (${report.results[1].ratio}×)\n`);
}

await main();
