import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assignWorkers } from '../grids/grids.service.js';
import { createTestEnv, makeFixtureTree, makeOrg, makeUser, signIn, type TestEnv } from '../../test/helpers.js';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
  await makeFixtureTree(env.database);
  // Two workers on one grid of 习溪桥街道, one of them also on a grid of 古南街道: three assignments, two people.
  const a = await makeUser(env.database, { roles: ['grid_worker'], regionCode: '360802004001001', grid: '360802004001001' });
  await makeUser(env.database, { roles: ['grid_worker'], regionCode: '360802004001001', grid: '360802004001001' });
  await assignWorkers(env.database.db, [{ gridCode: '360802001001001', userId: a.id, kind: 'part_time' }]);
  await makeUser(env.database, { roles: ['grid_worker'], regionCode: '360902001001001', grid: '360902001001001' });
  await makeUser(env.database, { roles: ['dispatcher'], regionCode: '360802', disabled: true });
  await makeOrg(env.database, { regionCode: '360802' });
  await makeOrg(env.database, { regionCode: '360802004', kind: 'governance_center' });
  await makeOrg(env.database, { regionCode: '360902' });
  await env.database.query("update orgs set active = false where region_code = '360802004'");
});
afterAll(() => env.close());

describe('overview', () => {
  it('counts what the caller’s county holds, and each township’s grids and workers', async () => {
    const { session } = await signIn(env, ['leader'], '360802');
    const res = await session.inject({ url: '/api/overview' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    // Accounts: the two workers of the county and the leader signed in; the disabled one is not counted.
    expect(body.counts).toEqual({ counties: 1, townships: 2, villages: 3, grids: 6, gridWorkers: 2, orgs: 1, accounts: 3 });
    expect(body.byChild).toEqual([
      { code: '360802001', name: expect.any(String), grids: 2, workers: 1 },
      { code: '360802004', name: expect.any(String), grids: 4, workers: 2 },
    ]);
  });

  it('counts nothing outside the caller’s scope', async () => {
    const { session } = await signIn(env, ['leader'], '360803');
    const body = (await session.inject({ url: '/api/overview' })).json();
    expect(body.counts).toEqual({ counties: 1, townships: 1, villages: 1, grids: 2, gridWorkers: 0, orgs: 0, accounts: 1 });
    expect(body.byChild).toEqual([{ code: '360803001', name: expect.any(String), grids: 2, workers: 0 }]);
  });
});
