/**
 * Enterprise appeals against the appeals module: the enterprise row written in the appeal's own
 * registration transaction (nothing half-written), and 撤诉 as a step of the appeal's workflow.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows } from '../../platform/db.js';
import { createTestEnv, type TestEnv } from '../../test/helpers.js';
import { IN_GRID, makeAppealWorld, type AppealWorld } from '../../test/appeal-world.js';
import { onAppealRegister } from '../appeals/appeals.service.js';
import { checkCharacter } from './credit-code.js';
import { ENTERPRISE_REGISTER_STEP, writeEnterpriseRow } from './enterprises.appeals.js';

let env: TestEnv;
let w: AppealWorld;
let firmId: string;

const code = (n: number) => {
  const body = `91360802MA${String(n).padStart(6, '0')}X`;
  return body + checkCharacter(body);
};

beforeAll(async () => {
  env = await createTestEnv();
  w = await makeAppealWorld(env);
  const res = await w.as.dispatcher.inject({
    method: 'POST',
    url: '/api/enterprises',
    payload: { creditCode: code(71), name: '吉安市撤诉测试科技有限公司', industry: 'electronics', size: 'small', regionCode: '360802004001001', park: '吉州工业园', location: IN_GRID, contactName: '周经理', contactPhone: '13907962222' },
  });
  expect(res.statusCode, res.body).toBe(201);
  firmId = res.json().id;
});
afterAll(() => env.close());

const counts = async () => {
  const [r] = await rows<{ appeals: number; enterprise: number }>(env.database.db, sql`select (select count(*) from appeals)::int as appeals, (select count(*) from enterprise_appeals)::int as enterprise`);
  return r;
};
const raise = (content: string) => w.as.dispatcher.inject({ method: 'POST', url: '/api/enterprise-appeals', payload: { enterpriseId: firmId, content, categoryCode: '1002' } });
const detail = async (id: string) => (await w.as.dispatcher.inject({ url: `/api/appeals/${id}` })).json();
async function step(id: string, action: string, body: Record<string, unknown> = {}, s = w.as.dispatcher) {
  return s.inject({ method: 'POST', url: `/api/appeals/${id}/actions/${action}`, payload: { version: (await detail(id)).version, ...body } });
}

describe('the enterprise row in the registration transaction', () => {
  it('writes the appeal and its enterprise row together', async () => {
    const before = await counts();
    const res = await raise('厂区门口道路破损，货车进出困难');
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ status: 'registered', enterprise: { id: firmId }, ownedByFirstContact: true });
    expect(await counts()).toEqual({ appeals: before.appeals + 1, enterprise: before.enterprise + 1 });
  });

  it('saves no appeal when the enterprise step fails (no orphan)', async () => {
    const before = await counts();
    onAppealRegister(ENTERPRISE_REGISTER_STEP, async () => {
      throw new Error('the enterprise step failed');
    });
    try {
      const res = await raise('这条诉求不应留下');
      expect(res.statusCode).toBe(500);
    } finally {
      onAppealRegister(ENTERPRISE_REGISTER_STEP, writeEnterpriseRow);
    }
    expect(await counts()).toEqual(before);
    const [{ n }] = await rows<{ n: number }>(env.database.db, sql`select count(*)::int as n from appeals where content = '这条诉求不应留下'`);
    expect(n).toBe(0);
  });
});

describe('撤诉 (withdraw) in the appeals workflow', () => {
  it('withdraws a dispatched enterprise appeal: terminal status, reason on the timeline, the enterprise row follows, listed for the audit', async () => {
    const a = (await raise('用地手续办理缓慢')).json();
    expect((await step(a.appealId, 'accept')).statusCode).toBe(200);
    expect((await step(a.appealId, 'dispatch', { leadOrgId: w.orgs.urban })).statusCode).toBe(200);
    // No reason: 400 naming it; a grid worker may not (403); another county does not see it (404).
    const bare = await step(a.appealId, 'withdraw', { askedBy: 'department' });
    expect(bare.statusCode).toBe(400);
    expect(bare.json().details.field).toBe('reason');
    expect((await step(a.appealId, 'withdraw', { reason: 'x' }, w.as.gridWorker)).statusCode).toBe(403);
    expect((await step(a.appealId, 'withdraw', { reason: 'x' }, w.as.otherDispatcher)).statusCode).toBe(404);
    const res = await step(a.appealId, 'withdraw', { reason: '部门上门协调后要求企业撤回', askedBy: 'department' });
    expect(res.statusCode, res.body).toBe(200);
    const d = res.json();
    expect(d.status).toBe('withdrawn');
    expect(d.actions).toEqual([]);
    expect(d.parts.every((p: { status: string }) => p.status === 'returned')).toBe(true);
    const ev = d.events.at(-1);
    expect(ev).toMatchObject({ type: 'withdrawn', toStatus: 'withdrawn', note: '部门上门协调后要求企业撤回' });
    const ea = (await w.as.dispatcher.inject({ url: `/api/enterprise-appeals/${a.appealId}` })).json();
    expect(ea).toMatchObject({ status: 'withdrawn', withdrawReason: '部门上门协调后要求企业撤回', withdrawAskedBy: 'department', ownedByFirstContact: false });
    const month = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7);
    const audit = (await w.as.dispatcher.inject({ url: `/api/enterprise-appeals?withdrawn=true&month=${month}` })).json();
    expect(audit.items.map((x: { appealId: string }) => x.appealId)).toContain(a.appealId);
    // Terminal: a second withdrawal (or any step) is refused with the workflow's code.
    const again = await step(a.appealId, 'withdraw', { reason: '再撤一次' });
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toBe('appeal_not_withdrawable');
    expect(again.json().message).toContain('已撤诉');
  });

  it('withdraws through the enterprise desk (asked by the firm); refuses once a result is recorded (409)', async () => {
    const a = (await raise('企业自行解决了排污许可问题')).json();
    const res = await w.as.dispatcher.inject({ method: 'POST', url: `/api/enterprise-appeals/${a.appealId}/withdraw`, payload: { reason: '企业来电：问题已自行解决', askedBy: 'firm' } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'withdrawn', withdrawAskedBy: 'firm' });
    expect((await detail(a.appealId)).status).toBe('withdrawn');

    const b = (await raise('已办结的诉求不能撤诉')).json();
    await step(b.appealId, 'accept');
    await step(b.appealId, 'dispatch', { leadOrgId: w.orgs.urban });
    await step(b.appealId, 'sign', {}, w.as.handler);
    expect((await step(b.appealId, 'handle', { result: '已修复' }, w.as.handler)).statusCode).toBe(200);
    const late = await w.as.dispatcher.inject({ method: 'POST', url: `/api/enterprise-appeals/${b.appealId}/withdraw`, payload: { reason: '晚了', askedBy: 'firm' } });
    expect(late.statusCode).toBe(409);
    expect(late.json().error).toBe('appeal_not_withdrawable');
    // Another county's desk does not see it at all.
    expect((await w.as.otherDispatcher.inject({ method: 'POST', url: `/api/enterprise-appeals/${b.appealId}/withdraw`, payload: { reason: 'x', askedBy: 'firm' } })).statusCode).toBe(404);
  });

  it('keeps a withdrawn appeal in its cohort, unhandled: withdrawing never raises 办结率', async () => {
    const from = new Date(Date.now() - 3600_000).toISOString();
    const to = new Date(Date.now() + 3600_000).toISOString();
    const m = async () => (await w.as.dispatcher.inject({ url: `/api/appeals/metrics?from=${from}&to=${to}` })).json().totals;
    const before = await m();
    const a = (await raise('撤诉不计办结')).json();
    await step(a.appealId, 'accept');
    await step(a.appealId, 'withdraw', { reason: '企业撤回' });
    const after = await m();
    expect(after.accepted).toBe(before.accepted + 1);
    expect(after.due).toBe(before.due + 1);
    expect(after.handled).toBe(before.handled);
    expect(after.closed).toBe(before.closed);
  });
});
