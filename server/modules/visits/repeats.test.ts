/** 多诉统办 at the door: the worker's phone asks for likely repeats in the worker's grids, and 我也遇到 instead of a new appeal. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, makeHousehold, type TestEnv } from '../../test/helpers.js';
import { appealBody, IN_GRID, makeAppealWorld, type AppealWorld } from '../../test/appeal-world.js';

let env: TestEnv;
let w: AppealWorld;
/** Grid …001 is [114.9, 114.909] × [27.0, 27.009]; grid …002 starts at 114.91. */
const G1 = '360802004001001';
const G2 = '360802004001002';
/** Near G1's east edge: the appeal in G2 is ~200 m away, the one in G1 ~400 m (same grid). */
const AT_DOOR = { lon: 114.9085, lat: 27.0045 };
let inMine: { id: string; number: string; version: number };
let inOther: { id: string; number: string };
let household: { id: string };
let noPhone: { id: string };
let otherHousehold: { id: string };

const DRAFT = { content: '门口的井盖坏了，晚上有老人差点踩空', categoryCode: '0302', ...AT_DOOR };

beforeAll(async () => {
  env = await createTestEnv();
  w = await makeAppealWorld(env);
  const a = await w.as.dispatcher.inject({ method: 'POST', url: '/api/appeals', payload: appealBody({ content: '小区门口井盖破损，晚上有人差点踩空，请尽快修复。', location: IN_GRID }) });
  expect(a.statusCode, a.body).toBe(201);
  inMine = a.json();
  const b = await w.as.dispatcher.inject({ method: 'POST', url: '/api/appeals', payload: appealBody({ content: '门口井盖破损，晚上有人差点踩空。', location: { lon: 114.9105, lat: 27.0045 }, requester: { kind: 'anonymous' } }) });
  expect(b.statusCode, b.body).toBe(201);
  inOther = b.json();
  household = await makeHousehold(env, { gridCode: G1, members: [{ name: '赵大妈', relation: 'head', phone: '13907960001' }] });
  noPhone = await makeHousehold(env, { gridCode: G1, members: [{ name: '钱大爷', relation: 'head' }] });
  otherHousehold = await makeHousehold(env, { gridCode: G2, members: [{ name: '孙阿姨', relation: 'head', phone: '13907960002' }] });
});
afterAll(() => env.close());

describe('POST /api/visits/similar', () => {
  it('offers the likely repeats of the worker’s grids only, each with its reasons and no requester', async () => {
    const res = await w.as.gridWorker.inject({ method: 'POST', url: '/api/visits/similar', payload: { householdId: household.id, ...DRAFT } });
    expect(res.statusCode, res.body).toBe(200);
    const items = res.json().items as { id: string; number: string; open: boolean; affected: number; reasons: { code: string }[] }[];
    expect(items.map((i) => i.number)).toEqual([inMine.number]);
    expect(items[0]).toMatchObject({ open: true, affected: 0, categoryCode: '0302' });
    const codes = items[0].reasons.map((r) => r.code);
    expect(codes).toEqual(expect.arrayContaining(['text', 'same_grid', 'same_category', 'days']));
    expect(codes).not.toContain('same_requester');
    for (const secret of ['王秀英', '13807961234', '上阳明路']) expect(res.body).not.toContain(secret);

    // The worker of the next grid, from a household there, is offered the one in their grid.
    const other = await w.as.otherGridWorker.inject({ method: 'POST', url: '/api/visits/similar', payload: { householdId: otherHousehold.id, ...DRAFT, lon: 114.9105 } });
    expect(other.statusCode, other.body).toBe(200);
    expect(other.json().items.map((i: { number: string }) => i.number)).toEqual([inOther.number]);
  });

  it('an unrelated problem is not offered; another worker’s household is 404; bad input is 400 naming the field', async () => {
    const none = await w.as.gridWorker.inject({ method: 'POST', url: '/api/visits/similar', payload: { householdId: household.id, content: '孩子上学的校车路线想调整一下', categoryCode: '0101' } });
    expect(none.statusCode).toBe(200);
    expect(none.json().items).toEqual([]);
    expect((await w.as.gridWorker.inject({ method: 'POST', url: '/api/visits/similar', payload: { householdId: otherHousehold.id, ...DRAFT } })).statusCode).toBe(404);
    const missing = await w.as.gridWorker.inject({ method: 'POST', url: '/api/visits/similar', payload: { householdId: household.id, categoryCode: '0302' } });
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('content');
    const badLat = await w.as.gridWorker.inject({ method: 'POST', url: '/api/visits/similar', payload: { householdId: household.id, content: 'x', lat: 95 } });
    expect(badLat.statusCode).toBe(400);
    expect(badLat.body).toContain('lat');
    expect((await w.as.handler.inject({ method: 'POST', url: '/api/visits/similar', payload: { householdId: household.id, ...DRAFT } })).statusCode).toBe(403);
  });
});

