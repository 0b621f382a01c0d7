/**
 * Which database a request's lag-tolerant reads use: `req.readDb`.
 *
 * Routes whose answers may be a second old (dashboards, assessment figures, exports, searches) read
 * through `req.readDb`; everything else, every write and every read inside a write's transaction uses
 * `app.database.db` (the primary). With a replica (TINGSU_READ_DATABASE_URL) `req.readDb` is the
 * replica, except:
 *
 * - **Read your writes.** For the tolerated lag and `READ_YOUR_WRITES_MARGIN_MS` (5 s by default) after a caller's write (any POST, PUT, PATCH or
 *   DELETE), their reads stay on the primary, so a figure or search right after their own change shows
 *   it. The mark travels in a short-lived cookie (`tingsu_wrote`), so it holds whichever instance behind
 *   the proxy answers next; callers that keep no cookies (API keys) are also remembered by this instance.
 * - **A replica behind or out of reach.** While the replica is more than `MAX_LAG_MS` behind the primary
 *   (TINGSU_READ_MAX_LAG_MS; or its watch cannot reach it), everybody reads the primary (`platform/replica.ts`).
 *
 * Without a replica `req.readDb` is the primary and nothing is marked.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Db } from './db.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The database for this request's lag-tolerant reads (see platform/reads.ts). */
    readonly readDb: Db;
  }
}

/**
 * How long after a write the writer's reads stay on the primary: the replica's tolerated lag
 * (TINGSU_READ_MAX_LAG_MS, measured every quarter second) and this margin, so once it ends the replica,
 * whenever it is used, has the write.
 */
const READ_YOUR_WRITES_MARGIN_MS = 4_000;
const WROTE_COOKIE = 'tingsu_wrote';
const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Callers remembered by this instance at most (each for the window). */
const MAX_REMEMBERED = 10_000;

export function registerReads(app: FastifyInstance): void {
  const primary = app.database.db;
  const replica = app.database.replica;
  if (!replica) {
    app.decorateRequest('readDb', {
      getter() {
        return primary;
      },
    });
    return;
  }
  const windowMs = replica.maxLagMs + READ_YOUR_WRITES_MARGIN_MS;
  /** Actor id → until when (epoch ms) their reads stay on the primary, on this instance. */
  const wrote = new Map<string, number>();
  const wroteRecently = (req: FastifyRequest, now: number) => {
    const mark = Number(req.cookies?.[WROTE_COOKIE]);
    if (Number.isFinite(mark) && mark > now) return true;
    const id = req.actor?.id;
    return id !== undefined && (wrote.get(id) ?? 0) > now;
  };
  app.decorateRequest('readDb', {
    getter(this: FastifyRequest) {
      const now = Date.now();
      return wroteRecently(this, now) || !replica.caughtUp(now) ? primary : replica.db;
    },
  });
  app.addHook('onSend', async (req, reply) => {
    if (SAFE.has(req.method)) return;
    const until = Date.now() + windowMs;
    reply.setCookie(WROTE_COOKIE, String(until), {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: app.config.cookieSecure,
      maxAge: Math.ceil(windowMs / 1000),
    });
    const id = req.actor?.id;
    if (id === undefined) return;
    if (wrote.size >= MAX_REMEMBERED) {
      const now = Date.now();
      for (const [k, v] of wrote) if (v <= now) wrote.delete(k);
      if (wrote.size >= MAX_REMEMBERED) wrote.delete(wrote.keys().next().value!);
    }
    wrote.set(id, until);
  });
}
