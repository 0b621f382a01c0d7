import { defineConfig } from 'vitest/config';

/** Browser tests: the real server plus headless Chromium. Run with `npm run test:e2e` (builds first). */
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.test.ts'],
    globalSetup: ['e2e/global-setup.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 180_000,
    fileParallelism: false,
  },
});
