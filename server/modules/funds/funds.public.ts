/**
 * 三账公开: what a community's or a fund's money did, for the public page (no account) and the notice
 * board (Excel, printable page), and the console's figures. No personal data: no names of staff or
 * residents (acceptance signers appear by role and masked name), no notes typed by staff.
 */
import ExcelJS from 'exceljs';
import { and, asc, eq, inArray, like, notInArray, or } from 'drizzle-orm';
import { authorize, type Actor } from '../../platform/access.js';
import { visibleFunds, visibleProjects } from '../../platform/access/funds.js';
import type { DbOrTx } from '../../platform/db.js';
import { notFound } from '../../platform/errors.js';
import * as regionsService from '../regions/regions.service.js';
import * as ledger from './funds.ledger.js';
import { daysBetween } from './funds.projects.read.js';
import { fundEntries, fundFiles, fundProjectEvents, fundProjects, funds } from './funds.tables.js';
import { CATEGORY_NAMES, INCOME_SOURCE_NAMES, LEVEL_NAMES, PROJECT_STATUS_NAMES, PROJECT_STATUSES, type Category, type Level, type ProjectStatus } from './funds.workflow.js';

const catName = (c: string | null) => (c ? CATEGORY_NAMES[c as Category]?.zh ?? c : '其他');
const statusName = (s: string) => PROJECT_STATUS_NAMES[s as ProjectStatus]?.zh ?? s;
const KIND_NAMES: Record<string, string> = {
  appropriation: '预算拨入',
  allocation_in: '上级拨付',
  allocation_out: '向下拨付',
  income: '公共收益',
  payment: '项目支出',
  reversal: '冲正',
};

type EntryRow = typeof fundEntries.$inferSelect;
type FundRow = typeof funds.$inferSelect;
type ProjectRow = typeof fundProjects.$inferSelect;

/** Each entry's original kind (a reversal counts against what it reverses). */
function classify(entries: EntryRow[]) {
  const byId = new Map(entries.map((e) => [e.id, e]));
  return entries.map((e) => ({ e, kind: e.kind === 'reversal' && e.reversesId ? byId.get(e.reversesId)?.kind ?? 'reversal' : e.kind }));
}

