import { and, asc, eq, inArray, like, or, sql, type SQL } from 'drizzle-orm';
import { assertInScope, authorize, inRegion, scopeCondition, type Actor } from '../../platform/access.js';
import { likePattern, outer, type DbOrTx } from '../../platform/db.js';
import { ancestorCodes, LEVEL_BOUNDARIES } from '../../platform/division-codes.js';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { notFound } from '../../platform/errors.js';
import { regions } from './regions.tables.js';
import type { RegionLevel } from './regions.import.js';
import { gridLeaves, type GridLeaf } from './regions.leaves.js';

export type NodeLevel = RegionLevel | 'grid';

export interface RegionNode {
  code: string;
  name: string;
  level: NodeLevel;
  parentCode: string | null;
  hasChildren: boolean;
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
  return { code: regions.code, name: regions.name, level: regions.level, parentCode: regions.parentCode, hasChildRegion };
}

type RegionNodeRow = { code: string; name: string; level: string; parentCode: string | null; hasChildRegion: unknown };

/** Division rows as tree nodes: a village has children when grids hang under it. */
async function toNodes(db: DbOrTx, rows: RegionNodeRow[]): Promise<RegionNode[]> {
  const villages = rows.filter((r) => r.level === 'village').map((r) => r.code);
  const withGrids = villages.length ? await gridLeaves().villagesWithGrids(db, villages) : new Set<string>();
  return rows.map((r) => ({
    code: r.code,
    name: r.name,
    level: r.level as NodeLevel,
    parentCode: r.parentCode,
    hasChildren: r.level === 'village' ? withGrids.has(r.code) : Boolean(r.hasChildRegion),
  }));
}

function gridNode(g: GridLeaf): RegionNode {
  return { code: g.code, name: g.name, level: 'grid', parentCode: g.villageCode, hasChildren: false };
}

/** Names for any mix of division and grid codes ('' is the whole installation). */
export async function namesOf(db: DbOrTx, codes: Iterable<string>): Promise<Map<string, string>> {
  const all = [...new Set(codes)].filter((c) => c !== '');
  const out = new Map<string, string>();
  const regionCodes = all.filter((c) => c.length <= 12);
  const gridCodes = all.filter((c) => c.length === 15);
  const [divisionRows, gridRows] = await Promise.all([
    regionCodes.length ? db.select({ code: regions.code, name: regions.name }).from(regions).where(inArray(regions.code, regionCodes)) : [],
    gridLeaves().find(db, gridCodes),
  ]);
  for (const r of [...divisionRows, ...gridRows]) out.set(r.code, r.name);
  return out;
}

/**
 * `pathNamesOf` of a code column as an SQL expression, for a list that names its rows in the statement
 * that reads them: the divisions' part of the path (the ancestors' names and, up to a village, its
 * own), or null when none is known. A grid's own name (15 digits) is the grids module's to add.
 */
export function divisionPathSql(code: AnyPgColumn): SQL<string | null> {
  const c = outer(code);
  const prefixes = LEVEL_BOUNDARIES.map((n) => sql`substr(${c}, 1, ${sql.raw(String(n))})`);
  return sql<string | null>`(select string_agg(${regions.name}, ' / ' order by length(${regions.code})) from ${regions} where ${regions.code} in (${sql.join(prefixes, sql`, `)}))`;
}

/**
 * The names of `area` and of the divisions of `len` digits under it (at most a village's 12), read by
 * range: a report by the next level names its rows without listing their codes.
 */
export async function divisionNamesUnder(db: DbOrTx, area: string, len: number): Promise<Map<string, string>> {
  const rows = await db
    .select({ code: regions.code, name: regions.name })
    .from(regions)
    .where(or(and(inRegion(regions.code, area), sql`length(${regions.code}) = ${len}`), area ? eq(regions.code, area) : undefined));
  return new Map(rows.map((r) => [r.code, r.name]));
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
  if (code.length === 15) return (await gridLeaves().find(db, [code])).length > 0;
  const [r] = await db.select({ code: regions.code }).from(regions).where(eq(regions.code, code)).limit(1);
  return !!r;
}

/** The nodes at the top of the caller's tree: its scope node, or the provinces for the whole installation. */
export async function roots(db: DbOrTx, actor: Actor): Promise<RegionNode[]> {
  authorize(actor, 'regions.read');
  if (actor.regionCode === '') {
    const rows = await db.select(regionNodeSelect()).from(regions).where(eq(regions.level, 'province')).orderBy(asc(regions.code));
    return toNodes(db, rows);
  }
  const node = await getNode(db, actor, actor.regionCode);
  return node ? [node] : [];
}

async function getNode(db: DbOrTx, actor: Actor, code: string): Promise<RegionNode | null> {
  if (code.length === 15) {
    const [g] = await gridLeaves().find(db, [code]);
    return g ? gridNode(g) : null;
  }
  const [r] = await db.select(regionNodeSelect()).from(regions).where(eq(regions.code, code));
  return r ? (await toNodes(db, [r]))[0] : null;
}

export async function children(db: DbOrTx, actor: Actor, code: string): Promise<RegionNode[]> {
  authorize(actor, 'regions.read');
  assertInScope(actor, code, '行政区划', 'Division');
  const parent = await getNode(db, actor, code);
  if (!parent) throw notFound('行政区划', 'Division');
  if (parent.level === 'grid') return [];
  if (parent.level === 'village') return (await gridLeaves().inVillage(db, actor, code)).map(gridNode);
  const rows = await db
    .select(regionNodeSelect())
    .from(regions)
    .where(and(eq(regions.parentCode, code), scopeCondition(actor, regions.code)))
    .orderBy(asc(regions.code));
  return toNodes(db, rows);
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
  const gridCount = await gridLeaves().countIn(db, code);
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
  const gridRows = rows.length < limit ? await gridLeaves().search(db, actor, term, limit - rows.length) : [];
  const nodes: RegionNode[] = [...(await toNodes(db, rows)), ...gridRows.map(gridNode)];
  const paths = await pathNamesOf(db, nodes.map((n) => n.code));
  return nodes.map((n) => ({ ...n, path: paths.get(n.code) ?? n.name }));
}

/** Counties, townships and villages in the caller's scope. */
export async function countLevelsIn(db: DbOrTx, actor: Actor): Promise<{ counties: number; townships: number; villages: number }> {
  const [r] = await db
    .select({
      counties: sql<number>`count(*) filter (where ${regions.level} = 'county')`,
      townships: sql<number>`count(*) filter (where ${regions.level} = 'township')`,
      villages: sql<number>`count(*) filter (where ${regions.level} = 'village')`,
    })
    .from(regions)
    .where(scopeCondition(actor, regions.code));
  return { counties: Number(r.counties), townships: Number(r.townships), villages: Number(r.villages) };
}

/** The divisions in the caller's scope whose codes are `codeLength` long, by code. */
export async function divisionsOfLength(db: DbOrTx, actor: Actor, codeLength: number): Promise<{ code: string; name: string }[]> {
  return db
    .select({ code: regions.code, name: regions.name })
    .from(regions)
    .where(and(scopeCondition(actor, regions.code), sql`length(${regions.code}) = ${codeLength}`))
    .orderBy(regions.code);
}

export async function countRegions(db: DbOrTx): Promise<number> {
  const [r] = await db.select({ n: sql<number>`count(*)` }).from(regions);
  return Number(r.n);
}
