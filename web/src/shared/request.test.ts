import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { api, sessionApi } from '../app/api';
import { publicApi, PublicError } from '../mobile/api';
import { workerApi, WorkerApiError } from '../mobile/worker/api';
import { ApiError, hasCsrfToken, onUnauthorized, setCsrfToken, setLanguage } from './request';
import { startI18n } from './i18n';
import commonZh from '../locales/zh-CN/common.json';
import commonEn from '../locales/en/common.json';
import mobileZh from '../locales/zh-CN/mobile.json';
import workerZh from '../locales/zh-CN/worker.json';

// The clients word their errors from the catalogs: the console's in the request's language, the phones' in Chinese by default.
startI18n({
  '../locales/zh-CN/common.json': commonZh,
  '../locales/en/common.json': commonEn,
  '../locales/zh-CN/mobile.json': mobileZh,
  '../locales/zh-CN/worker.json': workerZh,
});

interface Call {
  url: string;
  init: RequestInit;
  headers: Record<string, string>;
}

let calls: Call[] = [];
let answer: (call: Call) => Promise<Response> | Response;

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

beforeEach(() => {
  calls = [];
  answer = () => json(200, { ok: true });
  setCsrfToken('');
  setLanguage('zh-CN');
  onUnauthorized(() => {});
  vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
    const call = { url, init, headers: { ...(init.headers as Record<string, string>) } };
    calls.push(call);
    return answer(call);
  });
});

afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe('the console client', () => {
  it('sends the language, JSON headers, the cookie, and the CSRF token on writes only', async () => {
    setCsrfToken('tok');
    setLanguage('en');
    await api.get('/api/users', { q: '王', page: 2, orgId: undefined, disabled: null, regionCode: '' });
    await api.post('/api/orgs', { name: 'x' });
    await api.post('/api/notifications/read');
    expect(calls[0].url).toBe('/api/users?q=%E7%8E%8B&page=2');
    expect(calls[0].headers).toEqual({ Accept: 'application/json', 'Accept-Language': 'en' });
    expect(calls[0].init.credentials).toBe('same-origin');
    expect(calls[1].headers).toMatchObject({ 'X-CSRF-Token': 'tok', 'Content-Type': 'application/json' });
    expect(calls[1].init.body).toBe('{"name":"x"}');
    // A bodiless write carries no content type (Fastify refuses an empty JSON body).
    expect(calls[2].headers['Content-Type']).toBeUndefined();
    expect(calls[2].headers['X-CSRF-Token']).toBe('tok');
  });

  it('answers 204 with nothing and uploads forms without a JSON content type', async () => {
    answer = () => new Response(null, { status: 204 });
    expect(await api.post('/api/outbox/1/retry')).toBeUndefined();
    const form = new FormData();
    form.append('mode', 'valid_rows');
    await api.upload('/api/households/imports', form);
    expect(calls[1].init.body).toBe(form);
    expect(calls[1].headers['Content-Type']).toBeUndefined();
  });

  it("turns an error answer into an ApiError with the server's code, message and details", async () => {
    answer = () => json(400, { error: 'validation_failed', message: '手机号格式不对', details: [{ field: 'phone' }] });
    const e = await api.post('/api/users', {}).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ApiError);
    expect(e).toMatchObject({ status: 400, code: 'validation_failed', message: '手机号格式不对', field: 'phone' });
  });

  it('says what went wrong in the chosen language when the answer carries no message', async () => {
    answer = () => new Response('<html>bad gateway</html>', { status: 502 });
    setLanguage('en');
    await expect(api.get('/api/overview')).rejects.toMatchObject({ status: 502, code: 'http_502', message: 'The server answered 502; try again later' });
    setLanguage('zh-CN');
    await expect(api.get('/api/overview')).rejects.toMatchObject({ message: '服务器返回错误 502，请稍后重试' });
  });

  it('reports a lost session, except from the sign-in and who-am-I calls', async () => {
    const lost = vi.fn();
    onUnauthorized(lost);
    answer = () => json(401, { error: 'unauthenticated', message: '请先登录' });
    await expect(api.get('/api/appeals')).rejects.toMatchObject({ status: 401 });
    expect(lost).toHaveBeenCalledTimes(1);
    await expect(sessionApi.me()).rejects.toMatchObject({ status: 401 });
    await expect(sessionApi.login('a', 'b')).rejects.toMatchObject({ status: 401 });
    expect(lost).toHaveBeenCalledTimes(1);
  });

  it('tells a network failure (status 0) from an answer', async () => {
    answer = () => Promise.reject(new TypeError('Failed to fetch'));
    await expect(api.get('/api/overview')).rejects.toMatchObject({ status: 0, code: 'network_error', message: '无法连接服务器，请检查网络后重试' });
  });

  it('keeps the CSRF token from signing in and forgets it on signing out, whatever the server answers', async () => {
    answer = () => json(200, { user: { id: 'u' }, csrfToken: 'fresh' });
    await sessionApi.login('a', 'b');
    expect(hasCsrfToken()).toBe(true);
    await api.post('/api/orgs', {});
    expect(calls[1].headers['X-CSRF-Token']).toBe('fresh');
    answer = () => json(500, { error: 'internal', message: 'x' });
    await expect(sessionApi.logout()).rejects.toBeInstanceOf(ApiError);
    expect(hasCsrfToken()).toBe(false);
  });

  it('downloads a file with the same error handling', async () => {
    answer = () => new Response('xlsx', { status: 200, headers: { 'content-disposition': 'attachment; filename="a.xlsx"' } });
    const { blob, headers } = await api.file('/api/visits/export.xlsx', { from: '2026-12-01' });
    expect(await blob.text()).toBe('xlsx');
    expect(headers.get('content-disposition')).toContain('a.xlsx');
    expect(calls[0].url).toBe('/api/visits/export.xlsx?from=2026-12-01');
    expect(calls[0].headers.Accept).toBeUndefined();
    answer = () => json(403, { error: 'forbidden', message: '无权导出' });
    await expect(api.file('/api/appeals/export')).rejects.toMatchObject({ status: 403, message: '无权导出' });
  });
});

