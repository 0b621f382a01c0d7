import { createHash } from 'node:crypto';
import { and, asc, eq } from 'drizzle-orm';
import { inRegion } from '../platform/access.js';
import type { Database } from '../platform/db.js';
import { assignWorkers, gridRow, insertGrids } from '../modules/grids/grids.service.js';
import { regions } from '../modules/regions/regions.tables.js';
import { idsByUsername, insertGeneratedUsers, type GeneratedUser } from '../modules/users/users.service.js';
import { latticeCells, type Box } from './geometry.js';
import { chineseNumber, isUrban, personName, villageShortName } from './names.js';
import { hash32, intBetween, rngFor } from './random.js';

/** A UUID derived from a seed and a name, so generated ids are the same on every run. */
export function stableUuid(seed: number, name: string): string {
  const h = createHash('sha256').update(`${seed}:${name}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${((parseInt(h[16], 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export interface CountyGridsResult {
  grids: number;
  workers: number;
}

function gridWorkerUsername(gridCode: string, kind: 'full_time' | 'part_time' = 'full_time'): string {
  return (kind === 'part_time' ? 'jz' : 'wg') + gridCode;
}

/**
 * Grids for every village/community of a county: urban communities get 3–7 grids, villages 2–4,
 * laid as a jittered lattice over the county's box. Each grid gets a full-time grid worker account;
 * every fourth urban grid also a part-time one (a delivery rider, 新就业群体).
 */
export async function generateCountyGrids(
  database: Database,
  countyCode: string,
  box: Box,
  opts: {
    seed: number;
    passwordHash: string;
    /** Grids per urban community and per rural village: [min, max]. */
    perVillage?: { urban: [number, number]; rural: [number, number] };
    onProgress?: (done: number, total: number) => void;
  },
): Promise<CountyGridsResult> {
  const villages = await database.db
    .select({ code: regions.code, name: regions.name })
    .from(regions)
    .where(and(eq(regions.level, 'village'), inRegion(regions.code, countyCode)))
    .orderBy(asc(regions.code));
  const perVillage = opts.perVillage ?? { urban: [3, 7], rural: [2, 4] };
  const plan = villages.map((v) => {
    const rnd = rngFor(opts.seed, v.code);
    const urban = isUrban(v.name);
    const [lo, hi] = urban ? perVillage.urban : perVillage.rural;
    return { ...v, urban, count: intBetween(rnd, lo, hi) };
  });
  const total = plan.reduce((s, v) => s + v.count, 0);
  const cells = latticeCells(box, total, opts.seed ^ hash32(countyCode));
  let cell = 0;
  let gridBatch: ReturnType<typeof gridRow>[] = [];
  let userBatch: GeneratedUser[] = [];
  let assignBatch: { gridCode: string; userId: string; kind: string }[] = [];
  let done = 0;
  let workers = 0;
  const flush = async () => {
    await database.db.transaction(async (tx) => {
      await insertGrids(tx, gridBatch);
      workers += await insertGeneratedUsers(tx, userBatch);
      // Accounts that already existed keep their ids: assign by username.
      const ids = await idsByUsername(tx, userBatch.map((u) => u.username));
      const byId = new Map(userBatch.map((u) => [u.id, u.username]));
      await assignWorkers(
        tx,
        assignBatch.map((a) => ({ ...a, userId: ids.get(byId.get(a.userId)!) ?? a.userId })),
      );
    });
    done += gridBatch.length;
    gridBatch = [];
    userBatch = [];
    assignBatch = [];
    opts.onProgress?.(done, total);
  };
  for (const v of plan) {
    const short = villageShortName(v.name);
    for (let i = 1; i <= v.count; i++) {
      const code = v.code + String(i).padStart(3, '0');
      gridBatch.push(gridRow({ code, name: `${short}第${chineseNumber(i)}网格`, villageCode: v.code, kind: 'basic', polygon: cells[cell++] }));
      const rnd = rngFor(opts.seed, code);
      const kinds: ('full_time' | 'part_time')[] = v.urban && i % 4 === 0 ? ['full_time', 'part_time'] : ['full_time'];
      for (const kind of kinds) {
        const username = gridWorkerUsername(code, kind);
        const id = stableUuid(opts.seed, username);
        userBatch.push({
          id,
          username,
          displayName: personName(rnd),
          passwordHash: opts.passwordHash,
          roles: ['grid_worker'],
          regionCode: code,
          gridWorkerKind: kind,
        });
        assignBatch.push({ gridCode: code, userId: id, kind });
      }
      if (gridBatch.length >= 500) await flush();
    }
  }
  if (gridBatch.length) await flush();
  return { grids: done, workers };
}
