/**
 * Taking a step on a mediation case: one function applies a row of mediation.workflow.ts. It loads the
 * case (404 outside the caller's view), refuses with the row's codes (409 state or guard, 403 the wrong
 * party), checks what the step needs (400), writes the step's own rows, moves the case, appends the
 * event and the audit entry — all in one transaction.
 */
import { randomUUID } from 'node:crypto';
import { and, desc, eq, sql } from 'drizzle-orm';
import { SYSTEM_ACTOR } from '../../platform/access.js';
import { audit, type RequestContext } from '../../platform/audit.js';
import { chinaDay } from '../../platform/china-time.js';
import type { Tx } from '../../platform/db.js';
import { AppError, notFound } from '../../platform/errors.js';
import { enqueue } from '../../platform/jobs.js';
import { workCalendar } from '../calendar/calendar.service.js';
import { dueAt } from '../calendar/calendar.time.js';
import * as repo from './mediation.repo.js';
import { scheduleReferral } from './mediation.referral.js';
import { notifyUsers, queueMessage } from '../notifications/notifications.service.js';
import { namesOf } from '../orgs/orgs.service.js';
import { activeUserIds } from '../users/users.service.js';
import { ACCEPT_LIMIT, addEvent, bodyFor, CONCLUDE_LIMIT, followAppeal, getCase, situationOf, type Deps } from './mediation.service.js';
import { checkPhotos, type MediationStep, type Photo } from '../appeals/appeals.service.js';
import { mediationAgreements, mediationAttachments, mediationCases, mediationChecks, mediationParties, mediationSessions } from './mediation.tables.js';
import { ACTIONS, addDays, CONFIRMATION_DAYS, CONFIRMATION_WARN_DAYS, refusalOf, STATUS_NAMES, type Action, type Status } from './mediation.workflow.js';

export const CONFIRMATION_JOB = 'mediation.confirmation';

export interface ActInput {
  version: number;
  reason?: string;
  session?: { heldOn: string; place: string; attendees: string; hardship: string; crux: string; reconcile: string };
  agreement?: { facts: string; responsibilities: { partyId: string; text: string }[]; manner: string; deadline: string; effectiveOn: string };
  check?: { checkedOn: string; note: string };
  schedule?: { on: string; place: string };
  referral?: { to: 'court' | 'arbitration' | 'department'; name: string };
  transfer?: { bodyId: string };
  court?: { on: string; granted?: boolean; note?: string };
  photos?: Photo[];
}

/** The steps that may carry photos or a signed copy. */
const WITH_FILES = new Set<Action>(['hold_session', 'agree', 'revise_agreement', 'check', 'performed', 'failed']);

type Set = Partial<typeof mediationCases.$inferInsert>;
interface Effect {
  set?: Set;
  note?: string | null;
  data?: Record<string, unknown>;
  /** What the appeal the case came from is told, if anything. */
  appealNote?: string;
  /** How the appeal moves with it (its workflow's MEDIATION_STEPS), if at all. */
  appealStep?: MediationStep;
}

function need<T>(v: T | undefined, field: string): T {
  if (v === undefined) throw new AppError('required', { field });
  return v;
}

/** End of a China day, as an instant. */
const endOfDay = (ymd: string) => new Date(`${addDays(ymd, 1)}T00:00:00+08:00`);

/** The confirmation window's two moments: the warning and the lapse, each a keyed job. */
async function scheduleConfirmation(tx: Tx, caseId: string, dueOn: string) {
  await enqueue(tx, { kind: CONFIRMATION_JOB, key: `${CONFIRMATION_JOB}.warn:${caseId}`, runAt: new Date(`${addDays(dueOn, -CONFIRMATION_WARN_DAYS)}T09:00:00+08:00`), payload: { caseId, step: 'warn' } });
  await enqueue(tx, { kind: CONFIRMATION_JOB, key: `${CONFIRMATION_JOB}.lapse:${caseId}`, runAt: endOfDay(dueOn), payload: { caseId, step: 'lapse' } });
}

type StepFn = (deps: Deps, tx: Tx, ctx: RequestContext, c: repo.CaseRow, input: ActInput, now: Date) => Promise<Effect>;

