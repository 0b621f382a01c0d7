/**
 * One contender for the data-directory lock, driven over stdin by datadir-lock.test.ts:
 *   "go <dir> <epochMs>"  spin until the wall clock reaches epochMs, try the lock, answer "won" or "lost"
 *   "release"             release the lock if held, answer "released"
 * Many of these started together and released at one instant show whether two can win at once.
 */
import { createInterface } from 'node:readline';
import { acquireDataDirLock, DataDirLockedError, type DataDirLock } from '../platform/datadir-lock.js';

let held: DataDirLock | undefined;
const say = (s: string) => process.stdout.write(s + '\n');

createInterface({ input: process.stdin }).on('line', (line) => {
  const [cmd, dir, at] = line.trim().split(' ');
  if (cmd === 'go') {
    while (Date.now() < Number(at)) {
      /* spin: every contender leaves the line at the same instant */
    }
    try {
      held = acquireDataDirLock(dir);
      say('won');
    } catch (err) {
      say(err instanceof DataDirLockedError ? 'lost' : `error ${(err as Error).message}`);
    }
  } else if (cmd === 'release') {
    held?.release();
    held = undefined;
    say('released');
  }
});
say('ready');
