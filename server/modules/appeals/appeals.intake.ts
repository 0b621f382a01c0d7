/** The desk's steps (受理、不予受理、就地解决、落格、派遣、吹哨、并案): from registration to a handler. */
import { and, eq, inArray } from 'drizzle-orm';
import { codeInScope } from '../../platform/access.js';
import { openPartsOf } from '../../platform/access/appeals.js';
import type { Tx } from '../../platform/db.js';
import { AppError, notFound } from '../../platform/errors.js';
import { findVisible as findVisibleOrg, namesOf as orgNamesOf } from '../orgs/orgs.service.js';
import { exists as regionExists } from '../regions/regions.service.js';
import type { Handler, Prepared } from './appeals.act.js';
import { addEvent, applyRule } from './appeals.events.js';
import { requireText } from './appeals.input.js';
import { clause } from './appeals.sms.js';
import { messageRequester, notifyDispatchers, notifyOrgHandlers } from './appeals.notify.js';
import { findVisible, type AppealRow } from './appeals.repo.js';
import { appealParts } from './appeals.tables.js';
import { ACTIONS, TERMINAL, type Action, type Status } from './appeals.workflow.js';

export const INTAKE_STEPS = {
  async accept(_deps, _tx, _ctx, { move, now }) {
    return move({ type: 'accepted', publicText: '您的诉求已受理。', set: { acceptedAt: now } });
  },

  async reject(deps, tx, _ctx, { appeal, move }, input) {
    const reason = requireText(input.reason, 'reason', '不予受理的理由', 'The reason for not accepting it');
    const row = await move({ type: 'not_accepted', note: reason, publicText: `不予受理：${reason}`, set: { closedAt: new Date() } });
    await messageRequester(deps, tx, appeal, `您的诉求 ${appeal.number} 不予受理，理由：${clause(reason)}`);
    return row;
  },

  async solve_on_spot(_deps, tx, ctx, { appeal, now, cal, move }, input) {
    const result = requireText(input.result, 'result', '办理结果', 'The result');
    let row = appeal;
    if (appeal.status === 'registered') row = await applyRule(tx, ctx, row, ACTIONS.accept, { type: 'accepted', publicText: '您的诉求已受理。', set: { acceptedAt: now } }, { now, cal });
    // Solved where it was found: no handling time to count.
    return move({ type: 'solved_on_spot', note: result, publicText: `已就地解决：${result}`, set: { onSpot: true, result, handlingMinutes: 0 } }, row);
  },

  async place(_deps, tx, ctx, { appeal, move }, input) {
    const gridCode = input.gridCode ?? '';
    if (!/^\d{15}$/.test(gridCode)) throw new AppError('required', { field: 'gridCode' }, { field: 'gridCode' });
    if (!gridCode.startsWith(appeal.townshipCode) || !codeInScope(ctx.actor, gridCode) || !(await regionExists(tx, gridCode))) throw notFound('网格', 'Grid');
    return move({ type: 'placed', data: { gridCode }, set: { gridCode, regionCode: gridCode, needsPlacement: false } });
  },

  async dispatch(_deps, tx, ctx, p, input) {
    if (!input.leadOrgId) throw new AppError('required', { field: 'leadOrgId' }, { field: 'leadOrgId' });
    const co = input.coOrgs ?? [];
    const orgIds = [input.leadOrgId, ...co.map((c) => c.orgId)];
    if (new Set(orgIds).size !== orgIds.length) throw new AppError('appeal_orgs_repeated', {}, { field: 'coOrgs' });
    for (const orgId of orgIds) {
      const org = await findVisibleOrg(tx, ctx.actor, orgId);
      if (!org || !org.active) throw notFound('承办单位', 'Organisation');
    }
    return dispatchTo(tx, p, input.leadOrgId, co, 'dispatched', input.note);
  },

  async whistle(_deps, tx, ctx, p, input) {
    const { appeal, move } = p;
    const target = input.target ?? '';
    const reason = requireText(input.reason, 'reason', '吹哨事由', 'The reason for blowing the whistle');
    if (target === 'township') {
      // 吹哨 to the township's desk: it is told, the appeal stays where it is.
      const row = await move({ type: 'whistled', partial: true, note: reason, data: { target }, set: { whistled: true } });
      await notifyDispatchers(tx, appeal.townshipCode, { kind: 'appeal.whistle', title: `社区吹哨：${appeal.title}`, body: reason, appealId: appeal.id });
      return row;
    }
    const org = await findVisibleOrg(tx, ctx.actor, target);
    if (!org || org.kind !== 'department' || !org.active) throw notFound('职能部门', 'Department');
    return dispatchTo(tx, p, target, [], 'whistled', reason);
  },

  async merge(_deps, tx, ctx, { appeal, move }, input) {
    if (!input.masterId) throw new AppError('required', { field: 'masterId' }, { field: 'masterId' });
    if (input.masterId === appeal.id) throw new AppError('appeal_merge_into_itself', {}, { field: 'masterId' });
    const master = await findVisible(tx, ctx.actor, input.masterId);
    if (!master) throw notFound('主诉求', 'Master appeal');
    if (TERMINAL.has(master.status as Status)) throw new AppError('appeal_master_finished');
    if (master.townshipCode !== appeal.townshipCode) throw new AppError('appeal_merge_other_township');
    await tx.update(appealParts).set({ status: 'returned' }).where(openPartsOf(appeal.id));
    await addEvent(tx, master, ctx, 'merged_in', { note: input.note, data: { appealId: appeal.id, number: appeal.number } });
    return move({
      type: 'merged',
      note: input.note,
      publicText: `您反映的问题与诉求 ${master.number} 相同，已合并办理，结果将一并告知您。`,
      data: { masterId: master.id, masterNumber: master.number },
      set: { masterId: master.id },
    });
  },

  /** 撤诉: the open parts end, the reason and who asked are on the timeline (the monthly audit reads them). */
  async withdraw(_deps, tx, _ctx, { appeal, move }, input) {
    const reason = requireText(input.reason, 'reason', '撤诉理由', 'The reason for the withdrawal');
    const askedBy = input.askedBy ?? 'requester';
    await tx.update(appealParts).set({ status: 'returned' }).where(openPartsOf(appeal.id));
    return move({ type: 'withdrawn', note: reason, publicText: '您的诉求已按您的要求撤回。', data: { askedBy } });
  },
} satisfies Partial<Record<Action, Handler>>;

