import { and, count, desc, eq, gte, ilike, lte, sql, type SQL } from 'drizzle-orm';
import { authorize, inRegion, scopeCondition, assertInScope, type Actor } from '../../platform/access.js';
import { likePattern, type DbOrTx } from '../../platform/db.js';
import { pageOf, type PageResult } from '../../platform/schemas.js';
import { auditLog } from '../../platform/audit.tables.js';
import { namesOf as regionNamesOf } from '../regions/regions.service.js';
import { targetNames } from './audit.names.js';

export interface AuditFilter {
  action?: string;
  actor?: string;
  targetType?: string;
  targetId?: string;
  regionCode?: string;
  from?: string;
  to?: string;
  page?: number;
  pageSize?: number;
}

export interface AuditView {
  id: number;
  at: string;
  actorKind: string;
  actorId: string | null;
  actorName: string;
  /** The person's name for an account (the login name is actorName); null for keys, the system, a deleted account. */
  actorDisplayName: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  /** What the object is called (appeal number, household address, account name…); null when it is gone or has no name. */
  targetName: string | null;
  regionCode: string;
  /** The division's or grid's name ('' for the whole installation or an unknown code). */
  regionName: string;
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
  details: Record<string, unknown> | null;
}

function where(actor: Actor, f: AuditFilter): SQL | undefined {
  const conds: (SQL | undefined)[] = [scopeCondition(actor, auditLog.regionCode)];
  if (f.regionCode) {
    assertInScope(actor, f.regionCode, '区域', 'Region');
    conds.push(inRegion(auditLog.regionCode, f.regionCode));
  }
  if (f.action) conds.push(f.action.endsWith('.') ? sql`${auditLog.action} like ${f.action + '%'}` : eq(auditLog.action, f.action));
  if (f.actor) conds.push(ilike(auditLog.actorName, likePattern(f.actor)));
  if (f.targetType) conds.push(eq(auditLog.targetType, f.targetType));
  if (f.targetId) conds.push(eq(auditLog.targetId, f.targetId));
  if (f.from) conds.push(gte(auditLog.at, new Date(f.from)));
  if (f.to) conds.push(lte(auditLog.at, new Date(f.to)));
  return and(...conds);
}

/** Read-only by design: the product offers no way to change or delete an entry. */
export async function listAudit(db: DbOrTx, actor: Actor, f: AuditFilter): Promise<PageResult<AuditView>> {
  authorize(actor, 'audit.read');
  const { page, pageSize, offset } = pageOf(f);
  const w = where(actor, f);
  const [rows, [{ n }]] = await Promise.all([
    db.select().from(auditLog).where(w).orderBy(desc(auditLog.at), desc(auditLog.id)).limit(pageSize).offset(offset),
    db.select({ n: count() }).from(auditLog).where(w),
  ]);
  // Names for the page's objects and places: one query per object type present, one for the places.
  const accounts = rows.filter((r) => r.actorKind === 'user' && r.actorId).map((r) => ({ targetType: 'user', targetId: r.actorId }));
  const [targets, people, regions] = await Promise.all([
    targetNames(db, actor, rows),
    targetNames(db, actor, accounts),
    regionNamesOf(db, rows.map((r) => r.regionCode).filter((c) => /^\d{2,15}$/.test(c))),
  ]);
  return {
    items: rows.map((r) => ({
      ...r,
      at: r.at.toISOString(),
      details: r.details ?? null,
      targetName: (r.targetType && r.targetId && targets.get(`${r.targetType}:${r.targetId}`)) || null,
      actorDisplayName: (r.actorKind === 'user' && r.actorId && people.get(`user:${r.actorId}`)) || null,
      regionName: regions.get(r.regionCode) ?? '',
    })),
    total: Number(n),
    page,
    pageSize,
  };
}

export async function listActions(db: DbOrTx, actor: Actor): Promise<string[]> {
  authorize(actor, 'audit.read');
  const rows = await db
    .selectDistinct({ action: auditLog.action })
    .from(auditLog)
    .where(scopeCondition(actor, auditLog.regionCode))
    .orderBy(auditLog.action);
  return rows.map((r) => r.action);
}
