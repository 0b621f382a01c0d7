import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestEnv, type TestEnv } from '../../test/helpers.js';
import { makeAppealWorld } from '../../test/appeal-world.js';
import { ensureNumberSequence, numberSequence, syncNumberSequence } from './appeals.numbers.js';
import { createAppeal } from './appeals.service.js';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
  await makeAppealWorld(env);
});
afterAll(() => env.close());
afterEach(() => vi.useRealTimers());

const NUMBER = /^(\d{6})-(\d{8})-(\d{4,})$/;
const input = (placeCode: string) => ({ channel: 'qr' as const, requester: { kind: 'anonymous' as const }, content: '路灯不亮', categoryCode: '0205', placeCode });
const deps = () => ({ database: env.database, vault: env.app.vault });
const registerAt = (placeCode: string) => createAppeal(deps(), { ctx: null, source: 'public' }, input(placeCode));
const parts = (number: string) => {
  const m = NUMBER.exec(number);
  if (!m) throw new Error(`not an appeal number: ${number}`);
  return { county: m[1], day: m[2], serial: Number(m[3]) };
};

describe('appeal numbers', () => {
  it('are unique when many appeals of a county and of another register at once', async () => {
    const places = ['360802004001001', '360803001001001'];
    const made = await Promise.all(Array.from({ length: 60 }, (_, i) => registerAt(places[i % 2])));
    const numbers = made.map((a) => a.number);
    expect(new Set(numbers).size).toBe(numbers.length);
    for (const a of made) expect(parts(a.number).county).toBe(a.townshipCode.slice(0, 6));
    // Each county's serials are its own: 30 distinct serials each, whatever the other county drew.
    for (const county of ['360802', '360803']) {
      const serials = made.filter((a) => a.number.startsWith(county)).map((a) => parts(a.number).serial);
      expect(new Set(serials).size).toBe(30);
    }
    const stored = await env.database.query<{ n: string; d: string }>(`select count(*) as n, count(distinct number) as d from appeals`);
    expect(stored[0].d).toBe(stored[0].n);
  });

  it('carry the China day of registration, and the serial runs on across days', async () => {
    const today = await registerAt('360802004001001');
    // Tomorrow in China (UTC+8): only Date is faked, the database's timers run as they do.
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 24 * 3600_000 });
    const tomorrow = await registerAt('360802004001001');
    const a = parts(today.number);
    const b = parts(tomorrow.number);
    expect(b.day).not.toBe(a.day);
    expect(Number(b.day)).toBeGreaterThan(Number(a.day));
    expect(b.serial).toBeGreaterThan(a.serial);
  });

  it('start a new county above the serials its appeals and the old daily counters already carry', async () => {
    // A county whose appeals were numbered before sequences (by the daily counter or a bulk load).
    const [one] = await env.database.query<{ id: string }>(`select id from appeals where number like '360802-%' limit 1`);
    await env.database.query(`update appeals set number = '360821-20250301-0500' where id = $1`, [one.id]);
    await env.database.query(`insert into appeal_sequences (prefix, last) values ('360821-20250302', 120)`);
    const name = await ensureNumberSequence(env.database, '360821');
    expect(name).toBe(numberSequence('360821'));
    const [{ v }] = await env.database.query<{ v: string }>(`select nextval('${name}') as v`);
    expect(Number(v)).toBe(501);
    // Only the county's own: another county's numbers do not move it.
    await env.database.query(`insert into appeal_sequences (prefix, last) values ('360822-20250302', 42)`);
    const [{ w }] = await env.database.query<{ w: string }>(`select nextval('${await ensureNumberSequence(env.database, '360822')}') as w`);
    expect(Number(w)).toBe(43);
    // After a bulk load wrote higher serials, the sequence moves past them, never back.
    await env.database.query(`insert into appeal_sequences (prefix, last) values ('360821-20250303', 900)`);
    await syncNumberSequence(env.database, '360821');
    const [{ x }] = await env.database.query<{ x: string }>(`select nextval('${name}') as x`);
    expect(Number(x)).toBe(901);
    await env.database.query(`delete from appeal_sequences where prefix = '360821-20250303'`);
    await syncNumberSequence(env.database, '360821');
    const [{ y }] = await env.database.query<{ y: string }>(`select nextval('${name}') as y`);
    expect(Number(y)).toBe(902);
  });

  it('refuse a county code that is not six digits as a sequence name', () => {
    expect(() => numberSequence('3608; drop table appeals')).toThrow(/not a county code/);
  });
});
