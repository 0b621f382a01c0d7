import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../app.js';
import { loadConfig, type Config } from '../../config.js';
import { createTestEnv, login, makeFixtureTree, makeUser, PASSWORD, type TestEnv } from '../../test/helpers.js';

// Two failures per account and address, 20 per address, 40 per account from everywhere: small
// numbers keep the password hashing (the slow part) short.
const MAX = 2;
let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv({ loginMaxFailures: MAX, loginWindowMinutes: 15 });
  await makeFixtureTree(env.database);
}, 180_000);
afterAll(() => env.close());
const SLOW = 180_000;

const attempt = (username: string, password: string, from = '127.0.0.1', headers: Record<string, string> = {}) =>
  env.app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress: from, headers, payload: { username, password } });

async function checked(userId: string): Promise<number> {
  const rows = await env.database.query(`select 1 from audit_log where action = 'auth.login_failed' and target_id = $1`, [userId]);
  return rows.length;
}

describe('sign-in throttling', () => {
  it('checks at most the limit of concurrent wrong passwords for one account', async () => {
    const u = await makeUser(env.database, { roles: ['leader'], regionCode: '360802' });
    const answers = await Promise.all(Array.from({ length: 30 }, () => attempt(u.username, 'wrong-pass1', '10.1.0.1')));
    expect(answers.filter((r) => r.statusCode === 401)).toHaveLength(MAX);
    expect(answers.filter((r) => r.statusCode === 429)).toHaveLength(30 - MAX);
    expect(await checked(u.id)).toBe(MAX);
    // The lock is recorded once, with no password in it.
    const locks = await env.database.query<{ details: unknown }>(`select details from audit_log where action = 'auth.login_throttled' and actor_name = $1`, [u.username]);
    expect(locks).toHaveLength(1);
    expect(JSON.stringify(locks[0].details)).not.toContain('wrong-pass1');
  }, SLOW);

  it('blocks a flooding address but lets the owner in from another place', async () => {
    const u = await makeUser(env.database, { roles: ['admin'], regionCode: '' });
    for (let i = 0; i < 50; i++) {
      const r = await attempt(u.username, `guess-${i}-abcdef`, '10.2.0.66');
      expect([401, 429]).toContain(r.statusCode);
    }
    const again = await attempt(u.username, PASSWORD, '10.2.0.66');
    expect(again.statusCode).toBe(429);
    expect(again.json().error).toBe('login_throttled');
    expect(again.json().message).toMatch(/请 \d+ 分钟后再试/);
    expect(Number(again.headers['retry-after'])).toBeGreaterThan(0);
    const owner = await attempt(u.username, PASSWORD, '10.2.0.7');
    expect(owner.statusCode, owner.body).toBe(200);
  }, SLOW);

  it('blocks an address that fails across many accounts (spraying), for every account', async () => {
    for (let i = 0; i < MAX * 10; i++) expect((await attempt(`spray-${i}`, 'guess-abcdef1', '10.3.0.9')).statusCode).toBe(401);
    const u = await makeUser(env.database, { roles: ['leader'], regionCode: '360802' });
    expect((await attempt(u.username, PASSWORD, '10.3.0.9')).statusCode).toBe(429);
    expect((await attempt(u.username, PASSWORD, '10.3.0.10')).statusCode).toBe(200);
  }, SLOW);

  it('past many failures from everywhere, gives each address one try for the account and the owner still gets in', async () => {
    const u = await makeUser(env.database, { roles: ['leader'], regionCode: '360802' });
    // 2 × 20 = 40 failures from 20 addresses, 2 each (each address's own limit).
    for (let a = 0; a < 20; a++) for (let i = 0; i < MAX; i++) expect((await attempt(u.username, `guess-${i}-abcdef`, `10.4.${a}.1`)).statusCode).toBe(401);
    expect(await checked(u.id)).toBe(40);
    // A new address: one try is checked, the second (within its own limit of 2) is not.
    expect((await attempt(u.username, 'guess-x-abcdef', '10.4.100.1')).statusCode).toBe(401);
    expect((await attempt(u.username, 'guess-y-abcdef', '10.4.100.1')).statusCode).toBe(429);
    expect(await checked(u.id)).toBe(41);
    expect((await attempt(u.username, PASSWORD, '10.4.200.1')).statusCode).toBe(200);
  }, SLOW);

  it('a correct password clears its address’s failures for the account', async () => {
    const u = await makeUser(env.database, { roles: ['leader'], regionCode: '360802' });
    for (let i = 0; i < MAX - 1; i++) expect((await attempt(u.username, 'wrong-pass1', '10.5.0.1')).statusCode).toBe(401);
    expect((await attempt(u.username, PASSWORD, '10.5.0.1')).statusCode).toBe(200);
    for (let i = 0; i < MAX; i++) expect((await attempt(u.username, 'wrong-pass1', '10.5.0.1')).statusCode).toBe(401);
    expect((await attempt(u.username, PASSWORD, '10.5.0.1')).statusCode).toBe(429);
  }, SLOW);
});

