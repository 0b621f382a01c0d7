/**
 * The demo's community money, 兴国-like: a county whistle fund of 3,000,000 yuan allocated to the
 * townships, a dozen micro projects over the year (lights, resurfacing, guard rails, drains) — one
 * raised by a resident's appeal and accepted 23 days later — and 习溪桥居委会's public-income account
 * (信酬制): 2,500,000 yuan of recovered income split 4:3:3 and spent in public.
 *
 * Rows are written directly (with their dates back in the year) in the shapes the funds module writes:
 * ledger entries only appended, each payment with its receipt and its approval, each step an event.
 * Deterministic for a seed; idempotent (a second run finds the county fund and stops).
 */
import { randomUUID } from 'node:crypto';
import { and, asc, eq, gte, lte, sql } from 'drizzle-orm';
import type { Database } from '../platform/db.js';
import { inRegion } from '../platform/access.js';
import { maskName, type Vault } from '../platform/crypto.js';
import { appeals } from '../modules/appeals/appeals.tables.js';
import { fundApprovalThresholds, fundEntries, fundFiles, fundPayments, fundProjectEvents, fundProjects, fundReservations, funds, type SplitRule } from '../modules/funds/funds.tables.js';
import { DEFAULT_THRESHOLDS } from '../modules/funds/funds.workflow.js';
import { approvalChain, type Category, type Level } from '../modules/funds/funds.workflow.js';
import { householdsIn } from '../modules/households/households.service.js';
import { regions } from '../modules/regions/regions.tables.js';
import { insertGeneratedUsers } from '../modules/users/users.service.js';
import { stableUuid } from './grids.js';
import { intBetween, pick, rngFor } from './random.js';

const DAY = 86_400_000;
const YUAN = 100;

const DEMO_SPLIT: SplitRule = {
  buckets: [
    { key: 'repair', name: '维修基金', bp: 4000 },
    { key: 'facilities', name: '公共设施', bp: 3000 },
    { key: 'dividend', name: '业主分红', bp: 3000 },
  ],
  remainder: 'repair',
};

/** A tiny PDF standing for a scanned invoice. */
function receiptPdf(title: string, amountFen: number): Buffer {
  return Buffer.from(`%PDF-1.4\n% 发票 ${title} ${(amountFen / 100).toFixed(2)} 元（演示数据）\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n`, 'utf8');
}

interface Plan {
  title: string;
  category: Category;
  estimateYuan: number;
  households: number;
  /** How far it got. */
  state: 'proposed' | 'approved' | 'in_progress' | 'accepted' | 'closed';
  /** Days of work from approval to completion. */
  workDays: number;
  contractor: string;
  fromAppeal?: boolean;
}

const PLANS: Plan[] = [
  { title: '排水沟清淤及破损路面修复', category: 'drains', estimateYuan: 68_000, households: 86, state: 'closed', workDays: 9, contractor: '吉安市庐陵市政工程有限公司', fromAppeal: true },
  { title: '背街小巷路灯更换（32 盏）', category: 'lights', estimateYuan: 46_000, households: 40, state: 'closed', workDays: 12, contractor: '吉安市光明照明工程有限公司' },
  { title: '滨江路临水段护栏加装', category: 'guard_rails', estimateYuan: 128_000, households: 25, state: 'closed', workDays: 20, contractor: '江西赣鑫交通设施有限公司' },
  { title: '老旧小区主干道沥青罩面', category: 'resurfacing', estimateYuan: 236_000, households: 52, state: 'closed', workDays: 30, contractor: '吉安市庐陵市政工程有限公司' },
  { title: '农贸市场周边雨水管改造', category: 'drains', estimateYuan: 158_000, households: 34, state: 'accepted', workDays: 25, contractor: '吉安市水务建设有限公司' },
  { title: '学校门口路段减速带及护栏', category: 'guard_rails', estimateYuan: 38_000, households: 18, state: 'closed', workDays: 6, contractor: '江西赣鑫交通设施有限公司' },
  { title: '村组道路坑洼修补', category: 'resurfacing', estimateYuan: 54_000, households: 22, state: 'closed', workDays: 10, contractor: '吉州区兴桥建筑工程队' },
  { title: '河堤步道太阳能路灯（18 盏）', category: 'lights', estimateYuan: 72_000, households: 15, state: 'accepted', workDays: 14, contractor: '吉安市光明照明工程有限公司' },
  { title: '积水点排水暗渠疏通', category: 'drains', estimateYuan: 26_000, households: 18, state: 'closed', workDays: 4, contractor: '吉安市水务建设有限公司' },
  { title: '小区出入口人行道铺装修复', category: 'resurfacing', estimateYuan: 88_000, households: 0, state: 'in_progress', workDays: 15, contractor: '吉安市庐陵市政工程有限公司' },
  { title: '桥头急弯波形护栏', category: 'guard_rails', estimateYuan: 112_000, households: 0, state: 'approved', workDays: 15, contractor: '' },
  { title: '老街巷道路灯线路改造', category: 'lights', estimateYuan: 64_000, households: 0, state: 'proposed', workDays: 10, contractor: '' },
];

