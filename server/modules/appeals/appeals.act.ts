/**
 * Taking a step (办理动作): one function applies a row of the workflow. It loads the appeal and what
 * its guards look at, refuses with the row's codes (404 outside scope, 409 state or guard, 403 the
 * wrong party), lets the action's handler do its own effects, and moves the appeal as the row says.
 */
import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { audit, type RequestContext } from '../../platform/audit.js';
import type { DbOrTx, Tx } from '../../platform/db.js';
import { AppError, notFound } from '../../platform/errors.js';
import { workCalendar } from '../calendar/calendar.service.js';
import type { WorkCalendar } from '../calendar/calendar.time.js';
import { namesOf as orgNamesOf } from '../orgs/orgs.service.js';
import { CLOSING_STEPS } from './appeals.closing.js';
import { applyRule, type Step } from './appeals.events.js';
import { HANDLING_STEPS } from './appeals.handling.js';
import type { ActionInput } from './appeals.input.js';
import { INTAKE_STEPS } from './appeals.intake.js';
import { RETURN_LIMIT } from './appeals.limits.js';
import { OVERSIGHT_STEPS } from './appeals.oversight.js';
import { checkPhotos } from './appeals.register.js';
import { findVisible, type AppealRow, type Deps } from './appeals.repo.js';
import { appealAttachments, appealEvaluations, appealEvents, appealParts, appealRequests } from './appeals.tables.js';
import { ACTIONS, refusalOf, STATUS_NAMES, type Action, type GuardName, type Situation, type Status } from './appeals.workflow.js';

/** What a handler gets: the appeal as loaded, its situation, and `move`, which applies the action's row. */
export interface Prepared {
  appeal: AppealRow;
  situation: Situation;
  now: Date;
  cal: WorkCalendar;
  /** Organisations with an open part. */
  openOrgs: string[];
  move: (step: Step, from?: AppealRow) => Promise<AppealRow>;
}

export type Handler = (deps: Deps, tx: Tx, ctx: RequestContext, p: Prepared, input: ActionInput) => Promise<AppealRow>;

const HANDLERS: Record<Action, Handler> = { ...INTAKE_STEPS, ...HANDLING_STEPS, ...OVERSIGHT_STEPS, ...CLOSING_STEPS };

/** Everything the guards of the workflow look at, for one appeal. */
async function situationOf(db: DbOrTx, appeal: AppealRow, now: Date, cal: WorkCalendar): Promise<Situation> {
  const parts = await db.select().from(appealParts).where(eq(appealParts.appealId, appeal.id));
  const pending = await db
    .select({ id: appealRequests.id })
    .from(appealRequests)
    .where(and(eq(appealRequests.appealId, appeal.id), eq(appealRequests.status, 'pending')))
    .limit(1);
  const evaluated = await db
    .select({ kind: appealEvaluations.kind })
    .from(appealEvaluations)
    .where(and(eq(appealEvaluations.appealId, appeal.id), eq(appealEvaluations.round, appeal.reworkCount)));
  return {
    appeal,
    parts,
    pendingRequest: pending.length > 0,
    rated: { requester: evaluated.some((e) => e.kind === 'requester'), township: evaluated.some((e) => e.kind === 'township') },
    now,
    cal,
  };
}

/** The refusal for a step the appeal's state does not allow, naming the state. */
function stateRefusal(action: Action, status: Status): AppError {
  return new AppError(ACTIONS[action].refused, { status: STATUS_NAMES[status].zh, statusEn: STATUS_NAMES[status].en.toLowerCase() }, { action, status });
}

/** Params a guard's message needs beyond its code. */
const GUARD_PARAMS: Partial<Record<GuardName, (tx: Tx, s: Situation) => Promise<Record<string, string | number>>>> = {
  within_return_limit: async () => ({ days: RETURN_LIMIT.amount }),
  co_parts_done: async (tx, s) => {
    const open = s.parts.filter((p) => p.role === 'co' && (p.status === 'dispatched' || p.status === 'in_progress')).map((p) => p.orgId);
    return { orgs: [...(await orgNamesOf(tx, open)).values()].join('、') };
  },
};

async function prepare(tx: Tx, ctx: RequestContext, id: string, action: Action, input: ActionInput, cal: WorkCalendar): Promise<Prepared> {
  const appeal = await findVisible(tx, ctx.actor, id);
  if (!appeal) throw notFound('诉求', 'Appeal');
  const rule = ACTIONS[action];
  if (!(rule.from as readonly Status[]).includes(appeal.status as Status)) throw stateRefusal(action, appeal.status as Status);
  if (appeal.version !== input.version) throw new AppError('stale_version');
  const now = new Date();
  const situation = await situationOf(tx, appeal, now, cal);
  const refusal = refusalOf(action, ctx.actor, situation);
  if (refusal) {
    const params = refusal.guard ? await GUARD_PARAMS[refusal.guard]?.(tx, situation) : undefined;
    throw new AppError(refusal.code, params ?? {}, { action, ...(refusal.guard ? { guard: refusal.guard } : {}) });
  }
  const openOrgs = situation.parts.filter((p) => p.status === 'dispatched' || p.status === 'in_progress').map((p) => p.orgId);
  return { appeal, situation, now, cal, openOrgs, move: (step, from = appeal) => applyRule(tx, ctx, from, rule, step, { now, cal }) };
}

export async function act(deps: Deps, ctx: RequestContext, id: string, action: Action, input: ActionInput): Promise<AppealRow> {
  if (input.photos) checkPhotos(input.photos);
  // Read before the transaction: PGlite has one connection, and the transaction holds it.
  const cal = await workCalendar(deps.database.db);
  return deps.database.db.transaction(async (tx) => {
    const p = await prepare(tx, ctx, id, action, input, cal);
    const row = await HANDLERS[action](deps, tx, ctx, p, input);
    if (input.photos?.length) {
      const [ev] = await tx.select({ id: appealEvents.id }).from(appealEvents).where(eq(appealEvents.appealId, id)).orderBy(sql`${appealEvents.id} desc`).limit(1);
      for (const ph of input.photos) {
        await tx.insert(appealAttachments).values({ id: randomUUID(), appealId: id, eventId: ev.id, filename: ph.filename.slice(0, 200), mime: ph.mime, size: ph.data.length, data: ph.data });
      }
    }
    await audit(tx, ctx, { action: `appeal.${action}`, targetType: 'appeal', targetId: id, regionCode: row.regionCode, details: { number: row.number, status: row.status } });
    return row;
  });
}
