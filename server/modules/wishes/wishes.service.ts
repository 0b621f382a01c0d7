/**
 * 微心愿: campaigns, collecting a wish at the door (checked against the household file and the
 * campaign's rules), and the console's reads. The steps after collection are in wishes.act.ts.
 */
import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { assertAssignable, authorize, type Actor } from '../../platform/access.js';
import { visibleWishes } from '../../platform/access/wishes.js';
import { audit, type RequestContext } from '../../platform/audit.js';
import { chinaDay } from '../../platform/china-time.js';
import type { Vault } from '../../platform/crypto.js';
import type { Database, DbOrTx } from '../../platform/db.js';
import { AppError, notFound } from '../../platform/errors.js';
import { pageOf, type PageResult } from '../../platform/schemas.js';
import { allTags } from '../households/households.config.js';
import { ageOf, findHousehold, findPerson } from '../households/households.service.js';
import { appendHouseholdEvent } from '../households/households.timeline.js';
import * as regionsService from '../regions/regions.service.js';
import * as repo from './wishes.repo.js';
import { wishCampaigns, wishEvents, wishes } from './wishes.tables.js';
import { collectRefusal, availableWishActions, type HelperKind, type WishStatus } from './wishes.workflow.js';

export interface Deps {
  database: Database;
  vault: Vault;
}

export const today = (): string => chinaDay(new Date());

// ---------------------------------------------------------------------------------------------
// Views

export interface CampaignView {
  id: string;
  regionCode: string;
  regionName: string;
  name: string;
  startsOn: string;
  endsOn: string;
  ageMin: number | null;
  ageMax: number | null;
  requiredTag: string | null;
  requiredTagName: string | null;
  progress: repo.Progress;
  createdAt: string;
  version: number;
}

async function campaignViews(db: DbOrTx, actor: Actor | null, rows: repo.CampaignRow[]): Promise<CampaignView[]> {
  const [names, tags, progress] = await Promise.all([
    regionsService.namesOf(db, rows.map((r) => r.regionCode)),
    allTags(db),
    // The console counts what the caller may see; the wall counts everything.
    repo.progressOf(db, rows.map((r) => r.id), actor ? visibleWishes(actor) : undefined),
  ]);
  const tagName = new Map(tags.map((t) => [t.code, t.name]));
  return rows.map((r) => ({
    id: r.id,
    regionCode: r.regionCode,
    regionName: names.get(r.regionCode) ?? r.regionCode,
    name: r.name,
    startsOn: r.startsOn,
    endsOn: r.endsOn,
    ageMin: r.ageMin,
    ageMax: r.ageMax,
    requiredTag: r.requiredTag,
    requiredTagName: r.requiredTag ? tagName.get(r.requiredTag) ?? r.requiredTag : null,
    progress: progress.get(r.id) ?? repo.NO_PROGRESS,
    createdAt: r.createdAt.toISOString(),
    version: r.version,
  }));
}

interface HelperView {
  kind: HelperKind;
  name: string;
  phone: string | null;
}

export interface WishView {
  id: string;
  campaignId: string;
  campaignName: string;
  regionCode: string;
  communityName: string;
  initial: string;
  age: number;
  kind: 'goods' | 'care';
  content: string;
  status: WishStatus;
  helpers: HelperView[];
  collectedAt: string;
  claimedAt: string | null;
  fulfilledAt: string | null;
  fulfilledOn: string | null;
  late: boolean | null;
  confirmedAt: string | null;
  confirmMethod: string | null;
  thanks: string | null;
  version: number;
}

/** The community (村/社区) a grid code lies in: its first 12 digits. */
export const communityOf = (code: string): string => code.slice(0, 12);

async function wishViews(db: DbOrTx, rows: repo.WishRow[]): Promise<WishView[]> {
  const [campaigns, helpers, names] = await Promise.all([
    repo.campaignsByIds(db, rows.map((r) => r.campaignId)),
    repo.helpersOf(db, rows.map((r) => r.id)),
    regionsService.namesOf(db, rows.map((r) => communityOf(r.regionCode))),
  ]);
  return rows.map((r) => {
    const c = campaigns.get(r.campaignId);
    return {
      id: r.id,
      campaignId: r.campaignId,
      campaignName: c?.name ?? '',
      regionCode: r.regionCode,
      communityName: names.get(communityOf(r.regionCode)) ?? communityOf(r.regionCode),
      initial: r.initial,
      age: r.age,
      kind: r.kind as 'goods' | 'care',
      content: r.content,
      status: r.status as WishStatus,
      helpers: (helpers.get(r.id) ?? []).map((h) => ({ kind: h.kind as HelperKind, name: h.name, phone: h.phoneMasked })),
      collectedAt: r.collectedAt.toISOString(),
      claimedAt: r.claimedAt?.toISOString() ?? null,
      fulfilledAt: r.fulfilledAt?.toISOString() ?? null,
      fulfilledOn: r.fulfilledOn,
      late: r.fulfilledOn && c ? r.fulfilledOn > c.endsOn : null,
      confirmedAt: r.confirmedAt?.toISOString() ?? null,
      confirmMethod: r.confirmMethod,
      thanks: r.thanks,
      version: r.version,
    };
  });
}

