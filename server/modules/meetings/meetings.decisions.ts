/**
 * Topics, decisions and actions: what a meeting talks about, what it decides, and the work that follows
 * (owner, deadline on the working calendar, progress with dated updates). Unfinished actions of earlier
 * occurrences carry forward onto the next occurrence's agenda; the proposer is told when the action is done.
 */
import { randomUUID } from 'node:crypto';
import { and, asc, desc, eq, inArray, lt, sql, type SQL } from 'drizzle-orm';
import { authorize, inRegion, type Actor } from '../../platform/access.js';
import { visibleMeetingActions } from '../../platform/access/meetings.js';
import { audit, type RequestContext } from '../../platform/audit.js';
import type { Database, DbOrTx } from '../../platform/db.js';
import { AppError, notFound } from '../../platform/errors.js';
import { pageOf } from '../../platform/schemas.js';
import { openAppealsByCategory } from '../appeals/appeals.service.js';
import { workCalendar } from '../calendar/calendar.service.js';
import { listCategories } from '../categories/categories.service.js';
import { notifyUsers } from '../notifications/notifications.service.js';
import * as orgsService from '../orgs/orgs.service.js';
import { displayNamesOf } from '../users/users.service.js';
import type { Photo } from '../appeals/appeals.service.js';
import { filesOf, storePhotos } from './meetings.files.js';
import { addWorkingDays, placeOn } from './meetings.schedule.js';
import { attendance, findMeeting, meetingTimeline, summary, today, type MeetingRow } from './meetings.service.js';
import { meetingActions, meetingActionUpdates, meetingDecisions, meetingKinds, meetings, meetingTopics } from './meetings.tables.js';
import {
  ACTION_OPEN,
  ACTION_STATUS_NAMES,
  ACTION_STEPS,
  actionStep,
  availableActionSteps,
  availableMeetingSteps,
  type ActionStatus,
  type ActionStep,
  topicStage,
  type MeetingStatus,
  type TopicStage,
} from './meetings.workflow.js';

// ---------------------------------------------------------------------------------------------
// Topics

type TopicRow = typeof meetingTopics.$inferSelect;

export async function proposeTopic(database: Database, ctx: RequestContext, meetingId: string, input: { title: string; detail?: string; categoryCode?: string }) {
  authorize(ctx.actor, 'meetings.write');
  return database.db.transaction(async (tx) => {
    const m = await findMeeting(tx, ctx.actor, meetingId);
    let title = input.title;
    let appealCount: number | null = null;
    let source = 'staff';
    if (input.categoryCode) {
      // Drawn from the place's open appeals of that category (read through the appeals service).
      const counts = await openAppealsByCategory(tx, ctx.actor, m.regionCode);
      const hit = counts.find((c) => c.categoryCode === input.categoryCode);
      if (!hit) throw new AppError('bad_request', { reason: '该类别在此地没有未办结的诉求 / No open appeals of that category here' });
      appealCount = hit.open;
      source = 'appeals';
      title = `${input.title}（${hit.open} 件未办结诉求）`;
    }
    const id = randomUUID();
    const [row] = await tx
      .insert(meetingTopics)
      .values({ id, meetingId, regionCode: m.regionCode, title, detail: input.detail ?? null, source, categoryCode: input.categoryCode ?? null, appealCount, proposerUserId: ctx.actor.kind === 'user' ? ctx.actor.id : null, createdBy: ctx.actor.id })
      .returning();
    await audit(tx, ctx, { action: 'meeting.topic', targetType: 'meeting', targetId: meetingId, regionCode: m.regionCode, details: { topicId: id, source } });
    return topicView(row);
  });
}

function topicView(t: TopicRow) {
  return {
    id: t.id,
    title: t.title,
    detail: t.detail,
    source: t.source,
    categoryCode: t.categoryCode,
    appealCount: t.appealCount,
    status: t.status,
    reason: t.reason,
    stage: t.stage,
    researchReport: t.researchReport,
    outcome: t.outcome,
    proposerName: t.proposerNameMasked,
    visitId: t.visitId,
    createdAt: t.createdAt.toISOString(),
  };
}

