import { randomUUID } from 'node:crypto';
import { and, asc, count, eq, ilike, inArray, sql, type SQL } from 'drizzle-orm';
import { assertAssignable, authorize, inRegion, scopeCondition, type Actor } from '../../platform/access.js';
import { editableOrgsCondition, listedOrgsCondition, visibleOrgsCondition } from '../../platform/access/orgs.js';
import { audit, type RequestContext } from '../../platform/audit.js';
import { likePattern, outer, type Database, type DbOrTx } from '../../platform/db.js';
import { AppError, badRequest, duplicate, notFound } from '../../platform/errors.js';
import { ancestorCodes } from '../../platform/division-codes.js';
import { pageOf, type PageResult } from '../../platform/schemas.js';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import * as categories from '../categories/categories.service.js';
import * as regionsService from '../regions/regions.service.js';
import { orgCategories, orgs } from './orgs.tables.js';

/**
 * party_org, owners_committee and property_company take part in deliberation (meetings); the
 * mediation bodies (mediation_committee, elder_studio, court_liaison, chamber_mediation,
 * volunteer_team), the township's justice_office that supervises them and the court refer and
 * confirm (mediation).
 */
export type OrgKind =
  | 'department'
  | 'governance_center'
  | 'workstation'
  | 'party_org'
  | 'owners_committee'
  | 'property_company'
  | 'mediation_committee'
  | 'elder_studio'
  | 'court_liaison'
  | 'chamber_mediation'
  | 'volunteer_team'
  | 'justice_office'
  | 'court';

export interface OrgView {
  id: string;
  name: string;
  kind: OrgKind;
  regionCode: string;
  regionName: string;
  phone: string | null;
  description: string | null;
  categoryCodes: string[];
  active: boolean;
  version: number;
  createdAt: string;
  updatedAt: string;
}

type OrgRow = typeof orgs.$inferSelect;

/** Who sees which organisation: server/platform/access/orgs.ts. */
function visibleCondition(actor: Actor): SQL | undefined {
  return visibleOrgsCondition(actor, orgs);
}

export async function findVisible(db: DbOrTx, actor: Actor, id: string): Promise<OrgRow | undefined> {
  const [row] = await db
    .select()
    .from(orgs)
    .where(and(eq(orgs.id, id), visibleCondition(actor)))
    .limit(1);
  return row;
}

/** An organisation's name as an SQL expression over its id, for a list that names its rows in the statement that reads them. */
export function orgNameSql(id: AnyPgColumn): SQL<string | null> {
  return sql<string | null>`(select ${orgs.name} from ${orgs} where ${orgs.id} = ${outer(id)})`;
}

export async function namesOf(db: DbOrTx, ids: string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  if (!unique.length) return new Map();
  const rows = await db.select({ id: orgs.id, name: orgs.name }).from(orgs).where(inArray(orgs.id, unique));
  return new Map(rows.map((r) => [r.id, r.name]));
}

async function views(db: DbOrTx, rows: OrgRow[]): Promise<OrgView[]> {
  const ids = rows.map((r) => r.id);
  const cats = ids.length ? await db.select().from(orgCategories).where(inArray(orgCategories.orgId, ids)) : [];
  const byOrg = new Map<string, string[]>();
  for (const c of cats) byOrg.set(c.orgId, [...(byOrg.get(c.orgId) ?? []), c.categoryCode]);
  const names = await regionsService.pathNamesOf(db, [...new Set(rows.map((r) => r.regionCode))]);
  return rows.map((o) => ({
    id: o.id,
    name: o.name,
    kind: o.kind as OrgKind,
    regionCode: o.regionCode,
    regionName: names.get(o.regionCode) ?? o.regionCode,
    phone: o.phone,
    description: o.description,
    categoryCodes: (byOrg.get(o.id) ?? []).sort(),
    active: o.active,
    version: o.version,
    createdAt: o.createdAt.toISOString(),
    updatedAt: o.updatedAt.toISOString(),
  }));
}

export interface OrgFilter {
  q?: string;
  kind?: OrgKind;
  regionCode?: string;
  categoryCode?: string;
  active?: boolean;
  page?: number;
  pageSize?: number;
}

export async function listOrgs(db: DbOrTx, actor: Actor, f: OrgFilter): Promise<PageResult<OrgView>> {
  authorize(actor, 'orgs.read');
  const { page, pageSize, offset } = pageOf(f);
  const conds: (SQL | undefined)[] = [listedOrgsCondition(actor, orgs)];
  if (f.q) conds.push(ilike(orgs.name, likePattern(f.q)));
  if (f.kind) conds.push(eq(orgs.kind, f.kind));
  if (f.regionCode) conds.push(inRegion(orgs.regionCode, f.regionCode));
  if (f.active !== undefined) conds.push(eq(orgs.active, f.active));
  if (f.categoryCode) {
    // An organisation handles a category when it lists it, a parent of it, or (for a parent) one of its children.
    conds.push(
      sql`exists (select 1 from ${orgCategories} oc where oc.org_id = ${outer(orgs.id)} and (oc.category_code like ${f.categoryCode + '%'} or ${f.categoryCode} like oc.category_code || '%'))`,
    );
  }
  const where = and(...conds);
  const [rows, [{ n }]] = await Promise.all([
    db.select().from(orgs).where(where).orderBy(asc(orgs.regionCode), asc(orgs.kind), asc(orgs.name)).limit(pageSize).offset(offset),
    db.select({ n: count() }).from(orgs).where(where),
  ]);
  return { items: await views(db, rows), total: Number(n), page, pageSize };
}

