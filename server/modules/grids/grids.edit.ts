/**
 * Drawing the grid map: create, edit, split and merge grids; assign their workers. Outlines are
 * validated (closed, not self-intersecting); overlaps with neighbouring grids are reported, not
 * refused (the township resolves them on the map). Buildings and household files follow a split or a
 * merge. Every write is audited and recorded in the grid's lineage.
 */
import { and, asc, eq, gte, lte, max, sql } from 'drizzle-orm';
import { assertAssignable, assertInScope, authorize, codeInScope, type Actor } from '../../platform/access.js';
import { audit, type RequestContext } from '../../platform/audit.js';
import type { Database, DbOrTx } from '../../platform/db.js';
import { changedFields } from '../../platform/patch.js';
import { AppError, conflict, duplicate, notFound } from '../../platform/errors.js';
import { exists as regionExists, levelOfCode } from '../regions/regions.service.js';
import { findById as findUserById } from '../users/users.repo.js';
import { mergeOutlines, normalizePolygon, piecesProblem, polygonProblem, polygonsOverlap, splitByLine } from './grids.geometry.js';
import { bboxOf, getGrid, gridRow } from './grids.service.js';
import { bumpGridRevision, gridAt, invalidateGridIndex, pointInPolygon } from './grids.locate.js';
import { moveGridContents } from './grids.reshape.js';
import { gridChanges, gridWorkers, grids, type Polygon } from './grids.tables.js';

export const WORKER_KINDS = ['full_time', 'part_time', 'group_leader'] as const;

export interface Overlap {
  code: string;
  name: string;
}

function checkedPolygon(p: Polygon, field: string): Polygon {
  const problem = polygonProblem(p);
  if (problem) throw new AppError('invalid_polygon', { field, reason: problem.zh, reasonEn: problem.en }, [{ field, rule: 'polygon' }]);
  return normalizePolygon(p);
}

/**
 * Active grids whose interiors overlap the outline, except `except`. Those inside the caller's scope
 * are named; the others are only counted.
 */
async function overlapsOf(db: DbOrTx, actor: Actor, p: Polygon, except: string[]): Promise<{ overlaps: Overlap[]; overlapsOutsideScope: number }> {
  const b = bboxOf(p);
  const near = await db
    .select({ code: grids.code, name: grids.name, polygon: grids.polygon })
    .from(grids)
    .where(and(eq(grids.status, 'active'), lte(grids.minLon, b.maxLon), gte(grids.maxLon, b.minLon), lte(grids.minLat, b.maxLat), gte(grids.maxLat, b.minLat)))
    .orderBy(asc(grids.code));
  const hits = near.filter((g) => !except.includes(g.code) && polygonsOverlap(p, g.polygon));
  return {
    overlaps: hits.filter((g) => codeInScope(actor, g.code)).map(({ code, name }) => ({ code, name })),
    overlapsOutsideScope: hits.filter((g) => !codeInScope(actor, g.code)).length,
  };
}

/** Checks an outline for the map editor without saving anything. */
export async function checkOutline(db: DbOrTx, actor: Actor, polygon: Polygon, exceptCode?: string) {
  authorize(actor, 'grids.write');
  const problem = polygonProblem(polygon);
  if (problem) return { valid: false, problem: problem.zh, problemEn: problem.en, overlaps: [], overlapsOutsideScope: 0 };
  return { valid: true, problem: null, problemEn: null, ...(await overlapsOf(db, actor, normalizePolygon(polygon), exceptCode ? [exceptCode] : [])) };
}

async function nextCodes(db: DbOrTx, villageCode: string, n: number): Promise<string[]> {
  const [r] = await db.select({ m: max(grids.code) }).from(grids).where(eq(grids.villageCode, villageCode));
  const last = r?.m ? Number(r.m.slice(12)) : 0;
  if (last + n > 999) throw conflict('该村（社区）的网格编号已用完', 'This village has no grid numbers left');
  return Array.from({ length: n }, (_, i) => villageCode + String(last + 1 + i).padStart(3, '0'));
}

