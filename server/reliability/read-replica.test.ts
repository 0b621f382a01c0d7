/**
 * Several instances and a read replica: a PostgreSQL primary and its streaming replica started on this
 * machine (initdb, pg_basebackup -R, spare ports, a temp dir), PgBouncer 1.18+ in transaction pooling in
 * front of both when it is installed (TINGSU_PGBOUNCER=transaction), and two Tingsu processes with
 * TINGSU_READ_DATABASE_URL. It shows:
 *
 * - writes on either instance (appeals registered on both, numbers unique);
 * - another user's figures served by the replica: stale while the replica's replay is paused, correct
 *   after it catches up;
 * - the writer's own figures right after their write, on either instance (read from the primary);
 * - the job queue through the same setup: every SMS of those appeals sent exactly once by the two.
 *
 * It makes its own cluster, but runs in the suite's PostgreSQL run only (DATABASE_URL set, as CI's second
 * run of the suite does), like the other multi-instance scenario; skipped with a message when initdb is
 * missing.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { openDatabase } from '../platform/db.js';
import { makeUser } from '../test/helpers.js';
import { throwawayPostgres } from './databases.js';
import { appealBody, Scope, seedWorld, waitFor, type Client, type TestDatabase } from './harness.js';
import { pgbouncerBinary, postgresBinaries, startReplication, type Replication } from './replication.js';

const scope = new Scope();
afterAll(() => scope.close());

const onPostgres = !!process.env.DATABASE_URL;
const bins = postgresBinaries();
if (!onPostgres) console.warn('read-replica scenario skipped: it runs in the PostgreSQL run of the suite (DATABASE_URL)');
else if ('missing' in bins) console.warn(`read-replica scenario skipped: ${bins.missing}`);
const bouncer = pgbouncerBinary();
if (!bouncer) console.warn('read-replica scenario: pgbouncer not installed, the instances connect to PostgreSQL directly');

/** Appeals each instance registers. */
const PER_INSTANCE = 3;

/**
 * A client that keeps the `tingsu_wrote` cookie a write answers with and sends it with its session, as a
 * browser does; `at` moves to another instance sharing the same jar.
 */
function browserLike(c: Client, jar: { wrote?: string } = {}): Client & { jar: { wrote?: string } } {
  const request: Client['request'] = async (method, pathname, body, headers = {}) => {
    const r = await c.request(method, pathname, body, { ...(jar.wrote ? { cookie: `${c.cookie}; ${jar.wrote}` } : {}), ...headers });
    const mark = r.headers.getSetCookie().find((s) => s.startsWith('tingsu_wrote='));
    if (mark) jar.wrote = mark.split(';')[0];
    return r;
  };
  return {
    ...c,
    jar,
    request,
    get: (p) => request('GET', p),
    post: (p, b, h) => request('POST', p, b, h),
    at: (other) => browserLike(c.at(other), jar),
  };
}

