import type { Polygon } from '../modules/grids/grids.tables.js';
import { mulberry32 } from './random.js';

export interface Box {
  west: number;
  south: number;
  east: number;
  north: number;
}

/**
 * Lays `count` cells over a box as a jittered lattice: every interior vertex moves a little, and each
 * cell is the quadrilateral of its four corners, so neighbouring cells share edges exactly — the cells
 * tile the box with no gaps and no overlaps. Cells are numbered north→south, west→east, snaking so
 * consecutive cells touch (a village's grids stay together).
 */
export function latticeCells(box: Box, count: number, seed: number): Polygon[] {
  const width = box.east - box.west;
  const height = box.north - box.south;
  const cols = Math.max(1, Math.ceil(Math.sqrt((count * width) / height)));
  const rows = Math.max(1, Math.ceil(count / cols));
  const dx = width / cols;
  const dy = height / rows;
  const rnd = mulberry32(seed);
  const jitter = 0.28;
  const vx: number[][] = [];
  const vy: number[][] = [];
  for (let r = 0; r <= rows; r++) {
    vx.push([]);
    vy.push([]);
    for (let c = 0; c <= cols; c++) {
      const interiorX = c > 0 && c < cols;
      const interiorY = r > 0 && r < rows;
      const jx = interiorX ? (rnd() - 0.5) * 2 * jitter * dx : 0;
      const jy = interiorY ? (rnd() - 0.5) * 2 * jitter * dy : 0;
      vx[r].push(round(box.west + c * dx + jx));
      vy[r].push(round(box.north - r * dy + jy));
    }
  }
  const cells: Polygon[] = [];
  for (let r = 0; r < rows && cells.length < count; r++) {
    for (let k = 0; k < cols && cells.length < count; k++) {
      const c = r % 2 === 0 ? k : cols - 1 - k;
      const ring = [
        [vx[r][c], vy[r][c]],
        [vx[r][c + 1], vy[r][c + 1]],
        [vx[r + 1][c + 1], vy[r + 1][c + 1]],
        [vx[r + 1][c], vy[r + 1][c]],
      ];
      // GeoJSON outer rings are counter-clockwise and closed.
      ring.reverse();
      ring.push(ring[0]);
      cells.push({ type: 'Polygon', coordinates: [ring] });
    }
  }
  return cells;
}

function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

/** Splits a box into `n` side-by-side boxes (west→east, wrapping into rows), for counties in a city. */
export function splitBox(box: Box, n: number): Box[] {
  const cols = Math.ceil(Math.sqrt(n));
  const rows = Math.ceil(n / cols);
  const w = (box.east - box.west) / cols;
  const h = (box.north - box.south) / rows;
  const out: Box[] = [];
  for (let i = 0; i < n; i++) {
    const r = Math.floor(i / cols);
    const c = i % cols;
    out.push({ west: box.west + c * w, east: box.west + (c + 1) * w, north: box.north - r * h, south: box.north - (r + 1) * h });
  }
  return out;
}
