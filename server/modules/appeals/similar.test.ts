import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../../test/helpers.js';
import { appealBody, IN_GRID, makeAppealWorld, type AppealWorld } from '../../test/appeal-world.js';
import { PROBLEMS } from '../../generate/duplicates-eval.js';
import type { AppealRow } from './appeals.repo.js';
import { DUPLICATES, scoreCandidates } from './appeals.similar.js';

const M = 1 / 111_320;
const DAY = 86_400_000;

describe('the duplicate scorer on known pairs', () => {
  const now = new Date('2026-12-01T02:00:00Z');
  const row = (id: string, text: string, category: string, metres: number, days: number, phone = id) =>
    ({ id, title: text.slice(0, 40), content: text, categoryCode: category, lon: 114.9, lat: 27 + metres * M, gridCode: 'g', requesterPhoneIndex: phone, createdAt: new Date(now.getTime() - days * DAY) }) as unknown as AppealRow;
  const probe = (text: string, category: string) => ({ text, categoryCode: category, lon: 114.9, lat: 27, gridCode: 'g', phoneIndex: 'new', at: now });

  it('ranks the repeat in other words first, and leaves another problem of the same category nearby below the threshold', () => {
    const [lights, daylight] = [PROBLEMS[0], PROBLEMS[1]];
    const repeat = row('repeat', lights.texts[0], lights.category, 40, 3);
    const other = row('other', daylight.texts[2], daylight.category, 25, 1);
    const found = scoreCandidates(probe(lights.texts[2], lights.category), [other, repeat]);
    expect(found[0].row.id).toBe('repeat');
    expect(found.map((f) => f.row.id)).not.toContain('other');
    expect(found[0].reasons).toEqual(expect.arrayContaining([{ code: 'distance', value: 40 }, { code: 'days', value: 3 }, { code: 'same_category' }, { code: 'same_grid' }]));
    expect(found[0].reasons.find((r) => r.code === 'text')?.value).toBeGreaterThan(0.2);
    // Scored on its own, the other problem (the lamps lit by day) is below the threshold.
    const all = scoreCandidates(probe(lights.texts[0], lights.category), [other], DUPLICATES, 'mixed', 0);
    expect(all[0].score).toBeLessThan(DUPLICATES.threshold);
  });

  it('finds wage arrears said three ways, not the unpaid last month after a dismissal', () => {
    const [site, dismissed] = [PROBLEMS[22], PROBLEMS[23]];
    const found = scoreCandidates(probe(site.texts[0], site.category), [row('a', site.texts[2], site.category, 60, 6), row('b', dismissed.texts[0], dismissed.category, 30, 2)]);
    expect(found.map((f) => f.row.id)).toEqual(['a']);
  });

  it('says when the requester is the same person', () => {
    const found = scoreCandidates({ ...probe(PROBLEMS[6].texts[1], PROBLEMS[6].category), phoneIndex: 'p1' }, [row('a', PROBLEMS[6].texts[0], PROBLEMS[6].category, 10, 1, 'p1')]);
    expect(found[0].reasons[0]).toEqual({ code: 'same_requester' });
  });
});

describe('duplicate suggestions through HTTP', () => {
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
  const draft = {
    content: '人行道上井盖缺了一块，有人差点掉下去',
    categoryCode: '0302',
    phone: '13907965555',
    lon: IN_GRID.lon,
    lat: IN_GRID.lat + 30 * M,
  };

  it('suggests the repeat with its reasons, not another problem nearby, and nothing to another area', async () => {
    const master = await register();
    const noisy = await register({ requester: { kind: 'resident', name: '李四', phone: '13907960000' }, content: '井盖一踩就响，晚上车开过去哐当哐当吵得睡不着', location: { lon: IN_GRID.lon, lat: IN_GRID.lat + 40 * M } });
    const res = await w.as.dispatcher.inject({ method: 'POST', url: '/api/appeals/similar', payload: draft });
    expect(res.statusCode, res.body).toBe(200);
    const { items, threshold } = res.json();
    expect(items[0].appeal.id).toBe(master.id);
    expect(items[0].score).toBeGreaterThanOrEqual(threshold);
    const codes = items[0].reasons.map((r: { code: string }) => r.code);
    expect(codes).toEqual(expect.arrayContaining(['text', 'distance', 'same_category', 'days']));
    expect(items[0].reasons.find((r: { code: string }) => r.code === 'distance').value).toBe(30);
    expect(items.map((i: { appeal: { id: string } }) => i.appeal.id)).not.toContain(noisy.id);
    // The list masks the requester as every list does.
    expect(items[0].appeal.requesterPhone).toBe('138****1234');

    const other = await w.as.otherDispatcher.inject({ method: 'POST', url: '/api/appeals/similar', payload: draft });
    expect(other.statusCode).toBe(200);
    expect(other.json().items).toEqual([]);
    expect((await w.as.dispatcher.inject({ method: 'POST', url: '/api/appeals/similar', payload: { ...draft, content: '' } })).statusCode).toBe(400);
    expect((await w.as.dispatcher.inject({ method: 'POST', url: '/api/appeals/similar', payload: { ...draft, phone: 'abc' } })).statusCode).toBe(400);
  });

  it('shows an appeal its likely duplicates; merged, the repeat leaves the list and follows its master', async () => {
    const master = await register({ content: '下雨后菜市场门口积水很深，没法走路' , categoryCode: '0303' });
    const repeat = await register({ requester: { kind: 'resident', name: '赵六', phone: '13907963333' }, content: '市场入口排水不畅，雨后积水很深', categoryCode: '0303', location: { lon: IN_GRID.lon + 50 * M, lat: IN_GRID.lat } });
    const seen = await w.as.dispatcher.inject({ url: `/api/appeals/${repeat.id}/similar` });
    expect(seen.statusCode, seen.body).toBe(200);
    expect(seen.json().items[0].appeal.id).toBe(master.id);
    expect((await w.as.otherDispatcher.inject({ url: `/api/appeals/${repeat.id}/similar` })).statusCode).toBe(404);

    const merged = await w.as.dispatcher.inject({ method: 'POST', url: `/api/appeals/${repeat.id}/actions/merge`, payload: { version: repeat.version, masterId: master.id } });
    expect(merged.statusCode, merged.body).toBe(200);
    expect(merged.json().status).toBe('merged');
    const fromMaster = (await w.as.dispatcher.inject({ url: `/api/appeals/${master.id}/similar` })).json();
    expect(fromMaster.items.map((i: { appeal: { id: string } }) => i.appeal.id)).not.toContain(repeat.id);
    const detail = (await w.as.dispatcher.inject({ url: `/api/appeals/${master.id}` })).json();
    expect(detail.merged.map((m: { id: string }) => m.id)).toContain(repeat.id);
  });
});
