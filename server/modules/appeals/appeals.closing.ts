/**
 * Closing the loop (反馈、回访评价、评价承办单位, 重办, 结案) and the leaders' part (领导包案、批示).
 * 双反馈: the requester and the grid that reported it hear the result; 双评价: the requester rates it
 * and the township evaluates the department. A round closes when both are in.
 */
import { and, eq } from 'drizzle-orm';
import type { RequestContext } from '../../platform/audit.js';
import type { Tx } from '../../platform/db.js';
import { AppError, notFound } from '../../platform/errors.js';
import { workerIdsOf } from '../grids/grids.service.js';
import { notifyUsers } from '../notifications/notifications.service.js';
import { activeUserIds, leadersFor } from '../users/users.service.js';
import type { Handler } from './appeals.act.js';
import { tellAffected } from './appeals.affected.js';
import { addEvent, applyRule } from './appeals.events.js';
import { requireText } from './appeals.input.js';
import { clause } from './appeals.sms.js';
import { messageRequester, notifyDispatchers, notifyOrgHandlers } from './appeals.notify.js';
import type { AppealRow, Deps } from './appeals.repo.js';
import { appealEvaluations, appealParts, appeals } from './appeals.tables.js';
import { ACTIONS, CONSEQUENCES, type Action } from './appeals.workflow.js';

const REQUESTER_RATINGS = ['satisfied', 'basically_satisfied', 'dissatisfied', 'unreachable'] as const;
const ORG_RATINGS = ['good', 'fair', 'poor'];
export const RATING_NAMES: Record<string, string> = { satisfied: '满意', basically_satisfied: '基本满意', dissatisfied: '不满意', unreachable: '无法联系' };

export const CLOSING_STEPS = {
  async feedback(deps, tx, ctx, { appeal, move }, input) {
    const message = input.note?.trim() || `您的诉求 ${appeal.number} 已办结：${appeal.result ?? ''}`;
    const row = await move({
      type: 'feedback',
      note: message,
      publicText: `已向您反馈办理结果：${(appeal.result ?? '').replace(/[。.！!]+$/, '')}。请对办理结果进行评价。`,
      data: { toRequester: !!appeal.requesterPhoneEnc, toGrid: !!appeal.gridCode },
    });
    // 双反馈: to the requester, and to the grid and community that reported it.
    await messageRequester(deps, tx, appeal, message, '请凭编号和手机号后四位评价办理结果');
    const gridPeople = appeal.gridCode
      ? [...(await workerIdsOf(tx, appeal.gridCode)), ...(await activeUserIds(tx, { role: 'community_staff', regionCodes: [appeal.gridCode.slice(0, 12)] }))]
      : [];
    await notifyUsers(tx, [...gridPeople, ...(appeal.reporterUserId ? [appeal.reporterUserId] : [])], {
      kind: 'appeal.feedback',
      title: `办理结果反馈：${appeal.title}`,
      body: appeal.result ?? undefined,
      appealId: appeal.id,
    });
    // Merged appeals follow their master: every requester hears the outcome, and so does every
    // resident who said 我也遇到 on it or on one merged into it.
    const children = await mergedInto(tx, appeal.id);
    for (const child of children) {
      await addEvent(tx, child, ctx, 'feedback', { publicText: `与您的诉求相同的问题已办结：${appeal.result ?? ''}` });
      await messageRequester(deps, tx, child, `您反映的问题（${child.number}）已并案办结：${clause(appeal.result ?? '')}`);
    }
    await tellAffected(deps, tx, appeal, [appeal.id, ...children.map((c) => c.id)]);
    return row;
  },

  async evaluate(deps, tx, ctx, { appeal, now }, input) {
    return recordRequesterRating(deps, tx, ctx, appeal, now, { rating: input.rating, solved: input.solved, comment: input.note, method: input.method ?? 'callback' });
  },

  async evaluate_org(deps, tx, ctx, { appeal, now, move }, input) {
    const rating = input.rating ?? '';
    if (!ORG_RATINGS.includes(rating)) throw new AppError('unknown_value', { field: 'rating', value: rating }, { field: 'rating' });
    const verified = input.verified ?? true;
    await insertEvaluation(tx, appeal, { kind: 'township', rating, verified, solved: null, method: 'staff', comment: input.note ?? null, by: ctx.actor.name, orgId: appeal.handlingOrgId });
    const row = await move({ type: 'org_evaluated', note: input.note, orgId: appeal.handlingOrgId, data: { rating, verified } });
    if (!verified) return rework(tx, ctx, row, now, '核查未通过，重新办理');
    return tryClose(tx, ctx, row, now);
  },

  async assign_leader(_deps, tx, _ctx, { appeal, move }, input) {
    if (!input.leaderUserId) throw new AppError('required', { field: 'leaderUserId' }, { field: 'leaderUserId' });
    // The same candidates the console offers: active leaders whose area holds the appeal.
    const leader = (await leadersFor(tx, appeal.regionCode)).find((l) => l.id === input.leaderUserId);
    if (!leader) throw notFound('包案领导', 'Leader');
    const row = await move({ type: 'leader_assigned', note: input.note, data: { leaderUserId: leader.id, leader: leader.displayName }, set: { leaderUserId: leader.id } });
    await notifyUsers(tx, [leader.id], { kind: 'appeal.leader_case', title: `领导包案：${appeal.title}`, body: appeal.number, appealId: appeal.id });
    return row;
  },

  async instruct(_deps, tx, _ctx, { appeal, openOrgs, move }, input) {
    const note = requireText(input.note, 'note', '批示', 'The instruction');
    const row = await move({ type: 'instructed', note });
    await notifyOrgHandlers(tx, openOrgs, { kind: 'appeal.instruction', title: `领导批示：${appeal.title}`, body: note, appealId: appeal.id });
    await notifyDispatchers(tx, appeal.townshipCode, { kind: 'appeal.instruction', title: `领导批示：${appeal.title}`, body: note, appealId: appeal.id });
    return row;
  },
} satisfies Partial<Record<Action, Handler>>;