interface Person {
  id: string;
  name: string;
}

export interface FundsDemoOptions {
  seed: number;
  county: string;
  township: string;
  community: string;
  passwordHash: string;
  now: Date;
  /** The demo accounts who act in the demo township: proposer, community approver, township, county. */
  people: { community: Person; township: Person; county: Person };
}

export async function generateDemoFunds(database: Database, vault: Vault, o: FundsDemoOptions): Promise<{ funds: number; projects: number; entries: number }> {
  const db = database.db;
  const year = new Date(o.now.getTime() + 8 * 3600_000).getUTCFullYear();
  const name = '吉州区社区吹哨专项基金';
  const [existing] = await db.select({ id: funds.id }).from(funds).where(and(eq(funds.regionCode, o.county), eq(funds.name, name), eq(funds.year, year)));
  if (existing) return { funds: 0, projects: 0, entries: 0 };

  // A second member of the community's staff (居务监督委员会), so the community can approve what its colleague proposes.
  const approver: Person = { id: stableUuid(o.seed, 'community2'), name: '王丽华' };
  await insertGeneratedUsers(db, [{ id: approver.id, username: 'community2', displayName: approver.name, passwordHash: o.passwordHash, roles: ['community_staff'], regionCode: o.community }]);

  const rnd = rngFor(o.seed, 'funds');
  const start = new Date(o.now.getTime() - 330 * DAY);
  const townships = await db.select({ code: regions.code, name: regions.name }).from(regions).where(eq(regions.parentCode, o.county)).orderBy(asc(regions.code));
  const villages = await db
    .select({ code: regions.code, name: regions.name, parent: regions.parentCode })
    .from(regions)
    .where(and(inRegion(regions.code, o.county), sql`length(${regions.code}) = 12`))
    .orderBy(asc(regions.code));
  let entryCount = 0;

  return db.transaction(async (tx) => {
    const entry = async (e: Omit<typeof fundEntries.$inferInsert, 'id' | 'groupId'> & { groupId?: string }) => {
      entryCount++;
      const [r] = await tx.insert(fundEntries).values({ ...e, id: randomUUID(), groupId: e.groupId ?? randomUUID() }).returning();
      return r;
    };
    // What approved projects hold on a fund (reserve +, release −), appended like the ledger.
    const hold = async (r: { fundId: string; projectId: string; fen: number; at: Date; by: string; paymentId?: string; note: string }) => {
      if (r.fen === 0) return;
      await tx.insert(fundReservations).values({ id: randomUUID(), fundId: r.fundId, projectId: r.projectId, kind: r.fen > 0 ? 'reserve' : 'release', amountFen: r.fen, paymentId: r.paymentId ?? null, note: r.note, createdBy: r.by, createdAt: r.at });
    };
    const makeFund = async (f: Omit<typeof funds.$inferInsert, 'id' | 'createdBy'>) => {
      const [r] = await tx.insert(funds).values({ ...f, id: randomUUID(), createdBy: 'system' }).returning();
      return r;
    };

    // The county's approval thresholds, written out (the defaults) so the admin's form shows them set.
    await tx.insert(fundApprovalThresholds).values({ countyCode: o.county.slice(0, 6), ...DEFAULT_THRESHOLDS, updatedBy: 'system', updatedAt: start }).onConflictDoNothing();
    // The county fund and its budget.
    const eligible: Category[] = ['lights', 'resurfacing', 'guard_rails', 'drains', 'facilities'];
    const forbidden = ['人员工资福利', '办公经费', '公务接待', '已有部门预算的项目'];
    const county = await makeFund({ regionCode: o.county, kind: 'whistle', ownerLevel: 'county', name, year, budgetFen: 3_000_000 * YUAN, eligibleCategories: eligible, forbiddenUses: forbidden, createdAt: start });
    await entry({ fundId: county.id, regionCode: o.county, kind: 'appropriation', amountFen: 3_000_000 * YUAN, note: `${year} 年度预算`, createdBy: 'system', createdAt: start });

    // Allocations: each township a share, the demo township the most; the county keeps a reserve.
    const townshipFunds = new Map<string, typeof county>();
    const left = new Map<string, number>();
    const shares = townships.map((t) => (t.code === o.township ? 400_000 : intBetween(rnd, 15, 30) * 10_000));
    let total = shares.reduce((n, s) => n + s, 0);
    while (total > 2_600_000) {
      const i = shares.findIndex((s, k) => townships[k].code !== o.township && s > 100_000);
      if (i < 0) break;
      shares[i] -= 50_000;
      total -= 50_000;
    }
    left.set(o.county, 3_000_000 * YUAN - total * YUAN);
    for (const [i, t] of townships.entries()) {
      const at = new Date(start.getTime() + (5 + i) * DAY);
      const child = await makeFund({ regionCode: t.code, kind: 'whistle', ownerLevel: 'township', name: `${name}·${t.name}`, year, budgetFen: 0, parentFundId: county.id, eligibleCategories: eligible, forbiddenUses: forbidden, createdAt: at });
      const group = randomUUID();
      const amount = shares[i] * YUAN;
      await entry({ fundId: county.id, regionCode: o.county, kind: 'allocation_out', amountFen: -amount, counterpartFundId: child.id, groupId: group, note: '年度切块拨付', createdBy: 'system', createdAt: at });
      await entry({ fundId: child.id, regionCode: t.code, kind: 'allocation_in', amountFen: amount, counterpartFundId: county.id, groupId: group, note: '年度切块拨付', createdBy: 'system', createdAt: at });
      townshipFunds.set(t.code, child);
      left.set(t.code, amount);
    }

    // The appeal a resident raised in the demo community: the drains and the road, fixed in 23 days.
    const [appeal] = await tx
      .select({ id: appeals.id, number: appeals.number, regionCode: appeals.regionCode, createdAt: appeals.createdAt })
      .from(appeals)
      .where(and(inRegion(appeals.regionCode, o.community), gte(appeals.createdAt, new Date(o.now.getTime() - 200 * DAY)), lte(appeals.createdAt, new Date(o.now.getTime() - 60 * DAY))))
      .orderBy(asc(appeals.createdAt))
      .limit(1);

    // Where each project is: the first in the demo community, the others across the county's villages.
    const others = villages.filter((v) => v.code !== o.community && townshipFunds.has(v.parent!));
    let projects = 0;
    for (const [i, plan] of PLANS.entries()) {
      const inDemo = i === 0 || i === 9 || i === 11 || i === 5;
      // Only where the township's fund still covers the work: a fund never goes below zero.
      const need = plan.estimateYuan * YUAN;
      const covered = others.filter((v) => (left.get(v.parent!) ?? 0) >= need);
      const village = inDemo || !covered.length ? { code: o.community, parent: o.township, name: '' } : pick(rnd, covered);
      // Else the county's reserve pays; with neither, the project is left out.
      const fromTownship = (left.get(village.parent!) ?? 0) >= need;
      if (!fromTownship && (left.get(o.county) ?? 0) < need) continue;
      const payer = fromTownship ? village.parent! : o.county;
      left.set(payer, left.get(payer)! - need);
      const fund = fromTownship ? townshipFunds.get(village.parent!)! : county;
      const demoTownship = village.parent === o.township;
      const proposer: Person = inDemo ? o.people.community : { id: `demo:${village.code}:staff`, name: '社区工作人员' };
      const byLevel: Record<Level, Person> = {
        community: inDemo ? approver : { id: `demo:${village.code}:supervisor`, name: '居务监督委员会' },
        township: demoTownship ? o.people.township : { id: `demo:${village.parent}:lead`, name: '街道（乡镇）分管领导' },
        county: o.people.county,
      };
      const fromAppeal = plan.fromAppeal && appeal;
      const estimate = plan.estimateYuan * YUAN;
      const sourceAt = fromAppeal ? appeal.createdAt : new Date(start.getTime() + (20 + i * 24 + intBetween(rnd, 0, 10)) * DAY);
      const proposedAt = new Date(sourceAt.getTime() + (fromAppeal ? 1 : 0) * DAY + 3 * 3600_000);
      const chain = approvalChain(village.code, estimate);
      const id = randomUUID();
      const events: (typeof fundProjectEvents.$inferInsert)[] = [];
      const ev = (type: string, at: Date, who: Person, more: Partial<typeof fundProjectEvents.$inferInsert> = {}) =>
        events.push({ projectId: id, type, actorId: who.id, actorName: who.name, createdAt: at, ...more });
      // Households benefiting: counted from the place's household files when the plan gives none (as proposing does).
      const counted = plan.households === 0;
      const households = counted ? await householdsIn(tx, village.code) : plan.households;
      ev('proposed', proposedAt, proposer, { fromStatus: 'proposed', toStatus: 'proposed', amountFen: estimate, data: { chain, source: fromAppeal ? 'appeal' : 'community', sourceLabel: fromAppeal ? appeal.number : null, households, householdsCounted: counted } });
      if (fromAppeal) {
        // The whole community was counted at first; staff corrected it to the households along the drain, with a reason.
        const all = await householdsIn(tx, village.code);
        events[0].data = { ...events[0].data, households: all, householdsCounted: true };
        ev('households', new Date(proposedAt.getTime() + 2 * 3600_000), proposer, { fromStatus: 'proposed', toStatus: 'proposed', reason: '排水沟只惠及沿线楼栋，按入户核实为 86 户', data: { from: all, to: plan.households } });
      }

      const reached = ['proposed', 'approved', 'in_progress', 'accepted', 'closed'].indexOf(plan.state);
      let t = proposedAt.getTime();
      let pendingLevel: Level | null = chain[0];
      if (reached >= 1) {
        for (const level of chain) {
          t += (fromAppeal ? 1 : intBetween(rnd, 1, 4)) * DAY;
          ev('approved', new Date(t), byLevel[level], { level, amountFen: estimate, reason: level === 'community' ? '居民议事会讨论同意' : '符合专项基金使用范围，同意', fromStatus: 'proposed', toStatus: level === chain.at(-1) ? 'approved' : 'proposed' });
        }
        pendingLevel = null;
      } else if (chain.length > 1) {
        // Waiting for the township: the community has approved.
        t += 2 * DAY;
        ev('approved', new Date(t), byLevel.community, { level: 'community', amountFen: estimate, reason: '居民议事会讨论同意', fromStatus: 'proposed', toStatus: 'proposed' });
        pendingLevel = chain[1];
      }
      let status: string = plan.state === 'proposed' ? 'proposed' : 'approved';
      let paid = 0;
      if (reached >= 1) await hold({ fundId: fund.id, projectId: id, fen: estimate, at: new Date(t), by: byLevel[chain.at(-1)!].id, note: plan.title });
      let acceptedAt: Date | null = null;
      const finalCost = Math.round((estimate * intBetween(rnd, 90, 100)) / 100 / 100) * 100;
      const pay = async (amount: number, at: Date) => {
        const payId = randomUUID();
        const receiptId = randomUUID();
        await tx.insert(fundFiles).values({ id: receiptId, projectId: id, kind: 'receipt', filename: `发票-${plan.contractor}-${(amount / 100).toFixed(0)}.pdf`, mime: 'application/pdf', size: 0, data: receiptPdf(plan.title, amount), createdBy: proposer.id, createdAt: at });
        const decidedAt = new Date(at.getTime() + DAY);
        const e = await entry({ fundId: fund.id, regionCode: fund.regionCode, kind: 'payment', amountFen: -amount, category: plan.category, projectId: id, paymentId: payId, note: `${plan.title}：${plan.contractor}`, createdBy: byLevel.township.id, createdAt: decidedAt });
        await tx.insert(fundPayments).values({ id: payId, projectId: id, fundId: fund.id, amountFen: amount, payee: plan.contractor, receiptId, status: 'paid', requestedBy: proposer.id, decidedBy: byLevel.township.id, decidedAt, reason: '凭证齐全，与台账核对一致', entryId: e.id, createdAt: at });
        await hold({ fundId: fund.id, projectId: id, fen: -Math.min(amount, estimate - paid), at: decidedAt, by: byLevel.township.id, paymentId: payId, note: plan.contractor });
        ev('payment_requested', at, proposer, { amountFen: amount, data: { paymentId: payId, payee: plan.contractor } });
        ev('paid', decidedAt, byLevel.township, { amountFen: amount, reason: '凭证齐全，与台账核对一致', data: { paymentId: payId, payee: plan.contractor } });
        paid += amount;
      };
      if (reached >= 2) {
        t += DAY;
        ev('start', new Date(t), proposer, { fromStatus: 'approved', toStatus: 'in_progress', data: { contractor: plan.contractor } });
        status = 'in_progress';
        // An advance of 30% once the works start.
        await pay(Math.round((finalCost * 0.3) / 100) * 100, new Date(t + 2 * 3600_000));
        const mid = t + Math.floor(plan.workDays / 2) * DAY;
        ev('milestone', new Date(mid), proposer, { data: { title: plan.category === 'drains' ? '沟渠开挖、清淤完成' : plan.category === 'lights' ? '灯杆基础浇筑完成' : plan.category === 'guard_rails' ? '立柱安装完成' : '旧路面铣刨完成', note: null } });
      }
      if (reached >= 3) {
        // The appeal's job: 23 days from the whistle to the residents' signatures.
        const done = fromAppeal ? sourceAt.getTime() + 22 * DAY : t + plan.workDays * DAY;
        ev('complete', new Date(done), proposer, { fromStatus: 'in_progress', toStatus: 'completed' });
        acceptedAt = new Date(fromAppeal ? sourceAt.getTime() + 23 * DAY : done + 2 * DAY);
        const signers = [
          { role: '居民代表', name: pick(rnd, ['刘', '罗', '胡', '曾', '肖', '郭']) + pick(rnd, ['桂英', '国华', '建平', '春生', '秀珍', '水根']) },
          { role: '居务监督委员会', name: pick(rnd, ['周', '彭', '邓', '钟']) + pick(rnd, ['德明', '丽萍', '小红', '志刚']) },
          { role: '网格员', name: '张晓东' },
        ];
        ev('accept', acceptedAt, proposer, {
          fromStatus: 'completed',
          toStatus: 'accepted',
          reason: '现场查看，工程质量合格，居民满意',
          data: { signers: signers.map((s) => ({ role: s.role, name: maskName(s.name) })), note: '现场查看，工程质量合格，居民满意' },
          sealed: vault.encrypt(JSON.stringify(signers.map((s) => s.name))),
        });
        status = 'accepted';
        t = acceptedAt.getTime();
      }
      if (reached >= 4) {
        await pay(finalCost - paid, new Date(t + 3 * DAY));
        ev('close', new Date(t + 5 * DAY), proposer, { fromStatus: 'accepted', toStatus: 'closed', amountFen: finalCost });
        await hold({ fundId: fund.id, projectId: id, fen: -(estimate - Math.min(paid, estimate)), at: new Date(t + 5 * DAY), by: proposer.id, note: '项目决算' });
        status = 'closed';
      }
      const updatedAt = events.reduce((m, e) => (e.createdAt! > m ? e.createdAt! : m), proposedAt);
      await tx.insert(fundProjects).values({
        id,
        fundId: fund.id,
        regionCode: village.code,
        title: plan.title,
        description: fromAppeal ? '居民通过“码上解”反映：雨后排水沟堵塞、路面积水破损，社区吹哨后立项。' : '',
        category: plan.category,
        sourceKind: fromAppeal ? 'appeal' : 'community',
        sourceId: fromAppeal ? appeal.id : null,
        sourceLabel: fromAppeal ? appeal.number : null,
        sourceAt,
        households,
        estimateFen: estimate,
        requestedFen: estimate,
        approvedFen: reached >= 1 ? estimate : 0,
        pendingLevel,
        status,
        contractor: reached >= 2 ? plan.contractor : null,
        finalCostFen: status === 'closed' ? finalCost : null,
        acceptedAt,
        proposedBy: proposer.id,
        createdAt: proposedAt,
        updatedAt: updatedAt > o.now ? o.now : updatedAt,
        version: events.length,
      });
      // Nothing in the future: a job still running shows what has happened so far.
      const past = events.filter((e) => e.createdAt! <= o.now);
      if (past.length) await tx.insert(fundProjectEvents).values(past);
      projects++;
    }

    // 信酬制 / 三账公开: the demo community's public-income account, 2.5 million yuan recovered, split 4:3:3.
    const acct = await makeFund({ regionCode: o.community, kind: 'public_income', ownerLevel: 'community', name: '习溪桥居委会公共收益账户（信酬制）', year, budgetFen: 0, splitRule: DEMO_SPLIT, createdAt: start });
    const incomes: [number, string, number, string][] = [
      [30, 'recovered', 1_200_000, '追缴历年小区停车、场地租赁收益（第一批）'],
      [75, 'recovered', 800_000, '追缴历年广告位收益（第二批）'],
      [140, 'recovered', 500_000, '追缴公共用房租金（第三批）'],
    ];
    for (const [day, source, y, note] of incomes) {
      const at = new Date(start.getTime() + day * DAY);
      const group = randomUUID();
      const amount = y * YUAN;
      let left = amount;
      const shares = DEMO_SPLIT.buckets.map((b) => {
        const s = Math.floor((amount * b.bp) / 10000);
        left -= s;
        return { b, s };
      });
      shares[0].s += left;
      for (const { b, s } of shares) await entry({ fundId: acct.id, regionCode: o.community, kind: 'income', amountFen: s, bucket: b.key, bp: b.bp, category: source, groupId: group, note, createdBy: o.people.community.id, createdAt: at });
    }
    // Spending decided by the residents, from each bucket.
    const spends: [string, string, Category, number, number, string, number][] = [
      ['repair', '3 栋、5 栋屋面防水维修', 'facilities', 186_000, 160, '吉安市安居防水工程有限公司', 96],
      ['facilities', '小区健身器材与休闲座椅', 'facilities', 98_000, 190, '江西康体设施有限公司', 0],
      ['dividend', '2025 年度公共收益业主分红（现金）', 'other', 750_000, 230, '习溪桥小区全体业主（按户发放）', 420],
    ];
    for (const [bucket, title, category, y, day, payee, households] of spends) {
      const id = randomUUID();
      const at = new Date(start.getTime() + day * DAY);
      const amount = y * YUAN;
      const payId = randomUUID();
      const receiptId = randomUUID();
      const chain = approvalChain(o.community, amount);
      await tx.insert(fundFiles).values({ id: receiptId, projectId: id, kind: 'receipt', filename: `${title}-凭证.pdf`, mime: 'application/pdf', size: 0, data: receiptPdf(title, amount), createdBy: o.people.community.id, createdAt: at });
      const e = await entry({ fundId: acct.id, regionCode: o.community, kind: 'payment', amountFen: -amount, bucket, category, projectId: id, paymentId: payId, note: `${title}：${payee}`, createdBy: approver.id, createdAt: new Date(at.getTime() + 15 * DAY) });
      const acceptedAt = new Date(at.getTime() + 14 * DAY);
      await tx.insert(fundProjects).values({
        id, fundId: acct.id, regionCode: o.community, title, description: '业主大会表决通过', category, bucket, sourceKind: 'community', sourceAt: at, households,
        estimateFen: amount, requestedFen: amount, approvedFen: amount, pendingLevel: null, status: 'closed', contractor: payee, finalCostFen: amount, acceptedAt,
        proposedBy: o.people.community.id, createdAt: at, updatedAt: new Date(at.getTime() + 16 * DAY), version: 8,
      });
      await tx.insert(fundPayments).values({ id: payId, projectId: id, fundId: acct.id, amountFen: amount, payee, receiptId, status: 'paid', requestedBy: o.people.community.id, decidedBy: approver.id, decidedAt: new Date(at.getTime() + 15 * DAY), reason: '凭证齐全', entryId: e.id, createdAt: at });
      const who = o.people.community;
      const rows: (typeof fundProjectEvents.$inferInsert)[] = [
        { projectId: id, type: 'proposed', actorId: who.id, actorName: who.name, fromStatus: 'proposed', toStatus: 'proposed', amountFen: amount, data: { chain, source: 'community' }, createdAt: at },
        ...chain.map((level, k) => ({ projectId: id, type: 'approved', level, actorId: level === 'community' ? approver.id : level === 'township' ? o.people.township.id : o.people.county.id, actorName: level === 'community' ? approver.name : level === 'township' ? o.people.township.name : o.people.county.name, amountFen: amount, reason: '业主大会表决通过', fromStatus: 'proposed', toStatus: k === chain.length - 1 ? 'approved' : 'proposed', createdAt: new Date(at.getTime() + (k + 1) * DAY) })),
        { projectId: id, type: 'start', actorId: who.id, actorName: who.name, fromStatus: 'approved', toStatus: 'in_progress', data: { contractor: payee }, createdAt: new Date(at.getTime() + 5 * DAY) },
        { projectId: id, type: 'complete', actorId: who.id, actorName: who.name, fromStatus: 'in_progress', toStatus: 'completed', createdAt: new Date(at.getTime() + 12 * DAY) },
        { projectId: id, type: 'accept', actorId: who.id, actorName: who.name, fromStatus: 'completed', toStatus: 'accepted', reason: '业主代表验收合格', data: { signers: [{ role: '业主代表', name: '刘**' }, { role: '业主委员会', name: '曾**' }] }, sealed: vault.encrypt(JSON.stringify(['刘桂英', '曾国华'])), createdAt: acceptedAt },
        { projectId: id, type: 'payment_requested', actorId: who.id, actorName: who.name, amountFen: amount, data: { paymentId: payId, payee }, createdAt: new Date(at.getTime() + 14 * DAY) },
        { projectId: id, type: 'paid', actorId: approver.id, actorName: approver.name, amountFen: amount, reason: '凭证齐全', data: { paymentId: payId, payee }, createdAt: new Date(at.getTime() + 15 * DAY) },
        { projectId: id, type: 'close', actorId: who.id, actorName: who.name, fromStatus: 'accepted', toStatus: 'closed', amountFen: amount, createdAt: new Date(at.getTime() + 16 * DAY) },
      ];
      await tx.insert(fundProjectEvents).values(rows);
      projects++;
    }
    return { funds: townshipFunds.size + 2, projects, entries: entryCount };
  });
}
