import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chinaDateTime, chinaDay } from './china-time.js';

// Whatever the server's zone: set to UTC here, as on most servers and CI machines.
const env = process.env;
const zone = env.TZ;
beforeAll(() => {
  env.TZ = 'UTC';
});
afterAll(() => {
  if (zone === undefined) delete env.TZ;
  else env.TZ = zone;
});

describe('China time in exports', () => {
  it('writes 08:00 in China as 08:00 on a server in UTC', () => {
    expect(new Date('2026-03-15T00:00:00Z').getHours()).toBe(0);
    expect(chinaDateTime(new Date('2026-03-15T00:00:00Z'))).toBe('2026-03-15 08:00');
    expect(chinaDateTime('2026-03-15T00:00:00.000Z')).toBe('2026-03-15 08:00');
  });

  it('puts a UTC evening on the next China day, and nothing as empty', () => {
    expect(chinaDay('2026-03-14T23:30:00Z')).toBe('2026-03-15');
    expect(chinaDateTime('2026-03-14T16:00:00Z')).toBe('2026-03-15 00:00');
    expect(chinaDateTime(null)).toBe('');
    expect(chinaDay(undefined)).toBe('');
  });
});
