/**
 * kill -9 in the middle of each background job: the outbox sending to a slow gateway, the deadline
 * scan, and a household import. Another instance (on PGlite, the same server started again: one
 * process owns a data directory) finishes the work exactly once, and the dead instance's claims
 * lapse within the lease configured for the run (TINGSU_JOB_LEASE_MS).
 */
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { appealBody, Scope, waitFor, type Client, type TestDatabase, type TingsuServer } from './harness.js';
import { messageLeaseMs } from '../jobs.js';

const scope = new Scope();
afterAll(() => scope.close());

const LEASE_MS = 3_000;
/**
 * The outbox scenario's gateway holds a message 3 s, inside this timeout, so the send is still waiting
 * when the kill comes; a message's lease is 2 × timeout + 5 s (14 s), which the successor waits out.
 */
const SMS_TIMEOUT_MS = 4_500;
/** Clock differences between this process, the servers and the database, and a commit's time. */
const SLACK_MS = 2_000;
// The outbox is looked at every second (30 s by default): the successor then sends the killed instance's
// message as soon as its lease lapses instead of at its next half-minute.
const JOBS = { TINGSU_JOBS: 'true', TINGSU_JOB_LEASE_MS: String(LEASE_MS), TINGSU_JOB_POLL_MS: '200', TINGSU_OUTBOX_EVERY_MS: '1000' };
/** Each scenario starts servers three or four times; a busy two-core machine needs a while for each. */
const SCENARIO_MS = 420_000;
const READY_MS = 180_000;

/** Another instance on the database: a second server on PostgreSQL, the same one restarted on PGlite. */
async function successor(db: TestDatabase, dead: TingsuServer, env: Record<string, string>): Promise<TingsuServer> {
  if (db.kind === 'pglite') {
    await dead.start();
    return dead;
  }
  return scope.server(db, { env, readyTimeoutMs: READY_MS });
}

async function dispatchedAppeals(as: Client, orgId: string, n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    let a = (await as.post('/api/appeals', appealBody(i))).body as { id: string; version: number };
    for (const [action, body] of [['accept', {}], ['dispatch', { leadOrgId: orgId }]] as const) {
      const r = await as.post(`/api/appeals/${a.id}/actions/${action}`, { version: a.version, ...body });
      if (r.status !== 200) throw new Error(`${action}: ${r.status} ${JSON.stringify(r.body)}`);
      a = r.body as typeof a;
    }
    ids.push(a.id);
  }
  return ids;
}

