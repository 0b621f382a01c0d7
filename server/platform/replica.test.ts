import { describe, expect, it } from 'vitest';
import { LagWatch, lsnValue } from './replica.js';

describe('the read replica’s lag watch', () => {
  it('reads WAL positions as numbers', () => {
    expect(lsnValue('0/3000060')).toBe(0x3000060n);
    expect(lsnValue('1/0')).toBe(1n << 32n);
    expect(lsnValue('16/B374D848') > lsnValue('16/B374D847')).toBe(true);
    expect(() => lsnValue('nonsense')).toThrow(/WAL position/);
  });

  it('counts the replica fresh as of the newest primary position it has replayed', () => {
    const w = new LagWatch();
    expect(w.lagMs(1_000)).toBeNull(); // nothing known yet: not caught up
    w.observe(1_000, 100n, 100n); // replayed what the primary had at 1000
    expect(w.lagMs(1_200)).toBe(200);
    w.observe(2_000, 150n, 120n); // behind: still fresh as of 1000
    expect(w.freshAt).toBe(1_000);
    w.observe(3_000, 150n, 150n); // caught up with the positions of 2000 and 3000
    expect(w.freshAt).toBe(3_000);
    // An idle primary (its position unchanged) keeps a replayed replica fresh.
    w.observe(9_000, 150n, 150n);
    expect(w.lagMs(9_100)).toBe(100);
  });

  it('grows stale when the replica stops replaying or cannot be reached', () => {
    const w = new LagWatch(4);
    w.observe(0, 10n, 10n);
    for (let t = 250; t <= 5_000; t += 250) w.observe(t, BigInt(10 + t), 10n);
    expect(w.freshAt).toBe(0);
    expect(w.lagMs(5_000)).toBe(5_000);
    // Replaying again: only samples it has passed count (the oldest were dropped, which only looks staler).
    w.observe(5_250, 6_000n, 5_010n);
    expect(w.freshAt).toBe(5_000);
  });
});