async function writeAgreement(deps: Deps, tx: Tx, ctx: RequestContext, c: repo.CaseRow, input: ActInput): Promise<Effect> {
  const a = need(input.agreement, 'agreement');
  const ids = await repo.partyIds(tx, c.id);
  if (a.responsibilities.some((r) => !ids.has(r.partyId))) throw new AppError('mediation_responsibility_unknown_party');
  const [last] = await tx.select({ v: mediationAgreements.version }).from(mediationAgreements).where(eq(mediationAgreements.caseId, c.id)).orderBy(desc(mediationAgreements.version)).limit(1);
  const version = (last?.v ?? 0) + 1;
  await tx.insert(mediationAgreements).values({ id: randomUUID(), caseId: c.id, version, ...a, createdBy: ctx.actor.id });
  const dueOn = addDays(a.effectiveOn, CONFIRMATION_DAYS);
  await scheduleConfirmation(tx, c.id, dueOn);
  return {
    set: { confirmationDueOn: dueOn, confirmationWarned: false, stepDueAt: endOfDay(a.deadline), concludedAt: c.concludedAt ?? new Date() },
    data: { agreementVersion: version, deadline: a.deadline, confirmationDueOn: dueOn },
    appealNote: version === 1 ? `人民调解达成协议（案件 ${c.number}），履行期限 ${a.deadline}` : undefined,
  };
}

async function writeCheck(tx: Tx, c: repo.CaseRow, input: ActInput, result: 'ongoing' | 'performed' | 'failed'): Promise<Effect> {
  const k = need(input.check, 'check');
  await tx.insert(mediationChecks).values({ id: randomUUID(), caseId: c.id, checkedOn: k.checkedOn, result, note: k.note });
  return { data: { checkedOn: k.checkedOn, result } };
}

