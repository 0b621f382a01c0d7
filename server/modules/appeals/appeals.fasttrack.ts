/**
 * 即诉即办率 (the fast queue's rate): of the appeals accepted in a period that went to the fast queue
 * (dispatched in a simple category, appeals.clock.ts), those handled by the end of the working day they
 * came in (their handling limit) ÷ all of them. Read from the appeals in both of the metrics' paths, so
 * the whole-county path and the scoped path agree.
 */
import { and, eq, gte, lt, ne, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db.js';
import { appeals } from './appeals.tables.js';

export async function fastTrackCounts(db: DbOrTx, base: SQL | undefined, key: SQL, from: Date, to: Date): Promise<Map<string, { fastTrack: number; fastTrackSameDay: number }>> {
  const rows = await db
    .select({
      key: key.as('key'),
      fastTrack: sql<number>`count(*)`,
      fastTrackSameDay: sql<number>`count(*) filter (where ${appeals.handledAt} is not null and ${appeals.handledAt} <= ${appeals.handlingDueAt})`,
    })
    .from(appeals)
    .where(and(base, eq(appeals.fastTrack, true), ne(appeals.status, 'merged'), gte(appeals.acceptedAt, from), lt(appeals.acceptedAt, to)))
    .groupBy(sql`1`);
  return new Map(rows.map((r) => [String(r.key ?? ''), { fastTrack: Number(r.fastTrack), fastTrackSameDay: Number(r.fastTrackSameDay) }]));
}
