import { randomBytes } from 'node:crypto';
import { linkSync, readFileSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
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

interface Holder {
  pid: number;
  /** Names this lock file among all the lock files this directory has had (pids are reused). */
  nonce: string;
}

/** The lock file's holder, or undefined when there is no lock file. */
function readHolder(file: string): Holder | undefined {
  let text: string;
  let ino = 0;
  let mtime = 0;
  try {
    const st = statSync(file);
    ino = st.ino;
    mtime = st.mtimeMs;
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  try {
    const j = JSON.parse(text) as { pid?: unknown; nonce?: unknown };
    // A file from an older version has no nonce: name it by its inode and time.
    return { pid: Number(j.pid) || 0, nonce: typeof j.nonce === 'string' && /^[0-9a-f]{32}$/.test(j.nonce) ? j.nonce : `old-${ino}-${Math.floor(mtime)}` };
  } catch {
    return { pid: 0, nonce: `old-${ino}-${Math.floor(mtime)}` };
  }
}

/** Makes `target` hold `content` if and only if it did not exist: written aside, then hard-linked (atomic). */
function createExclusive(target: string, content: string): boolean {
  const aside = `${target}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    writeFileSync(aside, content, { mode: 0o600, flag: 'wx' });
  } catch (err) {
    // A full disk can leave the file made but empty: leave nothing behind.
    rmSync(aside, { force: true });
    throw err;
  }
  try {
    linkSync(aside, target);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  } finally {
    unlinkSync(aside);
  }
}

/**
 * One process at a time on an embedded data directory: PGlite has no server to arbitrate, and two
 * writers would corrupt it.
 *
 * The lock file appears whole or not at all (written aside, then hard-linked: `link` fails if the
 * name exists). A lock file whose process is gone (kill -9, power loss) is stale; to remove it a
 * process must first create `tingsu.lock.<nonce>.takeover` exclusively, so of all the processes that
 * found the same stale file exactly one removes it, and no process ever removes a lock file another
 * has just made. Then everyone races for the name again and one wins.
 */
const heldHere = new Set<string>();
const MAX_ATTEMPTS = 20;

export function acquireDataDirLock(dataDir: string): DataDirLock {
  const file = path.join(dataDir, 'tingsu.lock');
  if (heldHere.has(file)) throw new DataDirLockedError(dataDir, process.pid);
  const nonce = randomBytes(16).toString('hex');
  const content = JSON.stringify({ pid: process.pid, host: hostname(), since: new Date().toISOString(), nonce });
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    if (createExclusive(file, content)) {
      heldHere.add(file);
      return heldLock(file, nonce);
    }
    const holder = readHolder(file);
    if (!holder) continue; // released or taken over meanwhile: try again
    // Our own pid in someone else's file can only be a previous life of this container (pid reuse): stale.
    if (holder.pid && holder.pid !== process.pid && alive(holder.pid)) throw new DataDirLockedError(dataDir, holder.pid);
    removeStale(file, holder);
  }
  const last = readHolder(file);
  throw new DataDirLockedError(dataDir, last?.pid ?? 0);
}

function removeStale(file: string, stale: Holder): void {
  const guard = `${file}.${stale.nonce}.takeover`;
  const mine = JSON.stringify({ pid: process.pid });
  if (!createExclusive(guard, mine)) {
    // Another process is removing this stale file. If it died doing so, its guard is stale too.
    let taker = 0;
    try {
      taker = Number(JSON.parse(readFileSync(guard, 'utf8')).pid) || 0;
    } catch {
      return;
    }
    if (taker && !alive(taker)) {
      try {
        unlinkSync(guard);
      } catch {
        /* gone already */
      }
    }
    return;
  }
  try {
    // Only a guard holder removes a lock file, so the file still holding this nonce is the stale one.
    if (readHolder(file)?.nonce === stale.nonce) unlinkSync(file);
  } finally {
    unlinkSync(guard);
  }
}

function heldLock(file: string, nonce: string): DataDirLock {
  let released = false;
  return {
    release() {
      if (released) return;
      released = true;
      heldHere.delete(file);
      try {
        if (readHolder(file)?.nonce === nonce) unlinkSync(file);
      } catch {
        /* already gone */
      }
    },
  };
}
