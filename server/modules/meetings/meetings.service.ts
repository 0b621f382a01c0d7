/**
 * Deliberation (议事协商): kinds, series and their occurrences, participants and sign-in, the meeting's
 * workflow. Topics, decisions and actions are in meetings.decisions.ts; the public page in meetings.public.ts.
 */
import { randomUUID } from 'node:crypto';
import { and, asc, desc, eq, gte, lte, sql, type SQL } from 'drizzle-orm';
import { assertAssignable, authorize, inRegion, type Actor } from '../../platform/access.js';
import { visibleMeetings, visibleSeries } from '../../platform/access/meetings.js';
import { audit, type RequestContext } from '../../platform/audit.js';
import type { Database, DbOrTx } from '../../platform/db.js';
import { AppError, notFound } from '../../platform/errors.js';
import { enqueue } from '../../platform/jobs.js';
import { pageOf, type PageResult } from '../../platform/schemas.js';
import { workCalendar } from '../calendar/calendar.service.js';
import { localParts, type WorkCalendar } from '../calendar/calendar.time.js';
import { notifyUsers } from '../notifications/notifications.service.js';
import * as orgsService from '../orgs/orgs.service.js';
import * as regionsService from '../regions/regions.service.js';
import { participantColumns, publicSpec } from './meetings.people.js';
import { addDays, placeOn, ruleDates, ruleProblem } from './meetings.schedule.js';
import { meetingEvents, meetingKinds, meetingParticipants, meetings, meetingSeries, type ParticipantSpec, type Recurrence } from './meetings.tables.js';
import { MEETING_STATUS_NAMES, MEETING_STEPS, meetingStep, quorumNeeded, SIGN_IN_OPEN, type MeetingStatus, type MeetingStep } from './meetings.workflow.js';

export const PLAN_JOB = 'meetings.occurrences';
/** How far ahead the job makes occurrences. */
const HORIZON_DAYS = 62;

export const today = (now = new Date()) => localParts(now).ymd;

// ---------------------------------------------------------------------------------------------
// Kinds

const PARTIES = {
  community: { zh: '社区', en: 'Community' },
  party_org: { zh: '党组织', en: 'Party organisation' },
  owners_committee: { zh: '业委会', en: "Owners' committee" },
  property_company: { zh: '物业公司', en: 'Property company' },
  resident_rep: { zh: '居民代表', en: 'Resident representative' },
  street_cadre: { zh: '街道干部', en: 'Street cadre' },
  department: { zh: '职能部门', en: 'Department' },
  deputy: { zh: '人大代表/政协委员', en: 'Deputy' },
  village_sage: { zh: '新乡贤', en: 'Village worthy' },
  villager: { zh: '村民', en: 'Villager' },
} as const;
type Party = keyof typeof PARTIES;

const DEFAULT_KINDS: { code: string; name: string; parties: Party[]; q: [number, number]; cadence: string }[] = [
  { code: 'building', name: '楼栋会', parties: ['community', 'resident_rep', 'property_company', 'street_cadre'], q: [2, 3], cadence: 'monthly' },
  { code: 'red_council', name: '红色议事会', parties: ['party_org', 'owners_committee', 'property_company', 'resident_rep'], q: [2, 3], cadence: 'monthly' },
  { code: 'wuchang', name: '屋场贴心会', parties: ['community', 'villager', 'village_sage'], q: [1, 2], cadence: 'monthly' },
  { code: 'bench_talk', name: '板凳夜话', parties: ['community', 'villager'], q: [1, 2], cadence: 'adhoc' },
  { code: 'half_month', name: '民声半月谈', parties: ['community', 'resident_rep', 'department'], q: [1, 2], cadence: 'biweekly' },
  { code: 'owners', name: '业主议事会', parties: ['owners_committee', 'resident_rep', 'property_company'], q: [2, 3], cadence: 'monthly' },
  { code: 'cppcc', name: '政协协商', parties: ['deputy', 'department', 'community', 'resident_rep'], q: [2, 3], cadence: 'adhoc' },
  { code: 'listening_day', name: '听诉日/议事日', parties: ['community', 'street_cadre', 'resident_rep'], q: [1, 2], cadence: 'monthly' },
  { code: 'npc_inspection', name: '人大代表视察', parties: ['deputy', 'department', 'community'], q: [1, 2], cadence: 'adhoc' },
];

