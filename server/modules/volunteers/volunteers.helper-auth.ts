/**
 * A helper's phone sign-in (党员、志愿者、结对单位成员): the phone staff registered them with, a one-time
 * six-digit code sent by SMS through the outbox, and a session whose actor (kind `helper`, role
 * `helper`) acts only as that person, only on the helper routes (platform/auth.ts refuses the rest).
 *
 * Codes: only a keyed hash is stored (the vault's blind index, so a copy of the database does not give
 * them away), valid five minutes, used once; asking for a new one voids the last. Guesses are counted
 * per phone by the platform rate limiter (429 past the limit), and so are the texts sent. Neither the
 * code nor the phone reaches a log or an audit entry; asking for a code answers the same whether the
 * phone is registered or not.
 */
import { randomInt, randomUUID } from 'node:crypto';
import { and, asc, desc, eq, gt, inArray, isNull, lt, sql } from 'drizzle-orm';
import type { Actor } from '../../platform/access.js';
import { audit, auditAnonymous, type RequestContext } from '../../platform/audit.js';
import { newToken, sha256, type ActorResolver } from '../../platform/auth.js';
import type { Database } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import { parsePhone } from '../../platform/personal-data.js';
import * as limits from '../../platform/rate-limit.js';
import * as notifications from '../notifications/notifications.service.js';
import type { Deps } from './volunteers.people.js';
import { helperCodes, helpers, helperSessions } from './volunteers.tables.js';

const CODE_TTL_MS = 5 * 60_000;
/** Wrong or right, at most this many code attempts per phone in GUESS_WINDOW. */
export const MAX_CODE_ATTEMPTS = 5;
const GUESS_WINDOW = { ms: 15 * 60_000 };
/** At most this many texts per phone an hour. */
const MAX_TEXTS = 5;
const TEXT_WINDOW = { ms: 60 * 60_000 };
const SESSION_HOURS = 24 * 7;

interface Meta {
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
}

function phoneKey(deps: Deps, raw: string): { phone: string; bidx: string } {
  const p = parsePhone(raw);
  if ('problem' in p || p.kind !== 'mobile') throw new AppError('invalid_phone', { field: 'phone', reason: '应为 11 位手机号', reasonEn: 'an 11-digit mobile number is needed' }, { field: 'phone' });
  return { phone: p.phone, bidx: deps.vault.blindIndex('phone', p.digits) };
}

const codeHash = (deps: Deps, helperId: string, code: string) => deps.vault.blindIndex('helper-code', `${helperId}:${code}`);

/** The registered, active helpers with this phone (one person may be a member and a volunteer). */
async function helpersByPhone(deps: Deps, bidx: string) {
  return deps.database.db
    .select({ id: helpers.id, regionCode: helpers.regionCode })
    .from(helpers)
    .where(and(eq(helpers.phoneBidx, bidx), eq(helpers.status, 'active')))
    .orderBy(asc(helpers.registeredAt), asc(helpers.id));
}

/** Sends a code to a registered helper's phone. Answers the same for an unknown phone (no probing who is registered). */
export async function requestCode(deps: Deps, meta: Meta, rawPhone: string): Promise<void> {
  const { phone, bidx } = phoneKey(deps, rawPhone);
  const sent = await limits.hit(deps.database.db, `helper-sms:${bidx}`, TEXT_WINDOW);
  if (sent.count > MAX_TEXTS) throw new AppError('rate_limited');
  const [helper] = await helpersByPhone(deps, bidx);
  if (!helper) return;
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const now = new Date();
  await deps.database.db.transaction(async (tx) => {
    await tx.update(helperCodes).set({ usedAt: now }).where(and(eq(helperCodes.helperId, helper.id), isNull(helperCodes.usedAt)));
    await tx.insert(helperCodes).values({ id: randomUUID(), helperId: helper.id, codeHash: codeHash(deps, helper.id, code), expiresAt: new Date(now.getTime() + CODE_TTL_MS), createdAt: now });
    await notifications.queueMessage(tx, deps.vault, { phone, regionCode: helper.regionCode, body: `【听诉】您的登录验证码为 ${code}，5 分钟内有效。如非本人操作请忽略。` });
    await auditAnonymous(tx, meta, { actorName: 'helper', action: 'helper.code', targetType: 'helper', targetId: helper.id, regionCode: helper.regionCode });
  });
}

