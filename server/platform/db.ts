import { spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { PGlite, type PGliteOptions } from '@electric-sql/pglite';
import { pathToFileURL } from 'node:url';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import type { ExtractTablesWithRelations } from 'drizzle-orm';
import pg from 'pg';
import type { Config } from '../config.js';
import { packagePath } from './paths.js';
import { acquireDataDirLock, type DataDirLock } from './datadir-lock.js';
import { startReplica, type Replica } from './replica.js';

export type Db = PgDatabase<PgQueryResultHKT, Record<string, never>, ExtractTablesWithRelations<Record<string, never>>>;
export type Tx = PgTransaction<PgQueryResultHKT, Record<string, never>, ExtractTablesWithRelations<Record<string, never>>>;
/** Either the database or an open transaction: repositories accept both. */
export type DbOrTx = Db | Tx;

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  /**
   * The streaming replica (TINGSU_READ_DATABASE_URL), when configured: reads that tolerate a second of
   * lag go there while it is caught up (`platform/reads.ts` picks per request). PostgreSQL only.
   */
  replica?: Replica;
  /** Raw SQL for baselines, health checks and bulk work; returns rows. */
  query<T = Record<string, unknown>>(text: string, params?: unknown[], name?: string): Promise<T[]>;
  /**
   * A transaction of raw statements, for hot paths where building SQL each time costs more than
   * running it (see `statement`). Commits when `fn` resolves, rolls back when it throws.
   */
  transaction<T>(fn: (query: RawQuery) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/**
 * Runs one raw statement with positional parameters; returns its rows. With a `name` (a `statement`'s)
 * PostgreSQL keeps it prepared on the connection: parsed and planned once, not on every run.
 */
export type RawQuery = <T = Record<string, unknown>>(text: string, params?: unknown[], name?: string) => Promise<T[]>;

export const MIGRATIONS_DIR = packagePath('server', 'db', 'migrations');

export interface OpenOptions {
  /**
   * Options for an in-memory PGlite. Tests clone one migrated template this way: `loadDataDir` starts it
   * from that data directory (a `dumpDataDir` tarball) instead of an empty cluster, pending migrations still
   * applying on top; `postgresqlconf` sizes it for a short life.
   */
  pglite?: Pick<PGliteOptions, 'loadDataDir' | 'postgresqlconf' | 'initDbStartParams'>;
  /**
   * An in-memory PGlite already open, used instead of a new one: the test suite hands each environment
   * a copy of the template its worker keeps and resets between files (server/test/db-reuse.ts).
   * Closing the database closes it, as it would close its own.
   */
  pgliteClient?: PGlite;
}

/** Opens the configured database and applies pending migrations. */
export async function openDatabase(config: Config, opts: OpenOptions = {}): Promise<Database> {
  if (!config.databaseUrl) return openPglite(config, opts);
  const database = await openPostgres(config.databaseUrl, config);
  if (config.readDatabaseUrl) {
    try {
      const pool = newPool(config.readDatabaseUrl, { pgbouncer: config.pgbouncer, what: 'read replica' });
      database.replica = await startReplica({ pool, primary: database, maxLagMs: config.readMaxLagMs });
    } catch (err) {
      await database.close();
      throw err;
    }
    const closePrimary = database.close;
    database.close = once(async () => {
      await database.replica!.close();
      await closePrimary();
    });
  }
  return database;
}

/**
 * Settings initdb writes into a new embedded cluster's postgresql.conf (data/pg), where an operator can
 * change them. PGlite zeroes its shared buffers at every start and its WebAssembly memory never shrinks,
 * so PostgreSQL's 128 MB of buffers are 128 MiB of resident memory for the process's life whatever the
 * data; one backend with the operating system's page cache under it does with 32 MB (the demo's first
 * start peaks about 80 MiB lower, a second start about 125 MiB, and loads no slower).
 */
const EMBEDDED_INITDB = ['-c', 'shared_buffers=32MB'];
/**
 * PGlite runs one backend in single-user mode: it checkpoints when the WAL reaches max_wal_size, and a
 * checkpoint keeps old segments for reuse up to what the last ones wrote (bounded by max_wal_size). At
 * PostgreSQL's 1 GB a demo load left 401 MB of spent WAL in the data directory (copied with every copy of
 * it); at 128 MB a checkpoint comes sooner (cheap: 32 MB of buffers, no fsync) and little is left.
 */
const EMBEDDED_START = [...PGlite.defaultStartParams, '-c', 'max_wal_size=128MB', '-c', 'min_wal_size=32MB'];

/**
 * Creates a new PGlite data directory (initdb) in a short-lived process of its own. PGlite's WebAssembly
 * memory only grows: creating a cluster takes it to about 700 MiB, which the server (the demo's first
 * start) would then hold for its whole life; opening an existing directory takes about 270 MiB. When the
 * other process cannot run, the directory is created here as before.
 */
async function createDataDirApart(dir: string): Promise<void> {
  if (existsSync(path.join(dir, 'PG_VERSION'))) return;
  try {
    const entry = pathToFileURL(createRequire(import.meta.url).resolve('@electric-sql/pglite').replace(/index\.cjs$/, 'index.js')).href;
    const opts = JSON.stringify({ initDbStartParams: EMBEDDED_INITDB });
    const code = `const { PGlite } = await import(${JSON.stringify(entry)}); const c = new PGlite(${JSON.stringify(dir)}, ${opts}); await c.waitReady; await c.close();`;
    await new Promise<void>((resolve, reject) => {
      const child = spawn(process.execPath, ['--input-type=module', '-e', code], { stdio: ['ignore', 'ignore', 'ignore'] });
      child.on('error', reject);
      child.on('exit', (status) => (status === 0 ? resolve() : reject(new Error(`exit ${status}`))));
    });
  } catch {
    // Created in this process when PGlite opens it.
  }
}

async function openPglite(config: Config, opts: OpenOptions): Promise<Database> {
  let lock: DataDirLock | undefined;
  let client: PGlite;
  if (opts.pgliteClient) {
    client = opts.pgliteClient;
  } else if (config.memoryDb) {
    client = new PGlite(opts.pglite ?? {});
  } else {
    mkdirSync(config.dataDir, { recursive: true });
    lock = acquireDataDirLock(config.dataDir);
    try {
      await createDataDirApart(path.join(config.dataDir, 'pg'));
      client = new PGlite(path.join(config.dataDir, 'pg'), { initDbStartParams: EMBEDDED_INITDB, startParams: EMBEDDED_START });
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
    transaction<T>(fn: (query: RawQuery) => Promise<T>) {
      return client.transaction((tx) => fn(async <R>(text: string, params?: unknown[]) => (await tx.query(text, params)).rows as R[]));
    },
    close: once(async () => {
      await client.close();
      lock?.release();
    }),
  };
}

// A fixed key so concurrent instances serialise their migrations (PostgreSQL advisory lock).
const MIGRATION_LOCK_KEY = 7_305_441_902;

/**
 * Whether an error means the database cannot be reached right now (network cut, server restarting or
 * terminating connections), as opposed to a fault in the statement. Such errors answer 503
 * `database_unavailable`; the pool makes new connections on the next request, so no restart is needed.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  for (let e = err as { code?: unknown; message?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) {
    const code = typeof e.code === 'string' ? e.code : '';
    if (UNREACHABLE_CODES.has(code) || code.startsWith('08')) return true; // 08xxx: connection exception
    if (typeof e.message === 'string' && UNREACHABLE_MESSAGES.test(e.message)) return true;
  }
  return false;
}

const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN',
  '57P01', // admin_shutdown: terminated by an administrator (pg_terminate_backend) or a fast shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now: starting up or shutting down
  '53300', // too_many_connections
]);
const UNREACHABLE_MESSAGES = /Connection terminated|connection timeout|timeout exceeded when trying to connect|not queryable|Client was closed|Cannot use a pool after calling end/i;

/**
 * Whether an error means the database's disk is full (SQLSTATE 53100 from PostgreSQL or PGlite, ENOSPC
 * from the file system). The write did not happen; reads go on; writes work again once space is freed.
 */
export function isStorageFull(err: unknown): boolean {
  for (let e = err as { code?: unknown; message?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) {
    if (e.code === '53100' || e.code === 'ENOSPC') return true;
    if (typeof e.message === 'string' && /no space left on device/i.test(e.message)) return true;
  }
  return false;
}

/** How long a request waits for a connection before answering 503 (the pool would wait forever). */
const CONNECT_TIMEOUT_MS = 5_000;

/**
 * A client that never prepares a statement by name: behind PgBouncer in transaction pooling (1.18 and
 * older, or newer ones without `max_prepared_statements`) consecutive statements of one client run on
 * different server connections, so a statement prepared on one is missing on the next ("prepared
 * statement … does not exist"). Unnamed statements are parsed with each run, which PgBouncer passes
 * through. Covers every path: `statement()` names, Drizzle's `.prepare(name)`, raw queries.
 */
class UnnamedStatementsClient extends pg.Client {
  override query(config: unknown, values?: unknown, callback?: unknown): never {
    if (config && typeof config === 'object' && 'name' in config && typeof (config as { submit?: unknown }).submit !== 'function') {
      const { name: _name, ...rest } = config as Record<string, unknown>;
      config = rest;
    }
    return (super.query as (...args: unknown[]) => never)(config, values, callback);
  }
}

/** A pool to `url`: a lost connection is logged and replaced, never fatal; unnamed statements behind PgBouncer. */
function newPool(url: string, opts: { pgbouncer?: 'transaction'; what: string }): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    keepAlive: true,
    ...(opts.pgbouncer ? { Client: UnnamedStatementsClient as unknown as typeof pg.Client } : {}),
  });
  // An idle connection the server closed (restart, failover, pg_terminate_backend, a network cut) must
  // not crash the process: the pool drops it and connects again on next use. Logged by kind, once.
  const lost = (err: Error) => process.stderr.write(`${opts.what} connection lost (${(err as NodeJS.ErrnoException).code ?? err.name}); reconnecting on next use\n`);
  pool.on('error', lost);
  // The pool listens only while a connection is idle: one lost while checked out (mid-transaction)
  // emits 'error' on the client with nobody listening, which would end the process. Its queries fail
  // (503 to the request) and the pool discards it on release, so a listener is all it needs.
  pool.on('connect', (client) => client.on('error', lost));
  return pool;
}

/**
 * Applies pending migrations in one transaction that first takes a transaction-level advisory lock, so
 * instances starting together take turns (the second finds the work done). Transaction-level, not
 * session-level: behind PgBouncer in transaction pooling a session lock would stay on whichever server
 * connection took it, and its unlock could run on another. The same steps and bookkeeping table
 * (`drizzle.__drizzle_migrations`) as Drizzle's migrator, so databases migrated before keep working.
 */
async function migratePostgres(client: pg.PoolClient): Promise<void> {
  const migrations = readMigrationFiles({ migrationsFolder: MIGRATIONS_DIR });
  await client.query('begin');
  try {
    await client.query('select pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
    await client.query('create schema if not exists drizzle');
    await client.query('create table if not exists drizzle.__drizzle_migrations (id serial primary key, hash text not null, created_at bigint)');
    const [last] = (await client.query<{ created_at: string }>('select created_at from drizzle.__drizzle_migrations order by created_at desc limit 1')).rows;
    for (const m of migrations) {
      if (last && Number(last.created_at) >= m.folderMillis) continue;
      for (const stmt of m.sql) await client.query(stmt);
      await client.query('insert into drizzle.__drizzle_migrations (hash, created_at) values ($1, $2)', [m.hash, m.folderMillis]);
    }
    await client.query('commit');
  } catch (err) {
    await client.query('rollback').catch(() => undefined);
    throw err;
  }
}

async function openPostgres(url: string, config: Pick<Config, 'pgbouncer'>): Promise<Database> {
  const pool = newPool(url, { pgbouncer: config.pgbouncer, what: 'database' });
  // Fail fast with a clear message when the server is not reachable.
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await migratePostgres(client);
  } catch (err) {
    broken = err as Error;
    throw err;
  } finally {
    client.release(broken);
  }
  const db = drizzlePg(pool) as unknown as Db;
  return {
    db,
    kind: 'postgres',
    async query<T>(text: string, params?: unknown[], name?: string) {
      const r = await pool.query({ text, values: params as unknown[] | undefined, name });
      return r.rows as T[];
    },
    async transaction<T>(fn: (query: RawQuery) => Promise<T>) {
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        await client.query('begin');
        const out = await fn(async <R>(text: string, params?: unknown[], name?: string) => (await client.query({ text, values: params, name })).rows as R[]);
        await client.query('commit');
        return out;
      } catch (err) {
        await client.query('rollback').catch((e: Error) => (broken = e));
        throw err;
      } finally {
        // A connection that could not roll back is closed, not returned to the pool.
        client.release(broken);
      }
    },
    close: once(() => pool.end()),
  };
}

function once(fn: () => Promise<void>): () => Promise<void> {
  let p: Promise<void> | undefined;
  return () => (p ??= fn());
}

// The query-writing helpers live in sql.ts; the modules import them from here with the database's types.
export { inValues, likePattern, outer, prefixKeys, prefixParameters, renderedSelect, rowFromRaw, rows, statement, statementSql } from './sql.js';

/** The code of a database error (or of its cause), for logs: never its message, which may hold values. */
export function databaseErrorCode(err: unknown): string | undefined {
  for (let e = err as { code?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) {
    if (typeof e.code === 'string') return e.code;
  }
  return undefined;
}
