/**
 * Volunteer activities: a place, a time and slots; sign-up, sign-in on the spot, the minutes served
 * recorded once (the time bank); the team's and member's totals and a monthly ranking. Also the
 * figures of the whole module (members per community, needs, deeds per unit, hours).
 */
import { randomUUID } from 'node:crypto';
import { and, asc, count, desc, eq, gte, inArray, isNotNull, lt, or, sql } from 'drizzle-orm';
import { assertAssignable, authorize, type Actor } from '../../platform/access.js';
import { visibleActivities, visibleHelpers, visibleNeeds, visibleUnits } from '../../platform/access/volunteers.js';
import { audit, type RequestContext } from '../../platform/audit.js';
import type { DbOrTx } from '../../platform/db.js';
import { AppError, notFound } from '../../platform/errors.js';
import { pageOf } from '../../platform/schemas.js';
import * as regionsService from '../regions/regions.service.js';
import { wishDeeds } from '../wishes/wishes.helpers.js';
import { findHelper, memberWishDeeds, type Deps } from './volunteers.people.js';
import { activities, activitySignups, helpers, needs, pairedUnits, volunteerTeams } from './volunteers.tables.js';

export type ActivityRow = typeof activities.$inferSelect;
/** Sign-in opens an hour before the start. */
const SIGN_IN_EARLY_MS = 60 * 60_000;

async function findActivity(db: DbOrTx, actor: Actor, id: string): Promise<ActivityRow> {
  const [row] = await db.select().from(activities).where(and(eq(activities.id, id), visibleActivities(actor)));
  if (!row) throw notFound('志愿活动', 'Activity');
  return row;
}

export async function activityViews(db: DbOrTx, rows: ActivityRow[]) {
  const ids = rows.map((r) => r.id);
  const teamIds = [...new Set(rows.map((r) => r.teamId).filter((x): x is string => !!x))];
  const [names, teams, counts] = await Promise.all([
    regionsService.namesOf(db, rows.map((r) => r.regionCode)),
    teamIds.length ? db.select({ id: volunteerTeams.id, name: volunteerTeams.name }).from(volunteerTeams).where(inArray(volunteerTeams.id, teamIds)) : [],
    ids.length
      ? db
          .select({
            id: activitySignups.activityId,
            up: count(),
            in: sql<number>`count(${activitySignups.signedInAt})`,
            minutes: sql<number>`coalesce(sum(${activitySignups.minutes}), 0)`,
          })
          .from(activitySignups)
          .where(inArray(activitySignups.activityId, ids))
          .groupBy(activitySignups.activityId)
      : [],
  ]);
  const team = new Map(teams.map((t) => [t.id, t.name]));
  const c = new Map(counts.map((r) => [r.id, r]));
  return rows.map((r) => ({
    id: r.id,
    regionCode: r.regionCode,
    regionName: names.get(r.regionCode) ?? r.regionCode,
    teamId: r.teamId,
    teamName: r.teamId ? team.get(r.teamId) ?? null : null,
    title: r.title,
    place: r.place,
    startsAt: r.startsAt.toISOString(),
    endsAt: r.endsAt.toISOString(),
    slots: r.slots,
    signedUp: Number(c.get(r.id)?.up ?? 0),
    signedIn: Number(c.get(r.id)?.in ?? 0),
    minutes: Number(c.get(r.id)?.minutes ?? 0),
  }));
}

