/**
 * Projects (民生微实事): proposed from a source, approved along the chain, worked, accepted by the
 * residents, closed with the final cost. Every step applies a row of funds.workflow.ts through `act()`,
 * writes its event and its audit entry in one transaction. Payments: funds.payments.ts.
 */
import { randomUUID } from 'node:crypto';
import { and, asc, count, desc, eq, notInArray, sql } from 'drizzle-orm';
import { assertAssignable, authorize, type Actor } from '../../platform/access.js';
import { visibleProjects } from '../../platform/access/funds.js';
import { audit, type RequestContext } from '../../platform/audit.js';
import { maskName, type Vault } from '../../platform/crypto.js';
import type { Database, DbOrTx, Tx } from '../../platform/db.js';
import { AppError, notFound } from '../../platform/errors.js';
import { pageOf, type PageResult } from '../../platform/schemas.js';
import { householdsIn } from '../households/households.service.js';
import * as regionsService from '../regions/regions.service.js';
import * as ledger from './funds.ledger.js';
import { findVisibleFund } from './funds.service.js';
import { resolveSource } from './funds.sources.js';
import { holdMoney } from './funds.reservations.js';
import { thresholdsFor } from './funds.thresholds.js';
import { fundFiles, fundPayments, fundProjectEvents, fundProjects } from './funds.tables.js';
import {
  approvalChain,
  availableActions,
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
  type Situation,
  type SourceKind,
} from './funds.workflow.js';

export interface Deps {
  database: Database;
  vault: Vault;
}

export type ProjectRow = typeof fundProjects.$inferSelect;

// ---------------------------------------------------------------------------------------------
// Files: receipts (image or PDF) and milestone photos, checked by their first bytes.

