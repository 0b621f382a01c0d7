import { and, eq, inArray, isNull, lte } from 'drizzle-orm';
import { SYSTEM_ACTOR } from '../../platform/access.js';
import { systemContext } from '../../platform/audit.js';
import { notifyUsers } from '../notifications/notifications.service.js';
import { activeUserIds } from '../users/users.service.js';
import { addEvent, type Deps } from './appeals.service.js';
import { appealParts, appeals } from './appeals.tables.js';

const OPEN = ['dispatched', 'in_progress'];
const JOB = systemContext('job', { ...SYSTEM_ACTOR, name: '系统' });

/**
 * The deadline job: yellow warnings to the handlers, and when a limit passes, escalation to the
 * organisation's supervisors (its leaders) and the township's dispatchers. Each warning and escalation
 * happens once: the flag is flipped in the same statement that claims the appeal.
 */
export async function scanDeadlines(deps: Deps, now: Date): Promise<{ warned: number; overdue: number; responseOverdue: number }> {
  const db = deps.database.db;
  let warned = 0;
  let overdue = 0;
  let responseOverdue = 0;

  const claim = async (set: Partial<typeof appeals.$inferInsert>, where: ReturnType<typeof and>) =>
    db.update(appeals).set(set).where(where).returning();

  for (const a of await claim(
    { responseOverdueNotified: true },
    and(eq(appeals.status, 'dispatched'), isNull(appeals.pausedAt), eq(appeals.responseOverdueNotified, false), lte(appeals.responseDueAt, now)),
  )) {
    await db.transaction(async (tx) => {
      const orgs = (await tx.select({ orgId: appealParts.orgId }).from(appealParts).where(and(eq(appealParts.appealId, a.id), eq(appealParts.status, 'dispatched')))).map((p) => p.orgId);
      const people = [...(await activeUserIds(tx, { role: 'dispatcher', regionCodes: [a.townshipCode] }))];
      for (const orgId of orgs) people.push(...(await activeUserIds(tx, { role: 'handler', orgId })), ...(await activeUserIds(tx, { role: 'leader', orgId })));
      await notifyUsers(tx, people, { kind: 'appeal.response_overdue', title: `超时未签收：${a.title}`, body: a.number, appealId: a.id });
      await addEvent(tx, a, JOB, 'response_overdue', { data: { responseDueAt: a.responseDueAt?.toISOString() } });
    });
    responseOverdue++;
  }

  for (const a of await claim(
    { warnedNotified: true },
    and(inArray(appeals.status, OPEN), isNull(appeals.pausedAt), eq(appeals.warnedNotified, false), lte(appeals.warnAt, now)),
  )) {
    if (a.handlingDueAt && a.handlingDueAt <= now) continue; // the overdue pass below says more
    await db.transaction(async (tx) => {
      const people = a.handlingOrgId ? await activeUserIds(tx, { role: 'handler', orgId: a.handlingOrgId }) : [];
      await notifyUsers(tx, people, { kind: 'appeal.deadline_warning', title: `即将超期（黄牌）：${a.title}`, body: `${a.number}，办理时限 ${a.handlingDueAt?.toISOString()}`, appealId: a.id });
      await addEvent(tx, a, JOB, 'deadline_warning', { data: { handlingDueAt: a.handlingDueAt?.toISOString() } });
    });
    warned++;
  }

  for (const a of await claim(
    { overdueNotified: true, warnedNotified: true },
    and(inArray(appeals.status, OPEN), isNull(appeals.pausedAt), eq(appeals.overdueNotified, false), lte(appeals.handlingDueAt, now)),
  )) {
    await db.transaction(async (tx) => {
      const people = [...(await activeUserIds(tx, { role: 'dispatcher', regionCodes: [a.townshipCode] }))];
      if (a.handlingOrgId) {
        const supervisors = await activeUserIds(tx, { role: 'leader', orgId: a.handlingOrgId });
        people.push(...supervisors, ...(await activeUserIds(tx, { role: 'handler', orgId: a.handlingOrgId })));
      }
      if (a.leaderUserId) people.push(a.leaderUserId);
      await notifyUsers(tx, people, { kind: 'appeal.overdue', title: `已超期（红牌）：${a.title}`, body: a.number, appealId: a.id });
      await addEvent(tx, a, JOB, 'overdue', { data: { handlingDueAt: a.handlingDueAt?.toISOString() } });
    });
    overdue++;
  }
  return { warned, overdue, responseOverdue };
}
