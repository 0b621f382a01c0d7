import { randomUUID } from 'node:crypto';
import { and, eq, inArray, ne, sql } from 'drizzle-orm';
import {
  assertAssignable,
  assertInScope,
  authorize,
  inRegion,
  ROLES,
  type Actor,
  type Role,
} from '../../platform/access.js';
import { audit, type RequestContext } from '../../platform/audit.js';
import { newToken, sha256, type ActorResolver } from '../../platform/auth.js';
import type { Database, DbOrTx } from '../../platform/db.js';
import { AppError, badRequest, duplicate, notFound } from '../../platform/errors.js';
import { pageOf, type PageResult } from '../../platform/schemas.js';
import * as regionsService from '../regions/regions.service.js';
import * as orgsService from '../orgs/orgs.service.js';
import { assertStrongPassword, hashPassword, verifyPassword } from './passwords.js';
import * as repo from './users.repo.js';
import * as signIn from './sign-in.js';
import { apiKeys, sessions, users } from './users.tables.js';

export interface UserView {
  id: string;
  username: string;
  displayName: string;
  roles: Role[];
  regionCode: string;
  regionName: string;
  orgId: string | null;
  orgName: string | null;
  gridWorkerKind: string | null;
  disabled: boolean;
  version: number;
  createdAt: string;
  lastLoginAt: string | null;
}

export const actorOf = repo.actorOf;

async function views(db: DbOrTx, rows: repo.UserRow[]): Promise<UserView[]> {
  const names = await regionsService.pathNamesOf(db, [...new Set(rows.map((r) => r.regionCode).filter(Boolean))]);
  const orgNames = await orgsService.namesOf(db, rows.map((r) => r.orgId).filter((x): x is string => !!x));
  return rows.map((u) => ({
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    roles: u.roles as Role[],
    regionCode: u.regionCode,
    regionName: u.regionCode === '' ? '全部' : names.get(u.regionCode) ?? u.regionCode,
    orgId: u.orgId,
    orgName: u.orgId ? orgNames.get(u.orgId) ?? null : null,
    gridWorkerKind: u.gridWorkerKind,
    disabled: u.disabled,
    version: u.version,
    createdAt: u.createdAt.toISOString(),
    lastLoginAt: u.lastLoginAt?.toISOString() ?? null,
  }));
}

// ---------------------------------------------------------------------------------------------
// Sign-in, sessions, API keys

export type { LoginMeta, LoginSettings } from './sign-in.js';

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
      const actor = actorOf(row.user);
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

// ---------------------------------------------------------------------------------------------
// Account administration

export interface UserInput {
  username: string;
  displayName: string;
  password: string;
  roles: Role[];
  regionCode: string;
  orgId?: string | null;
  gridWorkerKind?: string | null;
}

async function checkAssignment(db: DbOrTx, actor: Actor, input: { roles?: Role[]; regionCode?: string; orgId?: string | null; gridWorkerKind?: string | null }) {
  if (input.roles) {
    if (input.roles.length === 0) throw badRequest('至少需要一个角色 / at least one role is required');
    for (const r of input.roles) if (!ROLES.includes(r)) throw badRequest(`未知角色 ${r}`);
    // Only someone who holds a role over the whole scope can hand out admin.
    if (input.roles.includes('admin') && !actor.roles.includes('admin')) throw new AppError('forbidden');
  }
  if (input.regionCode !== undefined) {
    assertAssignable(actor, input.regionCode, '所属区域', 'The region');
    if (!(await regionsService.exists(db, input.regionCode))) throw notFound(`区域 ${input.regionCode} `, `Region ${input.regionCode}`);
  }
  if (input.orgId) {
    const org = await orgsService.findVisible(db, actor, input.orgId);
    if (!org) throw notFound('组织机构', 'Organisation');
  }
}

export async function createUser(database: Database, ctx: RequestContext, input: UserInput, opts: { passwordHash?: string } = {}): Promise<UserView> {
  authorize(ctx.actor, 'users.write');
  const db = database.db;
  await checkAssignment(db, ctx.actor, input);
  if (!opts.passwordHash) assertStrongPassword(input.password, input.username);
  if (await repo.findByUsername(db, input.username)) throw duplicate('用户名', 'Username', input.username);
  const passwordHash = opts.passwordHash ?? (await hashPassword(input.password));
  const id = randomUUID();
  const row = await db.transaction(async (tx) => {
    const [u] = await tx
      .insert(users)
      .values({
        id,
        username: input.username,
        displayName: input.displayName,
        passwordHash,
        roles: input.roles,
        regionCode: input.regionCode,
        orgId: input.orgId ?? null,
        gridWorkerKind: input.roles.includes('grid_worker') ? input.gridWorkerKind ?? 'full_time' : null,
      })
      .onConflictDoNothing()
      .returning();
    if (!u) throw duplicate('用户名', 'Username', input.username);
    await audit(tx, ctx, {
      action: 'user.create',
      targetType: 'user',
      targetId: id,
      regionCode: input.regionCode,
      details: { username: input.username, roles: input.roles },
    });
    return u;
  });
  return (await views(db, [row]))[0];
}

