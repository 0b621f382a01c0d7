/**
 * The migrated template every test environment starts from. The suite's global setup builds it once
 * per run from the current migrations (the real migration path, from an empty database); each
 * `createTestEnv` then clones it instead of migrating again:
 * - PGlite: the migrated data directory, dumped to a tarball, loaded into a fresh in-memory instance
 *   (not compressed: every environment would gunzip its 43 MB again, a quarter of a second of CPU each);
 * - PostgreSQL (DATABASE_URL): a template database on that server, copied by `CREATE DATABASE … TEMPLATE`.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { loadConfig } from '../config.js';
import { openDatabase, type Database } from '../platform/db.js';

/** What the global setup hands to the test workers (plain strings: it crosses process boundaries). */
export type TemplateRef = { kind: 'pglite'; file: string } | { kind: 'postgres'; database: string };

declare module 'vitest' {
  export interface ProvidedContext {
    tingsuTemplate: TemplateRef;
  }
}

/** A database name unique to this run and process, safe to interpolate (letters, digits, underscores). */
export function uniqueDatabaseName(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
}

/** Runs one statement on the maintenance database named by DATABASE_URL. */
export async function adminQuery(text: string): Promise<void> {
  const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await admin.connect();
  try {
    await admin.query(text);
  } finally {
    await admin.end();
  }
}

/** The URL of another database on the DATABASE_URL server. */
export function databaseUrl(name: string): string {
  const url = new URL(process.env.DATABASE_URL!);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * The PGlite cluster every copy inherits (its postgresql.conf travels in the dump), sized for a test's
 * short life: every copy loads the whole data directory and zeroes its shared buffers, so a 1 MB WAL segment
 * (not 16 MB of mostly zeros) and 16 MB of buffers (not 128 MB) halve what each environment costs to start.
 */
const TEST_CLUSTER = {
  initDbStartParams: ['--wal-segsize=1'],
  postgresqlconf: ['shared_buffers=16MB', 'max_connections=5', 'min_wal_size=2MB', 'max_wal_size=64MB'],
};

/** Migrates an empty database into the template; returns it and how to remove it at the end of the run. */
export async function buildTemplate(): Promise<{ ref: TemplateRef; remove(): Promise<void> }> {
  const silent = { TINGSU_LOG_LEVEL: 'silent' };
  if (process.env.DATABASE_URL) {
    const name = uniqueDatabaseName('tingsu_tpl');
    // The workers' copies (db-reuse.ts names them after the template) that were kept to the end, then the template.
    const remove = async () => {
      const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await admin.connect();
      try {
        const copies = await admin.query<{ datname: string }>(`select datname from pg_database where starts_with(datname, $1)`, [`${name}_c_`]);
        for (const { datname } of copies.rows) await admin.query(`drop database if exists ${datname} with (force)`);
      } finally {
        await admin.end();
      }
      await adminQuery(`drop database if exists ${name} with (force)`);
    };
    await adminQuery(`create database ${name}`);
    try {
      const config = loadConfig({ ...silent, DATABASE_URL: databaseUrl(name), TINGSU_SECRET: randomBytes(32).toString('hex') }, { serveWeb: false });
      const database = await openDatabase(config);
      try {
        await assertMigrated(database);
      } finally {
        await database.close(); // a template must have no connection open while it is copied
      }
    } catch (err) {
      await remove();
      throw err;
    }
    return { ref: { kind: 'postgres', database: name }, remove };
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'tingsu-template-'));
  const remove = async () => rmSync(dir, { recursive: true, force: true });
  try {
    const database = await openDatabase(loadConfig(silent, { memoryDb: true, serveWeb: false }), { pglite: TEST_CLUSTER });
    let dump: Blob;
    try {
      await assertMigrated(database);
      // A clean start for every copy: without it each one replays the migrations' WAL on opening.
      await database.query('CHECKPOINT');
      dump = await (database.db as unknown as { $client: PGlite }).$client.dumpDataDir('none');
    } finally {
      await database.close();
    }
    const file = path.join(dir, 'template.tar');
    writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
    return { ref: { kind: 'pglite', file }, remove };
  } catch (err) {
    await remove();
    throw err;
  }
}

async function assertMigrated(database: Database): Promise<void> {
  const [{ n }] = await database.query<{ n: string }>('select count(*) as n from drizzle.__drizzle_migrations');
  if (Number(n) === 0) throw new Error('the template database has no migrations applied');
}
