import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildApp } from '../app.js';
import { createTestEnv, type TestEnv } from '../test/helpers.js';
import { clear, hit, peek, undo } from './rate-limit.js';

// A busy machine (several suites at once) is slow, never wrong: generous limits, no timing asserted.
vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000 });

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
}, 180_000);
afterAll(() => env.close());

const MIN = 60_000;

describe('database-backed rate limits', () => {
  it('gives every concurrent hit its own count', async () => {
    const counts = await Promise.all(Array.from({ length: 40 }, () => hit(env.database.db, 'test|concurrent', { ms: 10 * MIN })));
    expect(counts.map((h) => h.count).sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
  });

  it('starts a new window when the last has ended, and takes back or clears counts', async () => {
    const db = env.database.db;
    const t0 = new Date('2026-12-01T08:00:00Z');
    expect((await hit(db, 'test|window', { ms: 15 * MIN }, t0)).count).toBe(1);
    const second = await hit(db, 'test|window', { ms: 15 * MIN }, new Date(t0.getTime() + 14 * MIN));
    expect(second).toEqual({ count: 2, resetAt: new Date(t0.getTime() + 15 * MIN) });
    await undo(db, 'test|window', new Date(t0.getTime() + 14 * MIN));
    expect((await peek(db, 'test|window', new Date(t0.getTime() + 14 * MIN)))?.count).toBe(1);
    expect(await peek(db, 'test|window', new Date(t0.getTime() + 15 * MIN))).toBeNull();
    const fresh = await hit(db, 'test|window', { ms: 15 * MIN }, new Date(t0.getTime() + 16 * MIN));
    expect(fresh).toEqual({ count: 1, resetAt: new Date(t0.getTime() + 31 * MIN) });
    await clear(db, 'test|window');
    expect(await peek(db, 'test|window', new Date(t0.getTime() + 16 * MIN))).toBeNull();
  });

  it('deletes windows that ended long ago', async () => {
    const db = env.database.db;
    const t0 = new Date('2026-12-02T08:00:00Z');
    await hit(db, 'test|old', { ms: MIN }, t0);
    await hit(db, 'test|later', { ms: MIN }, new Date(t0.getTime() + 3 * 3600_000));
    const keys = await env.database.query<{ key: string }>(`select key from rate_limits where key like 'test|%' order by key`);
    expect(keys.map((k) => k.key)).not.toContain('test|old');
    expect(keys.map((k) => k.key)).toContain('test|later');
  });

  it('holds a route’s limit across two instances on one database', async () => {
    const other = await buildApp(env.config, { database: env.database });
    await other.ready();
    try {
      const codes: number[] = [];
      for (let i = 0; i < 121; i++) {
        const app = i % 2 ? other : env.app;
        codes.push((await app.inject({ url: '/api/public/categories', remoteAddress: '10.77.0.1' })).statusCode);
      }
      expect(codes.slice(0, 120).every((c) => c === 200)).toBe(true);
      expect(codes[120]).toBe(429);
      const last = await other.inject({ url: '/api/public/categories', remoteAddress: '10.77.0.1' });
      expect(last.json().error).toBe('rate_limited');
      expect(Number(last.headers['retry-after'])).toBeGreaterThan(0);
      // Another address is not affected.
      expect((await env.app.inject({ url: '/api/public/categories', remoteAddress: '10.77.0.2' })).statusCode).toBe(200);
    } finally {
      await other.close();
    }
  });
});
