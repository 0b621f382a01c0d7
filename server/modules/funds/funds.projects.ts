/**
 * Projects (民生微实事): proposed from a source, approved along the chain, worked, accepted by the
 * residents, closed with the final cost. Every step applies a row of funds.workflow.ts through `act()`,
 * writes its event and its audit entry in one transaction. Reading: funds.projects.read.ts; files:
 * funds.files.ts; payments: funds.payments.ts.
 */
import { randomUUID } from 'node:crypto';
import { and, eq, notInArray, sql } from 'drizzle-orm';
import { assertAssignable, authorize } from '../../platform/access.js';
import { audit, type RequestContext } from '../../platform/audit.js';
import { maskName } from '../../platform/crypto.js';
import type { Tx } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import { householdsIn } from '../households/households.service.js';
import * as ledger from './funds.ledger.js';
import { findVisibleFund } from './funds.service.js';
import { resolveSource } from './funds.sources.js';
import { holdMoney } from './funds.reservations.js';
import { thresholdsFor } from './funds.thresholds.js';
import { fundProjectEvents, fundProjects } from './funds.tables.js';
import {
  approvalChain,
  CATEGORY_NAMES,
  LEVEL_NAMES,
  nextLevel,
  PROJECT_ACTIONS,
  PROJECT_STATUS_NAMES,
  refusal,
  type Category,
  type Level,
  type ProjectAction,
  type ProjectStatus,
  type SourceKind,
} from './funds.workflow.js';
import { checkFile, storeFile, type FileInput } from './funds.files.js';
import { findVisibleProject, situation, summaries, type Deps, type ProjectRow, type ProjectSummary } from './funds.projects.read.js';

// ---------------------------------------------------------------------------------------------
// Proposing

export interface ProposeInput {
  fundId: string;
  sourceKind: SourceKind;
  sourceId?: string;
  regionCode?: string;
  title: string;
  description?: string;
  category: Category;
  bucket?: string;
  households?: number;
  estimateFen: number;
}

interface EventOpts {
  to?: string | null;
  level?: string | null;
  amountFen?: number | null;
  reason?: string | null;
  data?: Record<string, unknown>;
  sealed?: string | null;
}

export async function addEvent(tx: Tx, ctx: RequestContext, p: ProjectRow, type: string, o: EventOpts = {}) {
  await tx.insert(fundProjectEvents).values({
    projectId: p.id,
    type,
    fromStatus: p.status,
    toStatus: o.to ?? p.status,
    level: o.level ?? null,
    amountFen: o.amountFen ?? null,
    actorId: ctx.actor.id,
    actorName: ctx.actor.displayName ?? ctx.actor.name,
    reason: o.reason ?? null,
    data: o.data ?? null,
    sealed: o.sealed ?? null,
  });
}

const CLOSED: ProjectStatus[] = ['rejected', 'cancelled'];

