import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { enqueue, JobRunner } from './jobs.js';
import { jobs } from './jobs.tables.js';
import { openDatabase, type Database } from './db.js';
import { createTestEnv, type TestEnv } from '../test/helpers.js';
import { fakeGateway, waitFor, type FakeGateway } from '../test/gateway.js';
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


describe('leases and lanes', () => {
  const gate = () => {
    let open!: () => void;
    const p = new Promise<void>((r) => (open = r));
    return { p, open };
  };
  const jobRow = async (key: string) => (await env.database.db.select().from(jobs).where(eq(jobs.key, key)))[0];

  it('renews a running job\'s lease, so no other instance takes it while it runs', async () => {
    const second: Database = env.database.kind === 'postgres' ? await openDatabase(env.config) : env.database;
    const g = gate();
    let started = false;
    let ranOnB = 0;
    const a = new JobRunner(env.database, { long: async () => ((started = true), await g.p) }, [], { leaseMs: 300 });
    const b = new JobRunner(second, { long: async () => void ranOnB++ }, [], { leaseMs: 300 });
    await enqueue(env.database.db, { kind: 'long', key: 'lease-renewed', runAt: new Date(Date.now() - 1000) });
    const running = a.tick();
    await waitFor(() => started, 'the job to start');
    const first = (await jobRow('lease-renewed')).lockedUntil!;
    await waitFor(async () => (await jobRow('lease-renewed')).lockedUntil!.getTime() > first.getTime(), 'the lease to be renewed');
    // Past the first lease, the renewed one still holds.
    expect(await b.tick(new Date(first.getTime() + 1))).toBe(0);
    g.open();
    await running;
    expect(ranOnB).toBe(0);
    expect(await jobRow('lease-renewed')).toMatchObject({ status: 'done', lockedBy: null });
    if (second !== env.database) await second.close();
  });

  it('tells a runner that lost its lease, and keeps its late outcome from overwriting the new owner\'s', async () => {
    const second: Database = env.database.kind === 'postgres' ? await openDatabase(env.config) : env.database;
    const g = gate();
    let started = false;
    let toldLost = false;
    const a = new JobRunner(
      env.database,
      {
        stalls: async (_p, { signal }) => {
          started = true;
          signal.addEventListener('abort', () => (toldLost = true));
          await g.p;
          if (signal.aborted) throw new Error('gave up: lease lost');
        },
      },
      [],
      { leaseMs: 300 },
    );
    const b = new JobRunner(second, { stalls: async () => {} }, []);
    await enqueue(env.database.db, { kind: 'stalls', key: 'lease-lost', runAt: new Date(Date.now() - 1000) });
    const running = a.tick();
    await waitFor(() => started, 'the job to start');
    // A stalls; B's clock is two minutes on, past any lease A renewed: B takes the job and finishes it.
    expect(await b.tick(new Date(Date.now() + 120_000))).toBe(1);
    await waitFor(() => toldLost, 'the first runner to learn its lease is gone');
    g.open();
    await running;
    expect(await jobRow('lease-lost')).toMatchObject({ status: 'done', lastError: null, lockedBy: null, attempts: 2 });
    if (second !== env.database) await second.close();
  });

  it('runs each kind in its own lane: a slow kind does not hold back another', async () => {
    const g = gate();
    let slowStarted = false;
    let fastRan = false;
    const runner = new JobRunner(env.database, { slowkind: async () => ((slowStarted = true), await g.p), fastkind: async () => void (fastRan = true) }, []);
    await enqueue(env.database.db, { kind: 'slowkind', runAt: new Date(Date.now() - 2000) });
    await enqueue(env.database.db, { kind: 'fastkind', runAt: new Date(Date.now() - 1000) });
    const running = runner.tick();
    await waitFor(() => fastRan, 'the fast kind to run');
    expect(slowStarted).toBe(true);
    g.open();
    expect(await running).toBe(2);
  });
});

