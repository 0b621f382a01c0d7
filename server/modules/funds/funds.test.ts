import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appealBody, makeAppealWorld, type AppealWorld } from '../../test/appeal-world.js';
import { createTestEnv, signIn, type Session, type TestEnv } from '../../test/helpers.js';

let env: TestEnv;
let w: AppealWorld;
let county: Session; // 吉州区 leader
let countyStaff: Session; // 吉州区 admin-like staff who manages the county fund (dispatcher at county level)
let township: Session; // 习溪桥街道 dispatcher
let community: Session; // 上阳明路居委会, proposes
let community2: Session; // 上阳明路居委会, another person: approves
let neighbour: Session; // 古南街道 dispatcher

const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex').toString('base64');
const PDF = Buffer.from('%PDF-1.4\n%test receipt\n').toString('base64');
const RULE = {
  buckets: [
    { key: 'repair', name: '维修基金', bp: 4000 },
    { key: 'facilities', name: '公共设施', bp: 3000 },
    { key: 'dividend', name: '业主分红', bp: 3000 },
  ],
  remainder: 'repair',
};

beforeAll(async () => {
  env = await createTestEnv();
  w = await makeAppealWorld(env);
  county = (await signIn(env, ['leader'], '360802')).session;
  countyStaff = (await signIn(env, ['dispatcher'], '360802')).session;
  township = (await signIn(env, ['dispatcher'], '360802004')).session;
  community = (await signIn(env, ['community_staff'], '360802004001')).session;
  community2 = (await signIn(env, ['community_staff'], '360802004001')).session;
  neighbour = (await signIn(env, ['dispatcher'], '360802001')).session;
});
afterAll(() => env.close());

const post = (s: Session, url: string, payload: unknown) => s.inject({ method: 'POST', url, payload: payload as Record<string, unknown> });
const count = async (table: string) => Number((await env.database.query<{ n: number }>(`select count(*)::int as n from ${table}`))[0].n);

async function countyFund(budgetYuan = 3_000_000) {
  const res = await post(countyStaff, '/api/funds', {
    regionCode: '360802',
    kind: 'whistle',
    name: '吉州区社区吹哨专项基金',
    year: 2026,
    budgetFen: budgetYuan * 100,
    eligibleCategories: ['lights', 'resurfacing', 'guard_rails', 'drains'],
    forbiddenUses: ['人员工资', '招待费'],
  });
  expect(res.statusCode).toBe(201);
  return res.json();
}

