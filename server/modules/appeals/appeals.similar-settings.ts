/**
 * 多诉统办: a county's duplicate-suggestion settings, stored by its administrator — the distance that counts
 * as the same place (metres), how long open appeals are offered and how long closed ones still are (days),
 * the minimum score and how many suggestions. The rest of the scorer (weights, margin, text method) stays
 * as measured in bench/duplicates.ts. A county without a row uses DUPLICATES, so the benchmark's figures
 * are the defaults'. The suggestion code reads them through a per-county cache, dropped on every store
 * here and after a minute elsewhere (another server process stored them).
 */
import { eq } from 'drizzle-orm';
import { assertAssignable, authorize, type Actor } from '../../platform/access.js';
import { audit, type RequestContext } from '../../platform/audit.js';
import type { Database, DbOrTx } from '../../platform/db.js';
import { AppError, notFound } from '../../platform/errors.js';
import { exists as regionExists } from '../regions/regions.service.js';
import { DUPLICATES, type DuplicateSettings } from './appeals.similar.js';
import { duplicateSettings } from './appeals.tables.js';

/** What a county may set (the API's names). */
export interface DuplicateConfig {
  metres: number;
  openDays: number;
  windowDays: number;
  minScore: number;
  suggestions: number;
}

export interface DuplicateConfigView extends DuplicateConfig {
  regionCode: string;
  source: 'stored' | 'default';
  updatedAt: string | null;
}

const DEFAULT_DUPLICATE_CONFIG: DuplicateConfig = {
  metres: DUPLICATES.metres,
  openDays: DUPLICATES.openDays,
  windowDays: DUPLICATES.windowDays,
  minScore: DUPLICATES.threshold,
  suggestions: DUPLICATES.limit,
};

const TTL_MS = 60_000;
/** Per database handle (like the calendar's cache: one process may serve several databases, as tests do), then per county. */
const caches = new WeakMap<object, Map<string, { settings: DuplicateSettings; at: number }>>();
function cacheOf(db: object): Map<string, { settings: DuplicateSettings; at: number }> {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new Map()));
  return cache;
}

const apply = (c: DuplicateConfig): DuplicateSettings => ({ ...DUPLICATES, metres: c.metres, openDays: c.openDays, windowDays: c.windowDays, threshold: c.minScore, limit: c.suggestions });

async function stored(db: DbOrTx, county: string): Promise<(DuplicateConfig & { updatedAt: Date }) | undefined> {
  const [row] = await db.select().from(duplicateSettings).where(eq(duplicateSettings.regionCode, county)).limit(1);
  return row ? { metres: row.metres, openDays: row.openDays, windowDays: row.windowDays, minScore: row.threshold, suggestions: row.suggestions, updatedAt: row.updatedAt } : undefined;
}

/**
 * The settings the scorer uses for a place (any code in a county: a grid, a township; the county is its first
 * six digits). Above county level, or with no place, the defaults.
 */
export async function duplicateSettingsFor(db: DbOrTx, place: string | null | undefined): Promise<DuplicateSettings> {
  if (!place || place.length < 6) return DUPLICATES;
  const county = place.slice(0, 6);
  const cache = cacheOf(db);
  const hit = cache.get(county);
  if (hit && Date.now() - hit.at < TTL_MS) return hit.settings;
  const row = await stored(db, county);
  const settings = row ? apply(row) : DUPLICATES;
  cache.set(county, { settings, at: Date.now() });
  return settings;
}

function countyOf(actor: Actor, regionCode: string | undefined, where: 'query' | 'body'): string {
  const code = regionCode ?? (actor.regionCode.length >= 6 ? actor.regionCode.slice(0, 6) : undefined);
  const field = `${where}.regionCode`;
  if (!code || code.length !== 6) throw new AppError('county_setting_region', { what: '重复诉求提示设置', whatEn: 'Duplicate-suggestion settings', field }, [{ field, rule: 'county' }]);
  return code;
}

export async function getDuplicateConfig(db: DbOrTx, actor: Actor, regionCode?: string): Promise<DuplicateConfigView> {
  authorize(actor, 'appeals.duplicates.configure');
  const code = countyOf(actor, regionCode, 'query');
  if (!code.startsWith(actor.regionCode)) throw notFound('区域', 'Region');
  const row = await stored(db, code);
  if (!row) return { regionCode: code, ...DEFAULT_DUPLICATE_CONFIG, source: 'default', updatedAt: null };
  const { updatedAt, ...config } = row;
  return { regionCode: code, ...config, source: 'stored', updatedAt: updatedAt.toISOString() };
}

/** Stores a county's settings (admin), audited with the old and new values; this process's cache forgets the county. */
export async function setDuplicateConfig(database: Database, ctx: RequestContext, input: DuplicateConfig & { regionCode?: string }): Promise<DuplicateConfigView> {
  authorize(ctx.actor, 'appeals.duplicates.configure');
  const code = countyOf(ctx.actor, input.regionCode, 'body');
  assertAssignable(ctx.actor, code, '区域', 'Region');
  if (input.windowDays > input.openDays) throw new AppError('duplicate_settings_window', { field: 'body.windowDays', openDays: input.openDays }, [{ field: 'body.windowDays', rule: 'max' }]);
  if (!(await regionExists(database.db, code))) throw notFound('区域', 'Region');
  const after: DuplicateConfig = { metres: input.metres, openDays: input.openDays, windowDays: input.windowDays, minScore: input.minScore, suggestions: input.suggestions };
  const values = { metres: after.metres, openDays: after.openDays, windowDays: after.windowDays, threshold: after.minScore, suggestions: after.suggestions };
  await database.db.transaction(async (tx) => {
    const [before] = await tx.select().from(duplicateSettings).where(eq(duplicateSettings.regionCode, code)).for('update');
    await tx
      .insert(duplicateSettings)
      .values({ regionCode: code, ...values, updatedBy: ctx.actor.id })
      .onConflictDoUpdate({ target: duplicateSettings.regionCode, set: { ...values, updatedBy: ctx.actor.id, updatedAt: new Date() } });
    await audit(tx, ctx, {
      action: 'duplicate_settings.set',
      targetType: 'duplicate_settings',
      targetId: code,
      regionCode: code,
      details: { before: before ? { metres: before.metres, openDays: before.openDays, windowDays: before.windowDays, minScore: before.threshold, suggestions: before.suggestions } : null, after },
    });
  });
  cacheOf(database.db).delete(code);
  return getDuplicateConfig(database.db, ctx.actor, code);
}
