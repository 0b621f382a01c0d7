/**
 * 信访 change (DOMAIN.md §11): the appeals that came in as petitions (channel 'petition') in a period against
 * the same period a year before, per area one level below the scope (a county's townships). Counted like
 * 受理量: accepted in the period, merged duplicates excluded; scoped to what the caller sees.
 */
import { and, eq, gte, lt, ne, sql } from 'drizzle-orm';
import { assertInScope, authorize, inRegion, type Actor } from '../../platform/access.js';
import { visibleAppeals } from '../../platform/access/appeals.js';
import type { DbOrTx } from '../../platform/db.js';
import { appeals } from './appeals.tables.js';

const CHILD_LENGTH: Record<number, number> = { 0: 2, 2: 4, 4: 6, 6: 9, 9: 12, 12: 15 };

/** The same instant a year earlier (29 February → 1 March). */
function yearBefore(t: Date): Date {
  const d = new Date(t);
  d.setUTCFullYear(d.getUTCFullYear() - 1);
  return d;
}

export interface PetitionRow {
  key: string;
  thisPeriod: number;
  lastYear: number;
  /** thisPeriod ÷ lastYear − 1, or null when last year had none. */
  change: number | null;
}

const change = (now: number, before: number) => (before > 0 ? Math.round((now / before - 1) * 10000) / 10000 : null);

async function countByArea(db: DbOrTx, actor: Actor, scope: string, from: Date, to: Date): Promise<Map<string, number>> {
  const key = sql<string>`substr(${appeals.regionCode}, 1, ${CHILD_LENGTH[scope.length] ?? 15})`;
  const rows = await db
    .select({ key: key.as('key'), n: sql<number>`count(*)` })
    .from(appeals)
    .where(and(visibleAppeals(actor), inRegion(appeals.regionCode, scope), eq(appeals.channel, 'petition'), ne(appeals.status, 'merged'), gte(appeals.acceptedAt, from), lt(appeals.acceptedAt, to)))
    .groupBy(sql`1`);
  return new Map(rows.map((r) => [String(r.key), Number(r.n)]));
}

/** Petitions per area below `regionCode` (default the caller's scope) in [from, to) and a year earlier, with the totals. */
export async function petitionChange(db: DbOrTx, actor: Actor, q: { from: Date; to: Date; regionCode?: string }): Promise<{ totals: Omit<PetitionRow, 'key'>; areas: PetitionRow[] }> {
  authorize(actor, 'appeals.metrics');
  const scope = q.regionCode ?? actor.regionCode;
  if (q.regionCode) assertInScope(actor, q.regionCode, '区域', 'Region');
  const [now, before] = await Promise.all([countByArea(db, actor, scope, q.from, q.to), countByArea(db, actor, scope, yearBefore(q.from), yearBefore(q.to))]);
  const keys = [...new Set([...now.keys(), ...before.keys()])].sort();
  const areas = keys.map((key) => {
    const a = now.get(key) ?? 0;
    const b = before.get(key) ?? 0;
    return { key, thisPeriod: a, lastYear: b, change: change(a, b) };
  });
  const thisPeriod = areas.reduce((s, r) => s + r.thisPeriod, 0);
  const lastYear = areas.reduce((s, r) => s + r.lastYear, 0);
  return { totals: { thisPeriod, lastYear, change: change(thisPeriod, lastYear) }, areas };
}
