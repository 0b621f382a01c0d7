/**
 * 小闹钟: dated items of household files and firms, listed in scope; the job reminds the person or firm
 * (SMS through the outbox) and the grid worker (notification) the configured days ahead and on the due
 * day, exactly once per item and threshold, also when an instance dies holding the job.
 */
import { randomUUID } from 'node:crypto';
import { eq, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, makeFixtureTree, makeHousehold, signIn, type Session, type TestEnv } from '../../test/helpers.js';
import { auditLog } from '../../platform/audit.tables.js';
import { JobRunner } from '../../platform/jobs.js';
import { jobs } from '../../platform/jobs.tables.js';
import { outbox } from '../notifications/notifications.tables.js';
import { enterprises } from '../enterprises/enterprises.tables.js';
import { reached, SEND_JOB, sendDueReminders } from './reminders.job.js';
import { datedItems } from './reminders.tables.js';
import { addDays, chinaToday } from './reminders.service.js';

let env: TestEnv;
let worker: Session;
let otherWorker: Session;
let staff: Session;
let otherTownship: Session;
let admin: Session;
let personId: string;
let householdId: string;
let farPersonId: string;
let firmId: string;
const NOW = new Date();
const today = chinaToday(NOW);
const day = (n: number) => new Date(NOW.getTime() + n * 86_400_000);

const smsCount = async () => (await env.database.db.select().from(outbox).where(like(outbox.body, '【小闹钟】%'))).length;

beforeAll(async () => {
  env = await createTestEnv();
  await makeFixtureTree(env.database);
  worker = (await signIn(env, ['grid_worker'], '360802004001001', { grid: '360802004001001' })).session;
  otherWorker = (await signIn(env, ['grid_worker'], '360802004001002', { grid: '360802004001002' })).session;
  staff = (await signIn(env, ['community_staff'], '360802004')).session;
  otherTownship = (await signIn(env, ['dispatcher'], '360802001')).session;
  admin = (await signIn(env, ['admin'], '')).session;
  const h = await makeHousehold(env, { gridCode: '360802004001001', members: [{ name: '李秀兰', relation: 'head', phone: '13807960001' }] });
  householdId = h.id;
  personId = h.members[0].id;
  const far = await makeHousehold(env, { gridCode: '360802001001001', members: [{ name: '张建国', relation: 'head', phone: '13807960002' }] });
  farPersonId = far.members[0].id;
  firmId = randomUUID();
  const phone = '13907960003';
  await env.database.db.insert(enterprises).values({
    id: firmId,
    regionCode: '360802004001001',
    creditCode: '91360802MA35XXXX1Y',
    name: '吉安市习溪桥食品有限公司',
    industry: 'food',
    size: 'small',
    contactName: '周',
    contactPhoneEnc: env.app.vault.encrypt(phone),
    contactPhoneIndex: env.app.vault.blindIndex('phone', phone),
    contactPhoneMasked: '139****0003',
    createdBy: 'test',
  });
});
afterAll(() => env.close());

