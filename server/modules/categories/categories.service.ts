import { asc, eq, inArray } from 'drizzle-orm';
import { authorize, type Actor } from '../../platform/access.js';
import { audit, type RequestContext } from '../../platform/audit.js';
import type { Database, DbOrTx } from '../../platform/db.js';
import { notFound } from '../../platform/errors.js';
import { appealCategories } from './categories.tables.js';
import { DEMO_TAXONOMY } from './categories.taxonomy.js';

export interface CategoryView {
  code: string;
  name: string;
  parentCode: string | null;
  level: number;
  active: boolean;
  /** 即诉即办: appeals in it are due the same working day. */
  simple: boolean;
}

export async function listCategories(db: DbOrTx, actor: Actor): Promise<CategoryView[]> {
  authorize(actor, 'categories.read');
  return db
    .select({ code: appealCategories.code, name: appealCategories.name, parentCode: appealCategories.parentCode, level: appealCategories.level, active: appealCategories.active, simple: appealCategories.simple })
    .from(appealCategories)
    .orderBy(asc(appealCategories.sort), asc(appealCategories.code));
}

// The simple categories' codes, cached a minute per database handle; a change clears the cache.
const simpleCache = new WeakMap<object, { at: number; codes: ReadonlySet<string> }>();

/** The codes of the categories marked simple (即诉即办). */
export async function simpleCategoryCodes(db: DbOrTx): Promise<ReadonlySet<string>> {
  const hit = simpleCache.get(db);
  if (hit && Date.now() - hit.at < 60_000) return hit.codes;
  const codes = new Set((await db.select({ code: appealCategories.code }).from(appealCategories).where(eq(appealCategories.simple, true))).map((r) => r.code));
  simpleCache.set(db, { at: Date.now(), codes });
  return codes;
}

/**
 * Whether an appeal of this category is simple (即诉即办): the category itself is marked, or its parent is
 * (marking a top-level category marks its subcategories).
 */
export async function isSimpleCategory(db: DbOrTx, code: string): Promise<boolean> {
  const codes = await simpleCategoryCodes(db);
  return codes.has(code) || [...codes].some((c) => code.startsWith(c) && code !== c);
}

/** Marks a category simple or not (admin), audited; it applies to appeals dispatched from now on. */
export async function setSimple(database: Database, ctx: RequestContext, code: string, simple: boolean): Promise<CategoryView> {
  authorize(ctx.actor, 'categories.write');
  const view = await database.db.transaction(async (tx) => {
    const [row] = await tx.update(appealCategories).set({ simple }).where(eq(appealCategories.code, code)).returning();
    if (!row) throw notFound('诉求类别', 'Category');
    await audit(tx, ctx, { action: 'category.simple', targetType: 'category', targetId: code, regionCode: '', details: { simple } });
    return { code: row.code, name: row.name, parentCode: row.parentCode, level: row.level, active: row.active, simple: row.simple };
  });
  simpleCache.delete(database.db);
  return view;
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

