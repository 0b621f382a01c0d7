import { describe, expect, it } from 'vitest';
import { garbageCollector } from './memory.js';

describe('garbageCollector', () => {
  it('collects what nothing refers to any more, at most once per interval', async () => {
    const dropped = () => {
      let big: number[] | null = Array.from({ length: 1000 }, (_, i) => i);
      const ref = new WeakRef(big);
      big = null;
      return ref;
    };
    // A WeakRef's target lives to the end of the job that made it or last read it.
    const nextJob = () => new Promise((r) => setTimeout(r, 0));
    const first = dropped();
    await nextJob();
    garbageCollector(60_000)(); // not yet a minute since it was made: nothing collected
    expect(first.deref()).toBeDefined();
    await nextJob();
    garbageCollector(0)();
    expect(first.deref()).toBeUndefined();
  });
});
