/**
 * Two server processes on one PostgreSQL database, both serving at once: both start together on an
 * empty database (their migrations take turns), both register appeals concurrently without clashing
 * numbers, and a session made on one works on the other. PostgreSQL only: PGlite is one process.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { appealBody, Scope, seedWorld, type Client } from './harness.js';

const scope = new Scope();
afterAll(() => scope.close());
const onPostgres = !!process.env.DATABASE_URL;

const PER_CLIENT = 10;

describe.skipIf(!onPostgres)('two instances on one PostgreSQL database', () => {
  it('start together on an empty database, share sessions and take intake at the same time', async () => {
    const db = await scope.database('postgres');
    const [a, b] = await Promise.all([scope.server(db, { start: false }), scope.server(db, { start: false })]);
    await Promise.all([a.start(), b.start()]);
    const world = await seedWorld(db);

    // A session made on one instance is honoured by the other (sessions and CSRF live in the database and the secret).
    const onA = await a.signIn(world.dispatcher);
    const onB = await b.signIn(world.gridWorker);
    expect((await onA.at(b.url).get('/api/auth/me')).status).toBe(200);
    expect((await onB.at(a.url).get('/api/auth/me')).status).toBe(200);
    const crossWrite = await onA.at(b.url).post('/api/appeals', appealBody(0), { prefer: 'return=minimal' });
    expect(crossWrite.status, JSON.stringify(crossWrite.body)).toBe(201);

    // Two clients on each instance, registering at once.
    const numbers: string[] = [crossWrite.body.number as string];
    const statuses: number[] = [];
    let n = 1;
    const client = async (as: Client) => {
      for (let i = 0; i < PER_CLIENT; i++) {
        const r = await as.post('/api/appeals', appealBody(n++), { prefer: 'return=minimal' });
        statuses.push(r.status);
        if (r.status === 201) numbers.push(r.body.number as string);
      }
    };
    await Promise.all([client(onA), client(onA.at(b.url)), client(onB.at(a.url)), client(onB)]);
    expect(statuses.filter((s) => s !== 201)).toEqual([]);
    expect(new Set(numbers).size).toBe(numbers.length);

    const [count] = await db.query<{ appeals: number; registered: number }>(
      `select (select count(*)::int from appeals) as appeals, (select count(*)::int from appeal_events where type = 'registered') as registered`,
    );
    expect(count).toEqual({ appeals: 4 * PER_CLIENT + 1, registered: 4 * PER_CLIENT + 1 });
    expect(a.running && b.running).toBe(true);
  });
});