export async function createActivity(deps: Deps, ctx: RequestContext, input: { regionCode: string; teamId?: string; title: string; place: string; startsAt: string; endsAt: string; slots: number }) {
  authorize(ctx.actor, 'volunteers.write');
  assertAssignable(ctx.actor, input.regionCode, '活动所在区域', 'The activity’s area');
  const startsAt = new Date(input.startsAt);
  const endsAt = new Date(input.endsAt);
  if (endsAt <= startsAt) throw new AppError('bad_request', { reason: '结束时间须晚于开始时间', reasonEn: 'the end must be after the start' });
  const db = deps.database.db;
  if (!(await regionsService.exists(db, input.regionCode))) throw notFound(`区域 ${input.regionCode} `, `Region ${input.regionCode}`);
  const id = randomUUID();
  await db.transaction(async (tx) => {
    if (input.teamId) {
      const [t] = await tx.select({ id: volunteerTeams.id }).from(volunteerTeams).where(eq(volunteerTeams.id, input.teamId));
      if (!t) throw notFound('志愿服务队', 'Volunteer team');
    }
    await tx.insert(activities).values({ id, regionCode: input.regionCode, teamId: input.teamId ?? null, title: input.title.trim(), place: input.place.trim(), startsAt, endsAt, slots: input.slots, createdBy: ctx.actor.id });
    await audit(tx, ctx, { action: 'activity.create', targetType: 'activity', targetId: id, regionCode: input.regionCode });
  });
  return getActivity(deps, ctx.actor, id);
}

export async function listActivities(deps: Deps, actor: Actor, q: { page?: number; pageSize?: number; teamId?: string }) {
  authorize(actor, 'volunteers.read');
  const db = deps.database.db;
  const { page, pageSize, offset } = pageOf(q);
  const where = and(visibleActivities(actor), q.teamId ? eq(activities.teamId, q.teamId) : undefined);
  const [rows, [{ n }]] = await Promise.all([
    db.select().from(activities).where(where).orderBy(desc(activities.startsAt), desc(activities.id)).limit(pageSize).offset(offset),
    db.select({ n: count() }).from(activities).where(where),
  ]);
  return { items: await activityViews(db, rows), total: Number(n), page, pageSize };
}

export async function getActivity(deps: Deps, actor: Actor, id: string) {
  authorize(actor, 'volunteers.read');
  const db = deps.database.db;
  const row = await findActivity(db, actor, id);
  const [view] = await activityViews(db, [row]);
  const signups = await db
    .select({ helperId: activitySignups.helperId, name: helpers.name, signedUpAt: activitySignups.signedUpAt, signedInAt: activitySignups.signedInAt, minutes: activitySignups.minutes })
    .from(activitySignups)
    .innerJoin(helpers, eq(helpers.id, activitySignups.helperId))
    .where(eq(activitySignups.activityId, id))
    .orderBy(asc(activitySignups.signedUpAt));
  return { ...view, signups: signups.map((s) => ({ ...s, signedUpAt: s.signedUpAt.toISOString(), signedInAt: s.signedInAt?.toISOString() ?? null })) };
}

/** Sign-up: before the end, within the slots, once. The activity row is locked so two cannot take the last slot. */
export async function signUp(deps: Deps, ctx: RequestContext, id: string, helperId: string) {
  authorize(ctx.actor, 'volunteers.write');
  const db = deps.database.db;
  await db.transaction(async (tx) => {
    const a = await findActivity(tx, ctx.actor, id);
    await findHelper(tx, ctx.actor, helperId);
    await addSignup(tx, ctx, a, helperId);
  });
  return getActivity(deps, ctx.actor, id);
}

/** The sign-up itself, for staff and for a helper on their phone (volunteers.helper.ts). */
export async function addSignup(tx: DbOrTx, ctx: RequestContext, a: ActivityRow, helperId: string) {
  const id = a.id;
  await tx.select({ id: activities.id }).from(activities).where(eq(activities.id, id)).for('update');
  if (new Date() >= a.endsAt) throw new AppError('activity_over');
  const [taken] = await tx.select({ id: activitySignups.id }).from(activitySignups).where(and(eq(activitySignups.activityId, id), eq(activitySignups.helperId, helperId)));
  if (taken) throw new AppError('activity_already_signed_up');
  const [{ n }] = await tx.select({ n: count() }).from(activitySignups).where(eq(activitySignups.activityId, id));
  if (Number(n) >= a.slots) throw new AppError('activity_full', { slots: a.slots });
  await tx.insert(activitySignups).values({ id: randomUUID(), activityId: id, helperId, regionCode: a.regionCode });
  await audit(tx, ctx, { action: 'activity.sign_up', targetType: 'activity', targetId: id, regionCode: a.regionCode, details: { helperId } });
}

