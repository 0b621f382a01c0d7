/**
 * The enterprise figures by commissioner, department and park with the requesters' satisfaction, and
 * a firm's business disputes (the mediation cases it is a party to, as mediation lets the viewer see).
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, makeOrg, signIn, type Session, type TestEnv } from '../../test/helpers.js';
import { IN_GRID, makeAppealWorld, type AppealWorld } from '../../test/appeal-world.js';
import { checkCharacter } from './credit-code.js';

let env: TestEnv;
let w: AppealWorld;
let commissioner: { session: Session; id: string };
const firms: { id: string; creditCode: string; name: string }[] = [];
const appealIds: string[] = [];

const code = (n: number) => {
  const body = `91360802MA${String(n).padStart(6, '0')}X`;
  return body + checkCharacter(body);
};

async function step(id: string, action: string, body: Record<string, unknown> = {}, s = w.as.dispatcher) {
  const a = (await s.inject({ url: `/api/appeals/${id}` })).json();
  const res = await s.inject({ method: 'POST', url: `/api/appeals/${id}/actions/${action}`, payload: { version: a.version, ...body } });
  if (res.statusCode !== 200) throw new Error(`${action}: ${res.statusCode} ${res.body}`);
}
async function closeWith(id: string, rating: string) {
  await step(id, 'accept');
  await step(id, 'dispatch', { leadOrgId: w.orgs.urban });
  await step(id, 'sign', {}, w.as.handler);
  await step(id, 'handle', { result: '已协调解决' }, w.as.handler);
  await step(id, 'feedback');
  await step(id, 'evaluate', { rating, method: 'callback' });
  await step(id, 'evaluate_org', { rating: 'good', verified: true });
}

beforeAll(async () => {
  env = await createTestEnv();
  w = await makeAppealWorld(env);
  const industry = await makeOrg(env.database, { name: '吉州区工业和信息化局', regionCode: '360802' });
  const c = await signIn(env, ['commissioner'], '360802', { orgId: industry });
  commissioner = { session: c.session, id: c.user.id };
  expect((await w.as.admin.inject({ method: 'POST', url: '/api/enterprise-commissioners', payload: { userId: c.user.id, regionCode: '360802004', orgId: industry, title: '重点企业特派员' } })).statusCode).toBe(201);
  for (const [i, park] of [[81, '吉州工业园'], [82, '吉州工业园'], [83, '井冈山经开区']] as const) {
    const res = await w.as.dispatcher.inject({
      method: 'POST',
      url: '/api/enterprises',
      payload: { creditCode: code(i), name: `吉安市统计测试企业${i}有限公司`, industry: 'electronics', size: 'medium', regionCode: '360802004001001', park, location: IN_GRID, contactName: '陈经理', contactPhone: '13907963333' },
    });
    expect(res.statusCode, res.body).toBe(201);
    firms.push(res.json());
  }
  // The first firm has the commissioner at its door.
  const f0 = (await w.as.dispatcher.inject({ url: `/api/enterprises/${firms[0].id}` })).json();
  expect((await w.as.dispatcher.inject({ method: 'POST', url: `/api/enterprises/${firms[0].id}/assignment`, payload: { version: f0.version, commissionerUserId: commissioner.id } })).statusCode).toBe(200);
  for (const [i, f] of [firms[0], firms[0], firms[2]].entries()) {
    const res = await w.as.dispatcher.inject({ method: 'POST', url: '/api/enterprise-appeals', payload: { enterpriseId: f.id, content: `融资与用地问题 ${i}`, categoryCode: '1002' } });
    expect(res.statusCode, res.body).toBe(201);
    appealIds.push(res.json().appealId);
  }
  await closeWith(appealIds[0], 'satisfied');
  await closeWith(appealIds[1], 'basically_satisfied');
  // The commissioner's visit to the first firm.
  expect((await commissioner.session.inject({ method: 'POST', url: `/api/enterprises/${firms[0].id}/visits`, payload: { findings: '订单饱满，用工紧张', policies: ['稳岗补贴'] } })).statusCode).toBe(201);
});
afterAll(() => env.close());

type Row = { key: string; name: string; accepted: number; closed: number; evaluations: number; satisfied: number; basicallySatisfied: number; satisfactionRate: number | null; avgClosureHours: number | null; avgResponseMinutes: number | null; visits: number | null };
const by = async (s: Session, dimension: string, extra = '') => {
  const res = await s.inject({ url: `/api/enterprise-figures/by?dimension=${dimension}${extra}` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().items as Row[];
};

describe('figures by commissioner, department and park', () => {
  it('counts by park with the requesters’ satisfaction (满意 + 0.9 × 基本满意) ÷ valid evaluations', async () => {
    const parks = await by(w.as.dispatcher, 'park');
    expect(parks.find((r) => r.name === '吉州工业园')).toMatchObject({ accepted: 2, closed: 2, evaluations: 2, satisfied: 1, basicallySatisfied: 1, satisfactionRate: 0.95, visits: 1 });
    expect(parks.find((r) => r.name === '井冈山经开区')).toMatchObject({ accepted: 1, closed: 0, evaluations: 0, satisfactionRate: null });
    const p = parks.find((r) => r.name === '吉州工业园')!;
    expect(p.avgClosureHours).not.toBeNull();
    expect(p.avgResponseMinutes).not.toBeNull();
  });

  it('counts by commissioner (the firm’s) and by handling department', async () => {
    const cs = await by(w.as.dispatcher, 'commissioner');
    expect(cs.find((r) => r.key === commissioner.id)).toMatchObject({ accepted: 2, closed: 2, satisfactionRate: 0.95, visits: 1 });
    expect(cs.find((r) => r.key === '')).toMatchObject({ name: '未指定特派员', accepted: 1 });
    const ds = await by(w.as.dispatcher, 'department');
    expect(ds.find((r) => r.key === w.orgs.urban)).toMatchObject({ name: '吉州区城市管理局', accepted: 2, closed: 2, evaluations: 2 });
    expect(ds.find((r) => r.key === '')).toMatchObject({ name: '未派遣', accepted: 1, visits: null });
  });

  it('gives a firm its own satisfaction, and the period’s figures theirs', async () => {
    const [mine] = await by(w.as.dispatcher, 'firm', `&enterpriseId=${firms[0].id}`);
    expect(mine).toMatchObject({ key: firms[0].id, accepted: 2, satisfied: 1, basicallySatisfied: 1, satisfactionRate: 0.95 });
    const ea = (await w.as.dispatcher.inject({ url: `/api/enterprise-appeals?enterpriseId=${firms[0].id}` })).json();
    expect(ea.items.map((a: { rating: string }) => a.rating).sort()).toEqual(['basically_satisfied', 'satisfied']);
    const day = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const f = (await w.as.dispatcher.inject({ url: `/api/enterprise-figures?from=${day}&to=${day}` })).json();
    expect(f.satisfaction).toEqual({ evaluations: 2, satisfied: 1, basicallySatisfied: 1, dissatisfied: 0, rate: 0.95 });
    // The ledger has a sheet per breakdown.
    const ledger = await w.as.dispatcher.inject({ url: `/api/enterprise-figures/ledger.xlsx?from=${day}&to=${day}` });
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(ledger.rawPayload as unknown as ArrayBuffer);
    const parks = book.getWorksheet('按园区')!;
    const rows = [2, 3].map((r) => parks.getRow(r).values as unknown[]);
    expect(rows.find((r) => r[1] === '吉州工业园')?.slice(1, 4)).toEqual(['吉州工业园', 2, 2]);
    expect(book.getWorksheet('按特派员')).toBeDefined();
    expect(book.getWorksheet('按部门')).toBeDefined();
  });

  it('shows another county nothing (cross-scope), refuses a bad dimension (400) and a half period (400)', async () => {
    for (const d of ['park', 'commissioner', 'department']) expect(await by(w.as.otherDispatcher, d)).toEqual([]);
    expect((await w.as.dispatcher.inject({ url: '/api/enterprise-figures/by?dimension=chain' })).statusCode).toBe(400);
    const half = await w.as.dispatcher.inject({ url: '/api/enterprise-figures/by?dimension=park&from=2026-01-01' });
    expect(half.statusCode).toBe(400);
    expect(half.json().details?.field ?? half.json().message).toContain('to');
  });
});

describe('a firm’s business disputes (商会调解)', () => {
  let federation: Session;
  let caseId: string;
  beforeAll(async () => {
    const chamber = await makeOrg(env.database, { name: '吉州区总商会人民调解委员会', kind: 'chamber_mediation', regionCode: '360802' });
    const fed = await makeOrg(env.database, { name: '吉州区工商联非公有制企业维权服务中心', regionCode: '360802' });
    federation = (await signIn(env, ['handler'], '360802', { orgId: fed })).session;
    const res = await federation.inject({
      method: 'POST',
      url: '/api/mediation/cases',
      payload: {
        bodyId: chamber,
        source: 'federation',
        kind: 'contract',
        title: '设备货款纠纷',
        summary: '两家会员企业因设备验收争议拖欠货款，工商联转商会调解。',
        amountFen: 86_000_000,
        parties: [
          { side: 'applicant', kind: 'enterprise', enterpriseName: firms[0].name, creditCode: firms[0].creditCode, representative: '陈总' },
          { side: 'respondent', kind: 'enterprise', enterpriseName: firms[2].name, creditCode: firms[2].creditCode },
        ],
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    caseId = res.json().id;
  });

  it('lists the cases the firm is a party to, for a viewer mediation lets see them', async () => {
    for (const f of [firms[0], firms[2]]) {
      const res = await federation.inject({ url: `/api/enterprises/${f.id}/disputes` });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ readable: true, total: 1, items: [{ id: caseId, title: '设备货款纠纷', kind: 'contract', bodyName: '吉州区总商会人民调解委员会', amountFen: 86_000_000 }] });
    }
    // A firm that is no party: none.
    expect((await federation.inject({ url: `/api/enterprises/${firms[1].id}/disputes` })).json()).toMatchObject({ readable: true, total: 0, items: [] });
  });

  it('respects mediation’s visibility: a desk outside the case sees none; no mediation permission says so; another county 404', async () => {
    // The township desk may read mediation cases, but not this one (neither its body nor the referrer).
    expect((await w.as.dispatcher.inject({ url: `/api/enterprises/${firms[0].id}/disputes` })).json()).toMatchObject({ readable: true, total: 0, items: [] });
    // A commissioner has no mediation permission at all.
    expect((await commissioner.session.inject({ url: `/api/enterprises/${firms[0].id}/disputes` })).json()).toMatchObject({ readable: false, items: [] });
    // The firm itself is outside another county's scope.
    expect((await w.as.otherDispatcher.inject({ url: `/api/enterprises/${firms[0].id}/disputes` })).statusCode).toBe(404);
  });
});
