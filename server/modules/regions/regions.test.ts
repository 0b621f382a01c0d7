import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importDivisions } from './regions.import.js';
import { createTestEnv, makeGrid, signIn, type TestEnv } from '../../test/helpers.js';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
  const r = await importDivisions(env.database, '36', { cityCode: '3608' });
  expect(r.byLevel).toEqual({ province: 1, city: 1, county: 13, township: 252, village: 2967 });
  await makeGrid(env.database, '360802004002001');
  await makeGrid(env.database, '360802004002002');
  await makeGrid(env.database, '360803001003001');
});
afterAll(() => env.close());

describe('division import', () => {
  it('is idempotent and reports progress', async () => {
    const seen: number[] = [];
    const again = await importDivisions(env.database, '36', { cityCode: '3608', onProgress: (p) => seen.push(p.done) });
    expect(again.total).toBe(3234);
    expect(seen.at(-1)).toBe(3234);
    const [{ n }] = await env.database.query<{ n: string }>('select count(*) as n from regions');
    expect(Number(n)).toBe(3234);
  });
  it('rejects unknown codes', async () => {
    await expect(importDivisions(env.database, '99')).rejects.toThrow(/99/);
    await expect(importDivisions(env.database, '36', { cityCode: '3701' })).rejects.toThrow(/3701/);
  });
});

describe('division tree', () => {
  it('browses from the root down to the grids', async () => {
    const { session } = await signIn(env, ['admin'], '');
    const roots = (await session.inject({ url: '/api/regions/roots' })).json();
    expect(roots).toEqual([{ code: '36', name: '江西省', level: 'province', parentCode: null, hasChildren: true }]);
    const counties = (await session.inject({ url: '/api/regions/3608/children' })).json();
    expect(counties).toHaveLength(13);
    expect(counties[0]).toMatchObject({ code: '360802', name: '吉州区', level: 'county' });
    const villages = (await session.inject({ url: '/api/regions/360802004/children' })).json();
    expect(villages.find((v: { code: string }) => v.code === '360802004002').hasChildren).toBe(true); // it has grids
    expect(villages.find((v: { code: string }) => v.code === '360802004001').hasChildren).toBe(false);
    const towns = (await session.inject({ url: '/api/regions/360802/children' })).json();
    expect(towns.length).toBeGreaterThan(0);
    expect(towns.every((t: { hasChildren: boolean }) => t.hasChildren)).toBe(true);
    const grids = (await session.inject({ url: '/api/regions/360802004002/children' })).json();
    expect(grids.map((g: { code: string; level: string }) => [g.code, g.level])).toEqual([
      ['360802004002001', 'grid'],
      ['360802004002002', 'grid'],
    ]);
    const detail = (await session.inject({ url: '/api/regions/360802004' })).json();
    expect(detail.node.name).toBe('习溪桥街道');
    expect(detail.ancestors.map((a: { name: string }) => a.name)).toEqual(['江西省', '吉安市', '吉州区']);
    expect(detail.counts.grids).toBe(2);
  });

  it('finds divisions by name, code and pinyin initials', async () => {
    const { session } = await signIn(env, ['admin'], '');
    const byInitials = (await session.inject({ url: '/api/regions/search?q=jzq' })).json();
    expect(byInitials[0]).toMatchObject({ code: '360802', name: '吉州区', path: '江西省 / 吉安市 / 吉州区' });
    const byName = (await session.inject({ url: `/api/regions/search?q=${encodeURIComponent('习溪桥')}` })).json();
    expect(byName.map((h: { code: string }) => h.code)).toContain('360802004');
    const byCode = (await session.inject({ url: '/api/regions/search?q=360802004002' })).json();
    expect(byCode[0].code).toBe('360802004002');
    expect(byCode.map((h: { code: string }) => h.code)).toContain('360802004002001');
    const pinyinFull = (await session.inject({ url: '/api/regions/search?q=jizhou' })).json();
    expect(pinyinFull.map((h: { code: string }) => h.code)).toContain('360802');
    expect((await session.inject({ url: '/api/regions/search?q=' })).statusCode).toBe(400);
  });

  it('limits the tree to the caller’s scope (cross-scope)', async () => {
    const { session } = await signIn(env, ['leader'], '360802');
    expect((await session.inject({ url: '/api/regions/roots' })).json().map((r: { code: string }) => r.code)).toEqual(['360802']);
    expect((await session.inject({ url: '/api/regions/360803' })).statusCode).toBe(404);
    expect((await session.inject({ url: '/api/regions/360803/children' })).statusCode).toBe(404);
    expect((await session.inject({ url: '/api/regions/3608' })).statusCode).toBe(404);
    const hits = (await session.inject({ url: `/api/regions/search?q=${encodeURIComponent('街道')}&limit=100` })).json();
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.every((h: { code: string }) => h.code.startsWith('360802'))).toBe(true);
  });

  it('gives a grid worker their own grid as the whole tree', async () => {
    const { session } = await signIn(env, ['grid_worker'], '360802004002001');
    expect((await session.inject({ url: '/api/regions/roots' })).json()).toEqual([
      { code: '360802004002001', name: '网格002001', level: 'grid', parentCode: '360802004002', hasChildren: false },
    ]);
    expect((await session.inject({ url: '/api/regions/360802004002002' })).statusCode).toBe(404);
    expect((await session.inject({ url: '/api/regions/360802004002/children' })).statusCode).toBe(404);
  });

  it('validates codes', async () => {
    const { session } = await signIn(env, ['admin'], '');
    const bad = await session.inject({ url: '/api/regions/12345/children' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toBe('validation_failed');
    expect((await session.inject({ url: '/api/regions/999999/children' })).statusCode).toBe(404);
  });
});
