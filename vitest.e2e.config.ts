import { defineConfig } from 'vitest/config';

/** Browser tests: the real server plus headless Chromium. Run with `npm run test:e2e` (builds first). */
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.test.ts'],
    globalSetup: ['e2e/global-setup.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 500_000,
    // One file at a time: two side by side made each file about 2.3× slower on 2 cores (Chromium's
    // rendering, the server and the test runner already fill them), so nothing was gained. The next
    // file's server starts while a file runs (e2e/pool.ts).
    fileParallelism: false,
    // …in one worker process, kept from file to file: each file no longer loads Playwright and the harness
    // afresh, and the files share one Chromium process (e2e/harness.ts launchBrowser; each file's pages
    // are in browser contexts of their own). Each file still gets a server and a workspace of its own.
    isolate: false,
    // A page on a busy 2-core machine can take seconds to re-render; expect.poll's 1 s default made
    // CI fail where nothing was wrong. Waiting longer costs nothing when the page is quick.
    expect: { poll: { timeout: 15_000, interval: 100 } },
  },
});
