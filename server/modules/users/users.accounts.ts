import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { ACCOUNT_ROLES, assertAssignable, assertInScope, authorize, inRegion, type Actor, type Role } from '../../platform/access.js';
import { audit, type RequestContext } from '../../platform/audit.js';
import type { Vault } from '../../platform/crypto.js';
import type { Database, DbOrTx } from '../../platform/db.js';
import { AppError, badRequest, duplicate, notFound } from '../../platform/errors.js';
import { maskPhone, parsePhone } from '../../platform/personal-data.js';
import { pageOf, type PageResult } from '../../platform/schemas.js';
import * as orgsService from '../orgs/orgs.service.js';
import * as regionsService from '../regions/regions.service.js';
import { assertStrongPassword, hashPassword } from './passwords.js';
import * as repo from './users.repo.js';
import { forgetSessions } from './users.sessions.js';
import { sessions, users } from './users.tables.js';
import { views, type UserView } from './users.views.js';

// Account administration: the admin's screens and the CLI's `user add`.

export interface UserInput {
  username: string;
  displayName: string;
  password: string;
  roles: Role[];
  regionCode: string;
  orgId?: string | null;
  gridWorkerKind?: string | null;
  /** The work mobile that receives the appeals' SMS (催办、督办); null or '' for none. */
  phone?: string | null;
}

/**
 * The sealed columns of an account's work mobile: a mobile number only, since what it is for is SMS.
 * Undefined leaves the phone as it is; null or blank removes it.
 */
function phoneColumns(vault: Vault | undefined, phone: string | null | undefined): { phoneEnc: string | null; phoneMasked: string | null; number: string | null } | undefined {
  if (phone === undefined) return undefined;
  if (phone === null || !phone.trim()) return { phoneEnc: null, phoneMasked: null, number: null };
  const r = parsePhone(phone);
  if ('problem' in r || r.kind !== 'mobile') {
    throw new AppError('invalid_phone', { field: 'phone', reason: '应为 11 位手机号（1 开头），用于接收短信', reasonEn: 'an 11-digit mobile number starting with 1 is needed to receive SMS' }, { field: 'phone' });
  }
  if (!vault) throw new Error('createUser/updateUser: a phone needs the vault');
  return { phoneEnc: vault.encrypt(r.phone), phoneMasked: maskPhone(r.phone), number: r.phone };
}

/** What an actor may hand out: known roles, admin only by an admin, a region and organisation it sees. */
export async function checkAssignment(db: DbOrTx, actor: Actor, input: { roles?: Role[]; regionCode?: string; orgId?: string | null; gridWorkerKind?: string | null }) {
  if (input.roles) {
    if (input.roles.length === 0) throw badRequest('至少需要一个角色 / at least one role is required');
    for (const r of input.roles) if (!ACCOUNT_ROLES.includes(r)) throw badRequest(`未知角色 ${r}`);
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

export async function createUser(database: Database, ctx: RequestContext, input: UserInput, opts: { passwordHash?: string; vault?: Vault } = {}): Promise<UserView> {
  authorize(ctx.actor, 'users.write');
  const db = database.db;
  await checkAssignment(db, ctx.actor, input);
  const phone = phoneColumns(opts.vault, input.phone);
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
        phoneEnc: phone?.phoneEnc ?? null,
        phoneMasked: phone?.phoneMasked ?? null,
      })
      .onConflictDoNothing()
      .returning();
    if (!u) throw duplicate('用户名', 'Username', input.username);
    await audit(tx, ctx, {
      action: 'user.create',
      targetType: 'user',
      targetId: id,
      regionCode: input.regionCode,
      details: { username: input.username, roles: input.roles, phone: !!phone?.phoneEnc },
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
  phone?: string | null;
}

export async function updateUser(database: Database, ctx: RequestContext, id: string, patch: UserPatch, opts: { vault?: Vault } = {}): Promise<UserView> {
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
  const phone = phoneColumns(opts.vault, patch.phone);
  // Compared in clear: the sealed form differs on every encryption.
  const before = phone && current.phoneEnc && opts.vault ? opts.vault.decrypt(current.phoneEnc) : null;
  if (phone && phone.number !== before) {
    set.phoneEnc = phone.phoneEnc;
    set.phoneMasked = phone.phoneMasked;
    changed.push('phone');
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
