import { asc, eq } from 'drizzle-orm';
import { SYSTEM_ACTOR } from '../platform/access.js';
import { audit, systemContext } from '../platform/audit.js';
import type { Database } from '../platform/db.js';
import { installDemoTaxonomy } from '../modules/categories/categories.service.js';
import { installHouseholdDefaults } from '../modules/households/households.config.js';
import { importDivisions } from '../modules/regions/regions.import.js';
import { regions } from '../modules/regions/regions.tables.js';
import { hashPassword } from '../modules/users/passwords.js';
import { DEMO_PASSWORD, DEMO_SEED, loadDemo, type Progress } from './demo.js';
import { splitBox } from './geometry.js';
import { generateCountyGrids } from './grids.js';
import { generateHouseholds } from './households.js';
import { generateAppeals } from './appeals.year.js';
import { generateVisits } from './visits.js';
import { createVault } from '../platform/crypto.js';
import { recountVisits, refreshAreaFigures } from '../modules/visits/visits.counters.js';

/** Where 吉安市 lies, roughly; its counties' generated grids are laid inside it. */
const JIAN_BOX = { west: 113.8, east: 115.9, south: 26.0, north: 27.9 };

export interface ProfileSummary {
  profile: string;
  seed: number;
  divisions: number;
  grids: number;
  gridWorkers: number;
  households?: number;
  people?: number;
  appeals?: number;
  visits?: number;
  /** For a profile run at a fraction: the share asked for, and the counties and villages it covered. */
  fraction?: number;
  counties?: string[];
  villages?: number;
  /** Milliseconds each step took (the province profile). */
  steps?: Record<string, number>;
  ms: number;
}

type Counts = Omit<ProfileSummary, 'profile' | 'seed' | 'ms'>;

export interface ProfileOptions {
  /** The share of the province to generate (the province profile): 0 < fraction ≤ 1. */
  fraction?: number;
}

async function jianGrids(database: Database, seed: number, progress: Progress): Promise<Counts> {
  const r = await importDivisions(database, '36', { onProgress: (p) => progress('divisions', p.done, p.total) });
  await installDemoTaxonomy(database.db);
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const counties = await database.db
    .select({ code: regions.code })
    .from(regions)
    .where(eq(regions.parentCode, '3608'))
    .orderBy(asc(regions.code));
  const boxes = splitBox(JIAN_BOX, counties.length);
  let grids = 0;
  let workers = 0;
  for (const [i, c] of counties.entries()) {
    const g = await generateCountyGrids(database, c.code, boxes[i], {
      seed,
      passwordHash,
      perVillage: { urban: [6, 12], rural: [5, 8] },
      onProgress: (done, total) => progress(`grids ${c.code}`, done, total),
    });
    grids += g.grids;
    workers += g.workers;
  }
  return { divisions: r.total, grids, gridWorkers: workers };
}

