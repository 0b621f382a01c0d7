import { and, asc, count, eq, inArray, like, or, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { assertInScope, authorize, inRegion, scopeCondition, type Actor } from '../../platform/access.js';
import { inValues, likePattern, outer, type DbOrTx } from '../../platform/db.js';
import { AppError, notFound } from '../../platform/errors.js';
import { gridVisible } from '../../platform/access/grids.js';
import { pageOf, type PageResult } from '../../platform/schemas.js';
import { namesOf } from '../regions/regions.service.js';
import { accounts } from '../users/users.repo.js';
import { bumpGridRevision } from './grids.locate.js';
import { gridWorkers, grids, type Polygon } from './grids.tables.js';

interface GridWorkerView {
  userId: string;
  username: string;
  displayName: string;
  kind: string;
}

export interface GridView {
  code: string;
  name: string;
  villageCode: string;
  kind: string;
  subKind: string | null;
  partyOrgName: string | null;
  partyOrgKind: string | null;
  status: string;
  retiredInto: string | null;
  version: number;
  centroid: [number, number];
  bbox: [number, number, number, number];
  workers: GridWorkerView[];
}

type GridRow = typeof grids.$inferSelect;

async function workersOf(db: DbOrTx, codes: string[]): Promise<Map<string, GridWorkerView[]>> {
  const out = new Map<string, GridWorkerView[]>();
  if (!codes.length) return out;
  const users = accounts(db);
  const rows = await db
    .select({ gridCode: gridWorkers.gridCode, userId: users.id, username: users.username, displayName: users.displayName, kind: gridWorkers.kind })
    .from(gridWorkers)
    .innerJoin(users, eq(users.id, gridWorkers.userId))
    .where(inArray(gridWorkers.gridCode, codes))
    .orderBy(asc(users.username));
  for (const r of rows) out.set(r.gridCode, [...(out.get(r.gridCode) ?? []), { userId: r.userId, username: r.username, displayName: r.displayName, kind: r.kind }]);
  return out;
}

async function views(db: DbOrTx, rows: GridRow[]): Promise<GridView[]> {
  const workers = await workersOf(db, rows.map((r) => r.code));
  return rows.map((g) => ({
    code: g.code,
    name: g.name,
    villageCode: g.villageCode,
    kind: g.kind,
    subKind: g.subKind,
    partyOrgName: g.partyOrgName,
    partyOrgKind: g.partyOrgKind,
    status: g.status,
    retiredInto: g.retiredInto,
    version: g.version,
    centroid: [g.centroidLon, g.centroidLat],
    bbox: [g.minLon, g.minLat, g.maxLon, g.maxLat],
    workers: workers.get(g.code) ?? [],
  }));
}

export interface GridFilter {
  within?: string;
  q?: string;
  kind?: string;
  /** active (default) | retired | all */
  status?: string;
  page?: number;
  pageSize?: number;
}

export async function listGrids(db: DbOrTx, actor: Actor, f: GridFilter): Promise<PageResult<GridView>> {
  authorize(actor, 'grids.read');
  if (f.within) assertInScope(actor, f.within, '区域', 'Region');
  const { page, pageSize, offset } = pageOf(f);
  const conds: (SQL | undefined)[] = [scopeCondition(actor, grids.code)];
  if (f.within) conds.push(inRegion(grids.code, f.within));
  if (f.q) conds.push(or(like(grids.name, likePattern(f.q)), like(grids.code, `${f.q.replace(/\D/g, '')}%`)));
  if (f.kind) conds.push(eq(grids.kind, f.kind));
  if (f.status !== 'all') conds.push(eq(grids.status, f.status ?? 'active'));
  const where = and(...conds);
  const [rows, [{ n }]] = await Promise.all([
    db.select().from(grids).where(where).orderBy(asc(grids.code)).limit(pageSize).offset(offset),
    db.select({ n: count() }).from(grids).where(where),
  ]);
  return { items: await views(db, rows), total: Number(n), page, pageSize };
}

export async function getGrid(db: DbOrTx, actor: Actor, code: string): Promise<GridView & { polygon: Polygon }> {
  authorize(actor, 'grids.read');
  assertInScope(actor, code, '网格', 'Grid');
  const [row] = await db.select().from(grids).where(eq(grids.code, code));
  if (!row) throw notFound('网格', 'Grid');
  return { ...(await views(db, [row]))[0], polygon: row.polygon };
}

const MAX_FEATURES = 5000;

/** The grids under a region as GeoJSON, for the console's maps (no online tiles). */
export async function gridsGeoJson(db: DbOrTx, actor: Actor, within: string) {
  authorize(actor, 'grids.read');
  assertInScope(actor, within, '区域', 'Region');
  const rows = await db
    .select({ code: grids.code, name: grids.name, villageCode: grids.villageCode, kind: grids.kind, polygon: grids.polygon })
    .from(grids)
    .where(and(inRegion(grids.code, within), scopeCondition(actor, grids.code), eq(grids.status, 'active')))
    .orderBy(asc(grids.code))
    .limit(MAX_FEATURES + 1);
  const shown = rows.slice(0, MAX_FEATURES);
  // The communities' names label the map beside the grids'.
  const villages = await namesOf(db, new Set(shown.map((r) => r.villageCode)));
  return {
    type: 'FeatureCollection' as const,
    truncated: rows.length > MAX_FEATURES,
    features: shown.map((r) => ({
      type: 'Feature' as const,
      id: r.code,
      properties: { code: r.code, name: r.name, villageCode: r.villageCode, villageName: villages.get(r.villageCode) ?? r.villageCode, kind: r.kind },
      geometry: r.polygon,
    })),
  };
}

export function bboxOf(polygon: Polygon) {
  let minLon = Infinity;
  let minLat = Infinity;
  let maxLon = -Infinity;
  let maxLat = -Infinity;
  for (const [lon, lat] of polygon.coordinates[0]) {
    minLon = Math.min(minLon, lon);
    maxLon = Math.max(maxLon, lon);
    minLat = Math.min(minLat, lat);
    maxLat = Math.max(maxLat, lat);
  }
  return { minLon, minLat, maxLon, maxLat };
}

/** Area-weighted centroid of the outer ring (shoelace). */
function centroidOf(polygon: Polygon): [number, number] {
  const ring = polygon.coordinates[0];
  let a = 0;
  let cx = 0;
  let cy = 0;
  for (let i = 0; i < ring.length - 1; i++) {
    const [x0, y0] = ring[i];
    const [x1, y1] = ring[i + 1];
    const f = x0 * y1 - x1 * y0;
    a += f;
    cx += (x0 + x1) * f;
    cy += (y0 + y1) * f;
  }
  if (a === 0) return ring[0] as [number, number];
  return [cx / (3 * a), cy / (3 * a)];
}

export function gridRow(input: {
  code: string;
  name: string;
  villageCode: string;
  kind?: string;
  subKind?: string | null;
  partyOrgName?: string | null;
  partyOrgKind?: string | null;
  polygon: Polygon;
}): typeof grids.$inferInsert {
  const [centroidLon, centroidLat] = centroidOf(input.polygon);
  return { ...input, kind: input.kind ?? 'basic', ...bboxOf(input.polygon), centroidLon, centroidLat };
}

/** Bulk insert for the generator and imports; existing codes are left as they are. */
export async function insertGrids(db: DbOrTx, rows: (typeof grids.$inferInsert)[]): Promise<number> {
  if (!rows.length) return 0;
  const r = await db.insert(grids).values(rows).onConflictDoNothing().returning({ code: grids.code });
  if (r.length) await bumpGridRevision(db);
  return r.length;
}

export async function assignWorkers(db: DbOrTx, rows: { gridCode: string; userId: string; kind: string }[]): Promise<void> {
  if (!rows.length) return;
  await db.insert(gridWorkers).values(rows).onConflictDoNothing();
}

/** The grid must exist, be active and lie in the caller's grid scope; else 404 (409 when retired). */
export async function assertGridWritable(db: DbOrTx, actor: Actor, gridCode: string): Promise<void> {
  if (!(await gridVisible(db, actor, gridCode))) throw notFound(`网格 ${gridCode} `, `Grid ${gridCode}`);
  const [g] = await db.select({ status: grids.status }).from(grids).where(eq(grids.code, gridCode));
  if (!g) throw notFound(`网格 ${gridCode} `, `Grid ${gridCode}`);
  if (g.status !== 'active') throw new AppError('conflict', { reason: `网格 ${gridCode} 已撤销`, reasonEn: `Grid ${gridCode} is retired` });
}

/** Which of these codes are active grids, unscoped: the caller checks scope on the answer. */
export async function activeGridCodes(db: DbOrTx, codes: string[]): Promise<string[]> {
  if (!codes.length) return [];
  // One array parameter however many codes (an import's chunk asks for hundreds at once).
  const rows = await db.select({ code: grids.code }).from(grids).where(and(inValues(grids.code, codes), eq(grids.status, 'active')));
  return rows.map((r) => r.code);
}

/** Grid names by code, unscoped: for labelling records the caller already sees. */
export async function gridNamesOf(db: DbOrTx, codes: string[]): Promise<Map<string, string>> {
  const unique = [...new Set(codes)];
  if (!unique.length) return new Map();
  const rows = await db.select({ code: grids.code, name: grids.name }).from(grids).where(inArray(grids.code, unique));
  return new Map(rows.map((g) => [g.code, g.name]));
}

/** A grid's name as an SQL expression, for a list that labels its rows in the statement that reads them. */
export function gridNameSql(code: AnyPgColumn): SQL<string | null> {
  return sql<string | null>`(select ${grids.name} from ${grids} where ${grids.code} = ${outer(code)})`;
}

/** The names of the grids under `area` (any grid, retired too, as `namesOf` names them), read by range. */
export async function gridNamesUnder(db: DbOrTx, area: string): Promise<Map<string, string>> {
  const rows = await db.select({ code: grids.code, name: grids.name }).from(grids).where(inRegion(grids.code, area));
  return new Map(rows.map((g) => [g.code, g.name]));
}

/** Active grids a worker is assigned to, in code order; `kinds` keeps only those assignment kinds. */
export async function assignedGrids(db: DbOrTx, userId: string, kinds?: readonly string[]): Promise<string[]> {
  const rows = await db
    .select({ code: gridWorkers.gridCode })
    .from(gridWorkers)
    .innerJoin(grids, eq(grids.code, gridWorkers.gridCode))
    .where(and(sql`${gridWorkers.userId}::text = ${userId}`, eq(grids.status, 'active'), kinds ? inArray(gridWorkers.kind, [...kinds]) : undefined))
    .orderBy(asc(gridWorkers.gridCode));
  return rows.map((r) => r.code);
}

export async function workerIdsOf(db: DbOrTx, gridCode: string): Promise<string[]> {
  const rows = await db.select({ userId: gridWorkers.userId }).from(gridWorkers).where(eq(gridWorkers.gridCode, gridCode));
  return rows.map((r) => r.userId);
}

export interface Assignment {
  userId: string;
  gridCode: string;
  /** The worker's display name. */
  name: string;
}

/**
 * The assignments of some kinds held by enabled accounts, in grid order, then by worker: who gets daily
 * visit plans and who answers for them. `area` keeps one region subtree; `scope` the caller's;
 * `activeGrids` drops retired grids.
 */
export async function assignments(db: DbOrTx, opts: { kinds: readonly string[]; area?: string; scope?: Actor; activeGrids?: boolean }): Promise<Assignment[]> {
  const users = accounts(db);
  const q = db
    .select({ userId: gridWorkers.userId, gridCode: gridWorkers.gridCode, name: users.displayName })
    .from(gridWorkers)
    .innerJoin(users, and(eq(users.id, gridWorkers.userId), eq(users.disabled, false)));
  const where = and(
    inArray(gridWorkers.kind, [...opts.kinds]),
    opts.area !== undefined ? inRegion(gridWorkers.gridCode, opts.area) : undefined,
    opts.scope ? scopeCondition(opts.scope, gridWorkers.gridCode) : undefined,
  );
  const rows = opts.activeGrids
    ? q.innerJoin(grids, and(eq(grids.code, gridWorkers.gridCode), eq(grids.status, 'active'))).where(where)
    : q.where(where);
  return rows.orderBy(asc(gridWorkers.gridCode), asc(gridWorkers.userId));
}


/**
 * The extent of the active grids in the caller's scope (under `within` when given), from their
 * bounding-box columns; null when there are none. No grid is named: it frames maps and heat maps.
 */
export async function gridBounds(db: DbOrTx, actor: Actor, within: string | null): Promise<{ west: number; south: number; east: number; north: number } | null> {
  const [b] = await db
    .select({
      west: sql<number | null>`min(${grids.minLon})`,
      south: sql<number | null>`min(${grids.minLat})`,
      east: sql<number | null>`max(${grids.maxLon})`,
      north: sql<number | null>`max(${grids.maxLat})`,
    })
    .from(grids)
    .where(and(eq(grids.status, 'active'), scopeCondition(actor, grids.code), within ? inRegion(grids.code, within) : undefined));
  if (!b || b.west === null || b.south === null || b.east === null || b.north === null) return null;
  return { west: Number(b.west), south: Number(b.south), east: Number(b.east), north: Number(b.north) };
}