export interface UserPatch {
  version: number;
  displayName?: string;
  roles?: Role[];
  regionCode?: string;
  orgId?: string | null;
  gridWorkerKind?: string | null;
  disabled?: boolean;
  password?: string;
}

export async function updateUser(database: Database, ctx: RequestContext, id: string, patch: UserPatch): Promise<UserView> {
  authorize(ctx.actor, 'users.write');
  const db = database.db;
  const current = await repo.findInScope(db, ctx.actor, id);
  if (!current) throw notFound('账号', 'Account');
  await checkAssignment(db, ctx.actor, patch);
  if (patch.disabled === true && id === ctx.actor.id) throw badRequest('不能停用自己的账号 / you cannot disable your own account');
  if (patch.password !== undefined) assertStrongPassword(patch.password, current.username);
  const set: Partial<typeof users.$inferInsert> = {};
  const changed: string[] = [];
  for (const k of ['displayName', 'roles', 'regionCode', 'orgId', 'gridWorkerKind', 'disabled'] as const) {
    if (patch[k] !== undefined && JSON.stringify(patch[k]) !== JSON.stringify(current[k])) {
      (set as Record<string, unknown>)[k] = patch[k];
      changed.push(k);
    }
  }
  if (patch.password !== undefined) {
    set.passwordHash = await hashPassword(patch.password);
    set.passwordChangedAt = new Date();
    changed.push('password');
  }
  const row = await db.transaction(async (tx) => {
    const [u] = await tx
      .update(users)
      .set({ ...set, updatedAt: new Date(), version: sql`${users.version} + 1` })
      .where(and(eq(users.id, id), eq(users.version, patch.version)))
      .returning();
    if (!u) throw new AppError('stale_version');
    if (set.disabled === true || set.passwordHash || set.regionCode !== undefined || set.roles) {
      // Access changed: existing sessions must sign in again.
      await tx.delete(sessions).where(eq(sessions.userId, id));
    }
    await audit(tx, ctx, { action: 'user.update', targetType: 'user', targetId: id, regionCode: u.regionCode, details: { changed } });
    return u;
  });
  forgetSessions();
  return (await views(db, [row]))[0];
}

export async function getUser(db: DbOrTx, actor: Actor, id: string): Promise<UserView> {
  authorize(actor, 'users.read');
  const u = await repo.findInScope(db, actor, id);
  if (!u) throw notFound('账号', 'Account');
  return (await views(db, [u]))[0];
}

export async function listUsers(
  db: DbOrTx,
  actor: Actor,
  f: repo.UserFilter & { page?: number; pageSize?: number },
): Promise<PageResult<UserView>> {
  authorize(actor, 'users.read');
  if (f.regionCode) assertInScope(actor, f.regionCode, '区域', 'Region');
  const { page, pageSize, offset } = pageOf(f);
  const within = f.regionCode ? inRegion(users.regionCode, f.regionCode) : undefined;
  const { items, total } = await repo.list(db, actor, f, within, pageSize, offset);
  return { items: await views(db, items), total, page, pageSize };
}

// ---------------------------------------------------------------------------------------------
// API keys

