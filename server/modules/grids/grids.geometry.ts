/**
 * Plane geometry for grid outlines (GeoJSON [lon, lat], outer ring only): validation, overlap tests,
 * merging neighbours along shared edges, and splitting. Small polygons (tens to hundreds of
 * vertices), so the quadratic checks are fine and no geometry extension is needed in the database.
 */
import type { Polygon } from './grids.tables.js';

type Pt = [number, number];

const MAX_VERTICES = 2000;
const EPS = 1e-12;

export interface GeometryProblem {
  zh: string;
  en: string;
}

function ringArea(ring: number[][]): number {
  let a = 0;
  for (let i = 0; i < ring.length - 1; i++) a += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
  return a / 2;
}

function polygonArea(p: Polygon): number {
  return Math.abs(ringArea(p.coordinates[0]));
}

function orient(a: number[], b: number[], c: number[]): number {
  const v = (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]);
  return Math.abs(v) < EPS ? 0 : v;
}

function onSegment(p: number[], a: number[], b: number[]): boolean {
  return (
    orient(a, b, p) === 0 &&
    Math.min(a[0], b[0]) - EPS <= p[0] &&
    p[0] <= Math.max(a[0], b[0]) + EPS &&
    Math.min(a[1], b[1]) - EPS <= p[1] &&
    p[1] <= Math.max(a[1], b[1]) + EPS
  );
}

/** Do segments ab and cd share any point (touching and collinear overlap included)? */
function segmentsTouch(a: number[], b: number[], c: number[], d: number[]): boolean {
  const o1 = orient(a, b, c);
  const o2 = orient(a, b, d);
  const o3 = orient(c, d, a);
  const o4 = orient(c, d, b);
  if (o1 * o2 < 0 && o3 * o4 < 0) return true;
  return onSegment(c, a, b) || onSegment(d, a, b) || onSegment(a, c, d) || onSegment(b, c, d);
}

/** Do ab and cd cross at a single interior point of both? */
function segmentsCross(a: number[], b: number[], c: number[], d: number[]): boolean {
  const o1 = orient(a, b, c);
  const o2 = orient(a, b, d);
  const o3 = orient(c, d, a);
  const o4 = orient(c, d, b);
  return o1 * o2 < 0 && o3 * o4 < 0;
}

/**
 * Checks a grid outline: a Polygon with one closed ring of at least 4 positions (3 corners), valid
 * longitudes and latitudes, no repeated corners, a non-zero area and no self-intersection. Returns
 * the problem, or null when it is valid.
 */
export function polygonProblem(p: Polygon): GeometryProblem | null {
  if (!p || p.type !== 'Polygon' || !Array.isArray(p.coordinates) || p.coordinates.length === 0) {
    return { zh: '应为 GeoJSON Polygon', en: 'must be a GeoJSON Polygon' };
  }
  if (p.coordinates.length > 1) return { zh: '不支持带洞的多边形', en: 'polygons with holes are not supported' };
  const ring = p.coordinates[0];
  if (ring.length < 4) return { zh: '至少需要 4 个坐标点（3 个角点并闭合）', en: 'needs at least 4 positions (3 corners, closed)' };
  if (ring.length > MAX_VERTICES) return { zh: `坐标点不能超过 ${MAX_VERTICES} 个`, en: `at most ${MAX_VERTICES} positions` };
  for (const [i, pos] of ring.entries()) {
    if (!Array.isArray(pos) || pos.length < 2 || !pos.slice(0, 2).every((x) => typeof x === 'number' && Number.isFinite(x))) {
      return { zh: `第 ${i + 1} 个坐标点不是 [经度, 纬度]`, en: `position ${i + 1} is not [lon, lat]` };
    }
    if (pos[0] < -180 || pos[0] > 180 || pos[1] < -90 || pos[1] > 90) {
      return { zh: `第 ${i + 1} 个坐标点超出经纬度范围`, en: `position ${i + 1} is out of the longitude/latitude range` };
    }
  }
  const first = ring[0];
  const last = ring[ring.length - 1];
  if (first[0] !== last[0] || first[1] !== last[1]) return { zh: '边界未闭合（首尾坐标应相同）', en: 'the ring is not closed (first and last positions must be equal)' };
  const n = ring.length - 1;
  const seen = new Set<string>();
  for (let i = 0; i < n; i++) {
    const k = `${ring[i][0]},${ring[i][1]}`;
    if (seen.has(k)) return { zh: `第 ${i + 1} 个坐标点重复`, en: `position ${i + 1} is repeated` };
    seen.add(k);
  }
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const adjacent = j === i + 1 || (i === 0 && j === n - 1);
      const [a, b, c, d] = [ring[i], ring[i + 1], ring[j], ring[j + 1]];
      if (adjacent) {
        // Neighbouring edges share a corner; they may not fold back over each other.
        const shared = j === i + 1 ? b : a;
        const other1 = j === i + 1 ? a : b;
        const other2 = j === i + 1 ? d : c;
        if (orient(other1, shared, other2) === 0 && (onSegment(other2, other1, shared) || onSegment(other1, shared, other2))) {
          return { zh: `第 ${i + 1} 条边与第 ${j + 1} 条边重叠`, en: `edges ${i + 1} and ${j + 1} overlap` };
        }
      } else if (segmentsTouch(a, b, c, d)) {
        return { zh: `边界自相交（第 ${i + 1} 条边与第 ${j + 1} 条边）`, en: `the outline intersects itself (edges ${i + 1} and ${j + 1})` };
      }
    }
  }
  if (Math.abs(ringArea(ring)) < EPS) return { zh: '面积为零', en: 'has no area' };
  return null;
}

