/**
 * The benchmark's year of appeals at 吉安 scale (docs/DOMAIN.md §2): a department set per county, made
 * here, and `count` appeals over the city's grids, lived by generateAppealHistory (appeals.ts).
 */
import { asc, eq } from 'drizzle-orm';
import type { Vault } from '../platform/crypto.js';
import type { Database } from '../platform/db.js';
import { orgCategories, orgs } from '../modules/orgs/orgs.tables.js';
import { regions } from '../modules/regions/regions.tables.js';
import { generateAppealHistory } from './appeals.js';
import { DEPARTMENTS, HOUR } from './appeals.mix.js';
import { stableUuid } from './grids.js';


export interface AppealGenSummary {
  appeals: number;
  events: number;
  orgs: number;
}

/** One department set per county, and a governance centre per township (idempotent by name). */
async function ensureOrgs(database: Database, cityCode: string, seed: number): Promise<Map<string, Map<string, string>>> {
  const db = database.db;
  const counties = await db.select({ code: regions.code, name: regions.name }).from(regions).where(eq(regions.parentCode, cityCode)).orderBy(asc(regions.code));
  const rows: (typeof orgs.$inferInsert)[] = [];
  const cats: (typeof orgCategories.$inferInsert)[] = [];
  for (const c of counties) {
    for (const [suffix, top] of DEPARTMENTS) {
      const id = stableUuid(seed, `org:${c.code}:${suffix}`);
      rows.push({ id, name: `${c.name}${suffix}`, kind: 'department', regionCode: c.code });
      for (const t of top) cats.push({ orgId: id, categoryCode: t });
    }
  }
  for (let i = 0; i < rows.length; i += 500) await db.insert(orgs).values(rows.slice(i, i + 500)).onConflictDoNothing();
  for (let i = 0; i < cats.length; i += 1000) await db.insert(orgCategories).values(cats.slice(i, i + 1000)).onConflictDoNothing();
  // county code → top category → department id
  const byCounty = new Map<string, Map<string, string>>();
  for (const o of await db.select({ id: orgs.id, regionCode: orgs.regionCode, categoryCode: orgCategories.categoryCode }).from(orgs).innerJoin(orgCategories, eq(orgCategories.orgId, orgs.id)).where(eq(orgs.kind, 'department'))) {
    if (!byCounty.has(o.regionCode)) byCounty.set(o.regionCode, new Map());
    byCounty.get(o.regionCode)!.set(o.categoryCode.slice(0, 2), o.id);
  }
  return byCounty;
}

/** The benchmark's year: `count` appeals over a city's grids and the departments ensureOrgs sets up. */
export async function generateAppeals(
  database: Database,
  vault: Vault,
  opts: { cityCode: string; count: number; year: number; seed: number; onProgress?: (done: number, total: number) => void },
): Promise<AppealGenSummary> {
  const deptByCounty = await ensureOrgs(database, opts.cityCode, opts.seed);
  const names = new Map((await database.db.select({ id: orgs.id, name: orgs.name }).from(orgs).where(eq(orgs.kind, 'department'))).map((o) => [o.id, o.name]));
  const yearStart = Date.UTC(opts.year, 0, 1) - 8 * HOUR;
  const yearEnd = Date.UTC(opts.year + 1, 0, 1) - 8 * HOUR - 1;
  const r = await generateAppealHistory(
    database,
    vault,
    {
      within: opts.cityCode,
      orgFor: (county, cat) => deptByCounty.get(county)?.get(cat.slice(0, 2)) ?? null,
      coOrgsOf: (county) => [...new Set(deptByCounty.get(county)?.values() ?? [])],
      orgName: (id) => names.get(id) ?? '承办单位',
    },
    { count: opts.count, from: yearStart, to: yearEnd, seed: opts.seed, onProgress: opts.onProgress },
  );
  return { appeals: r.appeals, events: r.events, orgs: deptByCounty.size * DEPARTMENTS.length };
}
