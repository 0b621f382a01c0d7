/**
 * Runs before each test file. Test files share their worker's modules (vitest.config.ts: isolate
 * false), so what a file may rely on from a fresh start is reset here: the factories' numbering and
 * the id clock (an id made "at" a given time carries that time, whatever an earlier file made).
 */
import { restartIdClock } from '../platform/ids.js';
import { resetFactories } from './helpers.js';

resetFactories();
restartIdClock();
