/**
 * Walks every route of the OpenAPI document as a signed-in administrator and sends malformed values
 * for each path parameter, query parameter and body property (one at a time, the rest valid where a
 * valid value can be made), then malformed bodies as a whole. No answer may be a 5xx; every 4xx has
 * the standard shape — {error, message} on the console API, the spec's [{code, description}] under
 * /open311/v2 — with a non-empty message in the language asked for (zh-CN by default, English with
 * Accept-Language: en). Strings holding control characters must be refused wherever they go.
 *
 * Deterministic: the values for each field are a seeded choice from BAD_VALUES. Bounded: a few
 * values per field, so the whole walk stays in the low thousands of requests.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InjectOptions } from 'fastify';
import { createTestEnv, login, makeFixtureTree, makeUser, type Session, type TestEnv } from '../test/helpers.js';
import { asText, BAD_VALUES, problems, sample, seeded, type Bad, type JsonSchema, type Random } from '../test/fuzz.js';

interface Operation {
  method: string;
  path: string;
  params: { name: string; in: 'path' | 'query'; schema: JsonSchema }[];
  body?: { type: string; schema: JsonSchema };
}

/**
 * Routes left out, each with its reason. Everything else in the document is walked.
 * - POST /api/auth/logout takes no input and would end the administrator's session for the rest of the walk.
 */
const SKIPPED = new Set(['POST /api/auth/logout']);

/** Values per field: a seeded choice, always with one control character so refusal is checked everywhere. */
const PER_FIELD = 5;

function operations(doc: { paths: Record<string, Record<string, { parameters?: Operation['params']; requestBody?: { content: Record<string, { schema: JsonSchema }> } }>> }): Operation[] {
  const out: Operation[] = [];
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      const content = op.requestBody?.content;
      const type = content ? Object.keys(content)[0] : undefined;
      out.push({
        method: method.toUpperCase(),
        path,
        params: (op.parameters ?? []).filter((p) => p.in === 'path' || p.in === 'query'),
        body: type && content ? { type, schema: content[type].schema } : undefined,
      });
    }
  }
  return out;
}

/** Paths to the fields of a body: top-level properties and those of nested objects (arrays through their first item). */
function fieldPaths(schema: JsonSchema, prefix: (string | number)[] = [], depth = 0): (string | number)[][] {
  const out: (string | number)[][] = [];
  for (const [k, s] of Object.entries(schema.properties ?? {})) {
    out.push([...prefix, k]);
    if (depth >= 1) continue;
    if (s.type === 'object' && s.properties) out.push(...fieldPaths(s, [...prefix, k], depth + 1));
    if (s.type === 'array' && s.items?.type === 'object') out.push(...fieldPaths(s.items, [...prefix, k, 0], depth + 1));
  }
  return out;
}

function schemaAt(schema: JsonSchema, path: (string | number)[]): JsonSchema {
  let s: JsonSchema = schema;
  for (const k of path) s = (typeof k === 'number' ? s.items : s.properties?.[k]) ?? {};
  return s;
}

function withValue(base: unknown, schema: JsonSchema, path: (string | number)[], value: unknown, rnd: Random): unknown {
  const root = structuredClone(base) as Record<string | number, unknown>;
  let node = root;
  for (let i = 0; i < path.length - 1; i++) {
    const k = path[i];
    if (node[k] === undefined || node[k] === null || typeof node[k] !== 'object') {
      const s = schemaAt(schema, path.slice(0, i + 1));
      node[k] = s.type === 'array' ? [sample(s.items ?? {}, rnd)] : sample(s, rnd);
    }
    if (Array.isArray(node[k]) && (node[k] as unknown[]).length === 0) (node[k] as unknown[]).push(sample(schemaAt(schema, path.slice(0, i + 2)), rnd));
    node = node[k] as Record<string | number, unknown>;
  }
  node[path[path.length - 1]] = value;
  return root;
}

/** Percent-encoding that also carries a lone surrogate, as the bytes a careless client would send (ED A0 80). */
function encode(s: string): string {
  try {
    return encodeURIComponent(s);
  } catch {
    return s.replace(/[\s\S]/gu, (c) => (/[\ud800-\udfff]/.test(c) ? '%ED%A0%80' : encodeURIComponent(c)));
  }
}

/** Where a value travels in a URL, it is shorter: a request line is bounded long before a body is. */
const inUrl = (b: Bad): Bad => (typeof b.value === 'string' && b.value.length > 5000 ? { ...b, value: b.value.slice(0, 5000) } : b);