async function accounts(db: DbOrTx, title: string, regionCode: string, fundRows: FundRow[], projectRows: ProjectRow[]) {
  const fundIds = fundRows.map((f) => f.id);
  const entries = fundIds.length ? await db.select().from(fundEntries).where(inArray(fundEntries.fundId, fundIds)).orderBy(asc(fundEntries.seq)) : [];
  const projectIds = projectRows.map((p) => p.id);
  const [paid, events, names, bal] = await Promise.all([
    ledger.paidByProject(db, projectIds),
    projectIds.length ? db.select().from(fundProjectEvents).where(inArray(fundProjectEvents.projectId, projectIds)).orderBy(asc(fundProjectEvents.id)) : [],
    regionsService.namesOf(db, [regionCode, ...projectRows.map((p) => p.regionCode), ...fundRows.map((f) => f.regionCode)]),
    ledger.balances(db, fundIds),
  ]);
  const classified = classify(entries);
  const titles = new Map(projectRows.map((p) => [p.id, p.title]));
  const fundsOut = fundRows.map((f) => {
    const mine = classified.filter((c) => c.e.fundId === f.id);
    const sum = (kinds: string[]) => mine.filter((c) => kinds.includes(c.kind)).reduce((n, c) => n + c.e.amountFen, 0);
    const bySource = new Map<string, number>();
    for (const c of mine) if (c.kind === 'income') bySource.set(c.e.category ?? 'other', (bySource.get(c.e.category ?? 'other') ?? 0) + c.e.amountFen);
    const b = bal.get(f.id)!;
    return {
      id: f.id,
      name: f.name,
      kind: f.kind,
      year: f.year,
      regionName: names.get(f.regionCode) ?? f.regionCode,
      budgetFen: f.budgetFen,
      incomeFen: sum(['appropriation', 'allocation_in', 'income']),
      allocatedFen: -sum(['allocation_out']),
      spentFen: -sum(['payment']),
      balanceFen: b.totalFen,
      splitRule: f.splitRule ?? null,
      buckets: (f.splitRule?.buckets ?? []).map((k) => ({ key: k.key, name: k.name, bp: k.bp, ...(b.buckets[k.key] ?? { inFen: 0, outFen: 0, balanceFen: 0 }) })),
      incomeBySource: [...bySource].map(([source, fen]) => ({ source, name: INCOME_SOURCE_NAMES[source as keyof typeof INCOME_SOURCE_NAMES]?.zh ?? source, fen })),
    };
  });
  const byCategory = new Map<string, number>();
  for (const p of projectRows) byCategory.set(p.category, (byCategory.get(p.category) ?? 0) + (paid.get(p.id) ?? 0));
  const projects = projectRows.map((p) => {
    const ev = events.filter((e) => e.projectId === p.id);
    const acc = ev.filter((e) => e.type === 'accept').at(-1);
    return {
      id: p.id,
      title: p.title,
      category: p.category,
      categoryName: catName(p.category),
      status: p.status,
      statusName: statusName(p.status),
      regionName: names.get(p.regionCode) ?? p.regionCode,
      sourceKind: p.sourceKind,
      sourceLabel: p.sourceLabel,
      households: p.households,
      approvedFen: p.approvedFen,
      paidFen: paid.get(p.id) ?? 0,
      finalCostFen: p.finalCostFen,
      contractor: p.contractor,
      sourceAt: p.sourceAt.toISOString(),
      acceptedAt: p.acceptedAt?.toISOString() ?? null,
      daysToAcceptance: p.acceptedAt ? daysBetween(p.sourceAt, p.acceptedAt) : null,
      approvals: ev.filter((e) => e.type === 'approved').map((e) => ({ level: LEVEL_NAMES[e.level as Level]?.zh ?? e.level ?? '', at: e.createdAt.toISOString(), amountFen: e.amountFen ?? 0 })),
      milestones: ev.filter((e) => e.type === 'milestone').map((e) => ({ at: e.createdAt.toISOString(), title: String(e.data?.title ?? ''), photos: (e.data?.photos as string[] | undefined) ?? [] })),
      acceptance: acc
        ? { at: acc.createdAt.toISOString(), signers: ((acc.data?.signers as { role: string; name: string }[] | undefined) ?? []).map((s) => ({ role: s.role, name: s.name })) }
        : null,
    };
  });
  return {
    title,
    regionCode,
    regionName: names.get(regionCode) ?? regionCode,
    generatedAt: new Date().toISOString(),
    funds: fundsOut,
    spendingByCategory: [...byCategory].filter(([, fen]) => fen !== 0).map(([category, fen]) => ({ category, name: catName(category), fen })),
    projects,
    entries: classified.slice(-500).map(({ e, kind }) => ({
      at: e.createdAt.toISOString(),
      fundName: fundRows.find((f) => f.id === e.fundId)?.name ?? '',
      kind: e.kind,
      kindName: e.kind === 'reversal' ? `冲正（${KIND_NAMES[kind] ?? kind}）` : KIND_NAMES[e.kind] ?? e.kind,
      amountFen: e.amountFen,
      bucket: e.bucket ? fundRows.find((f) => f.id === e.fundId)?.splitRule?.buckets.find((b) => b.key === e.bucket)?.name ?? e.bucket : null,
      source: kind === 'income' ? INCOME_SOURCE_NAMES[e.category as keyof typeof INCOME_SOURCE_NAMES]?.zh ?? e.category : null,
      projectTitle: e.projectId ? titles.get(e.projectId) ?? null : null,
    })),
  };
}

export type PublicAccounts = Awaited<ReturnType<typeof accounts>>;
const SHOWN = notInArray(fundProjects.status, ['rejected', 'cancelled']);