describe('reminder kinds', () => {
  it('are data: listed, their days ahead set by an administrator (audited), checked', async () => {
    const kinds = (await staff.inject({ url: '/api/reminders/kinds' })).json();
    expect(kinds.map((k: { code: string }) => k.code)).toEqual(['dibao_review', 'elderly_allowance_check', 'disability_certificate', 'business_licence']);
    expect(kinds[0]).toMatchObject({ name: '低保复核', subject: 'person', daysBefore: [30, 7] });
    expect((await staff.inject({ method: 'PUT', url: '/api/reminders/kinds/dibao_review', payload: { daysBefore: [45, 15] } })).statusCode).toBe(403);
    const repeated = await admin.inject({ method: 'PUT', url: '/api/reminders/kinds/dibao_review', payload: { daysBefore: [15, 15] } });
    expect(repeated.statusCode).toBe(400);
    expect(repeated.json().details).toEqual([{ field: 'body.daysBefore', rule: 'unique' }]);
    expect((await admin.inject({ method: 'PUT', url: '/api/reminders/kinds/dibao_review', payload: { daysBefore: [0] } })).statusCode).toBe(400);
    expect((await admin.inject({ method: 'PUT', url: '/api/reminders/kinds/no_such_kind', payload: { daysBefore: [7] } })).statusCode).toBe(404);
    const set = await admin.inject({ method: 'PUT', url: '/api/reminders/kinds/dibao_review', payload: { daysBefore: [15, 45] } });
    expect(set.statusCode).toBe(200);
    expect(set.json().daysBefore).toEqual([45, 15]);
    const [entry] = await env.database.db.select().from(auditLog).where(eq(auditLog.action, 'reminder_kind.update'));
    expect(entry.details).toEqual({ before: [30, 7], after: [45, 15] });
  });

  it('reach their thresholds on the days ahead and the due day (pure)', () => {
    expect(reached([45, 15], 50)).toEqual([]);
    expect(reached([45, 15], 20)).toEqual([45]);
    expect(reached([45, 15], 15)).toEqual([45, 15]);
    expect(reached([45, 15], 0)).toEqual([45, 15, 0]);
    expect(reached([45, 15], -3)).toEqual([45, 15, 0]);
  });
});

let dibao: { id: string };
let licence: { id: string };

describe('dated items', () => {
  it('are recorded on a person of a household file or on a firm, in scope, with the subject checked', async () => {
    const res = await staff.inject({ method: 'POST', url: '/api/reminders', payload: { kind: 'dibao_review', personId, dueDate: addDays(today, 20), note: '年度复核' } });
    expect(res.statusCode).toBe(201);
    dibao = res.json();
    expect(res.json()).toMatchObject({ kind: 'dibao_review', kindName: '低保复核', subject: 'person', householdId, regionCode: '360802004001001', daysLeft: 20, sent: [] });
    // The name is masked; the phone never appears.
    expect(res.json().subjectName).toContain('李*');
    expect(res.body).not.toContain('李秀兰');
    expect(res.body).not.toContain('13807960001');
    const lic = await worker.inject({ method: 'POST', url: '/api/reminders', payload: { kind: 'business_licence', enterpriseId: firmId, dueDate: addDays(today, -3) } });
    expect(lic.statusCode).toBe(201);
    licence = lic.json();
    expect(lic.json()).toMatchObject({ subject: 'enterprise', subjectName: '吉安市习溪桥食品有限公司', daysLeft: -3 });

    const wrong = await staff.inject({ method: 'POST', url: '/api/reminders', payload: { kind: 'dibao_review', enterpriseId: firmId, dueDate: addDays(today, 5) } });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json()).toMatchObject({ error: 'reminder_subject_mismatch', details: [{ field: 'body.personId', rule: 'subject' }] });
    expect((await staff.inject({ method: 'POST', url: '/api/reminders', payload: { kind: 'dibao_review', personId, dueDate: '2026-02-30x' } })).statusCode).toBe(400);
    expect((await staff.inject({ method: 'POST', url: '/api/reminders', payload: { kind: 'unknown_kind', personId, dueDate: addDays(today, 5) } })).statusCode).toBe(400);
    // A person of another township does not exist for this staff member (404); a leader cannot record.
    expect((await staff.inject({ method: 'POST', url: '/api/reminders', payload: { kind: 'dibao_review', personId: farPersonId, dueDate: addDays(today, 5) } })).statusCode).toBe(404);
    expect((await otherWorker.inject({ method: 'POST', url: '/api/reminders', payload: { kind: 'dibao_review', personId, dueDate: addDays(today, 5) } })).statusCode).toBe(404);
    const { session: leader } = await signIn(env, ['leader'], '360802');
    expect((await leader.inject({ method: 'POST', url: '/api/reminders', payload: { kind: 'dibao_review', personId, dueDate: addDays(today, 5) } })).statusCode).toBe(403);
  });

  it('are listed upcoming or overdue in the caller’s scope, filtered; another grid or township sees none', async () => {
    const ids = async (s: Session, q: string) => (await s.inject({ url: `/api/reminders?${q}` })).json().items.map((i: { id: string }) => i.id);
    expect(await ids(worker, 'status=upcoming')).toEqual([dibao.id]);
    expect(await ids(worker, 'status=overdue')).toEqual([licence.id]);
    expect(await ids(staff, 'status=all')).toEqual([licence.id, dibao.id]);
    expect(await ids(staff, 'status=upcoming&withinDays=10')).toEqual([]);
    expect(await ids(staff, `status=all&householdId=${householdId}`)).toEqual([dibao.id]);
    expect(await ids(staff, 'status=all&kind=business_licence')).toEqual([licence.id]);
    expect(await ids(otherWorker, 'status=all')).toEqual([]);
    expect(await ids(otherTownship, 'status=all')).toEqual([]);
    expect((await otherTownship.inject({ method: 'DELETE', url: `/api/reminders/${dibao.id}` })).statusCode).toBe(404);
  });
});

