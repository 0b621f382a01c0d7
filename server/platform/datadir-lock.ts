import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';

export interface DataDirLock {
  release(): void;
}

export class DataDirLockedError extends Error {
  constructor(
    public readonly dataDir: string,
    public readonly pid: number,
  ) {
    super(
      `数据目录 ${dataDir} 正在被进程 ${pid} 使用；请先停止该进程。\n` +
        `The data directory ${dataDir} is in use by process ${pid}; stop it first.`,
    );
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * One process at a time on an embedded data directory: PGlite has no server to arbitrate, and two
 * writers would corrupt it. A lock file left by a crashed process (its pid gone) is taken over.
 */
const heldHere = new Set<string>();

export function acquireDataDirLock(dataDir: string): DataDirLock {
  const file = path.join(dataDir, 'tingsu.lock');
  if (heldHere.has(file)) throw new DataDirLockedError(dataDir, process.pid);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx', 0o600);
      writeSync(fd, JSON.stringify({ pid: process.pid, host: hostname(), since: new Date().toISOString() }));
      closeSync(fd);
      heldHere.add(file);
      let released = false;
      return {
        release() {
          if (released) return;
          released = true;
          heldHere.delete(file);
          try {
            unlinkSync(file);
          } catch {
            /* already gone */
          }
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      let holder = 0;
      try {
        holder = Number(JSON.parse(readFileSync(file, 'utf8')).pid) || 0;
      } catch {
        holder = 0;
      }
      // Our own pid in the file can only be a previous life of this container (pid reuse): stale.
      if (holder && holder !== process.pid && alive(holder)) throw new DataDirLockedError(dataDir, holder);
      // Stale: the holder is gone. Remove and retry once.
      try {
        unlinkSync(file);
      } catch {
        /* raced with another remover */
      }
    }
  }
  throw new DataDirLockedError(dataDir, 0);
}
