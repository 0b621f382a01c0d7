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

  it('groups open appeals about one problem into a cluster with the residents affected, and handled as one it is gone', async () => {
    const at = { lon: IN_GRID.lon - 0.003, lat: IN_GRID.lat - 0.003 };
    const one = await register({ requester: { kind: 'resident', name: '甲', phone: '13907961001' }, content: '电梯又坏了，困了人半个小时', categoryCode: '0202', location: at });
    const two = await register({ requester: { kind: 'resident', name: '乙', phone: '13907961002' }, content: '电梯故障困人，物业很久才来', categoryCode: '0202', location: { lon: at.lon, lat: at.lat + 30 * M } });
    const ids = (c: { appeals: { id: string }[] }) => c.appeals.map((a) => a.id);
    const res = await w.as.dispatcher.inject({ url: '/api/appeals/clusters' });
    expect(res.statusCode, res.body).toBe(200);
    const cluster = res.json().items.find((c: { appeals: { id: string }[] }) => ids(c).includes(one.id));
    expect(ids(cluster)).toEqual([one.id, two.id]);
    expect(cluster.masterId).toBe(one.id);
    expect(cluster.affected).toBe(2);
    // The map's marker: placed between the two, with why they are one problem, and no personal data.
    expect(cluster.lon).toBeCloseTo(at.lon, 6);
    expect(cluster.lat).toBeCloseTo(at.lat + 15 * M, 6);
    expect(cluster.reasons).toEqual(expect.arrayContaining(['text', 'distance', 'same_category']));
    expect(cluster.reasons).not.toContain('same_requester');
    expect(res.body).not.toContain('13907961001');
    expect(res.body).not.toContain('13907961002');
    const elsewhere = (await w.as.otherDispatcher.inject({ url: '/api/appeals/clusters' })).json();
    expect(JSON.stringify(elsewhere)).not.toContain(one.id);
    expect((await w.as.dispatcher.inject({ method: 'POST', url: `/api/appeals/${two.id}/actions/merge`, payload: { version: two.version, masterId: one.id } })).statusCode).toBe(200);
    const after = (await w.as.dispatcher.inject({ url: '/api/appeals/clusters' })).json();
    expect(after.items.some((c: { appeals: { id: string }[] }) => ids(c).includes(one.id))).toBe(false);
  });
});

describe('the QR page: already reported, and 我也遇到', () => {
  let env: TestEnv;
  let w: AppealWorld;
  beforeAll(async () => {
    env = await createTestEnv();
    w = await makeAppealWorld(env);
  });
  afterAll(() => env.close());

  it('shows the open repeat without personal data, counts each phone once (409 on a repeat), and tells them the outcome', async () => {
    const reg = await w.as.dispatcher.inject({ method: 'POST', url: '/api/appeals', payload: appealBody({ content: '小区门口的路灯坏了，晚上一片漆黑', categoryCode: '0304', address: '上阳明路 12 号 3 栋' }) });
    let a = reg.json();
    const draft = { placeCode: '360802004001001', content: '路灯晚上不亮，老人出门看不见路', categoryCode: '0304', location: { lon: IN_GRID.lon, lat: IN_GRID.lat + 20 * M } };
    const seen = await env.app.inject({ method: 'POST', url: '/api/public/similar', payload: draft, remoteAddress: '10.9.9.9' });
    expect(seen.statusCode, seen.body).toBe(200);
    const [item] = seen.json().items;
    expect(item).toMatchObject({ number: a.number, affected: 0, statusText: '已登记，等待受理' });
    expect(item.trackingUrl).toContain(a.number);
    const text = JSON.stringify(seen.json());
    for (const secret of ['王秀英', '13807961234', '1234', '上阳明路', '路灯坏了']) expect(text).not.toContain(secret);
    expect(item.reasons.map((r: { code: string }) => r.code)).not.toContain('same_requester');

    const metoo = (phone: string) => env.app.inject({ method: 'POST', url: `/api/public/appeals/${a.number}/affected`, payload: { phone }, remoteAddress: '10.9.9.9' });
    const first = await metoo('139 0796 7777');
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toEqual({ number: a.number, affected: 1 });
    expect((await metoo('13907967777')).statusCode).toBe(409);
    expect((await metoo('13807961234')).statusCode).toBe(409); // the requester is counted already
    expect((await metoo('13907968888')).json().affected).toBe(2);
    expect((await metoo('abc')).statusCode).toBe(400);
    expect((await env.app.inject({ method: 'POST', url: '/api/public/appeals/360802-20990101-0001/affected', payload: { phone: '13907969999' } })).statusCode).toBe(404);

    // Staff see the count on the appeal and on its inbox row.
    expect((await w.as.dispatcher.inject({ url: `/api/appeals/${a.id}` })).json().affected).toBe(2);
    const row = (await w.as.dispatcher.inject({ url: `/api/appeals?q=${a.number}` })).json().items[0];
    expect(row.affected).toBe(2);

    // A repeat merged into it: its requester and the me-too residents all hear the result.
    const repeat = (await w.as.dispatcher.inject({ method: 'POST', url: '/api/appeals', payload: appealBody({ requester: { kind: 'resident', name: '钱七', phone: '13907964444' }, content: '门口路灯不亮', categoryCode: '0304' }) })).json();
    expect((await w.as.dispatcher.inject({ method: 'POST', url: `/api/appeals/${repeat.id}/actions/merge`, payload: { version: repeat.version, masterId: a.id } })).statusCode).toBe(200);
    const go = async (s: typeof w.as.dispatcher, action: string, body: Record<string, unknown> = {}) => {
      const r = await s.inject({ method: 'POST', url: `/api/appeals/${a.id}/actions/${action}`, payload: { version: a.version, ...body } });
      expect(r.statusCode, r.body).toBe(200);
      a = r.json();
    };
    await go(w.as.dispatcher, 'accept');
    await go(w.as.dispatcher, 'dispatch', { leadOrgId: w.orgs.urban });
    await go(w.as.handler, 'sign');
    await go(w.as.handler, 'handle', { result: '已更换路灯灯头' });
    await go(w.as.dispatcher, 'feedback');
    const sms = await env.database.query<{ body: string; recipient_enc: string }>('select body, recipient_enc from outbox where appeal_id in ($1, $2) order by id', [a.id, repeat.id]);
    const to = sms.map((m) => ({ phone: env.app.vault.decrypt(m.recipient_enc), body: m.body }));
    for (const phone of ['13907967777', '13907968888']) expect(to.filter((m) => m.phone === phone && m.body.includes('已更换路灯灯头'))).toHaveLength(1);
    expect(to.some((m) => m.phone === '13907964444' && m.body.includes('已并案办结'))).toBe(true);
    // Fed back but not closed yet: still offered to the next resident.
    expect((await env.app.inject({ method: 'POST', url: '/api/public/similar', payload: draft })).json().items.map((i: { number: string }) => i.number)).toContain(a.number);
  });
});
