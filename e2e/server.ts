/**
 * The real server for the browser tests, started as a user would (`tingsu demo`) on a data directory and
 * a free port. No vitest here: `e2e/prepare-demo.ts` uses it outside a test run to load the demo once.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** Used when the startup output cannot be read; the demo prints its shared password. */
const FALLBACK_DEMO_PASSWORD = 'Tingsu2026';

export interface RunningServer {
  url: string;
  demoPassword: string;
  output: () => string;
  /** Stops the server and removes its data directory (unless `keep`). */
  stop: (opts?: { keep?: boolean }) => Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** The built server when present (after `npm run build`), else the TypeScript sources through tsx. */
function serverCommand(): string[] {
  const built = path.join(ROOT, 'dist', 'server', 'cli.js');
  if (existsSync(built)) return [built, 'demo'];
  return ['--import', 'tsx', path.join(ROOT, 'server', 'cli.ts'), 'demo'];
}

/**
 * `tingsu demo` on `dataDir` (the server loads the demo itself when the directory is empty), once it
 * answers and has printed the demo accounts.
 */
export async function spawnDemoServer(dataDir: string, extraEnv: Record<string, string> = {}): Promise<RunningServer> {
  if (!existsSync(path.join(ROOT, 'dist', 'web', 'index.html'))) {
    throw new Error('dist/web/index.html is missing: run `npm run build` (or `npx vite build`) before the browser tests');
  }
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), HOST: '127.0.0.1', TINGSU_DATA_DIR: dataDir, ...extraEnv };
  // DATABASE_URL, when set, passes through: the demo then loads into that database.
  const child: ChildProcess = spawn(process.execPath, serverCommand(), { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr!.on('data', (b: Buffer) => (out += b.toString()));
  let exited: number | null = null;
  const exit = new Promise<void>((resolve) =>
    child.on('exit', (code) => {
      exited = code ?? -1;
      resolve();
    }),
  );

  const url = `http://127.0.0.1:${port}`;
  const stop = async (o: { keep?: boolean } = {}) => {
    if (exited === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exit;
      clearTimeout(timer);
    }
    if (!o.keep) rmSync(dataDir, { recursive: true, force: true });
  };

  // Loading the demo takes under a minute on a quiet machine; a busy one can take several.
  const deadline = Date.now() + 480_000;
  for (;;) {
    if (exited !== null) throw new Error(`the server exited (${exited}) before it was ready:\n${out}`);
    try {
      const res = await fetch(`${url}/healthz`);
      // The demo accounts are printed once the server listens; wait for them to read the password.
      if (res.ok && /demo accounts/.test(out)) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`the server was not ready within the time limit:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  const demoPassword = /\(password ([^)\s]+)\)/.exec(out)?.[1] ?? FALLBACK_DEMO_PASSWORD;
  return { url, demoPassword, output: () => out, stop };
}

/**
 * `tingsu demo` on a fresh temporary data directory: a copy of `demoDataDir` (a directory where the demo
 * is loaded, see e2e/global-setup.ts) when given, else empty (the server then loads the demo itself, or
 * finds it in DATABASE_URL's database). A start that fails removes the directory.
 */
export async function spawnOnDemoCopy(demoDataDir?: string, extraEnv: Record<string, string> = {}): Promise<RunningServer> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'tingsu-e2e-'));
  try {
    if (demoDataDir) cpSync(demoDataDir, dataDir, { recursive: true });
    return await spawnDemoServer(dataDir, extraEnv);
  } catch (err) {
    rmSync(dataDir, { recursive: true, force: true });
    throw err;
  }
}
