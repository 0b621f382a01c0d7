/**
 * Deliberation (议事协商): meetings (each an occurrence of a series or held once), participants and sign-in,
 * the meeting's workflow. Kinds and series: meetings.series.ts; topics, decisions and actions:
 * meetings.decisions.ts; the public page: meetings.public.ts.
 */
import { randomUUID } from 'node:crypto';
import { and, asc, desc, eq, gte, lte, sql, type SQL } from 'drizzle-orm';
import { authorize, inRegion, type Actor } from '../../platform/access.js';
import { visibleMeetings } from '../../platform/access/meetings.js';
import { audit, type RequestContext } from '../../platform/audit.js';
import type { Database, DbOrTx } from '../../platform/db.js';
import { AppError, notFound } from '../../platform/errors.js';
import { pageOf, type PageResult } from '../../platform/schemas.js';
import { localParts } from '../calendar/calendar.time.js';
import * as regionsService from '../regions/regions.service.js';
import { participantColumns } from './meetings.people.js';
import { meetingEvents, meetingKinds, meetingParticipants, meetings, type ParticipantSpec } from './meetings.tables.js';
import { MEETING_STATUS_NAMES, MEETING_STEPS, meetingStep, quorumNeeded, SIGN_IN_OPEN, type MeetingStatus, type MeetingStep } from './meetings.workflow.js';
import { checkOrg, checkPlace, kindByCode, PARTIES, type Party } from './meetings.series.js';

export const today = (now = new Date()) => localParts(now).ymd;

// ---------------------------------------------------------------------------------------------
// Occurrences

export type MeetingRow = typeof meetings.$inferSelect;

export async function findMeeting(db: DbOrTx, actor: Actor, id: string): Promise<MeetingRow> {
  authorize(actor, 'meetings.read');
  const [row] = await db
    .select()
    .from(meetings)
    .where(and(eq(meetings.id, id), visibleMeetings(actor)))
    .limit(1);
  if (!row) throw notFound('会议', 'Meeting');
  return row;
}

export interface MeetingInput {
  regionCode: string;
  kindCode: string;
  title: string;
  date: string;
  startTime?: string;
  participants?: ParticipantSpec[];
}

export async function createMeeting(database: Database, ctx: RequestContext, input: MeetingInput) {
  authorize(ctx.actor, 'meetings.write');
  const db = database.db;
  await checkPlace(db, ctx.actor, input.regionCode);
  const kind = await kindByCode(db, input.kindCode);
  const id = randomUUID();
  const participants: ParticipantSpec[] = input.participants?.length ? input.participants : kind.defaultParties.map((p) => ({ party: p, label: PARTIES[p as Party]?.zh ?? p }));
  await db.transaction(async (tx) => {
    await tx.insert(meetings).values({
      id,
      regionCode: input.regionCode,
      kindId: kind.id,
      title: input.title,
      date: input.date,
      startTime: input.startTime ?? '19:00',
      quorumNum: kind.quorumNum,
      quorumDen: kind.quorumDen,
      createdBy: ctx.actor.id,
    });
    await tx.insert(meetingParticipants).values(participants.map((p) => ({ id: randomUUID(), meetingId: id, ...participantColumns(p) })));
    await audit(tx, ctx, { action: 'meeting.create', targetType: 'meeting', targetId: id, regionCode: input.regionCode, details: { kind: kind.code } });
  });
  return id;
}

export interface ListQuery {
  page?: number;
  pageSize?: number;
  regionCode?: string;
  seriesId?: string;
  status?: string;
  from?: string;
  to?: string;
}

export async function listMeetings(db: DbOrTx, actor: Actor, q: ListQuery) {
  authorize(actor, 'meetings.read');
  const { page, pageSize, offset } = pageOf(q);
  const conds: (SQL | undefined)[] = [visibleMeetings(actor)];
  if (q.regionCode) conds.push(inRegion(meetings.regionCode, q.regionCode));
  if (q.seriesId) conds.push(eq(meetings.seriesId, q.seriesId));
  if (q.status) conds.push(eq(meetings.status, q.status));
  if (q.from) conds.push(gte(meetings.date, q.from));
  if (q.to) conds.push(lte(meetings.date, q.to));
  const where = and(...conds);
  const present = sql<number>`(select count(*) from ${meetingParticipants} p where p.meeting_id = ${meetings.id} and p.signed_in_at is not null)`;
  const invited = sql<number>`(select count(*) from ${meetingParticipants} p where p.meeting_id = ${meetings.id})`;
  const [rows, [{ n }]] = await Promise.all([
    db
      .select({ m: meetings, kindName: meetingKinds.name, present, invited })
      .from(meetings)
      .innerJoin(meetingKinds, eq(meetingKinds.id, meetings.kindId))
      .where(where)
      .orderBy(desc(meetings.date), desc(meetings.id))
      .limit(pageSize)
      .offset(offset),
    db.select({ n: sql<number>`count(*)` }).from(meetings).where(where),
  ]);
  const names = await regionsService.namesOf(db, rows.map((r) => r.m.regionCode));
  return {
    items: rows.map((r) => ({ ...summary(r.m), kindName: r.kindName, placeName: names.get(r.m.regionCode) ?? r.m.regionCode, present: Number(r.present), invited: Number(r.invited) })),
    total: Number(n),
    page,
    pageSize,
  } satisfies PageResult<unknown>;
}

