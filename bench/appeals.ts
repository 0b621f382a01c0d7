/** Benchmarks of the appeal loop, each beside a raw-SQL baseline doing the same work in the same run. */
import { randomUUID } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
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
  // The rows one registration writes besides the appeal: the desk users it notifies (found as Tingsu
  // finds them, once), the event, the SMS, the audit entry.
  const desks = [grid.code.slice(0, 9), grid.code.slice(0, 12)];
  const deskUsers = (
    await database.query<{ id: string }>(
      `select u.id from users u where u.disabled = false and ((u.region_code = $1 and 'dispatcher' = any(u.roles)) or (u.region_code = $2 and 'community_staff' = any(u.roles)))`,
      desks,
    )
  ).map((u) => u.id);
  const [gw] = await database.query<{ id: string }>(`select id from users where username = 'bench_gw'`);
  const INSERTS = [
    `insert into appeals (id, number, channel, status, region_code, township_code, grid_code, requester_kind, requester_name_enc, requester_phone_enc, requester_phone_index, requester_phone_last4, title, content, category_code, token, lon, lat)
     values ($1,$2,'visit','registered',$3,$4,$3,'resident',$5,$6,$7,$8,$9,$9,'0205',$10,$11,$12)`,
    `insert into appeal_events (appeal_id, type, to_status, actor_kind, actor_id, actor_name, public_text, data) values ($1,'registered','registered','user',$2,'bench_gw',$3,$4::jsonb)`,
    `insert into outbox (channel, recipient_enc, recipient_hint, region_code, body, appeal_id) values ('sms',$1,'138****0000',$2,$3,$4)`,
    `insert into notifications (user_id, kind, title, body, appeal_id) select unnest($1::uuid[]), 'appeal.new', $2, $3, $4`,
    `insert into audit_log (actor_kind, actor_id, actor_name, action, target_type, target_id, region_code, details) values ('user',$1,'bench_gw','appeal.create','appeal',$2,$3,$4::jsonb)`,
  ];
  // The same rows in one transaction per appeal, through the same driver and pool, each statement kept
  // prepared: what PostgreSQL itself allows (pgbench's shape), without HTTP, validation or numbering.
  const baselineRound = async (n: number) => {
    const t = performance.now();
    for (let i = 0; i < n; i += 4) {
      await Promise.all(
        [0, 1, 2, 3].map(async () => {
          const id = randomUUID();
          const number = `B-${id.slice(0, 18)}`;
          const phone = `1390796${String(k++ % 10000).padStart(4, '0')}`;
          const receipt = `【听诉】您的诉求已登记，编号 ${number}，查询时需填手机号后四位。`;
          await database.transaction(async (q) => {
            await q(INSERTS[0], [id, number, grid.code, grid.code.slice(0, 9), vault.encrypt('测试'), vault.encrypt(phone), vault.blindIndex('phone', phone), phone.slice(-4), '楼道灯坏了，晚上看不见路', id.slice(0, 30), grid.lon, grid.lat], 'bench_intake_a');
            await q(INSERTS[1], [id, gw.id, `您的诉求已登记，编号 ${number}。`, JSON.stringify({ channel: 'visit', source: 'console', photos: 0 })], 'bench_intake_e');
            await q(INSERTS[2], [vault.encrypt(phone), grid.code, receipt, id], 'bench_intake_m');
            await q(INSERTS[3], [deskUsers, '新诉求待受理：楼道灯坏了，晚上看不见路', number, id], 'bench_intake_d');
            await q(INSERTS[4], [gw.id, id, grid.code, JSON.stringify({ number, channel: 'visit' })], 'bench_intake_l');
          });
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
  const pg = config.databaseUrl ? await pgbenchIntake(config.databaseUrl, { grid, desks: deskUsers, gw: gw.id, vault }) : null;
  const tm = median(tingsu);
  const bm = median(baseline);
  return {
    name: `appeal intake (${N} appeals, 4 at a time, ${runs} runs after a warm-up of 200)`,
    unit: 'appeals/s',
    tingsu: { median: round(tm), runs: tingsu.map((x) => round(x)) },
    baseline: { median: round(bm), runs: baseline.map((x) => round(x)) },
    ratio: round(tm / bm),
    ...(pg ? { pgbench: { median: round(median(pg)), runs: pg.map((x) => round(x)), ratio: round(tm / median(pg)) } } : {}),
    note:
      'Tingsu: HTTP (Prefer: return=minimal), session, validation, point-in-polygon, numbering, event, outbox, notifications, audit in one statement; ' +
      `baseline: the same rows (appeal, event, SMS, ${deskUsers.length} notifications, audit entry) with pre-encrypted values, in one transaction per appeal through the same driver and pool, statements prepared, 4 at a time` +
      (pg ? '; pgbench: the same rows in one transaction per appeal by pgbench itself (-c 4 -j 2, 10 s a run, prepared protocol), its ratio Tingsu ÷ pgbench' : '') +
      '. Goal: at least 0.5 of the baseline.',
  };
}

/**
 * pgbench itself inserting the same rows, one transaction per appeal, 4 clients as Tingsu's 4 requests
 * at a time; transactions per second of each run. Null when pgbench is not installed.
 */
async function pgbenchIntake(
  url: string,
  o: { grid: { code: string; lon: number; lat: number }; desks: string[]; gw: string; vault: ReturnType<typeof createVault> },
): Promise<number[] | null> {
  const which = spawnSync('pgbench', ['--version'], { encoding: 'utf8' });
  if (which.status !== 0) return null;
  const lit = (v: string) => `'${v.replace(/'/g, "''")}'`;
  const phone = '13907960000';
  const { code, lon, lat } = o.grid;
  const script = `
BEGIN;
INSERT INTO appeals (id, number, channel, status, region_code, township_code, grid_code, requester_kind, requester_name_enc, requester_phone_enc, requester_phone_index, requester_phone_last4, title, content, category_code, token, lon, lat) SELECT x, 'P-' || left(x::text, 18), 'visit', 'registered', ${lit(code)}, ${lit(code.slice(0, 9))}, ${lit(code)}, 'resident', ${lit(o.vault.encrypt('测试'))}, ${lit(o.vault.encrypt(phone))}, ${lit(o.vault.blindIndex('phone', phone))}, '0000', '楼道灯坏了，晚上看不见路', '楼道灯坏了，晚上看不见路', '0205', left(x::text, 30), ${lon}, ${lat} FROM gen_random_uuid() x RETURNING id AS aid, number AS anum \\gset
INSERT INTO appeal_events (appeal_id, type, to_status, actor_kind, actor_id, actor_name, public_text, data) VALUES (:aid::uuid, 'registered', 'registered', 'user', ${lit(o.gw)}, 'bench_gw', '您的诉求已登记，编号 ' || :anum::text || '。', '{"channel":"visit","source":"console","photos":0}');
INSERT INTO outbox (channel, recipient_enc, recipient_hint, region_code, body, appeal_id) VALUES ('sms', ${lit(o.vault.encrypt(phone))}, '139****0000', ${lit(code)}, '【听诉】您的诉求已登记，编号 ' || :anum::text || '，查询时需填手机号后四位。', :aid::uuid);
INSERT INTO notifications (user_id, kind, title, body, appeal_id) SELECT unnest(${lit(`{${o.desks.join(',')}}`)}::uuid[]), 'appeal.new', '新诉求待受理：楼道灯坏了，晚上看不见路', :anum::text, :aid::uuid;
INSERT INTO audit_log (actor_kind, actor_id, actor_name, action, target_type, target_id, region_code, details) VALUES ('user', ${lit(o.gw)}, 'bench_gw', 'appeal.create', 'appeal', :aid::uuid, ${lit(code)}, jsonb_build_object('number', :anum::text, 'channel', 'visit'));
END;
`;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tingsu-pgbench-'));
  const file = path.join(dir, 'intake.sql');
  writeFileSync(file, script);
  try {
    const tps: number[] = [];
    for (let r = 0; r < 3; r++) {
      const out = spawnSync('pgbench', ['-n', '-M', 'prepared', '-f', file, '-c', '4', '-j', '2', '-T', '10', url], { encoding: 'utf8' });
      const m = /tps = ([\d.]+) \(without initial connection time\)/.exec(out.stdout);
      if (out.status !== 0 || !m) throw new Error(`pgbench failed: ${out.stderr || out.stdout}`);
      tps.push(Number(m[1]));
    }
    return tps;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
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
