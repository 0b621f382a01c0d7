import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { and, count, desc, eq, isNull, sql } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import type { Actor } from '../../platform/access.js';
import { ownNotifications, visibleOutbox } from '../../platform/access/notifications.js';
import { audit, type RequestContext } from '../../platform/audit.js';
import type { Vault } from '../../platform/crypto.js';
import { maskPhone } from '../../platform/crypto.js';
import { rowFromRaw, rows, type Database, type DbOrTx } from '../../platform/db.js';
import { maskDigits } from '../../platform/jobs.js';
import { errorMessage, notFound, type ErrorCode } from '../../platform/errors.js';
import type { Locale } from '../../platform/i18n.js';
import { pageOf, type PageResult } from '../../platform/schemas.js';
import { notifications, outbox } from './notifications.tables.js';

interface NotificationInput {
  kind: string;
  title: string;
  body?: string;
  appealId?: string;
}

export async function notifyUsers(db: DbOrTx, userIds: string[], n: NotificationInput): Promise<void> {
  const unique = [...new Set(userIds)];
  if (!unique.length) return;
  await db.insert(notifications).values(unique.map((userId) => ({ userId, kind: n.kind, title: n.title, body: n.body ?? null, appealId: n.appealId ?? null })));
}

export async function myNotifications(db: DbOrTx, actor: Actor, q: { unread?: boolean; page?: number; pageSize?: number }) {
  const { page, pageSize, offset } = pageOf(q);
  const where = and(ownNotifications(actor), q.unread ? isNull(notifications.readAt) : undefined);
  const [items, [{ n }], [{ unread }]] = await Promise.all([
    db.select().from(notifications).where(where).orderBy(desc(notifications.at)).limit(pageSize).offset(offset),
    db.select({ n: count() }).from(notifications).where(where),
    db.select({ unread: count() }).from(notifications).where(and(ownNotifications(actor), isNull(notifications.readAt))),
  ]);
  return {
    items: items.map((i) => ({ id: i.id, at: i.at.toISOString(), kind: i.kind, title: i.title, body: i.body, appealId: i.appealId, readAt: i.readAt?.toISOString() ?? null })),
    total: Number(n),
    unread: Number(unread),
    page,
    pageSize,
  };
}

export async function markRead(db: DbOrTx, actor: Actor, id?: number): Promise<void> {
  await db
    .update(notifications)
    .set({ readAt: new Date() })
    .where(and(ownNotifications(actor), isNull(notifications.readAt), id !== undefined ? eq(notifications.id, id) : undefined));
}

// ---------------------------------------------------------------------------------------------
// Outbox: messages to requesters

export async function queueMessage(db: DbOrTx, vault: Vault, m: { phone: string; body: string; appealId?: string; regionCode: string }) {
  await db.insert(outbox).values({
    channel: 'sms',
    recipientEnc: vault.encrypt(m.phone),
    recipientHint: maskPhone(m.phone),
    regionCode: m.regionCode,
    body: m.body,
    appealId: m.appealId ?? null,
  });
}

/** Delivers one message; throws when the sender fails (the outbox keeps it and retries). */
type Sender = (to: string, text: string, id: number) => Promise<void>;

/**
 * A webhook sender: POST {to, text, id} as JSON with the message id as `Idempotency-Key` (a gateway
 * that honours it sends a message once even when a retry follows a lost answer); any 2xx is delivered.
 * Its errors say what happened (status, timeout, connection) and never quote the message or number.
 */
export function webhookSender(url: string, options: { timeoutMs?: number } = {}): Sender {
  const timeoutMs = options.timeoutMs ?? 10_000;
  return async (to, text, id) => {
    let res: Response;
    try {
      res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': String(id) },
        body: JSON.stringify({ to, text, id }),
        signal: AbortSignal.timeout(timeoutMs),
      });
      await res.arrayBuffer().catch(() => undefined);
    } catch (err) {
      const e = err as { name?: string; cause?: { code?: string } };
      // The low-level cause is left off on purpose: it may name hosts and addresses, and these words end up
      // on the outbox screen; only its code is kept.
      // eslint-disable-next-line preserve-caught-error
      if (e?.name === 'TimeoutError' || e?.name === 'AbortError') throw new Error(`sender did not answer within ${timeoutMs} ms`);
      // eslint-disable-next-line preserve-caught-error
      throw new Error(`sender unreachable${e?.cause?.code ? ` (${e.cause.code})` : ''}`);
    }
    if (!res.ok) throw new Error(`sender answered ${res.status}`);
  };
}

/** The sender's failures as webhookSender words them, read back as catalog codes for the outbox screen. */
const SENDER_FAILURES: [RegExp, ErrorCode, (m: RegExpMatchArray) => Record<string, string>][] = [
  [/^sender answered (\d+)$/, 'sms_sender_refused', (m) => ({ status: m[1] })],
  [/^sender did not answer within (\d+) ms$/, 'sms_sender_timeout', (m) => ({ ms: m[1] })],
  [/^sender unreachable(?: \((.+)\))?$/, 'sms_sender_unreachable', (m) => ({ cause: m[1] ? `（${m[1]}）` : '' })],
  [/^no sender configured/, 'sms_no_sender', () => ({})],
];

/** A delivery error in the reader's language; one the catalog does not know is quoted as it is. */
function outboxErrorText(raw: string | null, locale: Locale): string | null {
  if (!raw) return null;
  for (const [pattern, code, params] of SENDER_FAILURES) {
    const m = raw.match(pattern);
    if (m) {
      const p = params(m);
      return errorMessage(code, locale === 'en' && p.cause ? { ...p, cause: ` (${m[1]})` } : p, locale);
    }
  }
  return errorMessage('sms_sender_failed', { reason: raw, reasonEn: raw }, locale);
}

