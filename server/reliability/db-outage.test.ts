/**
 * PostgreSQL going away and coming back while the server runs: the server answers 503 (health and
 * requests, with the code `database_unavailable`), never 500, never dies, and serves again on its own
 * once the database is back. PostgreSQL only: the embedded database cannot go away on its own.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { appealBody, request, Scope, waitFor, type Client, type TcpProxy, type TestDatabase, type TingsuServer, type World } from './harness.js';

const scope = new Scope();
const onPostgres = !!process.env.DATABASE_URL;
let db: TestDatabase;
let world: World;
let proxy: TcpProxy;
let server: TingsuServer;
let as: Client;

beforeAll(async () => {
  if (!onPostgres) return;
  ({ db, world } = await scope.seeded('postgres'));
  const target = new URL(db.url!);
  proxy = await scope.tcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
  // Jobs on: their polling must survive the outage as well as the requests do.
  server = await scope.server(db, { env: { DATABASE_URL: proxy.rewrite(db.url!), TINGSU_JOBS: 'true' } });
  as = await server.signIn(world.dispatcher);
});
afterAll(() => scope.close());

describe.skipIf(!onPostgres)('the database going away and coming back (PostgreSQL)', () => {
  it('answers 503 database_unavailable while the network to PostgreSQL is cut, then recovers without a restart', async () => {
    expect((await as.post('/api/appeals', appealBody(1), { prefer: 'return=minimal' })).status).toBe(201);
    const pid = server.pid;

    proxy.cut();
    try {
      await waitFor('/healthz to answer 503', async () => (await request(server.url, 'GET', '/healthz')).status === 503, 30_000);
      const health = await request(server.url, 'GET', '/healthz');
      expect(health.body.status).toBe('unavailable');

      // A signed-in read, a write and a sign-in: each a clear 503, in both languages.
      const read = await as.get('/api/appeals');
      expect(read.status, JSON.stringify(read.body)).toBe(503);
      expect(read.body.error).toBe('database_unavailable');
      expect(read.body.message).toMatch(/数据库/);
      const write = await as.post('/api/appeals', appealBody(2), { 'accept-language': 'en' });
      expect(write.status, JSON.stringify(write.body)).toBe(503);
      expect(write.body.error).toBe('database_unavailable');
      expect(write.body.message).toMatch(/database/i);
      const login = await request(server.url, 'POST', '/api/auth/login', { username: world.admin.username, password: world.admin.password });
      expect(login.status, JSON.stringify(login.body)).toBe(503);
      expect(login.body.error).toBe('database_unavailable');
      expect(read.headers.get('retry-after')).toMatch(/^\d+$/);
    } finally {
      proxy.restore();
    }
    await waitFor('/healthz to answer 200 again', async () => (await request(server.url, 'GET', '/healthz')).status === 200, 60_000);
    const after = await as.post('/api/appeals', appealBody(3), { prefer: 'return=minimal' });
    expect(after.status, JSON.stringify(after.body)).toBe(201);
    expect((await as.get('/api/auth/me')).status).toBe(200);
    // The same process all along, and it never answered 500.
    expect(server.pid).toBe(pid);
    expect(server.logLines().filter((l) => l.msg === 'unhandled error')).toEqual([]);
  });

  it('survives PostgreSQL terminating its connections (pg_terminate_backend) mid-transaction and serves again', async () => {
    const pid = server.pid;
    const worker = await server.signIn(world.gridWorker);
    // Keep requests going while the connections are killed under them: reads, and writes that hold a
    // connection for a whole transaction (an appeal solved on the spot is registered and closed in one).
    let stop = false;
    const statuses: number[] = [];
    let n = 100;
    const reads = (async () => {
      while (!stop) statuses.push((await as.get('/api/appeals?pageSize=5')).status);
    })();
    const writes = (async () => {
      while (!stop) statuses.push((await worker.post('/api/appeals', appealBody(n++, { solvedOnSpot: { result: '当场联系物业处理' } }), { prefer: 'return=minimal' })).status);
    })();
    const load = Promise.all([reads, writes]);
    await waitFor('some requests to be served', () => statuses.length >= 3);
    const admin = new pg.Client({ connectionString: db.url });
    await admin.connect();
    try {
      for (let i = 0; i < 3; i++) {
        const killed = await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()');
        expect(killed.rowCount, server.log().slice(-3000)).toBeGreaterThan(0);
        const seen = statuses.length;
        await waitFor('requests to go on after the connections were terminated', () => statuses.length >= seen + 3, 30_000);
      }
    } finally {
      await admin.end();
      stop = true;
      await load;
    }
    await waitFor('a request to succeed', async () => (await as.get('/api/appeals?pageSize=5')).status === 200, 30_000);
    expect(statuses.filter((s) => s !== 200 && s !== 201 && s !== 503)).toEqual([]);
    expect(server.pid).toBe(pid);
    expect(server.running).toBe(true);
  });
});
