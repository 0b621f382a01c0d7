import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type Session, type TestEnv } from '../../test/helpers.js';
import { appealBody, IN_GRID, makeAppealWorld, RESIDENT, type AppealWorld } from '../../test/appeal-world.js';

let env: TestEnv;
let w: AppealWorld;
const ids: string[] = [];
beforeAll(async () => {
  env = await createTestEnv();
  w = await makeAppealWorld(env);
  const register = async (extra: Record<string, unknown> = {}) => {
    const res = await w.as.dispatcher.inject({ method: 'POST', url: '/api/appeals', payload: appealBody(extra) });
    if (res.statusCode !== 201) throw new Error(`register: ${res.statusCode} ${res.body}`);
    const a = res.json();
    ids.push(a.id, a.number);
    return a;
  };
  // Three open appeals in grid 360802004001001 (one cell), one in the township's last grid 360802004002002.
  await register();
  await register({ location: { lon: IN_GRID.lon + 0.0003, lat: IN_GRID.lat + 0.0002 } });
  await register({ location: { lon: IN_GRID.lon + 0.0001, lat: IN_GRID.lat - 0.0003 } });
  await register({ location: { lon: 114.9345, lat: 27.0045 } });
  // Outside every grid of the township (east of them), placed in the township by hand.
  await register({ location: { lon: 114.99, lat: 27.0045 }, placeCode: '360802004' });
  // No coordinates: placed by grid only.
  await register({ location: undefined, placeCode: '360802004001001' });
  // Finished: not counted.
  const rejected = await register();
  const r = await w.as.dispatcher.inject({ method: 'POST', url: `/api/appeals/${rejected.id}/actions/reject`, payload: { version: rejected.version, reason: '重复' } });
  if (r.statusCode !== 200) throw new Error(`reject: ${r.statusCode} ${r.body}`);
}, 240_000);
afterAll(() => env.close());

interface Heat {
  bounds: { west: number; south: number; east: number; north: number } | null;
  cellLon: number;
  cellLat: number;
  cols: number;
  rows: number;
  cells: { col: number; row: number; lon: number; lat: number; count: number }[];
  max: number;
  located: number;
  outside: number;
  unlocated: number;
}
async function heat(as: Session, query = ''): Promise<Heat> {
  const res = await as.inject({ url: `/api/appeals/heat${query}` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}
const cellOf = (h: Heat, lon: number, lat: number) => h.cells.find((c) => c.lon <= lon && lon < c.lon + h.cellLon && c.lat <= lat && lat < c.lat + h.cellLat);

describe('heat map of open appeals', () => {
  it('counts the caller’s open appeals per cell over the extent of their grids, with counts only', async () => {
    const res = await w.as.dispatcher.inject({ url: '/api/appeals/heat' });
    expect(res.statusCode, res.body).toBe(200);
    const h: Heat = res.json();
    // The township's four grids: 114.9–114.939 × 27.0–27.009.
    expect(h.bounds).toEqual({ west: 114.9, south: 27.0, east: 114.939, north: 27.009 });
    expect(h.cells.map((c) => c.count).sort()).toEqual([1, 3]);
    expect(cellOf(h, IN_GRID.lon, IN_GRID.lat)?.count).toBe(3);
    expect(cellOf(h, 114.9345, 27.0045)?.count).toBe(1);
    expect(h).toMatchObject({ max: 3, located: 4, outside: 1, unlocated: 1 });
    // Aggregated: no appeal's id, number, requester or exact point comes back.
    for (const c of h.cells) expect(Object.keys(c).sort()).toEqual(['col', 'count', 'lat', 'lon', 'row']);
    for (const s of [...ids, RESIDENT.phone, RESIDENT.name, String(IN_GRID.lon)]) expect(res.body).not.toContain(s);
    // Never finer than ≈ 220 m, and square on the ground.
    expect(h.cellLat).toBeGreaterThanOrEqual(0.002);
    expect(h.cellLon * Math.cos((27.0045 * Math.PI) / 180)).toBeCloseTo(h.cellLat, 5);
  });

  it('is bounded: at most size cells along each side, size limited to 4–64', async () => {
    const h = await heat(w.as.admin, '?size=4');
    expect(h.cols).toBeLessThanOrEqual(4);
    expect(h.rows).toBeLessThanOrEqual(4);
    expect(h.cells.length).toBeLessThanOrEqual(16);
    for (const c of h.cells) {
      expect(c.col).toBeLessThan(h.cols);
      expect(c.row).toBeLessThan(h.rows);
    }
    // The admin's extent is every grid of the installation; every open appeal with a point lies in it.
    expect(h.located + h.outside).toBe(5);
    expect(h.cells.reduce((s, c) => s + c.count, 0)).toBe(h.located);
    expect(h.outside).toBe(0);
    for (const bad of ['?size=3', '?size=65', '?size=abc', '?within=abc']) {
      expect((await w.as.admin.inject({ url: `/api/appeals/heat${bad}` })).statusCode, bad).toBe(400);
    }
  });

  it('is scoped to the viewer: a community sees its own, another township nothing, an area outside the scope is 404', async () => {
    const mine = await heat(w.as.community);
    expect(mine).toMatchObject({ max: 3, located: 3, outside: 0, unlocated: 1 });
    const within = await heat(w.as.dispatcher, '?within=360802004002');
    expect(within).toMatchObject({ located: 1, outside: 0, unlocated: 0 });
    expect(within.bounds).toEqual({ west: 114.92, south: 27.0, east: 114.939, north: 27.009 });

    const other = await heat(w.as.otherDispatcher);
    expect(other).toMatchObject({ cells: [], max: 0, located: 0, outside: 0, unlocated: 0 });
    expect((await w.as.otherDispatcher.inject({ url: '/api/appeals/heat?within=360802004' })).statusCode).toBe(404);
    // A department's handler sees what was dispatched to it: nothing yet.
    expect((await heat(w.as.otherHandler)).located).toBe(0);
    // The signed-out get nothing.
    expect((await env.app.inject({ url: '/api/appeals/heat' })).statusCode).toBe(401);
  });
});
