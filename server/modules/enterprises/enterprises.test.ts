import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, makeOrg, multipartForm, signIn, type Session, type TestEnv } from '../../test/helpers.js';
import { IN_GRID, makeAppealWorld, type AppealWorld } from '../../test/appeal-world.js';
import { checkCharacter } from './credit-code.js';

let env: TestEnv;
let w: AppealWorld;
let commissioner: { session: Session; id: string };
let farCommissioner: { session: Session; id: string };
let firm: { id: string; version: number };
let industry: string;

/** A valid credit code of 吉州区 from a sequence number. */
const code = (n: number) => {
  const body = `91360802MA${String(n).padStart(6, '0')}X`;
  return body + checkCharacter(body);
};
const firmBody = (n: number, extra: Record<string, unknown> = {}) => ({
  creditCode: code(n),
  name: `吉安市测试电子有限公司${n}`,
  industry: 'electronics',
  size: 'medium',
  regionCode: '360802004001001',
  park: '吉州工业园',
  location: IN_GRID,
  contactName: '刘经理',
  contactPhone: '13907961111',
  ...extra,
});

beforeAll(async () => {
  env = await createTestEnv();
  w = await makeAppealWorld(env);
  industry = await makeOrg(env.database, { name: '吉州区工业和信息化局', regionCode: '360802' });
  const c = await signIn(env, ['commissioner'], '360802', { orgId: industry });
  const f = await signIn(env, ['commissioner'], '360802', { orgId: industry });
  commissioner = { session: c.session, id: c.user.id };
  farCommissioner = { session: f.session, id: f.user.id };
  for (const [u, area] of [[c.user.id, '360802004'], [f.user.id, '360802001']] as const) {
    const r = await w.as.admin.inject({ method: 'POST', url: '/api/enterprise-commissioners', payload: { userId: u, regionCode: area, orgId: industry, title: '重点企业特派员' } });
    expect(r.statusCode).toBe(201);
  }
});
afterAll(() => env.close());

async function count(s: Session) {
  return (await s.inject({ url: '/api/enterprises?pageSize=1' })).json().total as number;
}

