/**
 * The handling organisation's steps and the desk's control of the clock (签收、退单、办理记录、延期、缓办、
 * 等待诉求人、恢复计时、办结). Whether each may be taken is the workflow's business; these do the rest.
 */
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { openPartsOf } from '../../platform/access/appeals.js';
import type { RequestContext } from '../../platform/audit.js';
import type { Tx } from '../../platform/db.js';
import { AppError, notFound } from '../../platform/errors.js';
import { minutesPerWorkingDay, type LimitUnit } from '../calendar/calendar.time.js';
import { namesOf as orgNamesOf } from '../orgs/orgs.service.js';
import type { Handler, Prepared } from './appeals.act.js';
import { extensionSet, minutesOf } from './appeals.clock.js';
import { requireText, type ActionInput } from './appeals.input.js';
import { notifyDispatchers, notifyOrgHandlers } from './appeals.notify.js';
import type { AppealRow } from './appeals.repo.js';
import { appealParts, appealRequests } from './appeals.tables.js';
import type { Action } from './appeals.workflow.js';

const LIMIT_UNITS = ['working_hours', 'working_days', 'hours', 'days'];

/** The caller's own part (its guards have checked it exists). */
const myPart = (ctx: RequestContext, p: Prepared) => p.situation.parts.find((x) => x.orgId === ctx.actor.orgId)!;
const partWhere = (appealId: string, orgId: string) => and(eq(appealParts.appealId, appealId), eq(appealParts.orgId, orgId));

