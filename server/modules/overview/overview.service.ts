import { and, eq, sql } from 'drizzle-orm';
import { authorize, scopeCondition, type Actor } from '../../platform/access.js';
import type { DbOrTx } from '../../platform/db.js';
import { grids, gridWorkers } from '../grids/grids.tables.js';
import { orgs } from '../orgs/orgs.tables.js';
import { regions } from '../regions/regions.tables.js';
import { users } from '../users/users.tables.js';

export interface Overview {
  regionCode: string;
  counts: { counties: number; townships: number; villages: number; grids: number; gridWorkers: number; orgs: number; accounts: number };
  /** Grids and grid workers per child of the caller's scope (townships of a county, …), for the chart. */
  byChild: { code: string; name: string; grids: number; workers: number }[];
}

/** What the caller's area consists of, counted live from the registry. */
export async function overview(db: DbOrTx, actor: Actor): Promise<Overview> {
  authorize(actor, 'overview.read');
  const [r] = await db
    .select({
      counties: sql<number>`count(*) filter (where ${regions.level} = 'county')`,
      townships: sql<number>`count(*) filter (where ${regions.level} = 'township')`,
      villages: sql<number>`count(*) filter (where ${regions.level} = 'village')`,
    })
    .from(regions)
    .where(scopeCondition(actor, regions.code));
  const [g] = await db.select({ n: sql<number>`count(*)` }).from(grids).where(scopeCondition(actor, grids.code));
  const [w] = await db
    .select({ n: sql<number>`count(distinct ${gridWorkers.userId})` })
    .from(gridWorkers)
    .where(scopeCondition(actor, gridWorkers.gridCode));
  const [o] = await db.select({ n: sql<number>`count(*)` }).from(orgs).where(and(scopeCondition(actor, orgs.regionCode), eq(orgs.active, true)));
  const [a] = await db.select({ n: sql<number>`count(*)` }).from(users).where(and(scopeCondition(actor, users.regionCode), eq(users.disabled, false)));

  // The level below the scope: provinces' cities, … ; a grid worker's scope has no children.
  const childLen = { 0: 2, 2: 4, 4: 6, 6: 9, 9: 12 }[actor.regionCode.length as 0 | 2 | 4 | 6 | 9];
  let byChild: Overview['byChild'] = [];
  if (childLen) {
    const kids = await db
      .select({ code: regions.code, name: regions.name })
      .from(regions)
      .where(and(scopeCondition(actor, regions.code), sql`length(${regions.code}) = ${childLen}`))
      .orderBy(regions.code);
    const gridCounts = await db
      .select({ prefix: sql<string>`substr(${grids.code}, 1, ${childLen})`, n: sql<number>`count(*)` })
      .from(grids)
      .where(scopeCondition(actor, grids.code))
      .groupBy(sql`1`);
    const workerCounts = await db
      .select({ prefix: sql<string>`substr(${gridWorkers.gridCode}, 1, ${childLen})`, n: sql<number>`count(distinct ${gridWorkers.userId})` })
      .from(gridWorkers)
      .where(scopeCondition(actor, gridWorkers.gridCode))
      .groupBy(sql`1`);
    const gm = new Map(gridCounts.map((x) => [x.prefix, Number(x.n)]));
    const wm = new Map(workerCounts.map((x) => [x.prefix, Number(x.n)]));
    byChild = kids.map((k) => ({ code: k.code, name: k.name, grids: gm.get(k.code) ?? 0, workers: wm.get(k.code) ?? 0 }));
  }
  return {
    regionCode: actor.regionCode,
    counts: {
      counties: Number(r.counties),
      townships: Number(r.townships),
      villages: Number(r.villages),
      grids: Number(g.n),
      gridWorkers: Number(w.n),
      orgs: Number(o.n),
      accounts: Number(a.n),
    },
    byChild,
  };
}