export interface FileInput {
  filename: string;
  mime: string;
  data: Buffer;
}
const FILE_TYPES: Record<string, (b: Buffer) => boolean> = {
  'image/jpeg': (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  'image/png': (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  'image/webp': (b) => b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP',
  'application/pdf': (b) => b.subarray(0, 5).toString('latin1') === '%PDF-',
};
const MAX_FILE_BYTES = 5 * 1024 * 1024;

export function checkFile(f: FileInput, allowPdf: boolean): void {
  const check = FILE_TYPES[f.mime];
  if (!check || (!allowPdf && f.mime === 'application/pdf')) throw new AppError('receipt_invalid', { reason: `类型 ${f.mime}`, reasonEn: `type ${f.mime}` });
  if (f.data.length > MAX_FILE_BYTES) throw new AppError('payload_too_large', { limit: '5 MiB' });
  if (f.data.length === 0 || !check(f.data)) throw new AppError('receipt_invalid', { reason: '文件内容与类型不符', reasonEn: 'the content does not match the type' });
}

export async function storeFile(tx: Tx, ctx: RequestContext, projectId: string, kind: 'receipt' | 'photo', f: FileInput): Promise<string> {
  const id = randomUUID();
  await tx.insert(fundFiles).values({ id, projectId, kind, filename: f.filename.slice(0, 200), mime: f.mime, size: f.data.length, data: f.data, createdBy: ctx.actor.id });
  return id;
}

// ---------------------------------------------------------------------------------------------
// Reading

export async function findVisibleProject(db: DbOrTx, actor: Actor, id: string): Promise<ProjectRow> {
  authorize(actor, 'funds.read');
  const [row] = await db.select().from(fundProjects).where(and(eq(fundProjects.id, id), visibleProjects(actor))).limit(1);
  if (!row) throw notFound('项目', 'Project');
  return row;
}

export async function situation(db: DbOrTx, p: ProjectRow): Promise<Situation> {
  const [paid, [{ n }], events] = await Promise.all([
    ledger.paidByProject(db, [p.id]),
    db.select({ n: count() }).from(fundPayments).where(and(eq(fundPayments.projectId, p.id), eq(fundPayments.status, 'pending'))),
    db.select({ type: fundProjectEvents.type, actorId: fundProjectEvents.actorId }).from(fundProjectEvents).where(eq(fundProjectEvents.projectId, p.id)).orderBy(asc(fundProjectEvents.id)),
  ]);
  // The approvers of the chain now running: those after the last proposal or raise.
  let start = 0;
  events.forEach((e, i) => {
    if (e.type === 'proposed' || e.type === 'raised') start = i;
  });
  const approvers = events.slice(start).filter((e) => e.type === 'approved').map((e) => e.actorId);
  return { project: p, approvers, paidFen: paid.get(p.id) ?? 0, pendingPayments: Number(n) };
}

export interface ProjectSummary {
  id: string;
  fundId: string;
  regionCode: string;
  regionName: string;
  title: string;
  category: string;
  bucket: string | null;
  sourceKind: string;
  sourceId: string | null;
  sourceLabel: string | null;
  sourceAt: string;
  households: number;
  estimateFen: number;
  requestedFen: number;
  approvedFen: number;
  paidFen: number;
  pendingLevel: string | null;
  status: string;
  contractor: string | null;
  finalCostFen: number | null;
  acceptedAt: string | null;
  /** Whole days from the whistle (the source) to the residents' acceptance. */
  daysToAcceptance: number | null;
  createdAt: string;
  version: number;
}

export const daysBetween = (a: Date, b: Date) => Math.max(0, Math.round((b.getTime() - a.getTime()) / 86_400_000));

export async function summaries(db: DbOrTx, rows: ProjectRow[]): Promise<ProjectSummary[]> {
  const [paid, names] = await Promise.all([ledger.paidByProject(db, rows.map((r) => r.id)), regionsService.namesOf(db, rows.map((r) => r.regionCode))]);
  return rows.map((r) => ({
    id: r.id,
    fundId: r.fundId,
    regionCode: r.regionCode,
    regionName: names.get(r.regionCode) ?? r.regionCode,
    title: r.title,
    category: r.category,
    bucket: r.bucket,
    sourceKind: r.sourceKind,
    sourceId: r.sourceId,
    sourceLabel: r.sourceLabel,
    sourceAt: r.sourceAt.toISOString(),
    households: r.households,
    estimateFen: r.estimateFen,
    requestedFen: r.requestedFen,
    approvedFen: r.approvedFen,
    paidFen: paid.get(r.id) ?? 0,
    pendingLevel: r.pendingLevel,
    status: r.status,
    contractor: r.contractor,
    finalCostFen: r.finalCostFen,
    acceptedAt: r.acceptedAt?.toISOString() ?? null,
    daysToAcceptance: r.acceptedAt ? daysBetween(r.sourceAt, r.acceptedAt) : null,
    createdAt: r.createdAt.toISOString(),
    version: r.version,
  }));
}

export interface ProjectQuery {
  page?: number;
  pageSize?: number;
  status?: string;
  category?: string;
  fundId?: string;
  sourceKind?: string;
  sourceId?: string;
}

export async function listProjects(db: DbOrTx, actor: Actor, q: ProjectQuery): Promise<PageResult<ProjectSummary>> {
  authorize(actor, 'funds.read');
  const { page, pageSize, offset } = pageOf(q);
  const where = and(
    visibleProjects(actor),
    q.status ? eq(fundProjects.status, q.status) : undefined,
    q.category ? eq(fundProjects.category, q.category) : undefined,
    q.fundId ? eq(fundProjects.fundId, q.fundId) : undefined,
    q.sourceKind ? eq(fundProjects.sourceKind, q.sourceKind) : undefined,
    q.sourceId ? eq(fundProjects.sourceId, q.sourceId) : undefined,
  );
  const [rows, [{ n }]] = await Promise.all([
    db.select().from(fundProjects).where(where).orderBy(desc(fundProjects.createdAt), desc(fundProjects.id)).limit(pageSize).offset(offset),
    db.select({ n: count() }).from(fundProjects).where(where),
  ]);
  return { items: await summaries(db, rows), total: Number(n), page, pageSize };
}

export async function getProject(deps: Deps, actor: Actor, id: string) {
  const db = deps.database.db;
  const p = await findVisibleProject(db, actor, id);
  const [s, [summary], events, payments, files, fund, thresholds, reservedFen] = await Promise.all([
    situation(db, p),
    summaries(db, [p]),
    db.select().from(fundProjectEvents).where(eq(fundProjectEvents.projectId, id)).orderBy(asc(fundProjectEvents.id)),
    db.select().from(fundPayments).where(eq(fundPayments.projectId, id)).orderBy(asc(fundPayments.createdAt)),
    db.select({ id: fundFiles.id, kind: fundFiles.kind, filename: fundFiles.filename, mime: fundFiles.mime, size: fundFiles.size }).from(fundFiles).where(eq(fundFiles.projectId, id)),
    findVisibleFund(db, actor, p.fundId).catch(() => null),
    thresholdsFor(db, p.regionCode),
    ledger.reservedFor(db, p.id),
  ]);
  return {
    ...summary,
    description: p.description,
    fundName: fund?.name ?? null,
    chain: approvalChain(p.regionCode, p.requestedFen, thresholds),
    reservedFen,
    actions: availableActions(s, actor),
    timeline: events.map((e) => ({
      id: e.id,
      type: e.type,
      fromStatus: e.fromStatus,
      toStatus: e.toStatus,
      level: e.level,
      amountFen: e.amountFen,
      actorName: e.actorName,
      reason: e.reason,
      data: e.data ?? {},
      at: e.createdAt.toISOString(),
    })),
    payments: payments.map((x) => ({
      id: x.id,
      amountFen: x.amountFen,
      payee: x.payee,
      note: x.note,
      receiptId: x.receiptId,
      status: x.status,
      reason: x.reason,
      entryId: x.entryId,
      createdAt: x.createdAt.toISOString(),
      decidedAt: x.decidedAt?.toISOString() ?? null,
      canDecide: x.status === 'pending' && x.requestedBy !== actor.id && refusal('approve_payment', s, actor) === null,
    })),
    files,
  };
}

export async function file(deps: Deps, actor: Actor, projectId: string, fileId: string) {
  await findVisibleProject(deps.database.db, actor, projectId);
  const [f] = await deps.database.db.select().from(fundFiles).where(and(eq(fundFiles.id, fileId), eq(fundFiles.projectId, projectId)));
  if (!f) throw notFound('文件', 'File');
  return f;
}

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
