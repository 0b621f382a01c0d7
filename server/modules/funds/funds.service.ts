/**
 * Funds and accounts: creating a fund (its budget is its first entry), allocating to a lower place,
 * recording public income (split by the account's rule), changing the rule, reading the ledger and
 * reversing an entry. Each use case is one transaction with its audit entry.
 */
import { randomUUID } from 'node:crypto';
import { and, count, desc, eq, inArray } from 'drizzle-orm';
import { assertAssignable, authorize, type Actor } from '../../platform/access.js';
import { managedFunds, visibleFunds } from '../../platform/access/funds.js';
import { audit, type RequestContext } from '../../platform/audit.js';
import type { Database, DbOrTx } from '../../platform/db.js';
import { AppError, notFound } from '../../platform/errors.js';
import { pageOf, type PageResult } from '../../platform/schemas.js';
import * as regionsService from '../regions/regions.service.js';
import * as ledger from './funds.ledger.js';
import { funds, type SplitRule } from './funds.tables.js';
import { levelOfCode, splitIncome, splitProblem, type Category } from './funds.workflow.js';

type FundKind = 'whistle' | 'public_income';

export interface FundView {
  id: string;
  regionCode: string;
  regionName: string;
  kind: string;
  ownerLevel: string;
  name: string;
  year: number;
  budgetFen: number;
  parentFundId: string | null;
  eligibleCategories: string[];
  forbiddenUses: string[];
  splitRule: SplitRule | null;
  balance: ledger.Balance;
  allocatedFen: number;
  reservedFen: number;
  availableFen: number;
  createdAt: string;
  version: number;
}

async function views(db: DbOrTx, rows: ledger.FundRow[]): Promise<FundView[]> {
  const ids = rows.map((r) => r.id);
  const [bal, names, allocated, reserved] = await Promise.all([
    ledger.balances(db, ids),
    regionsService.namesOf(db, rows.map((r) => r.regionCode)),
    allocatedFrom(db, ids),
    ledger.reservedByFund(db, ids),
  ]);
  return rows.map((r) => ({
    id: r.id,
    regionCode: r.regionCode,
    regionName: names.get(r.regionCode) ?? r.regionCode,
    kind: r.kind,
    ownerLevel: r.ownerLevel,
    name: r.name,
    year: r.year,
    budgetFen: r.budgetFen,
    parentFundId: r.parentFundId,
    eligibleCategories: r.eligibleCategories,
    forbiddenUses: r.forbiddenUses,
    splitRule: r.splitRule ?? null,
    balance: bal.get(r.id)!,
    allocatedFen: allocated.get(r.id) ?? 0,
    reservedFen: reserved.get(r.id) ?? 0,
    availableFen: bal.get(r.id)!.totalFen - (reserved.get(r.id) ?? 0),
    createdAt: r.createdAt.toISOString(),
    version: r.version,
  }));
}

async function allocatedFrom(db: DbOrTx, ids: string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  if (!ids.length) return out;
  const children = await db.select({ id: funds.id, parent: funds.parentFundId }).from(funds).where(inArray(funds.parentFundId, ids));
  const bal = await ledger.balances(db, children.map((c) => c.id));
  // What a child fund received, net of reversed allocations: its allocation entries, not its spending.
  for (const c of children) out.set(c.parent!, (out.get(c.parent!) ?? 0) + (bal.get(c.id)?.inFen ?? 0));
  return out;
}

export async function listFunds(db: DbOrTx, actor: Actor, query: { page?: number; pageSize?: number; kind?: string; year?: number }): Promise<PageResult<FundView>> {
  authorize(actor, 'funds.read');
  const { page, pageSize, offset } = pageOf(query);
  const where = and(visibleFunds(actor), query.kind ? eq(funds.kind, query.kind) : undefined, query.year ? eq(funds.year, query.year) : undefined);
  const [rows, [{ n }]] = await Promise.all([
    db.select().from(funds).where(where).orderBy(desc(funds.year), funds.regionCode, funds.createdAt).limit(pageSize).offset(offset),
    db.select({ n: count() }).from(funds).where(where),
  ]);
  return { items: await views(db, rows), total: Number(n), page, pageSize };
}