async function signupOf(tx: DbOrTx, id: string, helperId: string) {
  const [s] = await tx.select().from(activitySignups).where(and(eq(activitySignups.activityId, id), eq(activitySignups.helperId, helperId)));
  if (!s) throw new AppError('activity_not_signed_up');
  return s;
}

/** Sign-in on the spot: from an hour before the start until the end, once. */
export async function signIn(deps: Deps, ctx: RequestContext, id: string, helperId: string) {
  authorize(ctx.actor, 'volunteers.write');
  const db = deps.database.db;
  await db.transaction(async (tx) => {
    const a = await findActivity(tx, ctx.actor, id);
    const s = await signupOf(tx, id, helperId);
    const now = new Date();
    if (now.getTime() < a.startsAt.getTime() - SIGN_IN_EARLY_MS || now > a.endsAt) throw new AppError('activity_sign_in_closed');
    if (s.signedInAt) throw new AppError('activity_already_signed_in');
    await tx.update(activitySignups).set({ signedInAt: now }).where(eq(activitySignups.id, s.id));
    await audit(tx, ctx, { action: 'activity.sign_in', targetType: 'activity', targetId: id, regionCode: a.regionCode, details: { helperId } });
  });
  return getActivity(deps, ctx.actor, id);
}

/** The minutes served, recorded once, at most the activity's length: the time bank's entry. */
export async function recordHours(deps: Deps, ctx: RequestContext, id: string, helperId: string, minutes: number) {
  authorize(ctx.actor, 'volunteers.write');
  const db = deps.database.db;
  await db.transaction(async (tx) => {
    const a = await findActivity(tx, ctx.actor, id);
    const s = await signupOf(tx, id, helperId);
    if (!s.signedInAt) throw new AppError('activity_not_signed_in');
    if (s.minutes !== null) throw new AppError('activity_hours_recorded');
    const max = Math.round((a.endsAt.getTime() - a.startsAt.getTime()) / 60_000);
    if (minutes > max) throw new AppError('activity_hours_too_many', { max });
    await tx.update(activitySignups).set({ minutes, recordedAt: a.endsAt }).where(eq(activitySignups.id, s.id));
    await audit(tx, ctx, { action: 'activity.hours', targetType: 'activity', targetId: id, regionCode: a.regionCode, details: { helperId, minutes } });
  });
  return getActivity(deps, ctx.actor, id);
}