const mergedInto = (tx: Tx, masterId: string) => tx.select().from(appeals).where(and(eq(appeals.masterId, masterId), eq(appeals.status, 'merged')));

async function insertEvaluation(
  tx: Tx,
  appeal: AppealRow,
  e: { kind: 'requester' | 'township'; rating: string; solved: boolean | null; verified?: boolean | null; method: string; comment: string | null; by: string; orgId?: string | null },
) {
  const inserted = await tx
    .insert(appealEvaluations)
    .values({ appealId: appeal.id, round: appeal.reworkCount, kind: e.kind, rating: e.rating, solved: e.solved, verified: e.verified ?? null, method: e.method, comment: e.comment, by: e.by, orgId: e.orgId ?? appeal.handlingOrgId })
    .onConflictDoNothing()
    .returning({ id: appealEvaluations.id });
  // The guards said no evaluation yet; a concurrent one got in first.
  if (!inserted.length) throw new AppError(e.kind === 'requester' ? 'appeal_already_rated' : 'appeal_org_already_evaluated');
}

/** The requester's rating, from the console (callback) or the requester's own page (self). */
export async function recordRequesterRating(
  _deps: Deps,
  tx: Tx,
  ctx: RequestContext | null,
  appeal: AppealRow,
  now: Date,
  r: { rating?: string; solved?: boolean; comment?: string; method: 'self' | 'callback' | 'staff' },
): Promise<AppealRow> {
  const rating = r.rating ?? '';
  if (!(REQUESTER_RATINGS as readonly string[]).includes(rating) || (r.method === 'self' && rating === 'unreachable')) {
    throw new AppError('unknown_value', { field: 'rating', value: rating }, { field: 'rating' });
  }
  const solved = rating === 'unreachable' ? null : r.solved ?? rating !== 'dissatisfied';
  await insertEvaluation(tx, appeal, { kind: 'requester', rating, solved, method: r.method, comment: r.comment?.trim() || null, by: ctx?.actor.name ?? '诉求人' });
  // The console's evaluate and the requester's own rating are the same step.
  const row = await applyRule(tx, ctx, appeal, ACTIONS.evaluate, {
    type: 'rated',
    note: r.comment ?? null,
    publicText: rating === 'unreachable' ? null : `您的评价：${RATING_NAMES[rating]}。`,
    data: { rating, solved, method: r.method },
    set: { lastRating: rating, lastSolved: solved, lastRatedAt: now },
  }, { now });
  if (rating === 'dissatisfied') return rework(tx, ctx, row, now, '诉求人不满意，重新办理');
  return tryClose(tx, ctx, row, now);
}

/** 重办: back to the same handler with a fresh handling limit; counted. */
async function rework(tx: Tx, ctx: RequestContext | null, appeal: AppealRow, now: Date, why: string): Promise<AppealRow> {
  if (!appeal.handlingOrgId) {
    // Solved on the spot but not solved: it goes to the township's desk to be dispatched properly.
    return applyRule(tx, ctx, appeal, CONSEQUENCES.rework_at_desk, {
      type: 'reworked',
      note: why,
      publicText: '根据评价，您的诉求将重新办理。',
      set: { reworkCount: appeal.reworkCount + 1, handledAt: null, result: null, onSpot: false },
    }, { now });
  }
  await tx.update(appealParts).set({ status: 'in_progress', handledAt: null }).where(and(eq(appealParts.appealId, appeal.id), eq(appealParts.orgId, appeal.handlingOrgId)));
  const row = await applyRule(tx, ctx, appeal, CONSEQUENCES.rework, {
    type: 'reworked',
    note: why,
    orgId: appeal.handlingOrgId,
    publicText: '根据评价，您的诉求已重新交办。',
    set: { reworkCount: appeal.reworkCount + 1 },
  }, { now });
  await notifyOrgHandlers(tx, [appeal.handlingOrgId], { kind: 'appeal.rework', title: `重办：${appeal.title}`, body: why, appealId: appeal.id });
  return row;
}

/** Closes when this round has the requester's rating and, for dispatched appeals, the township's evaluation. */
async function tryClose(tx: Tx, ctx: RequestContext | null, appeal: AppealRow, now: Date): Promise<AppealRow> {
  const evals = await tx
    .select({ kind: appealEvaluations.kind })
    .from(appealEvaluations)
    .where(and(eq(appealEvaluations.appealId, appeal.id), eq(appealEvaluations.round, appeal.reworkCount)));
  const kinds = new Set(evals.map((e) => e.kind));
  if (!kinds.has('requester') || (appeal.handlingOrgId && !kinds.has('township'))) return appeal;
  const row = await applyRule(tx, ctx, appeal, CONSEQUENCES.close, { type: 'closed', publicText: '诉求已结案，感谢您的反映与评价。', set: { closedAt: now } }, { now });
  for (const child of await mergedInto(tx, appeal.id)) {
    await tx.update(appeals).set({ closedAt: now, updatedAt: now }).where(eq(appeals.id, child.id));
    await addEvent(tx, child, ctx, 'closed', { publicText: '并案诉求已结案。' });
  }
  return row;
}