export function summary(m: MeetingRow) {
  return {
    id: m.id,
    regionCode: m.regionCode,
    seriesId: m.seriesId,
    title: m.title,
    date: m.date,
    ruleDate: m.ruleDate,
    startTime: m.startTime,
    movedReason: m.movedReason,
    status: m.status as MeetingStatus,
    statusName: MEETING_STATUS_NAMES[m.status as MeetingStatus]?.zh ?? m.status,
    statusReason: m.statusReason,
    quorum: `${m.quorumNum}/${m.quorumDen}`,
    version: m.version,
  };
}

async function participantsOf(db: DbOrTx, meetingId: string) {
  return db.select().from(meetingParticipants).where(eq(meetingParticipants.meetingId, meetingId)).orderBy(asc(meetingParticipants.party), asc(meetingParticipants.label));
}

export async function attendance(db: DbOrTx, m: MeetingRow) {
  const list = await participantsOf(db, m.id);
  const invited = list.length;
  const present = list.filter((p) => p.signedInAt).length;
  const needed = quorumNeeded(invited, m.quorumNum, m.quorumDen);
  return { invited, present, needed, quorumMet: invited > 0 && present >= needed, list };
}

export async function meetingTimeline(db: DbOrTx, meetingId: string) {
  return db.select().from(meetingEvents).where(eq(meetingEvents.meetingId, meetingId)).orderBy(asc(meetingEvents.id));
}

/** Applies one row of MEETING_STEPS, with its timeline event and audit entry, in one transaction. */
export async function stepMeeting(database: Database, ctx: RequestContext, id: string, input: { step: MeetingStep; reason?: string; date?: string; minutes?: string }) {
  authorize(ctx.actor, 'meetings.write');
  return database.db.transaction(async (tx) => {
    const m = await findMeeting(tx, ctx.actor, id);
    const status = m.status as MeetingStatus;
    const d = meetingStep(status, input.step, input);
    if (!d.ok) {
      const names = MEETING_STATUS_NAMES[status];
      const label = MEETING_STEPS[input.step].label;
      throw new AppError(d.code, { status: names.zh, statusEn: names.en.toLowerCase(), step: label.zh, stepEn: label.en.toLowerCase() });
    }
    if (input.step === 'postpone' && input.date! <= m.date) throw new AppError('bad_request', { reason: '新日期应晚于原日期 / The new date must be after the old one' });
    const [updated] = await tx
      .update(meetings)
      .set({
        status: d.to,
        statusReason: input.reason?.trim() || null,
        ...(input.step === 'postpone' ? { date: input.date! } : {}),
        ...(input.step === 'hold' ? { heldAt: new Date(), minutes: input.minutes ?? m.minutes } : {}),
        version: sql`${meetings.version} + 1`,
      })
      .where(eq(meetings.id, id))
      .returning();
    await tx.insert(meetingEvents).values({ meetingId: id, action: input.step, fromStatus: status, toStatus: d.to, reason: input.reason?.trim() || null, actorId: ctx.actor.id });
    await audit(tx, ctx, { action: `meeting.${input.step}`, targetType: 'meeting', targetId: id, regionCode: m.regionCode });
    return updated;
  });
}

export async function saveMinutes(database: Database, ctx: RequestContext, id: string, minutes: string) {
  authorize(ctx.actor, 'meetings.write');
  await database.db.transaction(async (tx) => {
    const m = await findMeeting(tx, ctx.actor, id);
    await tx.update(meetings).set({ minutes, version: sql`${meetings.version} + 1` }).where(eq(meetings.id, id));
    await audit(tx, ctx, { action: 'meeting.minutes', targetType: 'meeting', targetId: id, regionCode: m.regionCode });
  });
}

export async function addParticipant(database: Database, ctx: RequestContext, meetingId: string, p: ParticipantSpec) {
  authorize(ctx.actor, 'meetings.write');
  return database.db.transaction(async (tx) => {
    const m = await findMeeting(tx, ctx.actor, meetingId);
    await checkOrg(tx, ctx.actor, p.orgId, '参会单位', 'The participating organisation');
    const id = randomUUID();
    await tx.insert(meetingParticipants).values({ id, meetingId, ...participantColumns(p) });
    await audit(tx, ctx, { action: 'meeting.invite', targetType: 'meeting', targetId: meetingId, regionCode: m.regionCode, details: { party: p.party } });
    return id;
  });
}

/** Ticks a participant present (the list on the phone, or the QR on the screen). A second sign-in is 409. */
export async function signInParticipant(database: Database, ctx: RequestContext, meetingId: string, participantId: string, via: 'list' | 'qr') {
  authorize(ctx.actor, 'meetings.write');
  return database.db.transaction(async (tx) => {
    const m = await findMeeting(tx, ctx.actor, meetingId);
    if (!SIGN_IN_OPEN.has(m.status as MeetingStatus)) throw new AppError('meeting_sign_in_closed');
    const [p] = await tx
      .select()
      .from(meetingParticipants)
      .where(and(eq(meetingParticipants.id, participantId), eq(meetingParticipants.meetingId, meetingId)))
      .for('update');
    if (!p) throw notFound('参会人员', 'Participant');
    if (p.signedInAt) throw new AppError('meeting_already_signed_in');
    await tx.update(meetingParticipants).set({ signedInAt: new Date(), signedInVia: via }).where(eq(meetingParticipants.id, participantId));
    await audit(tx, ctx, { action: 'meeting.sign_in', targetType: 'meeting', targetId: meetingId, regionCode: m.regionCode, details: { participantId, via } });
    return attendance(tx, m);
  });
}
