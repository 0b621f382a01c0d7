import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerErrorHandling } from '../../platform/error-handler.js';
import { createTestEnv, makeFixtureTree, signIn, type Session, type TestEnv } from '../../test/helpers.js';

let env: TestEnv;
let township: Session; // 习溪桥街道 dispatcher: owns the fund, approves at the township
let proposer: Session; // 习溪桥居委会 staff
let approver: Session; // 习溪桥居委会, another person
let admin: Session; // 吉州区 admin
let otherAdmin: Session; // 青原区 admin
let neighbour: Session; // 青原区 dispatcher

const PDF = Buffer.from('%PDF-1.4\n%test receipt\n').toString('base64');
const PLACE = '360802004002';

beforeAll(async () => {
  env = await createTestEnv();
  await makeFixtureTree(env.database);
  township = (await signIn(env, ['dispatcher'], '360802004')).session;
  proposer = (await signIn(env, ['community_staff'], PLACE)).session;
  approver = (await signIn(env, ['community_staff'], PLACE)).session;
  admin = (await signIn(env, ['admin'], '360802')).session;
  otherAdmin = (await signIn(env, ['admin'], '360803')).session;
  neighbour = (await signIn(env, ['dispatcher'], '360803')).session;
});
afterAll(() => env.close());

const post = (s: Session, url: string, payload: unknown) => s.inject({ method: 'POST', url, payload: payload as Record<string, unknown> });
const put = (s: Session, url: string, payload: unknown) => s.inject({ method: 'PUT', url, payload: payload as Record<string, unknown> });
const rows = (sql: string) => env.database.query<Record<string, unknown>>(sql);

async function fund(yuan: number, name: string) {
  const res = await post(township, '/api/funds', { regionCode: '360802004', kind: 'whistle', name, year: 2026, budgetFen: yuan * 100 });
  expect(res.statusCode).toBe(201);
  return res.json();
}
async function project(fundId: string, estimateFen: number, title = '路灯') {
  const res = await post(proposer, '/api/fund-projects', { fundId, sourceKind: 'community', regionCode: PLACE, title, category: 'lights', estimateFen });
  expect(res.statusCode).toBe(201);
  return res.json();
}
const approve = (s: Session, p: { id: string; version: number }) => post(s, `/api/fund-projects/${p.id}/actions/approve`, { version: p.version, reason: '同意' });
const fundView = async (id: string) => (await township.inject({ url: `/api/funds/${id}` })).json();

