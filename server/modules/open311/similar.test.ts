/** 多诉统办 over Open311: GET similar.{format} before posting, and similar_service_requests in a POST's answer. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../../test/helpers.js';
import { appealBody, IN_GRID, makeAppealWorld, type AppealWorld } from '../../test/appeal-world.js';

let env: TestEnv;
let w: AppealWorld;
let key: string;
let otherCountyKey: string;
/** The first request (an integration's), and an appeal the desk registered there (never published without a key). */
let first: string;
let internal: string;

const BASE = '/open311/v2';
const post = (path: string, form: Record<string, string>) =>
  env.app.inject({ method: 'POST', url: `${BASE}/${path}`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams(form).toString() });
const similar = (q: Record<string, string>, format = 'json') => env.app.inject({ url: `${BASE}/similar.${format}?${new URLSearchParams(q).toString()}` });

const PERSONAL = ['王秀英', '秀英', '13807961234', '13907965678', '上阳明路', 'wang@example.com', '井盖破损'];
function expectNoPersonalData(body: string) {
  for (const p of PERSONAL) expect(body).not.toContain(p);
}

const DRAFT = { description: '门口的井盖坏了，晚上差点踩空摔倒', service_code: '0302', lat: String(IN_GRID.lat + 0.0002), long: String(IN_GRID.lon) };