// ---------------------------------------------------------------------------------------------
// Campaigns

export async function listCampaigns(db: DbOrTx, actor: Actor, q: { page?: number; pageSize?: number }): Promise<PageResult<CampaignView>> {
  authorize(actor, 'wishes.read');
  const { page, pageSize, offset } = pageOf(q);
  const { rows, total } = await repo.listVisibleCampaigns(db, actor, { limit: pageSize, offset });
  return { items: await campaignViews(db, actor, rows), total, page, pageSize };
}

export async function getCampaign(db: DbOrTx, actor: Actor, id: string): Promise<CampaignView> {
  authorize(actor, 'wishes.read');
  const row = await repo.findVisibleCampaign(db, actor, id);
  if (!row) throw notFound('心愿活动', 'Wish campaign');
  return (await campaignViews(db, actor, [row]))[0];
}

export interface CampaignInput {
  regionCode: string;
  name: string;
  startsOn: string;
  endsOn: string;
  ageMin?: number;
  ageMax?: number;
  requiredTag?: string;
}

/** The campaign's figures per community, counting the wishes the caller may see. */
export async function campaignByCommunity(db: DbOrTx, actor: Actor, id: string) {
  authorize(actor, 'wishes.read');
  if (!(await repo.findVisibleCampaign(db, actor, id))) throw notFound('心愿活动', 'Wish campaign');
  const rows = await repo.progressByCommunity(db, id, visibleWishes(actor));
  const names = await regionsService.namesOf(db, rows.map((r) => r.community));
  return rows.map(({ community, ...p }) => ({ regionCode: community, name: names.get(community) ?? community, ...p }));
}

export async function createCampaign(database: Database, ctx: RequestContext, input: CampaignInput): Promise<CampaignView> {
  authorize(ctx.actor, 'wishes.campaigns');
  assertAssignable(ctx.actor, input.regionCode, '活动区域', 'The campaign’s area');
  if (input.endsOn < input.startsOn) throw new AppError('wish_campaign_dates');
  if (input.ageMin !== undefined && input.ageMax !== undefined && input.ageMin > input.ageMax) {
    throw new AppError('bad_request', { reason: '最小年龄不能大于最大年龄', reasonEn: 'the minimum age is above the maximum' });
  }
  const db = database.db;
  if (!(await regionsService.exists(db, input.regionCode))) throw notFound(`区域 ${input.regionCode} `, `Region ${input.regionCode}`);
  if (input.requiredTag && !(await allTags(db)).some((t) => t.code === input.requiredTag)) {
    throw new AppError('unknown_value', { field: 'requiredTag', value: input.requiredTag });
  }
  const id = randomUUID();
  const row = await db.transaction(async (tx) => {
    const [created] = await tx
      .insert(wishCampaigns)
      .values({ id, regionCode: input.regionCode, name: input.name, startsOn: input.startsOn, endsOn: input.endsOn, ageMin: input.ageMin ?? null, ageMax: input.ageMax ?? null, requiredTag: input.requiredTag ?? null, createdBy: ctx.actor.id })
      .returning();
    await audit(tx, ctx, { action: 'wish_campaign.create', targetType: 'wish_campaign', targetId: id, regionCode: input.regionCode, details: { startsOn: input.startsOn, endsOn: input.endsOn } });
    return created;
  });
  return (await campaignViews(db, ctx.actor, [row]))[0];
}

// ---------------------------------------------------------------------------------------------
// Collecting a wish (at the door)

export interface CollectInput {
  campaignId: string;
  personId: string;
  kind: 'goods' | 'care';
  content: string;
}

/** 小李 for a child, 李某 for an adult: all the wall shows of a name. */
export function initialOf(name: string, age: number): string {
  const first = [...name.trim()][0] ?? '';
  return age < 18 ? `小${first}` : `${first}某`;
}