/** The month's ranking by minutes served (activities that started in the month, China time). */
export async function ranking(deps: Deps, actor: Actor, q: { month: string; limit?: number }) {
  authorize(actor, 'volunteers.read');
  const db = deps.database.db;
  const [y, m] = q.month.split('-').map(Number);
  const from = new Date(Date.UTC(y, m - 1, 1) - 8 * 3600_000);
  const to = new Date(Date.UTC(m === 12 ? y + 1 : y, m === 12 ? 0 : m, 1) - 8 * 3600_000);
  const inMonth = and(visibleActivities(actor), gte(activities.startsAt, from), lt(activities.startsAt, to), isNotNull(activitySignups.minutes));
  const minutes = sql<number>`sum(${activitySignups.minutes})`;
  const [members, teams] = await Promise.all([
    db
      .select({ helperId: helpers.id, name: helpers.name, teamName: volunteerTeams.name, minutes, activities: count() })
      .from(activitySignups)
      .innerJoin(activities, eq(activities.id, activitySignups.activityId))
      .innerJoin(helpers, eq(helpers.id, activitySignups.helperId))
      .leftJoin(volunteerTeams, eq(volunteerTeams.id, helpers.teamId))
      .where(inMonth)
      .groupBy(helpers.id, helpers.name, volunteerTeams.name)
      .orderBy(desc(minutes), asc(helpers.id))
      .limit(q.limit ?? 20),
    db
      .select({ teamId: volunteerTeams.id, name: volunteerTeams.name, minutes })
      .from(activitySignups)
      .innerJoin(activities, eq(activities.id, activitySignups.activityId))
      .innerJoin(helpers, eq(helpers.id, activitySignups.helperId))
      .innerJoin(volunteerTeams, eq(volunteerTeams.id, helpers.teamId))
      .where(inMonth)
      .groupBy(volunteerTeams.id, volunteerTeams.name)
      .orderBy(desc(minutes)),
  ]);
  const monthDeeds = await deedsInMonth(db, actor, { from, to });
  const listed = new Set(members.map((r) => r.helperId));
  // People whose month was deeds alone (a need confirmed, a wish fulfilled) rank after those with hours.
  const deedsOnly = [...monthDeeds.keys()].filter((id) => !listed.has(id));
  const extra = deedsOnly.length
    ? await db
        .select({ helperId: helpers.id, name: helpers.name, teamName: volunteerTeams.name })
        .from(helpers)
        .leftJoin(volunteerTeams, eq(volunteerTeams.id, helpers.teamId))
        .where(and(visibleHelpers(actor), inArray(helpers.id, deedsOnly)))
    : [];
  const rows = [
    ...members.map((r) => ({ ...r, minutes: Number(r.minutes), activities: Number(r.activities), deeds: monthDeeds.get(r.helperId) ?? 0 })),
    ...extra.map((r) => ({ ...r, minutes: 0, activities: 0, deeds: monthDeeds.get(r.helperId) ?? 0 })).sort((a, b) => b.deeds - a.deeds || a.helperId.localeCompare(b.helperId)),
  ].slice(0, q.limit ?? 20);
  return {
    month: q.month,
    members: rows,
    teams: teams.map((r) => ({ ...r, minutes: Number(r.minutes) })),
    units: await unitDeedsInMonth(db, actor, { from, to }),
  };
}

/**
 * Deeds per paired unit done in the month: needs confirmed in it and wishes fulfilled in it, claimed by
 * the unit itself or by its members; each need or wish once per unit.
 */
async function unitDeedsInMonth(db: DbOrTx, actor: Actor, range: { from: Date; to: Date }) {
  const units = await db.select({ id: pairedUnits.id, name: pairedUnits.name }).from(pairedUnits).where(visibleUnits(actor));
  if (!units.length) return [];
  const ids = units.map((u) => u.id);
  const members = await db.select({ id: helpers.id, unitId: helpers.unitId }).from(helpers).where(inArray(helpers.unitId, ids));
  const unitOf = new Map(members.map((h) => [h.id, h.unitId!]));
  const [needRows, wished] = await Promise.all([
    db
      .select({ id: needs.id, unitId: needs.unitId, helperId: needs.helperId })
      .from(needs)
      .where(and(eq(needs.status, 'confirmed'), gte(needs.confirmedAt, range.from), lt(needs.confirmedAt, range.to), or(inArray(needs.unitId, ids), members.length ? inArray(needs.helperId, members.map((h) => h.id)) : undefined))),
    memberWishDeeds(db, ids, range),
  ]);
  const deeds = new Map(wished);
  for (const n of needRows) {
    const unit = n.unitId ?? (n.helperId ? unitOf.get(n.helperId) : undefined);
    if (unit) deeds.set(unit, (deeds.get(unit) ?? 0) + 1);
  }
  return units
    .filter((u) => deeds.get(u.id))
    .map((u) => ({ unitId: u.id, name: u.name, deeds: deeds.get(u.id)! }))
    .sort((a, b) => b.deeds - a.deeds || a.unitId.localeCompare(b.unitId));
}

