/** Benchmarks of the appeal loop, each beside a raw-SQL baseline doing the same work in the same run. */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../server/app.js';
import type { Config } from '../server/config.js';
import { createVault } from '../server/platform/crypto.js';
import type { Database } from '../server/platform/db.js';
import { runProfile } from '../server/generate/profiles.js';
import { DEMO_PASSWORD, loadDemo } from '../server/generate/demo.js';
import { hashPassword } from '../server/modules/users/passwords.js';

import { median, pct, round, type Result } from './stats.js';

export type { Result };

async function user(database: Database, username: string, roles: string[], regionCode: string, orgId: string | null = null) {
  const id = randomUUID();
  await database.query(
    `insert into users (id, username, display_name, password_hash, roles, region_code, org_id) values ($1,$2,$3,$4,$5,$6,$7) on conflict (username) do nothing`,
    [id, username, username, await hashPassword(DEMO_PASSWORD), roles, regionCode, orgId],
  );
}

async function cookieFor(app: FastifyInstance, username: string) {
  const r = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: DEMO_PASSWORD } });
  if (r.statusCode !== 200) throw new Error(`login ${username}: ${r.statusCode}`);
  return { cookie: String(r.headers['set-cookie']).split(';')[0], csrf: r.json().csrfToken as string };
}

/** Loads 吉安-scale data once per database: ~21,000 grids, 114,000 appeals over 2025. */
async function ensureYear(database: Database, config: Config): Promise<{ ms: number; appeals: number }> {
  const [{ n }] = await database.query<{ n: string }>('select count(*) as n from appeals');
  if (Number(n) >= 100_000) return { ms: 0, appeals: Number(n) };
  const t = performance.now();
  const s = await runProfile(database, 'jian-year', { secret: config.secret });
  // Vacuumed, with fresh statistics, as a live database is (autovacuum would do this within minutes;
  // the benchmark's server may run without it).
  await database.query('vacuum (analyze)');
  return { ms: performance.now() - t, appeals: (s as { appeals?: number }).appeals ?? 0 };
}

/** Intake through the HTTP API vs a raw INSERT of the same rows (appeal, event, outbox message). */
export async function benchIntake(database: Database, config: Config): Promise<Result> {
  const app = await buildApp(config, { database });
  await app.ready();
  const [{ n }] = await database.query<{ n: string }>(`select count(*) as n from grids where code like '360802%'`);
  if (Number(n) === 0) await loadDemo(database, { secret: config.secret });
  const [grid] = await database.query<{ code: string; lon: number; lat: number }>(
    `select code, centroid_lon as lon, centroid_lat as lat from grids where code like '360802%' order by code limit 1`,
  );
  await user(database, 'bench_gw', ['grid_worker'], grid.code);
  const s = await cookieFor(app, 'bench_gw');
  const vault = createVault(config.secret);
  const N = 400;
  const runs = 5;
  const tingsu: number[] = [];
  const baseline: number[] = [];
  let k = 0;
  // Four requests at a time, N in all; answers the rate.
  const tingsuRound = async (n: number) => {
    const t = performance.now();
    for (let i = 0; i < n; i += 4) {
      await Promise.all(
        [0, 1, 2, 3].map(async () => {
          const res = await app.inject({
            method: 'POST',
            url: '/api/appeals',
            headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, prefer: 'return=minimal' },
            payload: {
              channel: 'visit',
              requester: { kind: 'resident', name: '测试', phone: `1380796${String(k++ % 10000).padStart(4, '0')}` },
              content: '楼道灯坏了，晚上看不见路',
              categoryCode: '0205',
              location: { lon: grid.lon, lat: grid.lat },
            },
          });
          if (res.statusCode !== 201) throw new Error(`intake ${res.statusCode} ${res.body}`);
        }),
      );
    }
    return n / ((performance.now() - t) / 1000);
  };
  const baselineRound = async (n: number) => {
    const t = performance.now();
    for (let i = 0; i < n; i += 4) {
      await Promise.all(
        [0, 1, 2, 3].map(async () => {
          const id = randomUUID();
          const phone = `1390796${String(k++ % 10000).padStart(4, '0')}`;
          await database.query(
            `insert into appeals (id, number, channel, status, region_code, township_code, grid_code, requester_kind, requester_name_enc, requester_phone_enc, requester_phone_index, requester_phone_last4, title, content, category_code, token, lon, lat)
             values ($1,$2,'visit','registered',$3,$4,$3,'resident',$5,$6,$7,$8,$9,$9,'0205',$10,$11,$12)`,
            [id, `B-${id.slice(0, 18)}`, grid.code, grid.code.slice(0, 9), vault.encrypt('测试'), vault.encrypt(phone), vault.blindIndex('phone', phone), phone.slice(-4), '楼道灯坏了，晚上看不见路', id.slice(0, 30), grid.lon, grid.lat],
          );
          await database.query(`insert into appeal_events (appeal_id, type, to_status, actor_kind, actor_name, public_text) values ($1,'registered','registered','user','bench','登记')`, [id]);
          await database.query(`insert into outbox (channel, recipient_enc, recipient_hint, region_code, body, appeal_id) values ('sms',$1,'138****0000',$2,'登记',$3)`, [vault.encrypt(phone), grid.code, id]);
        }),
      );
    }
    return n / ((performance.now() - t) / 1000);
  };
  // Warm-up, not counted: the first requests compile the code paths (and the database's plans).
  await tingsuRound(200);
  await baselineRound(200);
  for (let r = 0; r < runs; r++) {
    tingsu.push(await tingsuRound(N));
    baseline.push(await baselineRound(N));
  }
  await app.close();
  const tm = median(tingsu);
  const bm = median(baseline);
  return {
    name: `appeal intake (${N} appeals, 4 at a time, ${runs} runs after a warm-up of 200)`,
    unit: 'appeals/s',
    tingsu: { median: round(tm), runs: tingsu.map((x) => round(x)) },
    baseline: { median: round(bm), runs: baseline.map((x) => round(x)) },
    ratio: round(tm / bm),
    note: 'Tingsu: HTTP (Prefer: return=minimal), session, validation, point-in-polygon, numbering, event, outbox, notifications, audit in one transaction; baseline: the three INSERTs with pre-encrypted values. Goal: at least 0.4 of the baseline.',
  };
}

