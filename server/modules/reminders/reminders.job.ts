/**
 * The 'reminders.send' job (小闹钟): each dated item reminds its person or firm by SMS (the outbox) and the
 * responsible grid worker (or the firm's commissioner) on their workbench, the configured days ahead and
 * on the due day. Exactly once per item and threshold: the rows of reminder_sends (item, threshold) are
 * claimed in the transaction that queues the SMS and the notifications, so a run that dies before its
 * commit leaves nothing behind, and the next run (another instance, once the job's lease has lapsed)
 * sends it; a second run finds the rows and sends nothing. Its payload is empty; its logs count items.
 */
import { and, eq, gte, lte, notExists } from 'drizzle-orm';
import { SYSTEM_ACTOR } from '../../platform/access.js';
import { maskName, type Vault } from '../../platform/crypto.js';
import type { Database } from '../../platform/db.js';
import { findEnterprise } from '../enterprises/enterprises.service.js';
import { workerIdsOf } from '../grids/grids.service.js';
import { findPerson } from '../households/households.service.js';
import { notifyUsers, queueMessage } from '../notifications/notifications.service.js';
import { allKinds } from './reminders.kinds.js';
import { addDays, chinaToday, daysBetween } from './reminders.service.js';
import { datedItems, reminderSends } from './reminders.tables.js';

export const SEND_JOB = 'reminders.send';

/** The thresholds an item has reached today: the kind's days ahead (and 0, the due day) no later than today. */
export function reached(daysBefore: number[], daysLeft: number): number[] {
  return [...new Set([...daysBefore, 0])].filter((t) => daysLeft <= t);
}

function wording(kindName: string, dueDate: string, daysLeft: number): string {
  return daysLeft > 0 ? `${kindName}将于 ${dueDate} 到期（还有 ${daysLeft} 天），请及时办理。` : daysLeft === 0 ? `${kindName}今天（${dueDate}）到期，请及时办理。` : `${kindName}已于 ${dueDate} 到期，请尽快办理。`;
}

export async function sendDueReminders(database: Database, vault: Vault, now: Date, options: { signal?: AbortSignal } = {}): Promise<{ items: number; sms: number; notified: number }> {
  const db = database.db;
  const today = chinaToday(now);
  const out = { items: 0, sms: 0, notified: 0 };
  for (const kind of (await allKinds(db)).filter((k) => k.active)) {
    const horizon = addDays(today, Math.max(0, ...kind.daysBefore));
    // Items of this kind due within its horizon whose due-day reminder has not gone yet (overdue ones once).
    const rows = await db
      .select()
      .from(datedItems)
      .where(
        and(
          eq(datedItems.kind, kind.code),
          lte(datedItems.dueDate, horizon),
          gte(datedItems.dueDate, addDays(today, -366)),
          notExists(db.select({ x: reminderSends.itemId }).from(reminderSends).where(and(eq(reminderSends.itemId, datedItems.id), eq(reminderSends.threshold, 0)))),
        ),
      )
      .limit(2000);
    for (const item of rows) {
      if (options.signal?.aborted) return out;
      const daysLeft = daysBetween(today, item.dueDate);
      const thresholds = reached(kind.daysBefore, daysLeft);
      if (!thresholds.length) continue;
      await db.transaction(async (tx) => {
        // The claim: every threshold reached and not sent yet. Several reached at once (an item recorded
        // late) make one reminder, not several.
        const claimed = await tx
          .insert(reminderSends)
          .values(thresholds.map((threshold) => ({ itemId: item.id, threshold, sentAt: now })))
          .onConflictDoNothing()
          .returning({ threshold: reminderSends.threshold });
        if (!claimed.length) return;
        const text = wording(kind.name, item.dueDate, daysLeft);
        let recipients: string[] = [];
        let phone: string | null = null;
        let label = '';
        if (item.personId) {
          const p = await findPerson(tx, SYSTEM_ACTOR, item.personId).catch(() => null);
          phone = p?.phoneEnc ? vault.decrypt(p.phoneEnc) : null;
          recipients = await workerIdsOf(tx, item.regionCode);
          label = p ? maskName(p.name) : '';
        } else if (item.enterpriseId) {
          const e = await findEnterprise(tx, SYSTEM_ACTOR, item.enterpriseId).catch(() => null);
          phone = e?.contactPhoneEnc ? vault.decrypt(e.contactPhoneEnc) : null;
          recipients = [...(e?.commissionerUserId ? [e.commissionerUserId] : []), ...(item.regionCode.length === 15 ? await workerIdsOf(tx, item.regionCode) : [])];
          label = e?.name ?? '';
        }
        if (phone) {
          await queueMessage(tx, vault, { phone, body: `【小闹钟】您的${text}`, regionCode: item.regionCode });
          out.sms++;
        }
        if (recipients.length) {
          await notifyUsers(tx, [...new Set(recipients)], { kind: 'reminder.due', title: `小闹钟：${label} ${text}`, body: item.householdId ? `/households/${item.householdId}` : item.enterpriseId ? `/enterprises/${item.enterpriseId}` : '/reminders' });
          out.notified++;
        }
        out.items++;
      });
    }
  }
  return out;
}
