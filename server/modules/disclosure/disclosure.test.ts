import { count } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, makeFixtureTree, signIn, type Session, type TestEnv } from '../../test/helpers.js';
import type { WorkCalendar } from '../calendar/calendar.time.js';
import { disclosureRequests } from './disclosure.tables.js';
import { addWorkingDays, decide, received, workingDaysBetween } from './disclosure.workflow.js';

/** National Day 2026: 1–7 October off (Thursday to Wednesday); no make-up days, to keep the sums plain. */
const cal: WorkCalendar = {
  holidays: new Set(['2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04', '2026-10-05', '2026-10-06', '2026-10-07']),
  workdays: new Set(),
  periods: [
    [510, 720],
    [840, 1050],
  ],
};

const code = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return (e as { code: string }).code;
  }
  return 'no error';
};

describe('the statutory clock (working days, China dates)', () => {
  it('runs 20 working days across a holiday, restarts after the one 补正, skips consulting, adds the extension', () => {
    // Received Wednesday 23 September: 24, 25, 28, 29, 30 Sep, then 8 Oct onwards (1–7 Oct off) → 28 Oct.
    let s = received(cal, '2026-09-23');
    expect(s.dueOn).toBe('2026-10-28');
    // 补正 within 7 working days of receipt: the 7th is Friday 9 October; Monday 12th is too late.
    expect(addWorkingDays(cal, '2026-09-23', 7)).toBe('2026-10-09');
    expect(code(() => decide(cal, s, 'request_correction', {}, '2026-10-12'))).toBe('disclosure_correction_too_late');
    s = decide(cal, s, 'request_correction', { notice: '请写明所需信息的名称' }, '2026-09-25').state;
    expect(s.status).toBe('awaiting_correction');
    expect(code(() => decide(cal, s, 'answer', { outcome: 'disclosed' }, '2026-09-28'))).toBe('disclosure_not_open');
    // The correction arrives Friday 9 October: 20 working days from then → Friday 6 November.
    s = decide(cal, s, 'receive_correction', {}, '2026-10-09').state;
    expect(s).toMatchObject({ status: 'open', clockFrom: '2026-10-09', dueOn: '2026-11-06' });
    expect(code(() => decide(cal, s, 'request_correction', {}, '2026-10-12'))).toBe('disclosure_correction_used');
    expect(code(() => decide(cal, s, 'receive_correction', {}, '2026-10-12'))).toBe('disclosure_no_correction_pending');
    // Consulting a third party from Wednesday 14 to Friday 16 October: 15 and 16 do not count → 10 November.
    s = decide(cal, s, 'start_consult', {}, '2026-10-14').state;
    expect(code(() => decide(cal, s, 'answer', { outcome: 'disclosed' }, '2026-10-15'))).toBe('disclosure_not_open');
    s = decide(cal, s, 'end_consult', {}, '2026-10-16').state;
    expect(s).toMatchObject({ status: 'open', pausedDays: 2, dueOn: '2026-11-10' });
    // The office head extends by 5 working days, with the notice → 17 November; only once.
    expect(code(() => decide(cal, s, 'extend', { days: 5 }, '2026-10-19'))).toBe('disclosure_notice_required');
    s = decide(cal, s, 'extend', { days: 5, notice: '因需协调多个部门，延期 5 个工作日' }, '2026-10-19').state;
    expect(s.dueOn).toBe('2026-11-17');
    expect(code(() => decide(cal, s, 'extend', { days: 5, notice: 'x' }, '2026-10-20'))).toBe('disclosure_already_extended');
    // Answered Wednesday 21 October: 8 working days after the correction, 2 of them consulting → 6.
    expect(code(() => decide(cal, s, 'answer', { outcome: 'not_disclosed' }, '2026-10-21'))).toBe('disclosure_reason_required');
    const done = decide(cal, s, 'answer', { outcome: 'partly_disclosed', reason: '部分涉及个人隐私' }, '2026-10-21');
    expect(done).toMatchObject({ state: { status: 'answered' }, answeredOn: '2026-10-21', workingDays: 6 });
    expect(workingDaysBetween(cal, '2026-09-30', '2026-10-08')).toBe(1);
  });
});

let env: TestEnv;
let staff: Session;
let leader: Session;
let neighbour: Session;
beforeAll(async () => {
  env = await createTestEnv();
  await makeFixtureTree(env.database);
  staff = (await signIn(env, ['dispatcher'], '360802004')).session;
  leader = (await signIn(env, ['leader'], '360802')).session;
  neighbour = (await signIn(env, ['dispatcher'], '360802001')).session;
});
afterAll(() => env.close());

const body = { regionCode: '360802004', applicantKind: 'resident', applicantName: '王秀英', phone: '13807961234', subject: '申请公开本街道2025年老旧小区改造项目的资金使用情况' };
const rows = async () => Number((await env.database.db.select({ n: count() }).from(disclosureRequests))[0].n);