async function makeKey(name: string, roles: string[], regionCode: string): Promise<string> {
  const res = await w.as.admin.inject({ method: 'POST', url: '/api/apikeys', payload: { name, roles, regionCode } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().key as string;
}

beforeAll(async () => {
  env = await createTestEnv();
  w = await makeAppealWorld(env);
  key = await makeKey('12345 热线对接', ['dispatcher'], '360802');
  otherCountyKey = await makeKey('袁州区对接', ['dispatcher'], '360902');
  const res = await post('requests.json', {
    api_key: key,
    service_code: '0302',
    lat: String(IN_GRID.lat),
    long: String(IN_GRID.lon),
    address_string: '习溪桥街道上阳明路 12 号门口',
    description: '上阳明路小区门口井盖破损，晚上有人差点踩空。',
    first_name: '秀英',
    last_name: '王',
    phone: '13807961234',
    email: 'wang@example.com',
  });
  expect(res.statusCode, res.body).toBe(200);
  first = res.json()[0].service_request_id;
  const desk = await w.as.dispatcher.inject({ method: 'POST', url: '/api/appeals', payload: appealBody({ channel: 'hotline', content: '上阳明路小区门口井盖破损，晚上有人差点踩空。', location: { lon: IN_GRID.lon + 0.0003, lat: IN_GRID.lat } }) });
  expect(desk.statusCode, desk.body).toBe(201);
  internal = desk.json().number;
});
afterAll(() => env.close());

describe('GET similar.{format}', () => {
  it('with a key: the likely repeats in its scope, public fields and reasons only', async () => {
    const res = await similar({ ...DRAFT, api_key: key });
    expect(res.statusCode, res.body).toBe(200);
    const items = res.json() as { service_request_id: string; reasons: { code: string; value: number | null }[] }[];
    expect(items.map((i) => i.service_request_id).sort()).toEqual([first, internal].sort());
    for (const i of items) {
      expect(Object.keys(i).sort()).toEqual(['reasons', 'requested_datetime', 'score', 'service_code', 'service_request_id', 'status']);
      expect(i).toMatchObject({ service_code: '0302', status: 'open' });
      const codes = i.reasons.map((r) => r.code);
      expect(codes).toContain('same_category');
      expect(codes).toContain('distance');
      expect(codes).not.toContain('same_requester');
    }
    const near = items.find((i) => i.service_request_id === first)!;
    expect(near.reasons.find((r) => r.code === 'distance')!.value).toBeGreaterThan(15);
    expect(near.reasons.find((r) => r.code === 'distance')!.value).toBeLessThan(30);
    expectNoPersonalData(res.body);
  });

  it('without a key only what residents and integrations submitted; another county’s key finds nothing here', async () => {
    const anon = await similar(DRAFT);
    expect(anon.statusCode, anon.body).toBe(200);
    expect(anon.json().map((i: { service_request_id: string }) => i.service_request_id)).toEqual([first]);
    expectNoPersonalData(anon.body);
    const other = await similar({ ...DRAFT, api_key: otherCountyKey });
    expect(other.statusCode).toBe(200);
    expect(other.json()).toEqual([]);
  });

  it('a grid code stands for the place; another problem there is not offered', async () => {
    const res = await similar({ description: '广场舞音响声音太大，晚上十点还在跳', address_id: '360802004001001', api_key: key });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual([]);
    const same = await similar({ description: '小区门口井盖破损，有人晚上差点踩空', service_code: '0302', address_id: '360802004001001', api_key: key });
    expect(same.json().map((i: { service_request_id: string }) => i.service_request_id)).toContain(first);
  });

  it('answers in XML with the reasons as repeated elements', async () => {
    const res = await similar({ ...DRAFT, api_key: key }, 'xml');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/xml');
    expect(res.body).toContain(`<service_request_id>${first}</service_request_id>`);
    expect(res.body).toMatch(/<reasons><reason><code>\w+<\/code><value>[\d.]*<\/value><\/reason>/);
    expectNoPersonalData(res.body);
  });

  it('400 naming the field: description, lat/long, address_id, service_code; 403 for a wrong key', async () => {
    const cases: [Record<string, string>, string][] = [
      [{ lat: DRAFT.lat, long: DRAFT.long }, 'description'],
      [{ description: 'x', lat: DRAFT.lat }, 'lat'],
      [{ description: 'x', lat: 'north', long: DRAFT.long }, 'long'],
      [{ description: 'x', lat: '95', long: DRAFT.long }, 'lat'],
      [{ description: 'x' }, 'address_id'],
      [{ description: 'x', address_id: '360802004' }, 'address_id'],
      [{ description: 'x', address_id: '360802004001001', service_code: '9999' }, 'service_code'],
    ];
    for (const [q, field] of cases) {
      const res = await env.app.inject({ url: `${BASE}/similar.json?${new URLSearchParams(q).toString()}`, headers: { 'accept-language': 'en' } });
      expect(res.statusCode, JSON.stringify(q)).toBe(400);
      expect(res.json()[0].code).toBe(400);
      expect(res.json()[0].description).toContain(field);
    }
    expect((await similar({ ...DRAFT, api_key: 'tsk_wrong' })).statusCode).toBe(403);
  });
});

describe('POST requests.{format}: similar_service_requests', () => {
  it('names the likely repeats by their public ids, with nothing personal', async () => {
    const res = await post('requests.json', { api_key: key, ...DRAFT, first_name: '建国', last_name: '李', phone: '13907965678' });
    expect(res.statusCode, res.body).toBe(200);
    const [created] = res.json();
    expect(created.similar_service_requests.sort()).toEqual([first, internal].sort());
    expect(created.similar_service_requests).not.toContain(created.service_request_id);
    expectNoPersonalData(res.body);
    const xml = await post('requests.xml', { api_key: key, ...DRAFT, description: '井盖坏了，门口有人晚上踩空' });
    expect(xml.statusCode, xml.body).toBe(200);
    expect(xml.body).toContain(`<similar_service_requests><service_request_id>`);
    // The request just posted is the nearest repeat now.
    expect(xml.body).toContain(`<similar_service_requests><service_request_id>${created.service_request_id}</service_request_id>`);
  });

  it('an unrelated request lists none', async () => {
    const res = await post('requests.json', { api_key: key, service_code: '0101', lat: String(IN_GRID.lat), long: String(IN_GRID.lon), description: '路灯不亮，整条路晚上漆黑一片' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()[0].similar_service_requests).toEqual([]);
  });
});
