/**
 * Reading projects: the visibility rule, the situation the workflow decides on, summaries for lists, and a
 * project's whole page (timeline, payments, files, the approval chain and what the caller may do next).
 */
import { and, asc, count, desc, eq } from 'drizzle-orm';
import { authorize, type Actor } from '../../platform/access.js';
import { visibleProjects } from '../../platform/access/funds.js';
import type { Vault } from '../../platform/crypto.js';
import type { Database, DbOrTx } from '../../platform/db.js';
import { notFound } from '../../platform/errors.js';
import { pageOf, type PageResult } from '../../platform/schemas.js';
import * as regionsService from '../regions/regions.service.js';
import * as ledger from './funds.ledger.js';
import { findVisibleFund } from './funds.service.js';
import { thresholdsFor } from './funds.thresholds.js';
import { fundFiles, fundPayments, fundProjectEvents, fundProjects } from './funds.tables.js';
import { approvalChain, availableActions, refusal, type Situation } from './funds.workflow.js';

export interface Deps {
  database: Database;
  vault: Vault;
}

export type ProjectRow = typeof fundProjects.$inferSelect;


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

