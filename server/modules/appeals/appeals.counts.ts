import { and, count, desc, inArray, sql } from 'drizzle-orm';
import { inRegion, type Actor } from '../../platform/access.js';
import { visibleAppeals } from '../../platform/access/appeals.js';
import type { DbOrTx } from '../../platform/db.js';
import { appeals } from './appeals.tables.js';
import { OPEN_STATUSES } from './appeals.workflow.js';

/**
 * Open appeals of a place grouped by category, most first, as the caller may see them: what a meeting
 * draws its topics from ("电动车充电难: 14 open appeals in this compound").
 */
export async function openAppealsByCategory(db: DbOrTx, actor: Actor, regionCode: string): Promise<{ categoryCode: string; open: number }[]> {
  const rows = await db
    .select({ categoryCode: appeals.categoryCode, open: count() })
    .from(appeals)
    .where(and(visibleAppeals(actor), inRegion(appeals.regionCode, regionCode), inArray(appeals.status, [...OPEN_STATUSES])))
    .groupBy(appeals.categoryCode)
    .orderBy(desc(sql`count(*)`), appeals.categoryCode);
  return rows.map((r) => ({ categoryCode: r.categoryCode, open: Number(r.open) }));
}
