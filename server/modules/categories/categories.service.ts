import { asc, inArray } from 'drizzle-orm';
import { authorize, type Actor } from '../../platform/access.js';
import type { DbOrTx } from '../../platform/db.js';
import { appealCategories } from './categories.tables.js';
import { DEMO_TAXONOMY } from './categories.taxonomy.js';

export interface CategoryView {
  code: string;
  name: string;
  parentCode: string | null;
  level: number;
  active: boolean;
}

export async function listCategories(db: DbOrTx, actor: Actor): Promise<CategoryView[]> {
  authorize(actor, 'categories.read');
  return db
    .select({ code: appealCategories.code, name: appealCategories.name, parentCode: appealCategories.parentCode, level: appealCategories.level, active: appealCategories.active })
    .from(appealCategories)
    .orderBy(asc(appealCategories.sort), asc(appealCategories.code));
}

// Known codes, cached a minute per database handle; a miss re-reads, so a new category is never refused.
const known = new WeakMap<object, { at: number; codes: Set<string> }>();

export async function unknownCodes(db: DbOrTx, codes: string[]): Promise<string[]> {
  const unique = [...new Set(codes)];
  if (!unique.length) return [];
  const hit = known.get(db);
  if (hit && Date.now() - hit.at < 60_000 && unique.every((c) => hit.codes.has(c))) return [];
  const all = await db.select({ code: appealCategories.code }).from(appealCategories);
  known.set(db, { at: Date.now(), codes: new Set(all.map((r) => r.code)) });
  if (unique.every((c) => known.get(db)!.codes.has(c))) return [];
  const found = new Set(
    (await db.select({ code: appealCategories.code }).from(appealCategories).where(inArray(appealCategories.code, unique))).map((r) => r.code),
  );
  return unique.filter((c) => !found.has(c));
}

/** Installs the demo taxonomy; existing codes keep their (possibly edited) names. */
export async function installDemoTaxonomy(db: DbOrTx): Promise<number> {
  const rows: (typeof appealCategories.$inferInsert)[] = [];
  DEMO_TAXONOMY.forEach((top, i) => {
    rows.push({ code: top.code, name: top.name, parentCode: null, level: 1, sort: i * 100 });
    top.children.forEach(([code, name], j) => rows.push({ code, name, parentCode: top.code, level: 2, sort: i * 100 + j + 1 }));
  });
  await db.insert(appealCategories).values(rows).onConflictDoNothing();
  return rows.length;
}

