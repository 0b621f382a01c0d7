/**
 * A PostgreSQL primary and its streaming replica on this machine, for the read-replica scenario: initdb
 * in a temp dir, pg_basebackup -R, each on its own free loopback port; optionally PgBouncer in
 * transaction pooling in front of both. Run as the `postgres` OS user when this process is root (initdb
 * and pgbouncer refuse root). `close()` stops every server and removes the directory, whatever state
 * the start reached.
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { freePort, LOOPBACK } from './ports.js';

const run = promisify(execFile);

/** The directory of initdb, pg_ctl and pg_basebackup, or a reason they are missing. */
export function postgresBinaries(): { dir: string } | { missing: string } {
  let dir: string | undefined;
  try {
    dir = execFileSync('pg_config', ['--bindir'], { encoding: 'utf8' }).trim();
  } catch {
    dir = undefined;
  }
  for (const d of [dir, '/usr/lib/postgresql/17/bin', '/usr/lib/postgresql/16/bin', '/usr/lib/postgresql/15/bin'].filter((x): x is string => !!x)) {
    if (['initdb', 'pg_ctl', 'pg_basebackup'].every((b) => existsSync(path.join(d, b)))) {
      if (process.getuid?.() === 0 && !osUser('postgres')) return { missing: 'running as root and there is no `postgres` OS user to run initdb as' };
      return { dir: d };
    }
  }
  return { missing: 'initdb, pg_ctl and pg_basebackup not found (pg_config --bindir, /usr/lib/postgresql/*/bin)' };
}

export function pgbouncerBinary(): string | undefined {
  for (const p of ['/usr/sbin/pgbouncer', '/usr/bin/pgbouncer', '/usr/local/bin/pgbouncer']) if (existsSync(p)) return p;
  return undefined;
}

function osUser(name: string): boolean {
  try {
    return readFileSync('/etc/passwd', 'utf8').split('\n').some((l) => l.startsWith(`${name}:`));
  } catch {
    return false;
  }
}

export interface Replication {
  dir: string;
  primaryPort: number;
  replicaPort: number;
  /** postgres://postgres@127.0.0.1:<port>/<db> on the primary or the replica. */
  url(where: 'primary' | 'replica', db?: string): string;
  /** Raw SQL on the primary or the replica (a fresh connection each time). */
  query<T = Record<string, unknown>>(where: 'primary' | 'replica', text: string, db?: string): Promise<T[]>;
  /** Stops (and restarts) applying WAL on the replica: it keeps answering, with older data. */
  pauseReplay(): Promise<void>;
  resumeReplay(): Promise<void>;
  /** PgBouncer (transaction pooling) with `primary` and `replica` entries for database `db`; its port. */
  pgbouncer(db: string): Promise<{ port: number; url(entry: 'primary' | 'replica'): string }>;
  close(): Promise<void>;
}

