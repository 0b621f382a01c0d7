/**
 * The databases a test worker reuses. Starting a copy of the migrated template costs a third of a
 * second of CPU or more on PGlite (the WebAssembly instance, 30 MB of data directory unpacked,
 * PostgreSQL's start) and a `CREATE DATABASE … TEMPLATE` plus a `DROP DATABASE` on PostgreSQL (files
 * written and removed, WAL flushed); emptying one that a finished test file used costs a fraction of
 * that. So a closed environment's database is emptied and kept for the worker's next file, and handed
 * out again only when it is, as far as any test can tell, the template again:
 * - every table emptied and its sequences restarted, the append-only guards bypassed for it (they refuse
 *   a TRUNCATE or DELETE, which no user can issue);
 * - the counties' appeal-number sequences (made on a county's first appeal) dropped;
 * - planner statistics dropped, session settings, advisory locks and prepared statements discarded
 *   (on PostgreSQL they go with the connections, which are all closed first);
 * - the schema compared with the template's: a file that made a table, a sequence or a constraint of its
 *   own, or changed one, leaves a database that is closed (and on PostgreSQL dropped) instead of kept.
 * On PostgreSQL this needs a superuser (`session_replication_role`, `pg_statistic`); without one every
 * database is dropped as before.
 */
import { randomBytes } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { adminQuery, databaseUrl } from './template.js';

/** What the template's schema is made of, as one string: relations, columns, constraints, triggers, functions. */
const SCHEMA = `
  select md5(string_agg(x, '|' order by x)) as schema from (
    select 'r:' || n.nspname || '.' || c.relname || ':' || c.relkind::text as x
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg_toast%' and n.nspname not like 'pg_temp%'
    union all
    select 'a:' || a.attrelid::regclass::text || '.' || a.attname || ':' || a.atttypid::text || ':' || a.attnotnull::text || ':' || a.attisdropped::text
      from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
      where n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg_toast%' and a.attnum > 0
    union all
    select 'k:' || conrelid::regclass::text || '.' || conname || ':' || convalidated::text from pg_constraint where connamespace <> 'pg_catalog'::regnamespace
    union all
    select 't:' || tgrelid::regclass::text || '.' || tgname || ':' || tgenabled::text from pg_trigger where not tgisinternal
    union all
    select 'f:' || p.oid::regprocedure::text from pg_proc p where p.pronamespace not in ('pg_catalog'::regnamespace, 'information_schema'::regnamespace)
    union all
    select 'd:' || adrelid::regclass::text || '.' || adnum::text || ':' || pg_get_expr(adbin, adrelid) from pg_attrdef
  ) s`;

const TABLES = `
  select format('%I.%I', schemaname, tablename) as name from pg_tables
  where schemaname not in ('pg_catalog', 'information_schema', 'drizzle') order by 1`;

const NUMBER_SEQUENCES = `
  select format('%I.%I', n.nspname, c.relname) as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
  where c.relkind = 'S' and c.relname like 'appeal\\_number\\_%'`;

/** A connection to one database, whichever engine. */
interface Sql {
  rows<T>(text: string): Promise<T[]>;
  exec(text: string): Promise<void>;
}

/** Every sequence (the counties' number sequences are dropped instead) and where it starts. */
const SEQUENCES = `
  select format('%I.%I', schemaname, sequencename) as name, start_value::text as start from pg_sequences
  where schemaname not in ('pg_catalog', 'information_schema') and sequencename not like 'appeal\\_number\\_%' order by 1`;

interface Template {
  schema: string;
  /** The statements that empty every table and restart every sequence. */
  empty: string;
}

/**
 * The template's shape, and how to empty a copy. PGlite: one TRUNCATE (it has no autovacuum to clear the
 * dead rows DELETE would leave). PostgreSQL: a DELETE of each table and every sequence set back to its
 * start, about thirty times quicker there than the TRUNCATE, which makes and syncs new files for every
 * table and index (measured side by side, 118 tables: 0.1 s against 3 s on a loaded machine).
 */
async function describe(sql: Sql, engine: 'pglite' | 'postgres'): Promise<Template> {
  const [{ schema }] = (await sql.rows<{ schema: string }>(SCHEMA)) as [{ schema: string }];
  const tables = (await sql.rows<{ name: string }>(TABLES)).map((r) => r.name);
  if (engine === 'pglite') return { schema, empty: `truncate ${tables.join(', ')} restart identity cascade;` };
  const sequences = await sql.rows<{ name: string; start: string }>(SEQUENCES);
  return {
    schema,
    empty: [...tables.map((t) => `delete from ${t};`), ...sequences.map((q) => `select setval('${q.name}', ${BigInt(q.start)}, false);`)].join('\n'),
  };
}

