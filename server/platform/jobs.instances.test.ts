/**
 * Two instances' job runners on one database (on PostgreSQL two pools, as two processes have; PGlite
 * has one connection) and a slow SMS gateway: every message is delivered once, every overdue appeal
 * escalated once, and the deadline checks run while the outbox waits on the gateway.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJobRunner } from '../jobs.js';
import { openDatabase, type Database } from './db.js';
import type { JobRunner } from './jobs.js';
import { createTestEnv, type TestEnv } from '../test/helpers.js';
import { makeAppealWorld, type AppealWorld } from '../test/appeal-world.js';
import { fakeGateway, waitFor, type FakeGateway } from '../test/gateway.js';
import { eventCounts, overdueAppeals } from '../test/overdue.js';
import { queueMessage } from '../modules/notifications/notifications.service.js';

let env: TestEnv;
let w: AppealWorld;
let gw: FakeGateway;
let second: Database;
let a: JobRunner;
let b: JobRunner;

beforeAll(async () => {
  gw = await fakeGateway();
  env = await createTestEnv({ smsWebhookUrl: gw.url, smsTimeoutMs: 60_000 });
  w = await makeAppealWorld(env);
  second = env.database.kind === 'postgres' ? await openDatabase(env.config) : env.database;
  a = createJobRunner(env.app);
  b = createJobRunner({ database: second, vault: env.app.vault, config: env.config, log: env.app.log } as unknown as FastifyInstance);
  await a.schedule();
});
afterAll(async () => {
  await gw.close();
  if (second !== env.database) await second.close();
  await env.close();
});

const pendingIds = async () => (await env.database.query<{ id: string }>(`select id from outbox where status = 'pending' order by id`)).map((r) => Number(r.id));
const minutes = (now: Date, n: number) => new Date(now.getTime() + n * 60_000);
/** Makes the recurring job of `kind` due at `at`, ahead of the others. */
const dueAt = (kind: string, at: Date) => env.database.query(`update jobs set run_at = $2, status = 'pending', locked_by = null where key = $1`, [`recurring:${kind}`, at]);

describe('two instances, one database, a slow gateway', () => {
  it('delivers every message once and escalates every overdue appeal once, even when job leases lapse', async () => {
    for (let i = 0; i < 12; i++) await queueMessage(env.database.db, env.app.vault, { phone: `138079670${String(i).padStart(2, '0')}`, body: `消息 ${i}`, regionCode: '360802' });
    const appeals = await overdueAppeals(env.database, w, 4);
    const ids = await pendingIds();
    gw.hold(true);
    const now = new Date(Date.now() + 1000);
    // A starts on the batch; B, whose clock is past any job lease A holds, takes the jobs over meanwhile.
    const first = a.tick(now);
    await waitFor(() => gw.held() > 0, 'the gateway to hold a request');
    const takeover = b.tick(minutes(now, 6));
    gw.hold(false);
    gw.release();
    await Promise.all([first, takeover]);
    for (let round = 1; round < 20 && (await pendingIds()).length; round++) await Promise.all([a.tick(minutes(now, 10 * round)), b.tick(minutes(now, 10 * round + 6))]);
    expect(await pendingIds()).toEqual([]);
    expect(ids.map((id) => gw.count(id))).toEqual(ids.map(() => 1));
    expect(gw.requests.every((r) => r.key === String(r.id))).toBe(true);
    expect(await eventCounts(env.database, appeals, 'overdue')).toEqual([1, 1, 1, 1]);
  });

  it('runs the deadline checks while the outbox waits on the gateway', async () => {
    await queueMessage(env.database.db, env.app.vault, { phone: '13807968888', body: '卡住的消息', regionCode: '360802' });
    const [appeal] = await overdueAppeals(env.database, w, 1);
    const now = new Date(Date.now() + 24 * 3600_000);
    await dueAt('outbox.deliver', minutes(now, -2));
    await dueAt('appeals.deadlines', minutes(now, -1));
    gw.hold(true);
    const run = a.tick(now);
    await waitFor(() => gw.held() > 0, 'the gateway to hold a request');
    await waitFor(async () => (await eventCounts(env.database, [appeal], 'overdue'))[0] === 1, 'the overdue event');
    // The gateway still holds the outbox's request.
    expect(gw.held()).toBe(1);
    gw.hold(false);
    gw.release();
    await run;
    expect(await pendingIds()).toEqual([]);
  });

  it('does not deliver a message twice when its first sender finishes after its job lease lapsed', async () => {
    await queueMessage(env.database.db, env.app.vault, { phone: '13807969999', body: '迟到的回答', regionCode: '360802' });
    const [id] = await pendingIds();
    const now = new Date(Date.now() + 48 * 3600_000);
    await dueAt('outbox.deliver', now);
    gw.hold(true);
    const late = a.tick(now);
    await waitFor(() => gw.held() > 0, 'the gateway to hold a request');
    // Ten minutes on by B's clock A's job lease has lapsed: B takes the outbox job, the message stays A's.
    let settled = false;
    const takeover = b.tick(minutes(now, 10)).finally(() => (settled = true));
    await waitFor(() => settled || gw.count(id) > 1, 'the takeover to finish');
    expect(gw.count(id)).toBe(1);
    gw.hold(false);
    gw.release();
    await Promise.all([late, takeover]);
    expect(gw.count(id)).toBe(1);
    expect(await pendingIds()).toEqual([]);
    // The late runner recorded nothing over the new owner's schedule.
    const [job] = await env.database.query<{ run_at: Date; status: string }>(`select run_at, status from jobs where key = 'recurring:outbox.deliver'`);
    expect(job.status).toBe('pending');
    expect(new Date(job.run_at).getTime()).toBe(minutes(now, 10).getTime() + 30_000);
  });
});
