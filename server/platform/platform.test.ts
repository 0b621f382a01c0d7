import { mkdtempSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../config.js';
import { prefixUpperBound } from './access.js';
import { acquireDataDirLock, DataDirLockedError } from './datadir-lock.js';
import { createTestEnv, login, makeFixtureTree, makeUser, type TestEnv } from '../test/helpers.js';

describe('configuration', () => {
  it('stops on a bad value, naming the variable', () => {
    expect(() => loadConfig({ PORT: 'abc' })).toThrow(/PORT/);
    expect(() => loadConfig({ PORT: '70000' })).toThrow(ConfigError);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL/);
    expect(() => loadConfig({ DATABASE_URL: 'postgres://u@h/db' })).toThrow(/TINGSU_SECRET/);
    expect(() => loadConfig({ TINGSU_SECRET: 'short' }, { memoryDb: true })).toThrow(/TINGSU_SECRET/);
    expect(() => loadConfig({ TINGSU_COOKIE_SECURE: 'maybe' }, { memoryDb: true })).toThrow(/TINGSU_COOKIE_SECURE/);
    expect(() => loadConfig({ TINGSU_LOG_LEVEL: 'loud' }, { memoryDb: true })).toThrow(/TINGSU_LOG_LEVEL/);
  });
  it('takes a read replica and PgBouncer only with PostgreSQL', () => {
    const pg = { DATABASE_URL: 'postgres://u@h/db', TINGSU_SECRET: 'x'.repeat(32) };
    // The embedded database (PGlite) has no replica and no PgBouncer: refused at boot, naming the variable.
    expect(() => loadConfig({ TINGSU_READ_DATABASE_URL: 'postgres://u@replica/db' }, { memoryDb: true })).toThrow(/TINGSU_READ_DATABASE_URL.*PGlite/s);
    expect(() => loadConfig({ TINGSU_PGBOUNCER: 'transaction' }, { memoryDb: true })).toThrow(/TINGSU_PGBOUNCER/);
    expect(() => loadConfig({ ...pg, TINGSU_READ_DATABASE_URL: 'http://replica' })).toThrow(/TINGSU_READ_DATABASE_URL/);
    expect(() => loadConfig({ ...pg, TINGSU_PGBOUNCER: 'session' })).toThrow(/TINGSU_PGBOUNCER/);
    expect(() => loadConfig({ ...pg, TINGSU_READ_MAX_LAG_MS: '5' })).toThrow(/TINGSU_READ_MAX_LAG_MS/);
    const c = loadConfig({ ...pg, TINGSU_READ_DATABASE_URL: 'postgres://u@replica/db', TINGSU_PGBOUNCER: 'transaction' });
    expect(c).toMatchObject({ readDatabaseUrl: 'postgres://u@replica/db', pgbouncer: 'transaction', readMaxLagMs: 1000 });
    expect(loadConfig({ ...pg, TINGSU_PGBOUNCER: 'off' }).pgbouncer).toBeUndefined();
    expect(loadConfig({}, { memoryDb: true }).readDatabaseUrl).toBeUndefined();
  });
  it('has defaults', () => {
    const c = loadConfig({}, { memoryDb: true });
    expect(c.port).toBe(8080);
    expect(c.host).toBe('0.0.0.0');
    expect(c.databaseUrl).toBeUndefined();
    expect(c.secret).toHaveLength(64);
  });
});

describe('region scope ranges', () => {
  it('computes the first code after a prefix', () => {
    expect(prefixUpperBound('3608')).toBe('3609');
    expect(prefixUpperBound('3699')).toBe('37');
    expect(prefixUpperBound('360809')).toBe('36081');
    expect(prefixUpperBound('99')).toBeNull();
  });
});

describe('data directory lock', () => {
  it('refuses a second holder and takes over a stale lock', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tingsu-lock-'));
    const lock = acquireDataDirLock(dir);
    expect(() => acquireDataDirLock(dir)).toThrow(DataDirLockedError);
    lock.release();
    expect(existsSync(path.join(dir, 'tingsu.lock'))).toBe(false);
    // A lock left by a process that no longer exists.
    writeFileSync(path.join(dir, 'tingsu.lock'), JSON.stringify({ pid: 2 ** 22 + 12345 }));
    const again = acquireDataDirLock(dir);
    again.release();
  });
});

