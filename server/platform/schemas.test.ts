/**
 * Every value a client sends is bounded at the schema: strings refuse control characters and have a
 * length limit (or are an enum, a format or an anchored pattern), integers fit PostgreSQL's int4 (money in
 * fen, a field ending in `Fen`, fits FEN_MAX in a bigint column),
 * numbers are finite and bounded. Read from the OpenAPI document, so a new route is checked too.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../test/helpers.js';
import { FEN_MAX, INT4_MAX, INT4_MIN, PLAIN_TEXT } from './schemas.js';
import { compilePending } from './schema-compilers.js';

interface Schema {
  type?: string | string[];
  properties?: Record<string, Schema>;
  patternProperties?: Record<string, Schema>;
  additionalProperties?: boolean | Schema;
  propertyNames?: Schema;
  items?: Schema | Schema[];
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
}

const CONTROL = ['\u0000', 'a\u0000', '1\u0000', '\u0000a', 'a\u0007b'];

function refusesControls(pattern: string): boolean {
  const re = new RegExp(pattern, 'u');
  return CONTROL.every((s) => !re.test(s));
}

/** Problems of one schema and everything inside it, each with its location. */
function unbounded(s: Schema, at: string): string[] {
  const out: string[] = [];
  for (const b of [...(s.anyOf ?? []), ...(s.oneOf ?? []), ...(s.allOf ?? [])]) out.push(...unbounded(b, at));
  if (s.enum || s.const !== undefined) return out;
  const types = [s.type ?? []].flat();
  if (types.includes('string') && !s.format) {
    if (!s.pattern) out.push(`${at}: string without a pattern (control characters pass)`);
    else if (!refusesControls(s.pattern)) out.push(`${at}: pattern ${s.pattern} lets control characters through`);
    else if (s.maxLength === undefined && s.pattern === PLAIN_TEXT) out.push(`${at}: text without maxLength`);
  }
  // Money (a field ending in Fen) lives in bigint columns: bounded by FEN_MAX instead of int4.
  const [lo, hi] = /Fen$/.test(at) ? [-FEN_MAX, FEN_MAX] : [INT4_MIN, INT4_MAX];
  if (types.includes('integer') && (s.minimum === undefined || s.maximum === undefined || s.minimum < lo || s.maximum > hi)) {
    out.push(`${at}: integer outside ${hi === FEN_MAX ? 'the money range' : 'int4'} (${s.minimum}..${s.maximum})`);
  }
  if (types.includes('number') && !types.includes('integer') && (!Number.isFinite(s.minimum) || !Number.isFinite(s.maximum))) {
    out.push(`${at}: number without bounds`);
  }
  for (const [k, p] of Object.entries(s.properties ?? {})) out.push(...unbounded(p, `${at}.${k}`));
  for (const [k, p] of Object.entries(s.patternProperties ?? {})) {
    if (!refusesControls(k)) out.push(`${at}: keys (${k}) may hold control characters`);
    out.push(...unbounded(p, `${at}[${k}]`));
  }
  if (typeof s.additionalProperties === 'object') {
    if (!s.propertyNames?.pattern || !refusesControls(s.propertyNames.pattern)) out.push(`${at}: keys of any form`);
    out.push(...unbounded(s.additionalProperties, `${at}[*]`));
  }
  for (const i of [s.items ?? []].flat()) out.push(...unbounded(i, `${at}[]`));
  return out;
}

describe('request schemas', () => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await createTestEnv();
  });
  afterAll(() => env.close());

  it('compile, every one of them: a route compiles its schemas on its first call, so none is left to fail there', () => {
    // This worker's earlier environments may have compiled some already; this app's routes add the rest.
    const compiled = compilePending();
    expect(compiled).toBeGreaterThan(0);
    expect(compilePending()).toBe(0);
  });

  it('bound every string, integer and number a client sends, on every route', () => {
    const doc = env.app.swagger() as {
      paths: Record<string, Record<string, { parameters?: { in: string; name: string; schema: Schema }[]; requestBody?: { content: Record<string, { schema: Schema }> } }>>;
    };
    const problems: string[] = [];
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        const where = `${method.toUpperCase()} ${path}`;
        for (const p of op.parameters ?? []) if (p.in === 'path' || p.in === 'query') problems.push(...unbounded(p.schema, `${where} ${p.in}.${p.name}`));
        for (const [type, c] of Object.entries(op.requestBody?.content ?? {})) problems.push(...unbounded(c.schema, `${where} body(${type})`));
      }
    }
    expect(problems).toEqual([]);
  });

  it('names a control character in the message instead of the pattern', async () => {
    const res = await env.app.inject({ url: '/api/auth/login', method: 'POST', payload: { username: 'a\u0000', password: 'x' }, headers: { 'accept-language': 'en' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toContain('control characters');
    const zh = await env.app.inject({ url: '/api/auth/login', method: 'POST', payload: { username: 'a\u0000', password: 'x' } });
    expect(zh.json().message).toContain('控制字符');
  });
});
