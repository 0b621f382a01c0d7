import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../../test/helpers.js';
import { makeAppealWorld, type AppealWorld } from '../../test/appeal-world.js';

let env: TestEnv;
let w: AppealWorld;
beforeAll(async () => {
  env = await createTestEnv();
  w = await makeAppealWorld(env);
});
afterAll(() => env.close());

const submit = (payload: Record<string, unknown>, ip = '10.1.1.1') =>
  env.app.inject({ method: 'POST', url: '/api/public/appeals', payload, remoteAddress: ip });

describe('the residents’ QR page', () => {
  it('submits without an account, tracks by number and last four digits, and rates the outcome', async () => {
    const place = (await env.app.inject({ url: '/api/public/places/360802004001001' })).json();
    expect(place).toMatchObject({ code: '360802004001001', level: 'grid' });
    const res = await submit({ placeCode: '360802004001001', name: '赵大爷', phone: '138 0796 5678', content: '楼下路灯坏了一个多星期', categoryCode: '0304' });
    expect(res.statusCode).toBe(201);
    const { number, last4 } = res.json();
    expect(last4).toBe('5678');

    const wrong = await env.app.inject({ url: `/api/public/track?number=${number}&last4=0000` });
    expect(wrong.statusCode).toBe(404);
    const unknown = await env.app.inject({ url: `/api/public/track?number=360802-20990101-0001&last4=5678` });
    expect(unknown.json()).toEqual(wrong.json());

    let t = (await env.app.inject({ url: `/api/public/track?number=${number}&last4=5678` })).json();
    expect(t.statusText).toBe('已登记，等待受理');
    expect(t.timeline[0].text).toContain(number);
    expect(JSON.stringify(t)).not.toContain('赵大爷');

    // Staff take it round the loop.
    const list = (await w.as.dispatcher.inject({ url: `/api/appeals?q=${number}` })).json();
    let a = (await w.as.dispatcher.inject({ url: `/api/appeals/${list.items[0].id}` })).json();
    expect(a.channel).toBe('qr');
    const go = async (s: typeof w.as.dispatcher, action: string, body: Record<string, unknown> = {}) => {
      const r = await s.inject({ method: 'POST', url: `/api/appeals/${a.id}/actions/${action}`, payload: { version: a.version, ...body } });
      expect(r.statusCode, r.body).toBe(200);
      a = r.json();
    };
    expect((await env.app.inject({ method: 'POST', url: `/api/public/appeals/${number}/rating`, payload: { last4: '5678', rating: 'satisfied' } })).statusCode).toBe(409);
    await go(w.as.dispatcher, 'accept');
    await go(w.as.dispatcher, 'dispatch', { leadOrgId: w.orgs.urban });
    await go(w.as.handler, 'sign');
    await go(w.as.handler, 'handle', { result: '已更换路灯灯头' });
    await go(w.as.dispatcher, 'feedback');
    await go(w.as.dispatcher, 'evaluate_org', { rating: 'good', verified: true });

    t = (await env.app.inject({ url: `/api/public/track?number=${number}&last4=5678` })).json();
    expect(t.canRate).toBe(true);
    expect(t.result).toBe('已更换路灯灯头');
    expect(t.timeline.map((e: { text: string }) => e.text)).toEqual(expect.arrayContaining(['已转交吉州区城市管理局办理。', '已办结：已更换路灯灯头']));
    const rated = await env.app.inject({ method: 'POST', url: `/api/public/appeals/${number}/rating`, payload: { last4: '5678', rating: 'satisfied', comment: '修得很快' } });
    expect(rated.statusCode).toBe(200);
    expect(rated.json()).toMatchObject({ status: 'closed', rating: 'satisfied', canRate: false });
    const again = await env.app.inject({ method: 'POST', url: `/api/public/appeals/${number}/rating`, payload: { last4: '5678', rating: 'dissatisfied' } });
    expect(again.statusCode).toBe(409);
  });

  it('keeps an appeal at the poster’s place when the phone’s position falls in another township', async () => {
    // A point inside 古南街道's grid 360802001001001 (x = 114.94…), submitted from 习溪桥's poster.
    const res = await submit({ placeCode: '360802004001', phone: '13807960001', content: '路口积水', location: { lon: 114.9445, lat: 27.0045 } }, '10.4.4.4');
    const { number } = res.json();
    const list = (await w.as.dispatcher.inject({ url: `/api/appeals?q=${number}` })).json();
    expect(list.items[0].regionCode.startsWith('360802004')).toBe(true);
  });

  it('refuses bad input, unknown places and bots', async () => {
    expect((await env.app.inject({ url: '/api/public/places/360802004001999' })).statusCode).toBe(404);
    expect((await env.app.inject({ url: '/api/public/places/36' })).statusCode).toBe(404);
    const cases: [Record<string, unknown>, number][] = [
      [{ placeCode: '360802004001001', phone: '123', content: '有事' }, 400],
      [{ placeCode: '360802004001001', phone: '13800000000', content: '' }, 400],
      [{ placeCode: '360802004001999', phone: '13800000000', content: '有事' }, 404],
      [{ placeCode: '360802004001001', phone: '13800000000', content: '有事', website: 'http://spam' }, 400],
    ];
    for (const [payload, status] of cases) expect((await submit(payload, '10.2.2.2')).statusCode).toBe(status);
  });

  it('limits how often one address may submit', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 22; i++) {
      codes.push((await submit({ placeCode: '360802004001', phone: `139079600${String(i).padStart(2, "0")}`, content: `第${i}条` }, '10.3.3.3')).statusCode);
    }
    expect(codes.slice(0, 20).every((c) => c === 201)).toBe(true);
    expect(codes.at(-1)).toBe(429);
  });

  it('prints QR codes for staff only', async () => {
    expect((await env.app.inject({ url: '/api/qr/360802004001001/png' })).statusCode).toBe(401);
    const png = await w.as.community.inject({ url: '/api/qr/360802004001001/png' });
    expect(png.statusCode).toBe(200);
    expect(png.rawPayload.subarray(1, 4).toString()).toBe('PNG');
    const info = (await w.as.community.inject({ url: '/api/qr/360802004001001' })).json();
    expect(info.url).toMatch(/\/r\/360802004001001$/);
  });
});
