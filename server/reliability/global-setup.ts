/**
 * Seeds one PGlite data directory for the whole run (the embedded database's initdb takes most of half
 * a minute on a busy machine); each scenario then starts on a copy of it (`Scope.seeded`).
 * On PostgreSQL (DATABASE_URL) nothing is made here: a database there is created and seeded in seconds.
 */
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { tempDataDir } from './databases.js';
import { seedWorld } from './world.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A seeded PGlite data directory to copy, with `world.json` and `env.json` beside its `pg` folder. */
    pgliteTemplate?: string;
  }
}

export default async function setup(project: TestProject) {
  if (process.env.DATABASE_URL) return;
  const db = tempDataDir();
  const world = await seedWorld(db);
  writeFileSync(path.join(db.dataDir!, 'world.json'), JSON.stringify(world));
  writeFileSync(path.join(db.dataDir!, 'env.json'), JSON.stringify(db.env));
  project.provide('pgliteTemplate', db.dataDir!);
  return () => rmSync(db.dataDir!, { recursive: true, force: true });
}
