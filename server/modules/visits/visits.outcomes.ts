/**
 * 一户一档 follows the appeals raised at its door: when such an appeal is handled, closed or not
 * accepted, the outcome goes onto the household's timeline, in the appeal's own transaction. An appeal
 * raised by a visit carries the visit's id, which is how the household is found.
 */
import { eq } from 'drizzle-orm';
import { onAppealStatus, type AppealStatusListener } from '../appeals/appeals.service.js';
import { STATUS_NAMES, type Status } from '../appeals/appeals.workflow.js';
import { appendHouseholdEvent } from '../households/households.timeline.js';
import { visits } from './visits.tables.js';

const OUTCOMES: Partial<Record<Status, string>> = {
  handled: '已办结',
  closed: '已结案',
  not_accepted: '不予受理',
  merged: '已与相同问题合并办理',
  withdrawn: '已由诉求人撤回',
};

const appealOutcomeOnTimeline: AppealStatusListener = async (tx, appeal, _from, to) => {
  if (appeal.source !== 'visit' || !OUTCOMES[to]) return;
  // Solved on the spot: the visit already wrote that line.
  if (to === 'handled' && appeal.onSpot) return;
  const [v] = await tx.select({ householdId: visits.householdId, gridCode: visits.gridCode }).from(visits).where(eq(visits.id, appeal.id));
  if (!v) return;
  await appendHouseholdEvent(tx, {
    householdId: v.householdId,
    gridCode: v.gridCode,
    source: 'appeals',
    kind: `appeal.${to}`,
    summary: `入户走访中登记的诉求 ${appeal.number}${OUTCOMES[to]}`,
    refType: 'appeal',
    refId: appeal.id,
    data: { number: appeal.number, status: to, statusName: STATUS_NAMES[to].zh },
  });
};

export function followAppealOutcomes(): void {
  onAppealStatus(appealOutcomeOnTimeline);
}
