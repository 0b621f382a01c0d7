import { and, count, desc, eq, gt, inArray, lte, sql } from 'drizzle-orm';
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

/** Which of these appeals are closed (the meetings module's actions sent into the loop). */
export async function closedAppealIds(db: DbOrTx, ids: string[]): Promise<Set<string>> {
  if (!ids.length) return new Set();
  const rows = await db.select({ id: appeals.id }).from(appeals).where(and(inArray(appeals.id, ids), eq(appeals.status, 'closed')));
  return new Set(rows.map((r) => r.id));
}

/**
 * For each (place, category, moment) — a meeting's decision on a topic drawn from the place's open
 * appeals — how many appeals of that category in that place were open at that moment and closed after.
 */
export async function appealsClosedAfter(db: DbOrTx, items: { regionCode: string; categoryCode: string; at: Date }[]): Promise<number[]> {
  const out: number[] = [];
  for (const it of items) {
    const [{ n }] = await db
      .select({ n: count() })
      .from(appeals)
      .where(and(inRegion(appeals.regionCode, it.regionCode), eq(appeals.categoryCode, it.categoryCode), lte(appeals.createdAt, it.at), gt(appeals.closedAt, it.at), eq(appeals.status, 'closed')));
    out.push(Number(n));
  }
  return out;
}
