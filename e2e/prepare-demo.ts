/**
 * Loads the demo workspace into a new embedded data directory for the browser tests, ahead of them:
 * `npx tsx e2e/prepare-demo.ts DIR` (after `npm run build`), then run them with TINGSU_E2E_DEMO_DIR=DIR.
 * CI does this while the reliability suite runs, which mostly waits.
 */
import { mkdirSync, readdirSync } from 'node:fs';
import { spawnDemoServer } from './server.js';

const dir = process.argv[2];
if (!dir) throw new Error('usage: tsx e2e/prepare-demo.ts DIR (an empty or new directory)');
mkdirSync(dir, { recursive: true });
if (readdirSync(dir).length > 0) throw new Error(`${dir} is not empty`);
const started = Date.now();
const server = await spawnDemoServer(dir);
await server.stop({ keep: true });
process.stdout.write(`the demo workspace is in ${dir} (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
