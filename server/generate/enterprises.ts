/**
 * The demo's firms and chains (吉安-like, docs/DOMAIN.md §16): a few hundred firms in two parks of
 * 吉州区 with their credit codes, the county's commissioners (企业特派员) with a year of visits, three
 * industrial chains (electronic information, lithium-battery new energy, equipment) with their 链长,
 * lead and responsible departments, projects and problems; and the year's enterprise-channel appeals
 * linked to firms, with their first contacts and clock tiers taken from the appeals' own timelines —
 * one of them the financing problem a commissioner found, coordinated to a 35,000,000-yuan loan.
 * Bulk inserts only: it adds well under a second to the demo.
 */
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { inRegion, SYSTEM_ACTOR, type Role } from '../platform/access.js';
import { systemContext } from '../platform/audit.js';
import { createOrg } from '../modules/orgs/orgs.service.js';
import type { Vault } from '../platform/crypto.js';
import { maskPhone } from '../platform/crypto.js';
import type { Database } from '../platform/db.js';
import { appealEvents, appealParts, appeals } from '../modules/appeals/appeals.tables.js';

const WITHDRAWABLE = new Set(['registered', 'accepted', 'dispatched', 'in_progress']);
import { grids } from '../modules/grids/grids.tables.js';
import { orgs } from '../modules/orgs/orgs.tables.js';
import { users } from '../modules/users/users.tables.js';
import { insertGeneratedUsers, type GeneratedUser } from '../modules/users/users.service.js';
import { checkCharacter } from '../modules/enterprises/credit-code.js';
import { DEFAULT_TIERS, tierDue } from '../modules/enterprises/enterprises.appeals.js';
import { chainMembers, chainProblems, chainProjects, chains, commissionerVisits, enterpriseAppeals, enterpriseCommissioners, enterprisePolicies, enterprises, policyDeliveries } from '../modules/enterprises/enterprises.tables.js';
import { publishPolicy } from '../modules/enterprises/enterprises.policies.js';
import { workCalendar } from '../modules/calendar/calendar.service.js';
import { localParts } from '../modules/calendar/calendar.time.js';
import { stableUuid } from './grids.js';
import { personName } from './names.js';
import { intBetween, pick, rngFor } from './random.js';

const DAY = 86_400_000;
const CODE_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';

const PARKS = [
  { name: '吉州工业园区', industries: ['electronics', 'electronics', 'equipment', 'materials', 'new_energy'] },
  { name: '吉州区锂电新能源产业园', industries: ['new_energy', 'new_energy', 'equipment', 'electronics', 'materials'] },
] as const;

const WORDS: Record<string, string[]> = {
  electronics: ['电子', '光电', '智能科技', '电路', '精密电子', '通信技术', '显示科技'],
  new_energy: ['锂电', '新能源', '储能科技', '电池材料', '动力电池'],
  equipment: ['机械', '装备制造', '智能装备', '精工', '重工'],
  materials: ['新材料', '化工', '建材'],
};
const PREFIXES = ['吉安', '庐陵', '井冈', '赣江', '白鹭', '螺子山', '青原', '文山', '神岗', '真君山', '鹭洲', '后河', '禾埠', '天华', '泰和源'];

export interface EnterpriseDemoSummary {
  firms: number;
  visits: number;
  chains: number;
  enterpriseAppeals: number;
}

function creditCode(rnd: () => number): string {
  let org = 'MA3';
  for (let i = 0; i < 6; i++) org += CODE_CHARS[Math.floor(rnd() * CODE_CHARS.length)];
  const body = `91360802${org}`;
  return body + checkCharacter(body);
}

function centre(polygon: { coordinates: number[][][] }): { lon: number; lat: number } {
  const ring = polygon.coordinates[0].slice(0, -1);
  return { lon: ring.reduce((s, p) => s + p[0], 0) / ring.length, lat: ring.reduce((s, p) => s + p[1], 0) / ring.length };
}

