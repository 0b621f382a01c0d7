import { defineConfig } from 'vitest/config';

/** Browser tests: the real server plus headless Chromium. Run with `npm run test:e2e` (builds first). */
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.test.ts'],
    globalSetup: ['e2e/global-setup.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 500_000,
    // Two files side by side, each with its own server (started ahead by e2e/pool.ts) and browser: one
    // file keeps about one core busy (measured: 594 s of CPU over a 29.5 min run at load 15–21), so a
    // 2-core machine had one core idle.
    fileParallelism: true,
    maxWorkers: 2,
    // A page on a busy 2-core machine can take seconds to re-render; expect.poll's 1 s default made
    // CI fail where nothing was wrong. Waiting longer costs nothing when the page is quick.
    expect: { poll: { timeout: 15_000, interval: 100 } },
  },
});