/** Hands the appeal to a lead organisation and its co-handlers (联办); the clock starts (the row says so). */
export async function dispatchTo(
  tx: Tx,
  { appeal, now, move }: Prepared,
  leadOrgId: string,
  co: { orgId: string; task?: string }[],
  how: 'dispatched' | 'whistled' | 'rerouted',
  note: string | undefined,
): Promise<AppealRow> {
  const whistle = how === 'whistled';
  await tx.delete(appealParts).where(and(eq(appealParts.appealId, appeal.id), inArray(appealParts.orgId, [leadOrgId, ...co.map((c) => c.orgId)])));
  await tx.insert(appealParts).values([
    { appealId: appeal.id, orgId: leadOrgId, role: 'lead', status: 'dispatched', dispatchedAt: now },
    ...co.map((c) => ({ appealId: appeal.id, orgId: c.orgId, role: 'co', task: c.task ?? null, status: 'dispatched', dispatchedAt: now })),
  ]);
  const names = await orgNamesOf(tx, [leadOrgId, ...co.map((c) => c.orgId)]);
  const row = await move({
    type: how,
    note: note ?? null,
    orgId: leadOrgId,
    publicText: `已转交${names.get(leadOrgId)}${co.length ? `牵头，会同${co.map((c) => names.get(c.orgId)).join('、')}` : ''}办理。`,
    data: { leadOrgId, coOrgIds: co.map((c) => c.orgId), whistle, ...(how === 'rerouted' ? { fromOrgId: appeal.handlingOrgId } : {}) },
    set: { handlingOrgId: leadOrgId, ...(whistle ? { whistled: true } : {}) },
  });
  await notifyOrgHandlers(tx, [leadOrgId, ...co.map((c) => c.orgId)], {
    kind: whistle ? 'appeal.whistle' : 'appeal.dispatched',
    title: `${whistle ? '社区吹哨，请报到' : how === 'rerouted' ? '改派待签收' : '新派遣待签收'}：${appeal.title}`,
    body: `${appeal.number}，签收时限 ${row.responseDueAt!.toISOString()}`,
    appealId: appeal.id,
  });
  return row;
}
