import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS_DIR, type Database } from '../platform/db.js';
import { createTestEnv, type TestEnv } from './helpers.js';

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
