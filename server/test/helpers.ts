/**
 * Test support: an app on a fresh in-memory PGlite (or, with DATABASE_URL, on a throwaway database
 * created on that PostgreSQL server), each a copy of the suite's migrated template, and factories
 * that build the rows a test needs.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Writable } from 'node:stream';
import { PGlite } from '@electric-sql/pglite';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { inject } from 'vitest';
import { buildApp } from '../app.js';
import { loadConfig, type Config } from '../config.js';
import { type Role } from '../platform/access.js';
import { openDatabase, type Database } from '../platform/db.js';
import { regions } from '../modules/regions/regions.tables.js';
import { ancestorCodes } from '../platform/division-codes.js';
import { levelOfCode } from '../modules/regions/regions.service.js';
import { pinyinOf, LEVEL_DEPTH, type RegionLevel } from '../modules/regions/regions.import.js';
import { gridRow, insertGrids, assignWorkers } from '../modules/grids/grids.service.js';
import { users } from '../modules/users/users.tables.js';
import { hash as argon2Hash } from '@node-rs/argon2';
import { orgs, orgCategories } from '../modules/orgs/orgs.tables.js';
import { installDemoTaxonomy } from '../modules/categories/categories.service.js';
import { adminQuery, databaseUrl, uniqueDatabaseName, type TemplateRef } from './template.js';
import { PglitePool, PostgresPool } from './db-reuse.js';

export const PASSWORD = 'Passw0rd!2026';

export interface TestEnv {
  app: FastifyInstance;
  database: Database;
  config: Config;
  close(): Promise<void>;
}

/** A throwaway empty database on the PostgreSQL server named by DATABASE_URL, dropped afterwards. */
async function throwawayPostgres(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = uniqueDatabaseName('tingsu_t');
  await adminQuery(`create database ${name}`);
  return { url: databaseUrl(name), drop: () => adminQuery(`drop database if exists ${name} with (force)`) };
}

/**
 * A configuration on its own database: with DATABASE_URL a copy of the template database `template` (one
 * an earlier file of this worker emptied, when there is one), or an empty one; else in memory.
 */
async function configOn(template: string | undefined, overrides: Partial<Config>): Promise<{ config: Config; cleanup(): Promise<void> }> {
  if (process.env.DATABASE_URL) {
    const pool = template ? postgresPool(template) : undefined;
    const copy = pool ? await pool.take() : undefined;
    const pgdb = copy ? { url: databaseUrl(copy), drop: () => pool!.giveBack(copy) } : await throwawayPostgres();
    const config = loadConfig(
      { DATABASE_URL: pgdb.url, TINGSU_SECRET: randomBytes(32).toString('hex'), TINGSU_LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent' },
      { serveWeb: false, ...overrides },
    );
    return { config, cleanup: () => pgdb.drop() };
  }
  const config = loadConfig({ TINGSU_LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent' }, { memoryDb: true, serveWeb: false, ...overrides });
  return { config, cleanup: async () => {} };
}

/** A configuration on an empty database (opening it runs every migration). */
export function testConfig(overrides: Partial<Config> = {}): Promise<{ config: Config; cleanup(): Promise<void> }> {
  return configOn(undefined, overrides);
}

/** The suite's migrated template (global-setup.ts); undefined in a run without that setup. */
function template(): TemplateRef | undefined {
  return inject('tingsuTemplate') as TemplateRef | undefined;
}

let templateDump: Promise<Blob> | undefined;
/**
 * The template's tarball, read once per worker. PGlite only calls `arrayBuffer()` on it and copies each file
 * out, so every copy is handed the same bytes: a real Blob would be read back chunk by chunk and joined for
 * every environment (a fifth of what starting one cost).
 */
function pgliteTemplate(file: string): Promise<Blob> {
  templateDump ??= readFile(file).then((bytes) => {
    const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    return { type: 'application/x-tar', size: buffer.byteLength, arrayBuffer: () => Promise.resolve(buffer) } as unknown as Blob;
  });
  return templateDump;
}

/**
 * Fills an empty embedded data directory (TINGSU_DATA_DIR) with a copy of the migrated template, as a
 * first `tingsu migrate` would leave it, so the processes a test starts on it skip the cluster's
 * creation and the migrations. Returns false (the directory stays empty) when the run's template is
 * not a PGlite one.
 */
export async function seedDataDir(dataDir: string): Promise<boolean> {
  const tpl = template();
  if (tpl?.kind !== 'pglite') return false;
  // The same subdirectory openDatabase uses (server/platform/db.ts).
  const client = new PGlite(path.join(dataDir, 'pg'), { loadDataDir: await pgliteTemplate(tpl.file) });
  await client.waitReady;
  await client.close();
  return true;
}

/** Everything an app logs, as text: pass `stream` as createTestEnv's `logStream`, read `text()`. */
export function captureLogs(): { stream: Writable; text(): string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      chunks.push(chunk.toString('utf8'));
      done();
    },
  });
  return { stream, text: () => chunks.join('') };
}

