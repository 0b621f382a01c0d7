import type { FastifyServerOptions } from 'fastify';
import type { Config } from '../config.js';

/** Keys whose values never reach the logs, wherever they appear. */
const PERSONAL_KEYS = [
  'password',
  'currentPassword',
  'newPassword',
  'phone',
  'mobile',
  'idNumber',
  'idCard',
  'address',
  'name',
  'displayName',
  'requesterName',
  'requesterPhone',
  'token',
  'key',
  'apiKey',
  'csrfToken',
];

const redactPaths = [
  'req.headers.cookie',
  'req.headers.authorization',
  'req.headers["x-api-key"]',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  ...PERSONAL_KEYS.flatMap((k) => [k, `*.${k}`, `*.*.${k}`]),
];

/** A code worth keeping: a PostgreSQL SQLSTATE (23505), a Node or Fastify code (ECONNRESET, FST_ERR_…). */
const SAFE_CODE = /^[A-Za-z0-9_]{1,64}$/;
/** PostgreSQL names: constraints, tables and columns are schema, not data. */
const SAFE_NAME = /^[A-Za-z0-9_.]{1,128}$/;

export interface SafeError {
  type: string;
  code?: string;
  constraint?: string;
  table?: string;
  column?: string;
  statusCode?: number;
  stack?: string;
  cause?: SafeError;
}

/**
 * An error as it may be logged: its kind and codes only. Never its message (a database error's
 * message and detail quote the SQL, its parameters and the offending values: phone numbers, names,
 * ID numbers), never its other properties. The stack keeps the frames and drops the message line.
 * Every `err` (and `error`) a logger receives passes through this, so no call site can leak.
 */
export function safeError(value: unknown, depth = 0): SafeError | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value !== 'object') return { type: typeof value };
  const e = value as Record<string, unknown>;
  const out: SafeError = { type: (value as object).constructor?.name ?? 'Object' };
  if (typeof e.code === 'string' && SAFE_CODE.test(e.code)) out.code = e.code;
  for (const k of ['constraint', 'table', 'column'] as const) {
    if (typeof e[k] === 'string' && SAFE_NAME.test(e[k] as string)) out[k] = e[k] as string;
  }
  if (typeof e.statusCode === 'number') out.statusCode = e.statusCode;
  if (typeof e.stack === 'string') {
    const frames = e.stack.split('\n').filter((line) => /^\s+at /.test(line)).slice(0, 12);
    if (frames.length) out.stack = frames.map((f) => f.trim()).join('\n');
  }
  if (depth < 3 && e.cause !== undefined) out.cause = safeError(e.cause, depth + 1);
  return out;
}

/** safeError as one line, for the few places that write to stderr instead of a logger. */
export function errorSummary(err: unknown): string {
  const parts: string[] = [];
  for (let e = safeError(err); e; e = e.cause) {
    parts.push([e.type, e.code, e.constraint].filter(Boolean).join(' '));
  }
  return parts.join(' <- ');
}

export function loggerOptions(config: Config, stream?: NodeJS.WritableStream): FastifyServerOptions['logger'] {
  return {
    level: config.logLevel,
    ...(stream ? { stream } : {}),
    redact: { paths: redactPaths, censor: '[redacted]' },
    hooks: {
      // log.error(err) would make the error's message the line's message: log it as { err } instead,
      // so it passes through safeError like every other error.
      logMethod(args, method) {
        const [first, ...rest] = args as unknown[];
        if (first instanceof Error) {
          return method.apply(this, [{ err: first }, ...(typeof rest[0] === 'string' ? rest : [first.constructor.name])] as Parameters<typeof method>);
        }
        return method.apply(this, args);
      },
    },
    serializers: {
      // Fastify types `err` as pino's full error object; ours is deliberately smaller.
      ...({ err: safeError, error: safeError } as Record<string, (value: unknown) => unknown>),
      // The path only: query strings may carry names, phone numbers or ID numbers being searched for.
      req(req) {
        return {
          method: req.method,
          path: String(req.url ?? '').split('?')[0],
          ip: req.ip,
        };
      },
      res(res) {
        return { statusCode: res.statusCode };
      },
    },
  };
}
