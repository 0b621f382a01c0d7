import { and, count, desc, eq, gt, ilike, or, sql, type SQL } from 'drizzle-orm';
import { scopeCondition, type Actor, type Role } from '../../platform/access.js';
import { visibleApiKeysCondition } from '../../platform/access/apikeys.js';
import { likePattern, type DbOrTx } from '../../platform/db.js';
import { apiKeys, sessions, users } from './users.tables.js';

export type UserRow = typeof users.$inferSelect;

/** The actor an account acts as. */
export function actorOf(u: UserRow): Actor {
  return { kind: 'user', id: u.id, name: u.username, displayName: u.displayName, roles: u.roles as Role[], regionCode: u.regionCode, orgId: u.orgId };
}

/**
 * The accounts as a subquery other modules join to (grid workers' names, plans sorted by worker): the
 * users table stays inside this module. Postgres pulls such a subquery up into the outer query, so the
 * plan is the one a join with the table gets.
 */
export function accounts(db: DbOrTx) {
  return db.select({ id: users.id, username: users.username, displayName: users.displayName, disabled: users.disabled }).from(users).as('users');
}

export async function findByUsername(db: DbOrTx, username: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(eq(users.username, username)).limit(1);
  return row;
}

/** Unscoped by design: used to resolve the caller itself. */
export async function findById(db: DbOrTx, id: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(eq(users.id, id)).limit(1);
  return row;
}

export async function findInScope(db: DbOrTx, actor: Actor, id: string): Promise<UserRow | undefined> {
  const [row] = await db
    .select()
    .from(users)
    .where(and(eq(users.id, id), scopeCondition(actor, users.regionCode)))
    .limit(1);
  return row;
}

export interface UserFilter {
  q?: string;
  role?: string;
  regionCode?: string;
  orgId?: string;
  disabled?: boolean;
}

function filterWhere(actor: Actor, f: UserFilter, within?: SQL): SQL | undefined {
  const conds: (SQL | undefined)[] = [scopeCondition(actor, users.regionCode), within];
  if (f.q) conds.push(or(ilike(users.username, likePattern(f.q)), ilike(users.displayName, likePattern(f.q))));
  if (f.role) conds.push(sql`${f.role} = any(${users.roles})`);
  if (f.orgId) conds.push(eq(users.orgId, f.orgId));
  if (f.disabled !== undefined) conds.push(eq(users.disabled, f.disabled));
  return and(...conds);
}

export async function list(db: DbOrTx, actor: Actor, f: UserFilter, within: SQL | undefined, limit: number, offset: number) {
  const where = filterWhere(actor, f, within);
  const [items, [{ n }]] = await Promise.all([
    db.select().from(users).where(where).orderBy(users.regionCode, users.username).limit(limit).offset(offset),
    db.select({ n: count() }).from(users).where(where),
  ]);
  return { items, total: Number(n) };
}

function sessionWithUserQuery(db: DbOrTx) {
  return db
    .select({ session: sessions, user: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.tokenHash, sql.placeholder('tokenHash')), gt(sessions.expiresAt, sql`now()`)))
    .limit(1)
    .prepare('tingsu_session_with_user');
}
const sessionQueries = new WeakMap<DbOrTx, ReturnType<typeof sessionWithUserQuery>>();

/**
 * Every request asks this: the query is built once per database and prepared by name, so neither
 * this process nor the server plans it again.
 */
export async function sessionWithUser(db: DbOrTx, tokenHash: string) {
  let q = sessionQueries.get(db);
  if (!q) sessionQueries.set(db, (q = sessionWithUserQuery(db)));
  const [row] = await q.execute({ tokenHash });
  return row;
}

export async function apiKeyByHash(db: DbOrTx, keyHash: string) {
  const [row] = await db.select().from(apiKeys).where(eq(apiKeys.keyHash, keyHash)).limit(1);
  return row;
}

export async function listApiKeys(db: DbOrTx, actor: Actor) {
  return db.select().from(apiKeys).where(visibleApiKeysCondition(actor, apiKeys.regionCode)).orderBy(desc(apiKeys.createdAt));
}
