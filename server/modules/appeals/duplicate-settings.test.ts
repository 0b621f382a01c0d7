import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../../test/helpers.js';
import { appealBody, makeAppealWorld, type AppealWorld } from '../../test/appeal-world.js';
import { auditLog } from '../../platform/audit.tables.js';
import { appeals } from './appeals.tables.js';
import { DUPLICATES } from './appeals.similar.js';

/** 多诉统办: a county's duplicate-suggestion settings (GET/PUT /api/appeal-duplicate-settings), read by the suggestions. */
const M = 1 / 111_320;
const DAY = 86_400_000;
/** On the east edge of grid 360802004001001 (which ends at lon 114.909). */
const EDGE = { lon: 114.9085, lat: 27.0045 };
/** 200 m east of it, outside the grid. */
const EAST = { lon: EDGE.lon + (200 * M) / Math.cos((27.0045 * Math.PI) / 180), lat: EDGE.lat };
const TEXT = '路口的红绿灯坏了好几天，早晚高峰车辆乱成一团，很危险';

let env: TestEnv;
let w: AppealWorld;
beforeAll(async () => {
  env = await createTestEnv();
  w = await makeAppealWorld(env);
});
afterAll(() => env.close());

const put = (body: Record<string, unknown>, who: 'admin' | 'dispatcher' = 'admin') => w.as[who].inject({ method: 'PUT', url: '/api/appeal-duplicate-settings', payload: { regionCode: '360802', metres: 300, openDays: 90, windowDays: 30, minScore: 0.48, suggestions: 5, ...body } });
const similar = async (at = EAST) => {
  const res = await w.as.dispatcher.inject({ method: 'POST', url: '/api/appeals/similar', payload: { content: TEXT, categoryCode: '0302', phone: '13907968888', lon: at.lon, lat: at.lat } });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { items: { appeal: { id: string }; reasons: { code: string; value?: number }[] }[]; threshold: number };
};