describe('outbox', () => {
  let gw: FakeGateway;
  beforeAll(async () => {
    gw = await fakeGateway();
  });
  afterAll(() => gw.close());
  const messages = () => env.database.db.select().from(outbox).orderBy(outbox.id);

  it('keeps messages while the sender is down and delivers them once it is back', async () => {
    const vault = env.app.vault;
    await queueMessage(env.database.db, vault, { phone: '13807961234', body: '【听诉】测试消息', regionCode: '360802' });
    const now = new Date();
    const sender = webhookSender(gw.url);
    gw.status = 503;
    const first = await deliverOutbox(env.database, vault, sender, now);
    expect(first).toEqual({ sent: 0, failed: 1 });
    const [m] = await env.database.db.select().from(outbox);
    expect(m).toMatchObject({ status: 'pending', attempts: 1, lastError: 'sender answered 503', recipientHint: '138****1234' });
    expect(m.recipientEnc).not.toContain('13807961234');
    gw.status = 200;
    expect(await deliverOutbox(env.database, vault, sender, now)).toEqual({ sent: 0, failed: 0 }); // not due yet
    const later = await deliverOutbox(env.database, vault, sender, new Date(now.getTime() + 10 * 60_000));
    expect(later).toEqual({ sent: 1, failed: 0 });
    expect(gw.requests.slice(1)).toEqual([{ to: '13807961234', text: '【听诉】测试消息', id: m.id, key: String(m.id) }]);
    expect(await deliverOutbox(env.database, vault, sender, new Date(now.getTime() + 20 * 60_000))).toEqual({ sent: 0, failed: 0 });
    gw.requests = [];
  });

  it('waits, visibly, when no sender is configured', async () => {
    await queueMessage(env.database.db, env.app.vault, { phone: '13907960000', body: '无发送通道', regionCode: '360802' });
    await queueMessage(env.database.db, env.app.vault, { phone: '13907960001', body: '无发送通道', regionCode: '360802' });
    // Said once, not once per message and attempt.
    const warnings: string[] = [];
    const log = { info() {}, warn: (_o: unknown, msg: string) => warnings.push(msg) } as unknown as Parameters<typeof deliverOutbox>[4];
    await deliverOutbox(env.database, env.app.vault, null, new Date(Date.now() + 3_600_000), log);
    await deliverOutbox(env.database, env.app.vault, null, new Date(Date.now() + 30 * 3_600_000), log);
    const rows = await env.database.db.select().from(outbox).where(eq(outbox.body, '无发送通道'));
    expect(rows).toHaveLength(2);
    for (const r of rows) expect(r).toMatchObject({ status: 'pending', attempts: 2, lastError: 'no sender configured (TINGSU_SMS_WEBHOOK_URL)' });
    expect(warnings).toEqual([expect.stringContaining('no SMS gateway is configured')]);
  });

  it('gives up on a gateway that does not answer within the timeout, and keeps the message', async () => {
    await env.database.query(`update outbox set status = 'sent' where status = 'pending'`);
    await queueMessage(env.database.db, env.app.vault, { phone: '13807965555', body: '超时测试', regionCode: '360802' });
    gw.hold(true);
    const r = await deliverOutbox(env.database, env.app.vault, webhookSender(gw.url, { timeoutMs: 300 }), new Date(Date.now() + 1000));
    gw.hold(false);
    gw.release();
    expect(r).toEqual({ sent: 0, failed: 1 });
    const m = (await messages()).at(-1)!;
    expect(m).toMatchObject({ status: 'pending', attempts: 1, lastError: 'sender did not answer within 300 ms', claimedBy: null });
    expect(gw.requests.at(-1)).toMatchObject({ id: m.id, key: String(m.id) });
  });

  it('keeps phone numbers out of the stored error', async () => {
    await env.database.query(`update outbox set status = 'sent' where status = 'pending'`);
    await queueMessage(env.database.db, env.app.vault, { phone: '13807966666', body: '错误文本测试', regionCode: '360802' });
    const sender = async (to: string) => {
      throw new Error(`gateway refused ${to} (number +86 138-0796-6666 blocked)`);
    };
    expect(await deliverOutbox(env.database, env.app.vault, sender, new Date(Date.now() + 1000))).toEqual({ sent: 0, failed: 1 });
    const m = (await messages()).at(-1)!;
    expect(m.lastError).toMatch(/^gateway refused/);
    expect(m.lastError).not.toMatch(/6666|0796|138/);
  });

  it('marks each message sent in its own commit before sending the next', async () => {
    await env.database.query(`update outbox set status = 'sent' where status = 'pending'`);
    for (const n of [1, 2, 3]) await queueMessage(env.database.db, env.app.vault, { phone: `1380796700${n}`, body: `逐条 ${n}`, regionCode: '360802' });
    const seen: string[][] = [];
    const sender = async (_to: string, _text: string, id: number) => {
      const before = await env.database.query<{ status: string }>(`select status from outbox where body like '逐条%' and id < $1 order by id`, [id]);
      seen.push(before.map((b) => b.status));
    };
    expect(await deliverOutbox(env.database, env.app.vault, sender, new Date(Date.now() + 1000))).toEqual({ sent: 3, failed: 0 });
    expect(seen).toEqual([[], ['sent'], ['sent', 'sent']]);
  });
});