function checkKind(kind: string, subKind: string | null | undefined) {
  if (kind === 'dedicated' && !subKind) throw new AppError('required', { field: 'body.subKind' }, [{ field: 'body.subKind', rule: 'required' }]);
  if (kind === 'basic' && subKind) {
    throw new AppError('unknown_value', { field: 'body.subKind', value: subKind }, [{ field: 'body.subKind', rule: 'basic_grid' }]);
  }
}

async function lineage(tx: DbOrTx, ctx: RequestContext, gridCode: string, action: string, related: string[], changed: string[], reason: string | null | undefined) {
  await tx.insert(gridChanges).values({ gridCode, action, related, changed, reason: reason ?? null, actorId: ctx.actor.id, actorName: ctx.actor.name });
}

async function activeGrid(db: DbOrTx, actor: Actor, code: string) {
  assertInScope(actor, code, '网格', 'Grid');
  const [g] = await db.select().from(grids).where(eq(grids.code, code));
  if (!g) throw notFound('网格', 'Grid');
  if (g.status !== 'active') throw conflict(`网格 ${code} 已撤销`, `Grid ${code} is retired`);
  return g;
}

export interface GridInput {
  villageCode: string;
  code?: string;
  name: string;
  kind: 'basic' | 'dedicated';
  subKind?: string | null;
  partyOrgName?: string | null;
  partyOrgKind?: 'branch' | 'group' | null;
  polygon: Polygon;
  reason?: string | null;
}

export async function createGrid(database: Database, ctx: RequestContext, input: GridInput) {
  authorize(ctx.actor, 'grids.write');
  const db = database.db;
  assertAssignable(ctx.actor, input.villageCode, '所在村（社区）', 'The village');
  if (levelOfCode(input.villageCode) !== 'village' || !(await regionExists(db, input.villageCode))) throw notFound(`村（社区）${input.villageCode} `, `Village ${input.villageCode}`);
  checkKind(input.kind, input.subKind);
  const polygon = checkedPolygon(input.polygon, 'body.polygon');
  let code = input.code;
  if (code) {
    if (!code.startsWith(input.villageCode)) throw new AppError('unknown_value', { field: 'body.code', value: code }, [{ field: 'body.code', rule: 'village_prefix' }]);
    const [taken] = await db.select({ code: grids.code }).from(grids).where(eq(grids.code, code));
    if (taken) throw duplicate('网格代码', 'Grid code', code);
  }
  const found = await overlapsOf(db, ctx.actor, polygon, []);
  await db.transaction(async (tx) => {
    code ??= (await nextCodes(tx, input.villageCode, 1))[0];
    const row = gridRow({ ...input, code, polygon });
    const [inserted] = await tx.insert(grids).values(row).onConflictDoNothing().returning({ code: grids.code });
    if (!inserted) throw duplicate('网格代码', 'Grid code', code);
    await bumpGridRevision(tx);
    await lineage(tx, ctx, code, 'create', [], [], input.reason);
    await audit(tx, ctx, { action: 'grid.create', targetType: 'grid', targetId: code, regionCode: code, details: { overlaps: found.overlaps.length + found.overlapsOutsideScope } });
  });
  invalidateGridIndex(db);
  return { grid: await getGrid(db, ctx.actor, code!), ...found };
}

export interface GridPatch {
  version: number;
  name?: string;
  kind?: 'basic' | 'dedicated';
  subKind?: string | null;
  partyOrgName?: string | null;
  partyOrgKind?: 'branch' | 'group' | null;
  polygon?: Polygon;
  reason?: string | null;
}

