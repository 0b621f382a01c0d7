/**
 * Runs before each test file. Test files share their worker's modules (vitest.config.ts: isolate
 * false), so what a file may rely on from a fresh start is reset here.
 */
import { resetFactories } from './helpers.js';

resetFactories();
