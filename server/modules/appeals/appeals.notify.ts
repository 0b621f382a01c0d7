/** Who hears of a step: the handlers of organisations (by SMS too when pressed), the township's desk, the requester by SMS. */
import type { Tx } from '../../platform/db.js';
import { notifyUsers, queueMessage } from '../notifications/notifications.service.js';
import { activePhonesOf, activeUserIds } from '../users/users.service.js';
import type { AppealRow, Deps } from './appeals.repo.js';
import { pressingMessage, requesterMessage } from './appeals.sms.js';

type Notice = { kind: string; title: string; body?: string; appealId: string };

export async function notifyOrgHandlers(tx: Tx, orgIds: string[], n: Notice) {
  for (const orgId of orgIds) await notifyUsers(tx, await activeUserIds(tx, { role: 'handler', orgId }), n);
}

export async function notifyDispatchers(tx: Tx, townshipCode: string, n: Notice) {
  await notifyUsers(tx, await activeUserIds(tx, { role: 'dispatcher', regionCodes: [townshipCode] }), n);
}

/** An SMS to the requester: the clauses make one sentence, and the link to their appeal follows. */
export async function messageRequester(deps: Deps, tx: Tx, appeal: AppealRow, ...clauses: string[]) {
  if (!appeal.requesterPhoneEnc) return;
  await queueMessage(tx, deps.vault, { phone: deps.vault.decrypt(appeal.requesterPhoneEnc), body: requesterMessage(appeal.number, ...clauses), appealId: appeal.id, regionCode: appeal.regionCode });
}

/**
 * 催办 / 督办 by SMS: one text to each handler of the organisations with an open part who has a work
 * mobile on their account (the others read it in the console). Queued in the step's transaction.
 */
export async function textOrgHandlers(deps: Deps, tx: Tx, appeal: AppealRow, orgIds: string[], word: '催办' | '督办', note: string) {
  const body = pressingMessage(appeal.number, word, note);
  const seen = new Set<string>();
  for (const orgId of orgIds) {
    for (const h of await activePhonesOf(tx, { role: 'handler', orgId })) {
      if (seen.has(h.userId)) continue;
      seen.add(h.userId);
      await queueMessage(tx, deps.vault, { phone: deps.vault.decrypt(h.phoneEnc), body, appealId: appeal.id, regionCode: appeal.regionCode });
    }
  }
}