describe('the enterprise register', () => {
  it('registers a firm with its code checked and its phone masked', async () => {
    const res = await w.as.dispatcher.inject({ method: 'POST', url: '/api/enterprises', payload: firmBody(1) });
    expect(res.statusCode).toBe(201);
    const f = res.json();
    expect(f).toMatchObject({ creditCode: code(1), contactPhone: '139****1111', park: '吉州工业园', commissioner: null, version: 1 });
    expect(JSON.stringify(f)).not.toContain('13907961111');
    firm = f;
    expect((await w.as.dispatcher.inject({ url: `/api/enterprises/${f.id}` })).json()).toEqual(f);
  });

  it('refuses an invalid credit code (400 naming it) and a duplicate (409), writing nothing', async () => {
    const before = await count(w.as.dispatcher);
    const bad = await w.as.dispatcher.inject({ method: 'POST', url: '/api/enterprises', payload: firmBody(2, { creditCode: '91350100M000100Y44' }) });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toBe('invalid_credit_code');
    expect(bad.json().message).toContain('91350100M000100Y44');
    expect(bad.json().message).toContain('校验位应为 3');
    const en = await w.as.dispatcher.inject({ method: 'POST', url: '/api/enterprises', headers: { 'accept-language': 'en' }, payload: firmBody(2, { creditCode: 'ABC' }) });
    expect(en.json().message).toContain('has 3 characters instead of 18');
    const dup = await w.as.dispatcher.inject({ method: 'POST', url: '/api/enterprises', payload: firmBody(1, { name: '另一家' }) });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error).toBe('enterprise_duplicate');
    const phone = await w.as.dispatcher.inject({ method: 'POST', url: '/api/enterprises', payload: firmBody(3, { contactPhone: '12' }) });
    expect(phone.statusCode).toBe(400);
    expect(await count(w.as.dispatcher)).toBe(before);
  });

  it('hides a firm outside the caller’s area (404) and refuses to place one there (403)', async () => {
    expect((await w.as.otherDispatcher.inject({ url: `/api/enterprises/${firm.id}` })).statusCode).toBe(404);
    const seen = (await w.as.otherDispatcher.inject({ url: '/api/enterprises?pageSize=200' })).json().items.map((r: { id: string }) => r.id);
    expect(seen).not.toContain(firm.id);
    const out = await w.as.dispatcher.inject({ method: 'POST', url: '/api/enterprises', payload: firmBody(4, { regionCode: '360802001001', location: undefined }) });
    expect(out.statusCode).toBe(403);
    expect(out.json().error).toBe('out_of_scope');
    // A grid worker reads the register but does not write it.
    expect((await w.as.gridWorker.inject({ method: 'POST', url: '/api/enterprises', payload: firmBody(5) })).statusCode).toBe(403);
  });

  it('imports an Excel sheet with row errors: all or nothing, or the valid rows', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('企业名录');
    ws.addRow(['统一社会信用代码', '企业名称', '行业', '规模', '所在区划代码', '园区', '地址', '联系人', '联系电话']);
    ws.addRow([code(10), '吉安导入甲公司', '电子信息', '小型', '360802004', '吉州工业园', '', '张三', '13907962222']);
    ws.addRow(['91350100M000100Y44', '校验位错的公司', '电子信息', '小型', '360802004']);
    ws.addRow([code(1), '重复的公司', '装备制造', '中型', '360802004']);
    ws.addRow([code(11), '行业不对的公司', '挖矿', '中型', '360802004']);
    const file = Buffer.from(await wb.xlsx.writeBuffer());
    const post = (mode: string) => {
      const form = multipartForm({ mode }, { name: '企业.xlsx', data: file });
      return w.as.dispatcher.inject({ method: 'POST', url: '/api/enterprises/import', headers: form.headers, payload: form.payload });
    };
    const before = await count(w.as.dispatcher);
    const all = await post('all_or_nothing');
    expect(all.statusCode).toBe(200);
    expect(all.json()).toMatchObject({ total: 4, created: 0 });
    expect(all.json().errors.map((e: { row: number; column: string }) => [e.row, e.column])).toEqual([[3, '统一社会信用代码'], [4, '统一社会信用代码'], [5, '行业']]);
    expect(await count(w.as.dispatcher)).toBe(before);
    const some = await post('valid_rows');
    expect(some.json()).toMatchObject({ total: 4, created: 1 });
    expect(await count(w.as.dispatcher)).toBe(before + 1);
  });
});

describe('commissioners (企业特派员)', () => {
  it('assigns a commissioner serving the firm’s area; refuses one outside it (409) or a non-commissioner (403)', async () => {
    const far = await w.as.dispatcher.inject({ method: 'POST', url: `/api/enterprises/${firm.id}/assignment`, payload: { version: firm.version, commissionerUserId: farCommissioner.id } });
    expect(far.statusCode).toBe(409);
    expect(far.json().error).toBe('commissioner_outside_area');
    const dispatcher = await signIn(env, ['dispatcher'], '360802004');
    const not = await w.as.dispatcher.inject({ method: 'POST', url: `/api/enterprises/${firm.id}/assignment`, payload: { version: firm.version, commissionerUserId: dispatcher.user.id } });
    expect(not.statusCode).toBe(403);
    expect(not.json().error).toBe('not_a_commissioner');
    const ok = await w.as.dispatcher.inject({ method: 'POST', url: `/api/enterprises/${firm.id}/assignment`, payload: { version: firm.version, commissionerUserId: commissioner.id, departmentOrgId: industry, leaderUserId: w.as.leaderId } });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ commissioner: { id: commissioner.id }, department: { id: industry, name: '吉州区工业和信息化局' }, leader: { id: w.as.leaderId }, version: 2 });
    firm = ok.json();
  });

  it('refuses a visit by someone not a commissioner (403) and by a commissioner of another area (409)', async () => {
    const body = { findings: '企业运转正常', policies: ['稳岗补贴'] };
    const byDispatcher = await w.as.dispatcher.inject({ method: 'POST', url: `/api/enterprises/${firm.id}/visits`, payload: body });
    expect(byDispatcher.statusCode).toBe(403);
    expect(byDispatcher.json().error).toBe('not_a_commissioner');
    const far = await farCommissioner.session.inject({ method: 'POST', url: `/api/enterprises/${firm.id}/visits`, payload: body });
    expect(far.statusCode).toBe(409);
    expect(far.json().error).toBe('commissioner_outside_area');
    // A problem of an unknown category: 400, and no visit is left behind.
    const badProblem = await commissioner.session.inject({ method: 'POST', url: `/api/enterprises/${firm.id}/visits`, payload: { ...body, problems: [{ content: '用地', categoryCode: '9999' }] } });
    expect(badProblem.statusCode).toBe(400);
    expect(badProblem.json().error).toBe('unknown_value');
    expect((await w.as.dispatcher.inject({ url: `/api/enterprise-visits?enterpriseId=${firm.id}` })).json().total).toBe(0);
  });
});