/** A community's (or township's) page: the funds it owns, and the projects in its area. */
export async function placeAccounts(db: DbOrTx, code: string): Promise<PublicAccounts> {
  if (!(await regionsService.exists(db, code))) throw notFound('地点', 'Place');
  const [fundRows, projectRows] = await Promise.all([
    db.select().from(funds).where(eq(funds.regionCode, code)).orderBy(asc(funds.createdAt)),
    db.select().from(fundProjects).where(and(like(fundProjects.regionCode, `${code}%`), SHOWN)).orderBy(asc(fundProjects.createdAt)),
  ]);
  const name = (await regionsService.namesOf(db, [code])).get(code) ?? code;
  return accounts(db, `${name}三账公开`, code, fundRows, projectRows);
}

/** A fund's page: the fund, the funds it allocated to, and the projects it paid for. */
export async function fundAccounts(db: DbOrTx, id: string): Promise<PublicAccounts> {
  const [fund] = /^[0-9a-f-]{36}$/i.test(id) ? await db.select().from(funds).where(eq(funds.id, id)) : [];
  if (!fund) throw notFound('资金', 'Fund');
  const children = await db.select().from(funds).where(eq(funds.parentFundId, id)).orderBy(asc(funds.regionCode));
  const ids = [fund.id, ...children.map((c) => c.id)];
  const projectRows = await db.select().from(fundProjects).where(and(inArray(fundProjects.fundId, ids), SHOWN)).orderBy(asc(fundProjects.createdAt));
  return accounts(db, `${fund.name}收支公开`, fund.regionCode, [fund, ...children], projectRows);
}

const money = (fen: number) => Number((fen / 100).toFixed(2));

export async function accountsWorkbook(a: PublicAccounts): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const s1 = wb.addWorksheet('收支概况');
  s1.addRow([a.title]);
  s1.addRow([`生成时间 ${a.generatedAt.slice(0, 10)}`]);
  s1.addRow(['账户', '年度', '收入（元）', '向下拨付（元）', '项目支出（元）', '余额（元）']);
  for (const f of a.funds) s1.addRow([f.name, f.year, money(f.incomeFen), money(f.allocatedFen), money(f.spentFen), money(f.balanceFen)]);
  for (const f of a.funds.filter((x) => x.buckets.length)) {
    s1.addRow([]);
    s1.addRow([`${f.name}分配规则`, '比例', '分入（元）', '支出（元）', '余额（元）']);
    for (const b of f.buckets) s1.addRow([b.name, `${b.bp / 100}%`, money(b.inFen), money(b.outFen), money(b.balanceFen)]);
  }
  const s2 = wb.addWorksheet('项目');
  s2.addRow(['项目', '类别', '地点', '状态', '受益户数', '批准金额（元）', '已付（元）', '决算（元）', '施工单位', '验收日期', '从吹哨到验收（天）', '验收签字']);
  for (const p of a.projects) {
    s2.addRow([p.title, p.categoryName, p.regionName, p.statusName, p.households, money(p.approvedFen), money(p.paidFen), p.finalCostFen === null ? '' : money(p.finalCostFen), p.contractor ?? '', p.acceptedAt?.slice(0, 10) ?? '', p.daysToAcceptance ?? '', p.acceptance?.signers.map((x) => `${x.role} ${x.name}`).join('；') ?? '']);
  }
  const s3 = wb.addWorksheet('明细');
  s3.addRow(['日期', '账户', '类型', '金额（元）', '科目', '来源', '项目']);
  for (const e of a.entries) s3.addRow([e.at.slice(0, 10), e.fundName, e.kindName, money(e.amountFen), e.bucket ?? '', e.source ?? '', e.projectTitle ?? '']);
  for (const s of [s1, s2, s3]) s.columns.forEach((c) => (c.width = 16));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

// ---------------------------------------------------------------------------------------------
// The console's figures, in the caller's scope.