export async function findVisibleFund(db: DbOrTx, actor: Actor, id: string): Promise<ledger.FundRow> {
  authorize(actor, 'funds.read');
  const [row] = await db.select().from(funds).where(and(eq(funds.id, id), visibleFunds(actor))).limit(1);
  if (!row) throw notFound('资金', 'Fund');
  return row;
}

/** A fund the caller manages (owned inside their scope): 404 when invisible, 403 when only visible. */
async function findManagedFund(db: DbOrTx, actor: Actor, id: string): Promise<ledger.FundRow> {
  const row = await findVisibleFund(db, actor, id);
  authorize(actor, 'funds.write');
  const [managed] = await db.select({ id: funds.id }).from(funds).where(and(eq(funds.id, id), managedFunds(actor)));
  if (!managed) throw new AppError('out_of_scope', { what: '该资金', whatEn: 'This fund' });
  return row;
}

export async function getFund(db: DbOrTx, actor: Actor, id: string): Promise<FundView> {
  const row = await findVisibleFund(db, actor, id);
  return (await views(db, [row]))[0];
}

export interface FundInput {
  regionCode: string;
  kind: FundKind;
  name: string;
  year: number;
  budgetFen?: number;
  eligibleCategories?: Category[];
  forbiddenUses?: string[];
  splitRule?: SplitRule;
}

function checkSplit(rule: SplitRule): void {
  const problem = splitProblem(rule);
  if (problem) throw new AppError('fund_split_invalid', { reason: problem, reasonEn: problem });
}

export async function createFund(database: Database, ctx: RequestContext, input: FundInput): Promise<FundView> {
  authorize(ctx.actor, 'funds.write');
  assertAssignable(ctx.actor, input.regionCode, '资金所属区域', 'The fund’s region');
  const level = levelOfCode(input.regionCode);
  if (!level) {
    throw new AppError('bad_request', { reason: `基金须属于县、乡镇或村（社区），${input.regionCode} 不是`, reasonEn: `a fund belongs to a county, township or community; ${input.regionCode} is none of these` }, { field: 'regionCode' });
  }
  if (!(await regionsService.exists(database.db, input.regionCode))) throw notFound(`区域 ${input.regionCode} `, `Region ${input.regionCode}`);
  if (input.kind === 'public_income') {
    if (!input.splitRule) throw new AppError('fund_split_invalid', { reason: '公共收益账户须设定分配规则', reasonEn: 'a public-income account needs a split rule' });
    checkSplit(input.splitRule);
    if (input.budgetFen) throw new AppError('fund_kind_mismatch', { reason: '公共收益账户没有预算，收入逐笔记账', reasonEn: 'A public-income account has no budget; record each income' });
  } else if (input.splitRule) {
    throw new AppError('fund_kind_mismatch', { reason: '只有公共收益账户设分配规则', reasonEn: 'Only a public-income account has a split rule' });
  }
  const id = randomUUID();
  const row = await database.db.transaction(async (tx) => {
    const [created] = await tx
      .insert(funds)
      .values({
        id,
        regionCode: input.regionCode,
        kind: input.kind,
        ownerLevel: level,
        name: input.name,
        year: input.year,
        budgetFen: input.budgetFen ?? 0,
        eligibleCategories: input.eligibleCategories ?? [],
        forbiddenUses: input.forbiddenUses ?? [],
        splitRule: input.splitRule ?? null,
        createdBy: ctx.actor.id,
      })
      .returning();
    // The budget enters the ledger like any other money.
    if (input.budgetFen) await ledger.append(tx, ctx.actor.id, [{ fundId: id, regionCode: input.regionCode, kind: 'appropriation', amountFen: input.budgetFen, note: `${input.year} 年度预算` }]);
    await audit(tx, ctx, { action: 'fund.create', targetType: 'fund', targetId: id, regionCode: input.regionCode, details: { kind: input.kind, budgetFen: input.budgetFen ?? 0 } });
    return created;
  });
  return (await views(database.db, [row]))[0];
}

