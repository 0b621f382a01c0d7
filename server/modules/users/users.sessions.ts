import { and, eq, ne, sql } from 'drizzle-orm';
import type { Actor, Role } from '../../platform/access.js';
import { audit, type RequestContext } from '../../platform/audit.js';
import type { ActorResolver } from '../../platform/auth.js';
import type { Database, DbOrTx } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import { assertStrongPassword, hashPassword, verifyPassword } from './passwords.js';
import * as repo from './users.repo.js';
import * as signIn from './sign-in.js';
import { apiKeys, sessions, users } from './users.tables.js';
import { views, type UserView } from './users.views.js';

// Signing in and out, the caller's own account, and resolving a request's session or API key.

export async function login(database: Database, meta: signIn.LoginMeta, settings: signIn.LoginSettings, username: string, password: string) {
  const r = await signIn.login(database, meta, settings, username, password);
  const [view] = await views(database.db, [r.user]);
  return { ...r, user: view };
}

export async function logout(database: Database, ctx: RequestContext, tokenHash: string) {
  await database.db.transaction(async (tx) => {
    await tx.delete(sessions).where(eq(sessions.tokenHash, tokenHash));
    await audit(tx, ctx, { action: 'auth.logout', targetType: 'user', targetId: ctx.actor.id });
  });
  forgetSessions();
}

export async function me(db: DbOrTx, actor: Actor): Promise<UserView> {
  const u = await repo.findById(db, actor.id);
  if (!u) throw new AppError('unauthenticated');
  return (await views(db, [u]))[0];
}

export async function changePassword(database: Database, ctx: RequestContext, currentTokenHash: string | null, current: string, next: string) {
  const u = await repo.findById(database.db, ctx.actor.id);
  if (!u) throw new AppError('unauthenticated');
  if (!(await verifyPassword(u.passwordHash, current))) throw new AppError('wrong_password');
  assertStrongPassword(next, u.username);
  const passwordHash = await hashPassword(next);
  await database.db.transaction(async (tx) => {
    await tx
      .update(users)
      .set({ passwordHash, passwordChangedAt: new Date(), updatedAt: new Date(), version: sql`${users.version} + 1` })
      .where(eq(users.id, u.id));
    // Other devices signed in with the old password are signed out.
    await tx
      .delete(sessions)
      .where(and(eq(sessions.userId, u.id), currentTokenHash ? ne(sessions.tokenHash, currentTokenHash) : undefined));
    await audit(tx, ctx, { action: 'user.password_change', targetType: 'user', targetId: u.id, regionCode: u.regionCode });
  });
  forgetSessions();
}

/**
 * Sessions resolved in the last SESSION_CACHE_MS: a burst of requests (a page's calls, a phone
 * syncing its queue) reads its session once. A sign-out, password change or account change made in
 * this process forgets them at once (`forgetSessions`); one made through another instance of the
 * server, or by SQL, takes effect here within SESSION_CACHE_MS.
 */
export const SESSION_CACHE_MS = 2_000;
const MAX_CACHED_SESSIONS = 10_000;
type Resolved = NonNullable<Awaited<ReturnType<ActorResolver['fromSession']>>>;
const sessionCaches = new Set<Map<string, { until: number; resolved: Resolved }>>();

/** Forgets every session resolved recently, in every server of this process. */
export function forgetSessions(): void {
  for (const cache of sessionCaches) cache.clear();
}

export function actorResolver(database: Database): ActorResolver {
  const recent = new Map<string, { until: number; resolved: Resolved }>();
  sessionCaches.add(recent);
  return {
    async fromSession(tokenHash) {
      const now = Date.now();
      const hit = recent.get(tokenHash);
      if (hit && hit.until > now) return hit.resolved;
      const row = await repo.sessionWithUser(database.db, tokenHash);
      if (!row || row.user.disabled) {
        recent.delete(tokenHash);
        return null;
      }
      // Touch at most once a minute: reads stay reads.
      if (now - row.session.lastSeenAt.getTime() > 60_000) {
        await database.db.update(sessions).set({ lastSeenAt: new Date() }).where(eq(sessions.tokenHash, tokenHash));
      }
      // Shared by the requests that find it here: frozen, so none can change another's caller.
      const actor = repo.actorOf(row.user);
      Object.freeze(actor.roles);
      const resolved = Object.freeze({ actor: Object.freeze(actor), session: Object.freeze({ tokenHash, csrfToken: row.session.csrfToken }) });
      if (recent.size >= MAX_CACHED_SESSIONS) recent.clear();
      recent.set(tokenHash, { until: Math.min(now + SESSION_CACHE_MS, row.session.expiresAt.getTime()), resolved });
      return resolved;
    },
    async fromApiKey(keyHash) {
      const k = await repo.apiKeyByHash(database.db, keyHash);
      if (!k || k.revokedAt) return null;
      if (!k.lastUsedAt || Date.now() - k.lastUsedAt.getTime() > 60_000) {
        await database.db.update(apiKeys).set({ lastUsedAt: new Date() }).where(eq(apiKeys.id, k.id));
      }
      return { kind: 'apikey', id: k.id, name: `apikey:${k.name}`, roles: k.roles as Role[], regionCode: k.regionCode, orgId: null };
    },
  };
}
