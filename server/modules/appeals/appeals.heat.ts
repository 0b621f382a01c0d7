import { and, inArray, isNotNull, isNull, sql } from 'drizzle-orm';
import { assertInScope, authorize, inRegion, type Actor } from '../../platform/access.js';
import { visibleAppeals } from '../../platform/access/appeals.js';
import type { DbOrTx } from '../../platform/db.js';
import { gridBounds } from '../grids/grids.service.js';
import { appeals } from './appeals.tables.js';
import { OPEN_STATUSES } from './appeals.workflow.js';

/** The smallest cell side, in degrees of latitude (≈ 220 m): a cell never points at one doorway. */
const MIN_CELL_DEGREES = 0.002;
export const DEFAULT_HEAT_SIZE = 32;
export const MAX_HEAT_SIZE = 64;

interface HeatMap {
  within: string | null;
  /** The area the cells cover: the extent of the area's grids (of the appeals' points when it has none). */
  bounds: { west: number; south: number; east: number; north: number } | null;
  cellLon: number;
  cellLat: number;
  cols: number;
  rows: number;
  /** Non-empty cells only, each by its south-west corner. */
  cells: { col: number; row: number; lon: number; lat: number; count: number }[];
  max: number;
  /** Open appeals with coordinates inside the bounds (the cells' sum). */
  located: number;
  /** Open appeals with coordinates outside the bounds (a point outside every grid). */
  outside: number;
  /** Open appeals registered without coordinates (placed by grid or township only). */
  unlocated: number;
}

/**
 * 诉求热力图: the caller's visible open appeals counted on a lattice of square cells (at most
 * `size` along the longer side, never smaller than MIN_CELL_DEGREES), so the answer is bounded
 * (≤ size² cells) and carries counts only: no appeal, requester or exact point.
 */
export async function openHeat(db: DbOrTx, actor: Actor, within: string | undefined, size = DEFAULT_HEAT_SIZE): Promise<HeatMap> {
  authorize(actor, 'appeals.read');
  if (within !== undefined) assertInScope(actor, within, `区域 ${within} `, `Region ${within}`);
  const area = and(visibleAppeals(actor), within ? inRegion(appeals.regionCode, within) : undefined, inArray(appeals.status, OPEN_STATUSES));
  const [totals] = await db
    .select({
      unlocated: sql<number>`count(*) filter (where ${isNull(appeals.lon)} or ${isNull(appeals.lat)})::int`,
      west: sql<number | null>`min(${appeals.lon})`,
      south: sql<number | null>`min(${appeals.lat})`,
      east: sql<number | null>`max(${appeals.lon})`,
      north: sql<number | null>`max(${appeals.lat})`,
      located: sql<number>`count(*) filter (where ${isNotNull(appeals.lon)} and ${isNotNull(appeals.lat)})::int`,
    })
    .from(appeals)
    .where(area);
  const unlocated = Number(totals?.unlocated ?? 0);
  const allLocated = Number(totals?.located ?? 0);
  const pointBounds =
    totals && totals.west !== null && totals.south !== null && totals.east !== null && totals.north !== null
      ? { west: Number(totals.west), south: Number(totals.south), east: Number(totals.east), north: Number(totals.north) }
      : null;
  const bounds = (await gridBounds(db, actor, within ?? null)) ?? pointBounds;
  if (!bounds) return { within: within ?? null, bounds: null, cellLon: 0, cellLat: 0, cols: 0, rows: 0, cells: [], max: 0, located: 0, outside: 0, unlocated };

  // Square cells on the ground: a degree of longitude is cos(latitude) of a degree of latitude.
  const cos = Math.max(0.1, Math.cos((((bounds.south + bounds.north) / 2) * Math.PI) / 180));
  const side = Math.max(MIN_CELL_DEGREES, Math.max((bounds.east - bounds.west) * cos, bounds.north - bounds.south) / size);
  const cellLat = side;
  const cellLon = side / cos;
  const cols = Math.max(1, Math.min(size, Math.ceil((bounds.east - bounds.west) / cellLon)));
  const rows = Math.max(1, Math.min(size, Math.ceil((bounds.north - bounds.south) / cellLat)));
  const col = sql<number>`least(${cols - 1}, floor((${appeals.lon} - ${bounds.west}::float8) / ${cellLon}::float8))::int`;
  const row = sql<number>`least(${rows - 1}, floor((${appeals.lat} - ${bounds.south}::float8) / ${cellLat}::float8))::int`;
  const counted = await db
    .select({ col, row, count: sql<number>`count(*)::int` })
    .from(appeals)
    .where(
      and(
        area,
        sql`${appeals.lon} between ${bounds.west}::float8 and ${bounds.east}::float8`,
        sql`${appeals.lat} between ${bounds.south}::float8 and ${bounds.north}::float8`,
      ),
    )
    .groupBy(sql`1`, sql`2`)
    .orderBy(sql`2`, sql`1`);
  const cells = counted.map((c) => {
    const cc = Number(c.col);
    const rr = Number(c.row);
    return { col: cc, row: rr, lon: round6(bounds.west + cc * cellLon), lat: round6(bounds.south + rr * cellLat), count: Number(c.count) };
  });
  const located = cells.reduce((s, c) => s + c.count, 0);
  return {
    within: within ?? null,
    bounds,
    cellLon: round6(cellLon),
    cellLat: round6(cellLat),
    cols,
    rows,
    cells,
    max: cells.reduce((m, c) => Math.max(m, c.count), 0),
    located,
    outside: allLocated - located,
    unlocated,
  };
}

function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