/** Changes a public-income account's split rule; entries already split keep the shares they got. */
export async function setSplitRule(database: Database, ctx: RequestContext, id: string, rule: SplitRule, version: number): Promise<FundView> {
  const fund = await findManagedFund(database.db, ctx.actor, id);
  if (fund.kind !== 'public_income') throw new AppError('fund_kind_mismatch', { reason: '只有公共收益账户设分配规则', reasonEn: 'Only a public-income account has a split rule' });
  checkSplit(rule);
  const row = await database.db.transaction(async (tx) => {
    const [r] = await tx
      .update(funds)
      .set({ splitRule: rule, version: fund.version + 1 })
      .where(and(eq(funds.id, id), eq(funds.version, version)))
      .returning();
    if (!r) throw new AppError('stale_version');
    await audit(tx, ctx, { action: 'fund.split_rule', targetType: 'fund', targetId: id, regionCode: fund.regionCode, details: { buckets: rule.buckets.map((b) => `${b.key}:${b.bp}`), remainder: rule.remainder } });
    return r;
  });
  return (await views(database.db, [row]))[0];
}

/** Allocates money to a township or community inside the fund's area: a child fund, two entries. */
export async function allocate(database: Database, ctx: RequestContext, id: string, input: { regionCode: string; amountFen: number; note?: string }) {
  const parent = await findManagedFund(database.db, ctx.actor, id);
  if (parent.kind !== 'whistle') throw new AppError('fund_kind_mismatch', { reason: '公共收益账户不向下拨付', reasonEn: 'A public-income account does not allocate' });
  const level = levelOfCode(input.regionCode);
  if (!input.regionCode.startsWith(parent.regionCode) || input.regionCode.length <= parent.regionCode.length || (level !== 'township' && level !== 'community')) {
    throw new AppError('fund_allocation_target', { code: input.regionCode });
  }
  if (!(await regionsService.exists(database.db, input.regionCode))) throw notFound(`区域 ${input.regionCode} `, `Region ${input.regionCode}`);
  const names = await regionsService.namesOf(database.db, [input.regionCode]);
  return database.db.transaction(async (tx) => {
    const locked = await ledger.lockFunds(tx, [parent.id]);
    const p = locked.get(parent.id)!;
    await ledger.assertCovers(tx, p, input.amountFen, null);
    let [child] = await tx.select().from(funds).where(and(eq(funds.parentFundId, parent.id), eq(funds.regionCode, input.regionCode)));
    if (!child) {
      [child] = await tx
        .insert(funds)
        .values({
          id: randomUUID(),
          regionCode: input.regionCode,
          kind: 'whistle',
          ownerLevel: level,
          name: `${parent.name}·${names.get(input.regionCode) ?? input.regionCode}`,
          year: parent.year,
          budgetFen: 0,
          parentFundId: parent.id,
          eligibleCategories: parent.eligibleCategories,
          forbiddenUses: parent.forbiddenUses,
          createdBy: ctx.actor.id,
        })
        .returning();
    } else {
      await ledger.lockFunds(tx, [child.id]);
    }
    const note = input.note ?? null;
    const [out, inn] = await ledger.append(tx, ctx.actor.id, [
      { fundId: parent.id, regionCode: parent.regionCode, kind: 'allocation_out', amountFen: -input.amountFen, counterpartFundId: child.id, note },
      { fundId: child.id, regionCode: child.regionCode, kind: 'allocation_in', amountFen: input.amountFen, counterpartFundId: parent.id, note },
    ]);
    await audit(tx, ctx, { action: 'fund.allocate', targetType: 'fund', targetId: parent.id, regionCode: parent.regionCode, details: { toFundId: child.id, toRegion: input.regionCode, amountFen: input.amountFen, entries: [out.id, inn.id] } });
    return { fundId: child.id, entryIds: [out.id, inn.id] };
  });
}

/** Records one income of a public-income account, split by its rule into one entry per bucket. */
export async function recordIncome(database: Database, ctx: RequestContext, id: string, input: { amountFen: number; source: string; note?: string }) {
  const fund = await findManagedFund(database.db, ctx.actor, id);
  if (fund.kind !== 'public_income' || !fund.splitRule) throw new AppError('fund_kind_mismatch', { reason: '只有公共收益账户记录收入', reasonEn: 'Only a public-income account records income' });
  return database.db.transaction(async (tx) => {
    const locked = (await ledger.lockFunds(tx, [fund.id])).get(fund.id)!;
    // The rule as it stands when the fund is locked: a concurrent change of rule cannot split half of it.
    const shares = splitIncome(locked.splitRule!, input.amountFen);
    const rows = await ledger.append(
      tx,
      ctx.actor.id,
      shares.map((s) => ({ fundId: fund.id, regionCode: fund.regionCode, kind: 'income' as const, amountFen: s.amountFen, bucket: s.bucket, bp: s.bp, category: input.source, note: input.note ?? null })),
    );
    await audit(tx, ctx, { action: 'fund.income', targetType: 'fund', targetId: fund.id, regionCode: fund.regionCode, details: { amountFen: input.amountFen, source: input.source, shares: shares.map((s) => `${s.bucket}:${s.amountFen}`), groupId: rows[0].groupId } });
    return { groupId: rows[0].groupId, shares };
  });
}

