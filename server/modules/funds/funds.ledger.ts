/**
 * The ledger: append-only entries in integer fen. This file only ever INSERTs into fund_entries; a
 * balance is a sum of entries, read after locking the fund's row (SELECT … FOR UPDATE) in the
 * transaction that writes, so two payments racing for the last yuan cannot both pass the check.
 */
import { randomUUID } from 'node:crypto';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx, Tx } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import { fundEntries, fundReservations, funds } from './funds.tables.js';

export type FundRow = typeof funds.$inferSelect;
export type EntryRow = typeof fundEntries.$inferSelect;

type EntryKind = 'appropriation' | 'allocation_out' | 'allocation_in' | 'income' | 'payment' | 'reversal';

export const yuan = (fen: number) => (fen / 100).toFixed(2);

/** Locks these funds' rows for the rest of the transaction, in id order (no deadlock between two writers). */
export async function lockFunds(tx: Tx, ids: string[]): Promise<Map<string, FundRow>> {
  const sorted = [...new Set(ids)].sort();
  const out = new Map<string, FundRow>();
  for (const id of sorted) {
    const [row] = await tx.select().from(funds).where(eq(funds.id, id)).for('update');
    if (row) out.set(id, row);
  }
  return out;
}

export interface Balance {
  totalFen: number;
  inFen: number;
  outFen: number;
  buckets: Record<string, { inFen: number; outFen: number; balanceFen: number }>;
}

/** Balances of these funds, per bucket too, from their entries (reversals fold into in/out by sign). */
export async function balances(db: DbOrTx, fundIds: string[]): Promise<Map<string, Balance>> {
  const out = new Map<string, Balance>();
  for (const id of fundIds) out.set(id, { totalFen: 0, inFen: 0, outFen: 0, buckets: {} });
  if (!fundIds.length) return out;
  const rows = await db
    .select({
      fundId: fundEntries.fundId,
      bucket: fundEntries.bucket,
      inFen: sql<string>`coalesce(sum(case when ${fundEntries.amountFen} > 0 then ${fundEntries.amountFen} else 0 end), 0)`,
      outFen: sql<string>`coalesce(sum(case when ${fundEntries.amountFen} < 0 then -${fundEntries.amountFen} else 0 end), 0)`,
    })
    .from(fundEntries)
    .where(inArray(fundEntries.fundId, fundIds))
    .groupBy(fundEntries.fundId, fundEntries.bucket);
  for (const r of rows) {
    const b = out.get(r.fundId)!;
    const i = Number(r.inFen);
    const o = Number(r.outFen);
    b.inFen += i;
    b.outFen += o;
    b.totalFen += i - o;
    if (r.bucket) b.buckets[r.bucket] = { inFen: i, outFen: o, balanceFen: i - o };
  }
  return out;
}

export interface NewEntry {
  fundId: string;
  regionCode: string;
  kind: EntryKind;
  amountFen: number;
  bucket?: string | null;
  bp?: number | null;
  category?: string | null;
  counterpartFundId?: string | null;
  projectId?: string | null;
  paymentId?: string | null;
  reversesId?: string | null;
  note?: string | null;
}

/** Appends entries as one group; the caller has locked the funds and checked the balances. */
export async function append(tx: Tx, createdBy: string, entries: NewEntry[], groupId = randomUUID()): Promise<EntryRow[]> {
  return tx
    .insert(fundEntries)
    .values(entries.map((e) => ({ ...e, id: randomUUID(), groupId, createdBy })))
    .returning();
}

/** Money reserved by approved projects on this fund (per bucket if given): reserves less releases. */
async function reservedOn(db: DbOrTx, fundId: string, bucket: string | null): Promise<number> {
  const [{ fen }] = await db
    .select({ fen: sql<string>`coalesce(sum(${fundReservations.amountFen}), 0)` })
    .from(fundReservations)
    .where(and(eq(fundReservations.fundId, fundId), bucket ? eq(fundReservations.bucket, bucket) : undefined));
  return Number(fen);
}

/** What a project still holds on its fund. */
export async function reservedFor(db: DbOrTx, projectId: string): Promise<number> {
  const [{ fen }] = await db
    .select({ fen: sql<string>`coalesce(sum(${fundReservations.amountFen}), 0)` })
    .from(fundReservations)
    .where(eq(fundReservations.projectId, projectId));
  return Number(fen);
}

/**
 * Refuses with 409 fund_insufficient when taking `outFen` (per bucket if given) would leave a fund below
 * what approved projects reserve on it (available = balance − reserved), with the figures. Call with
 * the fund's row locked.
 */
