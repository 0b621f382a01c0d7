/**
 * Throttles that hold across instances: counters in the database (`rate_limits`), one row per key
 * holding its current window (from the key's first hit, for the limit's length), bumped with one
 * atomic upsert (INSERT … ON CONFLICT DO UPDATE … RETURNING), so concurrent requests — on one
 * instance or many — each see their own count and none slips past.
 *
 * Routes ask for a limit with `config: { rateLimit: { max, timeWindow } }` (the same shape
 * @fastify/rate-limit used); services use `hit` directly for limits of their own (sign-in, tracking
 * guesses, a phone's submissions a day).
 */
import { and, eq, gt, lt, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { DbOrTx } from './db.js';
import { AppError } from './errors.js';
import { rateLimits } from './rate-limits.tables.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** At most `max` requests per address in `timeWindow` milliseconds, counted in the database. */
    rateLimit?: { max: number; timeWindow: number };
  }
}

export interface Window {
  /** Length of the window in milliseconds; it starts at the key's first hit. */
  ms: number;
}

export interface Hit {
  count: number;
  /** When this window ends and the count starts again from zero. */
  resetAt: Date;
}

const K = (key: string) => key.slice(0, 200);

/**
 * Adds `by` to the key's count and returns the new count, atomically: one upsert that bumps the
 * current window, or starts a new one at `now` when the last has ended.
 */
export async function hit(db: DbOrTx, key: string, w: Window, now = new Date(), by = 1): Promise<Hit> {
  const ended = sql`${rateLimits.expiresAt} <= excluded.window_start`;
  const [row] = await db
    .insert(rateLimits)
    .values({ key: K(key), windowStart: now, count: by, expiresAt: new Date(now.getTime() + w.ms) })
    .onConflictDoUpdate({
      target: rateLimits.key,
      set: {
        count: sql`case when ${ended} then excluded.count else ${rateLimits.count} + excluded.count end`,
        windowStart: sql`case when ${ended} then excluded.window_start else ${rateLimits.windowStart} end`,
        expiresAt: sql`case when ${ended} then excluded.expires_at else ${rateLimits.expiresAt} end`,
      },
    })
    .returning({ count: rateLimits.count, expiresAt: rateLimits.expiresAt });
  await sweep(db, now);
  return { count: row.count, resetAt: row.expiresAt };
}

/** The key's count in its current window, without changing it. */
export async function peek(db: DbOrTx, key: string, now = new Date()): Promise<Hit | null> {
  const [row] = await db
    .select({ count: rateLimits.count, expiresAt: rateLimits.expiresAt })
    .from(rateLimits)
    .where(and(eq(rateLimits.key, K(key)), gt(rateLimits.expiresAt, now)));
  return row ? { count: row.count, resetAt: row.expiresAt } : null;
}

/** Takes back one count (a reserved attempt that turned out fine). */
export async function undo(db: DbOrTx, key: string, now = new Date()): Promise<void> {
  await db
    .update(rateLimits)
    .set({ count: sql`greatest(${rateLimits.count} - 1, 0)` })
    .where(and(eq(rateLimits.key, K(key)), gt(rateLimits.expiresAt, now)));
}

/** Forgets the key's window (a correct password clears its address's failures). */
export async function clear(db: DbOrTx, key: string): Promise<void> {
  await db.delete(rateLimits).where(eq(rateLimits.key, K(key)));
}

/** Minutes until `at`, at least 1: what a 429 tells people to wait. */
export function minutesUntil(at: Date, now = new Date()): number {
  return Math.max(1, Math.ceil((at.getTime() - now.getTime()) / 60_000));
}

const SWEEP_EVERY_MS = 60_000;
const lastSweep = new WeakMap<object, number>();

/** Deletes windows that ended over an hour ago; at most once a minute per database handle. */
async function sweep(db: DbOrTx, now: Date): Promise<void> {
  const last = lastSweep.get(db) ?? 0;
  if (now.getTime() - last < SWEEP_EVERY_MS && now.getTime() >= last) return;
  lastSweep.set(db, now.getTime());
  await db.delete(rateLimits).where(lt(rateLimits.expiresAt, new Date(now.getTime() - 3600_000)));
}

/**
 * Routes with `config.rateLimit` are limited per client address and route, before the body is read,
 * in the database: the limit holds however many instances share it.
 */
export function registerRateLimits(app: FastifyInstance, db: DbOrTx): void {
  app.addHook('onRoute', (route) => {
    const limit = route.config?.rateLimit;
    if (!limit) return;
    const name = `route:${[route.method].flat().join(',')} ${route.url}`;
    const check = async (req: { ip: string }, reply: { header(k: string, v: string | number): unknown }) => {
      const now = new Date();
      const h = await hit(db, `${name}|${req.ip}`, { ms: limit.timeWindow }, now);
      reply.header('x-ratelimit-limit', limit.max);
      reply.header('x-ratelimit-remaining', Math.max(0, limit.max - h.count));
      if (h.count > limit.max) {
        reply.header('retry-after', Math.max(1, Math.ceil((h.resetAt.getTime() - now.getTime()) / 1000)));
        throw new AppError('rate_limited');
      }
    };
    const existing = route.onRequest;
    route.onRequest = [check, ...(existing ? [existing].flat() : [])] as typeof route.onRequest;
  });
}