describe('the reminders job', () => {
  it('on a firm’s page: the firm’s items listed for it; another county’s firm does not exist for the caller (404)', async () => {
    const farFirm = randomUUID();
    await env.database.db.insert(enterprises).values({
      id: farFirm,
      regionCode: '360803001001',
      creditCode: '91360803MA35XXXX2Z',
      name: '吉安市青原区某商贸有限公司',
      industry: 'retail',
      size: 'small',
      createdBy: 'test',
    });
    const renewal = await staff.inject({ method: 'POST', url: '/api/reminders', payload: { kind: 'business_licence', enterpriseId: firmId, dueDate: addDays(today, 40), note: '食品经营许可证' } });
    expect(renewal.statusCode, renewal.body).toBe(201);
    const listed = (await staff.inject({ url: `/api/reminders?status=all&enterpriseId=${firmId}` })).json();
    expect(listed.items.map((i: { id: string; dueDate: string }) => [i.id, i.dueDate])).toEqual([
      [licence.id, addDays(today, -3)],
      [renewal.json().id, addDays(today, 40)],
    ]);
    expect(listed.items.every((i: { enterpriseId: string }) => i.enterpriseId === firmId)).toBe(true);
    const { session: countyDispatcher } = await signIn(env, ['dispatcher'], '360802');
    const far = await countyDispatcher.inject({ method: 'POST', url: '/api/reminders', payload: { kind: 'business_licence', enterpriseId: farFirm, dueDate: addDays(today, 30) } });
    expect(far.statusCode, far.body).toBe(404);
    // Recorded by that county, its firm's item stays out of this county's lists.
    const { session: farDispatcher } = await signIn(env, ['dispatcher'], '360803');
    const theirs = await farDispatcher.inject({ method: 'POST', url: '/api/reminders', payload: { kind: 'business_licence', enterpriseId: farFirm, dueDate: addDays(today, 30) } });
    expect(theirs.statusCode, theirs.body).toBe(201);
    expect((await countyDispatcher.inject({ url: `/api/reminders?status=all&enterpriseId=${farFirm}` })).json().items).toEqual([]);
    expect((await countyDispatcher.inject({ method: 'DELETE', url: `/api/reminders/${theirs.json().id}` })).statusCode).toBe(404);
    expect((await env.database.db.delete(datedItems).where(eq(datedItems.id, theirs.json().id)).returning()).length).toBe(1);
    expect((await staff.inject({ method: 'DELETE', url: `/api/reminders/${renewal.json().id}` })).statusCode).toBeLessThan(300);
  });

  it('reminds each item once per threshold: the person or firm by SMS, the grid worker on the workbench', async () => {
    const first = await sendDueReminders(env.database, env.app.vault, NOW);
    // 低保复核 20 days ahead reaches 45 (not 15): one reminder; the licence 3 days overdue: one, not four.
    expect(first).toEqual({ items: 2, sms: 2, notified: 2 });
    const sms = await env.database.db.select().from(outbox).where(like(outbox.body, '【小闹钟】%'));
    expect(sms.map((m) => m.recipientHint).sort()).toEqual(['138****0001', '139****0003']);
    expect(sms.find((m) => m.recipientHint === '138****0001')!.body).toBe(`【小闹钟】您的低保复核将于 ${addDays(today, 20)} 到期（还有 20 天），请及时办理。`);
    expect(sms.every((m) => !m.body.includes('李秀兰'))).toBe(true);
    const notes = (await worker.inject({ url: '/api/notifications?pageSize=50' })).json().items.filter((n: { kind: string }) => n.kind === 'reminder.due');
    expect(notes).toHaveLength(2);
    expect(notes.some((n: { title: string }) => n.title.startsWith('小闹钟：李*'))).toBe(true);
    expect(JSON.stringify(notes)).not.toContain('李秀兰');
    expect((await otherWorker.inject({ url: '/api/notifications?pageSize=50' })).json().items).toHaveLength(0);

    // Running again the same day sends nothing.
    expect(await sendDueReminders(env.database, env.app.vault, NOW)).toEqual({ items: 0, sms: 0, notified: 0 });
    expect(await smsCount()).toBe(2);
    // Six days on, 14 days ahead: the 15-day threshold, once.
    expect((await sendDueReminders(env.database, env.app.vault, day(6))).items).toBe(1);
    expect(await sendDueReminders(env.database, env.app.vault, day(6))).toMatchObject({ items: 0 });
    expect(await smsCount()).toBe(3);
    const listed = (await staff.inject({ url: `/api/reminders?status=all&householdId=${householdId}` })).json().items[0];
    expect(listed.sent).toEqual([45, 15]);
  });

  it('is sent by another instance when the one holding the job died before sending, and only once', async () => {
    const res = await staff.inject({ method: 'POST', url: '/api/reminders', payload: { kind: 'elderly_allowance_check', personId, dueDate: addDays(today, 5) } });
    expect(res.statusCode).toBe(201);
    const before = await smsCount();
    // An instance claimed the run and died: the row stays 'running' under its lease, which then lapses.
    await env.database.db
      .insert(jobs)
      .values({ kind: SEND_JOB, key: `recurring:${SEND_JOB}`, payload: {}, status: 'running', lockedBy: 'dead-instance:1:token', lockedUntil: new Date(NOW.getTime() - 1000), runAt: new Date(NOW.getTime() - 60_000), attempts: 1 });
    const handler = { [SEND_JOB]: async (_p: Record<string, unknown>, ctx: { now: Date; signal: AbortSignal }) => void (await sendDueReminders(env.database, env.app.vault, ctx.now, { signal: ctx.signal })) };
    const runner = new JobRunner(env.database, handler, [{ kind: SEND_JOB, everyMs: 3_600_000 }], { leaseMs: 60_000 });
    // While the dead instance's lease holds nobody takes it; once it lapsed, this instance does.
    expect(await runner.tick(new Date(NOW.getTime() - 5000))).toBe(0);
    expect(await runner.tick(NOW)).toBe(1);
    expect(await smsCount()).toBe(before + 1);
    // The next run (an hour on) and a second instance racing it add nothing.
    const other = new JobRunner(env.database, handler, [{ kind: SEND_JOB, everyMs: 3_600_000 }], { leaseMs: 60_000 });
    await Promise.all([runner.tick(new Date(NOW.getTime() + 3_700_000)), other.tick(new Date(NOW.getTime() + 3_700_000))]);
    expect(await smsCount()).toBe(before + 1);
    const [job] = await env.database.db.select().from(jobs).where(eq(jobs.key, `recurring:${SEND_JOB}`));
    expect(job.payload).toEqual({});
  });
});