describe('fuzz: every route of the OpenAPI document', () => {
  let env: TestEnv;
  let admin: Session;
  const failures: string[] = [];
  let sent = 0;
  let ip = 0;

  beforeAll(async () => {
    env = await createTestEnv();
    await makeFixtureTree(env.database);
    const u = await makeUser(env.database, { roles: ['admin'], regionCode: '' });
    admin = await login(env.app, u.username);
  }, 180_000);
  afterAll(() => env.close());

  async function send(op: Operation, label: string, opts: InjectOptions, mustReject: boolean) {
    const locale = sent++ % 2 === 0 ? 'zh-CN' : 'en';
    // A fresh client address each time, so the public routes' per-address limits do not hide the handlers.
    const n = ip++;
    const res = await admin
      .inject({
        ...opts,
        method: op.method as InjectOptions['method'],
        remoteAddress: `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`,
        headers: { ...(opts.headers as Record<string, string>), ...(locale === 'en' ? { 'accept-language': 'en' } : { 'accept-language': 'zh-CN,zh;q=0.9' }) },
      })
      .catch((err: Error) => err);
    if (res instanceof Error) {
      // An answer begun and then abandoned (a stream that fails after its first bytes).
      failures.push(`${op.method} ${op.path} [${label}] ${locale}: no complete answer (${res.message})`);
      return;
    }
    const found = problems(res, { locale, open311: op.path.startsWith('/open311/'), mustReject });
    if (found.length) failures.push(`${op.method} ${op.path} [${label}] ${locale}: ${found.join('; ')}`);
  }

  function url(op: Operation, pathValues: Record<string, string>, query: Record<string, string | string[]>): string {
    const path = op.path.replace(/\{(\w+)\}/g, (_, k: string) => encode(pathValues[k]));
    const qs = Object.entries(query).flatMap(([k, v]) => (Array.isArray(v) ? v : [v]).map((x) => `${k}=${encode(x)}`));
    return qs.length ? `${path}?${qs.join('&')}` : path;
  }

  function encodeBody(op: Operation, body: unknown): Pick<InjectOptions, 'payload' | 'headers'> {
    if (op.path.startsWith('/open311/')) {
      // Open311 writes are forms (application/x-www-form-urlencoded), whatever the document's content says.
      const form = new URLSearchParams();
      for (const [k, v] of Object.entries((body ?? {}) as Record<string, unknown>)) for (const x of [asText(v)].flat()) form.append(k, x);
      return { payload: form.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } };
    }
    return { payload: JSON.stringify(body), headers: { 'content-type': 'application/json' } };
  }

  it('answers malformed input with a localized 4xx, never a 5xx', { timeout: 600_000 }, async () => {
    const doc = env.app.swagger() as Parameters<typeof operations>[0];
    const ops = operations(doc).filter((op) => !SKIPPED.has(`${op.method} ${op.path}`));
    expect(ops.length).toBeGreaterThan(100);
    const rejectable = BAD_VALUES.filter((b) => b.reject);
    const others = BAD_VALUES.filter((b) => !b.reject);

    for (const op of ops) {
      const rnd = seeded([...`${op.method} ${op.path}`].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 7));
      const choose = () => [...rnd.pick(rejectable, 1), ...rnd.pick(others, PER_FIELD - 1)];
      const basePath = Object.fromEntries(op.params.filter((p) => p.in === 'path').map((p) => [p.name, String(sample(p.schema, rnd))]));
      const baseBody = op.body ? sample(op.body.schema, rnd) : undefined;
      const valid = (pathValues = basePath, query: Record<string, string | string[]> = {}) => url(op, pathValues, query);
      const bodyOpts = op.body && op.body.type !== 'multipart/form-data' ? encodeBody(op, baseBody) : {};

      for (const p of op.params) {
        for (const bad of choose().map(inUrl)) {
          const text = asText(bad.value);
          const target =
            p.in === 'path'
              ? valid({ ...basePath, [p.name]: Array.isArray(text) ? text.join(',') : text })
              : valid(basePath, { [p.name]: text });
          // A path parameter is text by nature: an array or object arrives as plain text, which may be a valid key.
          await send(op, `${p.in}.${p.name}=${bad.label}`, { url: target, ...bodyOpts }, bad.reject === true);
        }
      }

      if (op.body && op.body.type !== 'multipart/form-data') {
        for (const path of fieldPaths(op.body.schema)) {
          for (const bad of choose()) {
            const body = withValue(baseBody, op.body.schema, path, bad.value, rnd);
            await send(op, `body.${path.join('.')}=${bad.label}`, { url: valid(), ...encodeBody(op, body) }, bad.reject === true);
          }
        }
      }

      if (op.method !== 'GET' && op.method !== 'HEAD') {
        const open311 = op.path.startsWith('/open311/');
        const json = { 'content-type': open311 ? 'application/x-www-form-urlencoded' : 'application/json' };
        await send(op, 'invalid JSON', { url: valid(), payload: '{"a":', headers: { 'content-type': 'application/json' } }, false);
        await send(op, 'empty body', { url: valid(), payload: '', headers: json }, false);
        await send(op, 'wrong content type', { url: valid(), payload: 'hello', headers: { 'content-type': 'text/plain' } }, false);
        await send(op, 'array body', { url: valid(), payload: '[1,2]', headers: { 'content-type': 'application/json' } }, false);
        await send(op, 'string body', { url: valid(), payload: '"x"', headers: { 'content-type': 'application/json' } }, false);
        await send(op, 'id 1e308', { url: valid(), payload: '{"id":1e308,"version":1e308}', headers: { 'content-type': 'application/json' } }, false);
        await send(op, 'broken multipart', { url: valid(), payload: '--x\r\nContent-Disposition: form-data; name="file"; filename="a.xlsx"\r\n\r\nPK', headers: { 'content-type': 'multipart/form-data; boundary=x' } }, false);
        await send(op, 'multipart without boundary', { url: valid(), payload: 'hello', headers: { 'content-type': 'multipart/form-data' } }, false);
      }
    }

    // The same malformed bodies could not all be listed above for the spreadsheet upload: its multipart form in full.
    const upload: Operation = { method: 'POST', path: '/api/households/imports', params: [] };
    const form = (parts: string, boundary = 'b0') => ({ url: upload.path, payload: parts, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } });
    await send(upload, 'mode with NUL', form('--b0\r\nContent-Disposition: form-data; name="mode"\r\n\r\nall\u0000\r\n--b0--\r\n'), true);
    await send(upload, 'no closing boundary', form('--b0\r\nContent-Disposition: form-data; name="mode"\r\n\r\nvalid_rows\r\n'), false);
    await send(upload, 'truncated file', form('--b0\r\nContent-Disposition: form-data; name="file"; filename="a.xlsx"\r\nContent-Type: application/octet-stream\r\n\r\nPK\u0003\u0004abc'), false);
    await send(upload, 'part without name', form('--b0\r\nContent-Disposition: form-data\r\n\r\nx\r\n--b0--\r\n'), false);
    await send(upload, 'header garbage', form('--b0\r\n\u0000\u0000\u0000\r\n\r\nx\r\n--b0--\r\n'), false);
    await send(upload, 'other boundary', form('--zz\r\nContent-Disposition: form-data; name="mode"\r\n\r\nvalid_rows\r\n--zz--\r\n'), false);
    await send(upload, 'too many parts', form(Array.from({ length: 20 }, (_, i) => `--b0\r\nContent-Disposition: form-data; name="f${i}"\r\n\r\nx\r\n`).join('') + '--b0--\r\n'), false);
    await send(upload, 'file name with NUL', form('--b0\r\nContent-Disposition: form-data; name="file"; filename="a\u0000.xlsx"\r\n\r\nPK\u0003\u0004\r\n--b0--\r\n'), false);
    await send(upload, 'not a spreadsheet', form('--b0\r\nContent-Disposition: form-data; name="file"; filename="a.xlsx"\r\n\r\nPK\u0003\u0004garbage\r\n--b0--\r\n'), false);

    expect(failures, `${failures.length} of ${sent} answers were wrong`).toEqual([]);
  });

  it('refuses a bad filter of an export before any byte of the file is sent', async () => {
    const exports = ['/api/households/export.xlsx?q=%00', '/api/households/export.xlsx?address=a%00b', '/api/appeals/export?q=%00', '/api/visits/export.xlsx?regionCode=%00'];
    for (const url of exports) {
      for (const lang of ['zh-CN', 'en']) {
        const res = await admin.inject({ url, headers: { 'accept-language': lang } });
        expect(res.statusCode, url).toBe(400);
        expect(res.headers['content-disposition'], url).toBeUndefined();
        expect(res.json().error).toBe('validation_failed');
      }
    }
    const whole = await admin.inject({ url: '/api/households/export.xlsx?q=%E5%BC%A0' });
    expect(whole.statusCode).toBe(200);
    expect(whole.rawPayload.subarray(0, 2).toString()).toBe('PK');
  });
});