/** The shipped kinds, installed once (a configured kind of the same code is kept). */
export async function ensureKinds(db: DbOrTx): Promise<void> {
  await db
    .insert(meetingKinds)
    .values(DEFAULT_KINDS.map((k) => ({ id: randomUUID(), code: k.code, name: k.name, defaultParties: k.parties, quorumNum: k.q[0], quorumDen: k.q[1], cadence: k.cadence })))
    .onConflictDoNothing({ target: meetingKinds.code });
}

export type KindRow = typeof meetingKinds.$inferSelect;
const kindView = (k: KindRow) => ({ id: k.id, code: k.code, name: k.name, defaultParties: k.defaultParties, quorum: `${k.quorumNum}/${k.quorumDen}`, cadence: k.cadence, active: k.active });

export async function listKinds(db: DbOrTx, actor: Actor) {
  authorize(actor, 'meetings.read');
  await ensureKinds(db);
  return (await db.select().from(meetingKinds).orderBy(asc(meetingKinds.createdAt), asc(meetingKinds.code))).map(kindView);
}

function parseQuorum(q: string): [number, number] {
  const m = /^(\d{1,2})\/(\d{1,2})$/.exec(q);
  const num = m ? Number(m[1]) : 0;
  const den = m ? Number(m[2]) : 0;
  if (!m || num < 1 || den < 1 || num > den) throw new AppError('bad_request', { reason: '法定人数应写成分数，如 2/3 / The quorum is a fraction such as 2/3' });
  return [num, den];
}

export async function saveKind(database: Database, ctx: RequestContext, input: { code: string; name: string; defaultParties: string[]; quorum: string; cadence: string; active?: boolean }) {
  authorize(ctx.actor, 'meetings.configure');
  const [num, den] = parseQuorum(input.quorum);
  return database.db.transaction(async (tx) => {
    await ensureKinds(tx);
    const values = { name: input.name, defaultParties: input.defaultParties, quorumNum: num, quorumDen: den, cadence: input.cadence, active: input.active ?? true };
    const [row] = await tx
      .insert(meetingKinds)
      .values({ id: randomUUID(), code: input.code, ...values })
      .onConflictDoUpdate({ target: meetingKinds.code, set: values })
      .returning();
    await audit(tx, ctx, { action: 'meeting_kind.save', targetType: 'meeting_kind', targetId: row.id, details: { code: input.code } });
    return kindView(row);
  });
}

async function kindByCode(db: DbOrTx, code: string): Promise<KindRow> {
  await ensureKinds(db);
  const [k] = await db.select().from(meetingKinds).where(eq(meetingKinds.code, code)).limit(1);
  if (!k) throw notFound(`会议类型 ${code} `, `Meeting kind ${code}`);
  return k;
}

// ---------------------------------------------------------------------------------------------
// Series and the job that makes their occurrences ahead

export type SeriesRow = typeof meetingSeries.$inferSelect;

export interface SeriesInput {
  regionCode: string;
  kindCode: string;
  title: string;
  convenerOrgId?: string;
  rule: Recurrence;
  startDate: string;
  endDate?: string;
  startTime?: string;
  moveOffDays?: boolean;
  participants?: ParticipantSpec[];
}

async function checkPlace(db: DbOrTx, actor: Actor, regionCode: string) {
  assertAssignable(actor, regionCode, '会议地点', 'The place of the meeting');
  if (!(await regionsService.exists(db, regionCode))) throw notFound(`地点 ${regionCode} `, `Place ${regionCode}`);
}

async function checkOrg(db: DbOrTx, actor: Actor, orgId: string | null | undefined, what: string, whatEn: string) {
  if (!orgId) return;
  if (!(await orgsService.findVisible(db, actor, orgId))) throw notFound(what, whatEn);
}