describe('duplicate-suggestion settings per county', () => {
  let master: { id: string };

  it('defaults equal the constants; only an administrator reads or stores them', async () => {
    const got = await w.as.admin.inject({ url: '/api/appeal-duplicate-settings?regionCode=360802' });
    expect(got.statusCode).toBe(200);
    expect(got.json()).toEqual({ regionCode: '360802', metres: DUPLICATES.metres, openDays: DUPLICATES.openDays, windowDays: DUPLICATES.windowDays, minScore: DUPLICATES.threshold, suggestions: DUPLICATES.limit, source: 'default', updatedAt: null });
    expect((await w.as.dispatcher.inject({ url: '/api/appeal-duplicate-settings' })).statusCode).toBe(403);
    expect((await w.as.leader.inject({ url: '/api/appeal-duplicate-settings' })).statusCode).toBe(403);
    expect((await put({}, 'dispatcher')).statusCode).toBe(403);
  });

  it('refuses out-of-range values with 400 naming the field', async () => {
    for (const [field, value] of [['metres', 5], ['metres', 50_000], ['openDays', 0], ['windowDays', -1], ['minScore', 1.5], ['suggestions', 0], ['suggestions', 21]] as const) {
      const res = await put({ [field]: value });
      expect(res.statusCode, `${field}=${value}`).toBe(400);
      expect(res.body, `${field}=${value}`).toContain(field);
    }
    const window = await put({ openDays: 10, windowDays: 30 });
    expect(window.statusCode).toBe(400);
    expect(window.json().error).toBe('duplicate_settings_window');
    expect(window.body).toContain('windowDays');
    const township = await put({ regionCode: '360802004' });
    expect(township.statusCode).toBe(400);
    expect(township.json().error).toBe('county_setting_region');
    expect((await env.database.db.select().from(auditLog).where(eq(auditLog.action, 'duplicate_settings.set'))).length).toBe(0);
  });

  it('the suggestions follow a stored distance', async () => {
    const res = await w.as.dispatcher.inject({ method: 'POST', url: '/api/appeals', payload: appealBody({ content: TEXT, location: EDGE }) });
    expect(res.statusCode, res.body).toBe(201);
    master = res.json();
    // 200 m away, within the default 300 m.
    const before = await similar();
    expect(before.items.map((i) => i.appeal.id)).toEqual([master.id]);
    expect(before.items[0].reasons.find((r) => r.code === 'distance')?.value).toBe(200);
    const stored = await put({ metres: 100 });
    expect(stored.statusCode, stored.body).toBe(200);
    expect(stored.json()).toMatchObject({ metres: 100, source: 'stored' });
    expect((await similar()).items).toEqual([]);
    await put({ metres: 250 });
    expect((await similar()).items.map((i) => i.appeal.id)).toEqual([master.id]);
    const audits = await env.database.db.select({ details: auditLog.details }).from(auditLog).where(eq(auditLog.action, 'duplicate_settings.set'));
    expect(audits.map((a) => (a.details as { after: { metres: number } }).after.metres)).toEqual([100, 250]);
    expect((audits[1].details as { before: { metres: number } }).before.metres).toBe(100);
  });

  it('the suggestions follow the stored windows, the minimum score and the count', async () => {
    // Registered 10 days ago: offered while open appeals are offered for 90 days, not for 7.
    await env.database.db.update(appeals).set({ createdAt: new Date(Date.now() - 10 * DAY) }).where(eq(appeals.id, master.id));
    expect((await similar()).items).toHaveLength(1);
    await put({ metres: 250, openDays: 7, windowDays: 7 });
    expect((await similar()).items).toEqual([]);
    // Closed 5 days ago: offered while closed ones are for 30 days, not for 3.
    await put({ metres: 250 });
    await env.database.db.update(appeals).set({ status: 'closed', closedAt: new Date(Date.now() - 5 * DAY) }).where(eq(appeals.id, master.id));
    expect((await similar()).items).toHaveLength(1);
    await put({ metres: 250, windowDays: 3 });
    expect((await similar()).items).toEqual([]);
    await put({ metres: 250 });
    // A second repeat: both shown, then only the best under a count of 1; none above a minimum of 0.99.
    const second = await w.as.dispatcher.inject({ method: 'POST', url: '/api/appeals', payload: appealBody({ content: TEXT, location: EDGE, requester: { kind: 'resident', name: '钱七', phone: '13907967777' } }) });
    expect(second.statusCode).toBe(201);
    expect((await similar()).items).toHaveLength(2);
    await put({ metres: 250, suggestions: 1 });
    expect((await similar()).items).toHaveLength(1);
    await put({ metres: 250, minScore: 0.99 });
    const strict = await similar();
    expect(strict.threshold).toBe(0.99);
    expect(strict.items).toEqual([]);
  });

  it('one database’s settings never reach another served by the same process', async () => {
    // The county here now keeps a minimum of 0.99 (the test above); a second database of the same county,
    // in this same process, still scores under its own (the defaults).
    const other = await createTestEnv();
    try {
      const o = await makeAppealWorld(other);
      const res = await o.as.dispatcher.inject({ method: 'POST', url: '/api/appeals', payload: appealBody({ content: TEXT, location: EDGE }) });
      expect(res.statusCode, res.body).toBe(201);
      const found = await o.as.dispatcher.inject({ method: 'POST', url: '/api/appeals/similar', payload: { content: TEXT, categoryCode: '0302', phone: '13907968888', lon: EAST.lon, lat: EAST.lat } });
      expect(found.statusCode, found.body).toBe(200);
      expect(found.json().threshold).toBe(DUPLICATES.threshold);
      expect(found.json().items.map((i: { appeal: { id: string } }) => i.appeal.id)).toEqual([res.json().id]);
    } finally {
      await other.close();
    }
  });
});
