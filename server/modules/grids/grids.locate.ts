/**
 * Which grid a point lies in: an in-memory index of the active grids' outlines by 0.01° tile, per
 * database, reloaded when the grid revision moves on (grid edits bump it in their transaction).
 */
import { and, asc, eq, gte, lte, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db.js';
import { gridRevision, grids, type Polygon } from './grids.tables.js';

/** Records that grid outlines changed (in the writer's transaction). */
export async function bumpGridRevision(db: DbOrTx): Promise<void> {
  await db
    .insert(gridRevision)
    .values({ id: 1, revision: 1 })
    .onConflictDoUpdate({ target: gridRevision.id, set: { revision: sql`${gridRevision.revision} + 1` } });
}

async function currentRevision(db: DbOrTx): Promise<number> {
  const [r] = await db.select({ revision: gridRevision.revision }).from(gridRevision).where(eq(gridRevision.id, 1));
  return Number(r?.revision ?? 0);
}

/** Tiles per degree: 0.01° tiles, about 1 km. */
const TILES_PER_DEGREE = 100;
/** How often a server asks whether grids changed elsewhere (another instance). */
const REVISION_CHECK_MS = 1000;

interface IndexedGrid {
  code: string;
  name: string;
  villageCode: string;
  polygon: Polygon;
  minLon: number;
  minLat: number;
  maxLon: number;
  maxLat: number;
}

interface GridIndex {
  revision: number;
  checkedAt: number;
  tiles: Map<number, IndexedGrid[]>;
  loading?: Promise<void>;
}

const tileKey = (tx: number, ty: number) => tx * 100_000 + ty;
const indexes = new WeakMap<object, GridIndex>();

async function loadIndex(db: DbOrTx, index: GridIndex): Promise<void> {
  const revision = await currentRevision(db);
  const rows = await db
    .select({ code: grids.code, name: grids.name, villageCode: grids.villageCode, polygon: grids.polygon, minLon: grids.minLon, minLat: grids.minLat, maxLon: grids.maxLon, maxLat: grids.maxLat })
    .from(grids)
    .where(eq(grids.status, 'active'))
    .orderBy(asc(grids.code));
  const tiles = new Map<number, IndexedGrid[]>();
  for (const g of rows) {
    for (let tx = Math.floor(g.minLon * TILES_PER_DEGREE); tx <= Math.floor(g.maxLon * TILES_PER_DEGREE); tx++) {
      for (let ty = Math.floor(g.minLat * TILES_PER_DEGREE); ty <= Math.floor(g.maxLat * TILES_PER_DEGREE); ty++) {
        const k = tileKey(tx, ty);
        const list = tiles.get(k);
        if (list) list.push(g);
        else tiles.set(k, [g]);
      }
    }
  }
  Object.assign(index, { revision, tiles, checkedAt: Date.now() });
}

/** The in-memory index for a database, reloaded when the grid revision moved on. */
async function gridIndex(db: DbOrTx): Promise<GridIndex> {
  let index = indexes.get(db);
  if (!index) {
    index = { revision: -1, checkedAt: 0, tiles: new Map() };
    indexes.set(db, index);
  }
  if (Date.now() - index.checkedAt > REVISION_CHECK_MS) {
    index.loading ??= (async () => {
      try {
        if (index.revision === -1 || (await currentRevision(db)) !== index.revision) await loadIndex(db, index);
        else index.checkedAt = Date.now();
      } finally {
        index.loading = undefined;
      }
    })();
    await index.loading;
  }
  return index;
}

/** Forgets the index so the next lookup reloads it (after this server changed grids). */
export function invalidateGridIndex(db: DbOrTx): void {
  indexes.delete(db);
}

/** Ray casting on the outer ring (GeoJSON [lon, lat]). */
export function pointInPolygon(lon: number, lat: number, polygon: Polygon): boolean {
  const ring = polygon.coordinates[0];
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/**
 * The grid containing a point, or null when it lies outside every grid (the township then places it
 * by hand). Looks up the point's 0.01° tile in an in-memory index of the active grids (reloaded when
 * the grid revision changes, checked at most once a second), then tests the few outlines there.
 * Unscoped: callers decide what the caller may see of the answer.
 */
export async function gridAt(db: DbOrTx, lon: number, lat: number): Promise<{ code: string; name: string; villageCode: string } | null> {
  if (!Number.isFinite(lon) || !Number.isFinite(lat)) return null;
  // Inside a transaction the caller may have just changed grids: ask the database itself.
  if ('rollback' in db) {
    const candidates = await db
      .select({ code: grids.code, name: grids.name, villageCode: grids.villageCode, polygon: grids.polygon })
      .from(grids)
      .where(and(eq(grids.status, 'active'), lte(grids.minLon, lon), gte(grids.maxLon, lon), lte(grids.minLat, lat), gte(grids.maxLat, lat)))
      .orderBy(asc(grids.code));
    const hit = candidates.find((c) => pointInPolygon(lon, lat, c.polygon));
    return hit ? { code: hit.code, name: hit.name, villageCode: hit.villageCode } : null;
  }
  const index = await gridIndex(db);
  const list = index.tiles.get(tileKey(Math.floor(lon * TILES_PER_DEGREE), Math.floor(lat * TILES_PER_DEGREE))) ?? [];
  const hit = list.find((g) => g.minLon <= lon && lon <= g.maxLon && g.minLat <= lat && lat <= g.maxLat && pointInPolygon(lon, lat, g.polygon));
  return hit ? { code: hit.code, name: hit.name, villageCode: hit.villageCode } : null;
}
