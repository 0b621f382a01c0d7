import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * A full garbage collection, for long bulk work (the demo load) that allocates far more than it keeps:
 * left to itself V8 lets the old generation grow to several times what is live before collecting, and a
 * process's peak resident memory stays where that took it. The demo's load keeps about 60 MiB live and
 * peaked some 150 MiB higher than it does collecting once a second (a few tens of milliseconds each
 * time). Node exposes `gc` only behind a flag, so it is taken once from a fresh context with the flag set,
 * and the flag is put back.
 */
let collect: (() => void) | null | undefined;

function collector(): (() => void) | null {
  if (collect !== undefined) return collect;
  try {
    setFlagsFromString('--expose-gc');
    const gc: unknown = runInNewContext('gc');
    collect = typeof gc === 'function' ? (gc as () => void) : null;
  } catch {
    collect = null;
  } finally {
    if (!(globalThis as { gc?: unknown }).gc) setFlagsFromString('--no-expose-gc');
  }
  return collect;
}

/** Returns a function that collects garbage when at least `everyMs` have passed since it last did. */
export function garbageCollector(everyMs = 1_000): () => void {
  let last = Date.now();
  return () => {
    const now = Date.now();
    if (now - last < everyMs) return;
    last = now;
    collector()?.();
  };
}

/**
 * A progress callback that also collects garbage (at most once per `everyMs`): the command line's long
 * loads (`tingsu demo`, `tingsu generate`) report progress often, so their peak memory stays near what
 * is live. Not for a process serving requests, where a full collection would pause them.
 */
export function collectingGarbage<A extends unknown[]>(report: (...args: A) => void, everyMs = 1_000): (...args: A) => void {
  const collect = garbageCollector(everyMs);
  return (...args: A) => {
    collect();
    report(...args);
  };
}
