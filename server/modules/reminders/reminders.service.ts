/**
 * 小闹钟: the dated items of household files (a person's 低保 review, allowance check, certificate) and of
 * firms (a licence), recorded by the staff who keep the files, listed in scope as upcoming or overdue.
 */
import { randomUUID } from 'node:crypto';
import { and, asc, count, eq, gte, inArray, lt, lte, sql, type SQL } from 'drizzle-orm';
import { authorize, type Actor } from '../../platform/access.js';
import { visibleItems } from '../../platform/access/reminders.js';
import { audit, type RequestContext } from '../../platform/audit.js';
import type { Database, DbOrTx } from '../../platform/db.js';
import { AppError, notFound } from '../../platform/errors.js';
import { pageOf, type PageResult } from '../../platform/schemas.js';
import { localParts } from '../calendar/calendar.time.js';
import { findEnterprise } from '../enterprises/enterprises.service.js';
import { findPerson } from '../households/households.service.js';
import { peopleNamesOf } from '../households/households.names.js';
import { allKinds } from './reminders.kinds.js';
import { datedItems, reminderSends } from './reminders.tables.js';

type ItemRow = typeof datedItems.$inferSelect;

export interface ItemView {
  id: string;
  kind: string;
  kindName: string;
  subject: 'person' | 'enterprise';
  /** The person's name masked (王**), or the firm's name. */
  subjectName: string;
  personId: string | null;
  householdId: string | null;
  enterpriseId: string | null;
  regionCode: string;
  dueDate: string;
  /** Days from today (China) to the due date; negative once overdue. */
  daysLeft: number;
  note: string | null;
  /** Reminders sent so far (thresholds: days before; 0 = the due day). */
  sent: number[];
  createdAt: string;
}

