import { and, asc, count, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Actor } from '../../platform/access.js';
import { visibleCampaigns, visibleWishes } from '../../platform/access/wishes.js';
import type { DbOrTx } from '../../platform/db.js';
import { wishCampaigns, wishes, wishEvents, wishHelpers, wishPhotos } from './wishes.tables.js';

export type WishRow = typeof wishes.$inferSelect;
export type CampaignRow = typeof wishCampaigns.$inferSelect;
export type HelperRow = typeof wishHelpers.$inferSelect;

/** Every query here is scoped by the access rules (platform/access/wishes.ts), except `public*`. */
export async function findVisible(db: DbOrTx, actor: Actor, id: string): Promise<WishRow | undefined> {
  const [row] = await db.select().from(wishes).where(and(eq(wishes.id, id), visibleWishes(actor))).limit(1);
  return row;
}

export async function listVisible(db: DbOrTx, actor: Actor, q: { campaignId?: string; status?: string }, page: { limit: number; offset: number }): Promise<{ rows: WishRow[]; total: number }> {
  const where = and(visibleWishes(actor), q.campaignId ? eq(wishes.campaignId, q.campaignId) : undefined, q.status ? eq(wishes.status, q.status) : undefined);
  const [rows, [{ n }]] = await Promise.all([
    db.select().from(wishes).where(where).orderBy(desc(wishes.collectedAt), desc(wishes.id)).limit(page.limit).offset(page.offset),
    db.select({ n: count() }).from(wishes).where(where),
  ]);
  return { rows, total: Number(n) };
}

export async function findVisibleCampaign(db: DbOrTx, actor: Actor, id: string): Promise<CampaignRow | undefined> {
  const [row] = await db.select().from(wishCampaigns).where(and(eq(wishCampaigns.id, id), visibleCampaigns(actor))).limit(1);
  return row;
}

export async function listVisibleCampaigns(db: DbOrTx, actor: Actor, page: { limit: number; offset: number }): Promise<{ rows: CampaignRow[]; total: number }> {
  const where = visibleCampaigns(actor);
  const [rows, [{ n }]] = await Promise.all([
    db.select().from(wishCampaigns).where(where).orderBy(desc(wishCampaigns.startsOn), desc(wishCampaigns.id)).limit(page.limit).offset(page.offset),
    db.select({ n: count() }).from(wishCampaigns).where(where),
  ]);
  return { rows, total: Number(n) };
}

/** The public wall's campaigns: every one, newest first (they hold no personal data). */
export async function publicCampaigns(db: DbOrTx, limit: number): Promise<CampaignRow[]> {
  return db.select().from(wishCampaigns).orderBy(desc(wishCampaigns.startsOn), desc(wishCampaigns.id)).limit(limit);
}

export async function campaignsByIds(db: DbOrTx, ids: string[]): Promise<Map<string, CampaignRow>> {
  if (!ids.length) return new Map();
  const rows = await db.select().from(wishCampaigns).where(inArray(wishCampaigns.id, [...new Set(ids)]));
  return new Map(rows.map((r) => [r.id, r]));
}

/** Wishes on the wall: withdrawn ones are not shown. */
export async function publicWishes(db: DbOrTx, campaignId: string, page: { limit: number; offset: number }): Promise<{ rows: WishRow[]; total: number }> {
  const where = and(eq(wishes.campaignId, campaignId), sql`${wishes.status} <> 'withdrawn'`);
  const [rows, [{ n }]] = await Promise.all([
    db.select().from(wishes).where(where).orderBy(asc(wishes.collectedAt), asc(wishes.id)).limit(page.limit).offset(page.offset),
    db.select({ n: count() }).from(wishes).where(where),
  ]);
  return { rows, total: Number(n) };
}

export async function helpersOf(db: DbOrTx, wishIds: string[]): Promise<Map<string, HelperRow[]>> {
  const out = new Map<string, HelperRow[]>();
  if (!wishIds.length) return out;
  const rows = await db.select().from(wishHelpers).where(inArray(wishHelpers.wishId, wishIds)).orderBy(asc(wishHelpers.id));
  for (const r of rows) out.set(r.wishId, [...(out.get(r.wishId) ?? []), r]);
  return out;
}

export async function eventsOf(db: DbOrTx, wishId: string) {
  return db.select().from(wishEvents).where(eq(wishEvents.wishId, wishId)).orderBy(asc(wishEvents.id));
}

/** Whether this registered helper is among the wish's claimants. */
export async function isClaimant(db: DbOrTx, wishId: string, helperId: string): Promise<boolean> {
  const [row] = await db.select({ id: wishHelpers.id }).from(wishHelpers).where(and(eq(wishHelpers.wishId, wishId), eq(wishHelpers.helperId, helperId))).limit(1);
  return !!row;
}

