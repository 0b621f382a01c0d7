/**
 * The ledger: append-only entries in integer fen. This file only ever INSERTs into fund_entries; a
 * balance is a sum of entries, read after locking the fund's row (SELECT … FOR UPDATE) in the
 * transaction that writes, so two payments racing for the last yuan cannot both pass the check.
 */
import { randomUUID } from 'node:crypto';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx, Tx } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import { fundEntries, funds } from './funds.tables.js';

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

/**
 * Refuses with 409 fund_insufficient when taking `outFen` (per bucket if given) would leave a fund below
 * zero. Call with the fund's row locked.
 */
export async function assertCovers(tx: Tx, fund: FundRow, outFen: number, bucket: string | null): Promise<void> {
  const b = (await balances(tx, [fund.id])).get(fund.id)!;
  const have = bucket ? b.buckets[bucket]?.balanceFen ?? 0 : b.totalFen;
  if (have < outFen) {
    const bucketName = bucket ? fund.splitRule?.buckets.find((x) => x.key === bucket)?.name ?? bucket : null;
    throw new AppError('fund_insufficient', {
      what: bucketName ? `「${fund.name}」${bucketName}` : `「${fund.name}」`,
      whatEn: bucketName ? `“${fund.name}” (${bucket})` : `“${fund.name}”`,
      balance: yuan(have),
      amount: yuan(outFen),
    });
  }
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
