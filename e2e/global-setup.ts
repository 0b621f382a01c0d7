/**
 * Loads the demo workspace once for all browser test files (on PGlite): each file's server then
 * starts on a copy of it instead of loading it again. On PostgreSQL the first server loads the demo
 * into the database and the others find it there.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { startServer } from './harness.js';

export default async function setup(project: TestProject) {
  if (process.env.DATABASE_URL) return;
  const dir = mkdtempSync(path.join(tmpdir(), 'tingsu-e2e-demo-'));
  const server = await startServer({ dataDir: dir });
  await server.stop({ keep: true });
  project.provide('demoDataDir', dir);
  return () => rmSync(dir, { recursive: true, force: true });
}
