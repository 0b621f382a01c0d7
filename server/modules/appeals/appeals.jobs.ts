import { and, asc, eq, inArray, isNull, lte, notInArray, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { FastifyBaseLogger } from 'fastify';
import { SYSTEM_ACTOR } from '../../platform/access.js';
import { systemContext } from '../../platform/audit.js';
import type { Tx } from '../../platform/db.js';
import { errorKind } from '../../platform/jobs.js';
import { notifyUsers } from '../notifications/notifications.service.js';
import { activeUserIds } from '../users/users.service.js';
import { addEvent } from './appeals.events.js';
import type { Deps } from './appeals.repo.js';
import { appealParts, appeals } from './appeals.tables.js';

const OPEN = ['dispatched', 'in_progress'];
const JOB = systemContext('job', { ...SYSTEM_ACTOR, name: '系统' });

type AppealRow = typeof appeals.$inferSelect;

/** One kind of deadline notice: which appeals are due, the flag that records it, and what it does. */
interface Pass {
  due: (now: Date) => SQL | undefined;
  order: AnyPgColumn;
  flag: Partial<AppealRow>;
  /** The notice's effects, in the transaction that flips the flag; false when there was nothing to say. */
  act: (tx: Tx, a: AppealRow, now: Date) => Promise<boolean>;
}

/** The acceptance clock (受理时限) tells the desks that would accept it: the township's and the community's. */
async function desksOf(tx: Tx, a: AppealRow): Promise<string[]> {
  return [
    ...(await activeUserIds(tx, { role: 'dispatcher', regionCodes: [a.townshipCode] })),
    ...(a.gridCode ? await activeUserIds(tx, { role: 'community_staff', regionCodes: [a.gridCode.slice(0, 12)] }) : []),
  ];
}

const PASSES: Record<'acceptWarned' | 'acceptOverdue' | 'responseOverdue' | 'warned' | 'overdue', Pass> = {
  acceptWarned: {
    due: (now) => and(eq(appeals.status, 'registered'), eq(appeals.acceptWarned, false), lte(appeals.acceptWarnAt, now)),
    order: appeals.acceptWarnAt,
    flag: { acceptWarned: true },
    act: async (tx, a, now) => {
      if (a.acceptDueAt && a.acceptDueAt <= now) return false; // the overdue notice says more
      await notifyUsers(tx, await desksOf(tx, a), { kind: 'appeal.accept_warning', title: `即将超过受理时限：${a.title}`, body: `${a.number}，受理时限 ${a.acceptDueAt?.toISOString()}`, appealId: a.id });
      await addEvent(tx, a, JOB, 'accept_warning', { data: { acceptDueAt: a.acceptDueAt?.toISOString() } });
      return true;
    },
  },
  acceptOverdue: {
    due: (now) => and(eq(appeals.status, 'registered'), eq(appeals.acceptOverdueNotified, false), lte(appeals.acceptDueAt, now)),
    order: appeals.acceptDueAt,
    flag: { acceptOverdueNotified: true, acceptWarned: true },
    act: async (tx, a) => {
      // Escalation: the desks, and the township's leaders.
      const people = [...(await desksOf(tx, a)), ...(await activeUserIds(tx, { role: 'leader', regionCodes: [a.townshipCode] }))];
      await notifyUsers(tx, people, { kind: 'appeal.accept_overdue', title: `超过受理时限未受理：${a.title}`, body: a.number, appealId: a.id });
      await addEvent(tx, a, JOB, 'accept_overdue', { data: { acceptDueAt: a.acceptDueAt?.toISOString() } });
      return true;
    },
  },
  responseOverdue: {
    due: (now) => and(eq(appeals.status, 'dispatched'), isNull(appeals.pausedAt), eq(appeals.responseOverdueNotified, false), lte(appeals.responseDueAt, now)),
    order: appeals.responseDueAt,
    flag: { responseOverdueNotified: true },
    act: async (tx, a) => {
      const orgs = (await tx.select({ orgId: appealParts.orgId }).from(appealParts).where(and(eq(appealParts.appealId, a.id), eq(appealParts.status, 'dispatched')))).map((p) => p.orgId);
      const people = [...(await activeUserIds(tx, { role: 'dispatcher', regionCodes: [a.townshipCode] }))];
      for (const orgId of orgs) people.push(...(await activeUserIds(tx, { role: 'handler', orgId })), ...(await activeUserIds(tx, { role: 'leader', orgId })));
      await notifyUsers(tx, people, { kind: 'appeal.response_overdue', title: `超时未签收：${a.title}`, body: a.number, appealId: a.id });
      await addEvent(tx, a, JOB, 'response_overdue', { data: { responseDueAt: a.responseDueAt?.toISOString() } });
      return true;
    },
  },
  warned: {
    due: (now) => and(inArray(appeals.status, OPEN), isNull(appeals.pausedAt), eq(appeals.warnedNotified, false), lte(appeals.warnAt, now)),
    order: appeals.warnAt,
    flag: { warnedNotified: true },
    act: async (tx, a, now) => {
      if (a.handlingDueAt && a.handlingDueAt <= now) return false; // the overdue notice says more
      const people = a.handlingOrgId ? await activeUserIds(tx, { role: 'handler', orgId: a.handlingOrgId }) : [];
      await notifyUsers(tx, people, { kind: 'appeal.deadline_warning', title: `即将超期（黄牌）：${a.title}`, body: `${a.number}，办理时限 ${a.handlingDueAt?.toISOString()}`, appealId: a.id });
      await addEvent(tx, a, JOB, 'deadline_warning', { data: { handlingDueAt: a.handlingDueAt?.toISOString() } });
      return true;
    },
  },
  overdue: {
    due: (now) => and(inArray(appeals.status, OPEN), isNull(appeals.pausedAt), eq(appeals.overdueNotified, false), lte(appeals.handlingDueAt, now)),
    order: appeals.handlingDueAt,
    flag: { overdueNotified: true, warnedNotified: true },
    act: async (tx, a) => {
      // Escalation: the handling organisation's supervisors (its leaders) and the township's dispatchers.
      const people = [...(await activeUserIds(tx, { role: 'dispatcher', regionCodes: [a.townshipCode] }))];
      if (a.handlingOrgId) {
        const supervisors = await activeUserIds(tx, { role: 'leader', orgId: a.handlingOrgId });
        people.push(...supervisors, ...(await activeUserIds(tx, { role: 'handler', orgId: a.handlingOrgId })));
      }
      if (a.leaderUserId) people.push(a.leaderUserId);
      await notifyUsers(tx, people, { kind: 'appeal.overdue', title: `已超期（红牌）：${a.title}`, body: a.number, appealId: a.id });
      await addEvent(tx, a, JOB, 'overdue', { data: { handlingDueAt: a.handlingDueAt?.toISOString() } });
      return true;
    },
  },
};

class DeadlineScanError extends Error {
  constructor(readonly failed: number) {
    super(`${failed} appeal(s) could not be notified; they stay due for the next run`);
  }
}

/**
 * The deadline job: yellow warnings to the handlers, and when a limit passes, escalation to the
 * organisation's supervisors (its leaders) and the township's dispatchers. Each appeal is one
 * transaction: it is claimed (FOR UPDATE SKIP LOCKED, so two instances never take the same one), its
 * flag flipped, and its notifications and event written, all in one commit. A crash loses nothing (an
 * appeal is flagged only with its effects) and the next run finishes the rest. An appeal whose notice
 * fails stays due and the others go on; the run then fails, to show it.
 */
export async function scanDeadlines(
  deps: Deps,
  now: Date,
  options: { signal?: AbortSignal; log?: FastifyBaseLogger } = {},
): Promise<{ warned: number; overdue: number; responseOverdue: number; acceptWarned: number; acceptOverdue: number }> {
  const out = { warned: 0, overdue: 0, responseOverdue: 0, acceptWarned: 0, acceptOverdue: 0 };
  let failed = 0;
  for (const name of ['acceptWarned', 'acceptOverdue', 'responseOverdue', 'warned', 'overdue'] as const) {
    const pass = PASSES[name];
    const skip: string[] = [];
    while (!options.signal?.aborted) {
      let found = false;
      let claimedId: string | undefined;
      try {
        const acted = await deps.database.db.transaction(async (tx) => {
          const [a] = await tx
            .select()
            .from(appeals)
            .where(and(pass.due(now), skip.length ? notInArray(appeals.id, skip) : undefined))
            .orderBy(asc(pass.order), asc(appeals.id))
            .limit(1)
            .for('update', { skipLocked: true });
          if (!a) return false;
          found = true;
          claimedId = a.id;
          await tx.update(appeals).set(pass.flag).where(eq(appeals.id, a.id));
          return pass.act(tx, a, now);
        });
        if (!found) break;
        if (acted) out[name]++;
      } catch (err) {
        if (!claimedId) throw err; // the database itself is failing: the runner retries the whole job
        skip.push(claimedId);
        failed++;
        options.log?.warn({ err: errorKind(err), appealId: claimedId }, 'deadline notice failed');
      }
    }
  }
  if (failed) throw new DeadlineScanError(failed);
  return out;
}
