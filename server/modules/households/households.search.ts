/**
 * Finding household files and people: the scoped finders (outside the caller's grid scope a record
 * does not exist: 404), the list and its search by name, ID number or phone (audited), the per-grid
 * figures. The scope itself is the rule in platform/access/households.ts.
 */
import { and, asc, count, eq, inArray, like, sql, type SQL } from 'drizzle-orm';
import { authorize, inRegion, assertInScope, type Actor } from '../../platform/access.js';
import { householdsVisible } from '../../platform/access/households.js';
import { audit, type RequestContext } from '../../platform/audit.js';
import { likePattern, outer, rows as sqlRows, type Db, type DbOrTx } from '../../platform/db.js';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { notFound } from '../../platform/errors.js';
import type { Vault } from '../../platform/crypto.js';
import { maskIdNumber, maskPhone, parseIdNumber, parsePhone } from '../../platform/personal-data.js';
import { pageOf, type PageResult } from '../../platform/schemas.js';
import { households, people } from './households.tables.js';
import { type Deps, type HouseholdRow, type HouseholdView, type PersonRow, type PersonView, householdView, householdViews, LABELLED_HOUSEHOLDS, personView } from './households.views.js';

// ---------------------------------------------------------------------------------------------
// Scoped finders: outside the caller's scope a record does not exist (404).

export async function findHousehold(db: DbOrTx, actor: Actor, id: string): Promise<HouseholdRow> {
  authorize(actor, 'households.read');
  const [row] = await db
    .select()
    .from(households)
    .where(and(eq(households.id, id), householdsVisible(actor, households.gridCode)));
  if (!row) throw notFound('户档案', 'Household');
  return row;
}

export async function findPerson(db: DbOrTx, actor: Actor, id: string): Promise<PersonRow> {
  authorize(actor, 'households.read');
  const [row] = await db
    .select()
    .from(people)
    .where(and(eq(people.id, id), householdsVisible(actor, people.gridCode)));
  if (!row) throw notFound('人员', 'Person');
  return row;
}

/**
 * A household by id, unscoped: only for a use case that passed its border already (a visit's
 * follow-ups, whose household was found in scope when the visit was received).
 */
export async function householdRow(db: DbOrTx, id: string): Promise<HouseholdRow | undefined> {
  const [row] = await db.select().from(households).where(eq(households.id, id));
  return row;
}

/** Addresses by household id, unscoped: for labelling records the caller already sees (visits). */
export async function addressesOf(db: DbOrTx, ids: string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  if (!unique.length) return new Map();
  const rows = await db.select({ id: households.id, address: households.address }).from(households).where(inArray(households.id, unique));
  return new Map(rows.map((r) => [r.id, r.address]));
}

/** `addressesOf` as an SQL expression over a household id column ('' when unknown): a list of records the caller already sees names them in the statement that reads them. */
export function addressSql(id: AnyPgColumn): SQL<string> {
  return sql<string>`coalesce((select ${households.address} from ${households} where ${households.id} = ${outer(id)}), '')`;
}

// ---------------------------------------------------------------------------------------------
// Listing and search

export interface HouseholdFilter {
  /** A member's name (prefix), a full ID number, or a full phone number. */
  q?: string;
  address?: string;
  within?: string;
  gridCode?: string;
  buildingId?: string;
  type?: string;
  tag?: string;
  riskLevel?: string;
  status?: 'active' | 'archived' | 'all';
  page?: number;
  pageSize?: number;
}