export interface ApiKeyView {
  id: string;
  name: string;
  keyPrefix: string;
  roles: Role[];
  regionCode: string;
  createdBy: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

function keyView(k: typeof apiKeys.$inferSelect): ApiKeyView {
  return {
    id: k.id,
    name: k.name,
    keyPrefix: k.keyPrefix,
    roles: k.roles as Role[],
    regionCode: k.regionCode,
    createdBy: k.createdBy,
    createdAt: k.createdAt.toISOString(),
    lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
    revokedAt: k.revokedAt?.toISOString() ?? null,
  };
}

export async function createApiKey(database: Database, ctx: RequestContext, input: { name: string; roles: Role[]; regionCode: string }) {
  authorize(ctx.actor, 'apikeys.manage');
  await checkAssignment(database.db, ctx.actor, { roles: input.roles, regionCode: input.regionCode });
  const key = `tsk_${newToken(32)}`;
  const id = randomUUID();
  const row = await database.db.transaction(async (tx) => {
    const [k] = await tx
      .insert(apiKeys)
      .values({ id, name: input.name, keyPrefix: key.slice(0, 12), keyHash: sha256(key), roles: input.roles, regionCode: input.regionCode, createdBy: ctx.actor.name })
      .returning();
    await audit(tx, ctx, { action: 'apikey.create', targetType: 'apikey', targetId: id, regionCode: input.regionCode, details: { name: input.name, roles: input.roles } });
    return k;
  });
  return { key, apiKey: keyView(row) };
}

export async function listApiKeys(db: DbOrTx, actor: Actor): Promise<ApiKeyView[]> {
  authorize(actor, 'apikeys.manage');
  return (await repo.listApiKeys(db, actor)).map(keyView);
}

export async function revokeApiKey(database: Database, ctx: RequestContext, id: string): Promise<ApiKeyView> {
  authorize(ctx.actor, 'apikeys.manage');
  return database.db.transaction(async (tx) => {
    const [k] = await tx.select().from(apiKeys).where(eq(apiKeys.id, id));
    if (!k || !k.regionCode.startsWith(ctx.actor.regionCode)) throw notFound('API 密钥', 'API key');
    if (k.revokedAt) return keyView(k);
    const [r] = await tx.update(apiKeys).set({ revokedAt: new Date() }).where(eq(apiKeys.id, id)).returning();
    await audit(tx, ctx, { action: 'apikey.revoke', targetType: 'apikey', targetId: id, regionCode: k.regionCode, details: { name: k.name } });
    return keyView(r);
  });
}

export async function countUsers(db: DbOrTx): Promise<number> {
  const [r] = await db.select({ n: sql<number>`count(*)` }).from(users);
  return Number(r.n);
}

// ---------------------------------------------------------------------------------------------
// Bulk creation for the synthetic-data generator (no per-row hashing or audit; the run is audited once).

export interface GeneratedUser {
  id: string;
  username: string;
  displayName: string;
  passwordHash: string;
  roles: Role[];
  regionCode: string;
  orgId?: string | null;
  gridWorkerKind?: string | null;
}

export async function insertGeneratedUsers(db: DbOrTx, rows: GeneratedUser[]): Promise<number> {
  if (!rows.length) return 0;
  const inserted = await db
    .insert(users)
    .values(rows.map((r) => ({ ...r, orgId: r.orgId ?? null, gridWorkerKind: r.gridWorkerKind ?? null })))
    .onConflictDoNothing()
    .returning({ id: users.id });
  return inserted.length;
}

export async function idsByUsername(db: DbOrTx, usernames: string[]): Promise<Map<string, string>> {
  if (!usernames.length) return new Map();
  const rows = await db.select({ id: users.id, username: users.username }).from(users).where(inArray(users.username, usernames));
  return new Map(rows.map((r) => [r.username, r.id]));
}

/** Active accounts holding a role: at exactly these regions (a township's desk), or in an organisation. */
export async function activeUserIds(db: DbOrTx, f: { role: Role; regionCodes?: string[]; orgId?: string }): Promise<string[]> {
  const conds = [eq(users.disabled, false), sql`${f.role} = any(${users.roles})`];
  if (f.regionCodes) {
    if (!f.regionCodes.length) return [];
    conds.push(inArray(users.regionCode, f.regionCodes));
  }
  if (f.orgId) conds.push(eq(users.orgId, f.orgId));
  const rows = await db.select({ id: users.id }).from(users).where(and(...conds));
  return rows.map((r) => r.id);
}

export async function displayNamesOf(db: DbOrTx, ids: string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  if (!unique.length) return new Map();
  const rows = await db.select({ id: users.id, name: users.displayName }).from(users).where(inArray(users.id, unique));
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** Active leaders whose area contains a region code (a leader case's candidates). */
export async function leadersFor(db: DbOrTx, regionCode: string): Promise<{ id: string; displayName: string; regionCode: string }[]> {
  const prefixes = ['', ...[2, 4, 6, 9, 12, 15].filter((n) => n <= regionCode.length).map((n) => regionCode.slice(0, n))];
  return db
    .select({ id: users.id, displayName: users.displayName, regionCode: users.regionCode })
    .from(users)
    .where(and(eq(users.disabled, false), sql`'leader' = any(${users.roles})`, inArray(users.regionCode, prefixes)))
    .orderBy(users.regionCode, users.displayName);
}

/** The enabled accounts of an area. */
export async function countEnabled(db: DbOrTx, area: string): Promise<number> {
  const [a] = await db.select({ n: sql<number>`count(*)` }).from(users).where(and(inRegion(users.regionCode, area), eq(users.disabled, false)));
  return Number(a.n);
}
