import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, makeFixtureTree, makeGrid, makeUser, signIn, type TestEnv } from '../../test/helpers.js';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
  await makeFixtureTree(env.database);
});
afterAll(() => env.close());

describe('grids', () => {
  it('lists grids with their workers and draws them as GeoJSON', async () => {
    await makeUser(env.database, { roles: ['grid_worker'], regionCode: '360802004001001', grid: '360802004001001', username: 'wg-a' });
    const { session } = await signIn(env, ['dispatcher'], '360802004');
    const list = (await session.inject({ url: '/api/grids?within=360802004' })).json();
    expect(list.total).toBe(4);
    expect(list.items[0]).toMatchObject({ code: '360802004001001', villageCode: '360802004001' });
    expect(list.items[0].workers.map((w: { username: string }) => w.username)).toEqual(['wg-a']);
    const geo = (await session.inject({ url: '/api/grids/geojson?within=360802004001' })).json();
    expect(geo.type).toBe('FeatureCollection');
    expect(geo.features).toHaveLength(2);
    expect(geo.features[0].geometry.type).toBe('Polygon');
    // The community's name labels the map.
    expect(geo.features[0].properties).toMatchObject({ villageCode: '360802004001', villageName: '上阳明路居委会' });
    const one = (await session.inject({ url: '/api/grids/360802004001002' })).json();
    expect(one.polygon.coordinates[0]).toHaveLength(5);
    expect(one.centroid).toHaveLength(2);
  });

  it('answers 404 outside the caller’s scope (cross-scope)', async () => {
    const { session } = await signIn(env, ['grid_worker'], '360802004001001');
    expect((await session.inject({ url: '/api/grids/360802004001002' })).statusCode).toBe(404);
    expect((await session.inject({ url: '/api/grids/360902001001001' })).statusCode).toBe(404);
    expect((await session.inject({ url: '/api/grids/geojson?within=360802004' })).statusCode).toBe(404);
    const mine = (await session.inject({ url: '/api/grids' })).json();
    expect(mine.items.map((g: { code: string }) => g.code)).toEqual(['360802004001001']);
  });

  it('searches grids by name and code within scope', async () => {
    await makeGrid(env.database, '360802001001003');
    const { session } = await signIn(env, ['leader'], '360802');
    const byCode = (await session.inject({ url: '/api/grids?q=360802001001' })).json();
    expect(byCode.items.map((g: { code: string }) => g.code)).toEqual(['360802001001001', '360802001001002', '360802001001003']);
    const outside = (await session.inject({ url: '/api/grids?q=360902' })).json();
    expect(outside.total).toBe(0);
  });
});

describe('point to grid', () => {
  it('finds the grid containing a point, and none outside every grid', async () => {
    const { gridAt } = await import('./grids.locate.js');
    await makeGrid(env.database, '360803001001009', { lon: 120, lat: 30, size: 0.01 });
    await makeGrid(env.database, '360803001001010', { lon: 120.01, lat: 30, size: 0.01 });
    expect((await gridAt(env.database.db, 120.005, 30.005))?.code).toBe('360803001001009');
    expect((await gridAt(env.database.db, 120.015, 30.002))?.code).toBe('360803001001010');
    expect(await gridAt(env.database.db, 121, 31)).toBeNull();
  });
});
