/**
 * Reminders by SMS (the outbox) and console notice: every participant of a meeting the day before it
 * (the day itself too, when the meeting was made that late), and an action's owner N days before its
 * deadline (ACTION_REMINDER_DAYS). A durable job runs it; each (meeting, participant) and each
 * (action, threshold) is reminded exactly once: the meeting_reminders row, unique on that key, is
 * written in the transaction that queues the messages, and nothing is queued when it already exists.
 */
import { and, eq, gte, inArray, lte } from 'drizzle-orm';
import type { Vault } from '../../platform/crypto.js';
import type { Database, Tx } from '../../platform/db.js';
import { notifyUsers, queueMessage } from '../notifications/notifications.service.js';
import * as regionsService from '../regions/regions.service.js';
import { activePhonesByIds, activePhonesOf, activeUserIds } from '../users/users.service.js';
import { addDays } from './meetings.schedule.js';
import { today } from './meetings.service.js';
import { meetingActions, meetingParticipants, meetingReminders, meetings } from './meetings.tables.js';

export const REMINDER_JOB = 'meetings.reminders';
/** Days before an action's deadline when its owner is reminded, furthest first. */
const ACTION_REMINDER_DAYS = [3, 1] as const;

const daysBetween = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

/** Claims the key; false when it was reminded already (by this run, an earlier one or another instance). */
async function claim(tx: Tx, kind: 'meeting' | 'action', subjectId: string, recipientKey: string): Promise<number | null> {
  const [row] = await tx.insert(meetingReminders).values({ kind, subjectId, recipientKey }).onConflictDoNothing().returning({ id: meetingReminders.id });
  return row?.id ?? null;
}

async function text(tx: Tx, vault: Vault, phonesEnc: string[], body: string, regionCode: string): Promise<number> {
  for (const enc of phonesEnc) await queueMessage(tx, vault, { phone: vault.decrypt(enc), body, regionCode });
  return phonesEnc.length;
}

export async function sendReminders(database: Database, vault: Vault, now: Date): Promise<{ participants: number; owners: number }> {
  const db = database.db;
  const day = today(now);
  let participants = 0;
  let owners = 0;

  // Meetings tomorrow (or today, if made that late) still to be held.
  const upcoming = await db
    .select()
    .from(meetings)
    .where(and(inArray(meetings.status, ['scheduled', 'postponed']), gte(meetings.date, day), lte(meetings.date, addDays(day, 1))))
    .limit(500);
  const places = await regionsService.namesOf(db, upcoming.map((m) => m.regionCode));
  for (const m of upcoming) {
    const body = `【听诉】${m.title}定于${m.date} ${m.startTime}在${places.get(m.regionCode) ?? '社区'}召开，请准时参加。`;
    await db.transaction(async (tx) => {
      const list = await tx.select().from(meetingParticipants).where(eq(meetingParticipants.meetingId, m.id));
      const phones = await activePhonesByIds(tx, list.map((p) => p.userId).filter((u): u is string => !!u));
      for (const p of list) {
        const id = await claim(tx, 'meeting', m.id, p.id);
        if (!id) continue;
        const sealed = [p.phoneEnc ?? (p.userId ? phones.get(p.userId) : undefined)].filter((x): x is string => !!x);
        const n = await text(tx, vault, sealed, body, m.regionCode);
        if (p.userId) await notifyUsers(tx, [p.userId], { kind: 'meeting.reminder', title: `明日会议：${m.title} ${m.date} ${m.startTime}` });
        if (n) await tx.update(meetingReminders).set({ texts: n }).where(eq(meetingReminders.id, id));
        participants++;
      }
    });
  }

  // Actions coming due: the owner, once per threshold (the nearest threshold the days left fall under).
  const due = await db
    .select()
    .from(meetingActions)
    .where(and(inArray(meetingActions.status, ['planned', 'in_progress']), gte(meetingActions.deadline, day), lte(meetingActions.deadline, addDays(day, ACTION_REMINDER_DAYS[0]))))
    .limit(1000);
  for (const a of due) {
    const left = daysBetween(day, a.deadline);
    const threshold = [...ACTION_REMINDER_DAYS].reverse().find((n) => left <= n)!;
    await db.transaction(async (tx) => {
      const id = await claim(tx, 'action', a.id, `owner:${threshold}`);
      if (!id) return;
      const body = `【听诉】议事事项「${a.title}」将于${a.deadline}到期（还有${left}天），请抓紧落实并更新进度。`;
      let userIds: string[] = [];
      let sealed: string[] = [];
      if (a.ownerUserId) {
        userIds = [a.ownerUserId];
        sealed = [...(await activePhonesByIds(tx, userIds)).values()];
      } else if (a.ownerOrgId) {
        const orgId = a.ownerOrgId;
        userIds = [...(await activeUserIds(tx, { role: 'community_staff', orgId })), ...(await activeUserIds(tx, { role: 'handler', orgId }))];
        const seen = new Map<string, string>();
        for (const role of ['community_staff', 'handler'] as const) for (const r of await activePhonesOf(tx, { role, orgId })) seen.set(r.userId, r.phoneEnc);
        sealed = [...seen.values()];
      }
      const n = await text(tx, vault, sealed, body, a.regionCode);
      await notifyUsers(tx, userIds, { kind: 'meeting.action_due', title: `议事事项还有 ${left} 天到期：${a.title}（期限 ${a.deadline}）` });
      if (n) await tx.update(meetingReminders).set({ texts: n }).where(eq(meetingReminders.id, id));
      owners++;
    });
  }
  return { participants, owners };
}
