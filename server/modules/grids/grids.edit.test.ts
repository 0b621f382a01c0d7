import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, makeFixtureTree, makeRegion, makeUser, signIn, type TestEnv } from '../../test/helpers.js';
import { mergeOutlines, piecesProblem, polygonProblem, polygonsOverlap, splitByLine } from './grids.geometry.js';
import type { Polygon } from './grids.tables.js';

const square = (x: number, y: number, s = 1): Polygon => ({ type: 'Polygon', coordinates: [[[x, y], [x + s, y], [x + s, y + s], [x, y + s], [x, y]]] });

describe('outline geometry', () => {
  it('accepts a simple closed ring and names what is wrong otherwise', () => {
    expect(polygonProblem(square(0, 0))).toBeNull();
    expect(polygonProblem({ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 1]]] })?.en).toMatch(/not closed/);
    expect(polygonProblem({ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [0, 0]]] })?.en).toMatch(/at least 4/);
    // A bow tie crosses itself.
    expect(polygonProblem({ type: 'Polygon', coordinates: [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]] })?.en).toMatch(/intersects itself/);
    expect(polygonProblem({ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [2, 0], [0, 0]]] })?.en).toMatch(/overlap|no area/);
    expect(polygonProblem({ type: 'Polygon', coordinates: [[[0, 0], [200, 0], [1, 1], [0, 0]]] })?.en).toMatch(/range/);
    expect(polygonProblem({ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]], [[0.1, 0.1], [0.2, 0.1], [0.2, 0.2], [0.1, 0.1]]] })?.en).toMatch(/holes/);
  });

  it('tells overlapping outlines from neighbours that share an edge', () => {
    expect(polygonsOverlap(square(0, 0), square(1, 0))).toBe(false);
    expect(polygonsOverlap(square(0, 0), square(0.5, 0.5))).toBe(true);
    expect(polygonsOverlap(square(0, 0), square(0, 0))).toBe(true);
    expect(polygonsOverlap(square(0, 0, 3), square(1, 1))).toBe(true);
    expect(polygonsOverlap(square(0, 0), square(5, 5))).toBe(false);
  });

  it('merges neighbours along shared edges (also partly shared), and refuses grids that do not touch', () => {
    const m = mergeOutlines([square(0, 0), square(1, 0)])!;
    expect(m.coordinates[0]).toHaveLength(5);
    const t = mergeOutlines([square(0, 0, 2), square(2, 0), square(2, 1)])!;
    expect(t).not.toBeNull();
    expect(polygonProblem(t)).toBeNull();
    expect(mergeOutlines([square(0, 0), square(3, 0)])).toBeNull();
  });

  it('splits along a line into pieces that tile the outline', () => {
    const [left, right] = splitByLine(square(0, 0, 2), [1, -1], [1, 3])!;
    expect(piecesProblem(square(0, 0, 2), [left, right])).toBeNull();
    expect(splitByLine(square(0, 0, 2), [5, -1], [5, 3])).toBeNull();
    expect(piecesProblem(square(0, 0, 2), [square(0, 0), square(1, 0)])?.en).toMatch(/cover/);
  });
});

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
  await makeFixtureTree(env.database);
  await makeRegion(env.database, '360802004003', '新村居委会');
});
afterAll(() => env.close());

const V = '360802004003';

