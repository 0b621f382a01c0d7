import { defineConfig } from 'vitest/config';

/**
 * The reliability suite: real server processes killed, cut off from their database, run out of disk.
 * `npm run test:reliability` (PGlite data directories), or with DATABASE_URL for PostgreSQL.
 * One file at a time: each starts its own servers, and the machine has two cores.
 */
export default defineConfig({
  test: {
    include: ['server/reliability/**/*.test.ts'],
    globalSetup: ['server/reliability/global-setup.ts'],
    environment: 'node',
    // Generous bounds: a scenario starts servers several times, and CI machines are shared. Every wait
    // inside has its own deadline, so a stuck scenario fails with what it was waiting for.
    testTimeout: 300_000,
    hookTimeout: 300_000,
    fileParallelism: false,
    pool: 'forks',
  },
});
