/**
 * Grid assignments as the access rules read them. The access module decides who sees what; these
 * functions only say which grids an account is assigned to, so the table stays inside this module.
 */
import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '../../platform/db.js';
import { gridWorkers } from './grids.tables.js';

/** SQL condition: the grid code in `column` is one of the grids the account is assigned to. */
export function assignedTo(column: AnyPgColumn, userId: string): SQL {
  return sql`${column} in (select ${gridWorkers.gridCode} from ${gridWorkers} where ${gridWorkers.userId}::text = ${userId})`;
}

export async function isAssigned(db: DbOrTx, userId: string, gridCode: string): Promise<boolean> {
  const r = await db
    .select({ g: gridWorkers.gridCode })
    .from(gridWorkers)
    .where(and(sql`${gridWorkers.userId}::text = ${userId}`, eq(gridWorkers.gridCode, gridCode)))
    .limit(1);
  return r.length > 0;
}