describe('/api/disclosure', () => {
  it('registers a request with its clock, the name masked and kept encrypted', async () => {
    const res = await staff.inject({ method: 'POST', url: '/api/disclosure', payload: body });
    expect(res.statusCode).toBe(201);
    const r = res.json();
    expect(r).toMatchObject({ status: 'open', applicantName: '王**', correctionUsed: false, extensionDays: 0 });
    expect(r.dueOn > r.receivedOn).toBe(true);
    expect(r.actions).toEqual(expect.arrayContaining(['request_correction', 'start_consult', 'answer']));
    expect(r.actions).not.toContain('extend');
    const [stored] = await env.database.db.select().from(disclosureRequests);
    expect(stored.applicantNameEnc).not.toContain('王秀英');
    expect(JSON.stringify(stored)).not.toContain('13807961234');
  });

  it('refuses bad input with 400 and writes nothing', async () => {
    const before = await rows();
    for (const payload of [{ ...body, applicantKind: 'x' }, { ...body, subject: '' }, { ...body, phone: '12345' }, { ...body, receivedOn: '2999-01-01' }]) {
      expect((await staff.inject({ method: 'POST', url: '/api/disclosure', payload })).statusCode).toBe(400);
    }
    expect(await rows()).toBe(before);
  });

  it('keeps requests inside the area: another township 404, outside scope 403, no permission 403', async () => {
    const r = (await staff.inject({ method: 'POST', url: '/api/disclosure', payload: body })).json();
    expect((await neighbour.inject({ url: `/api/disclosure/${r.id}` })).statusCode).toBe(404);
    expect((await neighbour.inject({ method: 'POST', url: `/api/disclosure/${r.id}/answer`, payload: { version: 1, outcome: 'disclosed' } })).statusCode).toBe(404);
    expect((await neighbour.inject({ url: '/api/disclosure' })).json().items.map((x: { id: string }) => x.id)).not.toContain(r.id);
    expect((await staff.inject({ method: 'POST', url: '/api/disclosure', payload: { ...body, regionCode: '360802001' } })).statusCode).toBe(403);
    const { session: handler } = await signIn(env, ['handler'], '360802');
    expect((await handler.inject({ url: '/api/disclosure' })).statusCode).toBe(403);
  });

  it('takes a request through 补正 to disclosed, with 409s for steps out of turn and the average days', async () => {
    const r = (await staff.inject({ method: 'POST', url: '/api/disclosure', payload: body })).json();
    const step = (s: Session, action: string, payload: Record<string, unknown>) => s.inject({ method: 'POST', url: `/api/disclosure/${r.id}/${action}`, payload });
    const corr = await step(staff, 'request_correction', { version: 1, notice: '请写明项目名称' });
    expect(corr.statusCode).toBe(200);
    expect(corr.json()).toMatchObject({ status: 'awaiting_correction', version: 2 });
    const early = await step(staff, 'answer', { version: 2, outcome: 'disclosed' });
    expect(early.statusCode).toBe(409);
    expect(early.json().error).toBe('disclosure_not_open');
    expect((await step(staff, 'receive_correction', { version: 1 })).json().error).toBe('stale_version');
    expect((await step(staff, 'receive_correction', { version: 2 })).json()).toMatchObject({ status: 'open', correctionUsed: true });
    const again = await step(staff, 'request_correction', { version: 3 });
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toBe('disclosure_correction_used');
    // An extension is the office head's: not the dispatcher's.
    expect((await step(staff, 'extend', { version: 3, days: 10, notice: '延期' })).statusCode).toBe(403);
    const ext = await step(leader, 'extend', { version: 3, days: 10, notice: '需征求多个部门意见，延期 10 个工作日' });
    expect(ext.statusCode).toBe(200);
    expect(ext.json().extensionDays).toBe(10);
    expect((await step(leader, 'extend', { version: 4, days: 1, notice: 'x' })).json().error).toBe('disclosure_already_extended');
    expect((await step(staff, 'extend', { version: 4, days: 21, notice: 'x' })).statusCode).toBe(400);
    const noReason = await step(staff, 'answer', { version: 4, outcome: 'not_disclosed' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error).toBe('disclosure_reason_required');
    const done = await step(staff, 'answer', { version: 4, outcome: 'disclosed' });
    expect(done.statusCode).toBe(200);
    expect(done.json()).toMatchObject({ status: 'answered', outcome: 'disclosed', workingDays: 0, actions: [] });
    expect(done.json().events.map((e: { action: string }) => e.action)).toEqual(['receive', 'request_correction', 'receive_correction', 'extend', 'answer']);
    const list = (await staff.inject({ url: '/api/disclosure?status=answered' })).json();
    expect(list).toMatchObject({ answered: 1, averageDays: 0 });
  });
});

describe('the demo requests', () => {
  it('are driven through the workflow into every state and outcome', async () => {
    const { generateDisclosureRequests } = await import('../../generate/disclosure.js');
    expect(await generateDisclosureRequests(env.database, env.app.vault, { county: '360802', township: '360802004', now: new Date() })).toBe(9);
    const all = await env.database.db.select().from(disclosureRequests);
    expect(new Set(all.map((r) => r.status))).toEqual(new Set(['open', 'awaiting_correction', 'consulting', 'answered']));
    expect(new Set(all.map((r) => r.outcome).filter(Boolean))).toEqual(new Set(['disclosed', 'partly_disclosed', 'not_disclosed', 'not_held', 'not_a_request']));
    expect(all.some((r) => r.extensionDays === 15)).toBe(true);
  });
});
