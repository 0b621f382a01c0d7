/**
 * The reliability harness: real Tingsu server processes (not `app.inject`) on a throwaway database,
 * killed and restarted by the tests, with the outside world they talk to (PostgreSQL through a proxy
 * that can be cut, an SMS gateway that can be slow or fail) on loopback addresses only.
 *
 *   const scope = new Scope();                       // afterAll(() => scope.close())
 *   const { db, world } = await scope.seeded();      // PostgreSQL when DATABASE_URL is set, else a PGlite dir,
 *                                                    // with regions, categories, limits and accounts
 *   await db.use((database) => ...);                 // more rows, written before a server starts
 *   const server = await scope.server(db, { env: { TINGSU_JOBS: 'true' } });
 *   const as = await server.signIn(world.dispatcher);
 *   await as.post('/api/appeals', appealBody(i));
 *   await server.kill9();  await server.start();     // the same server again, same port and database
 *
 * Every wait has a deadline and every resource is registered with the scope, which closes them in
 * reverse order even when a test failed half-way.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { inject } from 'vitest';
import { signInAt, type Client } from './client.js';
import { tempDataDir, throwawayPostgres, type TestDatabase } from './databases.js';
import { startSmsGateway, type SmsGateway } from './gateway.js';
import { startTcpProxy, type TcpProxy } from './proxy.js';
import { seedWorld, type World } from './world.js';
import { freePort, LOOPBACK } from './ports.js';

export { request, type Client } from './client.js';
export { tempDataDir, type TestDatabase } from './databases.js';
export type { SmsGateway } from './gateway.js';
export type { TcpProxy } from './proxy.js';
export { seedWorld, appealBody, type World } from './world.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Polls `check` until it returns a value other than undefined/false, or fails after `timeoutMs`. */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 30_000, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v !== undefined && v !== false) return v as T;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

// ---------------------------------------------------------------------------------------------
// Server processes

export interface ServerOptions {
  /** Extra environment for the server, e.g. TINGSU_JOBS, TINGSU_SMS_WEBHOOK_URL, TINGSU_JOB_LEASE_MS. */
  env?: Record<string, string>;
  /** Milliseconds to wait for /healthz on each start (default 120 s: a busy machine, a recovering database). */
  readyTimeoutMs?: number;
}

