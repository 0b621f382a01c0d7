/**
 * The demo's grids shaped after generation: some of 吉州区's urban grids become 专属网格 (a school, a
 * hospital, a market, an industrial park) and every grid gets its party organisation.
 */
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { inRegion } from '../platform/access.js';
import type { Database } from '../platform/db.js';
import { grids as gridsTable } from '../modules/grids/grids.tables.js';
import { regions } from '../modules/regions/regions.tables.js';
import { DEMO_COMMUNITY, DEMO_COUNTY } from './demo.setting.js';
import { villageShortName } from './names.js';


const DEDICATED: [string, string][] = [
  ['school', '学校'],
  ['hospital', '医院'],
  ['market', '农贸市场'],
  ['industrial_park', '工业园'],
];

/**
 * Some of 吉州区's generated grids are 专属网格 (a school, a hospital, a market, an industrial park),
 * and grids get their party organisation: a branch in urban communities, a group in villages.
 */
export async function shapeDemoGrids(database: Database): Promise<void> {
  const db = database.db;
  const rows = await db
    .select({ code: gridsTable.code, name: gridsTable.name, kind: gridsTable.kind, villageName: regions.name })
    .from(gridsTable)
    .innerJoin(regions, eq(regions.code, gridsTable.villageCode))
    .where(inRegion(gridsTable.code, DEMO_COUNTY))
    .orderBy(asc(gridsTable.code));
  const urban = rows.filter((r) => /(居委会|社区)$/.test(r.villageName) && r.code.endsWith('003') && !r.code.startsWith(DEMO_COMMUNITY));
  for (const [i, g] of urban.slice(0, DEDICATED.length * 2).entries()) {
    const [subKind, label] = DEDICATED[i % DEDICATED.length];
    if (g.kind === 'dedicated') continue;
    await db
      .update(gridsTable)
      .set({ kind: 'dedicated', subKind, name: `${villageShortName(g.villageName)}${label}专属网格` })
      .where(eq(gridsTable.code, g.code));
  }
  await db
    .update(gridsTable)
    .set({ partyOrgName: sql`${gridsTable.name} || '党支部'`, partyOrgKind: 'branch' })
    .where(and(inRegion(gridsTable.code, DEMO_COUNTY), sql`${gridsTable.partyOrgName} is null`, inArray(gridsTable.villageCode, rows.filter((r) => /(居委会|社区)$/.test(r.villageName)).map((r) => r.code.slice(0, 12)))));
  await db
    .update(gridsTable)
    .set({ partyOrgName: sql`${gridsTable.name} || '党小组'`, partyOrgKind: 'group' })
    .where(and(inRegion(gridsTable.code, DEMO_COUNTY), sql`${gridsTable.partyOrgName} is null`));
}
