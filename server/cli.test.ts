import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileServer, type CompiledServer } from './test/compiled.js';
import { seedDataDir } from './test/helpers.js';

/** The `tingsu` command, compiled from the TypeScript sources, on its own embedded data directory. */
// One process (no wrapper in between), so signals reach the server itself.
const NODE = process.execPath;
let compiled: CompiledServer | undefined;
const ARGS: string[] = [];
const dataDir = mkdtempSync(path.join(tmpdir(), 'tingsu-cli-'));
// The command runs on its embedded database whatever DATABASE_URL says (see env below), so the run
// on PostgreSQL would repeat the embedded run step for step: it is skipped there.
const repeatOfEmbeddedRun = !!process.env.DATABASE_URL;

beforeAll(async () => {
  if (repeatOfEmbeddedRun) return;
  compiled = await compileServer();
  ARGS.push(compiled.cli);
  // The directory as a first `tingsu migrate` leaves it (the migrated template, server/test/template.ts).
  await seedDataDir(dataDir);
}, 60_000);

function env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const e: NodeJS.ProcessEnv = { ...process.env, TINGSU_DATA_DIR: dataDir, TINGSU_LOG_LEVEL: 'warn', TINGSU_SERVE_WEB: 'false', ...extra };
  delete e.DATABASE_URL; // these tests are about the embedded database and its lock
  return e;
}

function run(args: string[], extra: Record<string, string> = {}) {
  const r = spawnSync(NODE, [...ARGS, ...args], { env: env(extra), encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** Waits for the server to answer /healthz: up to two minutes, as a start on a heavily loaded machine can take. */
async function waitHealthy(url: string, proc: ChildProcess): Promise<void> {
  for (const deadline = Date.now() + 120_000; Date.now() < deadline; ) {
    if (proc.exitCode !== null) throw new Error(`server exited with ${proc.exitCode}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) return;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('server did not become healthy');
}

function exited(proc: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => (proc.exitCode !== null ? resolve(proc.exitCode) : proc.once('exit', (code) => resolve(code))));
}

const started: ChildProcess[] = [];
afterAll(() => {
  for (const p of started) if (p.exitCode === null) p.kill('SIGKILL');
  compiled?.remove();
  rmSync(dataDir, { recursive: true, force: true });
});

describe.skipIf(repeatOfEmbeddedRun)('tingsu command', () => {
  let apiKey = '';

  it('stops with a message naming a bad setting', () => {
    const r = run(['migrate'], { PORT: 'eighty' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('PORT');
  });

  it('creates an account and an API key while the server is stopped; the key alone on the last line', () => {
    const u = run(['user', 'add', '--username', 'ops', '--name', '运维', '--role', 'admin', '--password', 'Ops12345xy']);
    expect(u.code).toBe(0);
    expect(u.stdout).toContain('created ops');
    const k = run(['apikey', 'create', '--name', '12345 热线对接', '--role', 'dispatcher', '--region', 'all']);
    expect(k.code).toBe(0);
    const lines = k.stdout.trim().split('\n');
    apiKey = lines.at(-1)!;
    expect(apiKey).toMatch(/^tsk_[A-Za-z0-9_-]{40,}$/);
    const bad = run(['user', 'add', '--username', 'x', '--role', 'wizard']);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('unknown role');
  }, 90_000); // three CLI processes, each opening the embedded database

  it('refuses to generate into a database that holds data without --force', () => {
    const r = run(['generate', '--profile', 'demo']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('--force');
  });

  it('locks the data directory, shuts down gracefully and keeps everything across a restart', async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const server = spawn(NODE, [...ARGS, 'serve'], { env: env({ PORT: String(port), HOST: '127.0.0.1' }), stdio: 'pipe' });
    started.push(server);
    await waitHealthy(url, server);

    // A second process on the same directory exits non-zero and touches nothing.
    const second = run(['migrate']);
    expect(second.code).toBe(2);
    expect(second.stderr).toContain('正在被进程');
    expect(second.stderr).toContain(String(server.pid));

    const login = await fetch(`${url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'ops', password: 'Ops12345xy' }),
    });
    expect(login.status).toBe(200);
    const withKey = await fetch(`${url}/api/auth/me`, { headers: { authorization: `Bearer ${apiKey}` } });
    // An API key is not an account: /auth/me answers 401 for it, but the key itself is accepted.
    expect([200, 401]).toContain(withKey.status);
    const roots = await fetch(`${url}/api/regions/roots`, { headers: { authorization: `Bearer ${apiKey}` } });
    expect(roots.status).toBe(200);

    server.kill('SIGTERM');
    expect(await exited(server)).toBe(0);
    expect(existsSync(path.join(dataDir, 'tingsu.lock'))).toBe(false);

    const again = spawn(NODE, [...ARGS, 'serve'], { env: env({ PORT: String(port), HOST: '127.0.0.1' }), stdio: 'pipe' });
    started.push(again);
    await waitHealthy(url, again);
    const relogin = await fetch(`${url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'ops', password: 'Ops12345xy' }),
    });
    expect(relogin.status).toBe(200);
    again.kill('SIGINT');
    expect(await exited(again)).toBe(0);
  }, 300_000);
});