/** Moves a 政协协商 topic one stage on (TOPIC_STAGE_STEPS), with its report or outcome. */
export async function advanceTopic(database: Database, ctx: RequestContext, topicId: string, input: { stage: 'researched' | 'consulted' | 'concluded'; text?: string }) {
  authorize(ctx.actor, 'meetings.write');
  return database.db.transaction(async (tx) => {
    const [t] = await tx.select().from(meetingTopics).where(eq(meetingTopics.id, topicId)).for('update');
    if (!t) throw notFound('议题', 'Topic');
    await findMeeting(tx, ctx.actor, t.meetingId);
    const d = topicStage(t.stage as TopicStage, input.stage, input.text);
    if (!d.ok) throw new AppError(d.code);
    const text = input.text?.trim() || null;
    const [row] = await tx
      .update(meetingTopics)
      .set({ stage: d.to, ...(input.stage === 'researched' ? { researchReport: text } : input.stage === 'concluded' ? { outcome: text } : {}) })
      .where(eq(meetingTopics.id, topicId))
      .returning();
    await audit(tx, ctx, { action: `meeting.topic_${input.stage}`, targetType: 'meeting', targetId: t.meetingId, regionCode: t.regionCode, details: { topicId } });
    return topicView(row);
  });
}

/** Topic suggestions from the place's open appeals, grouped by category with their names. */
export async function appealSuggestions(db: DbOrTx, actor: Actor, meetingId: string) {
  const m = await findMeeting(db, actor, meetingId);
  const counts = await openAppealsByCategory(db, actor, m.regionCode);
  const cats = counts.length ? new Map((await listCategories(db, actor)).map((c) => [c.code, c.name])) : new Map<string, string>();
  return counts.map((c) => ({ categoryCode: c.categoryCode, name: cats.get(c.categoryCode) ?? c.categoryCode, open: c.open }));
}

export async function decideTopic(database: Database, ctx: RequestContext, topicId: string, input: { accept: boolean; reason?: string }) {
  authorize(ctx.actor, 'meetings.write');
  if (!input.accept && !input.reason?.trim()) throw new AppError('meeting_reason_required');
  return database.db.transaction(async (tx) => {
    const [t] = await tx.select().from(meetingTopics).where(eq(meetingTopics.id, topicId)).for('update');
    if (!t) throw notFound('议题', 'Topic');
    await findMeeting(tx, ctx.actor, t.meetingId); // 404 outside scope
    if (t.status !== 'proposed') throw new AppError('meeting_topic_decided', { status: t.status === 'accepted' ? '已采纳' : '未采纳', statusEn: t.status });
    const status = input.accept ? 'accepted' : 'declined';
    const [row] = await tx.update(meetingTopics).set({ status, reason: input.reason?.trim() || null }).where(eq(meetingTopics.id, topicId)).returning();
    await audit(tx, ctx, { action: `meeting.topic_${status}`, targetType: 'meeting', targetId: t.meetingId, regionCode: t.regionCode, details: { topicId } });
    return topicView(row);
  });
}

// ---------------------------------------------------------------------------------------------
// Decisions and their actions

interface ActionInput {
  title: string;
  ownerOrgId?: string;
  ownerUserId?: string;
  /** A date (moved to the next working day when it is a day off), or a number of working days from the decision. */
  deadline?: string;
  withinWorkingDays?: number;
}

export interface DecisionInput {
  topicId?: string;
  text: string;
  method: 'consensus' | 'show_of_hands';
  votesFor?: number;
  votesAgainst?: number;
  votesAbstain?: number;
  actions: ActionInput[];
}