export async function startReplication(binDir: string): Promise<Replication> {
  const asRoot = process.getuid?.() === 0;
  const dir = mkdtempSync(path.join(tmpdir(), 'tingsu-replication-'));
  const as = (cmd: string, args: string[]) => (asRoot ? run('runuser', ['-u', 'postgres', '--', cmd, ...args]) : run(cmd, args));
  if (asRoot) execFileSync('chown', ['postgres:', dir]);
  const primaryDir = path.join(dir, 'primary');
  const replicaDir = path.join(dir, 'replica');
  const started: string[] = [];
  let bouncerPidFile: string | undefined;
  const bin = (b: string) => path.join(binDir, b);

  const close = async () => {
    const errors: string[] = [];
    if (bouncerPidFile && existsSync(bouncerPidFile)) {
      try {
        process.kill(Number(readFileSync(bouncerPidFile, 'utf8').trim()), 'SIGINT');
      } catch (err) {
        errors.push(`pgbouncer: ${(err as Error).message}`);
      }
    }
    for (const d of started.reverse()) {
      await as(bin('pg_ctl'), ['-D', d, '-m', 'immediate', '-w', 'stop']).catch((err: Error) => errors.push(`pg_ctl stop ${d}: ${err.message}`));
    }
    rmSync(dir, { recursive: true, force: true });
    if (errors.length) throw new Error(errors.join('\n'));
  };

  try {
    const [primaryPort, replicaPort] = [await freePort(), await freePort()];
    const settings = (port: number) =>
      [
        `port = ${port}`,
        `listen_addresses = '${LOOPBACK}'`,
        `unix_socket_directories = '${dir}'`,
        // A throwaway cluster: no flushes to wait for.
        'fsync = off',
        'synchronous_commit = off',
        'full_page_writes = off',
        'max_connections = 100',
        'shared_buffers = 32MB',
        'wal_level = replica',
        'max_wal_senders = 4',
        'hot_standby = on',
        // Short waits for a standby so that replay is never held back by a long query.
        'max_standby_streaming_delay = 1s',
      ].join('\n') + '\n';
    await as(bin('initdb'), ['-D', primaryDir, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8', '--locale=C']);
    appendFileSync(path.join(primaryDir, 'postgresql.conf'), settings(primaryPort));
    await as(bin('pg_ctl'), ['-D', primaryDir, '-l', path.join(dir, 'primary.log'), '-w', '-t', '60', 'start']);
    started.push(primaryDir);
    await as(bin('pg_basebackup'), ['-h', LOOPBACK, '-p', String(primaryPort), '-U', 'postgres', '-D', replicaDir, '-R', '-X', 'stream', '--no-sync']);
    appendFileSync(path.join(replicaDir, 'postgresql.conf'), `port = ${replicaPort}\n`);
    await as(bin('pg_ctl'), ['-D', replicaDir, '-l', path.join(dir, 'replica.log'), '-w', '-t', '60', 'start']);
    started.push(replicaDir);

    const url = (where: 'primary' | 'replica', db = 'postgres') => `postgres://postgres@${LOOPBACK}:${where === 'primary' ? primaryPort : replicaPort}/${db}`;
    const query = async <T>(where: 'primary' | 'replica', text: string, db?: string) => {
      const c = new pg.Client({ connectionString: url(where, db), connectionTimeoutMillis: 10_000 });
      await c.connect();
      try {
        return (await c.query(text)).rows as T[];
      } finally {
        await c.end();
      }
    };
    return {
      dir,
      primaryPort,
      replicaPort,
      url,
      query,
      async pauseReplay() {
        await query('replica', 'select pg_wal_replay_pause()');
      },
      async resumeReplay() {
        await query('replica', 'select pg_wal_replay_resume()');
      },
      async pgbouncer(db: string) {
        const port = await freePort();
        const ini = path.join(dir, 'pgbouncer.ini');
        const users = path.join(dir, 'userlist.txt');
        bouncerPidFile = path.join(dir, 'pgbouncer.pid');
        writeFileSync(users, '"postgres" ""\n');
        writeFileSync(
          ini,
          [
            '[databases]',
            `primary = host=${LOOPBACK} port=${primaryPort} dbname=${db}`,
            `replica = host=${LOOPBACK} port=${replicaPort} dbname=${db}`,
            '[pgbouncer]',
            `listen_addr = ${LOOPBACK}`,
            `listen_port = ${port}`,
            "unix_socket_dir = ''",
            'auth_type = trust',
            `auth_file = ${users}`,
            'pool_mode = transaction',
            // Fewer server connections than the instances' pools hold clients: they must share.
            'default_pool_size = 6',
            'max_client_conn = 200',
            `logfile = ${path.join(dir, 'pgbouncer.log')}`,
            `pidfile = ${bouncerPidFile}`,
            '',
          ].join('\n'),
        );
        if (asRoot) execFileSync('chown', ['postgres:', ini, users]);
        await as(pgbouncerBinary()!, ['-d', ini]);
        return { port, url: (entry: 'primary' | 'replica') => `postgres://postgres@${LOOPBACK}:${port}/${entry}` };
      },
      close,
    };
  } catch (err) {
    const logs = ['primary.log', 'replica.log']
      .map((f) => path.join(dir, f))
      .filter((f) => existsSync(f))
      .map((f) => `${path.basename(f)}:\n${readFileSync(f, 'utf8').slice(-2000)}`)
      .join('\n');
    await close().catch(() => undefined);
    throw new Error(`${(err as Error).message}\n${logs}`, { cause: err });
  }
}