export async function generateEnterprises(
  database: Database,
  vault: Vault,
  opts: { seed: number; county: string; leaderUserId: string | undefined; passwordHash: string; now: Date; firms?: number },
): Promise<EnterpriseDemoSummary> {
  const db = database.db;
  const [{ n: existing }] = await db.select({ n: sql<number>`count(*)` }).from(enterprises);
  if (Number(existing) > 0) return { firms: 0, visits: 0, chains: 0, enterpriseAppeals: 0 };
  const rnd = rngFor(opts.seed, 'enterprises');
  const now = opts.now;

  // Two parks, each on the grids of one township of the county (the two with most grids after the first).
  const countyGrids = await db.select({ code: grids.code, polygon: grids.polygon }).from(grids).where(and(inRegion(grids.code, opts.county), eq(grids.status, 'active'))).orderBy(asc(grids.code));
  const byTownship = new Map<string, typeof countyGrids>();
  for (const g of countyGrids) byTownship.set(g.code.slice(0, 9), [...(byTownship.get(g.code.slice(0, 9)) ?? []), g]);
  const townships = [...byTownship.keys()].sort();
  if (townships.length < 2) return { firms: 0, visits: 0, chains: 0, enterpriseAppeals: 0 };
  const parkTownships = [townships[townships.length - 1], townships[townships.length - 2]];
  // The business federation's rights-protection centre (非公企业维权服务中心) receives firms' appeals too.
  await createOrg(database, systemContext('cli', SYSTEM_ACTOR), {
    name: '吉州区工商联非公有制企业维权服务中心',
    kind: 'department',
    regionCode: opts.county,
    description: '受理、转办非公有制企业诉求与维权投诉（工商联）',
    categoryCodes: ['1001', '1002', '1003', '1004'],
  });
  const orgIds = new Map((await db.select({ id: orgs.id, name: orgs.name }).from(orgs).where(eq(orgs.regionCode, opts.county))).map((o) => [o.name, o.id]));
  const org = (name: string) => orgIds.get(name) ?? null;

  // Commissioners: department cadres, each serving one park's township.
  const commissionerNames = ['彭志远', '肖丽萍', '郭建华', '罗文斌', '尹晓燕', '曾国平', '康海波', '周雅琴'];
  const commissionerOrgs = ['吉州区工业和信息化局', '吉州区发展和改革委员会', '吉州区行政审批局', '吉州区人力资源和社会保障局', '吉州区市场监督管理局'];
  const people: GeneratedUser[] = commissionerNames.map((name, i) => ({
    id: stableUuid(opts.seed, i === 0 ? 'commissioner' : `commissioner${i}`),
    username: i === 0 ? 'commissioner' : `commissioner${i}`,
    displayName: name,
    passwordHash: opts.passwordHash,
    roles: ['commissioner'] as Role[],
    regionCode: opts.county,
    orgId: org(commissionerOrgs[i % commissionerOrgs.length]),
  }));
  // Two more chain leaders (城市领导 as 链长) beside the demo leader.
  const chainLeaders: GeneratedUser[] = [
    { id: stableUuid(opts.seed, 'chainleader1'), username: 'chainleader1', displayName: '黄立新', passwordHash: opts.passwordHash, roles: ['leader'], regionCode: opts.county, orgId: null },
    { id: stableUuid(opts.seed, 'chainleader2'), username: 'chainleader2', displayName: '欧阳明', passwordHash: opts.passwordHash, roles: ['leader'], regionCode: opts.county, orgId: null },
  ];
  await insertGeneratedUsers(db, [...people, ...chainLeaders]);
  await db
    .insert(enterpriseCommissioners)
    .values(people.map((p, i) => ({ userId: p.id, regionCode: parkTownships[i % 2], orgId: p.orgId ?? null, title: i < 2 ? '重点企业特派员' : '企业特派员' })))
    .onConflictDoNothing();

  // The firms.
  const count = opts.firms ?? 320;
  const firms: (typeof enterprises.$inferInsert)[] = [];
  const seen = new Set<string>();
  const names = new Set<string>();
  for (let i = 0; i < count; i++) {
    const p = i % 2;
    const park = PARKS[p];
    const industry = pick(rnd, park.industries);
    const g = pick(rnd, byTownship.get(parkTownships[p])!);
    let code = creditCode(rnd);
    while (seen.has(code)) code = creditCode(rnd);
    seen.add(code);
    const phone = `139${String(7960000 + i * 37).padStart(8, '0')}`;
    let stem = `${pick(rnd, PREFIXES)}${pick(rnd, WORDS[industry])}`;
    for (let k = 0; names.has(stem); k++) stem = k < 40 ? `${pick(rnd, PREFIXES)}${pick(rnd, ['华', '鑫', '瑞', '达', '盛', '源', '宏', '恒'])}${pick(rnd, WORDS[industry])}` : `${stem}${i}`;
    names.add(stem);
    const name = `${stem}${i % 7 === 0 ? '股份' : ''}有限公司`;
    const commissioner = people.filter((_, k) => k % 2 === p);
    firms.push({
      id: stableUuid(opts.seed, `firm${i}`),
      regionCode: g.code,
      creditCode: code,
      name,
      industry,
      size: i % 23 === 0 ? 'large' : i % 5 === 0 ? 'medium' : i % 3 === 0 ? 'micro' : 'small',
      park: park.name,
      address: `${park.name}${pick(rnd, ['创业大道', '工业大道', '兴业路', '科技路', '园区一路'])}${intBetween(rnd, 1, 300)}号`,
      ...centre(g.polygon as { coordinates: number[][][] }),
      contactName: personName(rnd),
      contactPhoneEnc: vault.encrypt(phone),
      contactPhoneIndex: vault.blindIndex('phone', phone),
      contactPhoneMasked: maskPhone(phone),
      commissionerUserId: commissioner[Math.floor(i / 2) % commissioner.length].id,
      leaderUserId: i % 10 === 0 ? opts.leaderUserId ?? null : null,
      departmentOrgId: org(industry === 'new_energy' ? '吉州区发展和改革委员会' : '吉州区工业和信息化局'),
      createdBy: 'system',
      createdAt: new Date(now.getTime() - intBetween(rnd, 200, 400) * DAY),
    });
  }
  for (let i = 0; i < firms.length; i += 500) await db.insert(enterprises).values(firms.slice(i, i + 500));

  // Three chains, their leaders and departments, members, projects, problems.
  const chainDefs = [
    { key: 'electronics', name: '电子信息产业链', leader: opts.leaderUserId ?? chainLeaders[0].id, lead: '吉州区工业和信息化局', resp: ['吉州区发展和改革委员会', '吉州区行政审批局', '吉州区人力资源和社会保障局'] },
    { key: 'new_energy', name: '锂电新能源产业链', leader: chainLeaders[0].id, lead: '吉州区发展和改革委员会', resp: ['吉州区工业和信息化局', '吉安市吉州生态环境局', '吉州区应急管理局'] },
    { key: 'equipment', name: '装备制造产业链', leader: chainLeaders[1].id, lead: '吉州区工业和信息化局', resp: ['吉州区市场监督管理局', '吉州区交通运输局'] },
  ];
  const problemsOf: Record<string, [string, string, string][]> = {
    electronics: [['break', '本地缺少 PCB 覆铜板配套，原料需从广东调运', '吉州区工业和信息化局'], ['pain', '园区技术工人缺口约 600 人', '吉州区人力资源和社会保障局'], ['gap', '电子元器件检测需送外地，周期长', '吉州区市场监督管理局'], ['pain', '企业反映用电报装周期长', '吉州区发展和改革委员会']],
    new_energy: [['break', '正极材料前驱体产能不足', '吉州区发展和改革委员会'], ['pain', '危化品仓储审批慢', '吉州区应急管理局'], ['gap', '废旧电池回收利用环节空白', '吉安市吉州生态环境局']],
    equipment: [['pain', '大件运输通行证办理难', '吉州区交通运输局'], ['gap', '特种设备检验机构不足', '吉州区市场监督管理局'], ['break', '精密铸件依赖外地供应', '吉州区工业和信息化局']],
  };
  const projectsOf: Record<string, [string, number, string][]> = {
    electronics: [['5G 通信模组扩产项目', 1_200_000_000_00, 'building'], ['Mini LED 显示模组项目', 800_000_000_00, 'planned'], ['高端 PCB 智能工厂', 650_000_000_00, 'done']],
    new_energy: [['年产 5GWh 储能电池项目', 2_000_000_000_00, 'building'], ['锂电正极材料项目', 900_000_000_00, 'planned']],
    equipment: [['智能输送装备产业园', 450_000_000_00, 'building'], ['精密铸造中心', 300_000_000_00, 'planned']],
  };
  const plusDays = (d: number) => localParts(new Date(now.getTime() + d * DAY)).ymd;
  let problemNo = 0;
  for (const c of chainDefs) {
    const lead = org(c.lead);
    if (!lead) continue;
    const id = stableUuid(opts.seed, `chain:${c.key}`);
    await db.insert(chains).values({ id, regionCode: opts.county, name: c.name, leaderUserId: c.leader, leadOrgId: lead, responsibleOrgIds: c.resp.map(org).filter((x): x is string => !!x), createdBy: 'system', createdAt: new Date(now.getTime() - 330 * DAY) });
    const members = firms.filter((f) => f.industry === c.key || (c.key === 'equipment' && f.industry === 'materials' && rnd() < 0.3));
    if (members.length) await db.insert(chainMembers).values(members.map((f, i) => ({ chainId: id, enterpriseId: f.id!, role: i < 3 ? 'leading' : 'member' })));
    await db.insert(chainProjects).values(projectsOf[c.key].map(([name, fen, status], i) => ({ id: stableUuid(opts.seed, `project:${c.key}:${i}`), chainId: id, name, investmentFen: fen, status })));
    await db.insert(chainProblems).values(
      problemsOf[c.key].map(([kind, title, owner], i) => {
        const state = (problemNo++) % 3; // closed, in progress, open (one overdue)
        return {
          id: stableUuid(opts.seed, `problem:${c.key}:${i}`),
          chainId: id,
          regionCode: opts.county,
          kind,
          title,
          ownerOrgId: org(owner) ?? lead,
          deadline: state === 0 ? plusDays(-60) : state === 1 ? plusDays(45) : i === 0 ? plusDays(-10) : plusDays(90),
          status: state === 0 ? 'closed' : state === 1 ? 'in_progress' : 'open',
          resolution: state === 0 ? '已协调解决，问题销号' : null,
          closedAt: state === 0 ? new Date(now.getTime() - 70 * DAY) : null,
          createdBy: 'system',
          createdAt: new Date(now.getTime() - 200 * DAY),
        };
      }),
    );
  }

  // The year's enterprise-channel appeals become enterprise appeals of firms of the parks.
  const eas = await db.select().from(appeals).where(and(inRegion(appeals.regionCode, opts.county), eq(appeals.requesterKind, 'enterprise'))).orderBy(asc(appeals.createdAt), asc(appeals.id));
  const reporters = new Map((eas.length ? await db.select({ id: users.id, name: users.displayName }).from(users).where(inArray(users.id, [...new Set(eas.map((a) => a.reporterUserId).filter((x): x is string => !!x))].concat(['00000000-0000-4000-8000-000000000000']))) : []).map((u) => [u.id, u.name]));
  const cal = await workCalendar(db);
  const links: (typeof enterpriseAppeals.$inferInsert)[] = [];
  const visitRows: (typeof commissionerVisits.$inferInsert)[] = [];
  // 撤诉: about one in three of the appeals still open before a result (the workflow's `withdraw` from-states).
  const toWithdraw = new Set(eas.filter((a) => WITHDRAWABLE.has(a.status)).filter((_, k) => k % 3 === 0).map((a) => a.id));
  const withdrawals: { appeal: typeof appeals.$inferSelect; at: Date; reason: string; askedBy: 'department' | 'requester' }[] = [];
  // The financing case: the oldest closed enterprise appeal, rewritten as a commissioner found it.
  const financing = eas.find((a) => a.status === 'closed');
  for (const [i, a] of eas.entries()) {
    const f = firms[Math.floor(rnd() * firms.length)];
    const received = a.createdAt;
    const fromVisit = i % 3 === 0 || a.id === financing?.id;
    const commissioner = people.find((p) => p.id === f.commissionerUserId)!;
    const visitId = fromVisit ? stableUuid(opts.seed, `ea-visit:${a.id}`) : null;
    // 撤诉 is a step of the appeal: only before a result is recorded (the workflow's `withdraw`).
    const withdrawn = toWithdraw.has(a.id);
    const withdrawnAt = withdrawn ? new Date(Math.min(now.getTime() - 60_000, Math.max(a.updatedAt.getTime() + 3600_000, received.getTime() + 2 * DAY))) : null;
    const withdrawReason = withdrawn ? (i % 2 ? '部门电话联系企业，称问题已在协调中，请企业撤回' : '企业表示问题已自行解决') : null;
    if (withdrawn) withdrawals.push({ appeal: a, at: withdrawnAt!, reason: withdrawReason!, askedBy: i % 2 ? 'department' : 'requester' });
    links.push({
      appealId: a.id,
      enterpriseId: f.id!,
      regionCode: f.regionCode,
      number: a.number,
      title: a.id === financing?.id ? '扩产流动资金缺口，申请贷款支持' : a.title,
      status: withdrawn ? 'withdrawn' : a.status,
      handlingOrgId: a.handlingOrgId,
      rating: a.lastRating,
      ratedAt: a.lastRatedAt,
      firstContactUserId: fromVisit ? commissioner.id : a.reporterUserId ?? 'hotline',
      firstContactName: fromVisit ? commissioner.displayName : (a.reporterUserId && reporters.get(a.reporterUserId)) || '12345 热线坐席',
      receivedAt: received,
      releasedAt: a.dispatchedAt ?? (a.status === 'handled' || a.status === 'closed' ? a.handledAt : null),
      visitId,
      respondDueAt: tierDue(cal, received, DEFAULT_TIERS[0]),
      solutionDueAt: tierDue(cal, received, DEFAULT_TIERS[1]),
      closeDueAt: tierDue(cal, received, DEFAULT_TIERS[2]),
      respondedAt: a.acceptedAt,
      solutionAt: a.signedAt ? new Date(a.signedAt.getTime() + intBetween(rnd, 1, 30) * 3600_000) : a.handledAt,
      solution: a.signedAt ? (a.id === financing?.id ? '协调吉安农商银行、九江银行吉安分行银团授信，发放流动资金贷款 3500 万元' : '已制定解决方案并与企业确认') : null,
      closedAt: a.closedAt,
      amountFen: a.id === financing?.id ? 3_500_000_000 : null,
      withdrawnAt,
      withdrawReason,
      withdrawAskedBy: withdrawn ? (i % 2 ? 'department' : 'firm') : null,
    });
    if (visitId) {
      visitRows.push({
        id: visitId,
        enterpriseId: f.id!,
        regionCode: f.regionCode,
        commissionerUserId: commissioner.id,
        commissionerName: commissioner.displayName,
        visitedAt: new Date(received.getTime() - 30 * 60_000),
        findings: a.id === financing?.id ? '企业新厂房投产，订单增长，扩产流动资金缺口约 3500 万元' : '了解企业生产经营情况，企业反映问题一件',
        policies: ['惠企政策“免申即享”', pick(rnd, ['技改补贴', '稳岗返还', '研发费用加计扣除', '普惠小微贷款'])],
        problems: [{ content: a.id === financing?.id ? '扩产需流动资金贷款 3500 万元，希望协调银行授信' : a.content, categoryCode: a.id === financing?.id ? '1002' : a.categoryCode, appealId: a.id }],
      });
    }
  }
  if (financing) {
    await db.update(appeals).set({ title: '扩产流动资金缺口，申请贷款支持', content: '企业新厂房投产后订单增长，扩产需流动资金贷款 3500 万元，希望协调银行授信。', categoryCode: '1002', enterpriseName: firms[0].name, result: '协调银团授信，已发放流动资金贷款 3500 万元' }).where(eq(appeals.id, financing.id));
  }
  // The withdrawn appeals move as the workflow's `withdraw` moves them: status, open parts, the event.
  for (const wd of withdrawals) {
    await db.update(appeals).set({ status: 'withdrawn', updatedAt: wd.at, version: sql`${appeals.version} + 1` }).where(eq(appeals.id, wd.appeal.id));
    await db.update(appealParts).set({ status: 'returned' }).where(and(eq(appealParts.appealId, wd.appeal.id), inArray(appealParts.status, ['dispatched', 'in_progress'])));
  }
  if (withdrawals.length) {
    await db.insert(appealEvents).values(
      withdrawals.map((wd) => ({ appealId: wd.appeal.id, at: wd.at, type: 'withdrawn', fromStatus: wd.appeal.status, toStatus: 'withdrawn', actorKind: 'user', actorName: '习溪桥街道综治中心', note: wd.reason, publicText: '您的诉求已按您的要求撤回。', data: { askedBy: wd.askedBy } })),
    );
  }
  // Keep each appeal's firm name in step with the firm it was linked to.
  for (let i = 0; i < links.length; i += 500) await db.insert(enterpriseAppeals).values(links.slice(i, i + 500));
  await db.execute(sql`update ${appeals} a set enterprise_name = e.name from ${enterpriseAppeals} ea join ${enterprises} e on e.id = ea.enterprise_id where ea.appeal_id = a.id`);

  // A year of routine visits: each commissioner about once a week, to the firms of their park.
  for (const [k, p] of people.entries()) {
    const mine = firms.filter((f) => f.commissionerUserId === p.id);
    if (!mine.length) continue;
    const prnd = rngFor(opts.seed, `visits:${p.id}`);
    const weeks = k === 0 ? 50 : intBetween(prnd, 30, 48);
    for (let w = 0; w < weeks; w++) {
      const f = mine[Math.floor(prnd() * mine.length)];
      visitRows.push({
        id: stableUuid(opts.seed, `visit:${p.id}:${w}`),
        enterpriseId: f.id!,
        regionCode: f.regionCode,
        commissionerUserId: p.id,
        commissionerName: p.displayName,
        visitedAt: new Date(now.getTime() - (w * 7 + intBetween(prnd, 1, 5)) * DAY),
        findings: pick(prnd, ['企业生产经营正常，订单饱满', '企业反映用工季节性紧张，已介绍招聘会信息', '企业新产线调试中，无困难需协调', '宣讲惠企政策，企业暂无诉求', '企业出口订单回落，关注后续经营']),
        policies: [pick(prnd, ['技改补贴', '稳岗返还', '研发费用加计扣除', '普惠小微贷款', '专精特新企业培育'])],
        problems: [],
      });
    }
  }
  for (let i = 0; i < visitRows.length; i += 500) await db.insert(commissionerVisits).values(visitRows.slice(i, i + 500));
  // Policies pushed to the matching firms; about two in three read (receipts recorded on visits).
  const ctx = systemContext('cli', SYSTEM_ACTOR);
  await publishPolicy(db, ctx, { regionCode: opts.county, title: '吉州区支持电子信息产业高质量发展若干措施', summary: '技改设备投入按 10% 给予补贴，单个项目最高 500 万元。', industries: ['electronics'] });
  await publishPolicy(db, ctx, { regionCode: opts.county, title: '锂电新能源企业用电用气保障十条', summary: '新增产能优先保障电力接入，大工业用电峰谷电价优惠。', industries: ['new_energy', 'materials'] });
  await publishPolicy(db, ctx, { regionCode: opts.county, title: '小微企业普惠贷款贴息办法', summary: '单户 1000 万元以下流动资金贷款按 LPR 的 30% 贴息一年。', sizes: ['small', 'micro'] });
  const published = new Date(now.getTime() - 60 * DAY).toISOString();
  await db.execute(sql`update ${enterprisePolicies} set created_at = ${published}::timestamptz`);
  await db.execute(sql`update ${policyDeliveries} set delivered_at = ${published}::timestamptz`);
  await db.execute(sql`update ${policyDeliveries} d set read_at = d.delivered_at + interval '3 days', read_by = e.commissioner_user_id::text
    from ${enterprises} e where e.id = d.enterprise_id and abs(hashtext(d.enterprise_id::text || d.policy_id::text)) % 3 <> 0`);
  return { firms: firms.length, visits: visitRows.length, chains: chainDefs.length, enterpriseAppeals: links.length };
}
