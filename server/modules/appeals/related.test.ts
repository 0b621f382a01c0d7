import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../../test/helpers.js';
import { appealBody, IN_GRID, makeAppealWorld, RESIDENT, type AppealWorld } from '../../test/appeal-world.js';

let env: TestEnv;
let w: AppealWorld;
beforeAll(async () => {
  env = await createTestEnv();
  w = await makeAppealWorld(env);
});
afterAll(() => env.close());

async function register(extra: Record<string, unknown> = {}) {
  const res = await w.as.dispatcher.inject({ method: 'POST', url: '/api/appeals', payload: appealBody(extra) });
  if (res.statusCode !== 201) throw new Error(`register: ${res.statusCode} ${res.body}`);
  return res.json();
}
const ids = (items: { id: string }[]) => items.map((i) => i.id);

describe('repeats shown while registering', () => {
  it('lists the requester’s earlier appeals by phone (audited, without the digits) and open appeals nearby', async () => {
    const earlier = await register();
    const otherPerson = await register({ requester: { kind: 'resident', name: '李四', phone: '13907960000' }, location: { lon: IN_GRID.lon + 0.002, lat: IN_GRID.lat } });
    // About 1 km away, in another grid: not nearby.
    const far = await register({ requester: { kind: 'resident', name: '张三', phone: '13907961111' }, location: { lon: 114.9045, lat: 27.0145 }, placeCode: '360802004' });
    const closed = await register({ requester: { kind: 'resident', name: '赵五', phone: '13907962222' } });
    await w.as.dispatcher.inject({ method: 'POST', url: `/api/appeals/${closed.id}/actions/reject`, payload: { version: closed.version, reason: '重复' } });

    const res = await w.as.dispatcher.inject({ method: 'POST', url: '/api/appeals/related', payload: { phone: RESIDENT.phone, lon: IN_GRID.lon, lat: IN_GRID.lat } });
    expect(res.statusCode, res.body).toBe(200);
    const { byPhone, nearby } = res.json();
    expect(ids(byPhone)).toContain(earlier.id);
    expect(ids(byPhone)).not.toContain(otherPerson.id);
    expect(byPhone[0].requesterPhone).toBe('138****1234');
    expect(ids(nearby)).toEqual(expect.arrayContaining([earlier.id, otherPerson.id]));
    expect(ids(nearby)).not.toContain(far.id);
    expect(ids(nearby)).not.toContain(closed.id); // finished: nothing to merge into

    const log = (await w.as.admin.inject({ url: '/api/audit?action=appeal.search_by_phone' })).json();
    expect(log.items.length).toBeGreaterThan(0);
    expect(JSON.stringify(log.items)).not.toContain(RESIDENT.phone);
  });

  it('finds the same grid without a position, and shows nothing outside the caller’s area', async () => {
    const a = await register();
    const byGrid = (await w.as.dispatcher.inject({ method: 'POST', url: '/api/appeals/related', payload: { placeCode: '360802004001001' } })).json();
    expect(ids(byGrid.nearby)).toContain(a.id);
    const other = (await w.as.otherDispatcher.inject({ method: 'POST', url: '/api/appeals/related', payload: { phone: RESIDENT.phone, placeCode: '360802004001001' } })).json();
    expect(other).toEqual({ byPhone: [], nearby: [] });
    expect((await w.as.dispatcher.inject({ method: 'POST', url: '/api/appeals/related', payload: { phone: 'abc' } })).statusCode).toBe(400);
  });
});
