/**
 * The community's public report-back page (reached from its QR poster, no account) and the figures.
 * The public page shows meetings, decisions, actions and progress, and never a person: no participant,
 * no proposer, no owner who is a person (shown as 责任人), no free-text notes.
 */
import { and, asc, desc, eq, gte, inArray, lte, sql } from 'drizzle-orm';
import { authorize, inRegion, type Actor } from '../../platform/access.js';
import { visibleMeetingActions, visibleMeetings } from '../../platform/access/meetings.js';
import type { DbOrTx } from '../../platform/db.js';
import { AppError, notFound } from '../../platform/errors.js';
import { auditAnonymous } from '../../platform/audit.js';
import ExcelJS from '../../platform/xlsx.js';
import { randomUUID } from 'node:crypto';
import * as orgsService from '../orgs/orgs.service.js';
import * as regionsService from '../regions/regions.service.js';
import { lateness } from './meetings.decisions.js';
import { filesOf } from './meetings.files.js';
import { placeFigures, throughAppeals } from './meetings.figures.js';
import { addDays } from './meetings.schedule.js';
import { today } from './meetings.service.js';
import { meetingActions, meetingActionUpdates, meetingDecisions, meetingKinds, meetingParticipants, meetings, meetingTopics } from './meetings.tables.js';
import { ACTION_STATUS_NAMES, MEETING_STATUS_NAMES, type ActionStatus, type MeetingStatus } from './meetings.workflow.js';

export async function publicPage(db: DbOrTx, code: string) {
  if (!(await regionsService.exists(db, code))) throw notFound('地点', 'Place');
  const names = await regionsService.namesOf(db, [code]);
  const t = today();
  const place = inRegion(meetings.regionCode, code);
  const rows = await db
    .select({ m: meetings, kindName: meetingKinds.name })
    .from(meetings)
    .innerJoin(meetingKinds, eq(meetingKinds.id, meetings.kindId))
    .where(and(place, gte(meetings.date, addDays(t, -400)), lte(meetings.date, addDays(t, 62))))
    .orderBy(desc(meetings.date))
    .limit(60);
  const ids = rows.map((r) => r.m.id);
  const [decisions, actions] = ids.length
    ? await Promise.all([
        db.select().from(meetingDecisions).where(inArray(meetingDecisions.meetingId, ids)).orderBy(asc(meetingDecisions.createdAt)),
        db.select().from(meetingActions).where(inArray(meetingActions.meetingId, ids)).orderBy(asc(meetingActions.createdAt), asc(meetingActions.deadline), asc(meetingActions.title)),
      ])
    : [[], []];
  const updates = actions.length
    ? await db
        .select({ id: meetingActionUpdates.id, actionId: meetingActionUpdates.actionId, at: meetingActionUpdates.at, progress: meetingActionUpdates.progress, status: meetingActionUpdates.status })
        .from(meetingActionUpdates)
        .where(inArray(meetingActionUpdates.actionId, actions.map((a) => a.id)))
        .orderBy(asc(meetingActionUpdates.id))
    : [];
  const [orgNames, photos] = await Promise.all([
    orgsService.namesOf(db, actions.map((a) => a.ownerOrgId).filter((x): x is string => !!x)),
    filesOf(db, { actionIds: actions.map((a) => a.id), kind: 'progress' }),
  ]);
  return {
    code,
    name: names.get(code) ?? code,
    meetings: rows.map(({ m, kindName }) => ({
      id: m.id,
      title: m.title,
      kindName,
      date: m.date,
      status: m.status,
      statusName: MEETING_STATUS_NAMES[m.status as MeetingStatus]?.zh ?? m.status,
      decisions: decisions
        .filter((d) => d.meetingId === m.id)
        .map((d) => ({
          text: d.text,
          method: d.method,
          votesFor: d.votesFor,
          votesAgainst: d.votesAgainst,
          votesAbstain: d.votesAbstain,
          actions: actions
            .filter((a) => a.decisionId === d.id)
            .map((a) => ({
              id: a.id,
              title: a.title,
              owner: (a.ownerOrgId && orgNames.get(a.ownerOrgId)) || '责任人',
              deadline: a.deadline,
              status: a.status,
              statusName: ACTION_STATUS_NAMES[a.status as ActionStatus]?.zh ?? a.status,
              progress: a.progress,
              lateness: lateness(a),
              doneOn: a.doneAt ? today(a.doneAt) : null,
              updates: updates
                .filter((u) => u.actionId === a.id)
                .map((u) => ({ on: today(u.at), progress: u.progress, status: u.status, photos: photos.filter((f) => f.updateId === u.id).map((f) => f.id) })),
            })),
        })),
    })),
  };
}