export interface TingsuServer {
  readonly url: string;
  readonly port: number;
  /** The current process's pid (undefined when not running). */
  readonly pid: number | undefined;
  readonly running: boolean;
  /** The exit code or signal of the last process once it ended. */
  readonly exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  /** Starts (or starts again after kill9/stop) the process and waits until /healthz answers 200. */
  start(): Promise<void>;
  /** Starts without waiting for health (for servers expected to refuse to start). */
  spawn(): void;
  /** Waits for the current process to end (bounded). */
  exited(timeoutMs?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGKILL: no shutdown hook runs. Resolves when the process is gone. */
  kill9(): Promise<void>;
  /** SIGTERM and a graceful close (SIGKILL after 15 s). */
  stop(): Promise<void>;
  /** Everything the server wrote to stdout and stderr, over all its lives. */
  log(): string;
  /** The log's JSON lines (pino), parsed; other lines skipped. */
  logLines(): Record<string, unknown>[];
  fetch(pathname: string, init?: RequestInit): Promise<Response>;
  /** Signs in through POST /api/auth/login; the session sends the cookie and CSRF token. */
  signIn(account: { username: string; password: string }): Promise<Client>;
}

let built: boolean | undefined;
/**
 * The built server (dist/server/main.js) when it is newer than every source file under server/, else the
 * sources through tsx. A scenario starts servers again and again, and each start through tsx costs about
 * twice the CPU of the built one (its transform, then the same imports): CI builds before this suite.
 */
function serverArgs(): string[] {
  const main = path.join(ROOT, 'dist', 'server', 'main.js');
  built ??= existsSync(main) && statSync(main).mtimeMs >= newestSource(path.join(ROOT, 'server'));
  return built ? [main] : ['--import', 'tsx', path.join(ROOT, 'server', 'main.ts')];
}

/** The latest modification time of a TypeScript or SQL file under `dir`. */
function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && /\.(ts|sql|json)$/.test(entry.name)) newest = Math.max(newest, statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

/** A Tingsu server process for `db` on a free loopback port (not started: call `start`). */
async function createTingsuServer(db: TestDatabase, opts: ServerOptions = {}): Promise<TingsuServer> {
  const port = await freePort();
  const url = `http://${LOOPBACK}:${port}`;
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    TZ: process.env.TZ,
    NODE_ENV: 'production',
    HOST: LOOPBACK,
    PORT: String(port),
    TINGSU_LOG_LEVEL: 'info',
    TINGSU_SERVE_WEB: 'false',
    TINGSU_JOBS: 'false',
    ...db.env,
    ...opts.env,
  };
  let child: ChildProcess | undefined;
  let exitInfo: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  let exitPromise: Promise<{ code: number | null; signal: NodeJS.Signals | null }> = Promise.resolve({ code: null, signal: null });
  let out = '';

  const spawnChild = () => {
    if (child && !exitInfo) throw new Error('the server is already running');
    exitInfo = undefined;
    const c = spawn(process.execPath, serverArgs(), { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    child = c;
    out += `\n--- start pid ${c.pid}\n`;
    c.stdout!.on('data', (b: Buffer) => (out += b.toString()));
    c.stderr!.on('data', (b: Buffer) => (out += b.toString()));
    exitPromise = new Promise((resolve) =>
      c.on('exit', (code, signal) => {
        exitInfo = { code, signal };
        out += `\n--- exit pid ${c.pid} code ${code} signal ${signal}\n`;
        resolve(exitInfo);
      }),
    );
  };

  const exited = async (timeoutMs = 30_000) => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`the server (pid ${child?.pid}) did not exit within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      return await Promise.race([exitPromise, timeout]);
    } finally {
      clearTimeout(timer);
    }
  };

  const server: TingsuServer = {
    url,
    port,
    get pid() {
      return exitInfo ? undefined : child?.pid;
    },
    get running() {
      return !!child && !exitInfo;
    },
    get exit() {
      return exitInfo;
    },
    spawn: spawnChild,
    exited,
    async start() {
      spawnChild();
      const me = child;
      await waitFor(
        `the server on port ${port} to answer /healthz`,
        async () => {
          if (exitInfo && child === me) throw new Error(`the server exited (${exitInfo.code ?? exitInfo.signal}) before it was ready:\n${out.slice(-4000)}`);
          const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2_000) });
          return res.status === 200;
        },
        opts.readyTimeoutMs ?? 120_000,
        200,
      ).catch(async (err) => {
        if (!exitInfo) await server.kill9();
        throw new Error(`${(err as Error).message}\n${out.slice(-4000)}`);
      });
    },
    async kill9() {
      if (!child || exitInfo) return;
      child.kill('SIGKILL');
      await exited(10_000);
    },
    async stop() {
      if (!child || exitInfo) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child?.kill('SIGKILL'), 15_000);
      try {
        await exited(20_000);
      } finally {
        clearTimeout(timer);
      }
    },
    log: () => out,
    logLines() {
      const lines: Record<string, unknown>[] = [];
      for (const line of out.split('\n')) {
        if (!line.startsWith('{')) continue;
        try {
          lines.push(JSON.parse(line) as Record<string, unknown>);
        } catch {
          /* a line cut by the kill */
        }
      }
      return lines;
    },
    fetch: (pathname, init) => fetch(`${url}${pathname}`, { ...init, signal: init?.signal ?? AbortSignal.timeout(30_000) }),
    signIn: (account) => signInAt(url, account),
  };
  return server;
}

// ---------------------------------------------------------------------------------------------
// The scope: everything a test file starts, closed in reverse order in afterAll

export class Scope {
  private readonly closers: { what: string; close: () => Promise<void> }[] = [];

  /** Registers a resource to close; returns it. */
  track<T>(what: string, resource: T, close: (r: T) => Promise<void>): T {
    this.closers.push({ what, close: () => close(resource) });
    return resource;
  }

  /**
   * A database with the world seeded (regions, categories, limits, accounts). On PGlite a copy of the
   * data directory global-setup.ts seeded once (when there is one), else a fresh one seeded here.
   */
  async seeded(kind?: 'pglite' | 'postgres'): Promise<{ db: TestDatabase; world: World }> {
    const pick = kind ?? (process.env.DATABASE_URL ? 'postgres' : 'pglite');
    const template = pick === 'pglite' ? inject('pgliteTemplate') : undefined;
    if (template && existsSync(path.join(template, 'world.json'))) {
      const dataDir = mkdtempSync(path.join(tmpdir(), 'tingsu-rel-'));
      cpSync(template, dataDir, { recursive: true });
      const db = tempDataDir(dataDir, JSON.parse(readFileSync(path.join(template, 'env.json'), 'utf8')) as Record<string, string>);
      this.track(`database ${dataDir}`, db, (d) => d.drop());
      return { db, world: JSON.parse(readFileSync(path.join(template, 'world.json'), 'utf8')) as World };
    }
    const db = await this.database(pick);
    return { db, world: await seedWorld(db) };
  }

  async database(kind?: 'pglite' | 'postgres'): Promise<TestDatabase> {
    const pick = kind ?? (process.env.DATABASE_URL ? 'postgres' : 'pglite');
    if (pick === 'postgres' && !process.env.DATABASE_URL) throw new Error('DATABASE_URL is not set: this scenario needs PostgreSQL');
    const db = pick === 'postgres' ? await throwawayPostgres() : tempDataDir();
    return this.track(`database ${db.url ?? db.dataDir}`, db, (d) => d.drop());
  }

  /** A server process for `db`, started (unless `start: false`) and killed at the end. */
  async server(db: TestDatabase, opts: ServerOptions & { start?: boolean } = {}): Promise<TingsuServer> {
    const s = await createTingsuServer(db, opts);
    this.track(`server ${s.url}`, s, (x) => x.kill9());
    if (opts.start !== false) await s.start();
    return s;
  }

  async smsGateway(): Promise<SmsGateway> {
    return this.track('sms gateway', await startSmsGateway(), (g) => g.close());
  }

  async tcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
    return this.track('tcp proxy', await startTcpProxy(target), (p) => p.close());
  }

  /** Closes everything, newest first; reports every failure after trying them all. */
  async close(): Promise<void> {
    const errors: string[] = [];
    while (this.closers.length) {
      const c = this.closers.pop()!;
      try {
        await c.close();
      } catch (err) {
        errors.push(`${c.what}: ${(err as Error).message}`);
      }
    }
    if (errors.length) throw new Error(`cleanup failed:\n${errors.join('\n')}`);
  }
}