/** Today's date in China. */
export const chinaToday = (now = new Date()) => localParts(now).ymd;

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export function addDays(ymd: string, days: number): string {
  return new Date(Date.parse(`${ymd}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

async function views(db: DbOrTx, actor: Actor, rows: ItemRow[], now: Date): Promise<ItemView[]> {
  const kinds = new Map((await allKinds(db)).map((k) => [k.code, k]));
  const names = await peopleNamesOf(db, actor, rows.flatMap((r) => (r.personId ? [r.personId] : [])));
  const firms = new Map<string, string>();
  for (const id of new Set(rows.flatMap((r) => (r.enterpriseId ? [r.enterpriseId] : [])))) {
    firms.set(id, (await findEnterprise(db, actor, id).catch(() => null))?.name ?? '—');
  }
  const sends = rows.length
    ? await db
        .select()
        .from(reminderSends)
        .where(inArray(reminderSends.itemId, rows.map((r) => r.id)))
    : [];
  const today = chinaToday(now);
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    kindName: kinds.get(r.kind)?.name ?? r.kind,
    subject: r.enterpriseId ? 'enterprise' : 'person',
    subjectName: r.personId ? (names.get(r.personId) ?? '—') : (firms.get(r.enterpriseId ?? '') ?? '—'),
    personId: r.personId,
    householdId: r.householdId,
    enterpriseId: r.enterpriseId,
    regionCode: r.regionCode,
    dueDate: r.dueDate,
    daysLeft: daysBetween(today, r.dueDate),
    note: r.note,
    sent: sends.filter((s) => s.itemId === r.id).map((s) => s.threshold).sort((a, b) => b - a),
    createdAt: r.createdAt.toISOString(),
  }));
}

export interface ItemFilter {
  /** upcoming: due today or within `withinDays`; overdue: past due; all. */
  status?: 'upcoming' | 'overdue' | 'all';
  withinDays?: number;
  kind?: string;
  regionCode?: string;
  householdId?: string;
  enterpriseId?: string;
  page?: number;
  pageSize?: number;
}

export async function listItems(db: DbOrTx, actor: Actor, f: ItemFilter, now = new Date()): Promise<PageResult<ItemView>> {
  authorize(actor, 'reminders.read');
  const { page, pageSize, offset } = pageOf(f);
  const today = chinaToday(now);
  const conds: (SQL | undefined)[] = [visibleItems(actor)];
  const status = f.status ?? 'upcoming';
  if (status === 'upcoming') conds.push(gte(datedItems.dueDate, today), lte(datedItems.dueDate, addDays(today, f.withinDays ?? 60)));
  if (status === 'overdue') conds.push(lt(datedItems.dueDate, today));
  if (f.kind) conds.push(eq(datedItems.kind, f.kind));
  if (f.regionCode) conds.push(sql`${datedItems.regionCode} like ${`${f.regionCode}%`}`);
  if (f.householdId) conds.push(eq(datedItems.householdId, f.householdId));
  if (f.enterpriseId) conds.push(eq(datedItems.enterpriseId, f.enterpriseId));
  const where = and(...conds);
  const [rows, [{ n }]] = await Promise.all([
    db.select().from(datedItems).where(where).orderBy(asc(datedItems.dueDate), asc(datedItems.id)).limit(pageSize).offset(offset),
    db.select({ n: count() }).from(datedItems).where(where),
  ]);
  return { items: await views(db, actor, rows, now), total: Number(n), page, pageSize };
}

export interface ItemInput {
  kind: string;
  personId?: string;
  enterpriseId?: string;
  dueDate: string;
  note?: string;
}

/** Records a dated item on a person of a household file or on a firm the caller may see; audited. */
export async function createItem(database: Database, ctx: RequestContext, input: ItemInput): Promise<ItemView> {
  authorize(ctx.actor, 'reminders.write');
  const db = database.db;
  const kind = (await allKinds(db)).find((k) => k.code === input.kind && k.active);
  if (!kind) throw new AppError('unknown_value', { field: 'kind', value: input.kind }, [{ field: 'body.kind', rule: 'kind' }]);
  const field = kind.subject === 'person' ? 'personId' : 'enterpriseId';
  if (!input[field] || input[kind.subject === 'person' ? 'enterpriseId' : 'personId']) {
    throw new AppError(
      'reminder_subject_mismatch',
      { kind: kind.name, kindEn: kind.code, subject: kind.subject === 'person' ? '人员' : '企业', subjectEn: kind.subject === 'person' ? 'a person' : 'a firm', field: `body.${field}` },
      [{ field: `body.${field}`, rule: 'subject' }],
    );
  }
  let place: { regionCode: string; personId: string | null; householdId: string | null; enterpriseId: string | null };
  if (kind.subject === 'person') {
    // A person outside the caller's grid scope does not exist for them (404).
    const p = await findPerson(db, ctx.actor, input.personId!);
    place = { regionCode: p.gridCode, personId: p.id, householdId: p.householdId, enterpriseId: null };
  } else {
    const e = await findEnterprise(db, ctx.actor, input.enterpriseId!);
    place = { regionCode: e.regionCode, personId: null, householdId: null, enterpriseId: e.id };
  }
  const id = randomUUID();
  const row = await db.transaction(async (tx) => {
    const [created] = await tx
      .insert(datedItems)
      .values({ id, kind: kind.code, ...place, dueDate: input.dueDate, note: input.note?.trim() || null, createdBy: ctx.actor.id })
      .returning();
    await audit(tx, ctx, { action: 'dated_item.create', targetType: 'dated_item', targetId: id, regionCode: place.regionCode, details: { kind: kind.code, dueDate: input.dueDate } });
    return created;
  });
  return (await views(db, ctx.actor, [row], new Date()))[0];
}

/** Removes an item (renewed, recorded by mistake): the caller must see it; audited. */
export async function deleteItem(database: Database, ctx: RequestContext, id: string): Promise<void> {
  authorize(ctx.actor, 'reminders.write');
  await database.db.transaction(async (tx) => {
    const [row] = await tx.delete(datedItems).where(and(eq(datedItems.id, id), visibleItems(ctx.actor))).returning();
    if (!row) throw notFound('提醒事项', 'Dated item');
    await tx.delete(reminderSends).where(eq(reminderSends.itemId, id));
    await audit(tx, ctx, { action: 'dated_item.delete', targetType: 'dated_item', targetId: id, regionCode: row.regionCode, details: { kind: row.kind, dueDate: row.dueDate } });
  });
}