describe('kill -9 in the middle of a job', () => {
  it('outbox: the message in flight at the kill is sent again by the next instance, every message once', async () => {
    const { db, world } = await scope.seeded();
    const gateway = await scope.smsGateway();
    gateway.setDelay(3_000);
    const env = { ...JOBS, TINGSU_SMS_WEBHOOK_URL: gateway.url, TINGSU_SMS_TIMEOUT_MS: String(SMS_TIMEOUT_MS) };
    const server = await scope.server(db, { env, readyTimeoutMs: READY_MS });
    const as = await server.signIn(world.dispatcher);
    for (let i = 0; i < 4; i++) expect((await as.post('/api/appeals', appealBody(i))).status).toBe(201);
    // The gateway holds the first message: kill the instance while it waits.
    await waitFor('the gateway to hold a message', () => gateway.inFlight > 0, 60_000, 20);
    const killedAt = Date.now();
    await server.kill9();
    const [claim] = await db.query<{ lease_until: Date }>(`select lease_until from outbox where claimed_by is not null`);
    const [job] = await db.query<{ locked_until: Date }>(`select locked_until from jobs where key = 'recurring:outbox.deliver' and status = 'running'`);
    expect(new Date(claim.lease_until).getTime()).toBeLessThanOrEqual(killedAt + messageLeaseMs(SMS_TIMEOUT_MS) + SLACK_MS);
    if (job) expect(new Date(job.locked_until).getTime()).toBeLessThanOrEqual(killedAt + LEASE_MS + SLACK_MS);

    gateway.setDelay(0);
    const next = await successor(db, server, env);
    const admin = await next.signIn(world.admin);
    await waitFor('every message sent', async () => ((await admin.get('/api/outbox?status=pending')).body.total as number) === 0, 90_000, 250);
    await next.stop();
    const rows = await db.query<{ id: string; status: string }>(`select id::text, status from outbox order by id`);
    expect(rows.map((r) => r.status)).toEqual(rows.map(() => 'sent'));
    expect(rows.map((r) => gateway.counts().get(r.id) ?? 0)).toEqual(rows.map(() => 1));
    expect(gateway.deliveries.every((d) => d.idempotencyKey === d.id)).toBe(true);
  }, SCENARIO_MS);

  it('deadlines: no appeal is flagged without its escalation, and the next instance escalates the rest once', async () => {
    const { db, world } = await scope.seeded();
    const setup = await scope.server(db, { readyTimeoutMs: READY_MS });
    const ids = await dispatchedAppeals(await setup.signIn(world.dispatcher), world.orgs.urban, 12);
    await setup.stop();
    await db.query(`update appeals set handling_due_at = now() - interval '1 hour', warn_at = now() - interval '2 hours' where id = any($1::uuid[])`, [ids]);

    const server = await scope.server(db, { env: JOBS, readyTimeoutMs: READY_MS });
    const as = await server.signIn(world.dispatcher);
    const overdueNotices = async (s: Client) => ((await s.get('/api/notifications?pageSize=200')).body.items as { kind: string }[]).filter((n) => n.kind === 'appeal.overdue').length;
    await waitFor('the first escalation', async () => (await overdueNotices(as)) > 0, 60_000, 20);
    const killedAt = Date.now();
    await server.kill9();
    const flagged = await db.query<{ id: string; events: number; notices: number }>(
      `select a.id::text,
         (select count(*)::int from appeal_events e where e.appeal_id = a.id and e.type = 'overdue') as events,
         (select count(*)::int from notifications n where n.appeal_id = a.id and n.kind = 'appeal.overdue') as notices
       from appeals a where a.overdue_notified`,
    );
    expect(flagged.filter((f) => f.events !== 1 || f.notices === 0), 'flagged without escalation').toEqual([]);
    const [job] = await db.query<{ locked_until: Date }>(`select locked_until from jobs where key = 'recurring:appeals.deadlines' and status = 'running'`);
    if (job) expect(new Date(job.locked_until).getTime()).toBeLessThanOrEqual(killedAt + LEASE_MS + SLACK_MS);

    const next = await successor(db, server, JOBS);
    const again = await next.signIn(world.dispatcher);
    await waitFor('every appeal escalated', async () => (await overdueNotices(again)) >= ids.length, 90_000, 250);
    await next.stop();
    const events = await db.query<{ n: number }>(`select (select count(*)::int from appeal_events e where e.appeal_id = a.id and e.type = 'overdue') as n from appeals a where a.id = any($1::uuid[])`, [ids]);
    expect(events.map((e) => e.n)).toEqual(ids.map(() => 1));
  }, SCENARIO_MS);

  it('import: an import killed while writing is run again by the next instance, and creates nothing twice', async () => {
    const { db, world } = await scope.seeded();
    const HOUSES = 6000;
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('户籍台账');
    ws.addRow(['网格代码*', '村民小组', '门牌号', '姓名*', '与户主关系*']);
    for (let i = 1; i <= HOUSES; i++) ws.addRow(['360802004002001', '第九村民小组', String(i), `住户${i}`, '户主']);
    const file = Buffer.from(await wb.xlsx.writeBuffer());

    const server = await scope.server(db, { env: JOBS, readyTimeoutMs: READY_MS });
    const as = await server.signIn(world.admin);
    const form = new FormData();
    form.append('mode', 'valid_rows');
    form.append('file', new Blob([file]), '台账.xlsx');
    const res = await server.fetch('/api/households/imports', { method: 'POST', body: form, headers: { cookie: as.cookie, 'x-csrf-token': as.csrfToken } });
    expect(res.status).toBe(202);
    const { id } = (await res.json()) as { id: string };
    const progress = async (s: Client) => (await s.get(`/api/households/imports/${id}`)).body as { status: string; done: number };
    await waitFor('the import to write its first households', async () => {
      const p = await progress(as);
      if (p.status === 'done') throw new Error('the import finished before the kill');
      return p.status === 'writing' && p.done > 0;
    }, 120_000, 20);
    const killedAt = Date.now();
    await server.kill9();
    const [job] = await db.query<{ locked_until: Date; status: string }>(`select locked_until, status from jobs where key = $1`, [`import:${id}`]);
    expect(job.status).toBe('running');
    expect(new Date(job.locked_until).getTime()).toBeLessThanOrEqual(killedAt + LEASE_MS + SLACK_MS);
    const [written] = await db.query<{ n: number }>(`select count(*)::int as n from households where grid_code = '360802004002001'`);
    expect(written.n).toBeGreaterThan(0);
    expect(written.n).toBeLessThan(HOUSES);

    const next = await successor(db, server, JOBS);
    const again = await next.signIn(world.admin);
    await waitFor('the import to finish', async () => (await progress(again)).status === 'done', 120_000, 250);
    await next.stop();
    const [after] = await db.query<{ households: number; people: number; files: number }>(
      `select (select count(*)::int from households where grid_code = '360802004002001') as households,
              (select count(*)::int from people p join households h on h.id = p.household_id where h.grid_code = '360802004002001') as people,
              (select count(*)::int from job_files) as files`,
    );
    expect(after).toEqual({ households: HOUSES, people: HOUSES, files: 0 });
  }, SCENARIO_MS);
});