export async function createSeries(database: Database, ctx: RequestContext, input: SeriesInput) {
  authorize(ctx.actor, 'meetings.write');
  const problem = ruleProblem(input.rule);
  if (problem) throw new AppError('meeting_series_rule_invalid', { reason: problem.zh, reasonEn: problem.en });
  if (input.endDate && input.endDate < input.startDate) throw new AppError('meeting_series_rule_invalid', { reason: '结束日期早于开始日期', reasonEn: 'the end date is before the start date' });
  const db = database.db;
  await checkPlace(db, ctx.actor, input.regionCode);
  await checkOrg(db, ctx.actor, input.convenerOrgId, '召集单位', 'The convening organisation');
  const kind = await kindByCode(db, input.kindCode);
  const id = randomUUID();
  const participants: ParticipantSpec[] = input.participants?.length ? input.participants : kind.defaultParties.map((p) => ({ party: p, label: PARTIES[p as Party]?.zh ?? p }));
  const row = await db.transaction(async (tx) => {
    const [created] = await tx
      .insert(meetingSeries)
      .values({
        id,
        regionCode: input.regionCode,
        kindId: kind.id,
        title: input.title,
        convenerOrgId: input.convenerOrgId ?? null,
        rule: input.rule,
        startDate: input.startDate,
        endDate: input.endDate ?? null,
        startTime: input.startTime ?? '19:00',
        moveOffDays: input.moveOffDays ?? true,
        participants,
        createdBy: ctx.actor.id,
      })
      .returning();
    await audit(tx, ctx, { action: 'meeting_series.create', targetType: 'meeting_series', targetId: id, regionCode: input.regionCode, details: { kind: kind.code } });
    // The occurrences are made by the job, which exists exactly when the series does.
    await enqueue(tx, { kind: PLAN_JOB, key: `${PLAN_JOB}:${id}`, payload: { seriesId: id } });
    return created;
  });
  return seriesView(row, kind);
}

function seriesView(s: SeriesRow, kind: KindRow) {
  return {
    id: s.id,
    regionCode: s.regionCode,
    kindCode: kind.code,
    kindName: kind.name,
    title: s.title,
    convenerOrgId: s.convenerOrgId,
    rule: s.rule,
    startDate: s.startDate,
    endDate: s.endDate,
    startTime: s.startTime,
    moveOffDays: s.moveOffDays,
    participants: s.participants.map(publicSpec),
    active: s.active,
    createdAt: s.createdAt.toISOString(),
  };
}

export async function listSeries(db: DbOrTx, actor: Actor) {
  authorize(actor, 'meetings.read');
  const rows = await db
    .select({ s: meetingSeries, k: meetingKinds })
    .from(meetingSeries)
    .innerJoin(meetingKinds, eq(meetingKinds.id, meetingSeries.kindId))
    .where(visibleSeries(actor))
    .orderBy(desc(meetingSeries.createdAt))
    .limit(500);
  return rows.map((r) => seriesView(r.s, r.k));
}

/**
 * Makes a series' occurrences whose rule date lies in [from, to]. Idempotent: (series, rule date) is
 * unique, so a second run adds nothing. A new occurrence copies the series' participants and reminds
 * those with an account (console notification).
 */
export async function planSeries(tx: DbOrTx, series: SeriesRow, from: string, to: string, cal: WorkCalendar): Promise<number> {
  const [kind] = await tx.select().from(meetingKinds).where(eq(meetingKinds.id, series.kindId));
  const end = series.endDate && series.endDate < to ? series.endDate : to;
  let made = 0;
  for (const ruleDate of ruleDates(series.rule, series.startDate, from, end)) {
    const { date, moved } = placeOn(cal, ruleDate, series.moveOffDays);
    const id = randomUUID();
    const [created] = await tx
      .insert(meetings)
      .values({
        id,
        regionCode: series.regionCode,
        seriesId: series.id,
        kindId: series.kindId,
        title: series.title,
        ruleDate,
        date,
        startTime: series.startTime,
        movedReason: moved ? `${ruleDate} 为休息日，顺延至下一个工作日 / ${ruleDate} is a day off; moved to the next working day` : null,
        quorumNum: kind.quorumNum,
        quorumDen: kind.quorumDen,
        createdBy: 'system',
      })
      .onConflictDoNothing({ target: [meetings.seriesId, meetings.ruleDate] })
      .returning({ id: meetings.id });
    if (!created) continue;
    made++;
    if (series.participants.length) {
      await tx.insert(meetingParticipants).values(series.participants.map((p) => ({ id: randomUUID(), meetingId: id, ...participantColumns(p) })));
    }
    const remind = series.participants.map((p) => p.userId).filter((u): u is string => !!u);
    await notifyUsers(tx, remind, { kind: 'meeting.reminder', title: `会议提醒：${series.title} ${date} ${series.startTime}` });
  }
  return made;
}

/** The job: every active series (or one), occurrences from today to the horizon. */
export async function planOccurrences(database: Database, now: Date, seriesId?: string): Promise<number> {
  const cal = await workCalendar(database.db);
  const from = today(now);
  const to = addDays(from, HORIZON_DAYS);
  const where = seriesId ? eq(meetingSeries.id, seriesId) : eq(meetingSeries.active, true);
  const list = await database.db.select().from(meetingSeries).where(where);
  let made = 0;
  for (const s of list) made += await database.db.transaction((tx) => planSeries(tx, s, from, to, cal));
  return made;
}

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
