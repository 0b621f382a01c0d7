/**
 * 人民调解: the use cases. A case is made by its body (or the township's 司法所, or the court's room that
 * refers it), in one transaction with its parties, its first event and its audit entry. Steps go through
 * `act()` (mediation.act.ts), which applies a row of mediation.workflow.ts.
 */
import { randomUUID } from 'node:crypto';
import { and, count, eq, inArray, sql } from 'drizzle-orm';
import { assertAssignable, authorize, can, SYSTEM_ACTOR, type Actor } from '../../platform/access.js';
import { partiesOf } from '../../platform/access/mediation.js';
import { audit, type RequestContext } from '../../platform/audit.js';
import { chinaDay } from '../../platform/china-time.js';
import { maskName, maskPhone, normalisePhone, type Vault } from '../../platform/crypto.js';
import type { Database, DbOrTx, Tx } from '../../platform/db.js';
import { AppError, notFound } from '../../platform/errors.js';
import { pageOf } from '../../platform/schemas.js';
import * as appealsService from '../appeals/appeals.service.js';
import { workCalendar } from '../calendar/calendar.service.js';
import { dueAt } from '../calendar/calendar.time.js';
import * as households from '../households/households.service.js';
import { appendHouseholdEvent } from '../households/households.timeline.js';
import * as orgsService from '../orgs/orgs.service.js';
import * as visitsService from '../visits/visits.service.js';
import * as repo from './mediation.repo.js';
import { scheduleReferral } from './mediation.referral.js';
import { BODY_KINDS } from './mediation.schemas.js';
import { mediationCases, mediationEvents, mediationParties, mediators } from './mediation.tables.js';
import { availableActions, type Confirmation, type Situation, type Status } from './mediation.workflow.js';

export interface Deps {
  database: Database;
  vault: Vault;
}

/** A body answers for accepting a case within this many working days. */
export const ACCEPT_LIMIT = { amount: 3, unit: 'working_days' } as const;
/** A case accepted is concluded (agreement or not) within 30 days, as practice asks. */
export const CONCLUDE_LIMIT = { amount: 30, unit: 'days' } as const;

const BODY_KIND_SET = new Set<string>(BODY_KINDS);
const RISK_ORDER = ['none', 'low', 'medium', 'high'];
const ESCALATION = new Set(['to_violence', 'to_petition']);
export const OPEN: Status[] = ['applied', 'accepted', 'investigating', 'in_session', 'agreed'];

/** The organisation of the caller, for the supervisor rule. */
export async function actorOrg(db: DbOrTx, actor: Actor): Promise<{ kind: string; regionCode: string } | null> {
  if (!actor.orgId) return null;
  const o = await orgsService.findVisible(db, SYSTEM_ACTOR, actor.orgId);
  return o ? { kind: o.kind, regionCode: o.regionCode } : null;
}

export async function situationOf(db: DbOrTx, actor: Actor, c: repo.CaseRow, now = new Date()): Promise<Situation> {
  return {
    status: c.status as Status,
    confirmation: c.confirmation as Confirmation,
    confirmationDueOn: c.confirmationDueOn,
    today: chinaDay(now),
    parties: partiesOf(actor, c, await actorOrg(db, actor)),
  };
}

export async function summaries(db: DbOrTx, rows: repo.CaseRow[], now = new Date()) {
  const bodyNames = await orgsService.namesOf(db, rows.map((r) => r.bodyId));
  const mids = [...new Set(rows.map((r) => r.mediatorId).filter((x): x is string => !!x))];
  const mnames = new Map(mids.length ? (await db.select({ id: mediators.id, name: mediators.name }).from(mediators).where(inArray(mediators.id, mids))).map((m) => [m.id, m.name]) : []);
  return rows.map((r) => ({
    id: r.id,
    number: r.number,
    bodyId: r.bodyId,
    bodyName: bodyNames.get(r.bodyId) ?? '',
    regionCode: r.regionCode,
    status: r.status as Status,
    source: r.source,
    kind: r.kind,
    title: r.title,
    amountFen: r.amountFen,
    risk: r.risk,
    mediatorName: r.mediatorId ? mnames.get(r.mediatorId) ?? null : null,
    stepDueAt: r.stepDueAt?.toISOString() ?? null,
    overdue: !!r.stepDueAt && r.stepDueAt < now && r.status !== 'closed',
    confirmation: r.confirmation as Confirmation,
    referralOverdueAt: r.referralOverdueAt?.toISOString() ?? null,
    confirmationDueOn: r.confirmationDueOn,
    nextSessionOn: r.nextSessionOn,
    nextSessionPlace: r.nextSessionPlace,
    createdAt: r.createdAt.toISOString(),
    version: r.version,
  }));
}

