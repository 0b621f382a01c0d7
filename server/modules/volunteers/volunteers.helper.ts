/**
 * What a helper signed in on their phone sees and does, as themself only (the actor's id is the
 * helper's): their profile, deeds and time bank; their community's activities to sign up for; the
 * open needs they may claim; the wishes they may claim, fulfil with a photo, and have the recipient
 * sign for. Every read goes through the helper rules of platform/access (volunteers.ts, wishes.ts).
 */
import { and, asc, desc, eq, gte, inArray, isNotNull, or, sql } from 'drizzle-orm';
import { authorize, type Actor } from '../../platform/access.js';
import { helperActivities, helperNeeds } from '../../platform/access/volunteers.js';
import { audit, type RequestContext } from '../../platform/audit.js';
import { AppError, notFound } from '../../platform/errors.js';
import * as regionsService from '../regions/regions.service.js';
import { applyWishAction, type WishActionInput } from '../wishes/wishes.act.js';
import { wishesForHelper, wishForHelper } from '../wishes/wishes.helpers.js';
import type { HelperKind, WishAction } from '../wishes/wishes.workflow.js';
import { activityViews, addSignup } from './volunteers.activities.js';
import { tallies, type Deps } from './volunteers.people.js';
import { activities, activitySignups, helpers, needs, volunteerTeams } from './volunteers.tables.js';
import { NEED_ACTIONS, NEED_STATUS_NAMES, type NeedStatus } from './volunteers.workflow.js';

/** The wish claimant kind a registered helper counts as. */
export const CLAIM_KIND: Record<string, HelperKind> = { party_member: 'member', volunteer: 'volunteer', social_worker: 'volunteer', donor: 'donor' };

async function self(deps: Deps, actor: Actor) {
  authorize(actor, 'helper.self');
  if (actor.kind !== 'helper') throw new AppError('forbidden');
  const [row] = await deps.database.db.select().from(helpers).where(eq(helpers.id, actor.id));
  if (!row || row.status !== 'active') throw new AppError('unauthenticated');
  return row;
}

/** The helper's own page: who they are, their deeds and minutes, and their time bank entries. */
export async function me(deps: Deps, actor: Actor) {
  const h = await self(deps, actor);
  const db = deps.database.db;
  const [names, team, t, bank] = await Promise.all([
    regionsService.namesOf(db, [h.regionCode]),
    h.teamId ? db.select({ name: volunteerTeams.name }).from(volunteerTeams).where(eq(volunteerTeams.id, h.teamId)) : [],
    tallies(db, [h.id]),
    db
      .select({ activityId: activities.id, title: activities.title, startsAt: activities.startsAt, minutes: activitySignups.minutes })
      .from(activitySignups)
      .innerJoin(activities, eq(activities.id, activitySignups.activityId))
      .where(and(eq(activitySignups.helperId, h.id), isNotNull(activitySignups.minutes)))
      .orderBy(desc(activities.startsAt))
      .limit(100),
  ]);
  return {
    id: h.id,
    name: h.name,
    kind: h.kind,
    regionName: names.get(h.regionCode) ?? h.regionCode,
    phone: h.phoneMasked,
    teamName: team[0]?.name ?? null,
    deeds: t.deeds.get(h.id) ?? 0,
    minutes: t.minutes.get(h.id) ?? 0,
    timeBank: bank.map((b) => ({ activityId: b.activityId, title: b.title, startsAt: b.startsAt.toISOString(), minutes: b.minutes ?? 0 })),
  };
}

/** Their community's activities not yet over, and those they signed up for. */
export async function activitiesFor(deps: Deps, actor: Actor) {
  const h = await self(deps, actor);
  const db = deps.database.db;
  const mine = sql<boolean>`exists (select 1 from ${activitySignups} where ${activitySignups.activityId} = ${activities.id} and ${activitySignups.helperId} = ${h.id})`;
  const rows = await db
    .select()
    .from(activities)
    .where(and(helperActivities(actor), or(gte(activities.endsAt, new Date()), mine)))
    .orderBy(asc(activities.startsAt), asc(activities.id))
    .limit(100);
  const ids = rows.map((r) => r.id);
  const [views, signups] = await Promise.all([
    activityViews(db, rows),
    ids.length ? db.select().from(activitySignups).where(and(inArray(activitySignups.activityId, ids), eq(activitySignups.helperId, h.id))) : [],
  ]);
  const s = new Map(signups.map((x) => [x.activityId, x]));
  const now = Date.now();
  return views.map((v) => {
    const x = s.get(v.id);
    return {
      id: v.id,
      title: v.title,
      place: v.place,
      regionName: v.regionName,
      teamName: v.teamName,
      startsAt: v.startsAt,
      endsAt: v.endsAt,
      slots: v.slots,
      signedUp: v.signedUp,
      mine: !!x,
      signedInAt: x?.signedInAt?.toISOString() ?? null,
      minutes: x?.minutes ?? null,
      canSignUp: !x && v.signedUp < v.slots && Date.parse(v.endsAt) > now,
    };
  });
}

