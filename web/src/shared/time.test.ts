import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chinaDate, chinaDateTime } from './time';
import { chinaToday, formatTime, formatTimeSeconds } from '../app/format';
import { formatTime as mobileFormatTime } from '../mobile/format';
import { dayOf } from '../features/visits/labels';

// The test machine's zone is UTC (and is set so here, whatever the runner's): China time must still show.
const env = (globalThis as unknown as { process: { env: Record<string, string | undefined> } }).process.env;
const zone = env.TZ;
beforeAll(() => {
  env.TZ = 'UTC';
});
afterAll(() => {
  if (zone === undefined) delete env.TZ;
  else env.TZ = zone;
});

describe('China time, whatever the zone of the machine', () => {
  it('runs in UTC (the premise of the test)', () => {
    expect(new Date('2026-03-15T00:00:00Z').getHours()).toBe(0);
  });

  it('shows 08:00 China time as 08:00 in the console, the phone apps and the residents’ pages', () => {
    const eight = '2026-03-15T00:00:00.000Z'; // 08:00 in 吉安
    expect(formatTime(eight)).toBe('2026-03-15 08:00');
    expect(formatTimeSeconds('2026-03-15T00:00:09Z')).toBe('2026-03-15 08:00:09');
    expect(mobileFormatTime(eight)).toBe('2026-03-15 08:00');
    expect(chinaDateTime(new Date(eight))).toBe('2026-03-15 08:00');
  });

  it('puts a late-evening UTC instant on the next China day, and midnight as 00:00', () => {
    expect(formatTime('2026-03-14T16:00:00Z')).toBe('2026-03-15 00:00');
    expect(chinaDate('2026-03-14T23:30:00Z')).toBe('2026-03-15');
    expect(dayOf('2026-03-14T23:30:00Z')).toBe('2026-03-15');
    expect(dayOf('2026-03-14')).toBe('2026-03-14');
    expect(chinaToday(new Date('2026-03-14T20:00:00Z')).format('YYYY-MM-DD')).toBe('2026-03-15');
  });

  it('shows nothing as a dash and leaves text that is not a time as it is', () => {
    expect(formatTime(null)).toBe('—');
    expect(formatTime(undefined)).toBe('—');
    expect(formatTime('')).toBe('—');
    expect(chinaDateTime('not a time')).toBe('not a time');
  });
});
