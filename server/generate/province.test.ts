import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importDivisions } from '../modules/regions/regions.import.js';
import { createTestEnv, type TestEnv } from '../test/helpers.js';
import { provinceCounties } from './profiles.js';

describe('the province profile’s counties', () => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await createTestEnv();
    await importDivisions(env.database, '36');
  }, 300_000);
  afterAll(() => env?.close());

  it('takes whole counties, one from each prefecture in turn, until their villages reach the fraction', async () => {
    const [{ n }] = await env.database.query<{ n: number }>(`select count(*)::int as n from regions where level = 'village' and code like '36%'`);
    expect(n).toBe(22080);
    const small = await provinceCounties(env.database, 0.02);
    const villages = small.reduce((s, c) => s + c.villages, 0);
    expect(villages).toBeGreaterThanOrEqual(0.02 * n);
    expect(villages - Math.max(...small.map((c) => c.villages))).toBeLessThan(0.02 * n); // no county more than needed
    expect(new Set(small.map((c) => c.code.slice(0, 4))).size).toBe(small.length); // each from another prefecture
    for (const c of small) {
      const [{ v }] = await env.database.query<{ v: number }>(`select count(*)::int as v from regions where level = 'village' and code like $1`, [`${c.code}%`]);
      expect(c.villages).toBe(v);
    }
    const all = await provinceCounties(env.database, 1);
    expect(all.length).toBe(100);
    expect(all.reduce((s, c) => s + c.villages, 0)).toBe(n);
  });
});
