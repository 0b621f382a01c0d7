import { and, asc, eq, inArray, like, or, sql, type SQL } from 'drizzle-orm';
import { assertInScope, authorize, inRegion, scopeCondition, type Actor } from '../../platform/access.js';
import { likePattern, outer, type DbOrTx } from '../../platform/db.js';
import { notFound } from '../../platform/errors.js';
import { gridLevel } from './regions.grid-level.js';
import { regions } from './regions.tables.js';
import type { RegionLevel } from './regions.import.js';

export type NodeLevel = RegionLevel | 'grid';

export interface RegionNode {
  code: string;
  name: string;
  level: NodeLevel;
  parentCode: string | null;
  hasChildren: boolean;
}

/** Codes of every ancestor of a code, top-down (the prefixes at the national code boundaries). */
export function ancestorCodes(code: string): string[] {
  return [2, 4, 6, 9, 12].filter((n) => n < code.length).map((n) => code.slice(0, n));
}

export function levelOfCode(code: string): NodeLevel | null {
  switch (code.length) {
    case 2:
      return 'province';
    case 4:
      return 'city';
    case 6:
      return 'county';
    case 9:
      return 'township';
    case 12:
      return 'village';
    case 15:
      return 'grid';
    default:
      return null;
  }
}

const hasChildRegion = sql<boolean>`exists (select 1 from ${regions} c where c.parent_code = ${outer(regions.code)})`;

function regionNodeSelect() {
  const hasGrid = gridLevel().villageHasGrids(outer(regions.code));
  return {
    code: regions.code,
    name: regions.name,
    level: regions.level,
    parentCode: regions.parentCode,
    hasChildren: sql<boolean>`case when ${regions.level} = 'village' then ${hasGrid} else ${hasChildRegion} end`,
  };
}

/** Names for any mix of division and grid codes ('' is the whole installation). */
export async function namesOf(db: DbOrTx, codes: Iterable<string>): Promise<Map<string, string>> {
  const all = [...new Set(codes)].filter((c) => c !== '');
  const out = new Map<string, string>();
  const regionCodes = all.filter((c) => c.length <= 12);
  const gridCodes = all.filter((c) => c.length === 15);
  const [divisionRows, gridRows] = await Promise.all([
    regionCodes.length ? db.select({ code: regions.code, name: regions.name }).from(regions).where(inArray(regions.code, regionCodes)) : [],
    gridCodes.length ? gridLevel().leaves(db, { codes: gridCodes }) : [],
  ]);
  for (const r of [...divisionRows, ...gridRows]) out.set(r.code, r.name);
  return out;
}

/** "江西省 / 吉安市 / 吉州区" for each code. */
export async function pathNamesOf(db: DbOrTx, codes: string[]): Promise<Map<string, string>> {
  const needed = new Set<string>();
  for (const c of codes) {
    needed.add(c);
    for (const a of ancestorCodes(c)) needed.add(a);
  }
  const names = await namesOf(db, needed);
  const out = new Map<string, string>();
  for (const c of codes) {
    out.set(
      c,
      [...ancestorCodes(c), c]
        .map((a) => names.get(a))
        .filter(Boolean)
        .join(' / '),
    );
  }
  return out;
}

export async function exists(db: DbOrTx, code: string): Promise<boolean> {
  if (code === '') return true;
  if (code.length === 15) {
    const [g] = await gridLevel().leaves(db, { codes: [code], limit: 1 });
    return !!g;
  }
  const [r] = await db.select({ code: regions.code }).from(regions).where(eq(regions.code, code)).limit(1);
  return !!r;
}

/** The nodes at the top of the caller's tree: its scope node, or the provinces for the whole installation. */
export async function roots(db: DbOrTx, actor: Actor): Promise<RegionNode[]> {
  authorize(actor, 'regions.read');
  if (actor.regionCode === '') {
    const rows = await db.select(regionNodeSelect()).from(regions).where(eq(regions.level, 'province')).orderBy(asc(regions.code));
    return rows.map(toNode);
  }
  const node = await getNode(db, actor, actor.regionCode);
  return node ? [node] : [];
}

function toNode(r: { code: string; name: string; level: string; parentCode: string | null; hasChildren: unknown }): RegionNode {
  return { code: r.code, name: r.name, level: r.level as NodeLevel, parentCode: r.parentCode, hasChildren: Boolean(r.hasChildren) };
}

async function getNode(db: DbOrTx, actor: Actor, code: string): Promise<RegionNode | null> {
  if (code.length === 15) {
    const [g] = await gridLevel().leaves(db, { codes: [code] });
    return g ? { code: g.code, name: g.name, level: 'grid', parentCode: g.villageCode, hasChildren: false } : null;
  }
  const [r] = await db.select(regionNodeSelect()).from(regions).where(eq(regions.code, code));
  return r ? toNode(r) : null;
}

