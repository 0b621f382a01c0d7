import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { AnyPgColumn, PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import { getTableName, sql, type ExtractTablesWithRelations, type SQL, type SQLWrapper } from 'drizzle-orm';
import pg from 'pg';
import type { Config } from '../config.js';
import { packagePath } from './paths.js';
import { acquireDataDirLock, type DataDirLock } from './datadir-lock.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Db = PgDatabase<PgQueryResultHKT, Record<string, never>, ExtractTablesWithRelations<Record<string, never>>>;
export type Tx = PgTransaction<PgQueryResultHKT, Record<string, never>, ExtractTablesWithRelations<Record<string, never>>>;
/** Either the database or an open transaction: repositories accept both. */
export type DbOrTx = Db | Tx;

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** Raw SQL for baselines, health checks and bulk work; returns rows. */
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

export const MIGRATIONS_DIR = packagePath('server', 'db', 'migrations');

/** Opens the configured database and applies pending migrations. */
export async function openDatabase(config: Config): Promise<Database> {
  return config.databaseUrl ? openPostgres(config.databaseUrl) : openPglite(config);
}

async function openPglite(config: Config): Promise<Database> {
  let lock: DataDirLock | undefined;
  let client: PGlite;
  if (config.memoryDb) {
    client = new PGlite();
  } else {
    mkdirSync(config.dataDir, { recursive: true });
    lock = acquireDataDirLock(config.dataDir);
    try {
      client = new PGlite(path.join(config.dataDir, 'pg'));
      await client.waitReady;
    } catch (err) {
      lock.release();
      throw err;
    }
  }
  const db = drizzlePglite(client) as unknown as Db;
  await migratePglite(db as never, { migrationsFolder: MIGRATIONS_DIR });
  return {
    db,
    kind: 'pglite',
    async query<T>(text: string, params?: unknown[]) {
      const r = await client.query(text, params as unknown[] | undefined);
      return r.rows as T[];
    },
    close: once(async () => {
      await client.close();
      lock?.release();
    }),
  };
}

// A fixed key so concurrent instances serialise their migrations (PostgreSQL advisory lock).
const MIGRATION_LOCK_KEY = 7_305_441_902;

async function openPostgres(url: string): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  // An idle connection the server closed (restart, failover, a dropped database) must not crash the
  // process: the pool replaces it on next use.
  pool.on('error', (err) => process.stderr.write(`database connection lost: ${err.message}\n`));
  // Fail fast with a clear message when the server is not reachable.
  const client = await pool.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      await migratePg(drizzlePg(client) as never, { migrationsFolder: MIGRATIONS_DIR });
    } finally {
      await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    client.release();
  }
  const db = drizzlePg(pool) as unknown as Db;
  return {
    db,
    kind: 'postgres',
    async query<T>(text: string, params?: unknown[]) {
      const r = await pool.query(text, params as unknown[] | undefined);
      return r.rows as T[];
    },
    close: once(() => pool.end()),
  };
}

/** Rows of a drizzle `execute` on either driver. */
export async function rows<T>(db: DbOrTx, query: SQL): Promise<T[]> {
  const r = (await db.execute(query)) as unknown as { rows: T[] };
  return r.rows;
}

/**
 * Several statements as one (a data-modifying WITH): each runs exactly once, all in one round trip,
 * seeing the database as it was before the statement. They must not change the same rows.
 */
export function together(parts: SQLWrapper[]): SQL {
  const chunks = parts.map((p) => p.getSQL());
  const last = chunks.pop()!;
  if (!chunks.length) return last;
  return sql`with ${sql.join(chunks.map((c, i) => sql`${sql.raw(`s${i}`)} as (${c})`), sql`, `)} ${last}`;
}

function once(fn: () => Promise<void>): () => Promise<void> {
  let p: Promise<void> | undefined;
  return () => (p ??= fn());
}

/**
 * A column qualified with its table's name. Drizzle leaves columns unqualified in single-table
 * queries, so inside a correlated subquery `${t.id}` would bind to the subquery's own table when it
 * has a column of that name: outer columns in subqueries must go through this.
 */
export function outer(col: AnyPgColumn): SQL {
  return sql.raw(`"${getTableName(col.table)}"."${col.name}"`);
}
