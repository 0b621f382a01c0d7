/**
 * Loads the demo workspace once for all browser test files (on PGlite): each file's server then
 * starts on a copy of it instead of loading it again. On PostgreSQL the first server loads the demo
 * into the database and the others find it there.
 *
 * The files' servers come from a pool that starts each one while the file before runs (e2e/pool.ts).
 *
 * TINGSU_E2E_DEMO_DIR names a directory `e2e/prepare-demo.ts` already filled (CI makes it while the
 * reliability suite runs); it is used as it is and left in place.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { startServerPool } from './pool.js';
import { spawnDemoServer } from './server.js';

export default async function setup(project: TestProject) {
  if (process.env.DATABASE_URL) return;
  // A server is kept starting ahead for each file that runs at once (vitest.e2e.config.ts).
  const atOnce = Math.max(1, Number(project.config.maxWorkers) || 1);
  const poolOptions = { ahead: atOnce, total: (await project.globTestFiles()).testFiles.length };
  const prepared = process.env.TINGSU_E2E_DEMO_DIR;
  if (prepared) {
    if (!existsSync(path.join(prepared, 'pg', 'PG_VERSION'))) throw new Error(`TINGSU_E2E_DEMO_DIR=${prepared} holds no loaded demo: run e2e/prepare-demo.ts first`);
    project.provide('demoDataDir', prepared);
    const pool = await startServerPool(prepared, poolOptions);
    project.provide('serverPool', pool.url);
    return () => pool.close();
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'tingsu-e2e-demo-'));
  const server = await spawnDemoServer(dir);
  await server.stop({ keep: true });
  project.provide('demoDataDir', dir);
  const pool = await startServerPool(dir, poolOptions);
  project.provide('serverPool', pool.url);
  return async () => {
    await pool.close();
    rmSync(dir, { recursive: true, force: true });
  };
}