export async function listCases(db: DbOrTx, actor: Actor, q: repo.CaseFilter & { page?: number; pageSize?: number }) {
  authorize(actor, 'mediation.read');
  const { page, pageSize, offset } = pageOf(q);
  const { rows, total } = await repo.listVisible(db, actor, q, { limit: pageSize, offset });
  return { items: await summaries(db, rows), total, page, pageSize };
}

export async function getCase(db: DbOrTx, actor: Actor, id: string) {
  authorize(actor, 'mediation.read');
  const c = await repo.findVisible(db, actor, id);
  if (!c) throw notFound('调解案件', 'Mediation case');
  const [summary] = await summaries(db, [c]);
  const d = await repo.detailsOf(db, id);
  const referring = c.referringOrgId ? (await orgsService.namesOf(db, [c.referringOrgId])).get(c.referringOrgId) ?? null : null;
  return {
    ...summary,
    sourceRef: c.sourceRef,
    referringOrgId: c.referringOrgId,
    referringOrgName: referring,
    summary: c.summary,
    riskKinds: c.riskKinds,
    mediatorId: c.mediatorId,
    declineReason: c.declineReason,
    referredTo: c.referredTo,
    referredName: c.referredName,
    acceptedAt: c.acceptedAt?.toISOString() ?? null,
    concludedAt: c.concludedAt?.toISOString() ?? null,
    closedAt: c.closedAt?.toISOString() ?? null,
    parties: d.parties.map((p) => ({
      id: p.id,
      side: p.side,
      kind: p.kind,
      personId: p.personId,
      name: p.kind === 'enterprise' ? p.enterpriseName ?? '' : p.nameMasked,
      phone: p.phoneMasked,
      creditCode: p.creditCode,
      enterpriseId: p.enterpriseId,
      representative: p.representativeMasked,
    })),
    sessions: d.sessions.map((s) => ({ id: s.id, heldOn: s.heldOn, place: s.place, attendees: s.attendees, ...s.notes })),
    agreements: d.agreements.map((a) => ({ id: a.id, version: a.version, facts: a.facts, responsibilities: a.responsibilities, manner: a.manner, deadline: a.deadline, effectiveOn: a.effectiveOn, createdAt: a.createdAt.toISOString() })),
    checks: d.checks.map((k) => ({ id: k.id, checkedOn: k.checkedOn, result: k.result, note: k.note })),
    events: d.events.map((e) => ({ id: e.id, type: e.type, fromStatus: e.fromStatus, toStatus: e.toStatus, actorName: e.actorName, note: e.note, at: e.at.toISOString() })),
    attachments: d.attachments.map((a) => ({ ...a, createdAt: a.createdAt.toISOString() })),
    actions: availableActions(await situationOf(db, actor, c)),
  };
}

/** One attachment of a case the caller sees (404 otherwise). */
export async function attachment(db: DbOrTx, actor: Actor, caseId: string, id: string) {
  authorize(actor, 'mediation.read');
  const c = await repo.findVisible(db, actor, caseId);
  const a = c ? await repo.attachment(db, caseId, id) : undefined;
  if (!a) throw notFound('附件', 'Attachment');
  return a;
}

/** A mediation body by id: it must exist and be of a body kind (400), and lie in the caller's area (403). */
export async function bodyFor(db: DbOrTx, actor: Actor, bodyId: string, within?: string) {
  const body = await orgsService.findVisible(db, SYSTEM_ACTOR, bodyId);
  if (!body || !body.active) throw notFound('调解组织', 'Mediation body');
  if (!BODY_KIND_SET.has(body.kind)) throw new AppError('mediation_not_a_body', { what: body.name, whatEn: body.name });
  // A transfer may go to any body of the case's township (or county, for a county-level body).
  if (!(within && body.regionCode.startsWith(within))) assertAssignable(actor, body.regionCode, '调解组织', 'The mediation body');
  return body;
}

export async function addEvent(tx: DbOrTx, c: { id: string }, ctx: RequestContext, type: string, o: { from?: string | null; to?: string | null; note?: string | null; data?: Record<string, unknown> } = {}) {
  await tx.insert(mediationEvents).values({
    caseId: c.id,
    type,
    fromStatus: o.from ?? null,
    toStatus: o.to ?? null,
    actorName: ctx.actor.displayName ?? ctx.actor.name,
    note: o.note ?? null,
    data: o.data ?? null,
  });
}