export const HANDLING_STEPS = {
  async sign(_deps, tx, ctx, p) {
    const { appeal, now, move } = p;
    const part = myPart(ctx, p);
    await tx.update(appealParts).set({ status: 'in_progress', signedAt: now }).where(partWhere(appeal.id, part.orgId));
    if (part.role !== 'lead') return move({ type: 'part_signed', partial: true, orgId: part.orgId });
    const names = await orgNamesOf(tx, [part.orgId]);
    return move({ type: 'signed', orgId: part.orgId, publicText: `${names.get(part.orgId)}已签收，正在办理。`, set: { signedAt: now } });
  },

  async return(_deps, tx, ctx, p, input) {
    const { appeal, move } = p;
    const reason = requireText(input.reason, 'reason', '退单理由', 'The reason for returning it');
    const part = myPart(ctx, p);
    await tx.update(appealParts).set({ status: 'returned' }).where(partWhere(appeal.id, part.orgId));
    await notifyDispatchers(tx, appeal.townshipCode, { kind: 'appeal.returned', title: `退单：${appeal.title}`, body: reason, appealId: appeal.id });
    if (part.role === 'co') return move({ type: 'part_returned', partial: true, orgId: part.orgId, note: reason });
    // The lead returned it: back to the desk, every part closed (the row stops the clock).
    await tx.update(appealParts).set({ status: 'returned' }).where(openPartsOf(appeal.id));
    return move({ type: 'returned', orgId: part.orgId, note: reason, set: { handlingOrgId: null } });
  },

  async note(_deps, _tx, ctx, { move }, input) {
    return move({ type: 'note', note: requireText(input.note, 'note', '办理记录', 'The note'), orgId: ctx.actor.orgId });
  },

  async request_extension(_deps, tx, ctx, p, input) {
    return requestChange(tx, ctx, p, 'extension', input);
  },

  async request_deferral(_deps, tx, ctx, p, input) {
    return requestChange(tx, ctx, p, 'deferral', input);
  },

  async decide_request(_deps, tx, ctx, { appeal, now, cal, move }, input) {
    if (!input.requestId) throw new AppError('required', { field: 'requestId' }, { field: 'requestId' });
    if (input.approve === undefined) throw new AppError('required', { field: 'approve' }, { field: 'approve' });
    const [req] = await tx.select().from(appealRequests).where(and(eq(appealRequests.id, input.requestId), eq(appealRequests.appealId, appeal.id)));
    if (!req) throw notFound('申请', 'Request');
    if (req.status !== 'pending') throw new AppError('appeal_request_decided');
    await tx.update(appealRequests).set({ status: input.approve ? 'approved' : 'refused', decidedBy: ctx.actor.name, decidedAt: now, decisionNote: input.note ?? null }).where(eq(appealRequests.id, req.id));
    if (req.orgId) {
      await notifyOrgHandlers(tx, [req.orgId], {
        kind: 'appeal.request_decided',
        title: `${req.kind === 'extension' ? '延期' : '缓办'}申请${input.approve ? '已批准' : '未批准'}：${appeal.title}`,
        appealId: appeal.id,
      });
    }
    const type = `${req.kind}_${input.approve ? 'approved' : 'refused'}`;
    if (!input.approve) return move({ type, note: input.note, data: { requestId: req.id } });
    if (req.kind === 'extension') {
      const minutes = minutesOf({ amount: req.amount!, unit: req.unit as LimitUnit }, minutesPerWorkingDay(cal));
      return move({ type, note: input.note, publicText: '办理期限已依规延长。', data: { requestId: req.id, amount: req.amount, unit: req.unit }, set: extensionSet(cal, appeal, minutes) });
    }
    return move({ type, clock: 'pause', note: input.note, publicText: '该诉求经批准缓办，办理期限暂停计算。', data: { requestId: req.id }, set: { deferred: true, pauseReason: 'deferral' } });
  },

  async await_requester(_deps, _tx, _ctx, { move }, input) {
    return move({ type: 'paused', note: input.note, publicText: '正在等待您补充材料或确认，办理期限暂停计算。', set: { pauseReason: 'requester' } });
  },

  async resume(_deps, _tx, _ctx, { move }, input) {
    return move({ type: 'resumed', note: input.note, publicText: '办理期限恢复计算。' });
  },

  async handle(_deps, tx, ctx, p, input) {
    const { appeal, now, move } = p;
    const result = requireText(input.result, 'result', '办理结果', 'The result');
    const part = myPart(ctx, p);
    await tx.update(appealParts).set({ status: 'handled', result, handledAt: now }).where(partWhere(appeal.id, part.orgId));
    if (part.role === 'co') {
      await notifyOrgHandlers(tx, [appeal.handlingOrgId!], { kind: 'appeal.part_handled', title: `联办单位已办结其部分：${appeal.title}`, appealId: appeal.id });
      return move({ type: 'part_handled', partial: true, orgId: part.orgId, note: result });
    }
    const row = await move({ type: 'handled', orgId: part.orgId, note: result, publicText: `已办结：${result}`, set: { result } });
    await notifyDispatchers(tx, appeal.townshipCode, { kind: 'appeal.handled', title: `已办结待反馈：${appeal.title}`, appealId: appeal.id });
    return row;
  },
} satisfies Partial<Record<Action, Handler>>;

async function requestChange(tx: Tx, ctx: RequestContext, { appeal, move }: Prepared, kind: 'extension' | 'deferral', input: ActionInput): Promise<AppealRow> {
  const reason = requireText(input.reason, 'reason', kind === 'extension' ? '延期理由' : '缓办理由', `The reason for the ${kind}`);
  if (kind === 'extension' && (!input.amount || input.amount < 1 || !input.unit || !LIMIT_UNITS.includes(input.unit))) {
    throw new AppError('required', { field: 'amount' }, { field: 'amount' });
  }
  const id = randomUUID();
  await tx.insert(appealRequests).values({ id, appealId: appeal.id, kind, orgId: ctx.actor.orgId, reason, amount: input.amount ?? null, unit: input.unit ?? null, status: 'pending', requestedBy: ctx.actor.name });
  await notifyDispatchers(tx, appeal.townshipCode, { kind: 'appeal.request', title: `${kind === 'extension' ? '延期' : '缓办'}申请待审批：${appeal.title}`, body: reason, appealId: appeal.id });
  return move({ type: `${kind}_requested`, note: reason, orgId: ctx.actor.orgId, data: { requestId: id, amount: input.amount, unit: input.unit } });
}
