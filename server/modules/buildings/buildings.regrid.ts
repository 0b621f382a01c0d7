/**
 * Grid reshaping (split, merge): buildings follow their location, and are renumbered in their new grid.
 * Registered with the grids module at app build (grids.reshape.ts), which runs it in the split's or
 * the merge's transaction.
 */
import { asc, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db.js';
import type { ReshapeTarget } from '../grids/grids.reshape.js';
import { nextSeq } from './buildings.service.js';
import { buildings, compounds } from './buildings.tables.js';

/**
 * Moves buildings out of `fromCode`: to the grid `locate` finds for their position (split), or all to
 * `toCode` (merge). Compounds move with the majority of their buildings. Returns building id → new grid.
 */
export async function regridBuildings(
  tx: DbOrTx,
  fromCode: string,
  target: ReshapeTarget,
): Promise<Map<string, string>> {
  const rows = await tx.select().from(buildings).where(eq(buildings.gridCode, fromCode)).orderBy(asc(buildings.seq));
  const moves = new Map<string, string>();
  for (const b of rows) {
    const to = 'toCode' in target ? target.toCode : b.lon !== null && b.lat !== null ? target.locate(b.lon, b.lat) : null;
    if (to && to !== fromCode) moves.set(b.id, to);
  }
  const seqs = new Map<string, number>();
  for (const [id, to] of moves) {
    const seq = seqs.get(to) ?? (await nextSeq(tx, buildings, to));
    seqs.set(to, seq + 1);
    await tx.update(buildings).set({ gridCode: to, seq, updatedAt: new Date(), version: sql`${buildings.version} + 1` }).where(eq(buildings.id, id));
  }
  const cs = await tx.select().from(compounds).where(eq(compounds.gridCode, fromCode));
  for (const c of cs) {
    const votes = new Map<string, number>();
    for (const b of rows.filter((x) => x.compoundId === c.id)) {
      const to = moves.get(b.id) ?? fromCode;
      votes.set(to, (votes.get(to) ?? 0) + 1);
    }
    const to = 'toCode' in target ? target.toCode : [...votes.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? fromCode;
    if (to !== fromCode) {
      const seq = await nextSeq(tx, compounds, to);
      await tx.update(compounds).set({ gridCode: to, seq, updatedAt: new Date() }).where(eq(compounds.id, c.id));
    }
  }
  return moves;
}