/** The same outline, counter-clockwise (the GeoJSON right-hand rule), coordinates as [lon, lat]. */
export function normalizePolygon(p: Polygon): Polygon {
  const ring = p.coordinates[0].map((c) => [c[0], c[1]]);
  if (ringArea(ring) < 0) ring.reverse();
  return { type: 'Polygon', coordinates: [ring] };
}

function onBoundary(pt: number[], ring: number[][]): boolean {
  for (let i = 0; i < ring.length - 1; i++) if (onSegment(pt, ring[i], ring[i + 1])) return true;
  return false;
}

function insideRing(pt: number[], ring: number[][]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 2; i < ring.length - 1; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > pt[1] !== yj > pt[1] && pt[0] < ((xj - xi) * (pt[1] - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

function strictlyInside(pt: number[], ring: number[][]): boolean {
  return !onBoundary(pt, ring) && insideRing(pt, ring);
}

function bboxesMeet(a: number[][], b: number[][]): boolean {
  const bb = (r: number[][]) => {
    let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    for (const [x, y] of r) {
      x0 = Math.min(x0, x); y0 = Math.min(y0, y); x1 = Math.max(x1, x); y1 = Math.max(y1, y);
    }
    return [x0, y0, x1, y1];
  };
  const [ax0, ay0, ax1, ay1] = bb(a);
  const [bx0, by0, bx1, by1] = bb(b);
  return ax0 <= bx1 && bx0 <= ax1 && ay0 <= by1 && by0 <= ay1;
}

/** Do the interiors of two valid outlines intersect? Sharing an edge or a corner is not overlapping. */
export function polygonsOverlap(p: Polygon, q: Polygon): boolean {
  const a = p.coordinates[0];
  const b = q.coordinates[0];
  if (!bboxesMeet(a, b)) return false;
  for (let i = 0; i < a.length - 1; i++) {
    for (let j = 0; j < b.length - 1; j++) if (segmentsCross(a[i], a[i + 1], b[j], b[j + 1])) return true;
  }
  const probes = (r: number[][]) => {
    const pts: number[][] = [];
    for (let i = 0; i < r.length - 1; i++) pts.push(r[i], [(r[i][0] + r[i + 1][0]) / 2, (r[i][1] + r[i + 1][1]) / 2]);
    return pts;
  };
  if (probes(a).some((pt) => strictlyInside(pt, b)) || probes(b).some((pt) => strictlyInside(pt, a))) return true;
  // Identical outlines: every probe lies on the other's boundary.
  const inner = interiorPoint(a);
  return inner !== null && strictlyInside(inner, b);
}

/** A point strictly inside a ring (the centroid when it is inside, else a probe near an edge). */
function interiorPoint(ring: number[][]): number[] | null {
  const area = ringArea(ring);
  let cx = 0, cy = 0;
  for (let i = 0; i < ring.length - 1; i++) {
    const f = ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
    cx += (ring[i][0] + ring[i + 1][0]) * f;
    cy += (ring[i][1] + ring[i + 1][1]) * f;
  }
  const c = [cx / (6 * area), cy / (6 * area)];
  if (strictlyInside(c, ring)) return c;
  for (let i = 0; i < ring.length - 1; i++) {
    const m = [(ring[i][0] + ring[i + 1][0]) / 2, (ring[i][1] + ring[i + 1][1]) / 2];
    const dx = ring[i + 1][1] - ring[i][1];
    const dy = -(ring[i + 1][0] - ring[i][0]);
    const len = Math.hypot(dx, dy) || 1;
    for (const s of [1e-6, -1e-6]) {
      const pt = [m[0] + (s * dx) / len, m[1] + (s * dy) / len];
      if (strictlyInside(pt, ring)) return pt;
    }
  }
  return null;
}

const key = (p: number[]) => `${p[0].toFixed(10)},${p[1].toFixed(10)}`;

/** Edges of a ring, each split at every corner of `others` that lies on it (T-junctions). */
function splitEdges(ring: number[][], others: number[][][]): Pt[][] {
  const out: Pt[][] = [];
  const corners = others.flatMap((r) => r.slice(0, -1));
  for (let i = 0; i < ring.length - 1; i++) {
    const a = ring[i];
    const b = ring[i + 1];
    const len2 = (b[0] - a[0]) ** 2 + (b[1] - a[1]) ** 2;
    const cuts = corners
      .filter((c) => onSegment(c, a, b) && key(c) !== key(a) && key(c) !== key(b))
      .map((c) => ({ c, t: ((c[0] - a[0]) * (b[0] - a[0]) + (c[1] - a[1]) * (b[1] - a[1])) / len2 }))
      .sort((x, y) => x.t - y.t);
    let prev: Pt = [a[0], a[1]];
    for (const { c } of cuts) {
      if (key(c) === key(prev)) continue;
      out.push([prev, [c[0], c[1]]]);
      prev = [c[0], c[1]];
    }
    out.push([prev, [b[0], b[1]]]);
  }
  return out;
}

function dropCollinear(ring: Pt[]): Pt[] {
  const pts = ring.slice(0, -1);
  let changed = true;
  while (changed && pts.length > 3) {
    changed = false;
    for (let i = 0; i < pts.length; i++) {
      const prev = pts[(i - 1 + pts.length) % pts.length];
      const next = pts[(i + 1) % pts.length];
      if (orient(prev, pts[i], next) === 0) {
        pts.splice(i, 1);
        changed = true;
        break;
      }
    }
  }
  return [...pts, pts[0]];
}

/**
 * The union of neighbouring outlines that share edges (whole or in part): shared edges cancel, and
 * the remaining edges must chain into one ring. Null when they do not form one simple outline
 * (not adjacent, touching at a corner only, or enclosing a hole).
 */
export function mergeOutlines(polys: Polygon[]): Polygon | null {
  const rings = polys.map((p) => normalizePolygon(p).coordinates[0]);
  const edges: Pt[][] = rings.flatMap((r, i) => splitEdges(r, rings.filter((_, j) => j !== i)));
  const count = new Map<string, number>();
  for (const [a, b] of edges) count.set(`${key(a)}>${key(b)}`, (count.get(`${key(a)}>${key(b)}`) ?? 0) + 1);
  const remaining = edges.filter(([a, b]) => !count.has(`${key(b)}>${key(a)}`));
  if (remaining.length === edges.length) return null; // nothing shared: not neighbours
  const from = new Map<string, Pt[][]>();
  for (const e of remaining) from.set(key(e[0]), [...(from.get(key(e[0])) ?? []), e]);
  if ([...from.values()].some((l) => l.length !== 1)) return null;
  const start = remaining[0];
  const ring: Pt[] = [start[0]];
  let cur = start;
  for (let steps = 0; steps <= remaining.length; steps++) {
    ring.push(cur[1]);
    if (key(cur[1]) === key(start[0])) break;
    const next = from.get(key(cur[1]));
    if (!next) return null;
    cur = next[0];
  }
  if (ring.length - 1 !== remaining.length || key(ring[ring.length - 1]) !== key(ring[0])) return null;
  const merged: Polygon = { type: 'Polygon', coordinates: [dropCollinear(ring)] };
  if (polygonProblem(merged)) return null;
  const total = polys.reduce((s, p) => s + polygonArea(p), 0);
  if (Math.abs(polygonArea(merged) - total) > total * 1e-9) return null;
  return normalizePolygon(merged);
}

/** Clips a ring to the half-plane left of the directed line a→b (Sutherland–Hodgman, one edge). */
function clipLeft(ring: number[][], a: number[], b: number[]): number[][] {
  const side = (p: number[]) => orient(a, b, p);
  const out: number[][] = [];
  const pts = ring.slice(0, -1);
  for (let i = 0; i < pts.length; i++) {
    const p = pts[i];
    const q = pts[(i + 1) % pts.length];
    const sp = side(p);
    const sq = side(q);
    if (sp >= 0) out.push(p);
    if ((sp > 0 && sq < 0) || (sp < 0 && sq > 0)) {
      const t = sp / (sp - sq);
      out.push([round(p[0] + t * (q[0] - p[0])), round(p[1] + t * (q[1] - p[1]))]);
    }
  }
  const dedup = out.filter((p, i) => i === 0 || key(p) !== key(out[i - 1]));
  if (dedup.length > 1 && key(dedup[0]) === key(dedup[dedup.length - 1])) dedup.pop();
  return [...dedup, dedup[0]];
}

function round(x: number): number {
  return Math.round(x * 1e9) / 1e9;
}

/**
 * Splits an outline along the straight line through a and b into the part left of a→b and the part
 * right of it. Null when the line does not cut it into two valid outlines (the line misses it, or
 * crosses a concave outline more than twice: draw the pieces instead).
 */
export function splitByLine(p: Polygon, a: number[], b: number[]): [Polygon, Polygon] | null {
  const ring = normalizePolygon(p).coordinates[0];
  const left = clipLeft(ring, a, b);
  const right = clipLeft(ring, b, a);
  if (left.length < 4 || right.length < 4) return null;
  const pieces: [Polygon, Polygon] = [
    { type: 'Polygon', coordinates: [left] },
    { type: 'Polygon', coordinates: [right] },
  ];
  if (pieces.some((x) => polygonProblem(x) !== null)) return null;
  const total = polygonArea(p);
  if (Math.abs(polygonArea(pieces[0]) + polygonArea(pieces[1]) - total) > total * 1e-6) return null;
  return [normalizePolygon(pieces[0]), normalizePolygon(pieces[1])];
}

/**
 * Checks that pieces tile an outline: each lies within it, no two overlap, and their areas add up to
 * its area. Returns the problem or null.
 */
export function piecesProblem(whole: Polygon, pieces: Polygon[]): GeometryProblem | null {
  const ring = whole.coordinates[0];
  for (const [i, piece] of pieces.entries()) {
    if (piece.coordinates[0].some((pt) => !onBoundary(pt, ring) && !insideRing(pt, ring))) {
      return { zh: `第 ${i + 1} 块超出原网格`, en: `piece ${i + 1} extends beyond the grid` };
    }
    for (let j = 0; j < i; j++) {
      if (polygonsOverlap(piece, pieces[j])) return { zh: `第 ${j + 1} 块与第 ${i + 1} 块重叠`, en: `pieces ${j + 1} and ${i + 1} overlap` };
    }
  }
  const total = polygonArea(whole);
  const sum = pieces.reduce((s, x) => s + polygonArea(x), 0);
  if (Math.abs(sum - total) > total * 1e-6) return { zh: '各块合起来没有覆盖整个网格', en: 'the pieces do not cover the whole grid' };
  return null;
}