export interface PartyInput {
  side: 'applicant' | 'respondent';
  kind: 'person' | 'outsider' | 'enterprise';
  personId?: string;
  name?: string;
  phone?: string;
  enterpriseName?: string;
  creditCode?: string;
  representative?: string;
}

export interface CaseInput {
  bodyId: string;
  source: 'appeal' | 'visit' | 'application' | 'court' | 'federation';
  sourceRef?: string;
  kind: string;
  title: string;
  summary: string;
  amountFen?: number;
  risk?: 'low' | 'medium' | 'high';
  riskKinds?: string[];
  mediatorId?: string;
  parties: PartyInput[];
}

/** The parties' rows, personal data sealed; every problem a 400 before anything is written. */
async function partyRows(deps: Deps, within: string, caseId: string, parties: PartyInput[]) {
  if (!parties.some((p) => p.side === 'applicant') || !parties.some((p) => p.side === 'respondent')) throw new AppError('mediation_party_side_missing');
  const v = deps.vault;
  const rows: (typeof mediationParties.$inferInsert)[] = [];
  const homes: { householdId: string; gridCode: string }[] = [];
  for (const [i, p] of parties.entries()) {
    const base = { id: randomUUID(), caseId, side: p.side, kind: p.kind };
    const rep = p.representative ? { representativeEnc: v.encrypt(p.representative), representativeMasked: maskName(p.representative) } : {};
    if (p.kind === 'person') {
      if (!p.personId) throw new AppError('required', { field: `parties[${i}].personId` });
      // A person of the household files in the body's region (the caller's relation to the body was checked).
      const person = await households.partyPerson(deps.database.db, within, p.personId);
      if (!person) throw notFound(`第 ${i + 1} 个当事人（一户一档人员）`, `Party ${i + 1} (a person of the household files)`);
      rows.push({ ...base, personId: p.personId, nameEnc: v.encrypt(person.name), nameMasked: maskName(person.name), phoneMasked: person.phoneMasked ?? null, ...rep });
      if (person.householdId) homes.push({ householdId: person.householdId, gridCode: person.gridCode });
    } else if (p.kind === 'outsider') {
      const phone = p.phone ? normalisePhone(p.phone) : null;
      if (!p.name || !phone) throw new AppError('mediation_party_contact_required', { index: i + 1 });
      rows.push({ ...base, nameEnc: v.encrypt(p.name), nameMasked: maskName(p.name), phoneEnc: v.encrypt(phone), phoneBidx: v.blindIndex('phone', phone), phoneMasked: maskPhone(phone), ...rep });
    } else {
      if (!p.enterpriseName) throw new AppError('required', { field: `parties[${i}].enterpriseName` });
      // The enterprise register links here later (enterpriseId); the credit code is kept as text.
      rows.push({ ...base, nameMasked: p.enterpriseName.slice(0, 64), enterpriseName: p.enterpriseName, creditCode: p.creditCode ?? null, ...rep });
    }
  }
  return { rows, homes };
}

