import { and, asc, count, desc, eq, ilike, sql, type SQL } from 'drizzle-orm';
import type { Actor } from '../../platform/access.js';
import { visibleMediationCases } from '../../platform/access/mediation.js';
import { likePattern, type DbOrTx } from '../../platform/db.js';
import { mediationAgreements, mediationAttachments, mediationCases, mediationChecks, mediationEvents, mediationParties, mediationSessions } from './mediation.tables.js';

export type CaseRow = typeof mediationCases.$inferSelect;

/** Every query here is scoped by the access rule: a case outside it is never read. */
export async function findVisible(db: DbOrTx, actor: Actor, id: string): Promise<CaseRow | undefined> {
  const [row] = await db
    .select()
    .from(mediationCases)
    .where(and(eq(mediationCases.id, id), visibleMediationCases(actor)))
    .limit(1);
  return row;
}

export interface CaseFilter {
  status?: string;
  bodyId?: string;
  kind?: string;
  q?: string;
  /** The cases a firm is a party to, by its credit code (the enterprise register's firm page). */
  partyCreditCode?: string;
}

export async function listVisible(db: DbOrTx, actor: Actor, f: CaseFilter, page: { limit: number; offset: number }, extra?: SQL): Promise<{ rows: CaseRow[]; total: number }> {
  const c = mediationCases;
  const where = and(
    visibleMediationCases(actor),
    f.status ? eq(c.status, f.status) : undefined,
    f.bodyId ? eq(c.bodyId, f.bodyId) : undefined,
    f.kind ? eq(c.kind, f.kind) : undefined,
    f.q ? ilike(c.title, likePattern(f.q)) : undefined,
    f.partyCreditCode ? sql`exists (select 1 from ${mediationParties} p where p.case_id = ${c.id} and p.credit_code = ${f.partyCreditCode})` : undefined,
    extra,
  );
  const [rows, [{ n }]] = await Promise.all([
    db.select().from(c).where(where).orderBy(desc(c.createdAt), desc(c.id)).limit(page.limit).offset(page.offset),
    db.select({ n: count() }).from(c).where(where),
  ]);
  return { rows, total: Number(n) };
}

export async function detailsOf(db: DbOrTx, caseId: string) {
  const [parties, sessions, agreements, checks, events, attachments] = await Promise.all([
    db.select().from(mediationParties).where(eq(mediationParties.caseId, caseId)).orderBy(asc(mediationParties.side), asc(mediationParties.id)),
    db.select().from(mediationSessions).where(eq(mediationSessions.caseId, caseId)).orderBy(asc(mediationSessions.heldOn), asc(mediationSessions.createdAt)),
    db.select().from(mediationAgreements).where(eq(mediationAgreements.caseId, caseId)).orderBy(desc(mediationAgreements.version)),
    db.select().from(mediationChecks).where(eq(mediationChecks.caseId, caseId)).orderBy(asc(mediationChecks.checkedOn), asc(mediationChecks.createdAt)),
    db.select().from(mediationEvents).where(eq(mediationEvents.caseId, caseId)).orderBy(asc(mediationEvents.id)),
    db
      .select({ id: mediationAttachments.id, step: mediationAttachments.step, agreementVersion: mediationAttachments.agreementVersion, filename: mediationAttachments.filename, mime: mediationAttachments.mime, size: mediationAttachments.size, createdAt: mediationAttachments.createdAt })
      .from(mediationAttachments)
      .where(eq(mediationAttachments.caseId, caseId))
      .orderBy(asc(mediationAttachments.createdAt), asc(mediationAttachments.id)),
  ]);
  return { parties, sessions, agreements, checks, events, attachments };
}

export async function partyIds(db: DbOrTx, caseId: string): Promise<Set<string>> {
  return new Set((await db.select({ id: mediationParties.id }).from(mediationParties).where(eq(mediationParties.caseId, caseId))).map((r) => r.id));
}

export async function attachment(db: DbOrTx, caseId: string, id: string) {
  const [row] = await db.select().from(mediationAttachments).where(and(eq(mediationAttachments.caseId, caseId), eq(mediationAttachments.id, id)));
  return row;
}
