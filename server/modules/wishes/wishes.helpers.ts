/**
 * Wishes as a registered helper (a party member or volunteer signed in on their phone) sees them: the
 * wall's fields only (an initial, an age, the wish, the community) — never the person, the household
 * or the other claimants' phones — and the deeds their claims count for (volunteers' figures and
 * monthly ranking ask here: a wish a helper claimed counts once for them when it is fulfilled).
 */
import { and, asc, count, desc, eq, gte, inArray, isNotNull, lt, or, sql } from 'drizzle-orm';
import { authorize, type Actor } from '../../platform/access.js';
import { visibleWishes } from '../../platform/access/wishes.js';
import type { DbOrTx } from '../../platform/db.js';
import { notFound } from '../../platform/errors.js';
import * as regionsService from '../regions/regions.service.js';
import * as repo from './wishes.repo.js';
import { communityOf, today } from './wishes.service.js';
import { wishCampaigns, wishes, wishHelpers, wishPhotos } from './wishes.tables.js';
import { availableWishActions, type WishStatus } from './wishes.workflow.js';

/** A wish counts as a deed once fulfilled (and it stays one when confirmed and thanked). */
const DONE = ['fulfilled', 'confirmed', 'thanked'];

export interface HelperWishView {
  id: string;
  campaignName: string;
  endsOn: string;
  communityName: string;
  initial: string;
  age: number;
  kind: 'goods' | 'care';
  content: string;
  status: WishStatus;
  /** The caller is among its claimants. */
  mine: boolean;
  claimants: number;
  hasSignature: boolean;
  actions: string[];
  version: number;
}

async function views(db: DbOrTx, actor: Actor, rows: repo.WishRow[]): Promise<HelperWishView[]> {
  const ids = rows.map((r) => r.id);
  const [campaigns, names, helpers, signed] = await Promise.all([
    repo.campaignsByIds(db, rows.map((r) => r.campaignId)),
    regionsService.namesOf(db, rows.map((r) => communityOf(r.regionCode))),
    repo.helpersOf(db, ids),
    ids.length ? db.select({ id: wishPhotos.wishId }).from(wishPhotos).where(and(inArray(wishPhotos.wishId, ids), eq(wishPhotos.kind, 'signature'))) : [],
  ]);
  const hasSignature = new Set(signed.map((s) => s.id));
  const day = today();
  return rows.map((r) => {
    const c = campaigns.get(r.campaignId)!;
    const hs = helpers.get(r.id) ?? [];
    const mine = hs.some((h) => h.helperId === actor.id);
    const status = r.status as WishStatus;
    // Claim a waiting wish, join one being claimed (not twice); fulfil and confirm only one's own.
    const actions = availableWishActions(actor, { status, campaign: c, today: day }).filter((a) => (a === 'claim' || a === 'join' ? !mine : mine));
    return {
      id: r.id,
      campaignName: c.name,
      endsOn: c.endsOn,
      communityName: names.get(communityOf(r.regionCode)) ?? communityOf(r.regionCode),
      initial: r.initial,
      age: r.age,
      kind: r.kind as 'goods' | 'care',
      content: r.content,
      status,
      mine,
      claimants: hs.length,
      hasSignature: hasSignature.has(r.id),
      actions,
      version: r.version,
    };
  });
}

/** The helper's wishes: theirs first, then those of their community's open campaigns waiting for help. */
export async function wishesForHelper(db: DbOrTx, actor: Actor): Promise<HelperWishView[]> {
  authorize(actor, 'helper.self');
  const mine = sql<boolean>`exists (select 1 from ${wishHelpers} where ${wishHelpers.wishId} = ${wishes.id} and ${wishHelpers.helperId} = ${actor.id})`;
  const rows = await db
    .select({ w: wishes })
    .from(wishes)
    .innerJoin(wishCampaigns, eq(wishCampaigns.id, wishes.campaignId))
    .where(and(visibleWishes(actor), or(mine, gte(wishCampaigns.endsOn, today()))))
    .orderBy(desc(mine), asc(wishCampaigns.endsOn), asc(wishes.collectedAt), asc(wishes.id))
    .limit(100);
  return views(db, actor, rows.map((r) => r.w));
}

export async function wishForHelper(db: DbOrTx, actor: Actor, id: string): Promise<HelperWishView> {
  authorize(actor, 'helper.self');
  const row = await repo.findVisible(db, actor, id);
  if (!row) throw notFound('心愿', 'Wish');
  return (await views(db, actor, [row]))[0];
}

/** Fulfilled wishes each registered helper claimed (once per wish), optionally fulfilled in [from, to). */
export async function wishDeeds(db: DbOrTx, helperIds: string[] | null, range?: { from: Date; to: Date }): Promise<Map<string, number>> {
  if (helperIds && !helperIds.length) return new Map();
  const rows = await db
    .select({ id: wishHelpers.helperId, n: count() })
    .from(wishHelpers)
    .innerJoin(wishes, eq(wishes.id, wishHelpers.wishId))
    .where(
      and(
        helperIds ? inArray(wishHelpers.helperId, helperIds) : isNotNull(wishHelpers.helperId),
        inArray(wishes.status, DONE),
        range ? and(gte(wishes.fulfilledAt, range.from), lt(wishes.fulfilledAt, range.to)) : undefined,
      ),
    )
    .groupBy(wishHelpers.helperId);
  return new Map(rows.map((r) => [r.id!, Number(r.n)]));
}

/**
 * The claims of fulfilled wishes made by these registered helpers or recorded for these paired units:
 * a unit's figures count each wish once, whoever of it claimed. Optionally fulfilled in [from, to).
 */
export async function doneClaims(db: DbOrTx, by: { helperIds: string[]; unitIds: string[] }, range?: { from: Date; to: Date }) {
  if (!by.helperIds.length && !by.unitIds.length) return [];
  return db
    .select({ wishId: wishHelpers.wishId, helperId: wishHelpers.helperId, unitId: wishHelpers.unitId })
    .from(wishHelpers)
    .innerJoin(wishes, eq(wishes.id, wishHelpers.wishId))
    .where(and(or(by.helperIds.length ? inArray(wishHelpers.helperId, by.helperIds) : undefined, by.unitIds.length ? inArray(wishHelpers.unitId, by.unitIds) : undefined), inArray(wishes.status, DONE), range ? and(gte(wishes.fulfilledAt, range.from), lt(wishes.fulfilledAt, range.to)) : undefined));
}
