/**
 * 诉前委派: a court's room refers a dispute to a body, which must accept it within three working days
 * (ACCEPT_LIMIT, on the working calendar). Two keyed jobs per referral: a working day before the
 * deadline the body is warned; at the deadline a referral still not accepted is marked overdue and the
 * court's room and the township's 司法所 are told. Each is claimed by a guarded update of the case
 * (`referral_warned`, `referral_overdue_at`), so each happens exactly once, however often the job runs.
 */
import { and, eq, isNull, lte } from 'drizzle-orm';
import { SYSTEM_ACTOR } from '../../platform/access.js';
import type { Tx } from '../../platform/db.js';
import { enqueue } from '../../platform/jobs.js';
import { workCalendar } from '../calendar/calendar.service.js';
import { dueAt } from '../calendar/calendar.time.js';
import { notifyUsers } from '../notifications/notifications.service.js';
import * as orgsService from '../orgs/orgs.service.js';
import { activeUserIds } from '../users/users.service.js';
import type { Database } from '../../platform/db.js';
import { mediationCases, mediationEvents } from './mediation.tables.js';

export const REFERRAL_JOB = 'mediation.referral';
/** The warning: after this many working days of the three. */
const REFERRAL_WARN_AFTER = { amount: 2, unit: 'working_days' } as const;

/** Schedules the warning and the deadline of a referral made (or transferred) at `from`. */
export async function scheduleReferral(tx: Tx, caseId: string, from: Date, deadline: Date) {
  const warnAt = dueAt(await workCalendar(tx), from, REFERRAL_WARN_AFTER);
  await enqueue(tx, { kind: REFERRAL_JOB, key: `${REFERRAL_JOB}.warn:${caseId}`, runAt: warnAt, payload: { caseId, step: 'warn' } });
  await enqueue(tx, { kind: REFERRAL_JOB, key: `${REFERRAL_JOB}.overdue:${caseId}`, runAt: deadline, payload: { caseId, step: 'overdue' } });
}

const event = (tx: Tx, caseId: string, type: string, dueAt: Date | null, at: Date) => tx.insert(mediationEvents).values({ caseId, type, actorName: '系统', data: { dueAt: dueAt?.toISOString() ?? null }, at });
const ROLES = ['dispatcher', 'community_staff', 'mediator', 'leader', 'handler'] as const;

async function membersOf(tx: Tx, orgIds: string[]): Promise<string[]> {
  const out = new Set<string>();
  for (const orgId of orgIds) for (const role of ROLES) for (const id of await activeUserIds(tx, { role, orgId })) out.add(id);
  return [...out];
}

/** The township's 司法所 (justice offices over the case's region). */
async function justiceOffices(tx: Tx, regionCode: string): Promise<string[]> {
  const page = await orgsService.listOrgs(tx, SYSTEM_ACTOR, { kind: 'justice_office', regionCode: regionCode.slice(0, 6), active: true, pageSize: 200 });
  return page.items.filter((o) => regionCode.startsWith(o.regionCode)).map((o) => o.id);
}

export async function runReferralJob(deps: { database: Database }, payload: Record<string, unknown>, now: Date): Promise<void> {
  const caseId = String(payload.caseId ?? '');
  const c = mediationCases;
  await deps.database.db.transaction(async (tx) => {
    if (payload.step === 'overdue') {
      const [row] = await tx
        .update(c)
        .set({ referralOverdueAt: now })
        .where(and(eq(c.id, caseId), eq(c.status, 'applied'), eq(c.source, 'court'), isNull(c.referralOverdueAt), lte(c.stepDueAt, now)))
        .returning();
      if (!row) return;
      const body = (await orgsService.namesOf(tx, [row.bodyId])).get(row.bodyId) ?? '调解组织';
      const notice = { kind: 'mediation.referral_overdue', title: `诉前委派逾期未受理：${row.title}`, body: `${row.number}，${body}未在 3 个工作日内受理` };
      await notifyUsers(tx, await membersOf(tx, [...(row.referringOrgId ? [row.referringOrgId] : []), ...(await justiceOffices(tx, row.regionCode))]), notice);
      await event(tx, row.id, 'referral_overdue', row.stepDueAt, now);
      return;
    }
    const [row] = await tx
      .update(c)
      .set({ referralWarned: true })
      .where(and(eq(c.id, caseId), eq(c.status, 'applied'), eq(c.source, 'court'), eq(c.referralWarned, false)))
      .returning();
    if (!row) return;
    const people = [...(await activeUserIds(tx, { role: 'mediator', orgId: row.bodyId })), ...(await activeUserIds(tx, { role: 'community_staff', orgId: row.bodyId }))];
    await notifyUsers(tx, people, { kind: 'mediation.referral_warning', title: `诉前委派待受理：${row.title}`, body: `${row.number}，须在 ${row.stepDueAt?.toISOString().slice(0, 10) ?? ''} 前受理（3 个工作日）` });
    await event(tx, row.id, 'referral_warning', row.stepDueAt, now);
  });
}