export async function collectWish(deps: Deps, ctx: RequestContext, input: CollectInput): Promise<WishDetailView> {
  authorize(ctx.actor, 'wishes.write');
  const db = deps.database.db;
  const tags = await allTags(db);
  const id = await db.transaction(async (tx) => {
    const campaign = await repo.findVisibleCampaign(tx, ctx.actor, input.campaignId);
    if (!campaign) throw notFound('心愿活动', 'Wish campaign');
    const person = await findPerson(tx, ctx.actor, input.personId);
    if (!person.householdId) throw new AppError('wish_person_inactive');
    const household = await findHousehold(tx, ctx.actor, person.householdId);
    const now = new Date();
    const age = ageOf(person.birthDate, now);
    const refusal = collectRefusal({ campaign, person: { gridCode: household.gridCode, age, status: person.status }, householdTags: household.tags, today: today() });
    if (refusal) {
      const tag = tags.find((t) => t.code === campaign.requiredTag);
      throw new AppError(refusal.code, { ...refusal.params, ...(refusal.code === 'wish_tag_missing' ? { tag: tag?.name ?? campaign.requiredTag ?? '', tagEn: tag?.nameEn ?? '' } : {}) });
    }
    const [dup] = await tx.select({ id: wishes.id }).from(wishes).where(and(eq(wishes.campaignId, campaign.id), eq(wishes.personId, person.id))).limit(1);
    if (dup) throw new AppError('wish_duplicate', {}, { wishId: dup.id });
    const id = randomUUID();
    await tx.insert(wishes).values({
      id,
      campaignId: campaign.id,
      regionCode: household.gridCode,
      personId: person.id,
      householdId: household.id,
      initial: initialOf(person.name, age ?? 0),
      age: age ?? 0,
      kind: input.kind,
      content: input.content.trim(),
      status: 'published',
      collectedBy: ctx.actor.id,
      collectedAt: now,
    });
    await tx.insert(wishEvents).values({ wishId: id, action: 'collect', fromStatus: null, toStatus: 'published', actorId: ctx.actor.id, actorName: ctx.actor.displayName ?? ctx.actor.name, at: now });
    await appendHouseholdEvent(tx, { householdId: household.id, gridCode: household.gridCode, source: 'assistance', kind: 'wish.collected', summary: `登记微心愿（${campaign.name}）：${input.content.trim().slice(0, 60)}`, refType: 'wish', refId: id, actor: ctx.actor, at: now });
    await audit(tx, ctx, { action: 'wish.collect', targetType: 'wish', targetId: id, regionCode: household.gridCode, details: { campaignId: campaign.id, kind: input.kind } });
    return id;
  });
  return getWish(db, ctx.actor, id);
}

// ---------------------------------------------------------------------------------------------
// Reads

export async function listWishes(db: DbOrTx, actor: Actor, q: { page?: number; pageSize?: number; campaignId?: string; status?: string }): Promise<PageResult<WishView>> {
  authorize(actor, 'wishes.read');
  const { page, pageSize, offset } = pageOf(q);
  const { rows, total } = await repo.listVisible(db, actor, q, { limit: pageSize, offset });
  return { items: await wishViews(db, rows), total, page, pageSize };
}

export interface WishDetailView extends WishView {
  personId: string;
  householdId: string;
  photos: { id: string; takenOn: string; kind: string }[];
  events: { action: string; toStatus: string; actorName: string; note: string | null; at: string }[];
  actions: string[];
}

export async function getWish(db: DbOrTx, actor: Actor, id: string): Promise<WishDetailView> {
  authorize(actor, 'wishes.read');
  const row = await repo.findVisible(db, actor, id);
  if (!row) throw notFound('心愿', 'Wish');
  const [[view], events, photos, campaigns] = await Promise.all([wishViews(db, [row]), repo.eventsOf(db, id), repo.photosOf(db, id), repo.campaignsByIds(db, [row.campaignId])]);
  const c = campaigns.get(row.campaignId)!;
  return {
    ...view,
    personId: row.personId,
    householdId: row.householdId,
    photos,
    events: events.map((e) => ({ action: e.action, toStatus: e.toStatus, actorName: e.actorName, note: e.note, at: e.at.toISOString() })),
    actions: availableWishActions(actor, { status: row.status as WishStatus, campaign: c, today: today() }),
  };
}

export async function wishPhoto(db: DbOrTx, actor: Actor, id: string, photoId: string) {
  authorize(actor, 'wishes.read');
  if (!(await repo.findVisible(db, actor, id))) throw notFound('心愿', 'Wish');
  const p = await repo.photo(db, id, photoId);
  if (!p) throw notFound('照片', 'Photo');
  return p;
}


/**
 * Campaigns ending within `days` (China days, today included) and their wishes still waiting for a
 * helper, per community: what the paired units of each community are told (volunteers.push.ts).
 */
export async function unclaimedNearEnd(db: DbOrTx, today: string, days: number): Promise<{ campaignId: string; campaignName: string; endsOn: string; community: string; waiting: number }[]> {
  const last = new Date(Date.parse(`${today}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
  const community = sql<string>`substr(${wishes.regionCode}, 1, 12)`;
  const rows = await db
    .select({ campaignId: wishCampaigns.id, campaignName: wishCampaigns.name, endsOn: wishCampaigns.endsOn, community, waiting: sql<number>`count(*)` })
    .from(wishes)
    .innerJoin(wishCampaigns, eq(wishCampaigns.id, wishes.campaignId))
    .where(and(eq(wishes.status, 'published'), sql`${wishCampaigns.endsOn} >= ${today}`, sql`${wishCampaigns.endsOn} <= ${last}`, sql`${wishCampaigns.startsOn} <= ${today}`))
    .groupBy(wishCampaigns.id, wishCampaigns.name, wishCampaigns.endsOn, community)
    .orderBy(wishCampaigns.id, community);
  return rows.map((r) => ({ ...r, waiting: Number(r.waiting) }));
}
