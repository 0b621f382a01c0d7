import { and, count, desc, eq, inArray, sql } from 'drizzle-orm';
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

/**
 * Appeals of one channel registered in a region's subtree, per China month, between two China days
 * (both included): an aggregate (信访 beside the mediation figures), no appeal shown.
 */
export async function monthlyByChannel(db: DbOrTx, f: { regionCode: string; channel: string; from: string; to: string }): Promise<Map<string, number>> {
  const month = sql<string>`to_char((${appeals.createdAt} at time zone 'UTC') + interval '8 hours', 'YYYY-MM')`;
  const rows = await db
    .select({ month, n: count() })
    .from(appeals)
    .where(
      and(
        inRegion(appeals.regionCode, f.regionCode),
        eq(appeals.channel, f.channel),
        sql`${appeals.createdAt} >= ${f.from}::date - interval '8 hours'`,
        sql`${appeals.createdAt} < ${f.to}::date + interval '16 hours'`,
      ),
    )
    .groupBy(month);
  return new Map(rows.map((r) => [r.month, Number(r.n)]));
}