describe('POST /api/visits/me-too', () => {
  it('counts the resident once, on the household’s phone; told the outcome when handled', async () => {
    const metoo = (body: Record<string, unknown>) => w.as.gridWorker.inject({ method: 'POST', url: '/api/visits/me-too', payload: { householdId: household.id, appealId: inMine.id, ...body } });
    const first = await metoo({});
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toEqual({ number: inMine.number, affected: 1 });
    // The same resident again, by the household or by the phone typed in: counted once.
    const again = await metoo({});
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toBe('appeal_already_affected');
    expect((await metoo({ phone: '139 0796 0001' })).statusCode).toBe(409);
    // The QR page's 我也遇到 with that phone is the same one.
    expect((await env.app.inject({ method: 'POST', url: `/api/public/appeals/${inMine.number}/affected`, payload: { phone: '13907960001' }, remoteAddress: '10.9.9.9' })).statusCode).toBe(409);
    // The appeal's own requester is counted already.
    expect((await metoo({ phone: '13807961234' })).statusCode).toBe(409);
    // Another resident of the household, with their own phone.
    const second = await metoo({ phone: '13907960003' });
    expect(second.statusCode, second.body).toBe(201);
    expect(second.json().affected).toBe(2);
    const offered = (await w.as.gridWorker.inject({ method: 'POST', url: '/api/visits/similar', payload: { householdId: household.id, ...DRAFT } })).json();
    expect(offered.items[0].affected).toBe(2);
    // Audited without the phone.
    const audits = await env.database.query<{ details: unknown }>(`select details from audit_log where action = 'appeal.affected' and target_id = $1`, [inMine.id]);
    expect(audits).toHaveLength(2);
    expect(JSON.stringify(audits)).not.toContain('1390796');

    let a = (await w.as.dispatcher.inject({ url: `/api/appeals/${inMine.id}` })).json();
    const go = async (s: typeof w.as.dispatcher, action: string, body: Record<string, unknown> = {}) => {
      const r = await s.inject({ method: 'POST', url: `/api/appeals/${a.id}/actions/${action}`, payload: { version: a.version, ...body } });
      expect(r.statusCode, r.body).toBe(200);
      a = r.json();
    };
    expect(a.affected).toBe(2);
    await go(w.as.dispatcher, 'accept');
    await go(w.as.dispatcher, 'dispatch', { leadOrgId: w.orgs.urban });
    await go(w.as.handler, 'sign');
    await go(w.as.handler, 'handle', { result: '已更换井盖' });
    await go(w.as.dispatcher, 'feedback');
    const sms = await env.database.query<{ body: string; recipient_enc: string }>('select body, recipient_enc from outbox where appeal_id = $1 order by id', [a.id]);
    const to = sms.map((m) => ({ phone: env.app.vault.decrypt(m.recipient_enc), body: m.body }));
    for (const phone of ['13907960001', '13907960003']) expect(to.filter((m) => m.phone === phone && m.body.includes('已更换井盖'))).toHaveLength(1);
  });

  it('refuses an appeal outside the worker’s grids (404), a household without a phone (409), bad input (400 naming the field)', async () => {
    const post = (body: Record<string, unknown>) => w.as.gridWorker.inject({ method: 'POST', url: '/api/visits/me-too', payload: body });
    expect((await post({ householdId: household.id, appealId: inOther.id })).statusCode).toBe(404);
    const none = await post({ householdId: noPhone.id, appealId: inOther.id });
    expect(none.statusCode).toBe(409);
    expect(none.json().error).toBe('visit_no_resident_phone');
    const badPhone = await post({ householdId: household.id, appealId: inOther.id, phone: 'abc' });
    expect(badPhone.statusCode).toBe(400);
    expect(badPhone.body).toContain('phone');
    const missing = await post({ householdId: household.id });
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('appealId');
    expect((await post({ householdId: otherHousehold.id, appealId: inOther.id })).statusCode).toBe(404);
  });
});