const MAX_ATTEMPTS = 12;

/** The loggers told already that no gateway is configured (once per process and logger). */
const noSenderSaid = new WeakSet<object>();

interface DeliverOptions {
  log?: FastifyBaseLogger;
  /** Stop taking messages when aborted (the job's lease was lost, or the runner stops). */
  signal?: AbortSignal;
  /**
   * How long one message stays claimed, on the database's clock: longer than the sender's timeout, so
   * a message is never given to a second sender while the first may still be sending it.
   */
  leaseMs?: number;
  /** At most this many messages per run. */
  limit?: number;
}

/**
 * The outbox job: sends what is due, one message at a time. Each message is claimed under a lease in
 * its own commit, sent with its id as idempotency key, and marked sent in its own commit before the
 * next: two instances never hold the same message, and a crash repeats at most the message in flight
 * (which the gateway can recognise by its key). A failure schedules a retry with backoff, never drops it.
 */
export async function deliverOutbox(database: Database, vault: Vault, sender: Sender | null, now: Date, options: DeliverOptions | FastifyBaseLogger = {}): Promise<{ sent: number; failed: number }> {
  const o: DeliverOptions = 'info' in options ? { log: options as FastifyBaseLogger } : (options as DeliverOptions);
  const leaseMs = o.leaseMs ?? 40_000;
  const limit = o.limit ?? 100;
  const claimant = `${hostname()}:${process.pid}:${randomBytes(6).toString('hex')}`;
  let sent = 0;
  let failed = 0;
  let after = 0;
  for (let n = 0; n < limit && !o.signal?.aborted; n++) {
    const [raw] = await rows<Record<string, unknown>>(
      database.db,
      sql`
        update ${outbox} set claimed_by = ${claimant}, lease_until = clock_timestamp() + ${leaseMs} * interval '1 millisecond'
        where id = (
          select id from ${outbox}
          where status = 'pending' and next_attempt_at <= ${now} and id > ${after}
            and (lease_until is null or lease_until < clock_timestamp())
          order by id
          limit 1
          for update skip locked)
        returning *`,
    );
    if (!raw) break;
    const m = rowFromRaw(outbox, raw);
    after = m.id;
    const mine = and(eq(outbox.id, m.id), eq(outbox.claimedBy, claimant));
    try {
      if (!sender) throw new Error('no sender configured (TINGSU_SMS_WEBHOOK_URL)');
      await sender(vault.decrypt(m.recipientEnc), m.body, m.id);
    } catch (err) {
      const attempts = m.attempts + 1;
      const backoffMs = Math.min(6 * 3600_000, 60_000 * 2 ** Math.min(attempts - 1, 10));
      await database.db
        .update(outbox)
        .set({
          attempts,
          lastError: maskDigits(String((err as Error)?.message ?? err)).slice(0, 500),
          nextAttemptAt: new Date(now.getTime() + backoffMs),
          // After many attempts it stays visible as failed, for a person to retry.
          status: attempts >= MAX_ATTEMPTS ? 'failed' : 'pending',
          claimedBy: null,
          leaseUntil: null,
        })
        .where(mine);
      failed++;
      // Without a gateway every message waits for the same reason (shown with each in the outbox): said
      // once per process, not once per message and attempt (the demo has no gateway).
      if (sender) o.log?.warn({ outboxId: m.id, attempts }, 'message not delivered');
      else if (o.log && !noSenderSaid.has(o.log)) {
        noSenderSaid.add(o.log);
        o.log.warn({ outboxId: m.id }, 'messages are waiting: no SMS gateway is configured (TINGSU_SMS_WEBHOOK_URL); each stays in the outbox with the reason');
      }
      continue;
    }
    await database.db.update(outbox).set({ status: 'sent', sentAt: now, attempts: m.attempts + 1, lastError: null, claimedBy: null, leaseUntil: null }).where(mine);
    sent++;
  }
  return { sent, failed };
}

export async function listOutbox(db: DbOrTx, actor: Actor, q: { status?: string; page?: number; pageSize?: number }, locale: Locale = 'zh-CN'): Promise<PageResult<Record<string, unknown>>> {
  const { page, pageSize, offset } = pageOf(q);
  const where = and(visibleOutbox(actor), q.status ? eq(outbox.status, q.status) : undefined);
  const [rows, [{ n }]] = await Promise.all([
    db.select().from(outbox).where(where).orderBy(desc(outbox.id)).limit(pageSize).offset(offset),
    db.select({ n: count() }).from(outbox).where(where),
  ]);
  return {
    items: rows.map((m) => ({
      id: m.id,
      channel: m.channel,
      recipient: m.recipientHint,
      body: m.body,
      appealId: m.appealId,
      status: m.status,
      attempts: m.attempts,
      nextAttemptAt: m.nextAttemptAt.toISOString(),
      lastError: outboxErrorText(m.lastError, locale),
      sentAt: m.sentAt?.toISOString() ?? null,
      createdAt: m.createdAt.toISOString(),
    })),
    total: Number(n),
    page,
    pageSize,
  };
}

export async function retryMessage(database: Database, ctx: RequestContext, id: number): Promise<void> {
  const visible = visibleOutbox(ctx.actor);
  await database.db.transaction(async (tx) => {
    const [m] = await tx.select().from(outbox).where(and(eq(outbox.id, id), visible));
    if (!m) throw notFound('消息', 'Message');
    await tx.update(outbox).set({ status: 'pending', nextAttemptAt: new Date() }).where(eq(outbox.id, id));
    await audit(tx, ctx, { action: 'outbox.retry', targetType: 'outbox', targetId: String(id), regionCode: m.regionCode });
  });
}
