import { auditLog } from './audit.tables.js';
import type { Actor } from './access.js';
import type { SQL } from 'drizzle-orm';
import { AppError } from './errors.js';
import { prefixParameters, type DbOrTx } from './db.js';

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
  /** Never personal data: names of changed fields, ids, counts (and a reveal's reason, as its user wrote it). */
  details?: Record<string, unknown>;
}

/**
 * The reason given for revealing personal data, trimmed: a reveal without one (missing or blank) is
 * refused with 400 `reveal_reason_required` before anything is read or recorded.
 */
export function revealReason(reason: string | undefined | null): string {
  const r = (reason ?? '').trim();
  if (!r || r.length > 200) throw new AppError('reveal_reason_required');
  return r;
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
function auditInsert(db: DbOrTx, ctx: RequestContext, entry: Omit<AuditEntry, 'details'> & { details?: Record<string, unknown> | SQL }) {
  return db.insert(auditLog).values(auditRow(ctx, entry));
}

/** The audit entry's row (for `auditInsert`, and for hot paths that write it in raw SQL: `auditInsertSql`). */
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

/** `auditRow`'s keys and their columns. */
const AUDIT_COLUMNS = {
  actorKind: 'actor_kind',
  actorId: 'actor_id',
  actorName: 'actor_name',
  action: 'action',
  targetType: 'target_type',
  targetId: 'target_id',
  regionCode: 'region_code',
  ip: 'ip',
  userAgent: 'user_agent',
  requestId: 'request_id',
  details: 'details',
} as const;

/**
 * `auditRow`'s INSERT as raw SQL for a `statement`, its keys as `:name` parameters (`:prefixName` with
 * a prefix). `details` may be an SQL expression over the statement instead of the `details` value;
 * with `when`, the entry is written only when that condition holds.
 */
export function auditInsertSql(o: { prefix?: string; details?: string; when?: string } = {}): string {
  const value = (key: keyof typeof AUDIT_COLUMNS) => {
    if (key === 'details') return o.details ?? (o.prefix ? prefixParameters(':details::jsonb', o.prefix) : ':details::jsonb');
    return o.prefix ? prefixParameters(`:${key}`, o.prefix) : `:${key}`;
  };
  const keys = Object.keys(AUDIT_COLUMNS) as (keyof typeof AUDIT_COLUMNS)[];
  return `insert into audit_log (${keys.map((k) => AUDIT_COLUMNS[k]).join(', ')})
  select ${keys.map(value).join(', ')}${o.when ? ` where ${o.when}` : ''}`;
}

/** `auditRow`'s keys, all null: the values for `auditInsertSql` when no entry is written. */
export const NO_AUDIT_ROW: Record<keyof typeof AUDIT_COLUMNS, null> = Object.fromEntries(Object.keys(AUDIT_COLUMNS).map((k) => [k, null])) as Record<keyof typeof AUDIT_COLUMNS, null>;

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
