/**
 * Signing in, and the throttles that keep guessing slow without letting anyone lock a person out.
 *
 * Every attempt first reserves its place in three counters (platform/rate-limit: one atomic upsert
 * each, in the database, so they hold under concurrency and across instances), then the password is
 * checked only if the counters allow it:
 *
 * - per address: `maxFailures × 10` failures in the window (a flood or a spray from one address
 *   blocks that address, for every account);
 * - per account and address: `maxFailures` failures in the window (one place guessing one account);
 * - per account, from everywhere: past `maxFailures × 20` failures in the window the account is not
 *   locked; each address may then fail only once for it (a distributed guess needs a new address for
 *   every try, while the owner signing in from anywhere else still gets in).
 *
 * A correct password takes its reservation back and clears its address's failures for the account.
 * A disabled account answers exactly as a wrong password does, whatever the password.
 */
import { eq, lt } from 'drizzle-orm';
import { audit, auditAnonymous } from '../../platform/audit.js';
import { newToken, sha256 } from '../../platform/auth.js';
import type { Database } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import { clear, hit, minutesUntil, undo, type Window } from '../../platform/rate-limit.js';
import { dummyPasswordHash, verifyPassword } from './passwords.js';
import * as repo from './users.repo.js';
import { sessions, users } from './users.tables.js';

export interface LoginMeta {
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
}

export interface LoginSettings {
  sessionHours: number;
  maxFailures: number;
  windowMinutes: number;
}

const PER_ADDRESS_FACTOR = 10;
const PER_ACCOUNT_FACTOR = 20;

type Scope = 'address' | 'account_address' | 'account';

function keysOf(username: string, ip: string) {
  return { address: `login:ip|${ip}`, pair: `login:pair|${username}|${ip}`, account: `login:account|${username}` };
}

/**
 * Reserves this attempt in the counters; returns the scope that refuses it (and when it opens
 * again), or null when the password may be checked.
 */
async function reserve(database: Database, keys: ReturnType<typeof keysOf>, s: LoginSettings, w: Window, now: Date) {
  const db = database.db;
  const limits: Record<Scope, number> = { address: s.maxFailures * PER_ADDRESS_FACTOR, account_address: s.maxFailures, account: s.maxFailures * PER_ACCOUNT_FACTOR };
  // The narrowest counter first: a burst against one account from one address stops here and
  // touches nothing wider, so it cannot make its address or the account look busier than it is.
  const byPair = await hit(db, keys.pair, w, now);
  if (byPair.count > limits.account_address) return { scope: 'account_address' as const, count: byPair.count, limit: limits.account_address, resetAt: byPair.resetAt };
  const byAddress = await hit(db, keys.address, w, now);
  if (byAddress.count > limits.address) {
    await undo(db, keys.pair, now);
    return { scope: 'address' as const, count: byAddress.count, limit: limits.address, resetAt: byAddress.resetAt };
  }
  const byAccount = await hit(db, keys.account, w, now);
  if (byAccount.count > limits.account && byPair.count > 1) {
    await undo(db, keys.account, now);
    await undo(db, keys.address, now);
    // The pair's count stays: this address keeps its failure for the account.
    return { scope: 'account' as const, count: byAccount.count, limit: limits.account, resetAt: byAccount.resetAt };
  }
  return null;
}

export async function login(database: Database, meta: LoginMeta, settings: LoginSettings, username: string, password: string, now = new Date()) {
  const db = database.db;
  const w: Window = { ms: settings.windowMinutes * 60_000 };
  const keys = keysOf(username, meta.ip ?? 'unknown');
  const refused = await reserve(database, keys, settings, w, now);
  if (refused) {
    // The lock is recorded once, when it starts; the requests it refuses afterwards are not.
    if (refused.count === refused.limit + 1) {
      await auditAnonymous(db, meta, { actorName: username, action: 'auth.login_throttled', targetType: 'user', details: { scope: refused.scope, until: refused.resetAt.toISOString() } });
    }
    throw new AppError('login_throttled', { minutes: minutesUntil(refused.resetAt, now) });
  }
  const user = await repo.findByUsername(db, username);
  const ok = user ? await verifyPassword(user.passwordHash, password) : (await verifyPassword(await dummyPasswordHash(), password), false);
  if (!user || !ok || user.disabled) {
    await auditAnonymous(db, meta, {
      actorName: username,
      action: user?.disabled ? 'auth.login_disabled' : 'auth.login_failed',
      targetType: 'user',
      targetId: user?.id ?? null,
      regionCode: user?.regionCode ?? '',
      details: { reason: !user ? 'unknown_user' : user.disabled ? 'disabled' : 'wrong_password' },
    });
    // One answer for an unknown user, a wrong password and a disabled account, right password or not.
    throw new AppError('invalid_credentials');
  }
  const token = newToken();
  const csrfToken = newToken(24);
  const expiresAt = new Date(now.getTime() + settings.sessionHours * 3600_000);
  await db.transaction(async (tx) => {
    await tx.insert(sessions).values({ tokenHash: sha256(token), userId: user.id, csrfToken, expiresAt, ip: meta.ip, userAgent: meta.userAgent?.slice(0, 300) });
    await tx.update(users).set({ lastLoginAt: now }).where(eq(users.id, user.id));
    await tx.delete(sessions).where(lt(sessions.expiresAt, now));
    await clear(tx, keys.pair);
    await undo(tx, keys.account, now);
    await undo(tx, keys.address, now);
    await audit(tx, { actor: repo.actorOf(user), ...meta, via: 'http' }, { action: 'auth.login', targetType: 'user', targetId: user.id, regionCode: user.regionCode });
  });
  return { token, csrfToken, expiresAt, user };
}