/** Inbox pages and the city dashboard over a year of 吉安-scale appeals. */
export async function benchQueries(database: Database, config: Config): Promise<Result[]> {
  const gen = await ensureYear(database, config);
  const app = await buildApp(config, { database });
  await app.ready();
  const [town] = await database.query<{ code: string }>(`select township_code as code from appeals group by 1 order by count(*) desc limit 1`);
  const [org] = await database.query<{ id: string }>(`select handling_org_id as id from appeals where handling_org_id is not null group by 1 order by count(*) desc limit 1`);
  await user(database, 'bench_disp', ['dispatcher'], town.code);
  await user(database, 'bench_dept', ['handler'], town.code.slice(0, 6), org.id);
  await user(database, 'bench_city', ['leader'], '3608');
  const disp = await cookieFor(app, 'bench_disp');
  const dept = await cookieFor(app, 'bench_dept');
  const city = await cookieFor(app, 'bench_city');
  const N = 100;
  const time = async (fn: () => Promise<unknown>) => {
    const t = performance.now();
    await fn();
    return performance.now() - t;
  };
  const pages = [
    { who: disp, url: '/api/appeals?box=all&pageSize=20', label: 'township dispatcher, all' },
    { who: dept, url: '/api/appeals?box=in_progress&pageSize=20', label: 'county department, in progress' },
    { who: city, url: '/api/appeals?box=overdue&pageSize=20', label: 'city leader, overdue' },
  ];
  const raw = [
    // A township's appeals are those of its township_code (every appeal's region starts with it), as Tingsu asks.
    async () => {
      await database.query(`select * from appeals where township_code = $1 order by created_at desc, id desc limit 20`, [town.code]);
      await database.query(`select count(*) from appeals where township_code = $1`, [town.code]);
    },
    async () => {
      const cond = `exists (select 1 from appeal_parts p where p.appeal_id = appeals.id and p.org_id = $1 and p.status = 'in_progress')`;
      await database.query(`select * from appeals where ${cond} order by handling_due_at, id limit 20`, [org.id]);
      await database.query(`select count(*) from appeals where ${cond}`, [org.id]);
    },
    async () => {
      const cond = `region_code >= '3608' and region_code < '3609' and status in ('dispatched','in_progress') and paused_at is null and handling_due_at < now()`;
      await database.query(`select * from appeals where ${cond} order by handling_due_at, id limit 20`);
      await database.query(`select count(*) from appeals where ${cond}`);
    },
  ];
  const out: Result[] = [];
  for (const [i, p] of pages.entries()) {
    const t: number[] = [];
    const b: number[] = [];
    for (let k = 0; k < N; k++) {
      t.push(
        await time(async () => {
          const r = await app.inject({ url: p.url, headers: { cookie: p.who.cookie } });
          if (r.statusCode !== 200) throw new Error(`${p.url} ${r.statusCode}`);
        }),
      );
      b.push(await time(raw[i]));
    }
    out.push({
      name: `inbox page: ${p.label} (${gen.appeals || 114000} appeals)`,
      unit: 'ms',
      tingsu: { p50: round(median(t)), p95: round(pct(t, 95)), requests: N },
      baseline: { p50: round(median(b)), p95: round(pct(b, 95)), requests: N },
      ratio: round(median(t) / median(b)),
      note: 'Tingsu via HTTP (session, scope, masking of contacts, names of regions and organisations); baseline: the page and count queries. Goal: p95 under 50 ms.',
    });
  }
  const dash: number[] = [];
  const dashRaw: number[] = [];
  const M = 30;
  for (let k = 0; k < M; k++) {
    dash.push(
      await time(async () => {
        const r = await app.inject({ url: '/api/appeals/metrics?from=2024-12-31T16:00:00.000Z&to=2025-12-31T16:00:00.000Z&groupBy=region', headers: { cookie: city.cookie } });
        if (r.statusCode !== 200) throw new Error(`metrics ${r.statusCode} ${r.body}`);
      }),
    );
    // The same work by hand: the kept per-day figures of the city's counties, and from the appeals
    // what depends on the period's end (cohort members not due yet, approved deferrals), at once.
    dashRaw.push(
      await time(() => {
        const cohort = `region_code >= '3608' and region_code < '3609' and status <> 'merged' and accepted_at >= '2024-12-31T16:00:00Z' and accepted_at < '2025-12-31T16:00:00Z'`;
        return Promise.all([
          database.query(
            `select substr(county_code, 1, 6), sum(accepted), sum(handled), sum(handled_on_time), sum(response_valid), sum(responded_on_time), sum(field_collected),
                    sum(on_spot), sum(handling_minutes_sum), sum(handling_count), sum(closed), sum(closed_reworked), sum(rated), sum(evaluations), sum(solved),
                    sum(satisfied), sum(basically_satisfied), sum(dissatisfied)
               from appeal_day_figures where county_code >= '3608' and county_code < '3609' and day >= '2025-01-01' and day < '2026-01-01' group by 1`,
          ),
          database.query(`select substr(region_code, 1, 6), count(*) from appeals where ${cohort} and handled_at is null and handling_due_at > '2025-12-31T16:00:00Z' group by 1`),
          database.query(
            `select substr(region_code, 1, 6), count(*) from appeals where ${cohort} and id in (select appeal_id from appeal_requests where kind = 'deferral' and status = 'approved')
                and (handled_at is not null or handling_due_at is null or handling_due_at <= '2025-12-31T16:00:00Z') group by 1`,
          ),
        ]);
      }),
    );
  }
  out.push({
    name: `city dashboard: every figure of docs/DOMAIN.md §11 for 吉安市 by county over 2025 (${gen.appeals || 114000} appeals)`,
    unit: 'ms',
    tingsu: { p50: round(median(dash)), p95: round(pct(dash, 95)), requests: M },
    baseline: { p50: round(median(dashRaw)), p95: round(pct(dashRaw, 95)), requests: M },
    ratio: round(median(dash) / median(dashRaw)),
    note: `Tingsu via HTTP (session, scope, names): every figure from the per-day figures kept by county with each change, plus the two grouped queries of the appeals that depend on the period's end; baseline: the same three queries by hand, at once. Generating the data took ${round(gen.ms / 1000, 1)} s. Goal: p95 under 200 ms.`,
  });
  await app.close();
  return out;
}