describe('approval reserves money on the fund', () => {
  it('reserves on approval, refuses approving or allocating beyond what is available (even racing), consumes on payment, releases on cancel and close', async () => {
    const f = await fund(1000, '预留测试基金');
    const a = await project(f.id, 60_000, '路灯甲');
    const b = await project(f.id, 60_000, '路灯乙');
    // Two approvals racing for the same money: exactly one passes.
    const [x, y] = await Promise.all([approve(approver, a), approve(approver, b)]);
    expect([x.statusCode, y.statusCode].sort()).toEqual([200, 409]);
    const refused = x.statusCode === 409 ? x : y;
    expect(refused.json().error).toBe('fund_insufficient');
    expect(refused.json().details).toEqual({ balanceFen: 100_000, reservedFen: 60_000, availableFen: 40_000, amountFen: 60_000 });
    expect(refused.json().message).toBe('资金余额不足：「预留测试基金」余额 1000.00 元，已批准项目占用 600.00 元，可用 400.00 元，本次需 600.00 元');
    const won = x.statusCode === 200 ? x.json() : y.json();
    const lost = x.statusCode === 200 ? b : a;
    expect((await township.inject({ url: `/api/fund-projects/${lost.id}` })).json()).toMatchObject({ status: 'proposed', approvedFen: 0, reservedFen: 0 });
    expect(await fundView(f.id)).toMatchObject({ reservedFen: 60_000, availableFen: 40_000, balance: { totalFen: 100_000 } });

    // An allocation may not take reserved money either.
    const alloc = await post(township, `/api/funds/${f.id}/allocations`, { regionCode: PLACE, amountFen: 50_000 });
    expect(alloc.statusCode).toBe(409);
    expect(alloc.json().details.availableFen).toBe(40_000);

    // A payment consumes the project's reservation: the balance drops, the available amount does not.
    const req = (await post(proposer, `/api/fund-projects/${won.id}/payments`, { amountFen: 20_000, payee: '某照明公司', receipt: { filename: 'r.pdf', mime: 'application/pdf', dataBase64: PDF } })).json();
    expect((await post(approver, `/api/fund-projects/${won.id}/payments/${req.id}/decision`, { approve: true, reason: '凭证齐全' })).statusCode).toBe(200);
    expect(await fundView(f.id)).toMatchObject({ reservedFen: 40_000, availableFen: 40_000, balance: { totalFen: 80_000 } });
    expect((await township.inject({ url: `/api/fund-projects/${won.id}` })).json().reservedFen).toBe(40_000);

    // A third project approved, then cancelled: its reservation is released by a new entry.
    let c = await project(f.id, 30_000, '路灯丙');
    c = (await approve(approver, c)).json();
    expect((await fundView(f.id)).availableFen).toBe(10_000);
    expect((await post(proposer, `/api/fund-projects/${c.id}/actions/cancel`, { version: c.version, reason: '另有资金' })).statusCode).toBe(200);
    expect((await fundView(f.id)).availableFen).toBe(40_000);

    // Closing at the final cost releases what the project still held.
    let p = won;
    for (const [action, body] of [['start', { contractor: '某照明公司' }], ['complete', {}], ['accept', { signers: [{ role: '居民代表', name: '王秀英' }] }], ['close', { finalCostFen: 20_000 }]] as const) {
      const res = await post(proposer, `/api/fund-projects/${p.id}/actions/${action}`, { version: p.version, ...body });
      expect(res.statusCode).toBe(200);
      p = res.json();
    }
    expect(await fundView(f.id)).toMatchObject({ reservedFen: 0, availableFen: 80_000, balance: { totalFen: 80_000 } });
    // The project that lost the race can now be approved.
    expect((await approve(approver, lost)).statusCode).toBe(200);

    const kinds = await rows(`select kind, amount_fen::int as fen from fund_reservations where fund_id = '${f.id}' order by seq`);
    expect(kinds).toEqual([
      { kind: 'reserve', fen: 60_000 },
      { kind: 'release', fen: -20_000 },
      { kind: 'reserve', fen: 30_000 },
      { kind: 'release', fen: -30_000 },
      { kind: 'release', fen: -40_000 },
      { kind: 'reserve', fen: 60_000 },
    ]);
  });

  it('a raise reserves only the increase, and a reversed payment is held again for the project', async () => {
    const f = await fund(1000, '追加测试基金');
    let p = await project(f.id, 50_000);
    p = (await approve(approver, p)).json();
    const req = (await post(proposer, `/api/fund-projects/${p.id}/payments`, { amountFen: 50_000, payee: '某公司', receipt: { filename: 'r.pdf', mime: 'application/pdf', dataBase64: PDF } })).json();
    const paid = (await post(approver, `/api/fund-projects/${p.id}/payments/${req.id}/decision`, { approve: true, reason: '同意' })).json();
    expect(await fundView(f.id)).toMatchObject({ reservedFen: 0, availableFen: 50_000 });
    expect((await post(township, `/api/funds/${f.id}/entries/${paid.entryId}/reverse`, { reason: '付错账户' })).statusCode).toBe(201);
    expect(await fundView(f.id)).toMatchObject({ reservedFen: 50_000, availableFen: 50_000, balance: { totalFen: 100_000 } });
    p = (await township.inject({ url: `/api/fund-projects/${p.id}` })).json();
    p = (await post(proposer, `/api/fund-projects/${p.id}/actions/raise`, { version: p.version, amountFen: 120_000, reason: '加装两盏' })).json();
    const over = await approve(approver, p);
    expect(over.json()).toMatchObject({ error: 'fund_insufficient', details: { availableFen: 50_000, amountFen: 70_000 } });
  });
});