export async function children(db: DbOrTx, actor: Actor, code: string): Promise<RegionNode[]> {
  authorize(actor, 'regions.read');
  assertInScope(actor, code, '行政区划', 'Division');
  const parent = await getNode(db, actor, code);
  if (!parent) throw notFound('行政区划', 'Division');
  if (parent.level === 'grid') return [];
  if (parent.level === 'village') {
    const rows = await gridLevel().leaves(db, { villageCode: code, scope: actor });
    return rows.map((g) => ({ code: g.code, name: g.name, level: 'grid' as const, parentCode: g.villageCode, hasChildren: false }));
  }
  const rows = await db
    .select(regionNodeSelect())
    .from(regions)
    .where(and(eq(regions.parentCode, code), scopeCondition(actor, regions.code)))
    .orderBy(asc(regions.code));
  return rows.map(toNode);
}

export interface RegionDetail {
  node: RegionNode;
  ancestors: { code: string; name: string; level: NodeLevel }[];
  counts: { cities: number; counties: number; townships: number; villages: number; grids: number };
}

export async function detail(db: DbOrTx, actor: Actor, code: string): Promise<RegionDetail> {
  authorize(actor, 'regions.read');
  assertInScope(actor, code, '行政区划', 'Division');
  const node = await getNode(db, actor, code);
  if (!node) throw notFound('行政区划', 'Division');
  const ancestors = ancestorCodes(code);
  const names = await namesOf(db, ancestors);
  const within = inRegion(regions.code, code);
  const [c] = await db
    .select({
      cities: sql<number>`count(*) filter (where ${regions.level} = 'city')`,
      counties: sql<number>`count(*) filter (where ${regions.level} = 'county')`,
      townships: sql<number>`count(*) filter (where ${regions.level} = 'township')`,
      villages: sql<number>`count(*) filter (where ${regions.level} = 'village')`,
    })
    .from(regions)
    .where(and(within, sql`${regions.code} <> ${code}`));
  const gridCount = await gridLevel().count(db, code);
  return {
    node,
    ancestors: ancestors.filter((a) => names.has(a)).map((a) => ({ code: a, name: names.get(a)!, level: levelOfCode(a)! })),
    counts: {
      cities: Number(c?.cities ?? 0),
      counties: Number(c?.counties ?? 0),
      townships: Number(c?.townships ?? 0),
      villages: Number(c?.villages ?? 0),
      grids: gridCount,
    },
  };
}

export interface SearchHit extends RegionNode {
  path: string;
}

/** By name (any part), code (prefix), pinyin initials or full pinyin (prefix): "jzq" finds 吉州区. */
export async function search(db: DbOrTx, actor: Actor, q: string, limit: number): Promise<SearchHit[]> {
  authorize(actor, 'regions.read');
  const term = q.trim();
  if (term === '') return [];
  const lower = term.toLowerCase();
  const prefix = `${lower.replace(/[\\%_]/g, (c) => '\\' + c)}%`;
  const conds: SQL[] = [like(regions.name, likePattern(term))];
  if (/^\d+$/.test(term)) conds.push(like(regions.code, prefix));
  if (/^[a-z]+$/.test(lower)) conds.push(like(regions.initials, prefix), like(regions.pinyin, prefix));
  const rows = await db
    .select(regionNodeSelect())
    .from(regions)
    .where(and(or(...conds), scopeCondition(actor, regions.code)))
    .orderBy(sql`case when ${regions.name} = ${term} or ${regions.initials} = ${lower} then 0 else 1 end`, asc(regions.depth), asc(regions.code))
    .limit(limit);
  const gridRows =
    rows.length < limit
      ? await gridLevel().leaves(db, { match: { name: likePattern(term), codePrefix: /^\d+$/.test(term) ? prefix : undefined }, scope: actor, limit: limit - rows.length })
      : [];
  const nodes: RegionNode[] = [
    ...rows.map(toNode),
    ...gridRows.map((g) => ({ code: g.code, name: g.name, level: 'grid' as const, parentCode: g.villageCode, hasChildren: false })),
  ];
  const paths = await pathNamesOf(db, nodes.map((n) => n.code));
  return nodes.map((n) => ({ ...n, path: paths.get(n.code) ?? n.name }));
}

export async function countRegions(db: DbOrTx): Promise<number> {
  const [r] = await db.select({ n: sql<number>`count(*)` }).from(regions);
  return Number(r.n);
}

/** The counties, townships and villages of an area ('' is the whole installation), the area itself included. */
export async function levelCounts(db: DbOrTx, area: string): Promise<{ counties: number; townships: number; villages: number }> {
  const [r] = await db
    .select({
      counties: sql<number>`count(*) filter (where ${regions.level} = 'county')`,
      townships: sql<number>`count(*) filter (where ${regions.level} = 'township')`,
      villages: sql<number>`count(*) filter (where ${regions.level} = 'village')`,
    })
    .from(regions)
    .where(inRegion(regions.code, area));
  return { counties: Number(r.counties), townships: Number(r.townships), villages: Number(r.villages) };
}

/** The divisions of an area whose codes have `len` digits, in code order. */
export async function divisionsAt(db: DbOrTx, area: string, len: number): Promise<{ code: string; name: string }[]> {
  return db
    .select({ code: regions.code, name: regions.name })
    .from(regions)
    .where(and(inRegion(regions.code, area), sql`length(${regions.code}) = ${len}`))
    .orderBy(regions.code);
}
