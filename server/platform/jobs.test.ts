import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { enqueue, JobRunner } from './jobs.js';
import { jobs } from './jobs.tables.js';
import { openDatabase, type Database } from './db.js';
import { createTestEnv, type TestEnv } from '../test/helpers.js';
import { deliverOutbox, queueMessage, webhookSender } from '../modules/notifications/notifications.service.js';
import { outbox } from '../modules/notifications/notifications.tables.js';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(() => env.close());

describe('durable jobs', () => {
  it('runs each due job once, retries failures with backoff, and re-schedules recurring jobs', async () => {
    const ran: string[] = [];
    let failOnce = true;
    const runner = new JobRunner(
      env.database,
      {
        hello: async (p) => {
          ran.push(String(p.who));
        },
        flaky: async () => {
          if (failOnce) {
            failOnce = false;
            throw new Error('sender down');
          }
          ran.push('flaky');
        },
        tick: async () => {
          ran.push('tick');
        },
      },
      [{ kind: 'tick', everyMs: 60_000 }],
    );
    await runner.schedule(); // the recurring job's row; the test drives the ticks
    await enqueue(env.database.db, { kind: 'hello', payload: { who: 'a' } });
    await enqueue(env.database.db, { kind: 'hello', payload: { who: 'later' }, runAt: new Date(Date.now() + 3_600_000) });
    await enqueue(env.database.db, { kind: 'flaky', key: 'flaky-1' });
    const now = new Date(Date.now() + 1000);
    await runner.tick(now);
    expect(ran.sort()).toEqual(['a', 'tick']);
    const [flaky] = await env.database.db.select().from(jobs).where(eq(jobs.key, 'flaky-1'));
    expect(flaky).toMatchObject({ status: 'pending', attempts: 1, lastError: 'sender down' });
    expect(flaky.runAt.getTime()).toBeGreaterThan(now.getTime());
    // Nothing is due again until the backoff and the recurring interval pass.
    expect(await runner.tick(now)).toBe(0);
    await runner.tick(new Date(now.getTime() + 61_000));
    expect(ran.filter((r) => r === 'tick')).toHaveLength(2);
    expect(ran).toContain('flaky');
    const [done] = await env.database.db.select().from(jobs).where(eq(jobs.key, 'flaky-1'));
    expect(done.status).toBe('done');
  });

  it('never gives one job to two instances at once', async () => {
    // Two runners (two server instances) on one database; on PostgreSQL each has its own pool.
    const second: Database = env.database.kind === 'postgres' ? await openDatabase(env.config) : env.database;
    const count = new Map<string, number>();
    const handler = async (p: Record<string, unknown>) => {
      await new Promise((r) => setTimeout(r, 5));
      count.set(String(p.n), (count.get(String(p.n)) ?? 0) + 1);
    };
    const a = new JobRunner(env.database, { work: handler }, []);
    const b = new JobRunner(second, { work: handler }, []);
    for (let n = 0; n < 40; n++) await enqueue(env.database.db, { kind: 'work', payload: { n } });
    const now = new Date(Date.now() + 1000);
    let ranA = 0;
    let ranB = 0;
    for (let i = 0; i < 6; i++) {
      const [x, y] = await Promise.all([a.tick(now, 10), b.tick(now, 10)]);
      ranA += x;
      ranB += y;
    }
    expect(ranA + ranB).toBe(40);
    expect([...count.values()].every((c) => c === 1)).toBe(true);
    expect(count.size).toBe(40);
    if (second !== env.database) await second.close();
  });
});

describe('outbox', () => {
  let server: Server;
  let received: { to: string; text: string }[] = [];
  let down = true;
  let url = '';
  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        if (down) {
          res.statusCode = 503;
          return res.end();
        }
        received.push(JSON.parse(body));
        res.end('ok');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}/sms`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('keeps messages while the sender is down and delivers them once it is back', async () => {
    const vault = env.app.vault;
    await queueMessage(env.database.db, vault, { phone: '13807961234', body: '【听诉】测试消息', regionCode: '360802' });
    const now = new Date();
    const sender = webhookSender(url);
    const first = await deliverOutbox(env.database, vault, sender, now);
    expect(first).toEqual({ sent: 0, failed: 1 });
    const [m] = await env.database.db.select().from(outbox);
    expect(m).toMatchObject({ status: 'pending', attempts: 1, lastError: 'sender answered 503', recipientHint: '138****1234' });
    expect(m.recipientEnc).not.toContain('13807961234');
    down = false;
    expect(await deliverOutbox(env.database, vault, sender, now)).toEqual({ sent: 0, failed: 0 }); // not due yet
    const later = await deliverOutbox(env.database, vault, sender, new Date(now.getTime() + 10 * 60_000));
    expect(later).toEqual({ sent: 1, failed: 0 });
    expect(received).toEqual([{ to: '13807961234', text: '【听诉】测试消息', id: m.id }]);
    expect(await deliverOutbox(env.database, vault, sender, new Date(now.getTime() + 20 * 60_000))).toEqual({ sent: 0, failed: 0 });
    received = [];
  });

  it('waits, visibly, when no sender is configured', async () => {
    await queueMessage(env.database.db, env.app.vault, { phone: '13907960000', body: '无发送通道', regionCode: '360802' });
    await deliverOutbox(env.database, env.app.vault, null, new Date(Date.now() + 3_600_000));
    const rows = await env.database.db.select().from(outbox).where(eq(outbox.body, '无发送通道'));
    expect(rows[0]).toMatchObject({ status: 'pending', lastError: 'no sender configured (TINGSU_SMS_WEBHOOK_URL)' });
  });
});
