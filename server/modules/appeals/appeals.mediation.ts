/**
 * The appeal that went to mediation follows its case (人民调解): the mediation module calls this in
 * the case's transaction with the step the case took. The move is a row of MEDIATION_STEPS
 * (appeals.workflow.ts), applied like every other move (applyRule: version-checked, the event, the
 * status listeners); an appeal whose state the row does not leave gets the note on its timeline only.
 */
import { SYSTEM_ACTOR } from '../../platform/access.js';
import { audit, type RequestContext } from '../../platform/audit.js';
import type { Tx } from '../../platform/db.js';
import { applyRule, addEvent } from './appeals.events.js';
import { notifyDispatchers } from './appeals.notify.js';
import { findVisible, type AppealRow } from './appeals.repo.js';
import { MEDIATION_STEPS, type MediationStep, type Status } from './appeals.workflow.js';

export async function followMediation(tx: Tx, ctx: RequestContext, appealId: string, step: MediationStep | null, note: string): Promise<AppealRow | undefined> {
  const appeal = await findVisible(tx, SYSTEM_ACTOR, appealId);
  if (!appeal) return undefined;
  const rule = step ? MEDIATION_STEPS[step] : null;
  if (!rule || !(rule.from as readonly Status[]).includes(appeal.status as Status)) {
    await addEvent(tx, appeal, ctx, 'mediation', { note, data: { caseNote: true } });
    return appeal;
  }
  const now = new Date();
  const set =
    step === 'mediation_accepted'
      ? { acceptedAt: appeal.acceptedAt ?? now }
      : step === 'mediation_settled'
        ? { result: note }
        : {};
  const publicText = step === 'mediation_accepted' ? '您的诉求已转人民调解组织调解。' : step === 'mediation_settled' ? `已办结：${note}` : '调解未能解决，您的诉求转回受理窗口继续办理。';
  const row = await applyRule(tx, ctx, appeal, rule, { type: step!, note, publicText, set, data: { mediation: true } }, { now });
  await audit(tx, ctx, { action: `appeal.${step}`, targetType: 'appeal', targetId: appeal.id, regionCode: row.regionCode, details: { number: row.number, status: row.status } });
  if (step === 'mediation_settled') await notifyDispatchers(tx, appeal.townshipCode, { kind: 'appeal.handled', title: `已办结待反馈：${appeal.title}`, appealId: appeal.id });
  if (step === 'mediation_ended') await notifyDispatchers(tx, appeal.townshipCode, { kind: 'appeal.returned', title: `调解未解决，待重新办理：${appeal.title}`, appealId: appeal.id });
  return row;
}