export const PROFILES: Record<string, { description: string; run: (database: Database, seed: number, progress: Progress, secret: string, options: ProfileOptions) => Promise<Counts> }> = {
  demo: {
    description: 'the demo workspace: 吉安市 divisions, 吉州区 organisations, grids, accounts, household files, a month of visits and a year of appeals',
    async run(database, seed, progress, secret) {
      const s = await loadDemo(database, { seed, onProgress: progress, secret });
      return { divisions: s.regions, grids: s.grids, gridWorkers: s.accounts, households: s.households, people: s.people, visits: s.visits, appeals: s.appeals };
    },
  },
  jiangxi: {
    description: 'all of 江西省’s divisions (1 + 11 + 100 + 1,767 + 22,080), no grids',
    async run(database, _seed, progress) {
      const r = await importDivisions(database, '36', { onProgress: (p) => progress('divisions', p.done, p.total) });
      return { divisions: r.total, grids: 0, gridWorkers: 0 };
    },
  },
  'jian-year': {
    description: 'the jian profile plus a year (2025) of 114,000 appeals with a realistic mix of outcomes, and the departments that handle them',
    async run(database, seed, progress, secret) {
      const base = await jianGrids(database, seed, progress);
      const a = await generateAppeals(database, createVault(secret), { cityCode: '3608', count: 114_000, year: 2025, seed, onProgress: (d, t) => progress('appeals', d, t) });
      return { ...base, appeals: a.appeals };
    },
  },
  jian: {
    description: '吉安 scale: all of 江西省’s divisions and about 21,000 grids with a worker each over 吉安市’s 3,234 villages/communities',
    run: (database, seed, progress) => jianGrids(database, seed, progress),
  },
  'jian-households': {
    description: '吉安 scale with household files: the jian grids plus about 1.6 million households and 4.9 million people (streamed; use PostgreSQL)',
    async run(database, seed, progress, secret) {
      const counts = await jianGrids(database, seed, progress);
      const files = await generateHouseholds(database, secret, {
        seed,
        within: '3608',
        perGrid: JIAN_HOUSEHOLDS_PER_GRID,
        onProgress: (done, total) => progress('households', done, total),
      });
      return { ...counts, households: files.households, people: files.people };
    },
  },
  'jian-visits': {
    description: 'jian-households plus a year (2025) of door-to-door visits, about 3.85 million, planned by the planner (quota, windows, intervals) on the days each worker visits (use PostgreSQL)',
    async run(database, seed, progress, secret) {
      const base = await PROFILES['jian-households'].run(database, seed, progress, secret, {});
      const v = await generateVisits(database, { ...JIAN_VISIT_YEAR, seed, within: '3608', onProgress: (done, total) => progress('visits (days)', done, total) });
      return { ...base, visits: v.visits };
    },
  },
  province: {
    description:
      '江西省 at a fraction (--fraction, default 0.01): all divisions, then whole counties (spread over the prefectures) at full density until the share of the 22,080 villages is reached: grids, households (about 680 a village: 15 million at 1), a year (2025) of appeals (52 a village: 1.15 million at 1) and of visits (use PostgreSQL)',
    run: (database, seed, progress, secret, options) => provinceProfile(database, seed, progress, secret, options.fraction ?? 0.01),
  },
};

/** Where 江西省 lies, roughly; each of its 100 counties gets a cell of it, in code order. */
const JIANGXI_BOX = { west: 113.6, east: 118.5, south: 24.5, north: 30.1 };

/**
 * Households a grid in the province: 江西 is about 15 million households over 22,080 villages and
 * communities (about 680 each), 1.37 times 吉安's density per village; the grids per village are 吉安's.
 */
export const PROVINCE_HOUSEHOLDS_PER_GRID = { urban: [87, 148] as [number, number], rural: [85, 134] as [number, number] };
/** About 1.15 million appeals a year over the province (吉安's 114,000 for 4.46 million people, scaled to 45 million): 52 a village. */
export const PROVINCE_APPEALS_PER_VILLAGE = 52;

/**
 * Counties for a fraction of the province: whole counties at full density (so a county's inbox, dashboard
 * and plans are measured at their real size), taken in turn from each prefecture (the first county of each,
 * then the second, …) until their villages reach the fraction of the province's.
 */
export async function provinceCounties(database: Database, fraction: number): Promise<{ code: string; villages: number; index: number }[]> {
  const rows = await database.query<{ code: string; villages: number }>(
    `select c.code, (select count(*)::int from regions v where v.level = 'village' and v.code like c.code || '%') as villages
       from regions c where c.level = 'county' and c.code like '36%' order by c.code`,
  );
  const all = rows.map((r, index) => ({ code: r.code, villages: Number(r.villages), index }));
  const total = all.reduce((s, c) => s + c.villages, 0);
  const byCity = new Map<string, typeof all>();
  for (const c of all) byCity.set(c.code.slice(0, 4), [...(byCity.get(c.code.slice(0, 4)) ?? []), c]);
  const order: typeof all = [];
  for (let round = 0; order.length < all.length; round++) for (const list of byCity.values()) if (list[round]) order.push(list[round]);
  const chosen: typeof all = [];
  let villages = 0;
  for (const c of order) {
    if (villages >= fraction * total) break;
    chosen.push(c);
    villages += c.villages;
  }
  return chosen.sort((a, b) => a.code.localeCompare(b.code));
}

/**
 * Runs `work` for each county, two counties at a time on PostgreSQL (one at a time on PGlite, which has
 * one connection): each county's rows depend only on the seed and the county, so the data is the same;
 * only the order in which two counties' rows reach the tables (and serial ids) interleaves.
 */
async function inLanes<T>(database: Database, items: T[], work: (item: T) => Promise<void>): Promise<void> {
  const lanes = database.kind === 'postgres' ? PROVINCE_LANES : 1;
  let next = 0;
  const lane = async () => {
    while (next < items.length) await work(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(lanes, items.length) }, lane));
}

