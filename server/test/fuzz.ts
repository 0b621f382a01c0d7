/**
 * Support for the fuzz test (server/platform/fuzz.test.ts): a seeded random source, a valid sample
 * of any JSON schema of the OpenAPI document (so one malformed field at a time reaches as far as it
 * can), the malformed values themselves, and the check of an error answer's shape and language.
 */
import type { LightMyRequestResponse } from 'fastify';

/** mulberry32: small, seeded, deterministic. */
export function seeded(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    /** k distinct items of list, in a seeded order. */
    pick<T>(list: readonly T[], k: number): T[] {
      const copy = [...list];
      for (let i = copy.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [copy[i], copy[j]] = [copy[j], copy[i]];
      }
      return copy.slice(0, k);
    },
    uuid(): string {
      const hex = Array.from({ length: 32 }, () => Math.floor(next() * 16).toString(16)).join('');
      return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
    },
  };
}
export type Random = ReturnType<typeof seeded>;

export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  minItems?: number;
  default?: unknown;
}

// Values that satisfy the project's patterns: grid, community, county and province codes, dates, times.
const PATTERN_CANDIDATES = ['360802004001001', '360802004001', '360802', '36', '2026-03-02', '2026-03', '08:30', '2026', 'a', '1', 'A1', '13800000000'];

/** A valid value for a schema, as far as one can be made without knowing the data. */
export function sample(schema: JsonSchema, rnd: Random): unknown {
  if (schema.const !== undefined) return schema.const;
  if (schema.enum?.length) return schema.enum[0];
  if (schema.default !== undefined) return schema.default;
  const branches = schema.anyOf ?? schema.oneOf;
  if (branches) return sample(branches.find((b) => b.type !== 'null') ?? branches[0], rnd);
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  switch (type) {
    case 'string': {
      if (schema.format === 'uuid') return rnd.uuid();
      if (schema.format === 'date-time') return '2026-03-02T08:00:00.000Z';
      if (schema.format === 'date') return '2026-03-02';
      if (schema.format === 'email') return 'a@example.org';
      if (schema.pattern) {
        const re = new RegExp(schema.pattern, 'u');
        const hit = PATTERN_CANDIDATES.find((c) => re.test(c) && c.length >= (schema.minLength ?? 0) && c.length <= (schema.maxLength ?? Infinity));
        if (hit) return hit;
      }
      return 'a'.repeat(Math.max(1, schema.minLength ?? 1));
    }
    case 'integer':
    case 'number':
      return Math.max(schema.minimum ?? 1, schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : 1);
    case 'boolean':
      return false;
    case 'array':
      return schema.minItems ? Array.from({ length: schema.minItems }, () => sample(schema.items ?? {}, rnd)) : [];
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const k of schema.required ?? []) out[k] = sample(schema.properties?.[k] ?? {}, rnd);
      return out;
    }
    default:
      return 'a';
  }
}

/** Malformed values for one field; `reject` marks values no field of any type may accept. */
export interface Bad {
  label: string;
  value: unknown;
  reject?: boolean;
}

const LONG = 'x'.repeat(70_000);
export const BAD_VALUES: Bad[] = [
  { label: 'NUL inside', value: 'a\u0000b', reject: true },
  { label: 'NUL alone', value: '\u0000', reject: true },
  { label: 'bell', value: 'x\u0007y', reject: true },
  { label: 'escape', value: '\u001b[31m', reject: true },
  { label: 'overlong', value: LONG },
  { label: 'lone surrogate', value: '\ud800' },
  { label: '1e308', value: 1e308 },
  { label: '-1', value: -1 },
  { label: '2^31', value: 2 ** 31 },
  { label: '2^63', value: 2 ** 63 },
  { label: '-2^31-1', value: -(2 ** 31) - 1 },
  { label: 'fraction', value: 1.5 },
  { label: 'NaN string', value: 'NaN' },
  { label: 'Infinity string', value: 'Infinity' },
  { label: '1e308 string', value: '1e308' },
  { label: 'invalid uuid', value: 'not-a-uuid' },
  { label: 'path', value: '../../etc/passwd' },
  { label: 'quote', value: "' or 1=1 --" },
  { label: 'empty', value: '' },
  { label: 'true', value: true },
  { label: 'null', value: null },
  { label: 'array', value: ['a', 'b'] },
  { label: 'empty array', value: [] },
  { label: 'object', value: { a: 1 } },
];

/** How a value travels in a path or query string. */
export function asText(v: unknown): string | string[] {
  if (Array.isArray(v)) return v.map((x) => String(x));
  if (v !== null && typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

const HAN = /\p{Script=Han}/u;
/** The text outside quotes: values the client sent are quoted and may be in any script. */
const unquoted = (s: string) => s.replace(/"[^"]*"|“[^”]*”|'[^']*'|「[^」]*」/g, '');

/** Problems with an answer, or [] when it is acceptable. */
export function problems(res: LightMyRequestResponse, opts: { locale: 'zh-CN' | 'en'; open311: boolean; mustReject: boolean }): string[] {
  const out: string[] = [];
  if (res.statusCode >= 500) out.push(`status ${res.statusCode}`);
  if (opts.mustReject && res.statusCode < 400) out.push(`accepted with ${res.statusCode}`);
  if (res.statusCode < 400) return out;
  const messages: string[] = [];
  if (opts.open311 && /xml/.test(String(res.headers['content-type']))) {
    if (!/<errors>\s*<error>\s*<code>\d+<\/code>\s*<description>[^<]+<\/description>/.test(res.body)) out.push('not the spec\'s XML errors');
    messages.push(...[...res.body.matchAll(/<description>([^<]*)<\/description>/g)].map((m) => m[1]));
  } else {
    let body: unknown;
    try {
      body = res.json();
    } catch {
      return [...out, `not JSON: ${res.body.slice(0, 80)}`];
    }
    if (opts.open311) {
      const list = body as { code?: unknown; description?: unknown }[];
      if (!Array.isArray(list) || list.length === 0 || list.some((e) => typeof e.code !== 'number' || typeof e.description !== 'string')) out.push(`not the spec's errors: ${res.body.slice(0, 120)}`);
      else messages.push(...list.map((e) => String(e.description)));
    } else {
      const b = body as { error?: unknown; message?: unknown };
      if (typeof b.error !== 'string' || !/^[a-z0-9_]+$/.test(b.error)) out.push(`no error code: ${res.body.slice(0, 120)}`);
      if (typeof b.message !== 'string') out.push('no message');
      else messages.push(b.message);
    }
  }
  for (const m of messages) {
    if (m.trim() === '') out.push('empty message');
    else if (opts.locale === 'en' && HAN.test(unquoted(m))) out.push(`Chinese in an English message: ${m.slice(0, 160)}`);
    else if (opts.locale === 'zh-CN' && !HAN.test(m)) out.push(`no Chinese in a zh-CN message: ${m.slice(0, 160)}`);
  }
  return out;
}
