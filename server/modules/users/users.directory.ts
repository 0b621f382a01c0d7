import { and, count, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import { scopeCondition, type Actor, type Role } from '../../platform/access.js';
import type { DbOrTx } from '../../platform/db.js';
import { users } from './users.tables.js';

// Who is who, for other modules, the overview, the CLI and the synthetic-data generator: counts,
// names and the accounts a message or a case goes to.

/** Active accounts placed in the caller's scope. */
export async function countActiveInScope(db: DbOrTx, actor: Actor): Promise<number> {
  const [r] = await db.select({ n: count() }).from(users).where(and(scopeCondition(actor, users.regionCode), eq(users.disabled, false)));
  return Number(r.n);
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
  phoneEnc?: string | null;
  phoneMasked?: string | null;
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

/**
 * The sealed work mobiles of an organisation's active accounts holding a role, for an SMS: accounts
 * without a phone are left out (they hear of it in the console only).
 */
export async function activePhonesOf(db: DbOrTx, f: { role: Role; orgId: string }): Promise<{ userId: string; phoneEnc: string }[]> {
  const rows = await db
    .select({ userId: users.id, phoneEnc: users.phoneEnc })
    .from(users)
    .where(and(eq(users.disabled, false), sql`${f.role} = any(${users.roles})`, eq(users.orgId, f.orgId), isNotNull(users.phoneEnc)));
  return rows.flatMap((r) => (r.phoneEnc ? [{ userId: r.userId, phoneEnc: r.phoneEnc }] : []));
}

/** The sealed work mobiles of these active accounts (those without one are left out). */
export async function activePhonesByIds(db: DbOrTx, ids: string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  if (!unique.length) return new Map();
  const rows = await db
    .select({ userId: users.id, phoneEnc: users.phoneEnc })
    .from(users)
    .where(and(eq(users.disabled, false), inArray(users.id, unique), isNotNull(users.phoneEnc)));
  return new Map(rows.flatMap((r) => (r.phoneEnc ? [[r.userId, r.phoneEnc] as [string, string]] : [])));
}

export async function displayNamesOf(db: DbOrTx, ids: string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  if (!unique.length) return new Map();
  const rows = await db.select({ id: users.id, name: users.displayName }).from(users).where(inArray(users.id, unique));
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** Accounts by id with their area (another module checks that a person it is given may serve there). */
export async function briefsOf(db: DbOrTx, ids: string[]): Promise<Map<string, { displayName: string; regionCode: string; disabled: boolean }>> {
  const unique = [...new Set(ids)];
  if (!unique.length) return new Map();
  const rows = await db.select({ id: users.id, displayName: users.displayName, regionCode: users.regionCode, disabled: users.disabled }).from(users).where(inArray(users.id, unique));
  return new Map(rows.map((r) => [r.id, { displayName: r.displayName, regionCode: r.regionCode, disabled: r.disabled }]));
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