/** Counties generated at once on PostgreSQL: with each county's writes overlapping its next batch, two keep 2 cores busy. */
const PROVINCE_LANES = 2;

async function provinceProfile(database: Database, seed: number, progress: Progress, secret: string, fraction: number): Promise<Counts> {
  if (!(fraction > 0 && fraction <= 1)) throw new Error(`fraction must be in (0, 1], got ${fraction}`);
  const steps: Record<string, number> = {};
  let t = Date.now();
  const step = (name: string) => {
    steps[name] = Date.now() - t;
    t = Date.now();
  };
  const r = await importDivisions(database, '36', { onProgress: (p) => progress('divisions', p.done, p.total) });
  await installDemoTaxonomy(database.db);
  const counties = await provinceCounties(database, fraction);
  const [{ n: allCounties }] = await database.query<{ n: number }>(`select count(*)::int as n from regions where level = 'county' and code like '36%'`);
  const boxes = splitBox(JIANGXI_BOX, Number(allCounties));
  step('divisions');
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  let grids = 0;
  let workers = 0;
  for (const c of counties) {
    const g = await generateCountyGrids(database, c.code, boxes[c.index], {
      seed,
      passwordHash,
      perVillage: { urban: [6, 12], rural: [5, 8] },
      onProgress: (done, total) => progress(`grids ${c.code}`, done, total),
    });
    grids += g.grids;
    workers += g.workers;
  }
  step('grids');
  let households = 0;
  let people = 0;
  await installHouseholdDefaults(database.db);
  await inLanes(database, counties, async (c) => {
    const f = await generateHouseholds(database, secret, { seed, within: c.code, perGrid: PROVINCE_HOUSEHOLDS_PER_GRID, onProgress: (done, total) => progress(`households ${c.code}`, done, total) });
    households += f.households;
    people += f.people;
  });
  step('households');
  let appeals = 0;
  const vault = createVault(secret);
  for (const city of [...new Set(counties.map((c) => c.code.slice(0, 4)))]) {
    const villages = counties.filter((c) => c.code.startsWith(city)).reduce((s, c) => s + c.villages, 0);
    // A seed of its own for each prefecture: the generated ids and tokens derive from the seed and the appeal's index.
    const a = await generateAppeals(database, vault, { cityCode: city, count: villages * PROVINCE_APPEALS_PER_VILLAGE, year: 2025, seed: seed + Number(city), onProgress: (d, n) => progress(`appeals ${city}`, d, n) });
    appeals += a.appeals;
  }
  step('appeals');
  let visits = 0;
  await inLanes(database, counties, async (c) => {
    const v = await generateVisits(database, { ...JIAN_VISIT_YEAR, seed, within: c.code, recount: false, onProgress: (done, total) => progress(`visits ${c.code} (days)`, done, total) });
    visits += v.visits;
  });
  // The counters once over all counties (each recount covers the whole database).
  await recountVisits(database);
  await refreshAreaFigures(database);
  step('visits');
  return {
    divisions: r.total,
    grids,
    gridWorkers: workers,
    households,
    people,
    appeals,
    visits,
    fraction,
    counties: counties.map((c) => c.code),
    villages: counties.reduce((s, c) => s + c.villages, 0),
    steps,
  };
}

/** 2025's working days, each full-time worker visiting on about 8.3% of them: about 3.85 million visits. */
export const JIAN_VISIT_YEAR = { days: 250, today: '2026-01-01', shareOfDays: 0.083 };

/** About 80 households a grid over the ~20,300 jian grids: the 1.6 million households of 吉安市. */
export const JIAN_HOUSEHOLDS_PER_GRID = { urban: [64, 108] as [number, number], rural: [62, 98] as [number, number] };

export async function runProfile(database: Database, name: string, opts: { secret: string; seed?: number; onProgress?: Progress; fraction?: number }): Promise<ProfileSummary> {
  const started = Date.now();
  const seed = opts.seed ?? DEMO_SEED;
  const profile = PROFILES[name];
  const counts = await profile.run(database, seed, opts.onProgress ?? (() => {}), opts.secret, { fraction: opts.fraction });
  const summary = { profile: name, seed, ...counts, ms: Date.now() - started };
  await audit(database.db, systemContext('cli', SYSTEM_ACTOR), { action: 'generate.profile', details: { ...summary } });
  return summary;
}
