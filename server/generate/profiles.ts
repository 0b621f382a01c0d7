import { asc, eq } from 'drizzle-orm';
import { SYSTEM_ACTOR } from '../platform/access.js';
import { audit, systemContext } from '../platform/audit.js';
import type { Database } from '../platform/db.js';
import { installDemoTaxonomy } from '../modules/categories/categories.service.js';
import { importDivisions } from '../modules/regions/regions.import.js';
import { regions } from '../modules/regions/regions.tables.js';
import { hashPassword } from '../modules/users/passwords.js';
import { DEMO_PASSWORD, DEMO_SEED, loadDemo, type Progress } from './demo.js';
import { splitBox } from './geometry.js';
import { generateCountyGrids } from './grids.js';
import { generateHouseholds } from './households.js';
import { generateAppeals } from './appeals.js';
import { generateVisits } from './visits.js';
import { createVault } from '../platform/crypto.js';

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
  ms: number;
}

type Counts = Omit<ProfileSummary, 'profile' | 'seed' | 'ms'>;

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

export const PROFILES: Record<string, { description: string; run: (database: Database, seed: number, progress: Progress, secret: string) => Promise<Counts> }> = {
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
      const base = await PROFILES['jian-households'].run(database, seed, progress, secret);
      const v = await generateVisits(database, { ...JIAN_VISIT_YEAR, seed, within: '3608', onProgress: (done, total) => progress('visits (days)', done, total) });
      return { ...base, visits: v.visits };
    },
  },
};

/** 2025's working days, each full-time worker visiting on about 8.3% of them: about 3.85 million visits. */
export const JIAN_VISIT_YEAR = { days: 250, today: '2026-01-01', shareOfDays: 0.083 };

/** About 80 households a grid over the ~20,300 jian grids: the 1.6 million households of 吉安市. */
export const JIAN_HOUSEHOLDS_PER_GRID = { urban: [64, 108] as [number, number], rural: [62, 98] as [number, number] };

export async function runProfile(database: Database, name: string, opts: { secret: string; seed?: number; onProgress?: Progress }): Promise<ProfileSummary> {
  const started = Date.now();
  const seed = opts.seed ?? DEMO_SEED;
  const profile = PROFILES[name];
  const counts = await profile.run(database, seed, opts.onProgress ?? (() => {}), opts.secret);
  const summary = { profile: name, seed, ...counts, ms: Date.now() - started };
  await audit(database.db, systemContext('cli', SYSTEM_ACTOR), { action: 'generate.profile', details: { ...summary } });
  return summary;
}
