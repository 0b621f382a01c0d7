import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../platform/db.js';
import { createTestEnv, type TestEnv } from '../../test/helpers.js';
import { makeAppealWorld, type AppealWorld } from '../../test/appeal-world.js';
import { eventCounts, overdueAppeals, overdueFlags } from '../../test/overdue.js';
import { scanDeadlines } from './appeals.jobs.js';

let env: TestEnv;
let w: AppealWorld;
beforeAll(async () => {
  env = await createTestEnv();
  w = await makeAppealWorld(env);
});
afterAll(() => env.close());

describe('the deadline job', () => {
  it('flags an appeal only together with its event and notices: a failure half-way loses nothing and a rerun finishes the rest', async () => {
    const ids = await overdueAppeals(env.database, w, 5);
    const deps = { database: env.database, vault: env.app.vault };
    // The third appeal's escalation notice cannot be written (as if the process died there).
    await env.database.query(`create table test_fail_notice (appeal_id uuid primary key)`);
    await env.database.query(`insert into test_fail_notice values ($1)`, [ids[2]]);
    await env.database.query(`
      create function test_fail_notice() returns trigger language plpgsql as $$
      begin
        if exists (select 1 from test_fail_notice f where f.appeal_id = new.appeal_id) then raise exception 'notice store down'; end if;
        return new;
      end $$`);
    await env.database.query(`create trigger test_fail_notice before insert on notifications for each row execute function test_fail_notice()`);

    await expect(scanDeadlines(deps, new Date())).rejects.toThrow();
    const flags = await overdueFlags(env.database, ids);
    const events = await eventCounts(env.database, ids, 'overdue');
    // No appeal is flagged without its event (and its notices, written in the same commit).
    expect(flags.map((f, i) => (f ? events[i] : 1))).toEqual([1, 1, 1, 1, 1]);
    expect(flags[2]).toBe(false);
    expect(events[2]).toBe(0);

    // The store is back: the next run escalates what is left, and nothing twice.
    await env.database.query(`delete from test_fail_notice`);
    await scanDeadlines(deps, new Date());
    expect(await overdueFlags(env.database, ids)).toEqual([true, true, true, true, true]);
    expect(await eventCounts(env.database, ids, 'overdue')).toEqual([1, 1, 1, 1, 1]);
    const notices = await env.database.query<{ appeal_id: string }>(`select distinct appeal_id from notifications where kind = 'appeal.overdue'`);
    expect(ids.every((id) => notices.some((n) => n.appeal_id === id))).toBe(true);
    await env.database.query(`drop trigger test_fail_notice on notifications`);
  });

  it('escalates each appeal once when two instances scan at the same time', async () => {
    // On PostgreSQL each instance has its own pool; PGlite has one connection, shared.
    const second: Database = env.database.kind === 'postgres' ? await openDatabase(env.config) : env.database;
    const ids = await overdueAppeals(env.database, w, 8);
    const a = { database: env.database, vault: env.app.vault };
    const b = { database: second, vault: env.app.vault };
    const runs = await Promise.all([scanDeadlines(a, new Date()), scanDeadlines(b, new Date()), scanDeadlines(a, new Date()), scanDeadlines(b, new Date())]);
    expect(runs.reduce((n, r) => n + r.overdue, 0)).toBe(8);
    expect(await eventCounts(env.database, ids, 'overdue')).toEqual(ids.map(() => 1));
    if (second !== env.database) await second.close();
  });
});
