import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['server/**/*.test.ts', 'web/src/**/*.test.ts', 'scripts/**/*.test.ts'],
    // Real server processes, killed and restarted: `npm run test:reliability` (vitest.reliability.config.ts).
    exclude: ['server/reliability/**', '**/node_modules/**'],
    environment: 'node',
    // Bounds for a stuck test, not for a slow one: on a 2-core machine shared with other work (load 14 and
    // more) a file's setup that takes a few seconds alone has taken over a minute.
    testTimeout: 60_000,
    hookTimeout: 180_000,
    // PGlite is single-threaded WASM: two workers suit a 2-core machine.
    maxWorkers: 2,
    // Migrates once per run into a template that every test environment copies (server/test/template.ts).
    globalSetup: ['server/test/global-setup.ts'],
    pool: 'forks',
    // Test files run one after another in each worker and share its modules: the server's code is
    // loaded once per worker rather than once per file. What a file relies on from a fresh start is
    // reset per file by the setup file.
    isolate: false,
    setupFiles: ['server/test/setup-file.ts'],
  },
});