type EA = { appealId: string; number: string; title?: string; status: string; ownedByFirstContact: boolean; firstContact: { id: string }; receivedAt: string; releasedAt: string | null; visitId: string | null; tiers: { tier: string; dueAt: string; metAt: string | null; state: string }[] };
const tier = (a: EA, t: string) => a.tiers.find((x) => x.tier === t)!;

async function step(s: Session, id: string, action: string, body: Record<string, unknown> = {}) {
  const a = (await s.inject({ url: `/api/appeals/${id}` })).json();
  const res = await s.inject({ method: 'POST', url: `/api/appeals/${id}/actions/${action}`, payload: { version: a.version, ...body } });
  if (res.statusCode !== 200) throw new Error(`${action}: ${res.statusCode} ${res.body}`);
  return res.json();
}

describe('enterprise appeals', () => {
  let raised: EA;

  it('a commissioner’s visit raises a problem as an enterprise appeal owned by its first contact', async () => {
    const res = await commissioner.session.inject({
      method: 'POST',
      url: `/api/enterprises/${firm.id}/visits`,
      payload: { findings: '新厂房扩产，流动资金紧张', policies: ['普惠小微贷款', '技改补贴'], problems: [{ content: '扩产需流动资金贷款 3500 万元', categoryCode: '1002', amountFen: 3_500_000_000 }] },
    });
    expect(res.statusCode, res.body).toBe(201);
    const v = res.json();
    expect(v.problems).toHaveLength(1);
    expect(v.problems[0].number).toMatch(/^360802-/);
    raised = (await w.as.dispatcher.inject({ url: `/api/enterprise-appeals/${v.problems[0].appealId}` })).json();
    expect(raised).toMatchObject({ status: 'registered', visitId: v.id, ownedByFirstContact: true, firstContact: { id: commissioner.id }, amountFen: 3_500_000_000 });
    const at = Date.parse(raised.receivedAt);
    expect(Date.parse(tier(raised, 'respond').dueAt) - at).toBe(60 * 60_000);
    expect(Date.parse(tier(raised, 'solution').dueAt) - at).toBe(24 * 3600_000);
    expect(Date.parse(tier(raised, 'close').dueAt) - at).toBe(7 * 86_400_000);
    // The appeal itself is of the 企业 channel, the firm its requester.
    const appeal = (await w.as.dispatcher.inject({ url: `/api/appeals/${raised.appealId}` })).json();
    expect(appeal).toMatchObject({ channel: 'enterprise', requesterKind: 'enterprise', enterpriseName: '吉安市测试电子有限公司1' });
    // Coverage of the commissioner's firms.
    const list = (await w.as.dispatcher.inject({ url: '/api/enterprise-commissioners' })).json();
    expect(list.items.find((c: { userId: string }) => c.userId === commissioner.id)).toMatchObject({ firms: 1, firmsVisited: 1, visits: 1, problemsRaised: 1 });
  });

  it('follows the appeal: accepted meets the response, dispatch releases the first contact, closure meets the last tier', async () => {
    const id = raised.appealId;
    await step(w.as.dispatcher, id, 'accept');
    let a: EA = (await w.as.dispatcher.inject({ url: `/api/enterprise-appeals/${id}` })).json();
    expect(tier(a, 'respond').state).toBe('on_time');
    expect(a.ownedByFirstContact).toBe(true);
    await step(w.as.dispatcher, id, 'dispatch', { leadOrgId: w.orgs.urban });
    a = (await w.as.dispatcher.inject({ url: `/api/enterprise-appeals/${id}` })).json();
    expect(a.ownedByFirstContact).toBe(false);
    expect(a.releasedAt).not.toBeNull();

    const sol = await w.as.handler.inject({ method: 'POST', url: `/api/enterprise-appeals/${id}/solution`, payload: { solution: '协调吉安农商行授信 3500 万元', amountFen: 3_500_000_000 } });
    expect(sol.statusCode).toBe(200);
    expect(tier(sol.json(), 'solution').state).toBe('on_time');
    const again = await w.as.handler.inject({ method: 'POST', url: `/api/enterprise-appeals/${id}/solution`, payload: { solution: '再来一次' } });
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toBe('enterprise_appeal_not_open');
    // A department of another county does not see it.
    expect((await w.as.otherHandler.inject({ method: 'POST', url: `/api/enterprise-appeals/${id}/solution`, payload: { solution: 'x' } })).statusCode).toBe(404);

    await step(w.as.handler, id, 'sign');
    await step(w.as.handler, id, 'handle', { result: '贷款已放款' });
    await step(w.as.dispatcher, id, 'feedback');
    await step(w.as.dispatcher, id, 'evaluate', { rating: 'satisfied', method: 'callback' });
    await step(w.as.dispatcher, id, 'evaluate_org', { rating: 'good', verified: true });
    a = (await w.as.dispatcher.inject({ url: `/api/enterprise-appeals/${id}` })).json();
    expect(a.status).toBe('closed');
    expect(a.tiers.map((t) => t.state)).toEqual(['on_time', 'on_time', 'on_time']);
    const late = await w.as.dispatcher.inject({ method: 'POST', url: `/api/enterprise-appeals/${id}/withdraw`, payload: { reason: 'x', askedBy: 'firm' } });
    expect(late.statusCode).toBe(409);
  });

  it('configures the tiers (admin only, checked) and lists withdrawals for the month’s audit', async () => {
    const tiers = [{ tier: 'respond', amount: 2, unit: 'hours' }, { tier: 'solution', amount: 1, unit: 'days' }, { tier: 'close', amount: 5, unit: 'days' }];
    expect((await w.as.dispatcher.inject({ method: 'PUT', url: '/api/enterprise-clock-tiers', payload: { tiers } })).statusCode).toBe(403);
    expect((await w.as.admin.inject({ method: 'PUT', url: '/api/enterprise-clock-tiers', payload: { tiers: [{ tier: 'respond', amount: 2, unit: 'weeks' }, ...tiers.slice(1)] } })).statusCode).toBe(400);
    expect((await w.as.admin.inject({ method: 'PUT', url: '/api/enterprise-clock-tiers', payload: { tiers } })).statusCode).toBe(200);
    const res = await w.as.dispatcher.inject({ method: 'POST', url: '/api/enterprise-appeals', payload: { enterpriseId: firm.id, content: '用电增容报装迟迟未办', categoryCode: '1002' } });
    expect(res.statusCode).toBe(201);
    const a: EA = res.json();
    expect(Date.parse(tier(a, 'respond').dueAt) - Date.parse(a.receivedAt)).toBe(2 * 3600_000);
    expect(a.firstContact.id).not.toBe(commissioner.id);
    const wd = await w.as.dispatcher.inject({ method: 'POST', url: `/api/enterprise-appeals/${a.appealId}/withdraw`, payload: { reason: '部门电话要求企业撤回', askedBy: 'department' } });
    expect(wd.statusCode).toBe(200);
    const month = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7);
    const audit = (await w.as.dispatcher.inject({ url: `/api/enterprise-appeals?withdrawn=true&month=${month}` })).json();
    expect(audit.items.map((x: EA) => x.appealId)).toEqual([a.appealId]);
    expect(audit.items[0]).toMatchObject({ withdrawAskedBy: 'department', ownedByFirstContact: false });
    // An unknown firm: 404, nothing registered.
    const none = await w.as.dispatcher.inject({ method: 'POST', url: '/api/enterprise-appeals', payload: { enterpriseId: '00000000-0000-4000-8000-000000000000', content: 'x', categoryCode: '1002' } });
    expect(none.statusCode).toBe(404);

    const day = month + '-01';
    const f = (await w.as.dispatcher.inject({ url: `/api/enterprise-figures?from=${day}&to=2099-12-31` })).json();
    expect(f.appeals).toMatchObject({ accepted: 2, closed: 1, withdrawn: 1, withdrawnAskedByDepartment: 1 });
    expect(f.tiers.find((t: { tier: string }) => t.tier === 'close')).toMatchObject({ met: 1, onTime: 1 });
    expect(f.visits).toMatchObject({ visits: 1, firms: 1, problemsRaised: 1 });
    // The ledger: the same appeals, a row each, with their tiers.
    const ledger = await w.as.dispatcher.inject({ url: `/api/enterprise-figures/ledger.xlsx?from=${day}&to=2099-12-31` });
    expect(ledger.statusCode).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(ledger.rawPayload as unknown as ArrayBuffer);
    const sheet = book.getWorksheet('企业诉求台账')!;
    expect(sheet.rowCount).toBe(3);
    const cells = [2, 3].map((r) => String(sheet.getRow(r).getCell(1).value));
    expect(cells.sort()).toEqual([raised.number, a.number].sort());
    expect(JSON.stringify(sheet.getRow(1).values)).toContain('办结情况');
    expect(ledger.body).not.toContain('13907961111');
  });
});