describe("the residents' client", () => {
  it('sends no cookie and no CSRF token, and words errors for residents', async () => {
    setCsrfToken('tok');
    await publicApi.categories();
    await publicApi.submit({ placeCode: '360802004001', phone: '13800000000', content: '路灯坏了' }, 'attempt-0001');
    expect(calls.map((c) => c.init.credentials)).toEqual(['omit', 'omit']);
    expect(calls[1].headers['X-CSRF-Token']).toBeUndefined();
    expect(calls[1].headers['Idempotency-Key']).toBe('attempt-0001');
    expect(calls[1].headers['Accept-Language']).toBe('zh-CN');
    answer = () => new Response('', { status: 429 });
    const e = await publicApi.track('A1', '1234').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(PublicError);
    expect(e).toMatchObject({ status: 429, code: 'http_429', message: '操作太频繁了' });
    expect(calls[2].url).toBe('/api/public/track?number=A1&last4=1234');
    answer = () => json(400, { error: 'validation_failed', message: '位置不对', details: { field: 'location' } });
    await expect(publicApi.place('x')).rejects.toMatchObject({ field: 'location' });
    answer = () => Promise.reject(new TypeError('offline'));
    await expect(publicApi.categories()).rejects.toMatchObject({ status: 0, message: '网络连接失败' });
  });
});

describe("the grid worker's client", () => {
  it('skips the HTTP cache, sends the CSRF token, and gives the status of a submitted visit', async () => {
    setCsrfToken('tok');
    answer = () => json(201, { id: 'v1', replayed: false });
    const r = await workerApi.submitVisit({ clientId: 'c', householdId: 'h', checkInAt: '2026-12-01T01:00:00Z', outcome: 'met', finding: 'nothing' });
    expect(r).toEqual({ status: 201, data: { id: 'v1', replayed: false } });
    expect(calls[0].init.cache).toBe('no-store');
    expect(calls[0].headers['X-CSRF-Token']).toBe('tok');
    answer = () => new Response('', { status: 503 });
    await expect(workerApi.offlinePackage()).rejects.toMatchObject({ status: 503, message: '服务器暂时出了问题（503）' });
  });

  it('gives up after 30 seconds (2 minutes for a visit with photos) as a network failure', async () => {
    vi.useFakeTimers();
    answer = (call) =>
      new Promise((_resolve, reject) => call.init.signal!.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))));
    const pkg = workerApi.offlinePackage().catch((x: unknown) => x);
    await vi.advanceTimersByTimeAsync(29_999);
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    const e = await pkg;
    expect(e).toBeInstanceOf(WorkerApiError);
    expect(e).toMatchObject({ status: 0, code: 'network_error', message: '网络太慢，连接超时' });

    let settled = false;
    const visit = workerApi
      .submitVisit({ clientId: 'c', householdId: 'h', checkInAt: '2026-12-01T01:00:00Z', outcome: 'met', finding: 'nothing' })
      .catch((x: unknown) => x)
      .finally(() => (settled = true));
    await vi.advanceTimersByTimeAsync(60_000);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(60_000);
    await expect(visit).resolves.toMatchObject({ status: 0, message: '网络太慢，连接超时' });
  });
});
