/** Who hears of a step: the handlers of organisations, the township's desk, the requester by SMS. */
import type { Tx } from '../../platform/db.js';
import { notifyUsers, queueMessage } from '../notifications/notifications.service.js';
import { activeUserIds } from '../users/users.service.js';
import type { AppealRow, Deps } from './appeals.repo.js';
import { requesterMessage } from './appeals.sms.js';

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
