/**
 * Loads the demo workspace once for all browser test files (on PGlite): each file's server then
 * starts on a copy of it instead of loading it again. On PostgreSQL the first server loads the demo
 * into the database and the others find it there.
 *
 * TINGSU_E2E_DEMO_DIR names a directory `e2e/prepare-demo.ts` already filled (CI makes it while the
 * reliability suite runs); it is used as it is and left in place.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { spawnDemoServer } from './server.js';

export default async function setup(project: TestProject) {
  if (process.env.DATABASE_URL) return;
  const prepared = process.env.TINGSU_E2E_DEMO_DIR;
  if (prepared) {
    if (!existsSync(path.join(prepared, 'pg', 'PG_VERSION'))) throw new Error(`TINGSU_E2E_DEMO_DIR=${prepared} holds no loaded demo: run e2e/prepare-demo.ts first`);
    project.provide('demoDataDir', prepared);
    return;
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'tingsu-e2e-demo-'));
  const server = await spawnDemoServer(dir);
  await server.stop({ keep: true });
  project.provide('demoDataDir', dir);
  return () => rmSync(dir, { recursive: true, force: true });
}
