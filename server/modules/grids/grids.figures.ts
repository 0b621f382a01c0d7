import { sql } from 'drizzle-orm';
import { scopeCondition, type Actor } from '../../platform/access.js';
import type { DbOrTx } from '../../platform/db.js';
import { grids, gridWorkers } from './grids.tables.js';

export interface GridFigures {
  grids: number;
  /** Distinct people assigned to at least one grid (a worker on two grids counts once). */
  workers: number;
  /** The same two figures per code prefix of `prefixLength` (the children of the caller's scope). */
  byPrefix: Map<string, { grids: number; workers: number }>;
}

/** How many grids and grid workers the caller's scope holds, in total and per child area. */
export async function gridFigures(db: DbOrTx, actor: Actor, prefixLength?: number): Promise<GridFigures> {
  const [[g], [w]] = await Promise.all([
    db.select({ n: sql<number>`count(*)` }).from(grids).where(scopeCondition(actor, grids.code)),
    db
      .select({ n: sql<number>`count(distinct ${gridWorkers.userId})` })
      .from(gridWorkers)
      .where(scopeCondition(actor, gridWorkers.gridCode)),
  ]);
  const byPrefix = new Map<string, { grids: number; workers: number }>();
  if (prefixLength) {
    const [gridCounts, workerCounts] = await Promise.all([
      db
        .select({ prefix: sql<string>`substr(${grids.code}, 1, ${prefixLength})`, n: sql<number>`count(*)` })
        .from(grids)
        .where(scopeCondition(actor, grids.code))
        .groupBy(sql`1`),
      db
        .select({ prefix: sql<string>`substr(${gridWorkers.gridCode}, 1, ${prefixLength})`, n: sql<number>`count(distinct ${gridWorkers.userId})` })
        .from(gridWorkers)
        .where(scopeCondition(actor, gridWorkers.gridCode))
        .groupBy(sql`1`),
    ]);
    const at = (prefix: string) => byPrefix.get(prefix) ?? byPrefix.set(prefix, { grids: 0, workers: 0 }).get(prefix)!;
    for (const x of gridCounts) at(x.prefix).grids = Number(x.n);
    for (const x of workerCounts) at(x.prefix).workers = Number(x.n);
  }
  return { grids: Number(g.n), workers: Number(w.n), byPrefix };
}