export async function recordDecision(database: Database, ctx: RequestContext, meetingId: string, input: DecisionInput) {
  authorize(ctx.actor, 'meetings.write');
  // Checked before anything is written: every action has an owner and a deadline; a vote has its counts.
  for (const a of input.actions) {
    if ((!a.ownerOrgId && !a.ownerUserId) || (!a.deadline && a.withinWorkingDays == null)) throw new AppError('meeting_action_owner_required');
  }
  if (input.method === 'show_of_hands' && (input.votesFor == null || input.votesAgainst == null || input.votesAbstain == null)) throw new AppError('meeting_vote_counts_required');
  const cal = await workCalendar(database.db);
  return database.db.transaction(async (tx) => {
    const m = await findMeeting(tx, ctx.actor, meetingId);
    if (m.status !== 'held') throw new AppError('meeting_not_held');
    const att = await attendance(tx, m);
    if (!att.quorumMet) throw new AppError('meeting_quorum_not_met', { invited: att.invited, present: att.present, needed: att.needed });
    let proposer: string | null = null;
    if (input.topicId) {
      const [t] = await tx.select().from(meetingTopics).where(and(eq(meetingTopics.id, input.topicId), eq(meetingTopics.meetingId, meetingId)));
      if (!t) throw notFound('议题', 'Topic');
      proposer = t.proposerUserId;
      if (t.status === 'proposed') await tx.update(meetingTopics).set({ status: 'accepted' }).where(eq(meetingTopics.id, t.id));
    }
    for (const a of input.actions) {
      if (a.ownerOrgId && !(await orgsService.findVisible(tx, ctx.actor, a.ownerOrgId))) throw notFound('责任单位', 'The owning organisation');
    }
    const decisionId = randomUUID();
    await tx.insert(meetingDecisions).values({
      id: decisionId,
      meetingId,
      topicId: input.topicId ?? null,
      regionCode: m.regionCode,
      text: input.text,
      method: input.method,
      votesFor: input.votesFor ?? null,
      votesAgainst: input.votesAgainst ?? null,
      votesAbstain: input.votesAbstain ?? null,
      present: att.present,
      invited: att.invited,
      createdBy: ctx.actor.id,
    });
    const base = m.date;
    const actionIds: string[] = [];
    for (const a of input.actions) {
      const deadline = a.deadline ? placeOn(cal, a.deadline, true).date : addWorkingDays(cal, base, a.withinWorkingDays!);
      const id = randomUUID();
      actionIds.push(id);
      await tx.insert(meetingActions).values({
        id,
        decisionId,
        meetingId,
        seriesId: m.seriesId,
        regionCode: m.regionCode,
        title: a.title,
        ownerOrgId: a.ownerOrgId ?? null,
        ownerUserId: a.ownerUserId ?? null,
        deadline,
        proposerUserId: proposer,
        createdBy: ctx.actor.id,
      });
      await tx.insert(meetingActionUpdates).values({ actionId: id, progress: 0, status: 'planned', note: null, actorId: ctx.actor.id });
    }
    await audit(tx, ctx, { action: 'meeting.decision', targetType: 'meeting', targetId: meetingId, regionCode: m.regionCode, details: { decisionId, actions: actionIds.length, method: input.method } });
    return { id: decisionId, actionIds };
  });
}

type ActionRow = typeof meetingActions.$inferSelect;

async function ownerNames(db: DbOrTx, rows: ActionRow[]) {
  const [orgNames, userNames] = await Promise.all([
    orgsService.namesOf(db, rows.map((r) => r.ownerOrgId).filter((x): x is string => !!x)),
    displayNamesOf(db, rows.map((r) => r.ownerUserId).filter((x): x is string => !!x)),
  ]);
  return (r: ActionRow) => (r.ownerOrgId ? orgNames.get(r.ownerOrgId) : undefined) ?? (r.ownerUserId ? userNames.get(r.ownerUserId) : undefined) ?? '';
}

export function lateness(r: Pick<ActionRow, 'status' | 'deadline' | 'doneAt'>, now = new Date()): 'on_time' | 'late' | 'overdue' | null {
  if (r.status === 'done') return r.doneAt && today(r.doneAt) > r.deadline ? 'late' : 'on_time';
  if (ACTION_OPEN.has(r.status as ActionStatus) && r.deadline < today(now)) return 'overdue';
  return null;
}

function actionView(r: ActionRow, owner: string) {
  return {
    id: r.id,
    meetingId: r.meetingId,
    decisionId: r.decisionId,
    regionCode: r.regionCode,
    title: r.title,
    ownerOrgId: r.ownerOrgId,
    ownerUserId: r.ownerUserId,
    ownerName: owner,
    deadline: r.deadline,
    progress: r.progress,
    status: r.status as ActionStatus,
    statusName: ACTION_STATUS_NAMES[r.status as ActionStatus]?.zh ?? r.status,
    reason: r.reason,
    lateness: lateness(r),
    doneAt: r.doneAt?.toISOString() ?? null,
    appealId: r.appealId,
    steps: availableActionSteps(r.status as ActionStatus),
    version: r.version,
  };
}