export async function assertCovers(tx: Tx, fund: FundRow, outFen: number, bucket: string | null): Promise<void> {
  const b = (await balances(tx, [fund.id])).get(fund.id)!;
  const have = bucket ? b.buckets[bucket]?.balanceFen ?? 0 : b.totalFen;
  const reserved = await reservedOn(tx, fund.id, bucket);
  const available = have - reserved;
  if (available < outFen) {
    const bucketName = bucket ? fund.splitRule?.buckets.find((x) => x.key === bucket)?.name ?? bucket : null;
    throw new AppError(
      'fund_insufficient',
      {
        what: bucketName ? `「${fund.name}」${bucketName}` : `「${fund.name}」`,
        whatEn: bucketName ? `“${fund.name}” (${bucket})` : `“${fund.name}”`,
        balance: yuan(have),
        reserved: reserved ? `，已批准项目占用 ${yuan(reserved)} 元，可用 ${yuan(available)} 元` : '',
        reservedEn: reserved ? `, ${yuan(reserved)} yuan reserved for approved projects, ${yuan(available)} yuan available` : '',
        amount: yuan(outFen),
      },
      { balanceFen: have, reservedFen: reserved, availableFen: available, amountFen: outFen },
    );
  }
}

export interface NewReservation {
  fundId: string;
  projectId: string;
  kind: 'reserve' | 'release';
  /** Positive; a release is stored negative. */
  fen: number;
  bucket: string | null;
  paymentId?: string | null;
  note?: string | null;
}

/** Appends a reservation entry (nothing when the amount is zero). The caller holds the fund's lock. */
export async function reserve(tx: Tx, createdBy: string, r: NewReservation): Promise<void> {
  if (r.fen <= 0) return;
  await tx.insert(fundReservations).values({
    id: randomUUID(),
    fundId: r.fundId,
    projectId: r.projectId,
    kind: r.kind,
    amountFen: r.kind === 'reserve' ? r.fen : -r.fen,
    bucket: r.bucket,
    paymentId: r.paymentId ?? null,
    note: r.note ?? null,
    createdBy,
  });
}

/** Reserved per fund (for the fund views). */
export async function reservedByFund(db: DbOrTx, fundIds: string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>(fundIds.map((id) => [id, 0]));
  if (!fundIds.length) return out;
  const rows = await db
    .select({ fundId: fundReservations.fundId, fen: sql<string>`coalesce(sum(${fundReservations.amountFen}), 0)` })
    .from(fundReservations)
    .where(inArray(fundReservations.fundId, fundIds))
    .groupBy(fundReservations.fundId);
  for (const r of rows) out.set(r.fundId, Number(r.fen));
  return out;
}

export async function entriesOf(db: DbOrTx, fundId: string, page: { limit: number; offset: number }) {
  const [rows, [{ n }]] = await Promise.all([
    db.select().from(fundEntries).where(eq(fundEntries.fundId, fundId)).orderBy(asc(fundEntries.seq)).limit(page.limit).offset(page.offset),
    db.select({ n: sql<string>`count(*)` }).from(fundEntries).where(eq(fundEntries.fundId, fundId)),
  ]);
  const reversed = rows.length
    ? await db.select({ id: fundEntries.reversesId }).from(fundEntries).where(inArray(fundEntries.reversesId, rows.map((r) => r.id)))
    : [];
  const reversedIds = new Set(reversed.map((r) => r.id));
  return { rows, total: Number(n), reversedIds };
}

export async function entryById(db: DbOrTx, fundId: string, id: string): Promise<EntryRow | undefined> {
  const [row] = await db.select().from(fundEntries).where(and(eq(fundEntries.fundId, fundId), eq(fundEntries.id, id)));
  return row;
}

export async function groupOf(db: DbOrTx, groupId: string): Promise<EntryRow[]> {
  return db.select().from(fundEntries).where(eq(fundEntries.groupId, groupId)).orderBy(asc(fundEntries.seq));
}

export async function isReversed(db: DbOrTx, ids: string[]): Promise<boolean> {
  const [r] = await db.select({ id: fundEntries.id }).from(fundEntries).where(inArray(fundEntries.reversesId, ids)).limit(1);
  return !!r;
}

/** Money paid to each project, net of reversals. */
export async function paidByProject(db: DbOrTx, projectIds: string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>(projectIds.map((id) => [id, 0]));
  if (!projectIds.length) return out;
  const rows = await db
    .select({ projectId: fundEntries.projectId, fen: sql<string>`coalesce(sum(-${fundEntries.amountFen}), 0)` })
    .from(fundEntries)
    .where(inArray(fundEntries.projectId, projectIds))
    .groupBy(fundEntries.projectId);
  for (const r of rows) out.set(r.projectId!, Number(r.fen));
  return out;
}
