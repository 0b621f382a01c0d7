/**
 * Late actions are warned and escalated, like appeals: the day after the deadline the owner (the person,
 * or the owning organisation's staff) and whoever recorded the decision get a console notification; five
 * working days later the region's leaders do. Each happens once per action (warned_at, escalated_at).
 */
import { and, eq, inArray, isNull, lt, or } from 'drizzle-orm';
import type { Database } from '../../platform/db.js';
import { workCalendar } from '../calendar/calendar.service.js';
import { notifyUsers } from '../notifications/notifications.service.js';
import { activeUserIds, leadersFor } from '../users/users.service.js';
import { addWorkingDays } from './meetings.schedule.js';
import { today } from './meetings.service.js';
import { meetingActions } from './meetings.tables.js';

export const OVERDUE_JOB = 'meetings.overdue';
const ESCALATE_AFTER_WORKING_DAYS = 5;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function warnOverdueActions(database: Database, now: Date): Promise<{ warned: number; escalated: number }> {
  const db = database.db;
  const day = today(now);
  const cal = await workCalendar(db);
  const rows = await db
    .select()
    .from(meetingActions)
    .where(and(inArray(meetingActions.status, ['planned', 'in_progress']), lt(meetingActions.deadline, day), or(isNull(meetingActions.warnedAt), isNull(meetingActions.escalatedAt))))
    .limit(500);
  let warned = 0;
  let escalated = 0;
  for (const a of rows) {
    await db.transaction(async (tx) => {
      if (!a.warnedAt) {
        const owners = a.ownerUserId
          ? [a.ownerUserId]
          : a.ownerOrgId
            ? [...(await activeUserIds(tx, { role: 'community_staff', orgId: a.ownerOrgId })), ...(await activeUserIds(tx, { role: 'handler', orgId: a.ownerOrgId }))]
            : [];
        const recipients = [...owners, ...(UUID.test(a.createdBy) ? [a.createdBy] : [])];
        await notifyUsers(tx, recipients, { kind: 'meeting.action_overdue', title: `议事事项已逾期：${a.title}（期限 ${a.deadline}）` });
        await tx.update(meetingActions).set({ warnedAt: now }).where(eq(meetingActions.id, a.id));
        warned++;
      }
      if (!a.escalatedAt && addWorkingDays(cal, a.deadline, ESCALATE_AFTER_WORKING_DAYS) < day) {
        const leaders = (await leadersFor(tx, a.regionCode)).map((l) => l.id);
        await notifyUsers(tx, leaders, { kind: 'meeting.action_escalated', title: `议事事项逾期超过 ${ESCALATE_AFTER_WORKING_DAYS} 个工作日：${a.title}（期限 ${a.deadline}）` });
        await tx.update(meetingActions).set({ escalatedAt: now }).where(eq(meetingActions.id, a.id));
        escalated++;
      }
    });
  }
  return { warned, escalated };
}