export async function listActions(db: DbOrTx, actor: Actor, q: { page?: number; pageSize?: number; status?: string; overdue?: boolean; regionCode?: string; ownerOrgId?: string }) {
  authorize(actor, 'meetings.read');
  const { page, pageSize, offset } = pageOf(q);
  const t = today();
  const overdue = sql`(${meetingActions.status} in ('planned','in_progress') and ${meetingActions.deadline} < ${t})`;
  const conds: (SQL | undefined)[] = [visibleMeetingActions(actor)];
  if (q.status) conds.push(eq(meetingActions.status, q.status));
  if (q.overdue) conds.push(overdue);
  if (q.regionCode) conds.push(inRegion(meetingActions.regionCode, q.regionCode));
  if (q.ownerOrgId) conds.push(eq(meetingActions.ownerOrgId, q.ownerOrgId));
  const where = and(...conds);
  const [rows, [{ n }]] = await Promise.all([
    db
      .select()
      .from(meetingActions)
      .where(where)
      // Overdue first, then open by deadline, then finished.
      .orderBy(desc(overdue), sql`${meetingActions.status} in ('done','dropped')`, asc(meetingActions.deadline), asc(meetingActions.id))
      .limit(pageSize)
      .offset(offset),
    db.select({ n: sql<number>`count(*)` }).from(meetingActions).where(where),
  ]);
  const name = await ownerNames(db, rows);
  return { items: rows.map((r) => actionView(r, name(r))), total: Number(n), page, pageSize };
}

async function findAction(db: DbOrTx, actor: Actor, id: string, lock = false): Promise<ActionRow> {
  authorize(actor, 'meetings.read');
  const q = db
    .select()
    .from(meetingActions)
    .where(and(eq(meetingActions.id, id), visibleMeetingActions(actor)));
  const [row] = lock ? await q.for('update') : await q;
  if (!row) throw notFound('事项', 'Action');
  return row;
}

export async function getAction(db: DbOrTx, actor: Actor, id: string) {
  const r = await findAction(db, actor, id);
  const name = await ownerNames(db, [r]);
  const [updates, photos] = await Promise.all([
    db.select().from(meetingActionUpdates).where(eq(meetingActionUpdates.actionId, id)).orderBy(asc(meetingActionUpdates.id)),
    filesOf(db, { actionIds: [id], kind: 'progress' }),
  ]);
  return {
    ...actionView(r, name(r)),
    meetingId: r.meetingId,
    updates: updates.map((u) => ({ at: u.at.toISOString(), progress: u.progress, status: u.status, note: u.note, photos: photos.filter((f) => f.updateId === u.id).map((f) => f.id) })),
  };
}

/**
 * For other modules (funds links projects to actions): an action's essentials by id, as the caller may
 * see it, or null. No personal data.
 */
export async function lookupAction(db: DbOrTx, actor: Actor, id: string): Promise<{ id: string; title: string; regionCode: string; status: string; progress: number; deadline: string; meetingId: string; decidedAt: Date } | null> {
  const [r] = await db
    .select()
    .from(meetingActions)
    .where(and(eq(meetingActions.id, id), visibleMeetingActions(actor)));
  return r ? { id: r.id, title: r.title, regionCode: r.regionCode, status: r.status, progress: r.progress, deadline: r.deadline, meetingId: r.meetingId, decidedAt: r.createdAt } : null;
}

