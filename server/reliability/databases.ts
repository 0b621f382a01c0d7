/**
 * Throwaway databases for the reliability scenarios: a fresh PostgreSQL database on the server that
 * DATABASE_URL names, or a PGlite data directory under the system's temp dir.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { loadConfig } from '../config.js';
import { openDatabase, type Database } from '../platform/db.js';

export interface TestDatabase {
  kind: 'pglite' | 'postgres';
  /** The environment a server process needs to use this database (DATABASE_URL or TINGSU_DATA_DIR, and a secret). */
  env: Record<string, string>;
  /** postgres only: the database's URL (through no proxy). */
  url?: string;
  /** pglite only: the data directory. */
  dataDir?: string;
  /**
   * Opens the database in this process, runs `fn`, closes it. On PGlite this takes the data-directory
   * lock: no server may be running on it.
   */
  use<T>(fn: (database: Database) => Promise<T>): Promise<T>;
  /** Raw SQL, opened and closed around the call (see `use`). */
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  drop(): Promise<void>;
}

function usingConfig(env: Record<string, string>) {
  return async <T>(fn: (database: Database) => Promise<T>): Promise<T> => {
    const database = await openDatabase(loadConfig({ ...env, TINGSU_LOG_LEVEL: 'silent' }, { serveWeb: false }));
    try {
      return await fn(database);
    } finally {
      await database.close();
    }
  };
}

/** A fresh database on the PostgreSQL server that `baseUrl` names; dropped (with force) by `drop`. */
export async function throwawayPostgres(baseUrl = process.env.DATABASE_URL!): Promise<TestDatabase> {
  const name = `tingsu_r_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const admin = async (text: string) => {
    const c = new pg.Client({ connectionString: baseUrl, connectionTimeoutMillis: 10_000 });
    await c.connect();
    try {
      await c.query(text);
    } finally {
      await c.end();
    }
  };
  await admin(`create database ${name}`);
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  const env = { DATABASE_URL: url.toString(), TINGSU_SECRET: randomBytes(32).toString('hex') };
  return {
    kind: 'postgres',
    env,
    url: url.toString(),
    use: usingConfig(env),
    async query<T>(text: string, params?: unknown[]) {
      const c = new pg.Client({ connectionString: url.toString(), connectionTimeoutMillis: 10_000 });
      await c.connect();
      try {
        return (await c.query(text, params)).rows as T[];
      } finally {
        await c.end();
      }
    },
    drop: () => admin(`drop database if exists ${name} with (force)`),
  };
}

/** An empty PGlite data directory under the system's temp dir (or `dir`), removed by `drop`. */
export function tempDataDir(dir?: string, baseEnv?: Record<string, string>): TestDatabase {
  const dataDir = dir ?? mkdtempSync(path.join(tmpdir(), 'tingsu-rel-'));
  const env = { TINGSU_SECRET: baseEnv?.TINGSU_SECRET ?? randomBytes(32).toString('hex'), TINGSU_DATA_DIR: dataDir };
  const use = usingConfig(env);
  return {
    kind: 'pglite',
    env,
    dataDir,
    use,
    query: (text, params) => use((d) => d.query(text, params)),
    async drop() {
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

