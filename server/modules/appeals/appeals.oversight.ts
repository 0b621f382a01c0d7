/**
 * The desk's and leaders' hold on an appeal while it is handled: 改类 (a category that was wrong, with
 * its limits), 改派 (another organisation), 催办 and 督办 (a note that presses the handler, counted).
 */
import type { Tx } from '../../platform/db.js';
import { AppError, notFound } from '../../platform/errors.js';
import { unknownCodes } from '../categories/categories.service.js';
import { findVisible as findVisibleOrg } from '../orgs/orgs.service.js';
import type { Handler, Prepared } from './appeals.act.js';
import type { Deps } from './appeals.repo.js';
import { deadlines } from './appeals.clock.js';
import { requireText, type ActionInput } from './appeals.input.js';
import { dispatchTo } from './appeals.intake.js';
import { notifyOrgHandlers, textOrgHandlers } from './appeals.notify.js';
import { openPartsOf } from '../../platform/access/appeals.js';
import type { AppealRow } from './appeals.repo.js';
import { appealParts } from './appeals.tables.js';
import type { Action } from './appeals.workflow.js';

/** Event types of the pressing steps, as the counts read them. */
export const PRESSING = { urge: 'urged', supervise: 'supervised' } as const;

export const OVERSIGHT_STEPS = {
  async recategorize(_deps, tx, _ctx, { appeal, cal, move }, input) {
    const categoryCode = input.categoryCode ?? '';
    const reason = requireText(input.reason, 'reason', '改类理由', 'The reason for the change');
    if (!categoryCode) throw new AppError('required', { field: 'categoryCode' }, { field: 'categoryCode' });
    if ((await unknownCodes(tx, [categoryCode])).length) throw new AppError('unknown_value', { field: 'categoryCode', value: categoryCode });
    if (categoryCode === appeal.categoryCode) throw new AppError('appeal_category_unchanged', {}, { field: 'categoryCode' });
    // A running clock takes the new category's limits, counted from the same dispatch.
    let clock = {};
    if (appeal.dispatchedAt && appeal.handlingDueAt) {
      const d = await deadlines(tx, cal, { ...appeal, categoryCode }, appeal.dispatchedAt, appeal.createdAt);
      clock = {
        fastTrack: d.fastTrack,
        handlingDueAt: d.handlingDueAt,
        warnAt: d.warnAt,
        handlingUnit: d.handlingUnit,
        ...(appeal.signedAt ? {} : { responseDueAt: d.responseDueAt, responseUnit: d.responseUnit, responseOverdueNotified: false }),
        overdueNotified: false,
        warnedNotified: false,
      };
    }
    return move({ type: 'recategorized', note: reason, data: { from: appeal.categoryCode, to: categoryCode }, set: { categoryCode, ...clock } });
  },

  async reroute(_deps, tx, ctx, p, input) {
    const { appeal } = p;
    const reason = requireText(input.reason, 'reason', '改派理由', 'The reason for re-routing');
    if (!input.leadOrgId) throw new AppError('required', { field: 'leadOrgId' }, { field: 'leadOrgId' });
    if (input.leadOrgId === appeal.handlingOrgId) throw new AppError('appeal_reroute_same_org', {}, { field: 'leadOrgId' });
    const org = await findVisibleOrg(tx, ctx.actor, input.leadOrgId);
    if (!org || !org.active) throw notFound('承办单位', 'Organisation');
    const before = p.openOrgs;
    await tx.update(appealParts).set({ status: 'returned' }).where(openPartsOf(appeal.id));
    await notifyOrgHandlers(tx, before, { kind: 'appeal.rerouted', title: `已改派其他单位：${appeal.title}`, body: reason, appealId: appeal.id });
    return dispatchTo(tx, p, input.leadOrgId, [], 'rerouted', reason);
  },

  async urge(deps, tx, _ctx, p, input) {
    return press(deps, tx, p, 'urge', input);
  },

  async supervise(deps, tx, _ctx, p, input) {
    return press(deps, tx, p, 'supervise', input);
  },
} satisfies Partial<Record<Action, Handler>>;

/**
 * 催办 / 督办: the note reaches every organisation with an open part, in the console and by SMS to
 * its handlers who have a work mobile; the event is what is counted.
 */
async function press(deps: Deps, tx: Tx, { appeal, openOrgs, move }: Prepared, kind: 'urge' | 'supervise', input: ActionInput): Promise<AppealRow> {
  const word = kind === 'urge' ? '催办' : '督办';
  const note = requireText(input.note, 'note', `${word}意见`, kind === 'urge' ? 'The urging note' : 'The supervision note');
  const row = await move({ type: PRESSING[kind], note, data: { orgIds: openOrgs } });
  await notifyOrgHandlers(tx, openOrgs, { kind: `appeal.${PRESSING[kind]}`, title: `${word}：${appeal.title}`, body: note, appealId: appeal.id });
  await textOrgHandlers(deps, tx, appeal, openOrgs, word, note);
  return row;
}