export async function updateGrid(database: Database, ctx: RequestContext, code: string, patch: GridPatch) {
  authorize(ctx.actor, 'grids.write');
  const db = database.db;
  const current = await activeGrid(db, ctx.actor, code);
  const kind = patch.kind ?? current.kind;
  const subKind = patch.subKind !== undefined ? patch.subKind : kind === 'basic' ? null : current.subKind;
  checkKind(kind, subKind);
  const polygon = patch.polygon ? checkedPolygon(patch.polygon, 'body.polygon') : undefined;
  const found = polygon ? await overlapsOf(db, ctx.actor, polygon, [code]) : { overlaps: [], overlapsOutsideScope: 0 };
  const { set: fields, changed } = changedFields(current, { ...patch, kind, subKind }, ['name', 'kind', 'subKind', 'partyOrgName', 'partyOrgKind'] as const);
  const set: Partial<typeof grids.$inferInsert> = fields;
  if (polygon) {
    const r = gridRow({ code, name: current.name, villageCode: current.villageCode, polygon });
    Object.assign(set, { polygon, minLon: r.minLon, minLat: r.minLat, maxLon: r.maxLon, maxLat: r.maxLat, centroidLon: r.centroidLon, centroidLat: r.centroidLat });
    changed.push('polygon');
  }
  await db.transaction(async (tx) => {
    const [g] = await tx
      .update(grids)
      .set({ ...set, updatedAt: new Date(), version: sql`${grids.version} + 1` })
      .where(and(eq(grids.code, code), eq(grids.version, patch.version)))
      .returning();
    if (!g) throw new AppError('stale_version');
    if (polygon) await bumpGridRevision(tx);
    await lineage(tx, ctx, code, 'update', [], changed, patch.reason);
    await audit(tx, ctx, { action: 'grid.update', targetType: 'grid', targetId: code, regionCode: code, details: { changed } });
  });
  if (polygon) invalidateGridIndex(db);
  return { grid: await getGrid(db, ctx.actor, code), ...found };
}

export interface SplitInput {
  version: number;
  /** The new outlines, the first keeping the grid's code; or a straight cut through two points. */
  pieces?: { name?: string; polygon: Polygon }[];
  line?: [number, number][];
  names?: string[];
  reason: string;
}

/** Splits a grid: the first piece keeps its code, the others get the village's next codes. */
export async function splitGrid(database: Database, ctx: RequestContext, code: string, input: SplitInput) {
  authorize(ctx.actor, 'grids.write');
  const db = database.db;
  const current = await activeGrid(db, ctx.actor, code);
  let pieces: { name?: string; polygon: Polygon }[];
  if (input.pieces?.length) {
    if (input.pieces.length < 2) throw new AppError('unknown_value', { field: 'body.pieces', value: String(input.pieces.length) });
    pieces = input.pieces.map((p, i) => ({ name: p.name, polygon: checkedPolygon(p.polygon, `body.pieces.${i}.polygon`) }));
    const problem = piecesProblem(current.polygon, pieces.map((p) => p.polygon));
    if (problem) throw new AppError('invalid_polygon', { field: 'body.pieces', reason: problem.zh, reasonEn: problem.en }, [{ field: 'body.pieces', rule: 'tiling' }]);
  } else if (input.line?.length === 2) {
    const cut = splitByLine(current.polygon, input.line[0], input.line[1]);
    if (!cut) {
      const reason = '分割线须恰好两次穿过网格边界；复杂形状请直接提交各块边界';
      throw new AppError('invalid_polygon', { field: 'body.line', reason, reasonEn: 'the line must cross the outline exactly twice; for complex shapes send the pieces' }, [{ field: 'body.line', rule: 'cut' }]);
    }
    pieces = cut.map((polygon, i) => ({ name: input.names?.[i], polygon }));
  } else {
    throw new AppError('required', { field: 'body.pieces' }, [{ field: 'body.pieces', rule: 'required' }]);
  }
  const result = await db.transaction(async (tx) => {
    const newCodes = await nextCodes(tx, current.villageCode, pieces.length - 1);
    const codes = [code, ...newCodes];
    const [kept] = await tx
      .update(grids)
      .set({ ...gridRow({ code, name: pieces[0].name ?? current.name, villageCode: current.villageCode, polygon: pieces[0].polygon }), kind: current.kind, subKind: current.subKind, partyOrgName: current.partyOrgName, partyOrgKind: current.partyOrgKind, updatedAt: new Date(), version: sql`${grids.version} + 1` })
      .where(and(eq(grids.code, code), eq(grids.version, input.version)))
      .returning();
    if (!kept) throw new AppError('stale_version');
    await bumpGridRevision(tx);
    for (const [i, c] of newCodes.entries()) {
      const piece = pieces[i + 1];
      const row = gridRow({ code: c, name: piece.name ?? `${current.name}（${i + 2}）`, villageCode: current.villageCode, kind: current.kind, subKind: current.subKind, partyOrgName: current.partyOrgName, partyOrgKind: current.partyOrgKind, polygon: piece.polygon });
      await tx.insert(grids).values(row);
      await lineage(tx, ctx, c, 'create', [code], [], input.reason);
    }
    const locate = (lon: number, lat: number) => codes.find((_, i) => pointInPolygon(lon, lat, pieces[i].polygon)) ?? null;
    const { buildingsMoved, householdsMoved } = await moveGridContents(tx, ctx, code, { locate }, `网格拆分：${input.reason}`);
    await lineage(tx, ctx, code, 'split', newCodes, ['polygon'], input.reason);
    await audit(tx, ctx, { action: 'grid.split', targetType: 'grid', targetId: code, regionCode: code, details: { into: codes, buildingsMoved, householdsMoved } });
    return { codes, buildingsMoved, householdsMoved };
  });
  invalidateGridIndex(db);
  const gridsOut = [];
  for (const c of result.codes) gridsOut.push(await getGrid(db, ctx.actor, c));
  return { grids: gridsOut, buildingsMoved: result.buildingsMoved, householdsMoved: result.householdsMoved };
}

