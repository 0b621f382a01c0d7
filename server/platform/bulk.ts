/**
 * Bulk INSERT for imports and generators: one statement per batch, the batch sent as one JSON text
 * and each column cast back in the SELECT (`insert … select a0::uuid, … from json_to_recordset($1::json)
 * as u(a0 text, …)`; JSON columns arrive as JSON). Building a multi-row VALUES list row by row costs
 * more than the database's work at 100,000 rows, and a text array per column is escaped value by value
 * by the driver (sealed values and JSON twice over); this keeps the per-row cost to a string per value.
 * Plain PostgreSQL: works on PGlite too.
 */
import { getTableColumns, sql } from 'drizzle-orm';
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
  const json = used.map(([, col]) => col.getSQLType() === 'jsonb');
  const keys = used.map((_, i) => `a${i}`);
  const names = sql.raw(used.map(([, col]) => `"${col.name}"`).join(', '));
  const select = sql.raw(used.map(([, col], i) => (json[i] ? `a${i}` : `a${i}::${col.getSQLType()}`)).join(', '));
  const record = sql.raw(used.map((_, i) => `a${i} ${json[i] ? 'jsonb' : 'text'}`).join(', '));
  for (let start = 0; start < rows.length; start += BATCH) {
    // The batch as one JSON array of objects (a0, a1, …): one string built natively, no array text to
    // escape, and JSON columns nested as they are rather than stringified and escaped again.
    const batch: Record<string, unknown>[] = [];
    for (let r = start; r < Math.min(rows.length, start + BATCH); r++) {
      const row = rows[r] as Record<string, unknown>;
      const o: Record<string, unknown> = {};
      for (let i = 0; i < used.length; i++) {
        const [key, col] = used[i];
        const v = row[key];
        if (v === undefined || v === null) continue;
        if (json[i]) {
          o[keys[i]] = v;
          continue;
        }
        const driver = col.mapToDriverValue(v);
        o[keys[i]] = typeof driver === 'string' ? driver : driver instanceof Date ? driver.toISOString() : typeof driver === 'object' ? JSON.stringify(driver) : String(driver);
      }
      batch.push(o);
    }
    const insert = sql`insert into ${table} (${names}) select ${select} from json_to_recordset(${JSON.stringify(batch)}::json) as u(${record})`;
    if (!opts.skipConflicts) await db.execute(insert);
    else for (const r of await selected<{ id: string }>(db, sql`${insert} on conflict do nothing returning id`)) inserted.push(r.id);
  }
  return inserted;
}