export interface EntryView {
  id: string;
  seq: number;
  kind: string;
  amountFen: number;
  bucket: string | null;
  bp: number | null;
  category: string | null;
  groupId: string;
  counterpartFundId: string | null;
  projectId: string | null;
  paymentId: string | null;
  reversesId: string | null;
  reversed: boolean;
  note: string | null;
  createdBy: string;
  createdAt: string;
}

export async function listEntries(db: DbOrTx, actor: Actor, id: string, query: { page?: number; pageSize?: number }): Promise<PageResult<EntryView>> {
  await findVisibleFund(db, actor, id);
  const { page, pageSize, offset } = pageOf(query);
  const { rows, total, reversedIds } = await ledger.entriesOf(db, id, { limit: pageSize, offset });
  return {
    items: rows.map((r) => ({
      id: r.id,
      seq: r.seq,
      kind: r.kind,
      amountFen: r.amountFen,
      bucket: r.bucket,
      bp: r.bp,
      category: r.category,
      groupId: r.groupId,
      counterpartFundId: r.counterpartFundId,
      projectId: r.projectId,
      paymentId: r.paymentId,
      reversesId: r.reversesId,
      reversed: reversedIds.has(r.id),
      note: r.note,
      createdBy: r.createdBy,
      createdAt: r.createdAt.toISOString(),
    })),
    total,
    page,
    pageSize,
  };
}

/**
 * Reverses an entry with new entries of the opposite sign, never by editing it. The entries written
 * with it (both sides of an allocation, every share of an income) are reversed together, and no fund
 * may go below zero by it.
 */
export async function reverseEntry(database: Database, ctx: RequestContext, fundId: string, entryId: string, reason: string, hooks: { onPaymentReversed?: (tx: import('../../platform/db.js').Tx, paymentId: string) => Promise<void> } = {}) {
  const fund = await findManagedFund(database.db, ctx.actor, fundId);
  const entry = await ledger.entryById(database.db, fundId, entryId);
  if (!entry) throw notFound('记账记录', 'Ledger entry');
  if (entry.kind === 'reversal') throw new AppError('ledger_entry_is_reversal');
  return database.db.transaction(async (tx) => {
    const group = await ledger.groupOf(tx, entry.groupId);
    const locked = await ledger.lockFunds(tx, group.map((g) => g.fundId));
    // Checked after the lock: a concurrent reversal of the same group waits, then sees it done.
    if (await ledger.isReversed(tx, group.map((g) => g.id))) throw new AppError('ledger_entry_already_reversed');
    // Taking back money that came in must not leave the fund (or that bucket) below zero.
    for (const g of group) if (g.amountFen > 0) await ledger.assertCovers(tx, locked.get(g.fundId)!, g.amountFen, g.bucket);
    const rows: ledger.EntryRow[] = [];
    const reversalGroup = randomUUID();
    for (const g of group) {
      const [r] = await ledger.append(
        tx,
        ctx.actor.id,
        [{ fundId: g.fundId, regionCode: g.regionCode, kind: 'reversal', amountFen: -g.amountFen, bucket: g.bucket, bp: g.bp, category: g.category, counterpartFundId: g.counterpartFundId, projectId: g.projectId, paymentId: g.paymentId, reversesId: g.id, note: reason }],
        reversalGroup,
      );
      rows.push(r);
      if (g.paymentId && hooks.onPaymentReversed) await hooks.onPaymentReversed(tx, g.paymentId);
    }
    await audit(tx, ctx, { action: 'fund.reverse', targetType: 'fund', targetId: fund.id, regionCode: fund.regionCode, details: { reversed: group.map((g) => g.id), entries: rows.map((r) => r.id) } });
    return { entryIds: rows.map((r) => r.id) };
  });
}

