import { and, asc, count, eq, inArray, like, or, type SQL } from 'drizzle-orm';
import { inRegion, scopeCondition } from '../../platform/access.js';
import { likePattern } from '../../platform/db.js';
import { provideGridLeaves } from '../regions/regions.leaves.js';
import { grids } from './grids.tables.js';

// Loaded for its effect: the place tree in regions learns to read grids (see regions.leaves.ts).
const leaf = { code: grids.code, name: grids.name, villageCode: grids.villageCode };

provideGridLeaves({
  async find(db, codes) {
    if (!codes.length) return [];
    return db.select(leaf).from(grids).where(inArray(grids.code, codes));
  },
  async inVillage(db, actor, villageCode) {
    return db
      .select(leaf)
      .from(grids)
      .where(and(eq(grids.villageCode, villageCode), scopeCondition(actor, grids.code)))
      .orderBy(asc(grids.code));
  },
  async villagesWithGrids(db, villageCodes) {
    if (!villageCodes.length) return new Set();
    const rows = await db.selectDistinct({ v: grids.villageCode }).from(grids).where(inArray(grids.villageCode, villageCodes));
    return new Set(rows.map((r) => r.v));
  },
  async countIn(db, regionCode) {
    const [r] = await db.select({ n: count() }).from(grids).where(inRegion(grids.code, regionCode));
    return Number(r.n);
  },
  async search(db, actor, term, limit) {
    const conds: SQL[] = [like(grids.name, likePattern(term))];
    if (/^\d+$/.test(term)) conds.push(like(grids.code, `${term}%`));
    return db
      .select(leaf)
      .from(grids)
      .where(and(or(...conds), scopeCondition(actor, grids.code)))
      .orderBy(asc(grids.code))
      .limit(limit);
  },
});