describe('funds, allocations and the ledger', () => {
  it('creates a fund whose budget is its first entry, allocates to a township and a community, and keeps balances from the entries', async () => {
    const fund = await countyFund();
    expect(fund.balance.totalFen).toBe(300_000_000);
    const a = await post(countyStaff, `/api/funds/${fund.id}/allocations`, { regionCode: '360802004', amountFen: 50_000_000 });
    expect(a.statusCode).toBe(201);
    const again = await post(countyStaff, `/api/funds/${fund.id}/allocations`, { regionCode: '360802004', amountFen: 10_000_000 });
    expect(again.json().fundId).toBe(a.json().fundId); // the same child fund, topped up
    const after = (await county.inject({ url: `/api/funds/${fund.id}` })).json();
    expect(after.balance.totalFen).toBe(240_000_000);
    expect(after.allocatedFen).toBe(60_000_000);
    const child = (await township.inject({ url: `/api/funds/${a.json().fundId}` })).json();
    expect(child).toMatchObject({ regionCode: '360802004', ownerLevel: 'township', parentFundId: fund.id });
    expect(child.balance.totalFen).toBe(60_000_000);
    // The community sees the funds above it (read-only) but may not allocate from the county's.
    expect((await community.inject({ url: `/api/funds/${fund.id}` })).statusCode).toBe(200);
    const notMine = await post(community, `/api/funds/${fund.id}/allocations`, { regionCode: '360802004001', amountFen: 100 });
    expect(notMine.statusCode).toBe(403);
    expect(notMine.json().error).toBe('out_of_scope');
  });

  it('never lets a fund go below zero (409 fund_insufficient), even with two allocations racing for the same money', async () => {
    const fund = await countyFund(1000);
    const over = await post(countyStaff, `/api/funds/${fund.id}/allocations`, { regionCode: '360802004', amountFen: 100_001 });
    expect(over.statusCode).toBe(409);
    expect(over.json().error).toBe('fund_insufficient');
    expect(over.json().message).toBe('资金余额不足：「吉州区社区吹哨专项基金」余额 1000.00 元，本次需 1000.01 元');
    const en = await countyStaff.inject({ method: 'POST', url: `/api/funds/${fund.id}/allocations`, payload: { regionCode: '360802004', amountFen: 100_001 }, headers: { 'accept-language': 'en' } });
    expect(en.json().message).toBe('Not enough money: “吉州区社区吹哨专项基金” holds 1000.00 yuan, this needs 1000.01 yuan');
    const [x, y] = await Promise.all([
      post(countyStaff, `/api/funds/${fund.id}/allocations`, { regionCode: '360802004', amountFen: 60_000 }),
      post(countyStaff, `/api/funds/${fund.id}/allocations`, { regionCode: '360802001', amountFen: 60_000 }),
    ]);
    expect([x.statusCode, y.statusCode].sort()).toEqual([201, 409]);
    expect((await county.inject({ url: `/api/funds/${fund.id}` })).json().balance.totalFen).toBe(40_000);
  });

  it('refuses bad input with 400 and writes nothing', async () => {
    const fund = await countyFund(10);
    const entries = await count('fund_entries');
    const audits = await count('audit_log');
    for (const body of [{ regionCode: '360802004', amountFen: -100 }, { regionCode: '360802004', amountFen: 0 }, { regionCode: '360802004', amountFen: 1.5 }, { regionCode: '3608020', amountFen: 100 }]) {
      const res = await post(countyStaff, `/api/funds/${fund.id}/allocations`, body);
      expect(res.statusCode).toBe(400);
    }
    // Not a place below the fund.
    const up = await post(countyStaff, `/api/funds/${fund.id}/allocations`, { regionCode: '360803001', amountFen: 100 });
    expect(up.json().error).toBe('fund_allocation_target');
    const badFund = await post(countyStaff, '/api/funds', { regionCode: '360802', kind: 'whistle', name: 'x', year: 2026, budgetFen: -5 });
    expect(badFund.statusCode).toBe(400);
    expect(await count('fund_entries')).toBe(entries);
    expect(await count('audit_log')).toBe(audits);
  });

  it('hides a fund from a caller of another township (404, not listed) and refuses creating outside scope (403)', async () => {
    const mine = (await post(township, '/api/funds', { regionCode: '360802004', kind: 'whistle', name: '习溪桥街道吹哨基金', year: 2026, budgetFen: 100_000 })).json();
    expect((await neighbour.inject({ url: `/api/funds/${mine.id}` })).statusCode).toBe(404);
    expect((await neighbour.inject({ url: `/api/funds/${mine.id}/entries` })).statusCode).toBe(404);
    const listed = (await neighbour.inject({ url: '/api/funds?pageSize=200' })).json().items.map((f: { id: string }) => f.id);
    expect(listed).not.toContain(mine.id);
    const outside = await post(neighbour, '/api/funds', { regionCode: '360802004', kind: 'whistle', name: '越界', year: 2026 });
    expect(outside.statusCode).toBe(403);
    expect((await w.as.handler.inject({ url: '/api/funds' })).statusCode).toBe(403);
  });
});

