import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS_DIR, type Database } from '../platform/db.js';
import { createTestEnv, databasesHandedOn, type TestEnv } from './helpers.js';

/** The migrations in the folder, by the time drizzle records for each (`created_at`). */
const journal = (JSON.parse(readFileSync(path.join(MIGRATIONS_DIR, 'meta', '_journal.json'), 'utf8')) as { entries: { when: number; tag: string }[] }).entries;

async function applied(database: Database): Promise<number[]> {
  const rows = await database.query<{ created_at: string }>('select created_at from drizzle.__drizzle_migrations order by created_at');
  return rows.map((r) => Number(r.created_at));
}

/**
 * The template is built by the path a new installation takes: every migration applied to an empty
 * database (global-setup.ts → buildTemplate), so the first test below is also the check that the
 * migrations in the folder apply from nothing.
 */
describe('the migrated template test environments start from', () => {
  let a: TestEnv;
  let b: TestEnv;
  beforeAll(async () => {
    a = await createTestEnv();
    b = await createTestEnv();
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
  });

  it('holds every migration in the folder, and the schema they make', async () => {
    expect(journal.length).toBeGreaterThan(0);
    expect(await applied(a.database)).toEqual(journal.map((e) => e.when));
    const tables = await a.database.query<{ n: number }>(`select count(*)::int as n from information_schema.tables where table_schema = 'public'`);
    expect(tables[0].n).toBeGreaterThan(10);
  });

  it('is copied, not shared: what one environment writes the other does not see', async () => {
    await a.database.query('create table template_probe (n int)');
    await a.database.query('insert into template_probe values (1)');
    const probes = (database: Database) =>
      database.query<{ n: number }>(`select count(*)::int as n from information_schema.tables where table_name = 'template_probe'`);
    expect(await probes(a.database)).toEqual([{ n: 1 }]);
    expect(await probes(b.database)).toEqual([{ n: 0 }]);
  });
});

/**
 * A worker keeps a closed environment's database, emptied, for its next file (db-reuse.ts; on PostgreSQL
 * as long as the role is a superuser, as in CI):
 * the next environment must not be able to tell it from a new copy of the template.
 */
describe('a database handed on to the next environment of the worker', () => {
  const count = async (database: Database, table: string) => (await database.query<{ n: number }>(`select count(*)::int as n from ${table}`))[0]!.n;

  it('is empty again, identities restarted, the counties’ number sequences gone, locks and settings dropped', async () => {
    const first = await createTestEnv();
    const client = first.database;
    await client.query(`insert into regions (code, name, level, depth) values ('36', '江西省', 'province', 1)`);
    const rule = `insert into warning_rules (region_code, name, from_day, to_day, category_codes, message) values ('36', '汛期', '06-01', '08-31', '{}', '注意防汛') returning id`;
    await client.query(rule);
    await client.query(rule);
    await client.query('create sequence appeal_number_360802');
    await client.query('select pg_advisory_lock(42)');
    await client.query(`set statement_timeout = '1234ms'`);
    await client.query('begin'); // left open, as a failed test could
    await first.close();

    const before = databasesHandedOn();
    const next = await createTestEnv();
    try {
      expect(databasesHandedOn()).toBe(before + 1); // the same database, emptied, not a new copy
      expect(await count(next.database, 'regions')).toBe(0);
      expect(await count(next.database, 'warning_rules')).toBe(0);
      // A serial starts at 1 again, as in a new copy.
      await next.database.query(`insert into regions (code, name, level, depth) values ('36', '江西省', 'province', 1)`);
      expect(await next.database.query(rule)).toEqual([{ id: 1 }]);
      expect(await next.database.query(`select 1 from pg_class where relname = 'appeal_number_360802'`)).toHaveLength(0);
      expect(await next.database.query('show statement_timeout')).toEqual([{ statement_timeout: '0' }]);
      expect(await next.database.query(`select 1 from pg_locks where locktype = 'advisory'`)).toHaveLength(0);
      expect(await applied(next.database)).toEqual(journal.map((e) => e.when));
    } finally {
      await next.close();
    }
  });

  it('is not handed on when a file changed its schema: the next environment gets a new copy', async () => {
    const first = await createTestEnv();
    await first.database.query('create table reuse_probe (n int)');
    await first.database.query(`alter table people add constraint reuse_refuse check (false) not valid`);
    await first.close();
    const before = databasesHandedOn();
    const next = await createTestEnv();
    try {
      expect(databasesHandedOn()).toBe(before);
      expect(await next.database.query(`select 1 from pg_class where relname = 'reuse_probe'`)).toHaveLength(0);
      expect(await next.database.query(`select 1 from pg_constraint where conname = 'reuse_refuse'`)).toHaveLength(0);
    } finally {
      await next.close();
    }
  });
});
