/**
 * The early warnings' minimum counts per county (预警起报数), beside the seasonal rules: the fewest new
 * appeals of one category in a week before a community's, or a grid's, count may be a rise. Stored by the
 * county's administrator (audited, old and new values); a county without a row uses DEFAULT_MIN_COUNTS.
 */
import { eq } from 'drizzle-orm';
import { assertAssignable, assertInScope, authorize, type Actor } from '../../platform/access.js';
import { audit, type RequestContext } from '../../platform/audit.js';
import type { Database, DbOrTx } from '../../platform/db.js';
import { AppError, notFound } from '../../platform/errors.js';
import { exists as regionExists } from '../regions/regions.service.js';
import { DEFAULT_MIN_COUNTS } from './assessment.detect.js';
import { warningThresholds } from './assessment.tables.js';

export interface MinCounts {
  community: number;
  grid: number;
}

export interface ThresholdsView extends MinCounts {
  regionCode: string;
  source: 'stored' | 'default';
  updatedAt: string | null;
}

/** Every county's minimum counts, read once per scan: a function from a place (community or grid code) to its county's. */
export async function minCountsByCounty(db: DbOrTx): Promise<(place: string) => MinCounts> {
  const rows = await db.select().from(warningThresholds);
  const byCounty = new Map(rows.map((r) => [r.regionCode, { community: r.communityMinCount, grid: r.gridMinCount }]));
  return (place) => byCounty.get(place.slice(0, 6)) ?? DEFAULT_MIN_COUNTS;
}

function county(actor: Actor, regionCode: string | undefined, where: 'query' | 'body'): string {
  const code = regionCode ?? (actor.regionCode.length >= 6 ? actor.regionCode.slice(0, 6) : undefined);
  const field = `${where}.regionCode`;
  if (!code || code.length !== 6) throw new AppError('county_setting_region', { what: '预警起报数', whatEn: 'Warning thresholds', field }, [{ field, rule: 'county' }]);
  return code;
}

export async function getThresholds(db: DbOrTx, actor: Actor, regionCode?: string): Promise<ThresholdsView> {
  authorize(actor, 'warnings.read');
  const code = county(actor, regionCode, 'query');
  // A township sees its county's setting (it is judged by it); nobody sees another county's.
  if (!actor.regionCode.startsWith(code)) assertInScope(actor, code, '区域', 'Region');
  const [row] = await db.select().from(warningThresholds).where(eq(warningThresholds.regionCode, code)).limit(1);
  if (!row) return { regionCode: code, ...DEFAULT_MIN_COUNTS, source: 'default', updatedAt: null };
  return { regionCode: code, community: row.communityMinCount, grid: row.gridMinCount, source: 'stored', updatedAt: row.updatedAt.toISOString() };
}

/** Stores a county's minimum counts (admin), audited in the same transaction with the old and new values. */
export async function setThresholds(database: Database, ctx: RequestContext, input: MinCounts & { regionCode?: string }): Promise<ThresholdsView> {
  authorize(ctx.actor, 'warnings.configure');
  const code = county(ctx.actor, input.regionCode, 'body');
  assertAssignable(ctx.actor, code, '区域', 'Region');
  if (!(await regionExists(database.db, code))) throw notFound('区域', 'Region');
  const values = { communityMinCount: input.community, gridMinCount: input.grid };
  await database.db.transaction(async (tx) => {
    const [before] = await tx.select().from(warningThresholds).where(eq(warningThresholds.regionCode, code)).for('update');
    await tx
      .insert(warningThresholds)
      .values({ regionCode: code, ...values, updatedBy: ctx.actor.id })
      .onConflictDoUpdate({ target: warningThresholds.regionCode, set: { ...values, updatedBy: ctx.actor.id, updatedAt: new Date() } });
    await audit(tx, ctx, {
      action: 'warning_thresholds.set',
      targetType: 'warning_thresholds',
      targetId: code,
      regionCode: code,
      details: { before: before ? { community: before.communityMinCount, grid: before.gridMinCount } : null, after: { community: input.community, grid: input.grid } },
    });
  });
  return getThresholds(database.db, ctx.actor, code);
}
