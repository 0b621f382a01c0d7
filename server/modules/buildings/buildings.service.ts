/**
 * Compounds (小区) and buildings (楼栋), numbered within their grid. Reads go through the caller's grid
 * scope (platform/access/buildings.ts); writes need the grid itself in scope and active. How many
 * households and residents a building has comes from the households module (buildings.residents.ts).
 */
import { randomUUID } from 'node:crypto';
import { and, asc, count, eq, inArray, max, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { authorize, type Actor } from '../../platform/access.js';
import { buildingsVisible } from '../../platform/access/buildings.js';
import { audit, type RequestContext } from '../../platform/audit.js';
import { outer, type Database, type DbOrTx } from '../../platform/db.js';
import { AppError, duplicate, notFound } from '../../platform/errors.js';
import { bulkInsert } from '../../platform/bulk.js';
import { changedFields } from '../../platform/patch.js';
import { pageOf, type PageResult } from '../../platform/schemas.js';
import { assertGridWritable } from '../grids/grids.service.js';
import { findById as findUserById } from '../users/users.repo.js';
import { displayNamesOf } from '../users/users.service.js';
import { buildings, compounds } from './buildings.tables.js';

export interface CompoundView {
  id: string;
  gridCode: string;
  seq: number;
  name: string;
  propertyCompany: string | null;
  propertyPhone: string | null;
  responsibleUserId: string | null;
  responsibleName: string | null;
  version: number;
}

export interface BuildingView {
  id: string;
  gridCode: string;
  seq: number;
  /** Grid code + building number, e.g. 360802004002001-B003. */
  code: string;
  name: string;
  compoundId: string | null;
  compoundName: string | null;
  units: number | null;
  floors: number | null;
  propertyCompany: string | null;
  responsibleUserId: string | null;
  responsibleName: string | null;
  lon: number | null;
  lat: number | null;
  version: number;
}

type BuildingRow = typeof buildings.$inferSelect;
type CompoundRow = typeof compounds.$inferSelect;

const buildingCode = (gridCode: string, seq: number) => `${gridCode}-B${String(seq).padStart(3, '0')}`;

function userNames(db: DbOrTx, ids: (string | null)[]): Promise<Map<string, string>> {
  return displayNamesOf(db, ids.filter((x): x is string => !!x));
}

async function buildingViews(db: DbOrTx, rows: BuildingRow[]): Promise<BuildingView[]> {
  const compoundIds = [...new Set(rows.map((r) => r.compoundId).filter((x): x is string => !!x))];
  const cs = compoundIds.length ? await db.select().from(compounds).where(inArray(compounds.id, compoundIds)) : [];
  const byId = new Map(cs.map((c) => [c.id, c]));
  const names = await userNames(db, rows.map((r) => r.responsibleUserId));
  return rows.map((b) => {
    const c = b.compoundId ? byId.get(b.compoundId) : undefined;
    return {
      id: b.id,
      gridCode: b.gridCode,
      seq: b.seq,
      code: buildingCode(b.gridCode, b.seq),
      name: b.name,
      compoundId: b.compoundId,
      compoundName: c?.name ?? null,
      units: b.units,
      floors: b.floors,
      // A building without its own property company is managed by its compound's.
      propertyCompany: b.propertyCompany ?? c?.propertyCompany ?? null,
      responsibleUserId: b.responsibleUserId,
      responsibleName: b.responsibleUserId ? names.get(b.responsibleUserId) ?? null : null,
      lon: b.lon,
      lat: b.lat,
      version: b.version,
    };
  });
}

async function compoundViews(db: DbOrTx, rows: CompoundRow[]): Promise<CompoundView[]> {
  const names = await userNames(db, rows.map((r) => r.responsibleUserId));
  return rows.map((c) => ({
    id: c.id,
    gridCode: c.gridCode,
    seq: c.seq,
    name: c.name,
    propertyCompany: c.propertyCompany,
    propertyPhone: c.propertyPhone,
    responsibleUserId: c.responsibleUserId,
    responsibleName: c.responsibleUserId ? names.get(c.responsibleUserId) ?? null : null,
    version: c.version,
  }));
}

/** A responsible person must be an account whose scope covers the grid. */
async function checkResponsible(db: DbOrTx, gridCode: string, userId: string | null | undefined, field: string): Promise<void> {
  if (!userId) return;
  const u = await findUserById(db, userId);
  if (!u || !gridCode.startsWith(u.regionCode)) throw new AppError('unknown_value', { field, value: userId });
}

export interface BuildingFilter {
  gridCode?: string;
  compoundId?: string;
  page?: number;
  pageSize?: number;
}

export async function listBuildings(db: DbOrTx, actor: Actor, f: BuildingFilter): Promise<PageResult<BuildingView>> {
  authorize(actor, 'buildings.read');
  const { page, pageSize, offset } = pageOf(f);
  const conds: (SQL | undefined)[] = [buildingsVisible(actor, buildings.gridCode)];
  if (f.gridCode) conds.push(eq(buildings.gridCode, f.gridCode));
  if (f.compoundId) conds.push(eq(buildings.compoundId, f.compoundId));
  const where = and(...conds);
  const [rows, [{ n }]] = await Promise.all([
    db.select().from(buildings).where(where).orderBy(asc(buildings.gridCode), asc(buildings.seq)).limit(pageSize).offset(offset),
    db.select({ n: count() }).from(buildings).where(where),
  ]);
  return { items: await buildingViews(db, rows), total: Number(n), page, pageSize };
}

export async function findBuilding(db: DbOrTx, actor: Actor, id: string): Promise<BuildingRow> {
  const [row] = await db
    .select()
    .from(buildings)
    .where(and(eq(buildings.id, id), buildingsVisible(actor, buildings.gridCode)));
  if (!row) throw notFound('楼栋', 'Building');
  return row;
}

export async function getBuilding(db: DbOrTx, actor: Actor, id: string): Promise<BuildingView> {
  authorize(actor, 'buildings.read');
  return (await buildingViews(db, [await findBuilding(db, actor, id)]))[0];
}

/**
 * A building's code (`<grid>-B001`) as an SQL expression over its id, for a list that labels its rows
 * in the statement that reads them (null without a building).
 */
export function buildingCodeSql(id: AnyPgColumn): SQL<string | null> {
  // buildingCode's format: the sequence padded to three digits, never cut.
  return sql<string | null>`(select ${buildings.gridCode} || '-B' || lpad(${buildings.seq}::text, greatest(3, length(${buildings.seq}::text)), '0') from ${buildings} where ${buildings.id} = ${outer(id)})`;
}

export async function buildingsByIds(db: DbOrTx, ids: string[]): Promise<Map<string, BuildingView>> {
  if (!ids.length) return new Map();
  const rows = await db.select().from(buildings).where(inArray(buildings.id, [...new Set(ids)]));
  return new Map((await buildingViews(db, rows)).map((b) => [b.id, b]));
}

export async function nextSeq(db: DbOrTx, table: typeof buildings | typeof compounds, gridCode: string): Promise<number> {
  const [r] = await db.select({ m: max(table.seq) }).from(table).where(eq(table.gridCode, gridCode));
  return (r?.m ?? 0) + 1;
}

export interface BuildingInput {
  gridCode: string;
  name: string;
  compoundId?: string | null;
  units?: number | null;
  floors?: number | null;
  propertyCompany?: string | null;
  responsibleUserId?: string | null;
  lon?: number | null;
  lat?: number | null;
}

async function checkCompound(db: DbOrTx, gridCode: string, compoundId: string | null | undefined) {
  if (!compoundId) return;
  const [c] = await db.select({ gridCode: compounds.gridCode }).from(compounds).where(eq(compounds.id, compoundId));
  if (!c || c.gridCode !== gridCode) throw new AppError('unknown_value', { field: 'body.compoundId', value: compoundId });
}

export async function createBuilding(database: Database, ctx: RequestContext, input: BuildingInput): Promise<BuildingView> {
  authorize(ctx.actor, 'buildings.write');
  const db = database.db;
  await assertGridWritable(db, ctx.actor, input.gridCode);
  await checkCompound(db, input.gridCode, input.compoundId);
  await checkResponsible(db, input.gridCode, input.responsibleUserId, 'body.responsibleUserId');
  const row = await db.transaction(async (tx) => {
    const b = await insertBuilding(tx, input);
    await audit(tx, ctx, { action: 'building.create', targetType: 'building', targetId: b.id, regionCode: b.gridCode, details: { seq: b.seq } });
    return b;
  });
  return (await buildingViews(db, [row]))[0];
}

/** Inserts a building with the next number in its grid (imports call it inside their transaction). */
async function insertBuilding(tx: DbOrTx, input: BuildingInput): Promise<BuildingRow> {
  const [existing] = await tx
    .select({ id: buildings.id })
    .from(buildings)
    .where(and(eq(buildings.gridCode, input.gridCode), eq(buildings.name, input.name), input.compoundId ? eq(buildings.compoundId, input.compoundId) : sql`${buildings.compoundId} is null`));
  if (existing) throw duplicate('同一网格内的楼栋', 'A building with this name in the grid', input.name);
  const [b] = await tx
    .insert(buildings)
    .values({
      id: randomUUID(),
      gridCode: input.gridCode,
      seq: await nextSeq(tx, buildings, input.gridCode),
      compoundId: input.compoundId ?? null,
      name: input.name,
      units: input.units ?? null,
      floors: input.floors ?? null,
      propertyCompany: input.propertyCompany ?? null,
      responsibleUserId: input.responsibleUserId ?? null,
      lon: input.lon ?? null,
      lat: input.lat ?? null,
    })
    .returning();
  return b;
}

export async function updateBuilding(
  database: Database,
  ctx: RequestContext,
  id: string,
  patch: Partial<Omit<BuildingInput, 'gridCode'>> & { version: number },
): Promise<BuildingView> {
  authorize(ctx.actor, 'buildings.write');
  const db = database.db;
  const current = await findBuilding(db, ctx.actor, id);
  await checkCompound(db, current.gridCode, patch.compoundId);
  await checkResponsible(db, current.gridCode, patch.responsibleUserId, 'body.responsibleUserId');
  const { set, changed } = changedFields(current, patch, ['name', 'compoundId', 'units', 'floors', 'propertyCompany', 'responsibleUserId', 'lon', 'lat'] as const);
  const row = await db.transaction(async (tx) => {
    const [b] = await tx
      .update(buildings)
      .set({ ...set, updatedAt: new Date(), version: sql`${buildings.version} + 1` })
      .where(and(eq(buildings.id, id), eq(buildings.version, patch.version)))
      .returning();
    if (!b) throw new AppError('stale_version');
    await audit(tx, ctx, { action: 'building.update', targetType: 'building', targetId: id, regionCode: b.gridCode, details: { changed } });
    return b;
  });
  return (await buildingViews(db, [row]))[0];
}

export async function listCompounds(db: DbOrTx, actor: Actor, gridCode: string | undefined): Promise<CompoundView[]> {
  authorize(actor, 'buildings.read');
  const rows = await db
    .select()
    .from(compounds)
    .where(and(buildingsVisible(actor, compounds.gridCode), gridCode ? eq(compounds.gridCode, gridCode) : undefined))
    .orderBy(asc(compounds.gridCode), asc(compounds.seq))
    .limit(1000);
  return compoundViews(db, rows);
}

export interface CompoundInput {
  gridCode: string;
  name: string;
  propertyCompany?: string | null;
  propertyPhone?: string | null;
  responsibleUserId?: string | null;
}

export async function createCompound(database: Database, ctx: RequestContext, input: CompoundInput): Promise<CompoundView> {
  authorize(ctx.actor, 'buildings.write');
  const db = database.db;
  await assertGridWritable(db, ctx.actor, input.gridCode);
  await checkResponsible(db, input.gridCode, input.responsibleUserId, 'body.responsibleUserId');
  const row = await db.transaction(async (tx) => {
    const c = await insertCompound(tx, input);
    await audit(tx, ctx, { action: 'compound.create', targetType: 'compound', targetId: c.id, regionCode: c.gridCode, details: { seq: c.seq } });
    return c;
  });
  return (await compoundViews(db, [row]))[0];
}

async function insertCompound(tx: DbOrTx, input: CompoundInput): Promise<CompoundRow> {
  const [existing] = await tx
    .select({ id: compounds.id })
    .from(compounds)
    .where(and(eq(compounds.gridCode, input.gridCode), eq(compounds.name, input.name)));
  if (existing) throw duplicate('同一网格内的小区', 'A compound with this name in the grid', input.name);
  const [c] = await tx
    .insert(compounds)
    .values({
      id: randomUUID(),
      gridCode: input.gridCode,
      seq: await nextSeq(tx, compounds, input.gridCode),
      name: input.name,
      propertyCompany: input.propertyCompany ?? null,
      propertyPhone: input.propertyPhone ?? null,
      responsibleUserId: input.responsibleUserId ?? null,
    })
    .returning();
  return c;
}

export async function updateCompound(
  database: Database,
  ctx: RequestContext,
  id: string,
  patch: Partial<Omit<CompoundInput, 'gridCode'>> & { version: number },
): Promise<CompoundView> {
  authorize(ctx.actor, 'buildings.write');
  const db = database.db;
  const [current] = await db.select().from(compounds).where(and(eq(compounds.id, id), buildingsVisible(ctx.actor, compounds.gridCode)));
  if (!current) throw notFound('小区', 'Compound');
  await checkResponsible(db, current.gridCode, patch.responsibleUserId, 'body.responsibleUserId');
  const { set, changed } = changedFields(current, patch, ['name', 'propertyCompany', 'propertyPhone', 'responsibleUserId'] as const);
  const row = await db.transaction(async (tx) => {
    const [c] = await tx
      .update(compounds)
      .set({ ...set, updatedAt: new Date(), version: sql`${compounds.version} + 1` })
      .where(and(eq(compounds.id, id), eq(compounds.version, patch.version)))
      .returning();
    if (!c) throw new AppError('stale_version');
    await audit(tx, ctx, { action: 'compound.update', targetType: 'compound', targetId: id, regionCode: c.gridCode, details: { changed } });
    return c;
  });
  return (await compoundViews(db, [row]))[0];
}

// ---------------------------------------------------------------------------------------------
// Bulk paths (household import and export)

/**
 * The buildings (and compounds) an import's urban addresses name, by grid and name, created when
 * missing with the next numbers in their grid: two queries to read, two to write, per call (an import's chunk).
 */
export async function ensureBuildings(tx: DbOrTx, planned: { gridCode: string; compound: string; building: string }[]): Promise<Map<string, { id: string; name: string; compoundName: string | null }>> {
  const out = new Map<string, { id: string; name: string; compoundName: string | null }>();
  if (!planned.length) return out;
  const gridCodes = [...new Set(planned.map((h) => h.gridCode))];
  const cs = await tx.select({ id: compounds.id, gridCode: compounds.gridCode, name: compounds.name, seq: compounds.seq }).from(compounds).where(inArray(compounds.gridCode, gridCodes));
  const bs = await tx.select({ id: buildings.id, gridCode: buildings.gridCode, name: buildings.name, seq: buildings.seq, compoundId: buildings.compoundId }).from(buildings).where(inArray(buildings.gridCode, gridCodes));
  const maxSeq = (rows: { gridCode: string; seq: number }[]) => {
    const m = new Map<string, number>();
    for (const r of rows) m.set(r.gridCode, Math.max(m.get(r.gridCode) ?? 0, r.seq));
    return m;
  };
  const compoundSeq = maxSeq(cs);
  const buildingSeq = maxSeq(bs);
  const compoundId = new Map(cs.map((c) => [`${c.gridCode}:${c.name}`, c.id]));
  const buildingId = new Map(bs.map((b) => [`${b.gridCode}:${b.compoundId ?? ''}:${b.name}`, b.id]));
  const newCompounds: (typeof compounds.$inferInsert)[] = [];
  const newBuildings: (typeof buildings.$inferInsert)[] = [];
  for (const h of planned) {
    const k = `${h.gridCode}:${h.compound}:${h.building}`;
    if (out.has(k)) continue;
    let cid: string | null = null;
    if (h.compound) {
      cid = compoundId.get(`${h.gridCode}:${h.compound}`) ?? null;
      if (!cid) {
        cid = randomUUID();
        const seq = (compoundSeq.get(h.gridCode) ?? 0) + 1;
        compoundSeq.set(h.gridCode, seq);
        compoundId.set(`${h.gridCode}:${h.compound}`, cid);
        newCompounds.push({ id: cid, gridCode: h.gridCode, seq, name: h.compound });
      }
    }
    let bid = buildingId.get(`${h.gridCode}:${cid ?? ''}:${h.building}`);
    if (!bid) {
      bid = randomUUID();
      const seq = (buildingSeq.get(h.gridCode) ?? 0) + 1;
      buildingSeq.set(h.gridCode, seq);
      buildingId.set(`${h.gridCode}:${cid ?? ''}:${h.building}`, bid);
      newBuildings.push({ id: bid, gridCode: h.gridCode, seq, compoundId: cid, name: h.building });
    }
    out.set(k, { id: bid, name: h.building, compoundName: h.compound || null });
  }
  await bulkInsert(tx, compounds, newCompounds);
  await bulkInsert(tx, buildings, newBuildings);
  return out;
}

/** Building and compound names by building id, unscoped: for labelling rows the caller already sees. */
export async function buildingLabels(db: DbOrTx, ids: string[]): Promise<Map<string, { name: string; compound: string | null }>> {
  const unique = [...new Set(ids)];
  if (!unique.length) return new Map();
  const rows = await db.select({ id: buildings.id, name: buildings.name, compound: compounds.name }).from(buildings).leftJoin(compounds, sql`${compounds.id} = ${buildings.compoundId}`).where(inArray(buildings.id, unique));
  return new Map(rows.map((b) => [b.id, { name: b.name, compound: b.compound }]));
}

/** Buildings' and compounds' names by id (the audit log names its entries' objects so). */
export async function buildingNamesOf(db: DbOrTx, ids: string[]): Promise<Map<string, string>> {
  if (!ids.length) return new Map();
  const rows = await db.select({ id: buildings.id, name: buildings.name }).from(buildings).where(inArray(buildings.id, ids));
  return new Map(rows.map((r) => [r.id, r.name]));
}

export async function compoundNamesOf(db: DbOrTx, ids: string[]): Promise<Map<string, string>> {
  if (!ids.length) return new Map();
  const rows = await db.select({ id: compounds.id, name: compounds.name }).from(compounds).where(inArray(compounds.id, ids));
  return new Map(rows.map((r) => [r.id, r.name]));
}