describe('password policy', () => {
  it('needs 10+ characters, no common password and not the username', async () => {
    const u = await makeUser(env.database, { roles: ['leader'], regionCode: '360802', username: 'policy-user-1' });
    const s = await login(env.app, u.username);
    const change = (newPassword: string) => s.inject({ method: 'POST', url: '/api/auth/password', payload: { currentPassword: PASSWORD, newPassword } });
    for (const weak of ['Abcdef123', 'password123', 'Qwerty123456', '1234567890', 'woaini1314', 'Policy-User-1']) {
      const r = await change(weak);
      expect(r.statusCode, weak).toBe(400);
      expect(r.json().error).toBe('weak_password');
    }
    const en = await s.inject({ method: 'POST', url: '/api/auth/password', headers: { 'accept-language': 'en' }, payload: { currentPassword: PASSWORD, newPassword: 'short' } });
    expect(en.json().message).toBe('The password needs 10 to 128 characters and may not be a common password or the username');
    // The demo's password and the tests' own pass.
    expect((await change('Tingsu2026')).statusCode).toBe(204);
  }, SLOW);
});

describe('TINGSU_TRUST_PROXY', () => {
  it('takes a hop count or a list of addresses and CIDRs, and refuses "trust everyone"', () => {
    expect(loadConfig({}, { memoryDb: true }).trustProxy).toBe(false);
    expect(loadConfig({ TINGSU_TRUST_PROXY: '1' }, { memoryDb: true }).trustProxy).toBe(1);
    expect(loadConfig({ TINGSU_TRUST_PROXY: '10.0.0.5, 10.0.0.0/8,::1' }, { memoryDb: true }).trustProxy).toEqual(['10.0.0.5', '10.0.0.0/8', '::1']);
    expect(() => loadConfig({ TINGSU_TRUST_PROXY: 'true' }, { memoryDb: true })).toThrow(/TINGSU_TRUST_PROXY/);
    expect(() => loadConfig({ TINGSU_TRUST_PROXY: '10.0.0.0/40' }, { memoryDb: true })).toThrow(/TINGSU_TRUST_PROXY/);
    expect(() => loadConfig({ TINGSU_TRUST_PROXY: 'proxy.local' }, { memoryDb: true })).toThrow(/TINGSU_TRUST_PROXY/);
  });

  async function auditedIp(app: FastifyInstance, from: string, xff: string): Promise<string> {
    const username = `nobody-${Math.random().toString(36).slice(2)}`;
    await app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress: from, headers: { 'x-forwarded-for': xff }, payload: { username, password: 'wrong-pass1' } });
    const [row] = await env.database.query<{ ip: string }>(`select ip from audit_log where actor_name = $1`, [username]);
    return row.ip;
  }

  /** Another instance of the server on the same database, with its own proxy setting. */
  async function behind(trustProxy: Config['trustProxy'], fn: (app: FastifyInstance) => Promise<void>) {
    const app = await buildApp({ ...env.config, trustProxy }, { database: env.database });
    try {
      await app.ready();
      await fn(app);
    } finally {
      await app.close();
    }
  }

  it('ignores a forged X-Forwarded-For unless it comes through a trusted proxy', async () => {
    // No proxy configured (this file's env): the client's own address, whatever it claims.
    expect(await auditedIp(env.app, '10.6.0.1', '1.2.3.4')).toBe('10.6.0.1');
    await behind(['10.9.0.0/16'], async (app) => {
      expect(await auditedIp(app, '10.9.0.2', '1.2.3.4')).toBe('1.2.3.4');
      // A client forging the header through the proxy: only the address the proxy saw counts.
      expect(await auditedIp(app, '10.9.0.2', '6.6.6.6, 1.2.3.5')).toBe('1.2.3.5');
      // Not from the proxy: the header is not believed.
      expect(await auditedIp(app, '10.6.0.1', '1.2.3.4')).toBe('10.6.0.1');
    });
    await behind(1, async (app) => {
      expect(await auditedIp(app, '10.9.0.2', '6.6.6.6, 1.2.3.6')).toBe('1.2.3.6');
    });
  }, SLOW);
});
