import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../test/helpers.js';
import { prefixKeys, prefixParameters, rows, statement, statementSql } from './db.js';

describe('statements built once', () => {
  it('numbers named parameters once each, leaves casts alone, and lines up the values', () => {
    const s = statement(`select :a::int + :b, :a::text, '10:00' as t where x = :long_name`);
    expect(s.text).toBe(`select $1::int + $2, $1::text, '10:00' as t where x = $3`);
    expect(s.values({ a: 1, b: 2, long_name: 'x', extra: 9 })).toEqual([1, 2, 'x']);
    expect(s.values({ a: 1, b: undefined, long_name: null })).toEqual([1, null, null]);
    expect(() => s.values({ a: 1, b: 2 })).toThrow(/:long_name/);
    expect(s.name).toMatch(/^tingsu_[0-9a-f]{16}$/);
    expect(statement(s.text.replace('$3', ':y')).name).not.toBe(s.name);
  });

  it('puts two rows side by side with prefixed names', () => {
    expect(prefixParameters(`values (:id::uuid, :gridCode)`, 'event')).toBe(`values (:eventId::uuid, :eventGridCode)`);
    expect(prefixKeys('event', { id: 1, gridCode: 'g' })).toEqual({ eventId: 1, eventGridCode: 'g' });
  });
});

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(() => env.close());

describe('raw transactions', () => {
  it('commit what they did, or nothing when they throw', async () => {
    await env.database.query(`create table tx_probe (n int primary key)`);
    const put = statement(`insert into tx_probe (n) values (:n) returning n`);
    const out = await env.database.transaction(async (q) => {
      await q(put.text, put.values({ n: 1 }), put.name);
      return q<{ n: number }>(put.text, put.values({ n: 2 }), put.name);
    });
    expect(out).toEqual([{ n: 2 }]);
    await expect(
      env.database.transaction(async (q) => {
        await q(put.text, put.values({ n: 3 }), put.name);
        await q(put.text, put.values({ n: 1 }), put.name); // a duplicate key: the whole transaction goes
      }),
    ).rejects.toThrow();
    expect(await env.database.query(`select n from tx_probe order by n`)).toEqual([{ n: 1 }, { n: 2 }]);
    // The same statement inside a Drizzle transaction.
    await env.database.db.transaction(async (tx) => {
      expect(await rows<{ n: number }>(tx, statementSql(put.text, put.values({ n: 4 })))).toEqual([{ n: 4 }]);
    });
    expect(Number((await env.database.query<{ n: string }>(`select count(*) as n from tx_probe`))[0].n)).toBe(3);
  });
});

describe.runIf(!!process.env.DATABASE_URL)('behind PgBouncer in transaction pooling (TINGSU_PGBOUNCER=transaction)', () => {
  // Through PgBouncer 1.18 consecutive statements of one client may run on different server connections,
  // so nothing may be prepared by name; without the setting a named statement stays prepared.
  it('prepares no statement by name, where a direct connection keeps it prepared', async () => {
    const { openDatabase } = await import('./db.js');
    const prepared = async (pgbouncer: 'transaction' | undefined) => {
      // A second pool on the test's (migrated) database.
      const database = await openDatabase({ ...env.config, pgbouncer });
      try {
        const probe = statement(`select :n::int as n`);
        return await database.transaction(async (q) => {
          expect(await q(probe.text, probe.values({ n: 7 }), probe.name)).toEqual([{ n: 7 }]);
          return (await q<{ name: string }>(`select name from pg_prepared_statements where name = $1`, [probe.name])).map((r) => r.name);
        });
      } finally {
        await database.close();
      }
    };
    expect(await prepared(undefined)).toHaveLength(1);
    expect(await prepared('transaction')).toEqual([]);
  });
});
