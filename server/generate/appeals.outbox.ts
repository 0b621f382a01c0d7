/**
 * The SMS an appeal's life sends (appeals.ts), as rows of the notifications outbox.
 */
import type { outbox } from '../modules/notifications/notifications.tables.js';
import type { Message } from './appeal-life.js';
import { HOUR } from './appeals.mix.js';
import { pick } from './random.js';


/**
 * An SMS in the outbox as the delivery job leaves it: most sent within seconds, a few failed for good
 * after the retries (for a person to retry), the last hour's still queued, some of them retrying.
 */
export function outboxRow(rnd: () => number, m: Message, hint: string, recipientEnc: string, now: number): typeof outbox.$inferInsert {
  const at = new Date(m.at);
  const base = { channel: 'sms', recipientEnc, recipientHint: hint, regionCode: m.regionCode, body: m.body, appealId: m.appealId, createdAt: at };
  if (now - m.at < HOUR) {
    const retrying = rnd() < 0.3;
    return { ...base, status: 'pending', attempts: retrying ? 1 : 0, nextAttemptAt: new Date(retrying ? now + 10 * 60_000 : m.at), lastError: retrying ? 'sender answered 503' : null };
  }
  if (rnd() < 0.02) {
    return { ...base, status: 'failed', attempts: 12, nextAttemptAt: new Date(m.at + 30 * HOUR), lastError: pick(rnd, ['sender answered 503', 'sender did not answer within 10000 ms', 'sender answered 400']) };
  }
  const sent = new Date(m.at + 1000 + Math.floor(rnd() * 20_000));
  return { ...base, status: 'sent', attempts: 1, nextAttemptAt: at, sentAt: sent };
}
