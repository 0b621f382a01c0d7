/**
 * The composite score's weights (综合得分权重) stored per county by its administrator: 响应率, 解决率, 满意率,
 * adding up to 1 (DOMAIN.md §11: 0.1/0.5/0.4 by default, another county uses 0.30/0.35/0.35). The rankings
 * and the monthly report use the county's stored set unless a query gives its own.
 */
import { eq } from 'drizzle-orm';
import { assertAssignable, assertInScope, authorize, type Actor } from '../../platform/access.js';
import { audit, type RequestContext } from '../../platform/audit.js';
import type { Database, DbOrTx } from '../../platform/db.js';
import { AppError, notFound } from '../../platform/errors.js';
import { DEFAULT_WEIGHTS, type Weights } from '../appeals/appeals.metrics.js';
import { exists as regionExists } from '../regions/regions.service.js';
import { assessmentWeights } from './assessment.tables.js';

export type WeightsSource = 'query' | 'stored' | 'default';

export interface WeightsView extends Weights {
  regionCode: string;
  source: Exclude<WeightsSource, 'query'>;
  updatedAt: string | null;
}

/** The county a region code lies in, or undefined above county level (a city, a province, everything). */
function countyOf(code: string): string | undefined {
  return code.length >= 6 ? code.slice(0, 6) : undefined;
}

/** The weights stored for the county `code` lies in, or undefined (then the default applies). */
async function storedWeights(db: DbOrTx, code: string): Promise<Weights | undefined> {
  const county = countyOf(code);
  if (!county) return undefined;
  const [row] = await db.select().from(assessmentWeights).where(eq(assessmentWeights.regionCode, county)).limit(1);
  return row ? { response: row.response, resolution: row.resolution, satisfaction: row.satisfaction } : undefined;
}

/** The weights in force: the query's own (the route checked their sum), else the county's stored set, else the default. */
export async function weightsInForce(db: DbOrTx, code: string, given?: Weights): Promise<{ weights: Weights; source: WeightsSource }> {
  if (given) return { weights: given, source: 'query' };
  const stored = await storedWeights(db, code);
  return stored ? { weights: stored, source: 'stored' } : { weights: DEFAULT_WEIGHTS, source: 'default' };
}

function checkSum(w: Weights, where: 'body') {
  const sum = w.response + w.resolution + w.satisfaction;
  if (Math.abs(sum - 1) > 1e-6) {
    // The last weight is the one to adjust: it is named, so the form can mark it.
    const field = `${where}.satisfaction`;
    throw new AppError('assessment_weights_sum', { sum: Math.round(sum * 10000) / 10000, field }, [{ field, rule: 'sum' }]);
  }
}

function county(actor: Actor, regionCode: string | undefined, where: 'query' | 'body'): string {
  const code = regionCode ?? countyOf(actor.regionCode);
  if (!code || code.length !== 6) throw new AppError('assessment_weights_county', { field: `${where}.regionCode` }, [{ field: `${where}.regionCode`, rule: 'county' }]);
  return code;
}

export async function getWeights(db: DbOrTx, actor: Actor, regionCode?: string): Promise<WeightsView> {
  authorize(actor, 'assessment.read');
  const code = county(actor, regionCode, 'query');
  assertInScope(actor, code, '区域', 'Region');
  const [row] = await db.select().from(assessmentWeights).where(eq(assessmentWeights.regionCode, code)).limit(1);
  if (!row) return { regionCode: code, ...DEFAULT_WEIGHTS, source: 'default', updatedAt: null };
  return { regionCode: code, response: row.response, resolution: row.resolution, satisfaction: row.satisfaction, source: 'stored', updatedAt: row.updatedAt.toISOString() };
}

/** Stores a county's weights (admin), audited in the same transaction with the old and new values. */
export async function setWeights(database: Database, ctx: RequestContext, input: Weights & { regionCode?: string }): Promise<WeightsView> {
  authorize(ctx.actor, 'assessment.weights');
  const code = county(ctx.actor, input.regionCode, 'body');
  assertAssignable(ctx.actor, code, '区域', 'Region');
  if (!(await regionExists(database.db, code))) throw notFound('区域', 'Region');
  const w = { response: input.response, resolution: input.resolution, satisfaction: input.satisfaction };
  checkSum(w, 'body');
  await database.db.transaction(async (tx) => {
    const [before] = await tx.select().from(assessmentWeights).where(eq(assessmentWeights.regionCode, code)).for('update');
    await tx
      .insert(assessmentWeights)
      .values({ regionCode: code, ...w, updatedBy: ctx.actor.id })
      .onConflictDoUpdate({ target: assessmentWeights.regionCode, set: { ...w, updatedBy: ctx.actor.id, updatedAt: new Date() } });
    await audit(tx, ctx, {
      action: 'assessment_weights.set',
      targetType: 'assessment_weights',
      targetId: code,
      regionCode: code,
      details: { before: before ? { response: before.response, resolution: before.resolution, satisfaction: before.satisfaction } : null, after: w },
    });
  });
  return getWeights(database.db, ctx.actor, code);
}
