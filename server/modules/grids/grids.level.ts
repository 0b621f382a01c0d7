/** The grid level of the division tree, as the regions module reads it (see regions.grid-level.ts). */
import { and, asc, eq, inArray, like, or, sql, type SQL } from 'drizzle-orm';
import { inRegion, scopeCondition } from '../../platform/access.js';
import type { GridLevel } from '../regions/regions.grid-level.js';
import { grids } from './grids.tables.js';

export const gridLevel: GridLevel = {
  villageHasGrids: (villageCode) => sql`exists (select 1 from ${grids} g where g.village_code = ${villageCode})`,

  async leaves(db, f) {
    const match: SQL[] = [];
    if (f.match) {
      match.push(like(grids.name, f.match.name));
      if (f.match.codePrefix !== undefined) match.push(like(grids.code, f.match.codePrefix));
    }
    const q = db
      .select({ code: grids.code, name: grids.name, villageCode: grids.villageCode })
      .from(grids)
      .where(
        and(
          f.codes ? inArray(grids.code, f.codes) : undefined,
          f.villageCode !== undefined ? eq(grids.villageCode, f.villageCode) : undefined,
          match.length ? or(...match) : undefined,
          f.scope ? scopeCondition(f.scope, grids.code) : undefined,
        ),
      )
      .orderBy(asc(grids.code));
    return f.limit !== undefined ? q.limit(f.limit) : q;
  },

  async count(db, area) {
    const [g] = await db.select({ n: sql<number>`count(*)` }).from(grids).where(inRegion(grids.code, area));
    return Number(g?.n ?? 0);
  },
};