/**
 * The app on its own database, cloned from the suite's migrated template (pending migrations, if
 * any, still apply when it opens); on PGlite, a copy an earlier file of this worker used and emptied.
 * Without the template it migrates an empty database.
 */
export async function createTestEnv(overrides: Partial<Config> = {}, opts: { logStream?: Writable } = {}): Promise<TestEnv> {
  const tpl = template();
  const { config, cleanup } = await configOn(tpl?.kind === 'postgres' ? tpl.database : undefined, overrides);
  const pool = tpl?.kind === 'pglite' && !config.databaseUrl ? pglitePool(tpl.file) : undefined;
  const client = await pool?.take();
  let database: Database;
  try {
    database = await openDatabase(config, client ? { pgliteClient: client } : {});
  } catch (err) {
    await client?.close();
    throw err;
  }
  const app = await buildApp(config, { database, ...(opts.logStream ? { logStream: opts.logStream } : {}) });
  await app.ready();
  return {
    app,
    database,
    config,
    async close() {
      await app.close();
      // The worker's next file starts from this database, emptied (or from a new copy when it cannot be).
      if (client && pool) await pool.giveBack(client);
      else await database.close();
      await cleanup();
    },
  };
}

let workerPool: PglitePool | undefined;
let workerPostgresPool: PostgresPool | undefined;
/** How many environments of this worker started from a database an earlier one emptied (db-reuse.ts). */
export function databasesHandedOn(): number {
  return (workerPool?.handedOn ?? 0) + (workerPostgresPool?.handedOn ?? 0);
}
/** This worker's reusable in-memory databases. */
function pglitePool(file: string): PglitePool {
  return (workerPool ??= new PglitePool(() => pgliteTemplate(file)));
}
/** This worker's reusable databases on the DATABASE_URL server. */
function postgresPool(template: string): PostgresPool {
  return (workerPostgresPool ??= new PostgresPool(template));
}

// ---------------------------------------------------------------------------------------------
// Factories

const FIXTURE_NAMES: Record<string, string> = {
  '36': '江西省',
  '3608': '吉安市',
  '3609': '宜春市',
  '360802': '吉州区',
  '360803': '青原区',
  '360802001': '古南街道',
  '360802004': '习溪桥街道',
  '360802001001': '桃树下居委会',
  '360802004001': '上阳明路居委会',
  '360802004002': '习溪桥居委会',
  '360803001': '河东街道',
  '360803001001': '青原居委会',
  '360902': '袁州区',
  '360902001': '灵泉街道',
  '360902001001': '秀江居委会',
};

/** Inserts a division and every ancestor missing from the table. */
export async function makeRegion(database: Database, code: string, name?: string): Promise<void> {
  for (const c of [...ancestorCodes(code), code]) {
    const level = levelOfCode(c) as RegionLevel;
    const n = c === code && name ? name : FIXTURE_NAMES[c] ?? `区划${c}`;
    await database.db
      .insert(regions)
      .values({ code: c, name: n, level, parentCode: ancestorCodes(c).at(-1) ?? null, depth: LEVEL_DEPTH[level], ...pinyinOf(n) })
      .onConflictDoNothing();
  }
}

/** The usual fixture tree: two counties of 吉安市 and one of 宜春市, with communities and grids. */
export async function makeFixtureTree(database: Database): Promise<void> {
  for (const code of Object.keys(FIXTURE_NAMES).filter((c) => c.length === 12)) await makeRegion(database, code);
  // Grid …001 of village i is the square at (114.9 + 0.02 i, 27.0), …002 beside it; 0.009° a side.
  const villages = ['360802004001', '360802004002', '360802001001', '360803001001', '360902001001'];
  for (const [i, village] of villages.entries()) {
    await makeGrid(database, `${village}001`, { lon: 114.9 + 0.02 * i, lat: 27.0 });
    await makeGrid(database, `${village}002`, { lon: 114.91 + 0.02 * i, lat: 27.0 });
  }
}

let n = 0;
/** Starts the factories' numbering (names, house numbers, grid positions) afresh: each test file sees the same. */
export function resetFactories(): void {
  n = 0;
}

export async function makeGrid(database: Database, code: string, opts: { lon?: number; lat?: number; size?: number } = {}) {
  await makeRegion(database, code.slice(0, 12));
  const i = n++;
  const lon = opts.lon ?? 114.9 + (i % 50) * 0.01;
  const lat = opts.lat ?? 27.0 + Math.floor(i / 50) * 0.01;
  const s = opts.size ?? 0.009;
  await insertGrids(database.db, [
    gridRow({
      code,
      name: `网格${code.slice(-6)}`,
      villageCode: code.slice(0, 12),
      polygon: { type: 'Polygon', coordinates: [[[lon, lat], [lon + s, lat], [lon + s, lat + s], [lon, lat + s], [lon, lat]]] },
    }),
  ]);
  return code;
}

let hashed: Promise<string> | undefined;

export interface MadeUser {
  id: string;
  username: string;
  password: string;
}

