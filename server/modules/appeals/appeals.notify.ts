/** Who hears of a step: the handlers of organisations, the township's desk, the requester by SMS. */
import type { Tx } from '../../platform/db.js';
import { notifyUsers, queueMessage } from '../notifications/notifications.service.js';
import { activeUserIds } from '../users/users.service.js';
import type { AppealRow, Deps } from './appeals.repo.js';

type Notice = { kind: string; title: string; body?: string; appealId: string };

export async function notifyOrgHandlers(tx: Tx, orgIds: string[], n: Notice) {
  for (const orgId of orgIds) await notifyUsers(tx, await activeUserIds(tx, { role: 'handler', orgId }), n);
}

export async function notifyDispatchers(tx: Tx, townshipCode: string, n: Notice) {
  await notifyUsers(tx, await activeUserIds(tx, { role: 'dispatcher', regionCodes: [townshipCode] }), n);
}

export async function messageRequester(deps: Deps, tx: Tx, appeal: AppealRow, body: string) {
  if (!appeal.requesterPhoneEnc) return;
  await queueMessage(tx, deps.vault, { phone: deps.vault.decrypt(appeal.requesterPhoneEnc), body: `【听诉】${body}`, appealId: appeal.id, regionCode: appeal.regionCode });
}