export interface MergeInput {
  /** The first keeps its code; the others are retired into it. */
  codes: string[];
  name?: string;
  /** The merged outline; computed from shared edges when absent. */
  polygon?: Polygon;
  reason: string;
}

export async function mergeGrids(database: Database, ctx: RequestContext, input: MergeInput) {
  authorize(ctx.actor, 'grids.write');
  const db = database.db;
  const codes = [...new Set(input.codes)];
  if (codes.length < 2) throw new AppError('unknown_value', { field: 'body.codes', value: codes.join(',') }, [{ field: 'body.codes', rule: 'minItems' }]);
  const rows = [];
  for (const c of codes) rows.push(await activeGrid(db, ctx.actor, c));
  if (new Set(rows.map((r) => r.villageCode)).size > 1) throw conflict('只能合并同一村（社区）的网格', 'Only grids of the same village can be merged');
  let polygon: Polygon;
  if (input.polygon) polygon = checkedPolygon(input.polygon, 'body.polygon');
  else {
    const merged = mergeOutlines(rows.map((r) => r.polygon));
    if (!merged) {
      throw conflict('这些网格不相邻（没有公共边），无法自动合并边界；请提交合并后的边界', 'These grids share no edges, so the merged outline cannot be computed; send it as polygon');
    }
    polygon = merged;
  }
  const [target, ...others] = rows;
  const found = await overlapsOf(db, ctx.actor, polygon, codes);
  const result = await db.transaction(async (tx) => {
    await tx
      .update(grids)
      .set({ ...gridRow({ code: target.code, name: input.name ?? target.name, villageCode: target.villageCode, polygon }), kind: target.kind, subKind: target.subKind, partyOrgName: target.partyOrgName, partyOrgKind: target.partyOrgKind, updatedAt: new Date(), version: sql`${grids.version} + 1` })
      .where(eq(grids.code, target.code));
    await bumpGridRevision(tx);
    let buildingsMoved = 0;
    let householdsMoved = 0;
    for (const o of others) {
      await tx
        .update(grids)
        .set({ status: 'retired', retiredAt: new Date(), retiredInto: target.code, updatedAt: new Date(), version: sql`${grids.version} + 1` })
        .where(eq(grids.code, o.code));
      // Workers of the merged grids now serve the merged one.
      const ws = await tx.select().from(gridWorkers).where(eq(gridWorkers.gridCode, o.code));
      if (ws.length) await tx.insert(gridWorkers).values(ws.map((w) => ({ ...w, gridCode: target.code }))).onConflictDoNothing();
      await tx.delete(gridWorkers).where(eq(gridWorkers.gridCode, o.code));
      const moved = await moveGridContents(tx, ctx, o.code, { toCode: target.code }, `网格合并：${input.reason}`);
      buildingsMoved += moved.buildingsMoved;
      householdsMoved += moved.householdsMoved;
      await lineage(tx, ctx, o.code, 'retire', [target.code], [], input.reason);
    }
    await lineage(tx, ctx, target.code, 'merge', others.map((o) => o.code), ['polygon'], input.reason);
    await audit(tx, ctx, { action: 'grid.merge', targetType: 'grid', targetId: target.code, regionCode: target.code, details: { merged: others.map((o) => o.code), buildingsMoved, householdsMoved } });
    return { buildingsMoved, householdsMoved };
  });
  invalidateGridIndex(db);
  return { grid: await getGrid(db, ctx.actor, target.code), retired: others.map((o) => o.code), ...result, ...found };
}