/** Figures over a period: meetings by kind (held, cancelled, attendance) and actions done, on time, late. */
export async function figures(db: DbOrTx, actor: Actor, q: { from: string; to: string; regionCode?: string }) {
  authorize(actor, 'meetings.read');
  if (!(q.from <= q.to)) throw new AppError('metrics_period_reversed');
  const where = and(visibleMeetings(actor), q.regionCode ? inRegion(meetings.regionCode, q.regionCode) : undefined, gte(meetings.date, q.from), lte(meetings.date, q.to));
  const byKind = await db
    .select({
      kindName: meetingKinds.name,
      total: sql<number>`count(*)`,
      held: sql<number>`count(*) filter (where ${meetings.status} = 'held')`,
      cancelled: sql<number>`count(*) filter (where ${meetings.status} = 'cancelled')`,
      invited: sql<number>`coalesce(sum((select count(*) from ${meetingParticipants} p where p.meeting_id = ${meetings.id})) filter (where ${meetings.status} = 'held'), 0)`,
      present: sql<number>`coalesce(sum((select count(*) from ${meetingParticipants} p where p.meeting_id = ${meetings.id} and p.signed_in_at is not null)) filter (where ${meetings.status} = 'held'), 0)`,
    })
    .from(meetings)
    .innerJoin(meetingKinds, eq(meetingKinds.id, meetings.kindId))
    .where(where)
    .groupBy(meetingKinds.name)
    .orderBy(meetingKinds.name);
  const acts = await db
    .select({ status: meetingActions.status, deadline: meetingActions.deadline, doneAt: meetingActions.doneAt })
    .from(meetingActions)
    .innerJoin(meetings, eq(meetings.id, meetingActions.meetingId))
    .where(and(where, visibleMeetingActions(actor)));
  const count = (f: (a: (typeof acts)[number]) => boolean) => acts.filter(f).length;
  const [byPlace, appealsLoop] = await Promise.all([placeFigures(db, actor, where), throughAppeals(db, actor, where)]);
  return {
    byPlace,
    throughAppeals: appealsLoop,
    byKind: byKind.map((k) => ({
      kindName: k.kindName,
      total: Number(k.total),
      held: Number(k.held),
      cancelled: Number(k.cancelled),
      attendanceRate: Number(k.invited) ? Math.round((Number(k.present) / Number(k.invited)) * 1000) / 10 : null,
    })),
    actions: {
      total: acts.length,
      done: count((a) => a.status === 'done'),
      doneOnTime: count((a) => lateness(a) === 'on_time'),
      doneLate: count((a) => lateness(a) === 'late'),
      overdue: count((a) => lateness(a) === 'overdue'),
      open: count((a) => a.status === 'planned' || a.status === 'in_progress'),
      dropped: count((a) => a.status === 'dropped'),
    },
  };
}

/**
 * A resident proposes a topic from the community's page (no account, nothing personal asked): it goes onto
 * the place's next scheduled meeting as a resident topic, for the convener to accept or decline.
 */
export async function proposeResidentTopic(
  db: DbOrTx,
  code: string,
  input: { title: string; detail?: string },
  meta: { ip: string | null; userAgent: string | null; requestId: string | null },
): Promise<{ meetingDate: string; meetingTitle: string }> {
  if (!(await regionsService.exists(db, code))) throw notFound('地点', 'Place');
  const [next] = await db
    .select()
    .from(meetings)
    .where(and(inRegion(meetings.regionCode, code), inArray(meetings.status, ['scheduled', 'postponed']), gte(meetings.date, today())))
    .orderBy(asc(meetings.date), asc(meetings.regionCode))
    .limit(1);
  if (!next) throw new AppError('meeting_none_upcoming');
  const id = randomUUID();
  await db.insert(meetingTopics).values({ id, meetingId: next.id, regionCode: next.regionCode, title: input.title, detail: input.detail ?? null, source: 'resident', createdBy: 'public' });
  await auditAnonymous(db, meta, { actorName: 'resident', action: 'meeting.topic', targetType: 'meeting', targetId: next.id, regionCode: next.regionCode, details: { topicId: id, source: 'resident' } });
  return { meetingDate: next.date, meetingTitle: next.title };
}

