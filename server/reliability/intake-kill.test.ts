/**
 * kill -9 in the middle of intake: several clients register appeals while the server is killed under
 * them. Every appeal the server acknowledged (201 with a number) must exist after a restart, with its
 * registration event, its message to the requester and its audit entry; nothing half-written.
 * Runs on PGlite (a data directory) and, with DATABASE_URL, on PostgreSQL.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { appealBody, Scope, waitFor, type Client } from './harness.js';

const scope = new Scope();
afterAll(() => scope.close());

const CLIENTS = 4;
const KILLS = 2;
/** Acknowledged appeals to wait for before each kill. */
const PER_LIFE = 10;

interface Acked {
  id: string;
  number: string;
}

describe('kill -9 during intake', () => {
  it(`keeps every acknowledged appeal whole across ${KILLS} kills with ${CLIENTS} clients`, async () => {
    const { db, world } = await scope.seeded();
    const server = await scope.server(db);
    const session = await server.signIn(world.dispatcher);
    const acked: Acked[] = [];
    const failures: number[] = [];
    let n = 0;

    for (let life = 0; life < KILLS; life++) {
      const target = acked.length + PER_LIFE;
      let running = true;
      const client = async (as: Client) => {
        while (running) {
          const i = n++;
          const r = await as.post('/api/appeals', appealBody(i), { prefer: 'return=minimal' });
          if (r.status === 201 && typeof r.body.number === 'string') acked.push({ id: r.body.id as string, number: r.body.number });
          else if (r.status !== 0) failures.push(r.status); // 0: the connection died with the server
          if (r.status === 0) break;
        }
      };
      const clients = Array.from({ length: CLIENTS }, () => client(session));
      await waitFor(`${target} acknowledged appeals`, () => acked.length >= target, 120_000, 20);
      // While requests are in flight: no graceful anything.
      await server.kill9();
      running = false;
      await Promise.all(clients);
      await server.start();
    }

    expect(failures).toEqual([]);
    // The restarted server serves, and the numbering goes on past every acknowledged number.
    const last = await session.post('/api/appeals', appealBody(n++), { prefer: 'return=minimal' });
    expect(last.status).toBe(201);
    expect(acked.map((a) => a.number)).not.toContain(last.body.number);
    await server.stop();

    const ids = acked.map((a) => a.id);
    const found = await db.query<{ id: string; number: string; registered: number; messages: number; audited: number }>(
      `select a.id::text, a.number,
         (select count(*)::int from appeal_events e where e.appeal_id = a.id and e.type = 'registered') as registered,
         (select count(*)::int from outbox o where o.appeal_id = a.id) as messages,
         (select count(*)::int from audit_log l where l.target_id = a.id::text and l.action = 'appeal.create') as audited
       from appeals a where a.id = any($1::uuid[])`,
      [ids],
    );
    const byId = new Map(found.map((f) => [f.id, f]));
    const missing = acked.filter((a) => !byId.has(a.id));
    expect(missing, 'acknowledged appeals lost').toEqual([]);
    for (const a of acked) expect(byId.get(a.id)!.number).toBe(a.number);
    expect(found.filter((f) => f.registered !== 1 || f.messages !== 1 || f.audited !== 1), 'acknowledged appeals half-written').toEqual([]);

    // Nothing half-written anywhere, acknowledged or not (an appeal the kill caught after its commit
    // but before its answer may exist: it must be whole too).
    const orphans = await db.query<{ id: string }>(
      `select a.id::text from appeals a
       where not exists (select 1 from appeal_events e where e.appeal_id = a.id and e.type = 'registered')
          or not exists (select 1 from outbox o where o.appeal_id = a.id)
       union all
       select e.appeal_id::text from appeal_events e where not exists (select 1 from appeals a where a.id = e.appeal_id)`,
    );
    expect(orphans).toEqual([]);
    const [dupes] = await db.query<{ n: number }>('select count(*)::int as n from (select number from appeals group by number having count(*) > 1) d');
    expect(dupes.n).toBe(0);
  });
});