export async function getOrg(db: DbOrTx, actor: Actor, id: string): Promise<OrgView> {
  authorize(actor, 'orgs.read');
  const row = await findVisible(db, actor, id);
  if (!row) throw notFound('组织机构', 'Organisation');
  return (await views(db, [row]))[0];
}

export interface OrgInput {
  name: string;
  kind: OrgKind;
  regionCode: string;
  phone?: string | null;
  description?: string | null;
  categoryCodes: string[];
}

async function checkInput(db: DbOrTx, actor: Actor, input: Partial<OrgInput>) {
  if (input.regionCode !== undefined) {
    assertAssignable(actor, input.regionCode, '所在区域', 'The region');
    if (!(await regionsService.exists(db, input.regionCode)) || input.regionCode.length === 15) {
      throw notFound(`区域 ${input.regionCode} `, `Region ${input.regionCode}`);
    }
  }
  if (input.categoryCodes?.length) {
    const unknown = await categories.unknownCodes(db, input.categoryCodes);
    if (unknown.length) throw badRequest(`未知的诉求类别 / unknown categories: ${unknown.join(', ')}`, { unknown });
  }
}

export async function createOrg(database: Database, ctx: RequestContext, input: OrgInput): Promise<OrgView> {
  authorize(ctx.actor, 'orgs.write');
  const db = database.db;
  await checkInput(db, ctx.actor, input);
  const id = randomUUID();
  const row = await db.transaction(async (tx) => {
    const [o] = await tx
      .insert(orgs)
      .values({ id, name: input.name, kind: input.kind, regionCode: input.regionCode, phone: input.phone ?? null, description: input.description ?? null })
      .onConflictDoNothing()
      .returning();
    if (!o) throw duplicate('同一区域内的组织机构', 'An organisation with this name in the region', input.name);
    if (input.categoryCodes.length) {
      await tx.insert(orgCategories).values([...new Set(input.categoryCodes)].map((categoryCode) => ({ orgId: id, categoryCode })));
    }
    await audit(tx, ctx, { action: 'org.create', targetType: 'org', targetId: id, regionCode: input.regionCode, details: { name: input.name, kind: input.kind } });
    return o;
  });
  return (await views(db, [row]))[0];
}

export async function updateOrg(
  database: Database,
  ctx: RequestContext,
  id: string,
  patch: Partial<OrgInput> & { version: number; active?: boolean },
): Promise<OrgView> {
  authorize(ctx.actor, 'orgs.write');
  const db = database.db;
  const [current] = await db.select().from(orgs).where(and(eq(orgs.id, id), editableOrgsCondition(ctx.actor, orgs)));
  if (!current) throw notFound('组织机构', 'Organisation');
  await checkInput(db, ctx.actor, patch);
  const changed: string[] = [];
  const set: Partial<typeof orgs.$inferInsert> = {};
  for (const k of ['name', 'kind', 'regionCode', 'phone', 'description', 'active'] as const) {
    if (patch[k] !== undefined && patch[k] !== current[k]) {
      (set as Record<string, unknown>)[k] = patch[k];
      changed.push(k);
    }
  }
  const row = await db.transaction(async (tx) => {
    const [o] = await tx
      .update(orgs)
      .set({ ...set, updatedAt: new Date(), version: sql`${orgs.version} + 1` })
      .where(and(eq(orgs.id, id), eq(orgs.version, patch.version)))
      .returning()
      .catch((err: unknown) => {
        if (String((err as { code?: string }).code ?? (err as { cause?: { code?: string } }).cause?.code) === '23505') {
          throw duplicate('同一区域内的组织机构', 'An organisation with this name in the region', patch.name ?? current.name);
        }
        throw err;
      });
    if (!o) throw new AppError('stale_version');
    if (patch.categoryCodes) {
      await tx.delete(orgCategories).where(eq(orgCategories.orgId, id));
      if (patch.categoryCodes.length) {
        await tx.insert(orgCategories).values([...new Set(patch.categoryCodes)].map((categoryCode) => ({ orgId: id, categoryCode })));
      }
      changed.push('categoryCodes');
    }
    await audit(tx, ctx, { action: 'org.update', targetType: 'org', targetId: id, regionCode: o.regionCode, details: { changed } });
    return o;
  });
  return (await views(db, [row]))[0];
}

/** Active organisations placed in the caller's scope. */
export async function countActiveInScope(db: DbOrTx, actor: Actor): Promise<number> {
  const [r] = await db.select({ n: count() }).from(orgs).where(and(scopeCondition(actor, orgs.regionCode), eq(orgs.active, true)));
  return Number(r.n);
}

/**
 * Organisations to suggest for an appeal: active, visible to the caller, handling its category, placed
 * at the appeal's township or above it; the nearest level first (a township centre before a county
 * department), then by name.
 */
export async function suggestFor(db: DbOrTx, actor: Actor, appeal: { regionCode: string; categoryCode: string }): Promise<OrgView[]> {
  const places = [...ancestorCodes(appeal.regionCode), appeal.regionCode].filter((c) => c.length <= 9);
  const rows = await db
    .select()
    .from(orgs)
    .where(
      and(
        visibleCondition(actor),
        eq(orgs.active, true),
        inArray(orgs.regionCode, places),
        sql`exists (select 1 from ${orgCategories} oc where oc.org_id = ${outer(orgs.id)} and (oc.category_code like ${appeal.categoryCode + '%'} or ${appeal.categoryCode} like oc.category_code || '%'))`,
      ),
    )
    .orderBy(sql`length(${orgs.regionCode}) desc`, asc(orgs.name))
    .limit(20);
  return views(db, rows);
}

