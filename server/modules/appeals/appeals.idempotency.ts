/**
 * Idempotent appeal creation. A client sends an `Idempotency-Key` (one per submission attempt, kept
 * across its retries); the first request with a key registers the appeal and records the key with a
 * hash of the request; a retry with the same key and the same request gets the same appeal back; the
 * same key with a different request answers 409 idempotency_key_reused. Keys belong to a caller scope
 * (an account or API key, or a resident's phone on the QR page) and expire after 24 hours.
 *
 * The claim is a row in appeal_idempotency_keys, inserted first in the appeal's own transaction, so two
 * concurrent requests with one key cannot both register: the second waits on the primary key, then
 * finds the first's row and replays it (see visits' clientId for the same idea on visit writes).
 */
import { createHash } from 'node:crypto';
import { and, eq, lt } from 'drizzle-orm';
import { Type } from 'typebox';
import type { Db, Tx } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import { appealIdempotencyKeys } from './appeals.tables.js';

const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

export interface IdempotencyKey {
  /** Whose key: `user:<id>`, `apikey:<id>`, `public:<phone blind index>`. */
  scope: string;
  key: string;
  /** sha256 of the request's canonical form. */
  hash: string;
}

/** A concurrent twin committed first: answer with its appeal. */
export class IdempotentReplay extends Error {
  constructor(readonly appealId: string) {
    super('idempotent replay');
  }
}

const KEY = /^[A-Za-z0-9._:-]{8,100}$/;

export const IDEMPOTENCY_DOC =
  'Idempotency-Key（8–100 个字母、数字或 -_.:，每次提交生成一个，重试时沿用）：同一调用方以同一键重试，返回第一次登记的诉求（响应头 Idempotent-Replayed: true）；同一键配不同内容答 409 idempotency_key_reused；键保留 24 小时。 ' +
  'Idempotency-Key (8–100 letters, digits or -_.:, one per submission, kept across its retries): a retry with the same key from the same caller returns the first appeal (header Idempotent-Replayed: true); the same key with a different body answers 409 idempotency_key_reused; keys are kept 24 hours.';

export const IdempotencyHeaders = Type.Object({
  'idempotency-key': Type.Optional(Type.String({ maxLength: 200, description: 'one per submission attempt, kept across its retries' })),
});

/** The key from a header (or, for Open311, a form field); undefined when none was sent. */
export function parseIdempotencyKey(...sources: unknown[]): string | undefined {
  for (const raw of sources) {
    if (raw === undefined || raw === null || raw === '') continue;
    const v = Array.isArray(raw) ? raw[0] : raw;
    if (typeof v !== 'string' || !KEY.test(v.trim())) throw new AppError('invalid_idempotency_key');
    return v.trim();
  }
  return undefined;
}

/** JSON with sorted keys, so a retry that orders its fields differently is the same request. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (Buffer.isBuffer(v)) return JSON.stringify(createHash('sha256').update(v).digest('hex'));
  if (v && typeof v === 'object') {
    return `{${Object.keys(v)
      .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

export function requestHash(request: unknown): string {
  return createHash('sha256').update(canonical(request)).digest('hex');
}

/**
 * The appeal a key already registered, or null when the key is new (or expired: expired keys are
 * removed here). Throws idempotency_key_reused when the key came with a different request.
 */
export async function replayOf(db: Db, idem: IdempotencyKey, now = new Date()): Promise<string | null> {
  await db.delete(appealIdempotencyKeys).where(lt(appealIdempotencyKeys.createdAt, new Date(now.getTime() - IDEMPOTENCY_TTL_MS)));
  const [row] = await db
    .select()
    .from(appealIdempotencyKeys)
    .where(and(eq(appealIdempotencyKeys.scope, idem.scope), eq(appealIdempotencyKeys.key, idem.key)));
  if (!row) return null;
  if (row.requestHash !== idem.hash) throw new AppError('idempotency_key_reused');
  return row.appealId;
}

/** Claims the key for the appeal being registered in `tx`; throws IdempotentReplay or 409 when taken. */
export async function claimKey(tx: Tx, idem: IdempotencyKey, appealId: string): Promise<void> {
  const [claimed] = await tx
    .insert(appealIdempotencyKeys)
    .values({ scope: idem.scope, key: idem.key, requestHash: idem.hash, appealId })
    .onConflictDoNothing()
    .returning({ appealId: appealIdempotencyKeys.appealId });
  if (claimed) return;
  const [row] = await tx
    .select()
    .from(appealIdempotencyKeys)
    .where(and(eq(appealIdempotencyKeys.scope, idem.scope), eq(appealIdempotencyKeys.key, idem.key)));
  if (!row || row.requestHash !== idem.hash) throw new AppError('idempotency_key_reused');
  throw new IdempotentReplay(row.appealId);
}
