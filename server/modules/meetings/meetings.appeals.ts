/**
 * An action sent into the appeal loop (channel 议事会): an appeal is registered for it, and from then on the
 * action follows the appeal's outcome — dispatched or in progress → in progress; handled or closed →
 * done (the proposer is told); not accepted → dropped. The appeal's id is derived from the action's, so a
 * retry after a lost answer registers nothing new and only links.
 */
import { createHash } from 'node:crypto';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { authorize } from '../../platform/access.js';
import { visibleMeetingActions } from '../../platform/access/meetings.js';
import { audit, type RequestContext } from '../../platform/audit.js';
import type { Tx } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import { createAppeal, findVisible, onAppealStatus, type AppealStatusListener, type Deps } from '../appeals/appeals.service.js';
import { notifyUsers } from '../notifications/notifications.service.js';
import { meetingActions, meetingActionUpdates, meetings } from './meetings.tables.js';

function appealIdFor(actionId: string): string {
  const h = createHash('sha256').update(`meeting-action-appeal:${actionId}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export async function sendToAppeals(deps: Deps, ctx: RequestContext, actionId: string, input: { categoryCode: string }): Promise<{ appealId: string; number: string }> {
  authorize(ctx.actor, 'meetings.write');
  const { database } = deps;
  const [a] = await database.db
    .select({ a: meetingActions, meetingTitle: meetings.title, date: meetings.date })
    .from(meetingActions)
    .innerJoin(meetings, eq(meetings.id, meetingActions.meetingId))
    .where(and(eq(meetingActions.id, actionId), visibleMeetingActions(ctx.actor)));
  if (!a) throw new AppError('not_found', { what: '事项', whatEn: 'Action' });
  if (a.a.status === 'done' || a.a.status === 'dropped') throw new AppError('meeting_action_closed');
  if (a.a.appealId) throw new AppError('meeting_action_in_appeal');
  const appeal = await createAppeal(deps, { ctx, source: 'console' }, {
    id: appealIdFor(actionId),
    channel: 'deliberation',
    requester: { kind: 'anonymous' },
    title: a.a.title.slice(0, 60),
    content: `议事会决定事项：${a.a.title}（${a.meetingTitle}，${a.date}），期限 ${a.a.deadline}。`,
    categoryCode: input.categoryCode,
    placeCode: a.a.regionCode,
  }).catch(async (e: unknown) => {
    // A retry: the appeal exists already under this action's id.
    const existing = await findVisible(database.db, ctx.actor, appealIdFor(actionId));
    if (existing) return existing;
    throw e;
  });
  await database.db.transaction(async (tx) => {
    const [row] = await tx
      .update(meetingActions)
      .set({ appealId: appeal.id, status: sql`case when ${meetingActions.status} = 'planned' then 'in_progress' else ${meetingActions.status} end`, updatedAt: new Date(), version: sql`${meetingActions.version} + 1` })
      .where(and(eq(meetingActions.id, actionId), sql`${meetingActions.appealId} is null`))
      .returning();
    if (!row) throw new AppError('meeting_action_in_appeal');
    await tx.insert(meetingActionUpdates).values({ actionId, progress: row.progress, status: row.status, note: `转入诉求办理：${appeal.number}`, actorId: ctx.actor.id });
    await audit(tx, ctx, { action: 'meeting_action.appeal', targetType: 'meeting_action', targetId: actionId, regionCode: row.regionCode, details: { appealId: appeal.id } });
  });
  return { appealId: appeal.id, number: appeal.number };
}

const followOutcome: AppealStatusListener = async (tx: Tx, appeal, _from, to) => {
  const rows = await tx
    .select()
    .from(meetingActions)
    .where(and(eq(meetingActions.appealId, appeal.id), inArray(meetingActions.status, ['planned', 'in_progress'])));
  for (const a of rows) {
    const now = new Date();
    const next =
      to === 'handled' || to === 'closed' || to === 'feedback_given'
        ? { status: 'done', progress: 100, doneAt: now, reason: a.reason }
        : to === 'not_accepted' || to === 'withdrawn'
          ? { status: 'dropped', progress: a.progress, doneAt: null, reason: `诉求 ${appeal.number} ${to === 'withdrawn' ? '已撤诉' : '不予受理'}` }
          : to === 'merged'
            ? null
            : { status: 'in_progress', progress: a.progress, doneAt: null, reason: a.reason };
    if (!next || (next.status === a.status && next.progress === a.progress)) continue;
    await tx.update(meetingActions).set({ ...next, updatedAt: now, version: sql`${meetingActions.version} + 1` }).where(eq(meetingActions.id, a.id));
    await tx.insert(meetingActionUpdates).values({ actionId: a.id, at: now, progress: next.progress, status: next.status, note: `诉求 ${appeal.number}：${to}`, actorId: 'system' });
    if (next.status === 'done' && a.proposerUserId) {
      await notifyUsers(tx, [a.proposerUserId], { kind: 'meeting.action_done', title: `您提出的议题已落实：${a.title}` });
    }
  }
};

export function followAppealsForActions(): void {
  onAppealStatus(followOutcome);
}
