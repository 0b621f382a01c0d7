import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows } from '../../platform/db.js';
import { sql } from 'drizzle-orm';
import { createTestEnv, makeFixtureTree, makeOrg, makeUser, signIn, type TestEnv } from '../../test/helpers.js';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
  await makeFixtureTree(env.database);
});
afterAll(() => env.close());

/** The overview's figures recounted straight from the tables, for an area and its children's code length. */
async function recount(area: string, childLen: number) {
  const like = `${area}%`;
  const [c] = await rows<Record<string, number>>(
    env.database.db,
    sql`select
          (select count(*) from regions where code like ${like} and level = 'county')::int as counties,
          (select count(*) from regions where code like ${like} and level = 'township')::int as townships,
          (select count(*) from regions where code like ${like} and level = 'village')::int as villages,
          (select count(*) from grids where code like ${like})::int as grids,
          (select count(distinct user_id) from grid_workers where grid_code like ${like})::int as "gridWorkers",
          (select count(*) from orgs where region_code like ${like} and active)::int as orgs,
          (select count(*) from users where region_code like ${like} and not disabled)::int as accounts`,
  );
  const byChild = await rows<{ code: string; name: string; grids: number; workers: number }>(
    env.database.db,
    sql`select r.code, r.name,
          (select count(*) from grids g where g.code like r.code || '%')::int as grids,
          (select count(distinct w.user_id) from grid_workers w where w.grid_code like r.code || '%')::int as workers
        from regions r where r.code like ${like} and length(r.code) = ${childLen} order by r.code`,
  );
  return { regionCode: area, counts: c, byChild };
}

describe('overview', () => {
  it('counts the caller’s area as the registry holds it, per child division too', async () => {
    await makeUser(env.database, { roles: ['grid_worker'], regionCode: '360802004001001', grid: '360802004001001' });
    await makeUser(env.database, { roles: ['grid_worker'], regionCode: '360802001001002', grid: '360802001001002' });
    await makeUser(env.database, { roles: ['grid_worker'], regionCode: '360802004001002', grid: '360802004001002', disabled: true });
    await makeUser(env.database, { roles: ['grid_worker'], regionCode: '360902001001001', grid: '360902001001001' });
    await makeOrg(env.database, { regionCode: '360802004' });
    await makeOrg(env.database, { regionCode: '360902' });
    const { session } = await signIn(env, ['leader'], '360802');
    const res = await session.inject({ url: '/api/overview' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toEqual(await recount('360802', 9));
    expect(body.counts.grids).toBeGreaterThan(0);
    expect(body.byChild.some((c: { workers: number }) => c.workers > 0)).toBe(true);
  });

  it('gives a grid worker the counts of the own grid and no children', async () => {
    const { session } = await signIn(env, ['grid_worker'], '360802004001001', { grid: '360802004001001' });
    const body = (await session.inject({ url: '/api/overview' })).json();
    expect(body.byChild).toEqual([]);
    expect(body.counts).toEqual((await recount('360802004001001', 0)).counts);
  });
});