describe('approval thresholds per county', () => {
  it('are read by the places below, set by the county’s admin (validated, audited), and used by the chain', async () => {
    const url = '/api/funds/approval-thresholds/360802';
    const defaults = (await proposer.inject({ url })).json();
    expect(defaults).toEqual({ countyCode: '360802', communityUpToFen: 5_000_000, townshipUpToFen: 20_000_000, custom: false, updatedAt: null, version: 0 });
    expect((await neighbour.inject({ url })).statusCode).toBe(404);

    const notAscending = await put(admin, url, { communityUpToFen: 100_000, townshipUpToFen: 100_000, version: 0 });
    expect(notAscending.statusCode).toBe(400);
    expect(notAscending.json()).toMatchObject({ error: 'fund_thresholds_invalid', details: { field: 'townshipUpToFen' } });
    const fraction = await put(admin, url, { communityUpToFen: 10.5, townshipUpToFen: 100_000, version: 0 });
    expect(fraction.statusCode).toBe(400);
    expect(fraction.json().details.map((d: { field: string }) => d.field)).toContain('body.communityUpToFen');
    expect((await put(township, url, { communityUpToFen: 10_000, townshipUpToFen: 50_000, version: 0 })).statusCode).toBe(403);
    expect((await put(otherAdmin, url, { communityUpToFen: 10_000, townshipUpToFen: 50_000, version: 0 })).statusCode).toBe(404);

    const set = await put(admin, url, { communityUpToFen: 10_000, townshipUpToFen: 50_000, version: 0 });
    expect(set.statusCode).toBe(200);
    expect(set.json()).toMatchObject({ communityUpToFen: 10_000, townshipUpToFen: 50_000, custom: true, version: 1 });
    expect((await put(admin, url, { communityUpToFen: 20_000, townshipUpToFen: 50_000, version: 0 })).json().error).toBe('stale_version');
    const [a] = await rows(`select details from audit_log where action = 'fund.approval_thresholds' and target_id = '360802'`);
    expect(a.details).toMatchObject({ before: null, after: { communityUpToFen: 10_000, townshipUpToFen: 50_000 } });

    // 300 yuan needed the community alone by default; now the township approves too, and 600 the county.
    const f = await fund(10_000, '限额测试基金');
    let p = await project(f.id, 30_000);
    expect((await township.inject({ url: `/api/fund-projects/${p.id}` })).json().chain).toEqual(['community', 'township']);
    p = (await approve(approver, p)).json();
    expect(p).toMatchObject({ status: 'proposed', pendingLevel: 'township' });
    p = (await approve(township, p)).json();
    expect(p).toMatchObject({ status: 'approved', approvedFen: 30_000 });
    const big = await project(f.id, 60_000);
    expect((await township.inject({ url: `/api/fund-projects/${big.id}` })).json().chain).toEqual(['community', 'township', 'county']);
    // Another county keeps the defaults.
    expect((await otherAdmin.inject({ url: '/api/funds/approval-thresholds/360803' })).json().custom).toBe(false);
  });
});

describe('the ledger is append-only in the database', () => {
  it('refuses a raw UPDATE or DELETE of an entry or a reservation, and the error handler answers 409, not a 5xx', async () => {
    const f = await fund(10, '只增不改基金');
    await expect(env.database.query(`update fund_entries set amount_fen = 0 where fund_id = '${f.id}'`)).rejects.toThrow(/append-only/);
    await expect(env.database.query(`delete from fund_entries where fund_id = '${f.id}'`)).rejects.toThrow(/append-only/);
    const p = await project(f.id, 500);
    await approve(approver, p);
    await expect(env.database.query(`update fund_reservations set amount_fen = 0 where project_id = '${p.id}'`)).rejects.toThrow(/append-only/);
    const [{ total }] = await rows(`select sum(amount_fen)::int as total from fund_entries where fund_id = '${f.id}'`);
    expect(total).toBe(1000);

    const app = Fastify();
    registerErrorHandling(app);
    app.get('/edit', async () => env.database.query(`update fund_entries set note = 'x' where fund_id = '${f.id}'`));
    const res = await app.inject({ url: '/edit' });
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toBe('ledger_append_only');
    await app.close();
  });
});
