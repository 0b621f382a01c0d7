import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installDemoTaxonomy } from '../categories/categories.service.js';
import { createTestEnv, makeFixtureTree, makeOrg, signIn, type TestEnv } from '../../test/helpers.js';

let env: TestEnv;
let countyDept: string;
let xixiCentre: string;
let gunanCentre: string;
let otherCountyDept: string;
beforeAll(async () => {
  env = await createTestEnv();
  await makeFixtureTree(env.database);
  await installDemoTaxonomy(env.database.db);
  countyDept = await makeOrg(env.database, { name: '吉州区城市管理局', regionCode: '360802', categoryCodes: ['0101', '0102'] });
  xixiCentre = await makeOrg(env.database, { name: '习溪桥街道综治中心', kind: 'governance_center', regionCode: '360802004' });
  gunanCentre = await makeOrg(env.database, { name: '古南街道综治中心', kind: 'governance_center', regionCode: '360802001' });
  otherCountyDept = await makeOrg(env.database, { name: '袁州区城市管理局', regionCode: '360902' });
});
afterAll(() => env.close());

describe('organisations', () => {
  it('creates and edits an organisation with the categories it handles', async () => {
    const { session } = await signIn(env, ['admin'], '360802');
    const res = await session.inject({
      method: 'POST',
      url: '/api/orgs',
      payload: { name: '吉州区民政局', kind: 'department', regionCode: '360802', phone: '0796-8221234', categoryCodes: ['0401', '0402'] },
    });
    expect(res.statusCode).toBe(201);
    const org = res.json();
    expect(org).toMatchObject({ name: '吉州区民政局', kind: 'department', regionName: '江西省 / 吉安市 / 吉州区', categoryCodes: ['0401', '0402'], version: 1 });

    const dup = await session.inject({ method: 'POST', url: '/api/orgs', payload: { name: '吉州区民政局', kind: 'department', regionCode: '360802', categoryCodes: [] } });
    expect(dup.statusCode).toBe(409);

    const unknown = await session.inject({ method: 'POST', url: '/api/orgs', payload: { name: '未知局', kind: 'department', regionCode: '360802', categoryCodes: ['zz99'] } });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().details).toEqual({ unknown: ['zz99'] });

    const edited = await session.inject({ method: 'PATCH', url: `/api/orgs/${org.id}`, payload: { version: 1, categoryCodes: ['0401', '0402', '0405'], active: false } });
    expect(edited.statusCode).toBe(200);
    expect(edited.json()).toMatchObject({ categoryCodes: ['0401', '0402', '0405'], active: false, version: 2 });
    const stale = await session.inject({ method: 'PATCH', url: `/api/orgs/${org.id}`, payload: { version: 1, name: '旧' } });
    expect(stale.statusCode).toBe(409);

    const byCategory = (await session.inject({ url: '/api/orgs?categoryCode=0102' })).json();
    expect(byCategory.items.map((o: { id: string }) => o.id)).toEqual([countyDept]);
  });

  it('shows a township its own organisations and the departments above that serve it (cross-scope)', async () => {
    const { session } = await signIn(env, ['dispatcher'], '360802004');
    const ids = (await session.inject({ url: '/api/orgs?pageSize=200' })).json().items.map((o: { id: string }) => o.id);
    expect(ids).toContain(countyDept);
    expect(ids).toContain(xixiCentre);
    expect(ids).not.toContain(gunanCentre);
    expect(ids).not.toContain(otherCountyDept);
    expect((await session.inject({ url: `/api/orgs/${gunanCentre}` })).statusCode).toBe(404);
    expect((await session.inject({ url: `/api/orgs/${otherCountyDept}` })).statusCode).toBe(404);
    // Only administrators write.
    expect((await session.inject({ method: 'PATCH', url: `/api/orgs/${xixiCentre}`, payload: { version: 1, name: 'x' } })).statusCode).toBe(403);
  });

  it('shows a department handler only their own organisation', async () => {
    const { session } = await signIn(env, ['handler'], '360802', { orgId: countyDept });
    const items = (await session.inject({ url: '/api/orgs' })).json().items;
    expect(items.map((o: { id: string }) => o.id)).toEqual([countyDept]);
  });

  it('keeps administrators to their scope', async () => {
    const { session } = await signIn(env, ['admin'], '360802001');
    expect((await session.inject({ method: 'PATCH', url: `/api/orgs/${xixiCentre}`, payload: { version: 1, name: 'x' } })).statusCode).toBe(404);
    const res = await session.inject({ method: 'POST', url: '/api/orgs', payload: { name: '越界', kind: 'workstation', regionCode: '360802004001', categoryCodes: [] } });
    expect(res.statusCode).toBe(403);
  });

  it('lists the appeal categories', async () => {
    const { session } = await signIn(env, ['grid_worker'], '360802004001001');
    const cats = (await session.inject({ url: '/api/categories' })).json();
    expect(cats.find((c: { code: string }) => c.code === '01')).toMatchObject({ name: '城市管理', level: 1, parentCode: null });
    expect(cats.find((c: { code: string }) => c.code === '0302')).toMatchObject({ name: '井盖缺失破损', parentCode: '03' });
  });
});
