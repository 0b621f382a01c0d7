import { auditLog } from '../modules/audit/audit.tables.js';
import type { Actor } from './access.js';
import type { SQL } from 'drizzle-orm';
import type { DbOrTx } from './db.js';

/** Who is acting and from where: passed from the route to the service, recorded with every change. */
export interface RequestContext {
  actor: Actor;
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
  /** 'cli' when the command line acts; shown in the audit log. */
  via?: 'http' | 'cli' | 'job';
}

export function systemContext(via: 'cli' | 'job', actor: Actor): RequestContext {
  return { actor, ip: null, userAgent: null, requestId: null, via };
}

export interface AuditEntry {
  action: string;
  targetType?: string;
  targetId?: string | null;
  /** Region the record belongs to; admins see entries within their scope. Defaults to the actor's. */
  regionCode?: string | null;
  /** Never personal data: names of changed fields, ids, counts. */
  details?: Record<string, unknown>;
}

/** Writes one audit entry in the caller's transaction, so the change and its record land together. */
export async function audit(db: DbOrTx, ctx: RequestContext, entry: AuditEntry): Promise<void> {
  await auditInsert(db, ctx, entry);
}

/**
 * The INSERT of one audit entry, not yet run: a service embeds it in the statement that makes the
 * change (a data-modifying WITH), so both land together in one round trip. `details` may be an SQL
 * expression over that statement's other parts (a number the database assigns).
 */
export function auditInsert(db: DbOrTx, ctx: RequestContext, entry: Omit<AuditEntry, 'details'> & { details?: Record<string, unknown> | SQL }) {
  return db.insert(auditLog).values(auditRow(ctx, entry));
}

/** The audit entry's row (for `auditInsert`, and for hot paths that write it in raw SQL: `AUDIT_INSERT`). */
export function auditRow<D>(ctx: RequestContext, entry: Omit<AuditEntry, 'details'> & { details?: D }) {
  return {
    actorKind: ctx.via === 'cli' ? 'cli' : ctx.actor.kind,
    actorId: ctx.actor.id,
    actorName: ctx.actor.name,
    action: entry.action,
    targetType: entry.targetType ?? null,
    targetId: entry.targetId ?? null,
    regionCode: entry.regionCode ?? ctx.actor.regionCode,
    ip: ctx.ip,
    userAgent: ctx.userAgent?.slice(0, 300) ?? null,
    requestId: ctx.requestId,
    details: entry.details ?? null,
  };
}

/** `auditRow`'s columns as raw SQL, with its keys as `:name` parameters (see `statement`). */
export const AUDIT_INSERT = `insert into audit_log (actor_kind, actor_id, actor_name, action, target_type, target_id, region_code, ip, user_agent, request_id, details)
  values (:actorKind, :actorId, :actorName, :action, :targetType, :targetId, :regionCode, :ip, :userAgent, :requestId, :details::jsonb)`;

/** For events with no signed-in actor (a failed login). */
export async function auditAnonymous(
  db: DbOrTx,
  meta: { ip: string | null; userAgent: string | null; requestId: string | null },
  entry: AuditEntry & { actorName: string },
): Promise<void> {
  await db.insert(auditLog).values({
    actorKind: 'anonymous',
    actorId: null,
    actorName: entry.actorName,
    action: entry.action,
    targetType: entry.targetType ?? null,
    targetId: entry.targetId ?? null,
    regionCode: entry.regionCode ?? '',
    ip: meta.ip,
    userAgent: meta.userAgent?.slice(0, 300) ?? null,
    requestId: meta.requestId,
    details: entry.details ?? null,
  });
}
