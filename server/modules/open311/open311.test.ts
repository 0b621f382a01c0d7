import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type Session, type TestEnv } from '../../test/helpers.js';
import { appealBody, IN_GRID, makeAppealWorld, type AppealWorld } from '../../test/appeal-world.js';

let env: TestEnv;
let w: AppealWorld;
/** Keys: 吉州区's 12345 hotline (dispatcher), another county's, and one that may only read. */
let key: string;
let otherCountyKey: string;
let handlerKey: string;

const BASE = '/open311/v2';
const ISO_CHINA = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/;
const NUMBER = /^\d{6}-\d{8}-\d{4}$/;

async function makeKey(name: string, roles: string[], regionCode: string): Promise<string> {
  const res = await w.as.admin.inject({ method: 'POST', url: '/api/apikeys', payload: { name, roles, regionCode } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().key as string;
}

const get = (path: string) => env.app.inject({ url: `${BASE}/${path}` });
const post = (path: string, form: Record<string, string>) =>
  env.app.inject({
    method: 'POST',
    url: `${BASE}/${path}`,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams(form).toString(),
  });

const REQUEST = {
  service_code: '0302',
  lat: String(IN_GRID.lat),
  long: String(IN_GRID.lon),
  address_string: '习溪桥街道上阳明路 12 号门口',
  description: '井盖破损，晚上有人差点踩空。',
  first_name: '秀英',
  last_name: '王',
  phone: '13807961234',
  email: 'wang@example.com',
  account_id: 'hotline-778',
};

async function submit(extra: Record<string, string> = {}, apiKey = key) {
  const res = await post('requests.json', { api_key: apiKey, ...REQUEST, ...extra });
  expect(res.statusCode, res.body).toBe(200);
  return res.json()[0] as { service_request_id: string; token: string; service_notice: string; account_id: string | null };
}

async function consoleAppeal(s: Session, number: string) {
  const list = (await s.inject({ url: `/api/appeals?q=${number}` })).json();
  expect(list.items).toHaveLength(1);
  return (await s.inject({ url: `/api/appeals/${list.items[0].id}` })).json();
}

function expectErrors(res: { statusCode: number; json(): unknown }, status: number) {
  expect(res.statusCode).toBe(status);
  const body = res.json() as { code: number; description: string }[];
  expect(Array.isArray(body)).toBe(true);
  expect(body[0].code).toBe(status);
  expect(body[0].description).toEqual(expect.any(String));
}

beforeAll(async () => {
  env = await createTestEnv();
  w = await makeAppealWorld(env);
  key = await makeKey('12345 热线对接', ['dispatcher'], '360802');
  otherCountyKey = await makeKey('袁州区对接', ['dispatcher'], '360902');
  handlerKey = await makeKey('只读对接', ['handler'], '360802');
});
afterAll(() => env.close());

describe('Open311 discovery and services', () => {
  it('describes the endpoint', async () => {
    const res = await get('discovery.json');
    expect(res.statusCode).toBe(200);
    const d = res.json();
    expect(d).toMatchObject({ changeset: expect.stringMatching(ISO_CHINA), contact: expect.any(String), key_service: expect.any(String) });
    expect(d.endpoints).toEqual([
      { specification: 'http://wiki.open311.org/GeoReport_v2', url: expect.stringMatching(/^http:\/\/localhost(:\d+)?\/open311\/v2$/), changeset: d.changeset, type: 'production', formats: ['application/json', 'text/xml'] },
    ]);
    const xml = await get('discovery.xml');
    expect(xml.headers['content-type']).toMatch(/^text\/xml/);
    expect(xml.body).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<discovery><changeset>/);
    expect(xml.body).toContain('<endpoints><endpoint><specification>http://wiki.open311.org/GeoReport_v2</specification>');
    expect(xml.body).toContain('<formats><format>application/json</format><format>text/xml</format></formats>');
  });

  it('lists the level-2 categories as services, in JSON and XML', async () => {
    const res = await get('services.json');
    expect(res.statusCode).toBe(200);
    const services = res.json() as Record<string, unknown>[];
    expect(services.find((s) => s.service_code === '0302')).toEqual({
      service_code: '0302',
      service_name: '井盖缺失破损',
      description: '道路与排水：井盖缺失破损',
      metadata: false,
      type: 'realtime',
      keywords: expect.stringContaining('井盖'),
      group: '道路与排水',
    });
    expect(services.some((s) => s.service_code === '03')).toBe(false);
    const xml = await get('services.xml');
    expect(xml.statusCode).toBe(200);
    expect(xml.body).toContain('<services><service><service_code>0101</service_code><service_name>占道经营</service_name>');
    expect(xml.body).toContain('<metadata>false</metadata><type>realtime</type>');
    expect(xml.body.match(/<service>/g)).toHaveLength(services.length);
  });

  it('answers a service definition, and 404 for an unknown service or format', async () => {
    expect((await get('services/0302.json')).json()).toEqual({ service_code: '0302', attributes: [] });
    const xml = await get('services/0302.xml');
    expect(xml.body).toContain('<service_definition><service_code>0302</service_code><attributes></attributes></service_definition>');
    expectErrors(await get('services/03.json'), 404);
    expectErrors(await get('services/9999.json'), 404);
    expectErrors(await get('services.csv'), 404);
    expectErrors(await get('nothing-here.json'), 404);
    const xmlErr = await get('services/9999.xml');
    expect(xmlErr.statusCode).toBe(404);
    expect(xmlErr.body).toMatch(/<errors><error><code>404<\/code><description>[^<]+<\/description><\/error><\/errors>/);
  });
});

describe('Open311 service requests', () => {
  it('creates an appeal from a form-encoded request with a key, visible in the console', async () => {
    const created = await submit();
    expect(created).toEqual({ service_request_id: expect.stringMatching(NUMBER), token: expect.any(String), service_notice: expect.any(String), account_id: 'hotline-778', similar_service_requests: expect.any(Array) });
    const a = await consoleAppeal(w.as.dispatcher, created.service_request_id);
    expect(a).toMatchObject({ channel: '12345', status: 'registered', requesterKind: 'resident', requesterName: '王**', requesterPhone: '138****1234', categoryCode: '0302', gridCode: '360802004001001' });
    expect(a.content).toBe(REQUEST.description);
    expect(a.events[0].actorKind).toBe('apikey');

    // Read back, public: no requester data.
    const res = await get(`requests/${created.service_request_id}.json`);
    expect(res.statusCode).toBe(200);
    const [r] = res.json();
    expect(r).toMatchObject({
      service_request_id: created.service_request_id,
      status: 'open',
      status_notes: expect.stringContaining(created.service_request_id),
      service_name: '井盖缺失破损',
      service_code: '0302',
      description: REQUEST.description,
      agency_responsible: '习溪桥街道',
      // Without a key: the community and grid, not the street and door the requester gave…
      address: '上阳明路居委会 网格001001',
      address_id: '360802004001001',
      media_url: null,
      expected_datetime: null,
    });
    // …and the point rounded to about 100 m.
    for (const [v, exact] of [[r.lat, IN_GRID.lat], [r.long, IN_GRID.lon]] as const) {
      expect(v).not.toBe(exact);
      expect(Math.abs(v - exact)).toBeLessThanOrEqual(0.0005 + 1e-9);
      expect(Math.round(v * 1000) / 1000).toBe(v);
    }
    expect(r.requested_datetime).toMatch(ISO_CHINA);
    expect(r.updated_datetime).toMatch(ISO_CHINA);
    expect(res.body).not.toMatch(/王|1380796|wang@/);
    expect(res.body).not.toContain('上阳明路 12 号');
    const xml = (await get(`requests/${created.service_request_id}.xml`)).body;
    expect(xml).toContain('<address>上阳明路居委会 网格001001</address>');
    expect(xml).not.toContain(String(IN_GRID.lat));
    const listed = (await get(`requests.json?service_request_id=${created.service_request_id}`)).json();
    expect(listed[0]).toMatchObject({ address: '上阳明路居委会 网格001001', lat: r.lat, long: r.long });

    // With a key: the exact values, as before.
    const [withKey] = (await get(`requests/${created.service_request_id}.json?api_key=${key}`)).json();
    expect(withKey).toMatchObject({ address: REQUEST.address_string, lat: IN_GRID.lat, long: IN_GRID.lon });
    const listedWithKey = (await get(`requests.json?service_request_id=${created.service_request_id}&api_key=${key}`)).json();
    expect(listedWithKey[0]).toMatchObject({ address: REQUEST.address_string, lat: IN_GRID.lat, long: IN_GRID.lon });
  });

  it('answers in XML, escapes text, keeps media_url, and takes an anonymous request by address_id', async () => {
    const res = await post('requests.xml', {
      api_key: key,
      service_code: '0304',
      address_id: '360802004001',
      address_string: '上阳明路 <3 号> & "北门"',
      description: '路灯不亮 <script>alert(1)</script> & 坏了',
      media_url: 'https://img.example.com/a.jpg?x=1&y=2',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/xml/);
    const number = /<service_requests><request><service_request_id>([\d-]+)<\/service_request_id><token>[\w-]+<\/token><service_notice>[^<]+<\/service_notice><account_id\/><similar_service_requests>(?:<service_request_id>[\d-]+<\/service_request_id>)*<\/similar_service_requests><\/request><\/service_requests>/.exec(res.body)?.[1];
    expect(number).toMatch(NUMBER);
    const xml = (await get(`requests/${number}.xml`)).body;
    expect(xml).toContain('<description>路灯不亮 &lt;script&gt;alert(1)&lt;/script&gt; &amp; 坏了</description>');
    expect(xml).toContain('<address>习溪桥街道</address>');
    expect((await get(`requests/${number}.xml?api_key=${key}`)).body).toContain('<address>上阳明路 &lt;3 号&gt; &amp; &quot;北门&quot;</address>');
    expect(xml).toContain('<media_url>https://img.example.com/a.jpg?x=1&amp;y=2</media_url>');
    expect(xml).toContain('<address_id>360802004</address_id><zipcode/><lat/><long/>');
    const a = await consoleAppeal(w.as.dispatcher, number!);
    expect(a).toMatchObject({ requesterKind: 'anonymous', requesterName: null, needsPlacement: true, regionCode: '360802004' });
    expect(a.content).toContain('https://img.example.com/a.jpg?x=1&y=2');
  });

  it('refuses without a valid key (403) and with bad input (400), as error arrays', async () => {
    const noKey = REQUEST;
    expectErrors(await post('requests.json', noKey), 403);
    expectErrors(await post('requests.json', { ...noKey, api_key: 'tsk_wrong' }), 403);
    const xml = await post('requests.xml', noKey);
    expect(xml.statusCode).toBe(403);
    expect(xml.body).toMatch(/<errors><error><code>403<\/code><description>/);
    const cases: Record<string, string>[] = [
      { lat: '', long: '' }, // no location at all
      { service_code: '' },
      { service_code: '03' }, // a group, not a service
      { service_code: '7777' },
      { lat: '40.7', long: '-74.0' }, // New York
      { long: '' }, // lat alone
      { phone: '12345' },
      { description: '' },
      { address_id: '360802004999' },
      { media_url: 'javascript:alert(1)' },
    ];
    for (const c of cases) {
      const form = { api_key: key, ...REQUEST, ...c };
      if (c.lat === '') {
        delete (form as Record<string, string>).address_string;
      }
      expectErrors(await post('requests.json', form), 400);
    }
    // JSON is not the spec's body, but is understood; other types are refused as a bad request.
    const multipart = await env.app.inject({ method: 'POST', url: `${BASE}/requests.json`, headers: { 'content-type': 'multipart/form-data; boundary=x' }, payload: '--x--' });
    expectErrors(multipart, 400);
  });

  it('keeps a key within its scope and its roles', async () => {
    expectErrors(await post('requests.json', { api_key: otherCountyKey, ...REQUEST }), 403);
    expectErrors(await post('requests.json', { api_key: otherCountyKey, ...REQUEST, lat: '', long: '', address_id: '360802004001' }), 403);
    expectErrors(await post('requests.json', { api_key: handlerKey, ...REQUEST }), 403);
    // A township's key: a point in another township is refused, not moved into its own area…
    const townshipKey = await makeKey('古南街道对接', ['dispatcher'], '360802001');
    expectErrors(await post('requests.json', { api_key: townshipKey, ...REQUEST }), 403);
    // …and an address alone lands in its own township's queue, to be placed by hand.
    const res = await post('requests.json', { api_key: townshipKey, ...REQUEST, lat: '', long: '' });
    expect(res.statusCode, res.body).toBe(200);
    const a = await consoleAppeal(w.as.admin, res.json()[0].service_request_id);
    expect(a).toMatchObject({ regionCode: '360802001', needsPlacement: true, channel: 'other' });
  });

  it('lists requests with the spec’s filters; without a key only publicly submitted ones', async () => {
    const viaOpen311 = (await submit({ service_code: '0101', description: '门口占道经营' })).service_request_id;
    const internal = (await w.as.gridWorker.inject({ method: 'POST', url: '/api/appeals', payload: appealBody({ content: '网格员巡查发现井盖破损' }) })).json().number as string;
    const qr = await env.app.inject({ method: 'POST', url: '/api/public/appeals', payload: { placeCode: '360802004001001', phone: '13907960001', content: '楼道灯坏了', categoryCode: '0304' } });
    expect(qr.statusCode).toBe(201);
    const fromQr = qr.json().number as string;
    const numbers = async (query: string) => {
      const res = await get(`requests.json?${query}`);
      expect(res.statusCode, res.body).toBe(200);
      return (res.json() as { service_request_id: string }[]).map((r) => r.service_request_id);
    };

    const open = await numbers('');
    expect(open).toEqual(expect.arrayContaining([viaOpen311, fromQr]));
    expect(open).not.toContain(internal);
    expectErrors(await get(`requests/${internal}.json`), 404);
    expect(await numbers(`api_key=${key}`)).toEqual(expect.arrayContaining([viaOpen311, fromQr, internal]));
    expect((await get(`requests/${internal}.json?api_key=${key}`)).statusCode).toBe(200);
    expect(await numbers(`api_key=${otherCountyKey}`)).toEqual([]);
    expectErrors(await get('requests.json?api_key=tsk_wrong'), 403);

    expect(await numbers('service_code=0101')).toEqual([viaOpen311]);
    expect(await numbers('service_code=0101,0304')).toEqual(expect.arrayContaining([viaOpen311, fromQr]));
    expect(await numbers('status=closed')).toEqual([]);

    // Not accepted counts as closed.
    const a = await consoleAppeal(w.as.dispatcher, viaOpen311);
    const rejected = await w.as.dispatcher.inject({ method: 'POST', url: `/api/appeals/${a.id}/actions/reject`, payload: { version: a.version, reason: '属于商户经营纠纷，已告知诉求人向市场监管部门反映' } });
    expect(rejected.statusCode, rejected.body).toBe(200);
    expect(await numbers('status=closed')).toEqual([viaOpen311]);
    expect(await numbers('status=open')).not.toContain(viaOpen311);
    expect(await numbers('status=open,closed')).toContain(viaOpen311);
    const [closed] = (await get(`requests/${viaOpen311}.json`)).json();
    expect(closed).toMatchObject({ status: 'closed', status_notes: expect.stringContaining('不予受理') });
    expectErrors(await get('requests.json?status=pending'), 400);

    const day = 86_400_000;
    const iso = (ms: number) => new Date(ms).toISOString();
    expect(await numbers(`start_date=${iso(Date.now() - day)}&end_date=${iso(Date.now() + day)}`)).toEqual(expect.arrayContaining([viaOpen311, fromQr]));
    expect(await numbers(`start_date=${iso(Date.now() + day)}`)).toEqual([]);
    expect(await numbers(`end_date=${iso(Date.now() - day)}`)).toEqual([]);
    expect(await numbers(`start_date=2026-01-01`)).not.toContain(viaOpen311);
    expectErrors(await get(`requests.json?start_date=${iso(Date.now() - 100 * day)}&end_date=${iso(Date.now())}`), 400);
    expectErrors(await get('requests.json?start_date=yesterday'), 400);

    // service_request_id overrides every other argument.
    expect(await numbers(`service_request_id=${viaOpen311},${fromQr}&status=open&start_date=${iso(Date.now() + day)}`)).toEqual(expect.arrayContaining([viaOpen311, fromQr]));
    expect(await numbers(`service_request_id=${viaOpen311},${internal}`)).toEqual([viaOpen311]);

    const xml = await get(`requests.xml?service_request_id=${viaOpen311},${fromQr}`);
    expect(xml.body).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<service_requests><request><service_request_id>/);
    expect(xml.body.match(/<request>/g)).toHaveLength(2);
    expect(xml.body).toContain('<status>closed</status>');
    expect(xml.body).not.toContain('13907960001');
  });

  it('answers a request by id and a token, 404 otherwise', async () => {
    const created = await submit();
    const byId = await get(`requests/${created.service_request_id}.json`);
    expect(byId.json()).toHaveLength(1);
    expectErrors(await get('requests/360802-20990101-0001.json'), 404);
    expect((await get(`tokens/${created.token}.json`)).json()).toEqual([{ service_request_id: created.service_request_id, token: created.token }]);
    expect((await get(`tokens/${created.token}.xml`)).body).toContain(`<service_requests><request><service_request_id>${created.service_request_id}</service_request_id><token>${created.token}</token></request></service_requests>`);
    expectErrors(await get('tokens/not-a-token.json'), 404);
  });
});

describe('Open311 service request updates', () => {
  it('lists the requester’s timeline as updates and takes updates back as notes', async () => {
    const created = await submit({ description: '小区东门井盖松动' });
    const number = created.service_request_id;
    const updatesFor = async (query = '') => {
      const res = await get(`servicerequestupdates.json${query}`);
      expect(res.statusCode, res.body).toBe(200);
      return (res.json() as { service_request_id: string }[]).filter((u) => u.service_request_id === number);
    };
    expect(await updatesFor()).toEqual([]); // registration is the request itself, not an update

    let a = await consoleAppeal(w.as.dispatcher, number);
    const accepted = await w.as.dispatcher.inject({ method: 'POST', url: `/api/appeals/${a.id}/actions/accept`, payload: { version: a.version } });
    expect(accepted.statusCode).toBe(200);
    const [u] = await updatesFor();
    expect(u).toEqual({ update_id: expect.stringMatching(/^\d+$/), service_request_id: number, status: 'open', updated_datetime: expect.stringMatching(ISO_CHINA), description: '您的诉求已受理。', media_url: null });
    expect(await updatesFor(`?api_key=${key}`)).toHaveLength(1);
    const day = 86_400_000;
    expect(await updatesFor(`?start_date=${new Date(Date.now() + day).toISOString()}`)).toEqual([]);
    const xml = await get('servicerequestupdates.xml');
    expect(xml.body).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<service_request_updates><request_update><update_id>\d+<\/update_id><service_request_id>/);

    // An update from the other side: a note, by the key, through the workflow.
    const res = await post('servicerequestupdates.json', { api_key: key, service_request_id: number, description: '12345 回访：群众反映井盖仍未修复', status: 'OPEN', update_id: 'ext-1' });
    expect(res.statusCode, res.body).toBe(200);
    const [{ update_id }] = res.json();
    expect(update_id).toMatch(/^\d+$/);
    a = await consoleAppeal(w.as.dispatcher, number);
    const note = a.events.find((e: { id: number }) => String(e.id) === update_id);
    expect(note).toMatchObject({ type: 'note', actorKind: 'apikey', publicText: null });
    expect(note.note).toContain('12345 回访：群众反映井盖仍未修复');
    expect(note.note).toContain('open');
    expect(a.status).toBe('accepted');
    expect(await updatesFor()).toHaveLength(1); // notes are not published back

    const xmlPost = await post('servicerequestupdates.xml', { api_key: key, service_request_id: number, description: '再次回访' });
    expect(xmlPost.body).toMatch(/<service_request_updates><request_update><update_id>\d+<\/update_id><\/request_update><\/service_request_updates>/);

    // Refusals: no key, a key whose roles cannot add notes, another county, unknown, bad input, a closed appeal.
    expectErrors(await post('servicerequestupdates.json', { service_request_id: number, description: 'x' }), 403);
    expectErrors(await post('servicerequestupdates.json', { api_key: handlerKey, service_request_id: number, description: 'x' }), 403);
    expectErrors(await post('servicerequestupdates.json', { api_key: otherCountyKey, service_request_id: number, description: 'x' }), 404);
    expectErrors(await post('servicerequestupdates.json', { api_key: key, service_request_id: '360802-20990101-0001', description: 'x' }), 404);
    expectErrors(await post('servicerequestupdates.json', { api_key: key, service_request_id: number, description: '' }), 400);
    expectErrors(await post('servicerequestupdates.json', { api_key: key, service_request_id: number, description: 'x', status: 'done' }), 400);
    a = await consoleAppeal(w.as.dispatcher, number);
    const rejected = await w.as.dispatcher.inject({ method: 'POST', url: `/api/appeals/${a.id}/actions/reject`, payload: { version: a.version, reason: '重复反映' } });
    expect(rejected.statusCode).toBe(200);
    expectErrors(await post('servicerequestupdates.json', { api_key: key, service_request_id: number, description: 'x' }), 400);
    const updates = await updatesFor();
    expect(updates.at(-1)).toMatchObject({ status: 'closed', description: '不予受理：重复反映' });
  });
});