export async function signUpSelf(deps: Deps, ctx: RequestContext, id: string) {
  const h = await self(deps, ctx.actor);
  await deps.database.db.transaction(async (tx) => {
    const [a] = await tx.select().from(activities).where(and(eq(activities.id, id), helperActivities(ctx.actor)));
    if (!a) throw notFound('志愿活动', 'Activity');
    await addSignup(tx, ctx, a, h.id);
  });
  return activitiesFor(deps, ctx.actor);
}

function needView(n: typeof needs.$inferSelect, names: Map<string, string>, helperId: string) {
  return { id: n.id, title: n.title, detail: n.detail, kind: n.kind, status: n.status, regionName: names.get(n.regionCode) ?? n.regionCode, mine: n.helperId === helperId, createdAt: n.createdAt.toISOString(), version: n.version };
}

/** The community's open needs and the ones they claimed. */
export async function needsFor(deps: Deps, actor: Actor) {
  const h = await self(deps, actor);
  const db = deps.database.db;
  const rows = await db.select().from(needs).where(helperNeeds(actor)).orderBy(desc(sql`${needs.helperId} = ${h.id}`), desc(needs.createdAt), asc(needs.id)).limit(100);
  const names = await regionsService.namesOf(db, rows.map((r) => r.regionCode));
  return rows.map((n) => needView(n, names, h.id));
}

/** Claims an open need as themself; the deed counts for them once the community confirms it. */
export async function claimNeed(deps: Deps, ctx: RequestContext, id: string, version: number) {
  const h = await self(deps, ctx.actor);
  await deps.database.db.transaction(async (tx) => {
    const [n] = await tx.select().from(needs).where(and(eq(needs.id, id), helperNeeds(ctx.actor)));
    if (!n) throw notFound('需求', 'Need');
    const status = n.status as NeedStatus;
    if (!(NEED_ACTIONS.claim.from as readonly string[]).includes(status)) throw new AppError(NEED_ACTIONS.claim.refused, { status: NEED_STATUS_NAMES[status].zh, statusEn: NEED_STATUS_NAMES[status].en });
    if (n.version !== version) throw new AppError('stale_version');
    const moved = await tx
      .update(needs)
      .set({ helperId: h.id, unitId: null, claimedAt: new Date(), status: NEED_ACTIONS.claim.to, version: sql`${needs.version} + 1` })
      .where(and(eq(needs.id, id), eq(needs.version, version)))
      .returning({ id: needs.id });
    if (!moved.length) throw new AppError('stale_version');
    await audit(tx, ctx, { action: 'need.claim', targetType: 'need', targetId: id, regionCode: n.regionCode, details: { status: NEED_ACTIONS.claim.to, helperId: h.id } });
  });
  return needsFor(deps, ctx.actor);
}

export async function wishesFor(deps: Deps, actor: Actor) {
  await self(deps, actor);
  return wishesForHelper(deps.database.db, actor);
}

/** claim (or join a claim), fulfil with a photo, confirm with the recipient's signature: as themself. */
export async function actOnWishAsHelper(deps: Deps, ctx: RequestContext, id: string, action: Extract<WishAction, 'claim' | 'join' | 'fulfil' | 'confirm'>, input: Omit<WishActionInput, 'helper' | 'thanks'>) {
  const h = await self(deps, ctx.actor);
  const body: WishActionInput = { ...input, helper: { kind: CLAIM_KIND[h.kind] ?? 'volunteer', name: h.name } };
  await applyWishAction(deps, ctx, id, action, body);
  return wishForHelper(deps.database.db, ctx.actor, id);
}
