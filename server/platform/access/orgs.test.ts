import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, makeFixtureTree, makeOrg, signIn, type TestEnv } from '../../test/helpers.js';

// The rule in orgs.ts, through HTTP: what each caller lists, opens (404 outside) and may change.
let env: TestEnv;
let province: string;
let countyDept: string;
let countyCentre: string;
let xixiCentre: string;
let gunanCentre: string;
let siblingCountyDept: string;
beforeAll(async () => {
  env = await createTestEnv();
  await makeFixtureTree(env.database);
  province = await makeOrg(env.database, { name: '江西省民政厅', regionCode: '36' });
  countyDept = await makeOrg(env.database, { name: '吉州区住建局', regionCode: '360802' });
  countyCentre = await makeOrg(env.database, { name: '吉州区综治中心', kind: 'governance_center', regionCode: '360802' });
  xixiCentre = await makeOrg(env.database, { name: '习溪桥街道综治中心', kind: 'governance_center', regionCode: '360802004' });
  gunanCentre = await makeOrg(env.database, { name: '古南街道综治中心', kind: 'governance_center', regionCode: '360802001' });
  siblingCountyDept = await makeOrg(env.database, { name: '青原区住建局', regionCode: '360803' });
});
afterAll(() => env.close());

const listed = async (session: Awaited<ReturnType<typeof signIn>>['session']) =>
  (await session.inject({ url: '/api/orgs?pageSize=200' })).json().items.map((o: { id: string }) => o.id).sort();

describe('organisation visibility (platform/access/orgs.ts)', () => {
  it('a township sees its own organisations and the departments above it, not the centres above nor its neighbours', async () => {
    const { session } = await signIn(env, ['dispatcher'], '360802004');
    expect(await listed(session)).toEqual([province, countyDept, xixiCentre].sort());
    for (const hidden of [countyCentre, gunanCentre, siblingCountyDept]) {
      expect((await session.inject({ url: `/api/orgs/${hidden}` })).statusCode).toBe(404);
    }
    expect((await session.inject({ url: `/api/orgs/${countyDept}` })).statusCode).toBe(200);
  });

  it('a county sees everything placed inside it and no sibling county', async () => {
    const { session } = await signIn(env, ['leader'], '360802');
    expect(await listed(session)).toEqual([province, countyDept, countyCentre, xixiCentre, gunanCentre].sort());
    expect((await session.inject({ url: `/api/orgs/${siblingCountyDept}` })).statusCode).toBe(404);
  });

  it('a department handler lists only their own department', async () => {
    const { session } = await signIn(env, ['handler'], '360802', { orgId: countyDept });
    expect(await listed(session)).toEqual([countyDept]);
  });

  it('an administrator changes only what is placed inside their scope, never a department above', async () => {
    const { session } = await signIn(env, ['admin'], '360802004');
    const above = await session.inject({ method: 'PATCH', url: `/api/orgs/${countyDept}`, payload: { version: 1, phone: '0796-0000000' } });
    expect(above.statusCode).toBe(404);
    const own = await session.inject({ method: 'PATCH', url: `/api/orgs/${xixiCentre}`, payload: { version: 1, phone: '0796-8000000' } });
    expect(own.statusCode).toBe(200);
  });
});