const STEPS: Record<Action, StepFn> = {
  accept: async (deps, tx, _ctx, c, _i, now) => ({
    set: { acceptedAt: now, stepDueAt: dueAt(await workCalendar(tx), now, CONCLUDE_LIMIT) },
    appealNote: `人民调解组织已受理（案件 ${c.number}），由调解组织调解办理`,
    appealStep: 'mediation_accepted',
  }),
  decline: async (deps, tx, _ctx, c, input, now) => {
    const reason = need(input.reason, 'reason');
    // The parties are told: an SMS to each party with a phone of their own, the reason in it.
    const body = (await namesOf(tx, [c.bodyId])).get(c.bodyId) ?? '调解组织';
    const phones = await tx.select({ phoneEnc: mediationParties.phoneEnc }).from(mediationParties).where(eq(mediationParties.caseId, c.id));
    for (const p of phones) {
      if (!p.phoneEnc) continue;
      await queueMessage(tx, deps.vault, { phone: deps.vault.decrypt(p.phoneEnc), body: `【听诉】您的人民调解申请（${c.number}）${body}不予受理，理由：${[...reason].slice(0, 40).join('')}。`, regionCode: c.regionCode });
    }
    return { set: { declineReason: reason, stepDueAt: null, concludedAt: now }, note: reason, appealNote: `调解组织不予受理（案件 ${c.number}）：${reason}` };
  },
  investigate: async () => ({}),
  schedule_session: async (_d, _tx, _ctx, _c, input) => {
    const s = need(input.schedule, 'schedule');
    return { set: { nextSessionOn: s.on, nextSessionPlace: s.place }, data: { on: s.on } };
  },
  hold_session: async (_d, tx, ctx, c, input) => {
    const s = need(input.session, 'session');
    await tx.insert(mediationSessions).values({ id: randomUUID(), caseId: c.id, heldOn: s.heldOn, place: s.place, attendees: s.attendees, notes: { hardship: s.hardship, crux: s.crux, reconcile: s.reconcile }, createdBy: ctx.actor.id });
    return { set: { nextSessionOn: null, nextSessionPlace: null }, data: { heldOn: s.heldOn } };
  },
  agree: (deps, tx, ctx, c, input) => writeAgreement(deps, tx, ctx, c, input),
  revise_agreement: (deps, tx, ctx, c, input) => writeAgreement(deps, tx, ctx, c, input),
  no_agreement: async (_d, _tx, _ctx, c, input, now) => ({ set: { stepDueAt: null, concludedAt: now }, note: input.reason ?? null, appealNote: `人民调解未达成协议（案件 ${c.number}）`, appealStep: 'mediation_ended' }),
  check: async (_d, tx, _ctx, c, input) => writeCheck(tx, c, input, 'ongoing'),
  performed: async (_d, tx, _ctx, c, input) => ({ ...(await writeCheck(tx, c, input, 'performed')), set: { stepDueAt: null }, appealNote: `经人民调解达成协议并已履行（案件 ${c.number}）`, appealStep: 'mediation_settled' }),
  failed: async (_d, tx, _ctx, c, input) => ({ ...(await writeCheck(tx, c, input, 'failed')), set: { stepDueAt: null }, appealNote: `调解协议未履行（案件 ${c.number}）`, appealStep: 'mediation_ended' }),
  refer: async (_d, _tx, _ctx, c, input, now) => {
    const r = need(input.referral, 'referral');
    return { set: { referredTo: r.to, referredName: r.name, stepDueAt: null, concludedAt: c.concludedAt ?? now }, data: { to: r.to, name: r.name }, appealNote: `人民调解案件 ${c.number} 已移送${r.name}`, appealStep: 'mediation_ended' };
  },
  transfer: async (deps, tx, ctx, c, input, now) => {
    const t = need(input.transfer, 'transfer');
    const body = await bodyFor(tx, ctx.actor, t.bodyId, c.regionCode.slice(0, Math.min(9, c.regionCode.length)));
    if (body.id === c.bodyId) throw new AppError('mediation_transfer_same_body');
    const due = dueAt(await workCalendar(tx), now, ACCEPT_LIMIT);
    // A court's referral: the new body has its own three working days, warned and marked anew.
    if (c.source === 'court' && c.referringOrgId) await scheduleReferral(tx, c.id, now, due);
    return { set: { bodyId: body.id, regionCode: body.regionCode, mediatorId: null, acceptedAt: null, stepDueAt: due, referralWarned: false, referralOverdueAt: null }, data: { fromBodyId: c.bodyId, toBodyId: body.id }, note: input.reason ?? null };
  },
  close: async (_d, _tx, _ctx, c, input, now) => ({ set: { closedAt: now, stepDueAt: null }, note: input.reason ?? null, appealNote: `人民调解案件 ${c.number} 已结案归档` }),
  apply_confirmation: async (_d, _tx, _ctx, _c, input) => ({ set: { confirmation: 'applied' }, data: { on: input.court?.on ?? null }, note: input.court?.note ?? null }),
  court_accept: async (_d, _tx, _ctx, _c, input) => ({ set: { confirmation: 'accepted' }, data: { on: need(input.court, 'court').on } }),
  court_decide: async (_d, _tx, _ctx, _c, input) => {
    const d = need(input.court, 'court');
    if (d.granted === undefined) throw new AppError('required', { field: 'court.granted' });
    return { set: { confirmation: d.granted ? 'granted' : 'refused' }, data: { on: d.on, granted: d.granted }, note: d.note ?? null };
  },
};

