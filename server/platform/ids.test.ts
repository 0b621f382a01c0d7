import { describe, expect, it } from 'vitest';
import { restartIdClock, timeOrderedUuid } from './ids.js';

describe('time-ordered uuids', () => {
  it('are version 7 uuids that sort in the order they were made, also many within one millisecond', () => {
    const ids = Array.from({ length: 9000 }, (_, i) => timeOrderedUuid(1_790_000_000_000 + Math.floor(i / 1000)));
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    // The first 48 bits are the milliseconds.
    expect(ids[0].replace(/-/g, '').slice(0, 12)).toBe((1_790_000_000_000).toString(16).padStart(12, '0'));
  });
});

describe('the id clock', () => {
  it('restarted, carries an earlier time again (test files sharing a process each restart it)', () => {
    timeOrderedUuid(2_000_000_000_000);
    restartIdClock();
    expect(timeOrderedUuid(1_790_000_000_000).replace(/-/g, '').slice(0, 12)).toBe((1_790_000_000_000).toString(16).padStart(12, '0'));
  });
});
