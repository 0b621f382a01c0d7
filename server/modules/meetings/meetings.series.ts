/**
 * Deliberation's kinds of meeting (the shipped ones and those an administrator configures) and its series:
 * meetings recurring by a rule, with the durable job that makes each series' occurrences ahead.
 */
import { randomUUID } from 'node:crypto';
import { asc, desc, eq } from 'drizzle-orm';
import { assertAssignable, authorize, type Actor } from '../../platform/access.js';
import { visibleSeries } from '../../platform/access/meetings.js';
import { audit, type RequestContext } from '../../platform/audit.js';
import type { Database, DbOrTx } from '../../platform/db.js';
import { AppError, notFound } from '../../platform/errors.js';
import { enqueue } from '../../platform/jobs.js';
import { workCalendar } from '../calendar/calendar.service.js';
import { localParts, type WorkCalendar } from '../calendar/calendar.time.js';
import * as orgsService from '../orgs/orgs.service.js';
import * as regionsService from '../regions/regions.service.js';
import { notifyUsers } from '../notifications/notifications.service.js';
import { participantColumns, publicSpec } from './meetings.people.js';
import { addDays, placeOn, ruleDates, ruleProblem } from './meetings.schedule.js';
import { meetingKinds, meetingParticipants, meetings, meetingSeries, type ParticipantSpec, type Recurrence } from './meetings.tables.js';

export const PLAN_JOB = 'meetings.occurrences';
/** How far ahead the job makes occurrences. */
const HORIZON_DAYS = 62;

// ---------------------------------------------------------------------------------------------
// Kinds

export const PARTIES = {
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
export type Party = keyof typeof PARTIES;

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

export async function kindByCode(db: DbOrTx, code: string): Promise<KindRow> {
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

export async function checkPlace(db: DbOrTx, actor: Actor, regionCode: string) {
  assertAssignable(actor, regionCode, '会议地点', 'The place of the meeting');
  if (!(await regionsService.exists(db, regionCode))) throw notFound(`地点 ${regionCode} `, `Place ${regionCode}`);
}

export async function checkOrg(db: DbOrTx, actor: Actor, orgId: string | null | undefined, what: string, whatEn: string) {
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
  const from = localParts(now).ymd;
  const to = addDays(from, HORIZON_DAYS);
  const where = seriesId ? eq(meetingSeries.id, seriesId) : eq(meetingSeries.active, true);
  const list = await database.db.select().from(meetingSeries).where(where);
  let made = 0;
  for (const s of list) made += await database.db.transaction((tx) => planSeries(tx, s, from, to, cal));
  return made;
}

