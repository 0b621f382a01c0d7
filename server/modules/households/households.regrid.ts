/**
 * Household figures per building, and household files following a grid split or merge.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import { type RequestContext } from '../../platform/audit.js';
import type { DbOrTx } from '../../platform/db.js';
import type { ReshapeTarget } from '../grids/grids.reshape.js';
import { recordChangesBatch } from './households.history.js';
import { households, people } from './households.tables.js';
import { appendHouseholdEvents } from './households.timeline.js';

/** Households and residents per building, from the files. */
export async function residentCounts(db: DbOrTx, buildingIds: string[]): Promise<Map<string, { households: number; residents: number }>> {
  if (!buildingIds.length) return new Map();
  const rows = await db
    .select({ id: households.buildingId, households: sql<number>`count(*)::int`, residents: sql<number>`coalesce(sum(${households.memberCount}), 0)::int` })
    .from(households)
    .where(and(inArray(households.buildingId, buildingIds), eq(households.status, 'active')))
    .groupBy(households.buildingId);
  return new Map(rows.map((r) => [r.id!, { households: Number(r.households), residents: Number(r.residents) }]));
}

// ---------------------------------------------------------------------------------------------
// Grid reshaping (split, merge): household files follow their building or location; each move is a
// versioned change with the reason, and appears on the household's timeline.

export async function regridHouseholds(
  tx: DbOrTx,
  ctx: RequestContext,
  fromCode: string,
  target: ReshapeTarget,
  buildingMoves: Map<string, string>,
  reason: string,
): Promise<number> {
  const rows = await tx
    .select({ id: households.id, buildingId: households.buildingId, lon: households.lon, lat: households.lat, version: households.version })
    .from(households)
    .where(eq(households.gridCode, fromCode));
  const moves: { id: string; to: string; version: number }[] = [];
  for (const h of rows) {
    let to: string | null | undefined;
    if ('toCode' in target) to = target.toCode;
    else if (h.buildingId) to = buildingMoves.get(h.buildingId);
    else if (h.lon !== null && h.lat !== null) to = target.locate(h.lon, h.lat);
    if (to && to !== fromCode) moves.push({ id: h.id, to, version: h.version + 1 });
  }
  const byTarget = new Map<string, string[]>();
  for (const m of moves) byTarget.set(m.to, [...(byTarget.get(m.to) ?? []), m.id]);
  for (const [to, ids] of byTarget) {
    for (let i = 0; i < ids.length; i += 1000) {
      const chunk = ids.slice(i, i + 1000);
      await tx.update(households).set({ gridCode: to, updatedAt: new Date(), version: sql`${households.version} + 1` }).where(inArray(households.id, chunk));
      await tx.update(people).set({ gridCode: to }).where(inArray(people.householdId, chunk));
    }
  }
  await recordChangesBatch(
    tx,
    ctx,
    moves.map((m) => ({
      entityType: 'household' as const,
      entityId: m.id,
      householdId: m.id,
      gridCode: m.to,
      version: m.version,
      action: 'update' as const,
      changes: [{ field: 'gridCode', before: fromCode, after: m.to }],
      reason,
    })),
  );
  await appendHouseholdEvents(
    tx,
    moves.map((m) => ({ householdId: m.id, gridCode: m.to, source: 'households' as const, kind: 'file.regridded', summary: `划入网格 ${m.to}（${reason}）`, data: { from: fromCode, to: m.to }, actor: ctx.actor })),
  );
  return moves.length;
}