describe('industrial chains (链长制)', () => {
  let chainId: string;
  it('creates a chain with its leader and departments, members and a project; the leader sees it as theirs', async () => {
    const res = await w.as.admin.inject({ method: 'POST', url: '/api/chains', payload: { name: '电子信息产业链', regionCode: '360802', leaderUserId: w.as.leaderId, leadOrgId: industry, responsibleOrgIds: [w.orgs.urban] } });
    expect(res.statusCode).toBe(201);
    chainId = res.json().id;
    expect((await w.as.leader.inject({ method: 'POST', url: `/api/chains/${chainId}/members`, payload: { enterpriseIds: [firm.id], role: 'leading' } })).statusCode).toBe(200);
    const pr = await w.as.leader.inject({ method: 'POST', url: `/api/chains/${chainId}/projects`, payload: { name: '5G 模组扩产项目', investmentFen: 120_000_000_00, status: 'building' } });
    expect(pr.statusCode, pr.body).toBe(200);
    const d = pr.json();
    expect(d.chain).toMatchObject({ members: 1, projects: 1, investmentFen: 120_000_000_00, leader: { id: w.as.leaderId }, leadOrg: { name: '吉州区工业和信息化局' } });
    expect(d.firms[0]).toMatchObject({ id: firm.id, role: 'leading' });
    expect((await w.as.leader.inject({ url: '/api/chains?mine=true' })).json().map((c: { id: string }) => c.id)).toEqual([chainId]);
    expect((await w.as.dispatcher.inject({ url: '/api/chains?mine=true' })).json()).toEqual([]);
    // …and on their workbench.
    const bench = (await w.as.leader.inject({ url: '/api/workbench' })).json();
    expect(bench.chains).toEqual([{ id: chainId, name: '电子信息产业链', members: 1, problemsOpen: 0, problemsOverdue: 0, problemsClosed: 0 }]);
    expect((await w.as.dispatcher.inject({ url: '/api/workbench' })).json().chains).toEqual([]);
    // The firm's page names its chain.
    expect((await w.as.dispatcher.inject({ url: `/api/enterprises/${firm.id}` })).json().chains).toEqual([{ id: chainId, name: '电子信息产业链' }]);
    expect((await w.as.otherHandler.inject({ url: `/api/chains/${chainId}` })).statusCode).toBe(404);
  });

  it('tracks a chain problem with its owner and deadline to closure; no owner is 400', async () => {
    const noOwner = await w.as.leader.inject({ method: 'POST', url: `/api/chains/${chainId}/problems`, payload: { kind: 'break', title: '芯片封装环节缺失', deadline: '2026-12-31' } });
    expect(noOwner.statusCode).toBe(400);
    expect(noOwner.json().message).toContain('ownerOrgId');
    const res = await w.as.leader.inject({ method: 'POST', url: `/api/chains/${chainId}/problems`, payload: { kind: 'break', title: '芯片封装环节缺失', ownerOrgId: industry, deadline: '2020-01-31' } });
    expect(res.statusCode).toBe(201);
    let p = res.json();
    expect(p).toMatchObject({ status: 'open', overdue: true, owner: { name: '吉州区工业和信息化局' } });
    expect(p.actions).toEqual(['start', 'close']);
    const bare = await w.as.leader.inject({ method: 'POST', url: `/api/chain-problems/${p.id}/actions/close`, payload: { version: p.version } });
    expect(bare.statusCode).toBe(400);
    p = (await w.as.leader.inject({ method: 'POST', url: `/api/chain-problems/${p.id}/actions/close`, payload: { version: p.version, resolution: '引进封装企业落户园区' } })).json();
    expect(p).toMatchObject({ status: 'closed', overdue: false, actions: ['reopen'] });
    const again = await w.as.leader.inject({ method: 'POST', url: `/api/chain-problems/${p.id}/actions/close`, payload: { version: p.version, resolution: 'x' } });
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toBe('chain_problem_closed');
    const d = (await w.as.leader.inject({ url: `/api/chains/${chainId}` })).json();
    expect(d.chain).toMatchObject({ problemsOpen: 0, problemsClosed: 1 });
  });
});