/** Whether this paired unit is among the wish's claimants. */
export async function isUnitClaimant(db: DbOrTx, wishId: string, unitId: string): Promise<boolean> {
  const [row] = await db.select({ id: wishHelpers.id }).from(wishHelpers).where(and(eq(wishHelpers.wishId, wishId), eq(wishHelpers.unitId, unitId))).limit(1);
  return !!row;
}

export async function photosOf(db: DbOrTx, wishId: string) {
  return db.select({ id: wishPhotos.id, takenOn: wishPhotos.takenOn, kind: wishPhotos.kind }).from(wishPhotos).where(eq(wishPhotos.wishId, wishId)).orderBy(asc(wishPhotos.createdAt));
}

export async function photo(db: DbOrTx, wishId: string, photoId: string) {
  const [row] = await db.select().from(wishPhotos).where(and(eq(wishPhotos.wishId, wishId), eq(wishPhotos.id, photoId)));
  return row;
}

/** Progress per campaign, counted from the wishes themselves (a wish further on counts for every earlier step). */
export async function progressOf(db: DbOrTx, campaignIds: string[], scope?: SQL): Promise<Map<string, Progress>> {
  const out = new Map<string, Progress>();
  if (!campaignIds.length) return out;
  const rows = await db
    .select({
      campaignId: wishes.campaignId,
      collected: sql<number>`count(*) filter (where ${wishes.status} <> 'withdrawn')`,
      claimed: sql<number>`count(*) filter (where ${wishes.status} in ('claimed','fulfilled','confirmed','thanked'))`,
      fulfilled: sql<number>`count(*) filter (where ${wishes.status} in ('fulfilled','confirmed','thanked'))`,
      confirmed: sql<number>`count(*) filter (where ${wishes.status} in ('confirmed','thanked'))`,
      thanked: sql<number>`count(*) filter (where ${wishes.status} = 'thanked')`,
      onTime: sql<number>`count(*) filter (where ${wishes.fulfilledOn} is not null and ${wishes.fulfilledOn} <= ${wishCampaigns.endsOn})`,
      late: sql<number>`count(*) filter (where ${wishes.fulfilledOn} > ${wishCampaigns.endsOn})`,
    })
    .from(wishes)
    .innerJoin(wishCampaigns, eq(wishCampaigns.id, wishes.campaignId))
    .where(and(inArray(wishes.campaignId, campaignIds), scope))
    .groupBy(wishes.campaignId);
  for (const r of rows) {
    out.set(r.campaignId, { collected: Number(r.collected), claimed: Number(r.claimed), fulfilled: Number(r.fulfilled), confirmed: Number(r.confirmed), thanked: Number(r.thanked), onTime: Number(r.onTime), late: Number(r.late) });
  }
  return out;
}

export interface Progress {
  collected: number;
  claimed: number;
  fulfilled: number;
  confirmed: number;
  thanked: number;
  onTime: number;
  late: number;
}
export const NO_PROGRESS: Progress = { collected: 0, claimed: 0, fulfilled: 0, confirmed: 0, thanked: 0, onTime: 0, late: 0 };

/** A campaign's progress per community (the first 12 digits of the wishes' grid codes), inside `scope`. */
export async function progressByCommunity(db: DbOrTx, campaignId: string, scope?: SQL): Promise<(Progress & { community: string })[]> {
  const community = sql<string>`substr(${wishes.regionCode}, 1, 12)`;
  const rows = await db
    .select({
      community,
      collected: sql<number>`count(*) filter (where ${wishes.status} <> 'withdrawn')`,
      claimed: sql<number>`count(*) filter (where ${wishes.status} in ('claimed','fulfilled','confirmed','thanked'))`,
      fulfilled: sql<number>`count(*) filter (where ${wishes.status} in ('fulfilled','confirmed','thanked'))`,
      confirmed: sql<number>`count(*) filter (where ${wishes.status} in ('confirmed','thanked'))`,
      thanked: sql<number>`count(*) filter (where ${wishes.status} = 'thanked')`,
      onTime: sql<number>`count(*) filter (where ${wishes.fulfilledOn} is not null and ${wishes.fulfilledOn} <= ${wishCampaigns.endsOn})`,
      late: sql<number>`count(*) filter (where ${wishes.fulfilledOn} > ${wishCampaigns.endsOn})`,
    })
    .from(wishes)
    .innerJoin(wishCampaigns, eq(wishCampaigns.id, wishes.campaignId))
    .where(and(eq(wishes.campaignId, campaignId), scope))
    .groupBy(community)
    .orderBy(community);
  return rows.map((r) => ({ community: r.community, collected: Number(r.collected), claimed: Number(r.claimed), fulfilled: Number(r.fulfilled), confirmed: Number(r.confirmed), thanked: Number(r.thanked), onTime: Number(r.onTime), late: Number(r.late) }));
}
