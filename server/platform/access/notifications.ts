/**
 * Who sees which notifications and messages. Deny by default: a notification is its addressee's
 * alone; the SMS outbox (messages to requesters, who are in some area) is read by the desks whose
 * scope holds the message's region. Outside scope a message does not exist (404).
 */
import { eq, type SQL } from 'drizzle-orm';
import { authorize, scopeCondition, type Actor } from '../access.js';
import { notifications, outbox } from '../../modules/notifications/notifications.tables.js';

/** The caller's own notifications. */
export function ownNotifications(actor: Actor): SQL {
  return eq(notifications.userId, actor.id);
}

/** The outbox messages the caller may read and retry: its area's, with the permission to. */
export function visibleOutbox(actor: Actor): SQL | undefined {
  authorize(actor, 'outbox.read');
  return scopeCondition(actor, outbox.regionCode);
}