describe.skipIf(!onPostgres || 'missing' in bins)('two instances, a streaming replica and PgBouncer', () => {
  it('writes on either instance; others read the replica (stale while paused, right after catch-up); a writer reads their own writes; jobs run once', async () => {
    const cluster = scope.track('primary and replica', await startReplication((bins as { dir: string }).dir), (c: Replication) => c.close());
    const db: TestDatabase = await throwawayPostgres(cluster.url('primary'));
    const dbName = new URL(db.url!).pathname.slice(1);
    const world = await seedWorld(db);
    const leader = await db.use((database) => makeUser(database, { roles: ['leader'], regionCode: '360802004', username: 'rel_leader' }));
    await waitFor('the replica to have the seeded accounts', async () => (await cluster.query<{ n: number }>('replica', `select count(*)::int as n from users where username = 'rel_leader'`, dbName))[0]?.n === 1, 30_000);

    // The URLs the instances use: through PgBouncer (transaction pooling) when installed.
    const viaBouncer = bouncer ? await cluster.pgbouncer(dbName) : undefined;
    const env = {
      ...db.env,
      DATABASE_URL: viaBouncer ? viaBouncer.url('primary') : cluster.url('primary', dbName),
      TINGSU_READ_DATABASE_URL: viaBouncer ? viaBouncer.url('replica') : cluster.url('replica', dbName),
      ...(viaBouncer ? { TINGSU_PGBOUNCER: 'transaction' } : {}),
      // Paused replay must not send everybody to the primary during the scenario: a lag bound far above it.
      TINGSU_READ_MAX_LAG_MS: '300000',
      TINGSU_JOBS: 'true',
      TINGSU_JOB_POLL_MS: '200',
    };
    const gateway = await scope.smsGateway();
    const instance = { ...db, env: { ...env, TINGSU_SMS_WEBHOOK_URL: gateway.url } };
    const [a, b] = await Promise.all([scope.server(instance, { start: false, readyTimeoutMs: 180_000 }), scope.server(instance, { start: false, readyTimeoutMs: 180_000 })]);
    await Promise.all([a.start(), b.start()]);

    const from = new Date(Date.now() - 3_600_000).toISOString();
    const to = new Date(Date.now() + 3_600_000).toISOString();
    const figures = `/api/appeals/metrics?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;
    const accepted = async (as: Client) => {
      const r = await as.get(figures);
      if (r.status !== 200) throw new Error(`metrics: ${r.status} ${JSON.stringify(r.body)}`);
      return (r.body.totals as { accepted: number }).accepted;
    };
    const reader = await a.signIn(leader);
    const readerOn = { a: reader, b: reader.at(b.url) };
    // The replica is used once its watch has seen it caught up; it starts so within a moment.
    expect(await accepted(readerOn.a)).toBe(0);
    expect(await accepted(readerOn.b)).toBe(0);

    // The replica stops applying WAL: what it serves stays as it is now.
    await cluster.pauseReplay();
    const writer = browserLike(await a.signIn(world.dispatcher));
    const writerOn = { a: writer, b: writer.at(b.url) };
    const numbers: string[] = [];
    for (const [where, as] of [['a', writerOn.a], ['b', writerOn.b]] as const) {
      for (let i = 0; i < PER_INSTANCE; i++) {
        const made = await as.post('/api/appeals', appealBody(numbers.length));
        expect(made.status, `${where}: ${JSON.stringify(made.body)}`).toBe(201);
        const acc = await as.post(`/api/appeals/${made.body.id as string}/actions/accept`, { version: made.body.version });
        expect(acc.status, `${where}: ${JSON.stringify(acc.body)}`).toBe(200);
        numbers.push(made.body.number as string);
      }
    }
    expect(new Set(numbers).size).toBe(2 * PER_INSTANCE);
    const [onPrimary] = await cluster.query<{ n: number }>('primary', `select count(*)::int as n from appeals where accepted_at is not null`, dbName);
    expect(onPrimary.n).toBe(2 * PER_INSTANCE);

    // The writer sees their own writes at once, on either instance (the primary answers them).
    expect(writer.jar.wrote).toMatch(/^tingsu_wrote=\d+$/);
    expect(await accepted(writerOn.a)).toBe(2 * PER_INSTANCE);
    expect(await accepted(writerOn.b)).toBe(2 * PER_INSTANCE);
    // Another user reads the replica, which has not replayed them.
    expect(await accepted(readerOn.a)).toBe(0);
    expect(await accepted(readerOn.b)).toBe(0);

    // Replay again: the replica's figures catch up, the same as the primary's.
    await cluster.resumeReplay();
    await waitFor('the replica to serve the new figures on both instances', async () => (await accepted(readerOn.a)) === 2 * PER_INSTANCE && (await accepted(readerOn.b)) === 2 * PER_INSTANCE, 30_000, 200);

    // Jobs on both instances, through the same pools: every requester's SMS sent once.
    await waitFor('every message sent', async () => (await db.query<{ n: number }>(`select count(*)::int as n from outbox where status <> 'sent'`))[0].n === 0, 60_000, 250);
    const sent = await db.query<{ id: string }>(`select id::text from outbox order by id`);
    expect(sent.length).toBeGreaterThanOrEqual(2 * PER_INSTANCE);
    expect(sent.map((r) => gateway.counts().get(r.id) ?? 0)).toEqual(sent.map(() => 1));
    expect(a.running && b.running).toBe(true);
    await Promise.all([a.stop(), b.stop()]);
    expect(a.log() + b.log()).not.toMatch(/prepared statement .* (does not exist|already exists)/);

    // A replica URL that leads to a primary is refused at start, with a message naming the variable.
    const wrongReplica = loadConfig({ ...db.env, TINGSU_READ_DATABASE_URL: cluster.url('primary', dbName), TINGSU_LOG_LEVEL: 'silent' }, { serveWeb: false });
    await expect(openDatabase(wrongReplica)).rejects.toThrow(/TINGSU_READ_DATABASE_URL.*not a streaming standby/s);
  }, 300_000);
});
