import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAppealWorld } from '../../test/appeal-world.js';
import { createTestEnv, makeHousehold, signIn, type Session, type TestEnv } from '../../test/helpers.js';

let env: TestEnv;
let countyStaff: Session;
let community: Session;
let neighbour: Session;
let fundId: string;

const post = (s: Session, url: string, payload: unknown) => s.inject({ method: 'POST', url, payload: payload as Record<string, unknown> });

beforeAll(async () => {
  env = await createTestEnv();
  await makeAppealWorld(env);
  countyStaff = (await signIn(env, ['dispatcher'], '360802')).session;
  community = (await signIn(env, ['community_staff'], '360802004001')).session;
  neighbour = (await signIn(env, ['dispatcher'], '360802001')).session;
  // Hand-counted: grid …001002 has 3 households, grid …001001 has 1 (so the community has 4), and one
  // lies in another township; an archived file is not counted.
  for (let i = 0; i < 3; i++) await makeHousehold(env, { gridCode: '360802004001002' });
  await makeHousehold(env, { gridCode: '360802004001001' });
  await makeHousehold(env, { gridCode: '360802001001001' });
  const gone = await makeHousehold(env, { gridCode: '360802004001002' });
  await env.database.query(`update households set status = 'archived' where id = '${gone.id}'`);
  const fund = await post(countyStaff, '/api/funds', { regionCode: '360802', kind: 'whistle', name: '吉州区社区吹哨专项基金', year: 2026, budgetFen: 300_000_000, eligibleCategories: ['lights', 'drains'] });
  expect(fund.statusCode).toBe(201);
  fundId = fund.json().id;
});
afterAll(() => env.close());

describe('households benefiting', () => {
  it('counts the households of the project’s place when proposed, keeps a given count, and lets staff correct it with a reason (audited)', async () => {
    const grid = await post(community, '/api/fund-projects', { fundId, sourceKind: 'community', regionCode: '360802004001002', title: '二网格路灯', category: 'lights', estimateFen: 500_000 });
    expect(grid.statusCode).toBe(201);
    expect(grid.json().households).toBe(3);
    const whole = (await post(community, '/api/fund-projects', { fundId, sourceKind: 'community', regionCode: '360802004001', title: '社区排水', category: 'drains', estimateFen: 800_000 })).json();
    expect(whole.households).toBe(4);
    const given = (await post(community, '/api/fund-projects', { fundId, sourceKind: 'community', regionCode: '360802004001', title: '一栋楼的路灯', category: 'lights', households: 2, estimateFen: 100_000 })).json();
    expect(given.households).toBe(2);

    const noReason = await post(community, `/api/fund-projects/${whole.id}/households`, { version: whole.version, households: 40 });
    expect(noReason.statusCode).toBe(400);
    const fixed = await post(community, `/api/fund-projects/${whole.id}/households`, { version: whole.version, households: 40, reason: '排水沟惠及相邻小区 36 户' });
    expect(fixed.statusCode).toBe(200);
    expect(fixed.json()).toMatchObject({ households: 40, version: whole.version + 1 });
    const stale = await post(community, `/api/fund-projects/${whole.id}/households`, { version: whole.version, households: 41, reason: '再改' });
    expect(stale.json().error).toBe('stale_version');
    const audited = await env.database.query<{ details: { from: number; to: number } }>(`select details from audit_log where action = 'fund_project.households' and target_id = '${whole.id}'`);
    expect(audited.map((a) => a.details)).toEqual([{ from: 4, to: 40 }]);
    const detail = (await community.inject({ url: `/api/fund-projects/${whole.id}` })).json();
    expect(JSON.stringify(detail)).toContain('排水沟惠及相邻小区 36 户');

    // Another township's staff neither sees nor changes it.
    const other = await post(neighbour, `/api/fund-projects/${whole.id}/households`, { version: whole.version + 1, households: 1, reason: '越权' });
    expect(other.statusCode).toBe(404);

    // A cancelled project's count is fixed.
    const cancelled = (await post(community, `/api/fund-projects/${given.id}/actions/cancel`, { version: given.version, reason: '并入社区排水' })).json();
    const late = await post(community, `/api/fund-projects/${given.id}/households`, { version: cancelled.version, households: 9, reason: '迟改' });
    expect(late.statusCode).toBe(409);
    expect(late.json().error).toBe('project_households_fixed');

    // The figures: households per fund and per place, beside the money.
    const fig = (await countyStaff.inject({ url: '/api/funds/figures' })).json();
    expect(fig.perFund.find((f: { fundId: string }) => f.fundId === fundId).households).toBe(43);
    const places = Object.fromEntries(fig.perPlace.map((p: { regionCode: string; households: number; projects: number }) => [p.regionCode, [p.projects, p.households]]));
    expect(places).toEqual({ '360802004001': [1, 40], '360802004001002': [1, 3] });
    const far = (await neighbour.inject({ url: '/api/funds/figures' })).json();
    expect(far.perPlace).toEqual([]);
  });
});