export async function makeUser(
  database: Database,
  opts: { roles: Role[]; regionCode: string; username?: string; orgId?: string | null; disabled?: boolean; grid?: string },
): Promise<MadeUser> {
  // Argon2id with the smallest cost: verification reads the cost from the hash, so the suite's several
  // hundred sign-ins each take a fraction of a millisecond rather than the production cost's 13 ms.
  // Accounts made through the API (and the demo's) keep the production cost.
  hashed ??= argon2Hash(PASSWORD, { algorithm: 2 /* Argon2id */, memoryCost: 256, timeCost: 1, parallelism: 1 });
  const id = randomUUID();
  const username = opts.username ?? `u${(n++).toString(36)}${randomBytes(3).toString('hex')}`;
  await database.db.insert(users).values({
    id,
    username,
    displayName: `测试${username}`,
    passwordHash: await hashed,
    roles: opts.roles,
    regionCode: opts.regionCode,
    orgId: opts.orgId ?? null,
    gridWorkerKind: opts.roles.includes('grid_worker') ? 'full_time' : null,
    disabled: opts.disabled ?? false,
  });
  if (opts.grid) await assignWorkers(database.db, [{ gridCode: opts.grid, userId: id, kind: 'full_time' }]);
  return { id, username, password: PASSWORD };
}

export async function makeOrg(
  database: Database,
  opts: { name?: string; kind?: import('../modules/orgs/orgs.service.js').OrgKind; regionCode: string; categoryCodes?: string[] },
) {
  const id = randomUUID();
  await database.db.insert(orgs).values({ id, name: opts.name ?? `机构${(n++).toString(36)}`, kind: opts.kind ?? 'department', regionCode: opts.regionCode });
  if (opts.categoryCodes?.length) {
    await installDemoTaxonomy(database.db);
    await database.db.insert(orgCategories).values(opts.categoryCodes.map((categoryCode) => ({ orgId: id, categoryCode })));
  }
  return id;
}

// ---------------------------------------------------------------------------------------------
// HTTP as a signed-in person

export interface Session {
  cookie: string;
  csrfToken: string;
  inject(opts: InjectOptions): Promise<LightMyRequestResponse>;
}

export async function login(app: FastifyInstance, username: string, password = PASSWORD): Promise<Session> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
  const setCookie = res.headers['set-cookie'];
  const raw = Array.isArray(setCookie) ? setCookie[0] : String(setCookie);
  const cookie = raw.split(';')[0];
  const csrfToken = res.json().csrfToken as string;
  return {
    cookie,
    csrfToken,
    inject(opts: InjectOptions) {
      const method = (opts.method ?? 'GET').toUpperCase();
      return app.inject({
        ...opts,
        headers: {
          cookie,
          ...(method === 'GET' || method === 'HEAD' ? {} : { 'x-csrf-token': csrfToken }),
          ...(opts.headers ?? {}),
        },
      });
    },
  };
}

/** Signs in a new account with these roles and scope. */
export async function signIn(env: TestEnv, roles: Role[], regionCode: string, extra: { orgId?: string; grid?: string } = {}) {
  const u = await makeUser(env.database, { roles, regionCode, ...extra });
  return { user: u, session: await login(env.app, u.username) };
}

// ---------------------------------------------------------------------------------------------
// Households and people (一户一档), built through the service so they are sealed and versioned.

export { idNumberFor } from '../generate/identity.js';

export async function makeHousehold(
  env: TestEnv,
  opts: { gridCode: string; villageGroup?: string; houseNumber?: string; type?: string; tags?: string[]; riskNotes?: string; members?: { name: string; relation?: string; idNumber?: string; phone?: string }[] },
) {
  const svc = await import('../modules/households/households.service.js');
  const { SYSTEM_ACTOR } = await import('../platform/access.js');
  const { systemContext } = await import('../platform/audit.js');
  const deps = { database: env.database, pii: env.app.vault };
  const ctx = systemContext('cli', SYSTEM_ACTOR);
  const h = await svc.createHousehold(deps, ctx, {
    gridCode: opts.gridCode,
    addressKind: 'village',
    villageGroup: opts.villageGroup ?? '第一村民小组',
    houseNumber: opts.houseNumber ?? String(n++),
    type: opts.type,
    tags: opts.tags,
    riskNotes: opts.riskNotes,
  });
  const members = [];
  for (const m of opts.members ?? []) members.push(await svc.addMember(deps, ctx, h.id, m));
  return { ...h, members };
}

/** A multipart/form-data body with fields and one file, for upload endpoints through app.inject. */
export function multipartForm(fields: Record<string, string>, file?: { name: string; data: Buffer; type?: string }) {
  const boundary = `----tingsu${randomBytes(8).toString('hex')}`;
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  if (file) {
    parts.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type ?? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'}\r\n\r\n`),
      file.data,
      Buffer.from('\r\n'),
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/**
 * The mobile numbers, whole or masked (139****0001), in a text: what a public page must never show.
 * Digits inside a longer number (an id, a timestamp in milliseconds) are not taken for one.
 */
export function phoneTraces(text: string): string[] {
  return text.match(/(?<![\d*])1[3-9]\d(?:\d{4}|\*{4})\d{4}(?![\d*])/g) ?? [];
}