/** One row of ACTION_STEPS: progress, finish or drop, with its dated update and audit entry. Done tells the proposer. */
export async function stepAction(database: Database, ctx: RequestContext, id: string, input: { step: ActionStep; progress?: number; note?: string; reason?: string; photos?: Photo[] }) {
  authorize(ctx.actor, 'meetings.write');
  return database.db.transaction(async (tx) => {
    const r = await findAction(tx, ctx.actor, id, true);
    const d = actionStep(r.status as ActionStatus, input.step, input);
    if (!d.ok) throw new AppError(d.code);
    const progress = d.to === 'done' ? 100 : input.step === 'progress' ? input.progress! : r.progress;
    const now = new Date();
    const [row] = await tx
      .update(meetingActions)
      .set({ status: d.to, progress, reason: input.reason?.trim() || r.reason, doneAt: d.to === 'done' ? now : r.doneAt, updatedAt: now, version: sql`${meetingActions.version} + 1` })
      .where(eq(meetingActions.id, id))
      .returning();
    const [u] = await tx.insert(meetingActionUpdates).values({ actionId: id, at: now, progress, status: d.to, note: input.note ?? input.reason ?? null, actorId: ctx.actor.id }).returning({ id: meetingActionUpdates.id });
    const photos = input.photos?.length ? await storePhotos(tx, ctx.actor.id, { meetingId: r.meetingId, actionId: id, updateId: u.id }, 'progress', input.photos) : [];
    await audit(tx, ctx, { action: `meeting_action.${input.step}`, targetType: 'meeting_action', targetId: id, regionCode: r.regionCode, details: { progress, photos } });
    if (d.to === 'done' && r.proposerUserId) {
      await notifyUsers(tx, [r.proposerUserId], { kind: 'meeting.action_done', title: `您提出的议题已落实：${r.title}`, body: ACTION_STEPS.finish.label.zh });
    }
    const name = await ownerNames(tx, [row]);
    return actionView(row, name(row));
  });
}

// ---------------------------------------------------------------------------------------------
// The meeting page: everything at once, with the carried-forward actions on top of the agenda

export async function meetingDetail(db: DbOrTx, actor: Actor, id: string) {
  const m: MeetingRow = await findMeeting(db, actor, id);
  const [kind] = await db.select().from(meetingKinds).where(eq(meetingKinds.id, m.kindId));
  const att = await attendance(db, m);
  const [topics, decisions, actions, events, minutesPhotos] = await Promise.all([
    db.select().from(meetingTopics).where(eq(meetingTopics.meetingId, id)).orderBy(asc(meetingTopics.createdAt)),
    db.select().from(meetingDecisions).where(eq(meetingDecisions.meetingId, id)).orderBy(asc(meetingDecisions.createdAt)),
    db.select().from(meetingActions).where(eq(meetingActions.meetingId, id)).orderBy(asc(meetingActions.createdAt), asc(meetingActions.deadline), asc(meetingActions.title)),
    meetingTimeline(db, id),
    filesOf(db, { meetingIds: [id], kind: 'minutes' }),
  ]);
  // Report-back: the unfinished actions of the series' earlier occurrences, carried forward by themselves.
  const carried = m.seriesId
    ? await db
        .select({ a: meetingActions })
        .from(meetingActions)
        .innerJoin(meetings, eq(meetings.id, meetingActions.meetingId))
        .where(and(eq(meetingActions.seriesId, m.seriesId), lt(meetings.date, m.date), inArray(meetingActions.status, ['planned', 'in_progress'])))
        .orderBy(asc(meetingActions.deadline))
        .then((rs) => rs.map((r) => r.a))
    : [];
  const name = await ownerNames(db, [...actions, ...carried]);
  return {
    ...summary(m),
    kindCode: kind.code,
    kindName: kind.name,
    minutes: m.minutes,
    minutesPhotos: minutesPhotos.map((f) => ({ id: f.id, filename: f.filename })),
    heldAt: m.heldAt?.toISOString() ?? null,
    steps: availableMeetingSteps(m.status as MeetingStatus),
    attendance: { invited: att.invited, present: att.present, needed: att.needed, quorumMet: att.quorumMet },
    participants: att.list.map((p) => ({ id: p.id, party: p.party, label: p.label, nameMasked: p.nameMasked, phoneMasked: p.phoneMasked, signedInAt: p.signedInAt?.toISOString() ?? null, via: p.signedInVia })),
    topics: topics.map(topicView),
    decisions: decisions.map((d) => ({
      id: d.id,
      topicId: d.topicId,
      text: d.text,
      method: d.method,
      votesFor: d.votesFor,
      votesAgainst: d.votesAgainst,
      votesAbstain: d.votesAbstain,
      present: d.present,
      invited: d.invited,
      actionIds: actions.filter((a) => a.decisionId === d.id).map((a) => a.id),
    })),
    actions: actions.map((a) => actionView(a, name(a))),
    carried: carried.map((a) => actionView(a, name(a))),
    events: events.map((e) => ({ action: e.action, from: e.fromStatus, to: e.toStatus, reason: e.reason, at: e.at.toISOString() })),
  };
}
