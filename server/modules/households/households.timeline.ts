/**
 * The household's timeline: an append-only list of what happened to the household — changes to the
 * file now; visits, appeals and their outcomes, and help received as those modules arrive. Other
 * modules write through `appendHouseholdEvent`, in their own transaction, never into the table.
 */
import { and, count, desc, eq } from 'drizzle-orm';
import type { Actor } from '../../platform/access.js';
import { bulkInsert } from '../../platform/bulk.js';
import type { DbOrTx } from '../../platform/db.js';
import { pageOf, type PageResult } from '../../platform/schemas.js';
import { householdEvents } from './households.tables.js';

type EventSource = 'households' | 'visits' | 'appeals' | 'assistance' | 'mediation';

export interface HouseholdEventInput {
  householdId: string;
  gridCode: string;
  source: EventSource;
  /** e.g. file.created, file.changed, member.joined, member.left, visit.done, appeal.closed */
  kind: string;
  /** One line for the page, in Chinese; no ID numbers or phones. */
  summary: string;
  refType?: string;
  refId?: string;
  /** Non-personal details: ids, codes, field names, outcomes. */
  data?: Record<string, unknown>;
  actor?: Pick<Actor, 'id' | 'name'> | null;
  at?: Date;
}

export async function appendHouseholdEvent(tx: DbOrTx, e: HouseholdEventInput): Promise<void> {
  await appendHouseholdEvents(tx, [e]);
}

export async function appendHouseholdEvents(tx: DbOrTx, es: HouseholdEventInput[]): Promise<void> {
  await bulkInsert(tx, householdEvents, es.map(eventRow));
}

/** `eventRow`'s columns as raw SQL, with its keys as `:name` parameters (see `statement` in platform/db). */
export const HOUSEHOLD_EVENT_INSERT = `insert into household_events (household_id, grid_code, source, kind, summary, ref_type, ref_id, data, actor_id, actor_name, at)
  values (:householdId::uuid, :gridCode, :source, :kind, :summary, :refType, :refId, :data::jsonb, :actorId, :actorName, :at::timestamptz)`;

/** An event's row (for the inserts here, and for hot paths that write it in raw SQL: `HOUSEHOLD_EVENT_INSERT`). */
export function eventRow(e: HouseholdEventInput): typeof householdEvents.$inferInsert {
  return {
    householdId: e.householdId,
    gridCode: e.gridCode,
    source: e.source,
    kind: e.kind,
    summary: e.summary,
    refType: e.refType ?? null,
    refId: e.refId ?? null,
    data: e.data ?? null,
    actorId: e.actor?.id ?? null,
    actorName: e.actor?.name ?? null,
    at: e.at ?? new Date(),
  };
}

export interface HouseholdEventView {
  id: number;
  at: string;
  source: string;
  kind: string;
  summary: string;
  refType: string | null;
  refId: string | null;
  data: Record<string, unknown> | null;
  actorName: string | null;
}

/** Newest first. The caller has already checked that the household is in scope. */
export async function listTimeline(db: DbOrTx, householdId: string, q: { source?: string; page?: number; pageSize?: number }): Promise<PageResult<HouseholdEventView>> {
  const { page, pageSize, offset } = pageOf(q);
  const where = and(eq(householdEvents.householdId, householdId), q.source ? eq(householdEvents.source, q.source) : undefined);
  const [rows, [{ n }]] = await Promise.all([
    db.select().from(householdEvents).where(where).orderBy(desc(householdEvents.at), desc(householdEvents.id)).limit(pageSize).offset(offset),
    db.select({ n: count() }).from(householdEvents).where(where),
  ]);
  return {
    items: rows.map((r) => ({
      id: r.id,
      at: r.at.toISOString(),
      source: r.source,
      kind: r.kind,
      summary: r.summary,
      refType: r.refType,
      refId: r.refId,
      data: r.data ?? null,
      actorName: r.actorName,
    })),
    total: Number(n),
    page,
    pageSize,
  };
}