export async function createCase(deps: Deps, ctx: RequestContext, input: CaseInput) {
  authorize(ctx.actor, 'mediation.write');
  const db = deps.database.db;
  const body = await bodyFor(db, ctx.actor, input.bodyId);
  const org = await actorOrg(db, ctx.actor);
  const parties = partiesOf(ctx.actor, { bodyId: body.id, referringOrgId: null, regionCode: body.regionCode }, org);
  // A court's room or a business federation refers a case to a body; it then sees the case.
  const referring = (input.source === 'court' || input.source === 'federation') && ctx.actor.orgId && !parties.has('body') ? ctx.actor.orgId : null;
  if (!parties.has('body') && !parties.has('supervisor') && !referring) throw new AppError('forbidden');
  if ((input.source === 'appeal' || input.source === 'visit') && !input.sourceRef) {
    const what = input.source === 'appeal' ? { source: '诉求', sourceEn: 'an appeal', what: '来源诉求', whatEn: 'the appeal' } : { source: '走访', sourceEn: 'a visit', what: '走访记录', whatEn: 'the visit' };
    throw new AppError('mediation_source_missing', what);
  }
  const appeal = input.source === 'appeal' ? await appealsService.findVisible(db, can(ctx.actor, 'appeals.read') ? ctx.actor : SYSTEM_ACTOR, input.sourceRef!) : undefined;
  if (input.source === 'appeal' && (!appeal || !appeal.regionCode.startsWith(body.regionCode.slice(0, 6)))) throw notFound('来源诉求', 'The appeal');
  if (input.source === 'visit') {
    // The visit must exist, be one the caller may read (a mediator has no visit rights of their own),
    // and lie in the body's area; otherwise it is not found, as if absent.
    const visit = await visitsService.findVisit(db, can(ctx.actor, 'visits.read') ? ctx.actor : SYSTEM_ACTOR, input.sourceRef!).catch((e: unknown) => {
      if (e instanceof AppError) return undefined;
      throw e;
    });
    if (!visit || !visit.gridCode.startsWith(body.regionCode)) throw notFound('走访记录', 'The visit');
  }
  if (input.mediatorId) await mediatorOf(db, input.mediatorId, body.id);
  const id = randomUUID();
  const { rows, homes } = await partyRows(deps, body.regionCode, id, input.parties);
  const cal = await workCalendar(db);
  const now = new Date();
  return db.transaction(async (tx) => {
    const year = chinaDay(now).slice(0, 4);
    const [{ n }] = await tx.select({ n: count() }).from(mediationCases).where(sql`${mediationCases.number} like ${`TJ${year}%`}`);
    const number = `TJ${year}${String(Number(n) + 1).padStart(5, '0')}`;
    const [c] = await tx
      .insert(mediationCases)
      .values({
        id,
        number,
        bodyId: body.id,
        regionCode: body.regionCode,
        status: 'applied',
        source: input.source,
        sourceRef: input.sourceRef ?? null,
        referringOrgId: referring,
        kind: input.kind,
        title: input.title,
        summary: input.summary,
        amountFen: input.amountFen ?? 0,
        risk: input.risk ?? 'low',
        riskKinds: input.riskKinds ?? [],
        mediatorId: input.mediatorId ?? null,
        stepDueAt: dueAt(cal, now, ACCEPT_LIMIT),
        createdBy: ctx.actor.id,
      })
      .returning();
    await tx.insert(mediationParties).values(rows);
    await addEvent(tx, c, ctx, 'apply', { to: 'applied', data: { source: input.source } });
    if (referring && input.source === 'court') await scheduleReferral(tx, id, now, c.stepDueAt!);
    if (appeal) await followAppeal(tx, ctx, c, `转人民调解：${body.name}受理申请，案件 ${number}`);
    if (input.source === 'visit') await visitsService.noteMediationCase(tx, input.sourceRef!, { id, number });
    // The household file says only that there is a case: its content stays with those who may see it.
    const seen = new Set<string>();
    for (const h of homes) {
      if (seen.has(h.householdId)) continue;
      seen.add(h.householdId);
      await appendHouseholdEvent(tx, { householdId: h.householdId, gridCode: h.gridCode, source: 'mediation', kind: 'mediation.case', summary: '涉及一件人民调解案件', refType: 'mediation_case', refId: id, actor: ctx.actor });
      // A risk of escalation (to violence, to petitions) marks the household's risk level: at least
      // medium, the case's own level if higher; raised, never lowered here.
      if (!(input.riskKinds ?? []).some((k) => ESCALATION.has(k))) continue;
      const risk = RISK_ORDER[Math.max(RISK_ORDER.indexOf('medium'), RISK_ORDER.indexOf(input.risk ?? 'low'))];
      const file = await households.findHousehold(tx, SYSTEM_ACTOR, h.householdId);
      if (RISK_ORDER.indexOf(risk) > RISK_ORDER.indexOf(file.riskLevel)) {
        await households.applyFilePatch(tx, ctx, h.householdId, { riskLevel: risk }, file.version, '人民调解案件：矛盾纠纷激化风险');
      }
    }
    await audit(tx, ctx, { action: 'mediation.create', targetType: 'mediation_case', targetId: id, regionCode: c.regionCode, details: { number, source: input.source, parties: rows.length } });
    return c;
  });
}

/**
 * The appeal a case came from follows the case: each outcome goes onto the appeal's timeline and, when
 * the outcome moves it (accepted, settled, ended without a result), the appeal moves by its own
 * workflow's row (MEDIATION_STEPS in appeals.workflow.ts), in the case's transaction.
 */
export async function followAppeal(tx: Tx, ctx: RequestContext, c: { source: string; sourceRef: string | null }, note: string, step: appealsService.MediationStep | null = null) {
  if (c.source !== 'appeal' || !c.sourceRef) return;
  await appealsService.followMediation(tx, ctx, c.sourceRef, step, note);
}

async function mediatorOf(db: DbOrTx, id: string, bodyId: string) {
  const [m] = await db.select().from(mediators).where(and(eq(mediators.id, id), eq(mediators.bodyId, bodyId)));
  if (!m) throw notFound('该调解组织的调解员', 'A mediator of this body');
  return m;
}