/** Checks the code and opens a session; 400 for a wrong, used or expired code, 429 past the attempts. */
export async function signIn(deps: Deps, meta: Meta, rawPhone: string, code: string) {
  const { bidx } = phoneKey(deps, rawPhone);
  const db = deps.database.db;
  const attempts = await limits.hit(db, `helper-code:${bidx}`, GUESS_WINDOW);
  if (attempts.count > MAX_CODE_ATTEMPTS) throw new AppError('helper_code_too_many');
  const found = await helpersByPhone(deps, bidx);
  const now = new Date();
  const live = found.length
    ? await db
        .select()
        .from(helperCodes)
        .where(and(inArray(helperCodes.helperId, found.map((h) => h.id)), isNull(helperCodes.usedAt), gt(helperCodes.expiresAt, now)))
        .orderBy(desc(helperCodes.createdAt))
    : [];
  const match = live.find((c) => c.codeHash === codeHash(deps, c.helperId, code));
  if (!match) throw new AppError('helper_code_wrong', {}, { field: 'code' });
  const helper = found.find((h) => h.id === match.helperId)!;
  const token = newToken();
  const csrfToken = newToken(24);
  const expiresAt = new Date(now.getTime() + SESSION_HOURS * 3600_000);
  await db.transaction(async (tx) => {
    // Used once: the update that marks it wins; a second request with the same code finds it used.
    const used = await tx.update(helperCodes).set({ usedAt: now }).where(and(eq(helperCodes.id, match.id), isNull(helperCodes.usedAt))).returning({ id: helperCodes.id });
    if (!used.length) throw new AppError('helper_code_wrong', {}, { field: 'code' });
    await tx.insert(helperSessions).values({ tokenHash: sha256(token), helperId: helper.id, csrfToken, expiresAt });
    await tx.delete(helperSessions).where(lt(helperSessions.expiresAt, now));
    await tx.delete(helperCodes).where(lt(helperCodes.expiresAt, new Date(now.getTime() - 24 * 3600_000)));
    await auditAnonymous(tx, meta, { actorName: 'helper', action: 'helper.sign_in', targetType: 'helper', targetId: helper.id, regionCode: helper.regionCode });
  });
  // A successful attempt does not count against the phone.
  await limits.undo(db, `helper-code:${bidx}`);
  return { token, csrfToken, expiresAt };
}

export async function signOut(deps: Deps, ctx: RequestContext, tokenHash: string): Promise<void> {
  await deps.database.db.transaction(async (tx) => {
    await tx.delete(helperSessions).where(eq(helperSessions.tokenHash, tokenHash));
    await audit(tx, ctx, { action: 'helper.sign_out', targetType: 'helper', targetId: ctx.actor.id });
  });
}

/** A helper's actor: the community they registered with is their whole scope. */
function helperActor(h: { id: string; name: string; regionCode: string }): Actor {
  return { kind: 'helper', id: h.id, name: `helper:${h.id.slice(0, 8)}`, displayName: h.name, roles: ['helper'], regionCode: h.regionCode.slice(0, 12), orgId: null };
}

/** Resolves a helper's session cookie (app.ts asks it after the staff sessions). */
export function helperSessionResolver(database: Database): ActorResolver['fromSession'] {
  return async (tokenHash) => {
    const [row] = await database.db
      .select({ csrfToken: helperSessions.csrfToken, id: helpers.id, name: helpers.name, regionCode: helpers.regionCode })
      .from(helperSessions)
      .innerJoin(helpers, eq(helpers.id, helperSessions.helperId))
      .where(and(eq(helperSessions.tokenHash, tokenHash), gt(helperSessions.expiresAt, sql`now()`), eq(helpers.status, 'active')))
      .limit(1);
    if (!row) return null;
    return { actor: helperActor(row), session: { tokenHash, csrfToken: row.csrfToken } };
  };
}