/** Members matching a search: exact ID number or phone through the blind index, else name prefix. */
function memberMatch(pii: Vault, q: string): SQL {
  const id = parseIdNumber(q);
  if (!('problem' in id)) return eq(people.idNumberBidx, pii.blindIndex('id', id.idNumber));
  const phone = parsePhone(q);
  if (!('problem' in phone)) return eq(people.phoneBidx, pii.blindIndex('phone', phone.digits));
  return like(people.name, `${q.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
}

export function householdWhere(pii: Vault, actor: Actor, f: HouseholdFilter): SQL | undefined {
  if (f.within) assertInScope(actor, f.within, '区域', 'Region');
  const conds: (SQL | undefined)[] = [householdsVisible(actor, households.gridCode)];
  if (f.status !== 'all') conds.push(eq(households.status, f.status ?? 'active'));
  if (f.within) conds.push(inRegion(households.gridCode, f.within));
  if (f.gridCode) conds.push(eq(households.gridCode, f.gridCode));
  if (f.buildingId) conds.push(eq(households.buildingId, f.buildingId));
  if (f.type) conds.push(eq(households.type, f.type));
  if (f.tag) conds.push(sql`${f.tag} = any(${households.tags})`);
  if (f.riskLevel) conds.push(eq(households.riskLevel, f.riskLevel));
  if (f.address) conds.push(like(households.address, likePattern(f.address)));
  if (f.q?.trim()) {
    conds.push(
      sql`${households.id} in (select ${people.householdId} from ${people} where ${and(memberMatch(pii, f.q), householdsVisible(actor, people.gridCode))})`,
    );
  }
  return and(...conds);
}

/**
 * What a search term is: a full ID number or phone (looked up through the blind index, and audited),
 * or a name prefix. `masked` is the form the audit log keeps: never the searched value in clear.
 */
export function searchKind(q: string | undefined): { by: 'id_number' | 'phone'; masked: string } | null {
  if (!q?.trim()) return null;
  const id = parseIdNumber(q);
  if (!('problem' in id)) return { by: 'id_number', masked: maskIdNumber(id.idNumber) };
  const phone = parsePhone(q);
  if (!('problem' in phone)) return { by: 'phone', masked: maskPhone(phone.phone) };
  return null;
}

/** `readDb` (`req.readDb`: the replica when there is one) serves the search; its audit entry goes to the primary. */
export async function listHouseholds(deps: Deps, ctx: RequestContext, f: HouseholdFilter, readDb: Db = deps.database.db): Promise<PageResult<HouseholdView>> {
  const actor = ctx.actor;
  authorize(actor, 'households.read');
  const db = readDb;
  const { page, pageSize, offset } = pageOf(f);
  const where = householdWhere(deps.pii, actor, f);
  // The page is named in the statement that reads it; a search by ID number or phone writes its audit
  // entry once the page and count are known.
  // (A derived table under the table's own name: the labels are computed for the page's rows only.)
  const order = sql`${households.gridCode}, ${households.address}`;
  const [raws, [{ n }]] = await Promise.all([
    sqlRows<Record<string, unknown>>(
      db,
      sql`${LABELLED_HOUSEHOLDS.select} (select * from ${households} where ${where ?? sql`true`} order by ${order} limit ${pageSize} offset ${offset}) as ${households} order by ${order}`,
    ),
    db.select({ n: count() }).from(households).where(where),
  ]);
  const rows = raws.map((raw) => {
    const r = LABELLED_HOUSEHOLDS.read(raw);
    return Object.assign(r, { gridName: r.gridName as string | null, buildingCode: r.buildingCode as string | null, headName: r.headName as string | null });
  });
  // Looking a person up by their ID number or phone is a view of personal data: who, when, which
  // number (masked) and which files it found.
  const kind = searchKind(f.q);
  if (kind) {
    await audit(deps.database.db, ctx, {
      action: 'household.search',
      targetType: 'household',
      targetId: rows.length === 1 ? rows[0].id : undefined,
      details: { by: kind.by, value: kind.masked, matches: Number(n), householdIds: rows.slice(0, 20).map((r) => r.id) },
    });
  }
  return { items: rows.map((r) => householdView(r, r)), total: Number(n), page, pageSize };
}

export async function getHousehold(deps: Deps, actor: Actor, id: string): Promise<HouseholdView & { members: PersonView[] }> {
  const db = deps.database.db;
  const h = await findHousehold(db, actor, id);
  const members = await db.select().from(people).where(eq(people.householdId, id)).orderBy(sql`${people.relation} = 'head' desc`, asc(people.birthDate), asc(people.name));
  return { ...(await householdViews(db, [h]))[0], members: members.map(personView) };
}

/** Households and residents per grid under a region, in the caller's scope: the figure the map colours by. */
export async function countsByGrid(deps: Deps, actor: Actor, within: string): Promise<{ gridCode: string; households: number; people: number }[]> {
  authorize(actor, 'households.read');
  assertInScope(actor, within, '区域', 'Region');
  const rows = await deps.database.db
    .select({ gridCode: households.gridCode, households: sql<number>`count(*)::int`, people: sql<number>`coalesce(sum(${households.memberCount}), 0)::int` })
    .from(households)
    .where(and(householdsVisible(actor, households.gridCode), inRegion(households.gridCode, within), eq(households.status, 'active')))
    .groupBy(households.gridCode)
    .orderBy(asc(households.gridCode));
  return rows.map((r) => ({ gridCode: r.gridCode, households: Number(r.households), people: Number(r.people) }));
}