export async function act(deps: Deps, ctx: RequestContext, id: string, action: Action, input: ActInput) {
  const db = deps.database.db;
  const c0 = await repo.findVisible(db, ctx.actor, id);
  if (!c0) throw notFound('调解案件', 'Mediation case');
  const rule = ACTIONS[action];
  const now = new Date();
  const status = c0.status as Status;
  // The state first: a step the case's state does not allow is refused whatever else the body says.
  if (!(rule.from as readonly Status[]).includes(status)) throw new AppError(rule.refused, { status: STATUS_NAMES[status].zh, statusEn: STATUS_NAMES[status].en.toLowerCase() }, { action, status });
  const refusal = refusalOf(action, await situationOf(db, ctx.actor, c0, now));
  if (refusal) throw new AppError(refusal.code, { dueOn: c0.confirmationDueOn ?? '' }, { action, ...(refusal.guard ? { guard: refusal.guard } : {}) });
  if (c0.version !== input.version) throw new AppError('stale_version');
  if (input.photos?.length) {
    if (!WITH_FILES.has(action)) throw new AppError('bad_request', { reason: '此操作不能附带文件', reasonEn: 'this step takes no files' });
    checkPhotos(input.photos);
  }
  await db.transaction(async (tx) => {
    const eff = await STEPS[action](deps, tx, ctx, c0, input, now);
    const to = rule.to ?? status;
    const [row] = await tx
      .update(mediationCases)
      .set({ ...(eff.set ?? {}), status: to, updatedAt: now, version: sql`${mediationCases.version} + 1` })
      .where(and(eq(mediationCases.id, id), eq(mediationCases.version, c0.version)))
      .returning();
    if (!row) throw new AppError('stale_version');
    await addEvent(tx, row, ctx, action, { from: status, to, note: eff.note ?? null, data: eff.data });
    // The photos of an agreement step are its signed copy: they belong to the version just written.
    const agreementVersion = input.photos?.length && (action === 'agree' || action === 'revise_agreement') ? await latestVersion(tx, id) : null;
    for (const ph of input.photos ?? []) {
      await tx.insert(mediationAttachments).values({ id: randomUUID(), caseId: id, step: action, agreementVersion, filename: ph.filename.slice(0, 200), mime: ph.mime, size: ph.data.length, data: ph.data });
    }
    if (eff.appealNote) await followAppeal(tx, ctx, row, eff.appealNote, eff.appealStep ?? null);
    await audit(tx, ctx, { action: `mediation.${action}`, targetType: 'mediation_case', targetId: id, regionCode: row.regionCode, details: { number: row.number, status: to } });
  });
  // Transferred out of the caller's view: answer with what the system sees, the caller no longer may.
  return getCase(db, (await repo.findVisible(db, ctx.actor, id)) ? ctx.actor : SYSTEM_ACTOR, id);
}

async function latestVersion(tx: Tx, caseId: string): Promise<number | null> {
  const [a] = await tx.select({ v: mediationAgreements.version }).from(mediationAgreements).where(eq(mediationAgreements.caseId, caseId)).orderBy(desc(mediationAgreements.version)).limit(1);
  return a?.v ?? null;
}

/**
 * The judicial-confirmation window (Art. 33), run by a keyed job per case: five days before the last day
 * the body is warned; after it, an application never made is recorded as lapsed.
 */
export async function runConfirmationJob(deps: Deps, payload: Record<string, unknown>, now: Date): Promise<void> {
  const caseId = String(payload.caseId ?? '');
  const step = payload.step === 'lapse' ? 'lapse' : 'warn';
  const db = deps.database.db;
  const ctx = { actor: { ...SYSTEM_ACTOR, name: '系统' }, ip: null, userAgent: null, requestId: null, via: 'job' as const };
  await db.transaction(async (tx) => {
    const c = await repo.findVisible(tx, SYSTEM_ACTOR, caseId);
    if (!c || c.confirmation !== 'none' || !c.confirmationDueOn || !['agreed', 'performed', 'failed', 'closed'].includes(c.status)) return;
    const today = chinaDay(now);
    if (step === 'lapse') {
      if (today <= c.confirmationDueOn) return;
      await tx.update(mediationCases).set({ confirmation: 'lapsed', updatedAt: now, version: sql`${mediationCases.version} + 1` }).where(eq(mediationCases.id, c.id));
      await addEvent(tx, c, ctx, 'confirmation_lapsed', { data: { dueOn: c.confirmationDueOn } });
      return;
    }
    if (c.confirmationWarned || today > c.confirmationDueOn) return;
    await tx.update(mediationCases).set({ confirmationWarned: true }).where(eq(mediationCases.id, c.id));
    const people = [...(await activeUserIds(tx, { role: 'mediator', orgId: c.bodyId })), ...(await activeUserIds(tx, { role: 'community_staff', orgId: c.bodyId }))];
    await notifyUsers(tx, people, { kind: 'mediation.confirmation_warning', title: `司法确认申请期限将至：${c.title}`, body: `${c.number}，须在 ${c.confirmationDueOn} 前向人民法院申请司法确认` });
    await addEvent(tx, c, ctx, 'confirmation_warning', { data: { dueOn: c.confirmationDueOn } });
  });
}
