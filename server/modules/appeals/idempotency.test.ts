import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../../test/helpers.js';
import { appealBody, IN_GRID, makeAppealWorld, type AppealWorld } from '../../test/appeal-world.js';

// A retry after a lost answer must not register a second appeal (console, QR page, Open311).
let env: TestEnv;
let w: AppealWorld;
beforeAll(async () => {
  env = await createTestEnv();
  w = await makeAppealWorld(env);
});
afterAll(() => env.close());

const appealsWith = async (content: string) =>
  Number((await env.database.query<{ n: string }>(`select count(*) as n from appeals where content = $1`, [content]))[0].n);

describe('console registration with an Idempotency-Key', () => {
  it('answers a retry with the first appeal, refuses the key with another body, and keeps keys per caller', async () => {
    const body = appealBody({ content: '幂等测试：路灯不亮，已经三天了。' });
    const send = (s = w.as.gridWorker, payload: object = body, key = 'a1b2c3d4-console-0001') =>
      s.inject({ method: 'POST', url: '/api/appeals', headers: { 'idempotency-key': key }, payload });
    const first = await send();
    expect(first.statusCode, first.body).toBe(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    const retry = await send();
    expect(retry.statusCode).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.json()).toMatchObject({ id: first.json().id, number: first.json().number });
    // The same fields in another order are the same request.
    const reordered = await send(w.as.gridWorker, Object.fromEntries(Object.entries(body).reverse()));
    expect(reordered.json().number).toBe(first.json().number);
    expect(await appealsWith(body.content)).toBe(1);

    const changed = await send(w.as.gridWorker, { ...body, content: '幂等测试：另一件事。' });
    expect(changed.statusCode).toBe(409);
    expect(changed.json().error).toBe('idempotency_key_reused');
    expect(await appealsWith('幂等测试：另一件事。')).toBe(0);

    // Another account's key of the same name is its own.
    const other = await send(w.as.community);
    expect(other.statusCode).toBe(201);
    expect(other.json().number).not.toBe(first.json().number);

    const bad = await send(w.as.gridWorker, body, 'short');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toBe('invalid_idempotency_key');
    const en = await w.as.gridWorker.inject({ method: 'POST', url: '/api/appeals', headers: { 'idempotency-key': 'has spaces in it', 'accept-language': 'en' }, payload: body });
    expect(en.json().message).toMatch(/Idempotency-Key/);
  });

  it('registers once when retries race the first request', async () => {
    const body = appealBody({ content: '幂等测试：并发重试只登记一次。' });
    const answers = await Promise.all(
      Array.from({ length: 6 }, () => w.as.gridWorker.inject({ method: 'POST', url: '/api/appeals', headers: { 'idempotency-key': 'race-key-000000001', prefer: 'return=minimal' }, payload: body })),
    );
    expect(answers.map((a) => a.statusCode)).toEqual([201, 201, 201, 201, 201, 201]);
    expect(new Set(answers.map((a) => a.json().number)).size).toBe(1);
    expect(answers.filter((a) => a.headers['idempotent-replayed'] === 'true')).toHaveLength(5);
    expect(await appealsWith(body.content)).toBe(1);
  });

  it('forgets a key after 24 hours', async () => {
    const body = appealBody({ content: '幂等测试：过期的键。' });
    const send = () => w.as.gridWorker.inject({ method: 'POST', url: '/api/appeals', headers: { 'idempotency-key': 'old-key-000000001' }, payload: body });
    const first = (await send()).json();
    await env.database.query(`update appeal_idempotency_keys set created_at = now() - interval '25 hours' where key = 'old-key-000000001'`);
    const later = await send();
    expect(later.statusCode).toBe(201);
    expect(later.json().number).not.toBe(first.number);
    expect(await appealsWith(body.content)).toBe(2);
  });

  it('without a key, every request registers (the key is opt-in)', async () => {
    const body = appealBody({ content: '幂等测试：没有键。' });
    for (let i = 0; i < 2; i++) expect((await w.as.gridWorker.inject({ method: 'POST', url: '/api/appeals', payload: body })).statusCode).toBe(201);
    expect(await appealsWith(body.content)).toBe(2);
  });
});

describe('the QR page with an Idempotency-Key', () => {
  it('answers a retry with the same number, per phone, and refuses the key with another text', async () => {
    const payload = { placeCode: '360802004001001', name: '赵大爷', phone: '138 0796 5678', content: '幂等测试：扫码提交。', categoryCode: '0304' };
    const submit = (p: object = payload, key = 'qr-attempt-00000001') =>
      env.app.inject({ method: 'POST', url: '/api/public/appeals', headers: { 'idempotency-key': key }, payload: p, remoteAddress: '10.9.9.9' });
    const first = await submit();
    expect(first.statusCode, first.body).toBe(201);
    const again = await submit({ ...payload, phone: '13807965678' });
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json()).toEqual(first.json());
    expect(await appealsWith(payload.content)).toBe(1);
    const changed = await submit({ ...payload, content: '幂等测试：换了内容。' });
    expect(changed.statusCode).toBe(409);
    expect(changed.json().error).toBe('idempotency_key_reused');
    // Another phone's key of the same name is another resident's.
    const other = await submit({ ...payload, phone: '13907961111' });
    expect(other.statusCode).toBe(201);
    expect(other.json().number).not.toBe(first.json().number);
  });
});

describe('Open311 POST /requests with an idempotency key', () => {
  it('accepts the header or the idempotency_key field and answers a retry with the same request', async () => {
    const res = await w.as.admin.inject({ method: 'POST', url: '/api/apikeys', payload: { name: '12345 热线', roles: ['dispatcher'], regionCode: '360802' } });
    const apiKey = res.json().key as string;
    const form = { api_key: apiKey, service_code: '0302', lat: String(IN_GRID.lat), long: String(IN_GRID.lon), description: '幂等测试：Open311 提交。', phone: '13807961234' };
    const post = (f: Record<string, string>, headers: Record<string, string> = {}) =>
      env.app.inject({ method: 'POST', url: '/open311/v2/requests.json', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, payload: new URLSearchParams(f).toString() });
    const first = await post({ ...form, idempotency_key: 'o311-attempt-0001' });
    expect(first.statusCode, first.body).toBe(200);
    const retry = await post(form, { 'idempotency-key': 'o311-attempt-0001' });
    expect(retry.statusCode).toBe(200);
    expect(retry.json()).toEqual(first.json());
    expect(await appealsWith(form.description)).toBe(1);
    const changed = await post({ ...form, description: '幂等测试：Open311 另一件。', idempotency_key: 'o311-attempt-0001' });
    expect(changed.statusCode).toBe(400);
    expect(changed.json()).toEqual([{ code: 400, description: expect.stringContaining('幂等键') }]);
    const bad = await post({ ...form, idempotency_key: 'x' });
    expect(bad.statusCode).toBe(400);
    expect(Array.isArray(bad.json())).toBe(true);
  });
});