export async function figures(db: DbOrTx, actor: Actor, q: { year?: number }) {
  authorize(actor, 'funds.read');
  const projectRows = await db.select().from(fundProjects).where(visibleProjects(actor));
  const rows = q.year ? projectRows.filter((p) => p.createdAt.getUTCFullYear() === q.year) : projectRows;
  const fundRows = await db.select().from(funds).where(and(visibleFunds(actor), q.year ? eq(funds.year, q.year) : undefined, or(eq(funds.kind, 'whistle'), eq(funds.kind, 'public_income'))));
  const [paid, bal] = await Promise.all([ledger.paidByProject(db, rows.map((r) => r.id)), ledger.balances(db, fundRows.map((f) => f.id))]);
  const names = await regionsService.namesOf(db, [...fundRows.map((f) => f.regionCode), ...rows.map((r) => r.regionCode)]);
  const live = rows.filter((r) => r.status !== 'rejected' && r.status !== 'cancelled');
  const done = rows.filter((r) => r.acceptedAt);
  return {
    byStatus: PROJECT_STATUSES.map((s) => ({ status: s, name: statusName(s), n: rows.filter((r) => r.status === s).length })),
    byCategory: Object.keys(CATEGORY_NAMES).map((c) => {
      const of = live.filter((r) => r.category === c);
      return { category: c, name: catName(c), n: of.length, approvedFen: of.reduce((n, r) => n + r.approvedFen, 0), paidFen: of.reduce((n, r) => n + (paid.get(r.id) ?? 0), 0) };
    }),
    households: done.reduce((n, r) => n + r.households, 0),
    toAcceptance: done
      .map((r) => ({ id: r.id, title: r.title, sourceKind: r.sourceKind, sourceLabel: r.sourceLabel, days: daysBetween(r.sourceAt, r.acceptedAt!) }))
      .sort((a, b) => a.days - b.days),
    averageDaysFromWhistle: (() => {
      const w = done.filter((r) => r.sourceKind === 'appeal');
      return w.length ? Math.round((w.reduce((n, r) => n + daysBetween(r.sourceAt, r.acceptedAt!), 0) / w.length) * 10) / 10 : null;
    })(),
    perFund: fundRows.map((f) => {
      const of = live.filter((r) => r.fundId === f.id);
      const b = bal.get(f.id)!;
      return {
        fundId: f.id,
        name: f.name,
        regionName: names.get(f.regionCode) ?? f.regionCode,
        budgetedFen: b.inFen,
        committedFen: of.reduce((n, r) => n + r.approvedFen, 0),
        spentFen: of.reduce((n, r) => n + (paid.get(r.id) ?? 0), 0),
        balanceFen: b.totalFen,
        households: of.reduce((n, r) => n + r.households, 0),
      };
    }),
    perPlace: [...new Set(live.map((r) => r.regionCode))].sort().map((code) => {
      const of = live.filter((r) => r.regionCode === code);
      const accepted = of.filter((r) => r.acceptedAt);
      return {
        regionCode: code,
        regionName: names.get(code) ?? code,
        projects: of.length,
        households: of.reduce((n, r) => n + r.households, 0),
        committedFen: of.reduce((n, r) => n + r.approvedFen, 0),
        spentFen: of.reduce((n, r) => n + (paid.get(r.id) ?? 0), 0),
        averageDays: accepted.length ? Math.round((accepted.reduce((n, r) => n + daysBetween(r.sourceAt, r.acceptedAt!), 0) / accepted.length) * 10) / 10 : null,
      };
    }),
  };
}

/** A photo of the works (a milestone's), for the public page; receipts stay inside the console. */
export async function publicPhoto(db: DbOrTx, projectId: string, fileId: string) {
  const [f] = await db
    .select({ mime: fundFiles.mime, data: fundFiles.data })
    .from(fundFiles)
    .innerJoin(fundProjects, eq(fundProjects.id, fundFiles.projectId))
    .where(and(eq(fundFiles.id, fileId), eq(fundFiles.projectId, projectId), eq(fundFiles.kind, 'photo'), SHOWN));
  if (!f) throw notFound('照片', 'Photo');
  return f;
}