describe('HTTP conventions', () => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await createTestEnv();
    await makeFixtureTree(env.database);
  });
  afterAll(() => env.close());

  it('answers health with the database kind', async () => {
    const res = await env.app.inject({ url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(res.json().status).toBe('ok');
  });

  it('serves OpenAPI and Swagger UI', async () => {
    const res = await env.app.inject({ url: '/docs/json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toMatch(/^3/);
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/auth/login', '/api/users', '/api/regions/search', '/api/orgs']));
    const ui = await env.app.inject({ url: '/docs/' });
    expect([200, 302]).toContain(ui.statusCode);
  });

  it('exposes Prometheus metrics', async () => {
    await env.app.inject({ url: '/healthz' });
    const res = await env.app.inject({ url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('tingsu_http_request_duration_seconds');
  });

  it('uses one error shape, zh-CN by default and English on request', async () => {
    const anonymous = await env.app.inject({ url: '/api/nope' });
    expect(anonymous.statusCode).toBe(401); // unknown paths reveal nothing before sign-in
    const u = await makeUser(env.database, { roles: ['grid_worker'], regionCode: '360802004001001' });
    const zh = await (await login(env.app, u.username)).inject({ url: '/api/nope' });
    expect(zh.statusCode).toBe(404);
    expect(zh.json()).toMatchObject({ error: 'route_not_found' });
    expect(zh.json().message).toContain('接口不存在');
    const un = await env.app.inject({ url: '/api/users' });
    expect(un.statusCode).toBe(401);
    expect(un.json()).toEqual({ error: 'unauthenticated', message: '请先登录' });
    const en = await env.app.inject({ url: '/api/users', headers: { 'accept-language': 'en-US,en;q=0.9' } });
    expect(en.json().message).toBe('Please sign in first');
  });

  it('names the invalid fields and changes nothing', async () => {
    const u = await makeUser(env.database, { roles: ['admin'], regionCode: '' });
    const s = await login(env.app, u.username);
    const res = await s.inject({ method: 'POST', url: '/api/users', payload: { username: 'x', roles: [] } });
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.error).toBe('validation_failed');
    expect(body.message).toContain('缺少必填字段');
    expect(body.details.map((d: { field: string }) => d.field)).toEqual(expect.arrayContaining(['body.displayName', 'body.password']));
    const en = await s.inject({ method: 'POST', url: '/api/users', payload: { username: 'x' }, headers: { 'accept-language': 'en' } });
    expect(en.json().message).toMatch(/^The request is not valid/);
  });

  it('rejects malformed JSON, unsupported types and oversized bodies', async () => {
    const bad = await env.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/json' }, payload: '{"username":' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toBe('bad_request');
    const form = await env.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'a=b' });
    expect(form.statusCode).toBe(415);
    const big = await env.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ username: 'x', password: 'y'.repeat(2 * 1024 * 1024) }),
    });
    expect(big.statusCode).toBe(413);
    expect(big.json().error).toBe('payload_too_large');
  });

  it('sets security headers and a request id', async () => {
    const res = await env.app.inject({ url: '/healthz', headers: { 'x-request-id': 'abc-123' } });
    expect(res.headers['x-request-id']).toBe('abc-123');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBeDefined();
  });
});

describe('health when the database is down', () => {
  it('answers 503', async () => {
    const env = await createTestEnv();
    await env.database.close();
    const res = await env.app.inject({ url: '/healthz' });
    expect(res.statusCode).toBe(503);
    await env.close();
  });
});

describe('logs', () => {
  it('never carry passwords, phones, ID numbers, cookies or query strings', async () => {
    const { default: pino } = await import('pino');
    const { loggerOptions } = await import('./logger.js');
    const lines: string[] = [];
    const opts = loggerOptions(loadConfig({ TINGSU_LOG_LEVEL: 'info' }, { memoryDb: true })) as Record<string, unknown>;
    const log = pino({ ...opts, serializers: opts.serializers } as never, { write: (l: string) => lines.push(l) });
    log.info({ body: { password: 'Secret123', phone: '13800138000', idNumber: '360802199001011234' }, user: { name: '张三' } }, 'x');
    log.info({ req: { method: 'GET', url: '/api/x?phone=13800138000', ip: '1.2.3.4', headers: { cookie: 'tingsu_session=abc' } } }, 'y');
    const out = lines.join('');
    for (const secret of ['Secret123', '13800138000', '360802199001011234', '张三', 'tingsu_session']) expect(out).not.toContain(secret);
    expect(out).toContain('/api/x');
  });
});

describe.runIf(!!process.env.DATABASE_URL)('migrations on PostgreSQL', () => {
  it('let several instances start at once (advisory lock)', async () => {
    const { testConfig } = await import('../test/helpers.js');
    const { openDatabase } = await import('./db.js');
    const { config, cleanup } = await testConfig();
    const dbs = await Promise.all([openDatabase(config), openDatabase(config), openDatabase(config)]);
    const rows = await dbs[0].query<{ n: string }>('select count(*) as n from drizzle.__drizzle_migrations');
    expect(Number(rows[0].n)).toBeGreaterThanOrEqual(2);
    await Promise.all(dbs.map((d) => d.close()));
    await cleanup();
  });
});

describe.runIf(!process.env.DATABASE_URL)('the embedded database on disk', () => {
  it('keeps its buffers small and its spent WAL bounded (a demo load left 401 MB of old segments at the default 1 GB)', async () => {
    const { openDatabase } = await import('./db.js');
    const dir = mkdtempSync(path.join(tmpdir(), 'tingsu-wal-'));
    const database = await openDatabase(loadConfig({ TINGSU_DATA_DIR: dir, TINGSU_LOG_LEVEL: 'silent' }, { serveWeb: false }));
    try {
      const [settings] = await database.query<Record<string, string>>(
        `select current_setting('max_wal_size') as max_wal_size, current_setting('min_wal_size') as min_wal_size, current_setting('shared_buffers') as shared_buffers`,
      );
      expect(settings).toEqual({ max_wal_size: '128MB', min_wal_size: '32MB', shared_buffers: '32MB' });
    } finally {
      await database.close();
    }
  }, 120_000);
});
