import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, makeFixtureTree, makeUser, login, signIn, type TestEnv } from '../../test/helpers.js';

let env: TestEnv;
const G = '360802004002001';
beforeAll(async () => {
  env = await createTestEnv();
  await makeFixtureTree(env.database);
});
afterAll(() => env.close());

describe('buildings and compounds', () => {
  it('numbers compounds and buildings within the grid and counts households and residents from the files', async () => {
    const { session } = await signIn(env, ['community_staff'], '360802004002');
    const c = await session.inject({ method: 'POST', url: '/api/compounds', payload: { gridCode: G, name: '阳明花园', propertyCompany: '吉安市宏达物业' } });
    expect(c.statusCode).toBe(201);
    expect(c.json()).toMatchObject({ seq: 1, name: '阳明花园' });
    const b1 = (await session.inject({ method: 'POST', url: '/api/buildings', payload: { gridCode: G, name: '1栋', compoundId: c.json().id, units: 2, floors: 6 } })).json();
    const b2 = (await session.inject({ method: 'POST', url: '/api/buildings', payload: { gridCode: G, name: '2栋', compoundId: c.json().id } })).json();
    expect([b1.seq, b2.seq]).toEqual([1, 2]);
    expect(b1).toMatchObject({ code: `${G}-B001`, compoundName: '阳明花园', propertyCompany: '吉安市宏达物业', households: 0 });
    const dup = await session.inject({ method: 'POST', url: '/api/buildings', payload: { gridCode: G, name: '1栋', compoundId: c.json().id } });
    expect(dup.statusCode).toBe(409);
    const h = await session.inject({ method: 'POST', url: '/api/households', payload: { addressKind: 'building', buildingId: b1.id, unit: '2', floor: 5, room: '502' } });
    expect(h.json().address).toBe('阳明花园1栋2单元502室');
    await session.inject({ method: 'POST', url: `/api/households/${h.json().id}/members`, payload: { name: '刘芳', relation: 'head' } });
    await session.inject({ method: 'POST', url: `/api/households/${h.json().id}/members`, payload: { name: '刘洋', relation: 'child' } });
    const listed = (await session.inject({ url: `/api/buildings?gridCode=${G}` })).json();
    expect(listed.items.map((b: { name: string; households: number; residents: number }) => [b.name, b.households, b.residents])).toEqual([
      ['1栋', 1, 2],
      ['2栋', 0, 0],
    ]);
    // The household list and its search name each file's grid, building and head as the file itself does.
    const detail = (await session.inject({ url: `/api/households/${h.json().id}` })).json();
    expect(detail).toMatchObject({ buildingCode: `${G}-B001`, headName: '刘芳', gridName: expect.any(String) });
    expect(detail.gridName).not.toBe(G);
    const labels = ({ gridName, buildingCode, headName }: Record<string, unknown>) => ({ gridName, buildingCode, headName });
    const inList = (await session.inject({ url: `/api/households?gridCode=${G}` })).json().items.find((x: { id: string }) => x.id === h.json().id);
    expect(labels(inList)).toEqual(labels(detail));
    const found = (await session.inject({ method: 'POST', url: '/api/households/search', payload: { q: '刘芳' } })).json();
    expect(found.items.map(labels)).toEqual([labels(detail)]);
    const village = (await session.inject({ method: 'POST', url: '/api/households', payload: { addressKind: 'village', gridCode: G, villageGroup: '一组', houseNumber: '8' } })).json();
    const bare = (await session.inject({ url: `/api/households?gridCode=${G}` })).json().items.find((x: { id: string }) => x.id === village.id);
    expect(labels(bare)).toEqual({ gridName: detail.gridName, buildingCode: null, headName: null });
    const sameRoom = await session.inject({ method: 'POST', url: '/api/households', payload: { addressKind: 'building', buildingId: b1.id, unit: '2单元', room: '502室' } });
    expect(sameRoom.statusCode).toBe(409);
    const responsible = await makeUser(env.database, { roles: ['grid_worker'], regionCode: G });
    const upd = await session.inject({ method: 'PATCH', url: `/api/buildings/${b1.id}`, payload: { version: 1, responsibleUserId: responsible.id } });
    expect(upd.json().responsibleName).toBe(`测试${responsible.username}`);
    const farAway = await makeUser(env.database, { roles: ['grid_worker'], regionCode: '360902001001001' });
    const bad = await session.inject({ method: 'PATCH', url: `/api/buildings/${b1.id}`, payload: { version: 2, responsibleUserId: farAway.id } });
    expect(bad.json()).toMatchObject({ error: 'unknown_value' });
    expect(bad.json().message).toContain('body.responsibleUserId');
  });

  it('answers 404 outside the caller’s grids (cross-scope)', async () => {
    const { session } = await signIn(env, ['community_staff'], '360802004002');
    const b = (await session.inject({ method: 'POST', url: '/api/buildings', payload: { gridCode: '360802004002002', name: '9栋' } })).json();
    const wg = await makeUser(env.database, { roles: ['grid_worker'], regionCode: '360802004002', grid: G });
    const worker = await login(env.app, wg.username);
    expect((await worker.inject({ url: `/api/buildings/${b.id}` })).statusCode).toBe(404);
    const own = (await worker.inject({ url: '/api/buildings' })).json().items;
    expect(own.length).toBeGreaterThan(0); // the buildings of grid G made above
    expect(own.every((x: { gridCode: string }) => x.gridCode === G)).toBe(true);
    expect((await worker.inject({ method: 'POST', url: '/api/buildings', payload: { gridCode: '360802004002002', name: '10栋' } })).statusCode).toBe(404);
    const { session: other } = await signIn(env, ['community_staff'], '360802004001');
    expect((await other.inject({ method: 'PATCH', url: `/api/buildings/${b.id}`, payload: { version: 1, name: 'x' } })).statusCode).toBe(404);
    expect((await other.inject({ method: 'POST', url: '/api/buildings', payload: { gridCode: G, name: '11栋' } })).statusCode).toBe(404);
  });
});