describe('public income split 4:3:3, reversals', () => {
  it('splits each income by the rule, exactly to the fen, and reverses an income as a whole with new entries', async () => {
    const bad = await post(community, '/api/funds', { regionCode: '360802004001', kind: 'public_income', name: '公共收益账户', year: 2026, splitRule: { ...RULE, buckets: RULE.buckets.slice(0, 2) } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toBe('fund_split_invalid');
    const acct = (await post(community, '/api/funds', { regionCode: '360802004001', kind: 'public_income', name: '上阳明路公共收益账户', year: 2026, splitRule: RULE })).json();

    const big = await post(community, `/api/funds/${acct.id}/income`, { amountFen: 250_000_000, source: 'recovered' });
    expect(big.statusCode).toBe(201);
    expect(big.json().shares.map((s: { amountFen: number }) => s.amountFen)).toEqual([100_000_000, 75_000_000, 75_000_000]);
    const odd = (await post(community, `/api/funds/${acct.id}/income`, { amountFen: 1001, source: 'parking' })).json();
    expect(odd.shares.map((s: { amountFen: number }) => s.amountFen)).toEqual([401, 300, 300]);

    let f = (await community.inject({ url: `/api/funds/${acct.id}` })).json();
    expect(f.balance.totalFen).toBe(250_001_001);
    expect(f.balance.buckets.repair.balanceFen).toBe(100_000_401);

    // Reverse the small income: one share's id reverses the whole split, with new entries.
    const entries = (await community.inject({ url: `/api/funds/${acct.id}/entries?pageSize=200` })).json().items;
    const share = entries.find((e: { groupId: string; bucket: string }) => e.groupId === odd.groupId && e.bucket === 'dividend');
    const rev = await post(community, `/api/funds/${acct.id}/entries/${share.id}/reverse`, { reason: '录入错误：金额应为 10.10 元' });
    expect(rev.statusCode).toBe(201);
    expect(rev.json().entryIds).toHaveLength(3);
    f = (await community.inject({ url: `/api/funds/${acct.id}` })).json();
    expect(f.balance.totalFen).toBe(250_000_000);
    const twice = await post(community, `/api/funds/${acct.id}/entries/${share.id}/reverse`, { reason: '再来一次' });
    expect(twice.json().error).toBe('ledger_entry_already_reversed');
    const ofReversal = await post(community, `/api/funds/${acct.id}/entries/${rev.json().entryIds[0]}/reverse`, { reason: 'x' });
    expect(ofReversal.json().error).toBe('ledger_entry_is_reversal');
    // The originals are still there, untouched, and marked reversed.
    const after = (await community.inject({ url: `/api/funds/${acct.id}/entries?pageSize=200` })).json().items;
    expect(after).toHaveLength(entries.length + 3);
    expect(after.filter((e: { reversed: boolean }) => e.reversed)).toHaveLength(3);
  });
});

describe('a project from a whistle to the public page', () => {
  it('is proposed from an appeal, approved along the chain by other people, paid with a receipt, accepted and shown in public', async () => {
    const fund = await countyFund();
    const alloc = (await post(countyStaff, `/api/funds/${fund.id}/allocations`, { regionCode: '360802004001', amountFen: 30_000_000 })).json();
    const appeal = (await post(w.as.community, '/api/appeals', appealBody())).json();

    const proposed = await post(community, '/api/fund-projects', { fundId: alloc.fundId, sourceKind: 'appeal', sourceId: appeal.id, title: '上阳明路排水沟及路面修复', category: 'drains', households: 86, estimateFen: 12_000_000 });
    expect(proposed.statusCode).toBe(201);
    let p = proposed.json();
    expect(p).toMatchObject({ regionCode: '360802004001', sourceLabel: appeal.number, status: 'proposed', pendingLevel: 'community' });
    const dup = await post(community2, '/api/fund-projects', { fundId: alloc.fundId, sourceKind: 'appeal', sourceId: appeal.id, title: '重复', category: 'drains', estimateFen: 100 });
    expect(dup.json().error).toBe('project_source_taken');
    const ineligible = await post(community, '/api/fund-projects', { fundId: alloc.fundId, sourceKind: 'community', regionCode: '360802004001', title: '发工资', category: 'other', estimateFen: 100 });
    expect(ineligible.json().error).toBe('project_category_ineligible');

    const step = async (s: Session, action: string, body: Record<string, unknown> = {}) => {
      const res = await post(s, `/api/fund-projects/${p.id}/actions/${action}`, { version: p.version, ...body });
      if (res.statusCode === 200) p = res.json();
      return res;
    };
    // Four eyes: the proposer may not approve; the township may not go first; a reason is needed.
    expect((await step(community, 'approve', { reason: '同意' })).json().error).toBe('project_self_approval');
    expect((await step(township, 'approve', { reason: '同意' })).json().error).toBe('project_approval_level');
    expect((await step(community2, 'approve', {})).json().error).toBe('required');
    expect((await step(community2, 'approve', { reason: '居民议事会同意' })).statusCode).toBe(200);
    expect(p).toMatchObject({ status: 'proposed', pendingLevel: 'township', approvedFen: 0 });
    expect((await step(township, 'approve', { reason: '符合使用范围' })).statusCode).toBe(200);
    expect(p).toMatchObject({ status: 'approved', pendingLevel: null, approvedFen: 12_000_000 });

    expect((await step(community, 'start', { contractor: '吉安市某市政工程有限公司' })).statusCode).toBe(200);
    expect((await step(community, 'milestone', { title: '沟渠开挖完成', photos: [{ filename: 'a.png', mime: 'image/png', dataBase64: PNG }] })).statusCode).toBe(200);

    const pay = (body: Record<string, unknown>) => post(community, `/api/fund-projects/${p.id}/payments`, body);
    const noReceipt = await pay({ amountFen: 5_000_000, payee: '吉安市某市政工程有限公司' });
    expect(noReceipt.statusCode).toBe(400);
    const fake = await pay({ amountFen: 5_000_000, payee: '某公司', receipt: { filename: 'x.pdf', mime: 'application/pdf', dataBase64: PNG } });
    expect(fake.json().error).toBe('receipt_invalid');
    const tooMuch = await pay({ amountFen: 12_000_001, payee: '某公司', receipt: { filename: 'r.pdf', mime: 'application/pdf', dataBase64: PDF } });
    expect(tooMuch.json().error).toBe('project_over_approved');
    const req1 = await pay({ amountFen: 8_000_000, payee: '吉安市某市政工程有限公司', receipt: { filename: '发票.pdf', mime: 'application/pdf', dataBase64: PDF } });
    expect(req1.statusCode).toBe(201);
    // Another request beyond what is left (paid + waiting + this > approved) is refused too.
    expect((await pay({ amountFen: 4_000_001, payee: '某公司', receipt: { filename: 'r.pdf', mime: 'application/pdf', dataBase64: PDF } })).json().error).toBe('project_over_approved');
    const decide = (s: Session, id: string, approve = true) => post(s, `/api/fund-projects/${p.id}/payments/${id}/decision`, { approve, reason: '凭证齐全' });
    expect((await decide(community, req1.json().id)).json().error).toBe('payment_self_approval');
    const paid = await decide(community2, req1.json().id);
    expect(paid.statusCode).toBe(200);
    expect(paid.json().status).toBe('paid');
    expect((await decide(township, req1.json().id)).json().error).toBe('payment_not_pending');
    const receipt = await community.inject({ url: `/api/fund-projects/${p.id}/files/${req1.json().receiptId}` });
    expect(receipt.headers['content-type']).toBe('application/pdf');

    expect((await step(community, 'complete')).statusCode).toBe(200);
    expect((await step(community, 'accept', { signers: [{ role: '居民代表', name: '王秀英' }, { role: '监督委员会', name: '李建国' }], note: '验收合格' })).statusCode).toBe(200);
    expect(p.status).toBe('accepted');

    // The rest is paid after acceptance; beyond the approved amount needs a raise and a new approval.
    const req2 = (await pay({ amountFen: 4_500_000, payee: '吉安市某市政工程有限公司', receipt: { filename: '发票2.jpg', mime: 'image/png', dataBase64: PNG } }));
    expect(req2.json().error).toBe('project_over_approved');
    expect((await step(community, 'raise', { amountFen: 12_500_000, reason: '增加一段排水管' })).statusCode).toBe(200);
    expect(p.pendingLevel).toBe('community');
    expect((await step(community2, 'approve', { reason: '同意追加' })).statusCode).toBe(200);
    expect((await step(township, 'approve', { reason: '同意追加' })).statusCode).toBe(200);
    expect(p).toMatchObject({ approvedFen: 12_500_000, status: 'accepted' });
    const req3 = await pay({ amountFen: 4_500_000, payee: '吉安市某市政工程有限公司', receipt: { filename: '发票2.png', mime: 'image/png', dataBase64: PNG } });
    expect(req3.statusCode).toBe(201);
    expect((await decide(township, req3.json().id)).statusCode).toBe(200);

    expect((await step(community, 'close', { finalCostFen: 12_000_000 })).json().error).toBe('project_final_cost_mismatch');
    expect((await step(community, 'close', { finalCostFen: 12_500_000 })).statusCode).toBe(200);
    expect(p).toMatchObject({ status: 'closed', paidFen: 12_500_000, finalCostFen: 12_500_000 });

    const childFund = (await community.inject({ url: `/api/funds/${alloc.fundId}` })).json();
    expect(childFund.balance.totalFen).toBe(30_000_000 - 12_500_000);

    // The public page: no account, no personal data.
    const pub = await env.app.inject({ url: '/api/public/accounts/places/360802004001' });
    expect(pub.statusCode).toBe(200);
    const page = pub.json();
    const shown = page.projects.find((x: { id: string }) => x.id === p.id);
    expect(shown).toMatchObject({ status: 'closed', paidFen: 12_500_000, households: 86, sourceLabel: appeal.number });
    expect(shown.acceptance.signers).toEqual([{ role: '居民代表', name: '王**' }, { role: '监督委员会', name: '李**' }]);
    expect(shown.approvals.map((a: { level: string }) => a.level)).toEqual(['村（社区）', '乡镇（街道）', '村（社区）', '乡镇（街道）']);
    expect(pub.body).not.toContain('王秀英');
    expect(pub.body).not.toContain('13807961234');
    expect(page.spendingByCategory).toEqual([{ category: 'drains', name: '排水沟渠', fen: 12_500_000 }]);
    // The milestone's photo is public; the receipt is not reachable that way.
    const photoId = shown.milestones[0].photos[0];
    const photo = await env.app.inject({ url: `/api/public/accounts/photos/${p.id}/${photoId}` });
    expect(photo.headers['content-type']).toBe('image/png');
    expect((await env.app.inject({ url: `/api/public/accounts/photos/${p.id}/${req1.json().receiptId}` })).statusCode).toBe(404);
    const fundPage = (await env.app.inject({ url: `/api/public/accounts/funds/${fund.id}` })).json();
    expect(fundPage.projects.map((x: { id: string }) => x.id)).toContain(p.id);
    const xlsx = await env.app.inject({ url: '/api/public/accounts/places/360802004001/export' });
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');

    // The resident's own tracking page says what the fund did, in plain words.
    const track = (await env.app.inject({ url: `/api/public/track?number=${appeal.number}&last4=1234` })).json();
    const texts = track.timeline.map((e: { text: string }) => e.text);
    expect(texts).toContain('已列入社区吹哨专项基金项目「上阳明路排水沟及路面修复」，批准资金 125000.00 元');
    expect(texts).toContain('「上阳明路排水沟及路面修复」已完工并经居民验收：用社区吹哨专项基金 0 天解决');

    // Figures count it, whistle to acceptance in days.
    const fig = (await county.inject({ url: '/api/funds/figures' })).json();
    expect(fig.toAcceptance.find((x: { id: string }) => x.id === p.id).days).toBe(0);
    expect(fig.households).toBeGreaterThanOrEqual(86);
  });

  it('reversing a payment gives the money back to the fund and the project, as new entries', async () => {
    const fund = (await post(township, '/api/funds', { regionCode: '360802004', kind: 'whistle', name: '街道路灯基金', year: 2026, budgetFen: 1_000_000 })).json();
    let p = (await post(township, '/api/fund-projects', { fundId: fund.id, sourceKind: 'community', regionCode: '360802004002', title: '路灯更换', category: 'lights', estimateFen: 800_000 })).json();
    // 8,000 yuan at a community: the community approves (another person, of that community).
    const c2 = (await signIn(env, ['community_staff'], '360802004002')).session;
    p = (await post(c2, `/api/fund-projects/${p.id}/actions/approve`, { version: p.version, reason: '同意' })).json();
    expect(p.status).toBe('approved');
    const r = (await post(c2, `/api/fund-projects/${p.id}/payments`, { amountFen: 800_000, payee: '某照明公司', receipt: { filename: 'r.pdf', mime: 'application/pdf', dataBase64: PDF } })).json();
    const paid = (await post(township, `/api/fund-projects/${p.id}/payments/${r.id}/decision`, { approve: true, reason: '同意' })).json();
    expect((await township.inject({ url: `/api/funds/${fund.id}` })).json().balance.totalFen).toBe(200_000);
    const rev = await post(township, `/api/funds/${fund.id}/entries/${paid.entryId}/reverse`, { reason: '付款账户错误' });
    expect(rev.statusCode).toBe(201);
    expect((await township.inject({ url: `/api/funds/${fund.id}` })).json().balance.totalFen).toBe(1_000_000);
    const detail = (await township.inject({ url: `/api/fund-projects/${p.id}` })).json();
    expect(detail.paidFen).toBe(0);
    expect(detail.payments[0].status).toBe('reversed');
  });

  it('takes a meeting’s decided action as a source, read through the deliberation module within the caller’s scope', async () => {
    const fund = (await post(township, '/api/funds', { regionCode: '360802004', kind: 'whistle', name: '议事项目基金', year: 2026, budgetFen: 1_000_000 })).json();
    // A real decided action of 习溪桥社区's 楼栋会 (the deliberation demo), read through the meetings service.
    const { generateDemoMeetings } = await import('../../generate/meetings.js');
    const [staff] = await env.database.query<{ id: string }>(`select id from users order by created_at limit 1`);
    await generateDemoMeetings(env.database, { seed: 7, community: '360802004002', township: '360802004', now: new Date(), staffUserId: staff.id, proposerUserId: null });
    const [action] = await env.database.query<{ id: string; title: string }>(`select id, title from meeting_actions where region_code like '360802004002%' order by created_at limit 1`);
    const body = { fundId: fund.id, sourceKind: 'meeting_action', sourceId: action.id, title: '加装护栏', category: 'guard_rails', estimateFen: 100_000 };
    const ok = await post(township, '/api/fund-projects', body);
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toMatchObject({ sourceKind: 'meeting_action', sourceLabel: action.title, regionCode: '360802004002' });
    expect((await post(township, '/api/fund-projects', { ...body, sourceId: 'nope' })).statusCode).toBe(404);
    // Another township's dispatcher does not see that action: 404, as if it did not exist.
    expect((await post(neighbour, '/api/fund-projects', body)).statusCode).toBe(404);
  });

  it('hides projects outside the caller’s area and refuses proposing there', async () => {
    const fund = (await post(township, '/api/funds', { regionCode: '360802004', kind: 'whistle', name: '范围测试基金', year: 2026, budgetFen: 1_000_000 })).json();
    const p = (await post(township, '/api/fund-projects', { fundId: fund.id, sourceKind: 'community', regionCode: '360802004002', title: '护栏', category: 'guard_rails', estimateFen: 1000 })).json();
    expect((await neighbour.inject({ url: `/api/fund-projects/${p.id}` })).statusCode).toBe(404);
    expect((await neighbour.inject({ url: '/api/fund-projects?pageSize=200' })).json().items.map((x: { id: string }) => x.id)).not.toContain(p.id);
    expect((await post(neighbour, `/api/fund-projects/${p.id}/actions/approve`, { version: 1, reason: 'x' })).statusCode).toBe(404);
    // community staff of 上阳明路 cannot see a project in 习溪桥居委会, nor propose there.
    expect((await community.inject({ url: `/api/fund-projects/${p.id}` })).statusCode).toBe(404);
    const outside = await post(community, '/api/fund-projects', { fundId: fund.id, sourceKind: 'community', regionCode: '360802004002', title: 'x', category: 'lights', estimateFen: 100 });
    expect(outside.statusCode).toBe(403);
    const negative = await post(township, '/api/fund-projects', { fundId: fund.id, sourceKind: 'community', regionCode: '360802004002', title: 'x', category: 'lights', estimateFen: -100 });
    expect(negative.statusCode).toBe(400);
  });
});