/** Returns the database to the template's state; false when its schema is no longer the template's. */
async function empty(sql: Sql, template: Template): Promise<boolean> {
  // A transaction a failed test left open ends here (outside one, ROLLBACK only warns).
  await sql.exec('rollback');
  for (const { name } of await sql.rows<{ name: string }>(NUMBER_SEQUENCES)) await sql.exec(`drop sequence ${name}`);
  const [{ schema }] = (await sql.rows<{ schema: string }>(SCHEMA)) as [{ schema: string }];
  if (schema !== template.schema) return false;
  await sql.exec(`
    set session_replication_role = replica;
    ${template.empty}
    delete from pg_statistic where starelid in (select c.oid from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname not in ('pg_catalog', 'information_schema'));
    reset session_replication_role;`);
  await sql.exec('select pg_advisory_unlock_all()');
  await sql.exec('discard all');
  return true;
}

const onPglite = (client: PGlite): Sql => ({
  rows: async <T>(text: string) => (await client.query<T>(text)).rows,
  exec: async (text: string) => {
    await client.exec(text);
  },
});

/** A worker's spare in-memory databases, each the template again, and what the template looks like. */
export class PglitePool {
  private readonly spare: PGlite[] = [];
  private template?: Promise<Template>;
  /** How many times a kept database was handed out again (the tests check that reuse happens). */
  handedOn = 0;

  constructor(private readonly dump: () => Promise<Blob>) {}

  /** A spare database, or a new copy of the template. */
  async take(): Promise<PGlite> {
    const reused = this.spare.pop();
    if (reused) {
      this.handedOn++;
      return reused;
    }
    const client = new PGlite({ loadDataDir: await this.dump() });
    await client.waitReady;
    this.template ??= describe(onPglite(client), 'pglite');
    await this.template;
    return client;
  }

  /** Empties a database an environment is done with and keeps it; closes it when it is not the template's shape. */
  async giveBack(client: PGlite): Promise<void> {
    if (client.closed) return;
    try {
      if (await empty(onPglite(client), await this.template!)) {
        this.spare.push(client);
        return;
      }
    } catch {
      // Whatever state it is in, it is not kept.
    }
    await client.close().catch(() => {});
  }
}

/** Runs `fn` on one new connection to database `name`, which waits at most 10 s for a lock. */
async function onPostgres<T>(name: string, fn: (sql: Sql) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl(name) });
  await client.connect();
  try {
    await client.query(`set lock_timeout = '10s'`);
    return await fn({
      rows: async <R>(text: string) => (await client.query(text)).rows as R[],
      exec: async (text: string) => {
        await client.query(text);
      },
    });
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * A worker's spare databases on the DATABASE_URL server, copies of the template database `template`
 * named `<template>_c_…`: the run's teardown drops whatever is left of them (template.ts).
 */
export class PostgresPool {
  private readonly spare: string[] = [];
  private template?: Promise<Template>;
  handedOn = 0;

  constructor(private readonly templateDatabase: string) {}

  /** A spare database's name, or a new copy of the template's. */
  async take(): Promise<string> {
    const reused = this.spare.pop();
    if (reused) {
      this.handedOn++;
      return reused;
    }
    const name = copyName(this.templateDatabase);
    await adminQuery(`create database ${name} template ${this.templateDatabase}`);
    this.template ??= onPostgres(name, (sql) => describe(sql, 'postgres'));
    await this.template;
    return name;
  }

  /**
   * Empties a database an environment is done with (its connections all closed) and keeps it; drops it
   * when it is not the template's shape, or cannot be emptied (no superuser, a lock still held).
   */
  async giveBack(name: string): Promise<void> {
    try {
      if (await onPostgres(name, async (sql) => empty(sql, await this.template!))) {
        this.spare.push(name);
        return;
      }
    } catch {
      // Whatever state it is in, it is not kept.
    }
    await adminQuery(`drop database if exists ${name} with (force)`);
  }
}

/** The name of a new copy of the template database (their common prefix lets the run's end find them all). */
function copyName(template: string): string {
  return `${template}_c_${randomBytes(4).toString('hex')}`;
}
