/**
 * The late cases of a period (超期件), for the monthly report: the appeals of the period's cohort (accepted
 * in it, merged duplicates excluded — the cohort of 按期办结率, appeals.metrics.ts) that missed their
 * handling limit, as things stood at the period's end: handled (办结, a result recorded) after the limit,
 * or not handled by the period's end although the limit had passed. Solved on the spot is never late.
 *
 * Days late are calendar days from the limit to the handling (or to the period's end, for one still
 * open then), rounded up: an hour late is one day. No personal data: the public number, the category,
 * the place as the names of its grid and community (never the address), the township and the lead
 * department.
 */
import { and, desc, gte, isNotNull, lt, ne, sql } from 'drizzle-orm';
import { assertInScope, authorize, inRegion, SYSTEM_ACTOR, type Actor } from '../../platform/access.js';
import { visibleAppeals } from '../../platform/access/appeals.js';
import type { DbOrTx } from '../../platform/db.js';
import { listCategories } from '../categories/categories.service.js';
import { namesOf as orgNamesOf } from '../orgs/orgs.service.js';
import { namesOf as regionNamesOf } from '../regions/regions.service.js';
import { appeals } from './appeals.tables.js';

/** Most late cases one report lists (the latest first among the most late). */
const LATE_LIMIT = 500;

export interface LateCase {
  number: string;
  categoryCode: string;
  categoryName: string;
  /** The grid's (or community's, or township's) code and names, never the address. */
  placeCode: string;
  placeName: string;
  townshipCode: string;
  townshipName: string;
  /** The lead department while it handled the case; null when never dispatched. */
  orgName: string | null;
  handlingDueAt: string;
  /** When the result was recorded; null when still not handled at the period's end. */
  handledAt: string | null;
  daysLate: number;
}

const DAY = 86_400_000;

/** The region codes whose names stand for an appeal's place: its community and grid, or its township. */
function placeCodes(regionCode: string): string[] {
  return regionCode.length >= 15 ? [regionCode.slice(0, 12), regionCode] : [regionCode];
}

export async function lateCases(db: DbOrTx, actor: Actor, q: { from: Date; to: Date; regionCode?: string }): Promise<{ items: LateCase[]; total: number }> {
  authorize(actor, 'appeals.metrics');
  if (q.regionCode) assertInScope(actor, q.regionCode, '区域', 'Region');
  const { from, to } = q;
  const late = sql`not ${appeals.onSpot} and (
    (${appeals.handledAt} is not null and ${appeals.handledAt} < ${to} and ${appeals.handledAt} > ${appeals.handlingDueAt})
    or ((${appeals.handledAt} is null or ${appeals.handledAt} >= ${to}) and ${appeals.handlingDueAt} < ${to}))`;
  const where = and(
    visibleAppeals(actor),
    q.regionCode ? inRegion(appeals.regionCode, q.regionCode) : undefined,
    ne(appeals.status, 'merged'),
    gte(appeals.acceptedAt, from),
    lt(appeals.acceptedAt, to),
    isNotNull(appeals.handlingDueAt),
    late,
  );
  const end = sql`least(coalesce(${appeals.handledAt}, ${to}), ${to})`;
  const [rows, [{ n }]] = await Promise.all([
    db
      .select({
        number: appeals.number,
        categoryCode: appeals.categoryCode,
        regionCode: appeals.regionCode,
        townshipCode: appeals.townshipCode,
        handlingOrgId: appeals.handlingOrgId,
        handlingDueAt: appeals.handlingDueAt,
        handledAt: appeals.handledAt,
      })
      .from(appeals)
      .where(where)
      .orderBy(sql`${end} - ${appeals.handlingDueAt} desc`, desc(appeals.acceptedAt), appeals.number)
      .limit(LATE_LIMIT),
    db.select({ n: sql<number>`count(*)` }).from(appeals).where(where),
  ]);
  const [cats, orgs, regions] = await Promise.all([
    listCategories(db, SYSTEM_ACTOR),
    orgNamesOf(db, [...new Set(rows.map((r) => r.handlingOrgId).filter((x): x is string => !!x))]),
    regionNamesOf(db, new Set(rows.flatMap((r) => [r.townshipCode, ...placeCodes(r.regionCode)]))),
  ]);
  const catNames = new Map(cats.map((c) => [c.code, c.name]));
  const items = rows.map((r) => {
    const due = r.handlingDueAt!;
    const handled = r.handledAt && r.handledAt < to ? r.handledAt : null;
    const stop = handled ?? to;
    return {
      number: r.number,
      categoryCode: r.categoryCode,
      categoryName: catNames.get(r.categoryCode) ?? r.categoryCode,
      placeCode: r.regionCode,
      placeName: placeCodes(r.regionCode).map((c) => regions.get(c) ?? c).join(' '),
      townshipCode: r.townshipCode,
      townshipName: regions.get(r.townshipCode) ?? r.townshipCode,
      orgName: r.handlingOrgId ? (orgs.get(r.handlingOrgId) ?? null) : null,
      handlingDueAt: due.toISOString(),
      handledAt: handled ? handled.toISOString() : null,
      daysLate: Math.max(1, Math.ceil((stop.getTime() - due.getTime()) / DAY)),
    };
  });
  return { items, total: Number(n) };
}
