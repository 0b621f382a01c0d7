/**
 * Bulk INSERT for imports and generators: one statement per batch, each column sent as a single text
 * array and cast back in the SELECT (`insert … select a0::uuid, … from unnest($1::text[], …)`).
 * Building a multi-row VALUES list row by row costs more than the database's work at 100,000 rows;
 * this keeps the per-row cost to a string per value. Plain PostgreSQL: works on PGlite too.
 */
import { getTableColumns, sql, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import { rows as selected, type DbOrTx } from './db.js';

const BATCH = 5000;

/**
 * `skipConflicts`: rows that would break a unique key are left out (`on conflict do nothing`), and the
 * ids of the rows that went in are returned (the table's `id` column). Otherwise returns no ids.
 */
export async function bulkInsert<T extends PgTable>(db: DbOrTx, table: T, rows: T['$inferInsert'][], opts: { skipConflicts?: boolean } = {}): Promise<string[]> {
  const inserted: string[] = [];
  if (!rows.length) return inserted;
  const columns = Object.entries(getTableColumns(table)) as [string, PgColumn][];
  // Columns no row sets keep their database default.
  const used = columns.filter(([key]) => rows.some((r) => (r as Record<string, unknown>)[key] !== undefined));
  for (let start = 0; start < rows.length; start += BATCH) {
    const batch = rows.slice(start, start + BATCH);
    const arrays = used.map(([key, col]) =>
      batch.map((r) => {
        const v = (r as Record<string, unknown>)[key];
        if (v === undefined || v === null) return null;
        const driver = col.mapToDriverValue(v);
        return typeof driver === 'string' ? driver : driver instanceof Date ? driver.toISOString() : typeof driver === 'object' ? JSON.stringify(driver) : String(driver);
      }),
    );
    const names = sql.raw(used.map(([, col]) => `"${col.name}"`).join(', '));
    const select = sql.raw(used.map(([, col], i) => `a${i}::${col.getSQLType()}`).join(', '));
    const aliases = sql.raw(used.map((_, i) => `a${i}`).join(', '));
    const params: SQL[] = arrays.map((a) => sql`${sql.param(a)}::text[]`);
    const insert = sql`insert into ${table} (${names}) select ${select} from unnest(${sql.join(params, sql`, `)}) as u(${aliases})`;
    if (!opts.skipConflicts) await db.execute(insert);
    else for (const r of await selected<{ id: string }>(db, sql`${insert} on conflict do nothing returning id`)) inserted.push(r.id);
  }
  return inserted;
}