/** A grid's lineage: created, edited, split, merged, retired. */
export async function gridLineage(db: DbOrTx, actor: Actor, code: string) {
  authorize(actor, 'grids.read');
  assertInScope(actor, code, '网格', 'Grid');
  const rows = await db.select().from(gridChanges).where(eq(gridChanges.gridCode, code)).orderBy(asc(gridChanges.id));
  return rows.map((r) => ({ id: r.id, action: r.action, related: r.related, changed: r.changed, reason: r.reason, actorName: r.actorName, at: r.at.toISOString() }));
}

// ---------------------------------------------------------------------------------------------
// Workers

export async function assignWorker(database: Database, ctx: RequestContext, code: string, userId: string, kind: (typeof WORKER_KINDS)[number]) {
  authorize(ctx.actor, 'grids.write');
  const db = database.db;
  await activeGrid(db, ctx.actor, code);
  const u = await findUserById(db, userId);
  // The worker must be a grid worker whose own scope covers the grid, or they could not see its files.
  if (!u || !u.roles.includes('grid_worker') || !codeInScope(ctx.actor, u.regionCode || '')) throw notFound('网格员', 'Grid worker');
  if (!code.startsWith(u.regionCode)) {
    throw conflict(`该网格员的管辖范围（${u.regionCode}）不包含网格 ${code}`, `The worker’s scope (${u.regionCode}) does not include grid ${code}`);
  }
  await db.transaction(async (tx) => {
    await tx.insert(gridWorkers).values({ gridCode: code, userId, kind }).onConflictDoUpdate({ target: [gridWorkers.gridCode, gridWorkers.userId], set: { kind } });
    await audit(tx, ctx, { action: 'grid.worker_assign', targetType: 'grid', targetId: code, regionCode: code, details: { userId, kind } });
  });
  return getGrid(db, ctx.actor, code);
}

export async function unassignWorker(database: Database, ctx: RequestContext, code: string, userId: string) {
  authorize(ctx.actor, 'grids.write');
  const db = database.db;
  await activeGrid(db, ctx.actor, code);
  await db.transaction(async (tx) => {
    const r = await tx.delete(gridWorkers).where(and(eq(gridWorkers.gridCode, code), eq(gridWorkers.userId, userId))).returning();
    if (!r.length) throw notFound('该网格的网格员', 'Worker of this grid');
    await audit(tx, ctx, { action: 'grid.worker_unassign', targetType: 'grid', targetId: code, regionCode: code, details: { userId } });
  });
  return getGrid(db, ctx.actor, code);
}

/** Point → grid for a signed-in caller: a grid outside their scope answers 404 like no grid at all. */
export async function gridAtFor(db: DbOrTx, actor: Actor, lon: number, lat: number) {
  authorize(actor, 'grids.read');
  const hit = await gridAt(db, lon, lat);
  if (!hit || !codeInScope(actor, hit.code)) throw notFound('该位置所在的网格', 'A grid at this point');
  return hit;
}