/** Deeds per helper done in the month: needs confirmed in it, wishes (claimed on the phone) fulfilled in it. */
async function deedsInMonth(db: DbOrTx, actor: Actor, range: { from: Date; to: Date }): Promise<Map<string, number>> {
  const [n, w] = await Promise.all([
    db
      .select({ id: needs.helperId, n: count() })
      .from(needs)
      .where(and(visibleNeeds(actor), eq(needs.status, 'confirmed'), isNotNull(needs.helperId), gte(needs.confirmedAt, range.from), lt(needs.confirmedAt, range.to)))
      .groupBy(needs.helperId),
    wishDeeds(db, null, range),
  ]);
  const out = new Map(w);
  for (const r of n) out.set(r.id!, (out.get(r.id!) ?? 0) + Number(r.n));
  return out;
}

/** The module's figures inside the caller's scope. */
export async function figures(deps: Deps, actor: Actor) {
  authorize(actor, 'volunteers.read');
  const db = deps.database.db;
  const community = sql<string>`substr(${helpers.regionCode}, 1, 12)`;
  const [people, needRows, ownDeeds, memberDeeds, [{ minutes }]] = await Promise.all([
    db
      .select({
        code: community,
        partyMembers: sql<number>`count(*) filter (where ${helpers.kind} = 'party_member')`,
        volunteers: sql<number>`count(*) filter (where ${helpers.kind} = 'volunteer')`,
        others: sql<number>`count(*) filter (where ${helpers.kind} not in ('party_member', 'volunteer'))`,
      })
      .from(helpers)
      .where(and(visibleHelpers(actor), eq(helpers.status, 'active')))
      .groupBy(community)
      .orderBy(community),
    db.select({ status: needs.status, n: count() }).from(needs).where(visibleNeeds(actor)).groupBy(needs.status),
    db.select({ id: pairedUnits.id, name: pairedUnits.name, n: count() }).from(needs).innerJoin(pairedUnits, eq(pairedUnits.id, needs.unitId)).where(and(visibleUnits(actor), eq(needs.status, 'confirmed'))).groupBy(pairedUnits.id, pairedUnits.name),
    db
      .select({ id: pairedUnits.id, name: pairedUnits.name, n: count() })
      .from(needs)
      .innerJoin(helpers, eq(helpers.id, needs.helperId))
      .innerJoin(pairedUnits, eq(pairedUnits.id, helpers.unitId))
      .where(and(visibleUnits(actor), eq(needs.status, 'confirmed')))
      .groupBy(pairedUnits.id, pairedUnits.name),
    db.select({ minutes: sql<number>`coalesce(sum(${activitySignups.minutes}), 0)` }).from(activitySignups).innerJoin(activities, eq(activities.id, activitySignups.activityId)).where(visibleActivities(actor)),
  ]);
  const names = await regionsService.namesOf(db, people.map((p) => p.code));
  const n = new Map(needRows.map((r) => [r.status, Number(r.n)]));
  const units = new Map<string, { unitId: string; name: string; deeds: number }>();
  for (const r of [...ownDeeds, ...memberDeeds]) units.set(r.id, { unitId: r.id, name: r.name, deeds: (units.get(r.id)?.deeds ?? 0) + Number(r.n) });
  // Wishes the units' members claimed on their phones and fulfilled count for the unit too.
  const allUnits = await db.select({ id: pairedUnits.id, name: pairedUnits.name }).from(pairedUnits).where(visibleUnits(actor));
  const wished = await memberWishDeeds(db, allUnits.map((u) => u.id));
  for (const u of allUnits) if (wished.get(u.id)) units.set(u.id, { unitId: u.id, name: u.name, deeds: (units.get(u.id)?.deeds ?? 0) + wished.get(u.id)! });
  return {
    communities: people.map((p) => ({ regionCode: p.code, name: names.get(p.code) ?? p.code, partyMembers: Number(p.partyMembers), volunteers: Number(p.volunteers), others: Number(p.others) })),
    needs: { open: n.get('open') ?? 0, claimed: n.get('claimed') ?? 0, done: n.get('done') ?? 0, confirmed: n.get('confirmed') ?? 0 },
    units: [...units.values()].sort((a, b) => b.deeds - a.deeds),
    minutes: Number(minutes),
  };
}
