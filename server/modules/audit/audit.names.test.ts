import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, makeHousehold, signIn, type Session, type TestEnv } from '../../test/helpers.js';
import { appealBody, makeAppealWorld, type AppealWorld } from '../../test/appeal-world.js';
import type { Actor } from '../../platform/access.js';
import { householdAddressesOf, peopleNamesOf } from '../households/households.names.js';
import { visitNamesOf } from '../visits/visits.names.js';

let env: TestEnv;
let w: AppealWorld;
let admin: Session;

interface Entry {
  action: string;
  targetType: string | null;
  targetId: string | null;
  targetName: string | null;
  regionCode: string;
  regionName: string;
}

const entries = async (q: string): Promise<Entry[]> => {
  const res = await admin.inject({ url: `/api/audit?pageSize=200&${q}` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().items;
};

beforeAll(async () => {
  env = await createTestEnv();
  w = await makeAppealWorld(env);
  admin = (await signIn(env, ['admin'], '')).session;
}, 180_000);
afterAll(() => env.close());

describe('the audit log names its objects and places', () => {
  it('names an appeal by its number and its place by name', async () => {
    const res = await w.as.dispatcher.inject({ method: 'POST', url: '/api/appeals', payload: appealBody() });
    expect(res.statusCode, res.body).toBe(201);
    const { id, number } = res.json();
    const [entry] = await entries(`action=appeal.create&targetId=${id}`);
    expect(entry).toMatchObject({ targetType: 'appeal', targetId: id, targetName: number });
    expect(entry.regionName).toMatch(/居委会|网格|街道/);
    expect(entry.regionName).not.toBe(entry.regionCode);
  });

  it('names a household by its address and a person masked, with their home', async () => {
    const h = await makeHousehold(env, { gridCode: '360802004001001', villageGroup: '第三村民小组', houseNumber: '18', members: [{ name: '欧阳娜娜', relation: 'head' }] });
    const [household] = await entries(`action=household.create&targetId=${h.id}`);
    expect(household.targetName).toBe(h.address);
    expect(household.targetName).toContain('18');
    const [person] = await entries(`action=person.create&targetId=${h.members[0].id}`);
    expect(person.targetName).toBe(`欧*** · ${h.address}`);
    expect(JSON.stringify(person)).not.toContain('欧阳娜娜');
  });

  it('names a household or a person only with what the reader may see now: out of their area, no address', async () => {
    const h = await makeHousehold(env, { gridCode: '360802004001001', houseNumber: '27', members: [{ name: '司马光明', relation: 'head' }] });
    const reader = (area: string): Actor => ({ kind: 'user', id: randomUUID(), name: 'reader', roles: ['admin'], regionCode: area, orgId: null });
    const db = env.database.db;
    expect((await householdAddressesOf(db, reader('360802004'), [h.id])).get(h.id)).toBe(h.address);
    expect((await householdAddressesOf(db, reader('360802001'), [h.id])).has(h.id)).toBe(false);
    expect((await peopleNamesOf(db, reader('360802004'), [h.members[0].id])).get(h.members[0].id)).toBe(`司*** · ${h.address}`);
    expect((await peopleNamesOf(db, reader('360802001'), [h.members[0].id])).get(h.members[0].id)).toBe('司***');
    expect(await visitNamesOf(db, reader('360802001'), [randomUUID()])).toEqual(new Map());
  });

  it('names an account by its display name, and the division it was given by name', async () => {
    const res = await admin.inject({ method: 'POST', url: '/api/users', payload: { username: 'named', displayName: '李审计', password: 'Audit12345', roles: ['leader'], regionCode: '360802' } });
    expect(res.statusCode, res.body).toBe(201);
    const [entry] = await entries('action=user.create');
    expect(entry).toMatchObject({ targetType: 'user', targetId: res.json().id, targetName: '李审计', regionCode: '360802', regionName: '吉州区' });
  });

  it('names an organisation, and a grid (the object and the place) by its name', async () => {
    const res = await admin.inject({ method: 'POST', url: '/api/orgs', payload: { name: '吉州区民政局', kind: 'department', regionCode: '360802', categoryCodes: [] } });
    expect(res.statusCode, res.body).toBe(201);
    const [org] = await entries(`action=org.create&targetId=${res.json().id}`);
    expect(org).toMatchObject({ targetName: '吉州区民政局', regionName: '吉州区' });
    await env.database.query(`insert into audit_log (actor_kind, actor_id, actor_name, action, target_type, target_id, region_code) values ('user', null, 'x', 'grid.update', 'grid', '360802004001001', '360802004001001')`);
    const [grid] = await entries('action=grid.update&targetId=360802004001001');
    expect(grid).toMatchObject({ targetName: '网格001001', regionName: '网格001001' });
  });

  it('keeps the id when the object is gone, and never fails on an id of the wrong shape', async () => {
    const gone = randomUUID();
    await env.database.query(`insert into audit_log (actor_kind, actor_id, actor_name, action, target_type, target_id, region_code) values ('user', null, 'x', 'appeal.view', 'appeal', $1, '360802'), ('user', null, 'x', 'appeal.view', 'appeal', 'not-a-uuid', '360802')`, [gone]);
    const rows = await entries('action=appeal.view');
    expect(rows.map((e) => [e.targetId, e.targetName])).toEqual(expect.arrayContaining([[gone, null], ['not-a-uuid', null]]));
  });
});