describe('policy documents pushed to firms', () => {
  it('pushes a policy to the matching firms of the area only, and records a read receipt once', async () => {
    // A micro food firm in the same grid: the electronics policy does not reach it.
    const other = (await w.as.dispatcher.inject({ method: 'POST', url: '/api/enterprises', payload: firmBody(20, { industry: 'food', size: 'micro' }) })).json();
    const bad = await w.as.dispatcher.inject({ method: 'POST', url: '/api/enterprise-policies', payload: { regionCode: '360802004', title: 'x', summary: 'y', industries: ['mining'] } });
    expect(bad.statusCode).toBe(400);
    const out = await w.as.dispatcher.inject({ method: 'POST', url: '/api/enterprise-policies', payload: { regionCode: '360802001', title: 'x', summary: 'y' } });
    expect(out.statusCode).toBe(403);
    const res = await w.as.dispatcher.inject({ method: 'POST', url: '/api/enterprise-policies', payload: { regionCode: '360802004', title: '电子信息企业技改补贴', summary: '设备投入的 10% 补贴', industries: ['electronics'], sizes: ['medium', 'small'] } });
    expect(res.statusCode).toBe(201);
    const p = res.json();
    // Firm 1 (medium electronics) and the imported small electronics firm; not the food firm.
    expect(p).toMatchObject({ delivered: 2, read: 0 });
    expect((await w.as.dispatcher.inject({ url: `/api/enterprises/${other.id}/policies` })).json()).toEqual([]);
    const mine = (await commissioner.session.inject({ url: `/api/enterprises/${firm.id}/policies` })).json();
    expect(mine).toMatchObject([{ id: p.id, readAt: null }]);
    const read = await commissioner.session.inject({ method: 'POST', url: `/api/enterprise-policies/${p.id}/receipts`, payload: { enterpriseId: firm.id } });
    expect(read.statusCode).toBe(200);
    expect(read.json()[0].readAt).not.toBeNull();
    expect((await commissioner.session.inject({ method: 'POST', url: `/api/enterprise-policies/${p.id}/receipts`, payload: { enterpriseId: firm.id } })).statusCode).toBe(409);
    expect((await w.as.dispatcher.inject({ method: 'POST', url: `/api/enterprise-policies/${p.id}/receipts`, payload: { enterpriseId: other.id } })).statusCode).toBe(404);
    const list = (await w.as.dispatcher.inject({ url: '/api/enterprise-policies' })).json();
    expect(list.find((x: { id: string }) => x.id === p.id)).toMatchObject({ delivered: 2, read: 1 });
    expect((await w.as.otherDispatcher.inject({ url: '/api/enterprise-policies' })).json().map((x: { id: string }) => x.id)).not.toContain(p.id);
  });
});