describe('grid registry', () => {
  it('creates grids with kind and party organisation, reports overlaps, refuses bad outlines naming the field', async () => {
    const { session } = await signIn(env, ['dispatcher'], '360802004');
    const a = await session.inject({
      method: 'POST',
      url: '/api/grids',
      payload: { villageCode: V, name: '新村第一网格', kind: 'basic', partyOrgName: '新村第一网格党支部', partyOrgKind: 'branch', polygon: square(116, 28, 0.01) },
    });
    expect(a.statusCode).toBe(201);
    expect(a.json()).toMatchObject({ grid: { code: `${V}001`, kind: 'basic', partyOrgKind: 'branch', version: 1 }, overlaps: [] });
    const school = await session.inject({
      method: 'POST',
      url: '/api/grids',
      payload: { villageCode: V, name: '新村小学专属网格', kind: 'dedicated', subKind: 'school', polygon: square(116.005, 28.005, 0.01) },
    });
    expect(school.statusCode).toBe(201);
    expect(school.json().overlaps).toEqual([{ code: `${V}001`, name: '新村第一网格' }]);
    const noSub = await session.inject({ method: 'POST', url: '/api/grids', payload: { villageCode: V, name: 'x', kind: 'dedicated', polygon: square(117, 28, 0.01) } });
    expect(noSub.json()).toMatchObject({ error: 'required', details: [{ field: 'body.subKind' }] });
    const bow = await session.inject({
      method: 'POST',
      url: '/api/grids',
      headers: { 'accept-language': 'en' },
      payload: { villageCode: V, name: 'x', kind: 'basic', polygon: { type: 'Polygon', coordinates: [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]] } },
    });
    expect(bow.statusCode).toBe(400);
    expect(bow.json()).toMatchObject({ error: 'invalid_polygon', details: [{ field: 'body.polygon' }] });
    expect(bow.json().message).toMatch(/^body\.polygon is not a valid grid outline: the outline intersects itself/);
    const outside = await session.inject({ method: 'POST', url: '/api/grids', payload: { villageCode: '360902001001', name: 'x', kind: 'basic', polygon: square(1, 1) } });
    expect(outside.statusCode).toBe(403);
    const check = (await session.inject({ method: 'POST', url: '/api/grids/check-outline', payload: { polygon: square(116.004, 28.006, 0.003) } })).json();
    expect(check).toMatchObject({ valid: true });
    expect(check.overlaps.map((o: { code: string }) => o.code)).toEqual([`${V}001`, `${V}002`]);

    const edit = await session.inject({ method: 'PATCH', url: `/api/grids/${V}002`, payload: { version: 1, polygon: square(116.01, 28, 0.01), reason: '调整边界' } });
    expect(edit.json()).toMatchObject({ grid: { version: 2 }, overlaps: [] });
    const { session: worker } = await signIn(env, ['grid_worker'], `${V}001`);
    expect((await worker.inject({ method: 'PATCH', url: `/api/grids/${V}001`, payload: { version: 1, name: 'y' } })).statusCode).toBe(403);
  });

  it('finds the grid of a point through the API, within scope only', async () => {
    const { session } = await signIn(env, ['community_staff'], V);
    expect((await session.inject({ url: '/api/grids/at?lon=116.005&lat=28.002' })).json()).toMatchObject({ code: `${V}001` });
    expect((await session.inject({ url: '/api/grids/at?lon=116.015&lat=28.005' })).json()).toMatchObject({ code: `${V}002` });
    expect((await session.inject({ url: '/api/grids/at?lon=100&lat=20' })).statusCode).toBe(404);
    const { session: elsewhere } = await signIn(env, ['community_staff'], '360802004002');
    expect((await elsewhere.inject({ url: '/api/grids/at?lon=116.005&lat=28.002' })).statusCode).toBe(404);
  });

  it('splits a grid along a line; buildings and household files follow their location', async () => {
    const { session } = await signIn(env, ['community_staff'], V);
    const west = (await session.inject({ method: 'POST', url: '/api/buildings', payload: { gridCode: `${V}001`, name: '1栋', lon: 116.002, lat: 28.005 } })).json();
    const east = (await session.inject({ method: 'POST', url: '/api/buildings', payload: { gridCode: `${V}001`, name: '2栋', lon: 116.008, lat: 28.005 } })).json();
    const h = (await session.inject({ method: 'POST', url: '/api/households', payload: { addressKind: 'building', buildingId: east.id, unit: '1', room: '301' } })).json();
    expect(h.address).toBe('2栋1单元301室');
    const split = await session.inject({ method: 'POST', url: `/api/grids/${V}001/split`, payload: { version: 1, line: [[116.005, 27.9], [116.005, 28.1]], reason: '人口增长' } });
    expect(split.statusCode).toBe(200);
    const body = split.json();
    expect(body.grids.map((g: { code: string }) => g.code)).toEqual([`${V}001`, `${V}003`]);
    expect(body).toMatchObject({ buildingsMoved: 1, householdsMoved: 1 });
    const moved = (await session.inject({ url: `/api/households/${h.id}` })).json();
    const newCode = body.grids.find((g: { polygon: Polygon }) => g.polygon.coordinates[0].some((p) => p[0] > 116.006))?.code;
    expect(moved.gridCode).toBe(newCode);
    expect((await session.inject({ url: `/api/buildings/${west.id}` })).json().gridCode).not.toBe(newCode);
    const history = (await session.inject({ url: `/api/households/${h.id}/history` })).json();
    expect(history.items[0]).toMatchObject({ changes: [{ field: 'gridCode', before: `${V}001`, after: newCode }], reason: '网格拆分：人口增长' });
    expect((await session.inject({ url: '/api/grids/at?lon=116.008&lat=28.005' })).json().code).toBe(newCode);

    const bad = await session.inject({ method: 'POST', url: `/api/grids/${V}002/split`, payload: { version: 2, line: [[120, 27], [120, 29]], reason: 'x' } });
    expect(bad.json()).toMatchObject({ error: 'invalid_polygon', details: [{ field: 'body.line' }] });
  });

  it('merges neighbouring grids: outline from shared edges, workers and files moved, the others retired', async () => {
    const { session } = await signIn(env, ['community_staff'], V);
    const wg = await makeUser(env.database, { roles: ['grid_worker'], regionCode: V });
    expect((await session.inject({ method: 'PUT', url: `/api/grids/${V}003/workers/${wg.id}`, payload: { kind: 'part_time' } })).statusCode).toBe(200);
    const tooNarrow = await makeUser(env.database, { roles: ['grid_worker'], regionCode: `${V}002` });
    expect((await session.inject({ method: 'PUT', url: `/api/grids/${V}003/workers/${tooNarrow.id}`, payload: { kind: 'full_time' } })).statusCode).toBe(409);
    const merged = await session.inject({ method: 'POST', url: '/api/grids/merge', payload: { codes: [`${V}001`, `${V}003`], reason: '人员调整' } });
    expect(merged.statusCode).toBe(200);
    const m = merged.json();
    expect(m).toMatchObject({ retired: [`${V}003`], buildingsMoved: 1, householdsMoved: 1 });
    expect(m.grid.workers.map((w: { userId: string }) => w.userId)).toContain(wg.id);
    expect(m.grid.polygon.coordinates[0]).toHaveLength(5);
    const retired = (await session.inject({ url: `/api/grids/${V}003` })).json();
    expect(retired).toMatchObject({ status: 'retired', retiredInto: `${V}001` });
    expect((await session.inject({ url: `/api/grids?within=${V}` })).json().items.map((g: { code: string }) => g.code)).toEqual([`${V}001`, `${V}002`]);
    const lineage = (await session.inject({ url: `/api/grids/${V}001/lineage` })).json();
    expect(lineage.map((l: { action: string }) => l.action)).toEqual(['create', 'split', 'merge']);
    const far = (await session.inject({ method: 'POST', url: '/api/grids', payload: { villageCode: V, name: '飞地', kind: 'basic', polygon: square(117, 28, 0.01) } })).json();
    expect(far.grid.code).toBe(`${V}004`);
    const apart = await session.inject({ method: 'POST', url: '/api/grids/merge', payload: { codes: [`${V}001`, `${V}004`], reason: 'x' } });
    expect(apart.statusCode).toBe(409);
    expect(apart.json().message).toContain('不相邻');
  });

  it('adds a duty only when another account approves it', async () => {
    const { session: staff } = await signIn(env, ['community_staff', 'dispatcher'], '360802004');
    const req = await staff.inject({ method: 'POST', url: `/api/grids/${V}002/duties`, payload: { title: '燃气安全入户宣传', basis: '区网格办〔2026〕3号' } });
    expect(req.statusCode).toBe(201);
    const id = req.json().id;
    expect(req.json().status).toBe('pending');
    const self = await staff.inject({ method: 'POST', url: `/api/grids/${V}002/duties/${id}/approve`, payload: {} });
    expect(self.statusCode).toBe(409);
    expect(self.json().error).toBe('self_approval');
    const { session: approver } = await signIn(env, ['leader'], '360802');
    expect((await approver.inject({ url: '/api/grid-duties/pending' })).json().map((d: { id: string }) => d.id)).toContain(id);
    const ok = await approver.inject({ method: 'POST', url: `/api/grids/${V}002/duties/${id}/approve`, payload: { note: '同意' } });
    expect(ok.json()).toMatchObject({ status: 'approved', decisionNote: '同意' });
    expect((await approver.inject({ method: 'POST', url: `/api/grids/${V}002/duties/${id}/approve`, payload: {} })).statusCode).toBe(409);
    const list = (await staff.inject({ url: `/api/grids/${V}002/duties?status=approved` })).json();
    expect(list.map((d: { title: string }) => d.title)).toEqual(['燃气安全入户宣传']);
    const { session: other } = await signIn(env, ['leader'], '360803');
    expect((await other.inject({ method: 'POST', url: `/api/grids/${V}002/duties/${id}/reject`, payload: {} })).statusCode).toBe(404);
    const removed = await staff.inject({ method: 'POST', url: `/api/grids/${V}002/duties/${id}/remove`, payload: { reason: '事项取消' } });
    expect(removed.json().status).toBe('removed');
  });
});