export async function propose(deps: Deps, ctx: RequestContext, input: ProposeInput, now = new Date()): Promise<ProjectSummary> {
  authorize(ctx.actor, 'funds.write');
  const db = deps.database.db;
  const fund = await findVisibleFund(db, ctx.actor, input.fundId);
  const source = await resolveSource(db, ctx.actor, input.sourceKind, input.sourceId, now);
  const regionCode = input.regionCode ?? source?.regionCode;
  if (!regionCode) throw new AppError('required', { field: 'regionCode' });
  assertAssignable(ctx.actor, regionCode, '项目地点', 'The project’s place');
  if (!regionCode.startsWith(fund.regionCode)) throw new AppError('project_outside_fund', { code: regionCode, fund: fund.name });
  if (fund.eligibleCategories.length && !fund.eligibleCategories.includes(input.category)) {
    throw new AppError('project_category_ineligible', { category: CATEGORY_NAMES[input.category].zh, eligible: fund.eligibleCategories.map((c) => CATEGORY_NAMES[c as Category]?.zh ?? c).join('、') });
  }
  if (fund.splitRule) {
    if (!input.bucket) throw new AppError('fund_bucket_required', { buckets: fund.splitRule.buckets.map((b) => `${b.key} ${b.name}`).join('、') });
    if (!fund.splitRule.buckets.some((b) => b.key === input.bucket)) throw new AppError('fund_bucket_unknown', { bucket: input.bucket });
  } else if (input.bucket) {
    throw new AppError('fund_bucket_unknown', { bucket: input.bucket });
  }
  const chain = approvalChain(regionCode, input.estimateFen, await thresholdsFor(db, regionCode));
  // Households benefiting: given by the proposer, or counted from the household files of the place.
  const households = input.households ?? (await householdsIn(db, regionCode));
  const id = randomUUID();
  const row = await db.transaction(async (tx) => {
    if (input.sourceKind !== 'community') {
      const [taken] = await tx
        .select({ title: fundProjects.title })
        .from(fundProjects)
        .where(and(eq(fundProjects.sourceKind, input.sourceKind), eq(fundProjects.sourceId, input.sourceId!), notInArray(fundProjects.status, CLOSED)))
        .limit(1);
      if (taken) throw new AppError('project_source_taken', { title: taken.title });
    }
    const [p] = await tx
      .insert(fundProjects)
      .values({
        id,
        fundId: fund.id,
        regionCode,
        title: input.title,
        description: input.description ?? '',
        category: input.category,
        bucket: input.bucket ?? null,
        sourceKind: input.sourceKind,
        sourceId: input.sourceId ?? null,
        sourceLabel: source?.label ?? null,
        sourceAt: source?.at ?? now,
        households,
        estimateFen: input.estimateFen,
        requestedFen: input.estimateFen,
        pendingLevel: chain[0],
        status: 'proposed',
        proposedBy: ctx.actor.id,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    await addEvent(tx, ctx, { ...p, status: 'proposed' }, 'proposed', { to: 'proposed', amountFen: input.estimateFen, data: { chain, source: input.sourceKind, sourceLabel: source?.label ?? null, households, householdsCounted: input.households === undefined } });
    await audit(tx, ctx, { action: 'fund_project.propose', targetType: 'fund_project', targetId: id, regionCode, details: { fundId: fund.id, estimateFen: input.estimateFen, sourceKind: input.sourceKind, sourceId: input.sourceId ?? null } });
    return p;
  });
  return (await summaries(db, [row]))[0];
}

// ---------------------------------------------------------------------------------------------
// Steps

export interface ActInput {
  version: number;
  reason?: string;
  amountFen?: number;
  contractor?: string;
  title?: string;
  note?: string;
  photos?: FileInput[];
  signers?: { role: string; name: string }[];
  finalCostFen?: number;
}

export function refuse(action: ProjectAction, code: ReturnType<typeof refusal>, p: ProjectRow): never {
  if (code === 'forbidden') throw new AppError('forbidden');
  const status = p.status as ProjectStatus;
  const pending = p.pendingLevel as Level | null;
  throw new AppError(code!, {
    status: PROJECT_STATUS_NAMES[status].zh,
    statusEn: PROJECT_STATUS_NAMES[status].en.toLowerCase(),
    level: pending ? LEVEL_NAMES[pending].zh : '',
    levelEn: pending ? LEVEL_NAMES[pending].en : '',
  }, { action, status });
}

const need = <T>(v: T | undefined | null, field: string): T => {
  if (v === undefined || v === null || (typeof v === 'string' && v.trim() === '') || (Array.isArray(v) && v.length === 0)) throw new AppError('required', { field });
  return v;
};

export async function act(deps: Deps, ctx: RequestContext, id: string, action: Exclude<ProjectAction, 'request_payment' | 'approve_payment'>, input: ActInput, now = new Date()): Promise<ProjectSummary> {
  const db = deps.database.db;
  const p = await findVisibleProject(db, ctx.actor, id);
  if (action === 'approve' || action === 'reject') authorize(ctx.actor, 'funds.approve');
  else authorize(ctx.actor, 'funds.write');
  const s = await situation(db, p);
  const code = refusal(action, s, ctx.actor);
  if (code) refuse(action, code, p);
  const rule = PROJECT_ACTIONS[action];
  // Checked before the transaction: a bad body writes nothing.
  if (action === 'approve' || action === 'reject' || action === 'cancel') need(input.reason, 'reason');
  if (action === 'raise') {
    const amount = need(input.amountFen, 'amountFen');
    if (amount <= p.approvedFen) throw new AppError('project_raise_not_higher', { approved: ledger.yuan(p.approvedFen) });
  }
  if (action === 'start') need(input.contractor, 'contractor');
  if (action === 'milestone') need(input.title, 'title');
  if (action === 'accept') need(input.signers, 'signers');
  if (action === 'close') {
    const final = need(input.finalCostFen, 'finalCostFen');
    if (final !== s.paidFen) throw new AppError('project_final_cost_mismatch', { final: ledger.yuan(final), paid: ledger.yuan(s.paidFen) });
  }
  for (const ph of input.photos ?? []) checkFile(ph, false);

  const set: Partial<typeof fundProjects.$inferInsert> = {};
  let to: ProjectStatus | null = null;
  const ev: EventOpts = { reason: input.reason ?? input.note ?? null };
  let type: string = action;
  switch (action) {
    case 'approve': {
      const chain = approvalChain(p.regionCode, p.requestedFen, await thresholdsFor(db, p.regionCode));
      const level = p.pendingLevel as Level;
      const next = nextLevel(chain, level);
      Object.assign(ev, { level, amountFen: p.requestedFen });
      type = 'approved';
      if (next) set.pendingLevel = next;
      else {
        set.pendingLevel = null;
        set.approvedFen = p.requestedFen;
        if (p.status === 'proposed') to = 'approved';
      }
      break;
    }
    case 'reject':
      Object.assign(ev, { level: p.pendingLevel, amountFen: p.requestedFen });
      type = 'rejected';
      set.pendingLevel = null;
      set.requestedFen = p.approvedFen;
      if (p.status === 'proposed') to = 'rejected';
      break;
    case 'raise': {
      const chain = approvalChain(p.regionCode, input.amountFen!, await thresholdsFor(db, p.regionCode));
      set.requestedFen = input.amountFen!;
      set.pendingLevel = chain[0];
      type = 'raised';
      Object.assign(ev, { amountFen: input.amountFen, data: { chain } });
      break;
    }
    case 'start':
      set.contractor = input.contractor!;
      to = 'in_progress';
      ev.data = { contractor: input.contractor };
      break;
    case 'milestone':
      ev.data = { title: input.title, note: input.note ?? null };
      break;
    case 'complete':
      to = 'completed';
      break;
    case 'accept': {
      to = 'accepted';
      set.acceptedAt = now;
      // Who signed: roles are public, names sealed in the vault and shown masked.
      ev.data = { signers: input.signers!.map((x) => ({ role: x.role, name: maskName(x.name) })), note: input.note ?? null };
      ev.sealed = deps.vault.encrypt(JSON.stringify(input.signers!.map((x) => x.name)));
      break;
    }
    case 'close':
      to = 'closed';
      set.finalCostFen = input.finalCostFen!;
      ev.amountFen = input.finalCostFen!;
      break;
    case 'cancel':
      to = 'cancelled';
      set.pendingLevel = null;
      break;
  }
  if (rule.to === null) to = null;
  const row = await db.transaction(async (tx) => {
    // The fund first, then the project (every writer locks in this order): the money held for it.
    await holdMoney(tx, ctx, p, action, set);
    const [r] = await tx
      .update(fundProjects)
      .set({ ...set, ...(to ? { status: to } : {}), updatedAt: now, version: sql`${fundProjects.version} + 1` })
      .where(and(eq(fundProjects.id, p.id), eq(fundProjects.version, input.version)))
      .returning();
    if (!r) throw new AppError('stale_version');
    const photoIds: string[] = [];
    for (const ph of input.photos ?? []) photoIds.push(await storeFile(tx, ctx, p.id, 'photo', ph));
    if (photoIds.length) ev.data = { ...(ev.data ?? {}), photos: photoIds };
    await addEvent(tx, ctx, p, type, { ...ev, to: to ?? p.status });
    await audit(tx, ctx, { action: `fund_project.${action}`, targetType: 'fund_project', targetId: p.id, regionCode: p.regionCode, details: { from: p.status, to: to ?? p.status, level: ev.level ?? null, amountFen: ev.amountFen ?? null } });
    return r;
  });
  return (await summaries(db, [row]))[0];
}
