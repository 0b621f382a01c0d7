/**
 * Writing queries, on either engine: rows of a raw statement, `:name` statements built once, a raw row
 * read back as Drizzle gives it, a hot list's select rendered once, and the small pieces of SQL the
 * modules share (LIKE patterns, many values bound as one array, outer columns in subqueries). Opening
 * and connecting to the database is db.ts's.
 */
import { createHash } from 'node:crypto';
import { PgDialect, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { getTableColumns, getTableName, sql, type Column, type SQL, type Table } from 'drizzle-orm';
import type { DbOrTx } from './db.js';

/** Rows of a drizzle `execute` on either driver. */
export async function rows<T>(db: DbOrTx, query: SQL): Promise<T[]> {
  const r = (await db.execute(query)) as unknown as { rows: T[] };
  return r.rows;
}

/**
 * A statement written once with `:name` parameters, made into `$n` text once. For hot paths: the
 * text is built at load and each run only lines up the values. (`::type` casts are left alone.)
 */
export function statement(text: string): { text: string; name: string; values(params: Record<string, unknown>): unknown[] } {
  const names: string[] = [];
  const out = text.replace(PARAMETER, (_, name: string) => {
    if (!names.includes(name)) names.push(name);
    return `$${names.indexOf(name) + 1}`;
  });
  return {
    text: out,
    name: `tingsu_${createHash('sha256').update(out).digest('hex').slice(0, 16)}`,
    values(params) {
      return names.map((n) => {
        if (!(n in params)) throw new Error(`statement parameter :${n} missing`);
        const v = params[n];
        return v === undefined ? null : v;
      });
    },
  };
}

const PARAMETER = /(?<![:\w]):([a-zA-Z_]\w*)/g;

/** A `statement`'s text and values as Drizzle SQL, to run inside a Drizzle transaction. */
export function statementSql(text: string, values: unknown[]): SQL {
  const parts = text.split(/\$(\d+)/);
  return sql.join(parts.map((part, i) => (i % 2 ? sql.param(values[Number(part) - 1]) : sql.raw(part))));
}

/** A statement's text with its `:name` parameters renamed `:prefixName`: two rows' values side by side. */
export function prefixParameters(text: string, prefix: string): string {
  return text.replace(PARAMETER, (_, name: string) => `:${prefixed(prefix, name)}`);
}

/** Keys `a` as `prefixA`, to go with `prefixParameters`. */
export function prefixKeys(prefix: string, row: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [prefixed(prefix, k), v]));
}

const prefixed = (prefix: string, name: string) => prefix + name[0].toUpperCase() + name.slice(1);

/** A row read by raw SQL (database column names, driver values) as Drizzle's select of the table gives it. */
export function rowFromRaw<T extends Table>(table: T, raw: Record<string, unknown>): T['$inferSelect'] {
  const out: Record<string, unknown> = {};
  for (const [key, col] of columnsOf(table)) {
    const v = raw[col.name];
    out[key] = v === null || v === undefined ? null : col.mapFromDriverValue(v);
  }
  return out as T['$inferSelect'];
}

const tableColumns = new WeakMap<Table, [string, Column][]>();
/**
 * `select <the table's columns, by name>, <labels over its row> from`, rendered to text once (at load)
 * for a hot list: the query builder spends a millisecond of the server's time and more on a wide select
 * each time it builds one; a list using this renders only its own source, condition and order per
 * request, and reads each raw row back (`read`) as Drizzle's select of the table with the labels would
 * give it. The labels take no parameters; they are read back under their own names.
 */
export function renderedSelect<T extends Table, L extends Record<string, SQL>>(table: T, labels: L) {
  const list = [
    ...columnsOf(table).map(([, col]) => sql.raw(`"${getTableName(table)}"."${col.name}"`)),
    ...Object.entries(labels).map(([name, expr]) => sql`${expr} as ${sql.identifier(`label_${name}`)}`),
  ];
  const q = new PgDialect().sqlToQuery(sql`select ${sql.join(list, sql`, `)} from`);
  if (q.params.length) throw new Error(`renderedSelect(${getTableName(table)}): the labels must not take parameters`);
  const names = Object.keys(labels);
  return {
    select: sql.raw(q.sql),
    read(raw: Record<string, unknown>): T['$inferSelect'] & { [K in keyof L]: unknown } {
      const row = rowFromRaw(table, raw) as Record<string, unknown>;
      for (const n of names) row[n] = raw[`label_${n}`];
      return row as T['$inferSelect'] & { [K in keyof L]: unknown };
    },
  };
}

function columnsOf(table: Table): [string, Column][] {
  let cols = tableColumns.get(table);
  if (!cols) tableColumns.set(table, (cols = Object.entries(getTableColumns(table))));
  return cols;
}

/** A LIKE pattern matching `q` anywhere, its wildcards taken literally. */
export function likePattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => '\\' + c)}%`;
}

/**
 * `column in (select unnest($1::type[]))`: a column among many values (hundreds or thousands), bound as
 * one array. Not `= any($1)`, whose every matched row is checked against the whole array again (four
 * times the database's CPU for a thousand keys), nor `in ($1, …, $n)`, built and planned per value.
 */
export function inValues(column: AnyPgColumn, values: readonly string[], type: 'text' | 'uuid' = 'text'): SQL {
  return sql`${column} in (select unnest(${sql.param(values)}::${sql.raw(type)}[]))`;
}

/**
 * A column qualified with its table's name. Drizzle leaves columns unqualified in single-table
 * queries, so inside a correlated subquery `${t.id}` would bind to the subquery's own table when it
 * has a column of that name: outer columns in subqueries must go through this.
 */
export function outer(col: AnyPgColumn): SQL {
  return sql.raw(`"${getTableName(col.table)}"."${col.name}"`);
}