/** The ledger (台账) workbook: the figures by kind and by place, the appeals resolved through meetings, and every action of the period's meetings. No personal data. */
export async function ledgerWorkbook(db: DbOrTx, actor: Actor, q: { from: string; to: string; regionCode?: string }): Promise<Buffer> {
  const f = await figures(db, actor, q);
  const where = and(visibleMeetings(actor), q.regionCode ? inRegion(meetings.regionCode, q.regionCode) : undefined, gte(meetings.date, q.from), lte(meetings.date, q.to));
  const rows = await db
    .select({ a: meetingActions, date: meetings.date, meeting: meetings.title, kind: meetingKinds.name })
    .from(meetingActions)
    .innerJoin(meetings, eq(meetings.id, meetingActions.meetingId))
    .innerJoin(meetingKinds, eq(meetingKinds.id, meetings.kindId))
    .where(and(where, visibleMeetingActions(actor)))
    .orderBy(asc(meetings.date), asc(meetingActions.deadline))
    .limit(20_000);
  const orgNames = await orgsService.namesOf(db, rows.map((r) => r.a.ownerOrgId).filter((x): x is string => !!x));
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Tingsu 听诉';
  const s1 = wb.addWorksheet('议事统计');
  s1.columns = [
    { header: '会议类型', key: 'kindName', width: 16 },
    { header: '会议数', key: 'total', width: 10 },
    { header: '已召开', key: 'held', width: 10 },
    { header: '已取消', key: 'cancelled', width: 10 },
    { header: '到会率（%）', key: 'attendanceRate', width: 12 },
  ];
  for (const k of f.byKind) s1.addRow(k);
  s1.addRow([]);
  s1.addRow([`统计区间：${q.from} 至 ${q.to}`]);
  s1.addRow([`事项 ${f.actions.total}，已完成 ${f.actions.done}（按期 ${f.actions.doneOnTime}，逾期完成 ${f.actions.doneLate}），逾期未完成 ${f.actions.overdue}，推进中 ${f.actions.open}，放弃 ${f.actions.dropped}`]);
  const t = f.throughAppeals;
  s1.addRow([`通过议事解决的诉求 ${t.resolved}：转入诉求的事项 ${t.actionsSent}（已办结 ${t.actionsClosed}）；来自诉求的议题 ${t.topicsFromAppeals}（已决议 ${t.topicsDecided}，决议后办结诉求 ${t.topicAppealsClosed}）`]);
  const s3 = wb.addWorksheet('分地区统计');
  s3.columns = [
    { header: '层级', key: 'level', width: 10 },
    { header: '区划代码', key: 'regionCode', width: 14 },
    { header: '地区', key: 'name', width: 24 },
    { header: '会议数', key: 'meetings', width: 10 },
    { header: '已召开', key: 'held', width: 10 },
    { header: '决议', key: 'decisions', width: 10 },
    { header: '事项', key: 'actions', width: 10 },
    { header: '已完成事项', key: 'actionsDone', width: 12 },
  ];
  for (const p of f.byPlace) s3.addRow({ ...p, level: p.level === 'township' ? '乡镇（街道）' : '社区（村）' });
  const s2 = wb.addWorksheet('事项台账');
  s2.columns = [
    { header: '会议日期', key: 'date', width: 12 },
    { header: '会议', key: 'meeting', width: 28 },
    { header: '类型', key: 'kind', width: 12 },
    { header: '事项', key: 'title', width: 32 },
    { header: '责任方', key: 'owner', width: 24 },
    { header: '期限', key: 'deadline', width: 12 },
    { header: '状态', key: 'status', width: 10 },
    { header: '进度（%）', key: 'progress', width: 10 },
    { header: '完成日期', key: 'doneOn', width: 12 },
    { header: '按期情况', key: 'lateness', width: 12 },
  ];
  const LATE: Record<string, string> = { on_time: '按期完成', late: '逾期完成', overdue: '逾期未完成' };
  for (const r of rows) {
    const late = lateness(r.a);
    s2.addRow({
      date: r.date,
      meeting: r.meeting,
      kind: r.kind,
      title: r.a.title,
      owner: (r.a.ownerOrgId && orgNames.get(r.a.ownerOrgId)) || '责任人',
      deadline: r.a.deadline,
      status: ACTION_STATUS_NAMES[r.a.status as ActionStatus]?.zh ?? r.a.status,
      progress: r.a.progress,
      doneOn: r.a.doneAt ? today(r.a.doneAt) : '',
      lateness: late ? LATE[late] : '',
    });
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
