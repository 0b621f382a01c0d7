/**
 * The generators' rows for a seed, compared with a digest taken from the code before their writes
 * overlapped the next batch's making (on PostgreSQL the households' batches and the visits' days are
 * written while the next is made; on PGlite one after the other). A change to what the generators write
 * shows here: if it is meant, take the new digest. Sealed values (random IVs), serial ids and the times
 * rows were written are left out; everything else, and the order rows went in, counts.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, makeRegion, type TestEnv } from '../test/helpers.js';
import { generateCountyGrids } from './grids.js';
import { generateHouseholds } from './households.js';
import { generateVisits } from './visits.js';

const DIGESTS: [string, string][] = [
  ['households', `select id, grid_code, address_kind, building_id, unit, floor, room, village_group, house_number, address, address_key, type, tags, risk_level, risk_notes, head_person_id, member_count, visit_interval_days from households order by id`],
  ['people', `select id, household_id, grid_code, name, relation, id_number_bidx, id_number_masked, phone_bidx, phone_masked, birth_date::text, sex from people order by id`],
  ['members', `select person_id, household_id, relation, reason from household_members order by id`],
  ['compounds and buildings', `select c.id, c.grid_code, c.name, c.property_company, b.id, b.seq, b.name from compounds c join buildings b on b.compound_id = c.id order by b.id`],
  ['plans', `select id, worker_id, date::text, grid_code, quota, source from visit_plans order by id`],
  ['plan items', `select id, plan_id, date::text, household_id, grid_code, "window", seq, reason, reason_codes, status, visit_id from visit_plan_items order by id`],
  ['visits', `select id, client_id, household_id, grid_code, worker_id, worker_name, plan_item_id, "window", extract(epoch from check_in_at), lon, lat, accuracy_m, distance_m, outcome, met_with, situation, finding, finding_note, service_kind, dispute_summary, flags, extract(epoch from received_at) from visits order by id`],
  ['visit state', `select household_id, grid_code, extract(epoch from last_visit_at), extract(epoch from last_attempt_at), nobody_home_windows, visits from household_visit_state order by household_id`],
  // In the order they went in (serial ids), without the ids themselves.
  ['timeline', `select household_id, grid_code, source, kind, summary, ref_type, ref_id, data::text, actor_id, actor_name, case when source = 'visits' then extract(epoch from at) end from household_events order by id`],
];

describe('the generators’ rows for a seed', () => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await createTestEnv();
    for (const [code, name] of [
      ['360802004001', undefined],
      ['360802004002', undefined],
      ['360803001001', undefined],
      ['360803001002', '富田村'],
      ['360803001003', '陂下村'],
    ] as const)
      await makeRegion(env.database, code, name);
    for (const [county, box] of [
      ['360802', { west: 114.9, east: 115.0, south: 27.0, north: 27.1 }],
      ['360803', { west: 115.0, east: 115.1, south: 27.0, north: 27.1 }],
    ] as const)
      await generateCountyGrids(env.database, county, box, { seed: 11, passwordHash: 'x', perVillage: { urban: [2, 3], rural: [2, 3] } });
    await generateHouseholds(env.database, 'a'.repeat(64), { seed: 11, within: '3608', perGrid: { urban: [20, 40], rural: [20, 40] }, gridsPerBatch: 3 });
    await generateVisits(env.database, { seed: 11, within: '3608', days: 12, today: '2026-12-07', shareOfDays: 0.5 });
  }, 120_000);
  afterAll(() => env?.close());

  it('are the same rows, in the same order, as before the writes overlapped', async () => {
    const digests: Record<string, string> = {};
    for (const [name, query] of DIGESTS) {
      // Each row as the database prints it, so both engines give the same text.
      const rows = await env.database.query<{ r: string }>(`select q::text as r from (${query}) q`);
      expect(rows.length, name).toBeGreaterThan(0);
      digests[name] = `${rows.length} ${createHash('sha256').update(rows.map((x) => x.r).join('\n')).digest('hex').slice(0, 16)}`;
    }
    expect(digests).toEqual(EXPECTED);
  });
});

/** Taken with the code of 2026-12-06 before the overlap (0084658), on PGlite and on PostgreSQL alike. */
const EXPECTED: Record<string, string> = {
  households: '298 2269df35a6175ec4',
  people: '877 abc24f9997b6487a',
  members: '877 f66c86411ecdfd38',
  'compounds and buildings': '13 5c90c16c9a6d4c7b',
  plans: '72 f98b464945e6f19f',
  'plan items': '720 7ece683f9fae84aa',
  visits: '665 527ac024539983c9',
  'visit state': '298 308f8d4cca3395e5',
  timeline: '963 37b8f147b92566e7',
};
