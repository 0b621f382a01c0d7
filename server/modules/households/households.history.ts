/**
 * Versioned changes to household files and people: every write records who, when, what (before and
 * after of each changed field; ID numbers and phones sealed) and why. Append-only; browsable per
 * household (its own changes and its members') and per person.
 */
import { count, desc, eq } from 'drizzle-orm';
import type { RequestContext } from '../../platform/audit.js';
import { bulkInsert } from '../../platform/bulk.js';
import type { DbOrTx } from '../../platform/db.js';
import { pageOf, type PageResult } from '../../platform/schemas.js';
import { recordChanges, type FieldChange, type HistoryValue } from './households.tables.js';

export type ChangeAction = 'create' | 'update' | 'move' | 'archive' | 'restore' | 'revert';

function same(a: HistoryValue, b: HistoryValue): boolean {
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) return a.bidx === b.bidx;
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

export function sameValue(a: HistoryValue, b: HistoryValue): boolean {
  return same(a, b);
}

export function diff(before: Record<string, HistoryValue>, after: Record<string, HistoryValue>): FieldChange[] {
  const out: FieldChange[] = [];
  for (const field of Object.keys(after)) {
    const b = before[field] ?? null;
    const a = after[field] ?? null;
    if (!same(b, a)) out.push({ field, before: b, after: a });
  }
  return out;
}

/**
 * The fields of a new record, for its 'create' entry: sealed values by their mask only (the record
 * itself holds the ciphertext, and a creation is never reverted field by field).
 */
export function creationChanges(after: Record<string, HistoryValue>): FieldChange[] {
  return Object.entries(after)
    .filter(([, v]) => v !== null)
    .map(([field, v]) => ({ field, before: null, after: v !== null && typeof v === 'object' && !Array.isArray(v) ? v.masked : v }));
}

export interface ChangeRecord {
  entityType: 'household' | 'person';
  entityId: string;
  householdId: string | null;
  gridCode: string;
  version: number;
  action: ChangeAction;
  changes: FieldChange[];
  reason?: string | null;
  revertOf?: number | null;
  importJobId?: string | null;
}

export async function recordChange(tx: DbOrTx, ctx: RequestContext, c: ChangeRecord): Promise<number> {
  const [r] = await tx
    .insert(recordChanges)
    .values({ ...c, reason: c.reason ?? null, revertOf: c.revertOf ?? null, importJobId: c.importJobId ?? null, actorId: ctx.actor.id, actorName: ctx.actor.name })
    .returning({ id: recordChanges.id });
  return r.id;
}

export async function recordChangesBatch(tx: DbOrTx, ctx: RequestContext, cs: ChangeRecord[]): Promise<void> {
  await bulkInsert(
    tx,
    recordChanges,
    cs.map((c) => ({ ...c, reason: c.reason ?? null, revertOf: c.revertOf ?? null, importJobId: c.importJobId ?? null, actorId: ctx.actor.id, actorName: ctx.actor.name })),
  );
}

type DisplayValue = string | number | boolean | string[] | null;

export interface ChangeView {
  id: number;
  entityType: string;
  entityId: string;
  householdId: string | null;
  version: number;
  action: string;
  changes: { field: string; before: DisplayValue; after: DisplayValue }[];
  reason: string | null;
  revertOf: number | null;
  importJobId: string | null;
  actorName: string;
  at: string;
}

/** Sealed values are shown by their mask. */
function display(v: HistoryValue): DisplayValue {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? v.masked : v;
}

export function changeView(r: typeof recordChanges.$inferSelect): ChangeView {
  return {
    id: r.id,
    entityType: r.entityType,
    entityId: r.entityId,
    householdId: r.householdId,
    version: r.version,
    action: r.action,
    changes: r.changes.map((c) => ({ field: c.field, before: display(c.before), after: display(c.after) })),
    reason: r.reason,
    revertOf: r.revertOf,
    importJobId: r.importJobId,
    actorName: r.actorName,
    at: r.at.toISOString(),
  };
}

/**
 * A household's history (its own changes and its members' changes made while they belonged to it),
 * or one person's.
 */
export async function listHistory(
  db: DbOrTx,
  target: { householdId: string } | { entityId: string },
  q: { page?: number; pageSize?: number },
): Promise<PageResult<ChangeView>> {
  const { page, pageSize, offset } = pageOf(q);
  const where = 'householdId' in target ? eq(recordChanges.householdId, target.householdId) : eq(recordChanges.entityId, target.entityId);
  const [rows, [{ n }]] = await Promise.all([
    db.select().from(recordChanges).where(where).orderBy(desc(recordChanges.id)).limit(pageSize).offset(offset),
    db.select({ n: count() }).from(recordChanges).where(where),
  ]);
  return { items: rows.map(changeView), total: Number(n), page, pageSize };
}
