/**
 * A year of 人民调解 in 吉州区 for the demo: the bodies of 习溪桥街道 and the county (a community
 * committee, a 新乡贤 studio, a volunteer team, the court–federation liaison room, the chamber of
 * commerce's committee), their mediators, and cases as they come: neighbours' disputes found on visits,
 * a family dispute, labour disputes referred by the court before litigation, a dispute between two firms,
 * with sessions, agreements, performance checks, confirmations granted and one that lapsed.
 * Deterministic (seeded) and written in bulk: it adds well under a second to the demo.
 */
import { randomUUID } from 'node:crypto';
import sharp from 'sharp';
import { and, desc, eq, inArray, isNull, like } from 'drizzle-orm';
import type { Vault } from '../platform/crypto.js';
import { maskName, maskPhone } from '../platform/crypto.js';
import type { Database } from '../platform/db.js';
import { enqueue } from '../platform/jobs.js';
import { CONFIRMATION_JOB } from '../modules/mediation/mediation.act.js';
import { mediationAgreements, mediationAttachments, mediationCases, mediationChecks, mediationEvents, mediationParties, mediationSessions, mediators } from '../modules/mediation/mediation.tables.js';
import { addDays, CONFIRMATION_DAYS } from '../modules/mediation/mediation.workflow.js';
import { households, people } from '../modules/households/households.tables.js';
import { visits } from '../modules/visits/visits.tables.js';
import { orgs } from '../modules/orgs/orgs.tables.js';
import type { OrgKind } from '../modules/orgs/orgs.service.js';
import { personName } from './names.js';
import { intBetween, pick, rngFor } from './random.js';
import { stableUuid } from './grids.js';

const MEDIATION_TOWNSHIP = '360802004'; // 习溪桥街道
const MEDIATION_COMMUNITY = '360802004002'; // 习溪桥居委会
const DISPUTE_AT_THE_DOOR = '户主反映楼上空调外机冷凝水滴在自家阳台，双方多次争吵，情绪激动，希望社区调解。';
const SITUATION_AT_THE_DOOR = '矛盾排查：户主在家，谈及与楼上住户的矛盾，情绪激动。';
const COUNTY = '360802';

/** The organisations the demo's mediation needs, created with the others. */
export const MEDIATION_DEMO_ORGS: { name: string; kind: OrgKind; regionCode: string; categoryCodes: string[] }[] = [
  { name: '习溪桥居委会人民调解委员会', kind: 'mediation_committee', regionCode: MEDIATION_COMMUNITY, categoryCodes: [] },
  { name: '习溪桥街道新乡贤调解工作室', kind: 'elder_studio', regionCode: MEDIATION_TOWNSHIP, categoryCodes: [] },
  { name: '习溪桥街道马大叔调解队', kind: 'volunteer_team', regionCode: MEDIATION_TOWNSHIP, categoryCodes: [] },
  { name: '吉州区诉调对接工作室', kind: 'court_liaison', regionCode: COUNTY, categoryCodes: [] },
  { name: '吉州区总商会人民调解委员会', kind: 'chamber_mediation', regionCode: COUNTY, categoryCodes: [] },
  { name: '习溪桥司法所', kind: 'justice_office', regionCode: MEDIATION_TOWNSHIP, categoryCodes: [] },
  { name: '吉州区人民法院', kind: 'court', regionCode: COUNTY, categoryCodes: [] },
];

const MEDIATORS: [string, string, string[]][] = [
  ['习溪桥居委会人民调解委员会', '罗德昌', ['neighbours', 'property_management']],
  ['习溪桥居委会人民调解委员会', '周桂英', ['family', 'neighbours']],
  ['习溪桥街道新乡贤调解工作室', '欧阳明德', ['family', 'land']],
  ['习溪桥街道新乡贤调解工作室', '曾庆华', ['land', 'neighbours']],
  ['习溪桥街道新乡贤调解工作室', '刘文海', ['family', 'debt']],
  ['习溪桥街道马大叔调解队', '马国平', ['neighbours', 'debt', 'damages']],
  ['吉州区诉调对接工作室', '胡静（律师）', ['labour', 'contract']],
  ['吉州区总商会人民调解委员会', '彭建华', ['contract', 'debt']],
];

interface Story {
  body: string;
  source: 'visit' | 'application' | 'court' | 'federation';
  kind: string;
  title: string;
  summary: string;
  amount: [number, number];
  facts: string;
  duties: [string, string];
  manner: string;
  notes: { hardship: string; crux: string; reconcile: string };
  firms?: [string, string];
}

const NEIGHBOURS: Story[] = [
  {
    body: '习溪桥居委会人民调解委员会',
    source: 'visit',
    kind: 'neighbours',
    title: '楼上卫生间漏水致楼下天花板受损',
    summary: '入户走访中住户反映，楼上卫生间长期渗水，楼下天花板霉变脱落，双方多次争吵。',
    amount: [1500, 6000],
    facts: '楼上住户卫生间防水层老化渗漏，致楼下住户天花板及墙面受损，双方对维修及赔偿产生争议。',
    duties: ['于履行期限内完成卫生间防水维修，并承担楼下天花板修复费用', '配合入户查看与维修施工'],
    manner: '楼上住户请人维修防水层，修复费用现金一次性支付',
    notes: { hardship: '楼下住户诉说天花板霉变，孩子过敏，多次敲门未果', crux: '防水层老化，楼上住户担心费用过高', reconcile: '讲邻里情分，讲相邻关系的道理，讲民法典相邻关系条款，双方同意分担' },
  },
  {
    body: '习溪桥居委会人民调解委员会',
    source: 'visit',
    kind: 'neighbours',
    title: '楼道堆放杂物占用消防通道',
    summary: '网格员走访发现，住户在楼道长期堆放杂物，邻居多次劝说无果，发生口角。',
    amount: [0, 0],
    facts: '住户在公共楼道堆放纸箱、旧家具，影响通行及消防安全，邻居多次劝说引发矛盾。',
    duties: ['三日内清理楼道杂物，今后不再占用公共部位', '不再就此事争吵，共同维护楼道整洁'],
    manner: '自行清理，社区网格员现场查看',
    notes: { hardship: '邻居反映夜间通行被绊倒', crux: '堆放者认为杂物暂放无妨', reconcile: '讲消防安全，讲邻里互谅，当场约定清理时间' },
  },
  {
    body: '习溪桥居委会人民调解委员会',
    source: 'visit',
    kind: 'neighbours',
    title: '装修噪音扰民纠纷',
    summary: '住户装修在午休和夜间施工，楼上楼下多户投诉，双方在走访时情绪激动。',
    amount: [0, 2000],
    facts: '住户装修期间在午休及夜间施工，噪音影响邻居休息，双方发生争执。',
    duties: ['严格在工作日 8:00-12:00、14:00-18:00 施工，向受影响住户致歉', '装修期间给予理解，不再采取过激行为'],
    manner: '按约定时段施工，物业监督',
    notes: { hardship: '老人失眠，孩子备考', crux: '装修工期紧、施工队不守时', reconcile: '讲将心比心，讲物业管理规约，约定施工时段' },
  },
  {
    body: '习溪桥居委会人民调解委员会',
    source: 'visit',
    kind: 'property_management',
    title: '物业费拖欠与电梯维修争议',
    summary: '部分业主以电梯长期故障为由拒交物业费，物业公司欲停水停电，矛盾激化。',
    amount: [3000, 12000],
    facts: '电梯故障维修迟缓，业主拒交物业费，物业公司与业主之间发生争议。',
    duties: ['一个月内完成电梯维修并公示维修费用', '电梯修复后补交所欠物业费'],
    manner: '物业公司维修并公示，业主分期补交',
    notes: { hardship: '老人上下楼困难', crux: '维修资金使用不透明', reconcile: '讲道理、讲合同、讲物业管理条例，三方签字' },
  },
  {
    body: '习溪桥街道马大叔调解队',
    source: 'application',
    kind: 'damages',
    title: '电动车剐蹭赔偿纠纷',
    summary: '两位居民在小区内电动车相撞，一方受轻伤，对医药费赔偿数额争执不下。',
    amount: [800, 5000],
    facts: '双方驾驶电动车在小区道路相撞，一方受轻伤，双方对责任划分及医药费赔偿存在争议。',
    duties: ['承担医药费及误工费的七成', '承担其余三成，不再追究'],
    manner: '现金一次性支付',
    notes: { hardship: '伤者诉说误工损失', crux: '双方均有过错', reconcile: '讲情讲理讲法，按过错比例分担' },
  },
  {
    body: '习溪桥街道马大叔调解队',
    source: 'application',
    kind: 'debt',
    title: '亲友借款逾期未还纠纷',
    summary: '居民向亲友借款用于经营，逾期一年未还，双方关系紧张。',
    amount: [20000, 80000],
    facts: '借款人向出借人借款用于经营，约定一年归还，逾期未还。',
    duties: ['分期归还借款本金，不计利息', '同意分期并免除利息'],
    manner: '按月转账分期归还',
    notes: { hardship: '出借人家中急需用钱', crux: '借款人经营困难', reconcile: '讲亲情，讲诚信，约定分期' },
  },
];

const FAMILY: Story = {
  body: '习溪桥街道新乡贤调解工作室',
  source: 'application',
  kind: 'family',
  title: '三兄弟赡养老母亲纠纷',
  summary: '八旬老人有三子，因赡养费分担和轮流照料问题兄弟反目，老人到社区哭诉。',
  amount: [6000, 18000],
  facts: '老人年迈多病，三子对赡养费分担及轮流照料安排意见不一，长期互相推诿。',
  duties: ['长子、次子、三子每月各支付赡养费 600 元，按月轮流照料', '老人同意按轮流安排居住'],
  manner: '每月 5 日前转入老人账户，轮流照料按月交接',
  notes: { hardship: '老人诉说无人照顾、看病无人陪同', crux: '兄弟间旧怨及收入差距', reconcile: '乡贤讲孝道亲情，讲赡养义务的道理，讲民法典赡养条款，兄弟三人当场签字' },
};

const LABOUR: Story = {
  body: '吉州区诉调对接工作室',
  source: 'court',
  kind: 'labour',
  title: '物流公司拖欠工资纠纷（诉前调解）',
  summary: '十余名货车司机起诉物流公司拖欠三个月工资，法院立案前委派诉调对接工作室调解。',
  amount: [150000, 280000],
  facts: '物流公司因资金周转困难，拖欠司机三个月工资，司机向人民法院起诉，法院委派诉前调解。',
  duties: ['分两期支付拖欠工资', '收到工资后撤回起诉，不再另行主张'],
  manner: '银行转账分两期支付',
  notes: { hardship: '司机家庭生活困难，房贷断供', crux: '公司应收账款未回笼', reconcile: '讲劳动法，讲企业信誉，讲诉讼成本，达成分期方案' },
};

const CHAMBER: Story = {
  body: '吉州区总商会人民调解委员会',
  source: 'federation',
  kind: 'contract',
  title: '建材货款结算纠纷',
  summary: '两家商会会员企业因建材质量异议拖欠货款，影响后续合作，工商联转商会调解。',
  amount: [320000, 650000],
  facts: '买方以部分建材质量不合格为由拒付尾款，卖方认为质量合格，双方发生合同纠纷。',
  duties: ['支付货款尾款的九成', '对质量异议部分让利一成，并更换不合格批次'],
  manner: '对公转账，更换货物于十五日内完成',
  notes: { hardship: '卖方资金链紧张', crux: '质量检验标准不一致', reconcile: '讲商会情谊，讲合同约定，讲诉讼成本，双方各让一步' },
  firms: ['吉安市恒达建材有限公司', '江西庐陵建设工程有限公司'],
};

const SESSION_PLACES: Record<string, string> = {
  习溪桥居委会人民调解委员会: '习溪桥居委会调解室',
  习溪桥街道新乡贤调解工作室: '新乡贤调解工作室',
  习溪桥街道马大叔调解队: '马大叔调解室',
  吉州区诉调对接工作室: '吉州区人民法院诉调对接工作室',
  吉州区总商会人民调解委员会: '吉州区总商会会议室',
};

const DAY = 86_400_000;
const ymd = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
const creditCode = (rnd: () => number) => `913608${String(intBetween(rnd, 10, 99))}MA${Array.from({ length: 8 }, () => pick(rnd, [...'0123456789ABCDEFGHJKLMNPQRTUWXY'])).join('')}`;

type Plan = { story: Story; openedDaysAgo: number; fate: 'performed' | 'failed' | 'not_agreed' | 'referred' | 'agreed' | 'in_session' | 'accepted' | 'applied' | 'declined'; confirmation?: 'granted' | 'lapsed' | 'none' | 'soon' };

/** The year's plan: which story, how long ago, how it ended. */
function planYear(rnd: () => number): Plan[] {
  const plans: Plan[] = [];
  for (let i = 0; i < 44; i++) {
    const days = intBetween(rnd, 20, 360);
    const r = rnd();
    const fate: Plan['fate'] = r < 0.6 ? 'performed' : r < 0.68 ? 'failed' : r < 0.82 ? 'not_agreed' : r < 0.9 ? 'referred' : r < 0.95 ? 'declined' : 'performed';
    plans.push({ story: pick(rnd, NEIGHBOURS), openedDaysAgo: days, fate, confirmation: fate === 'performed' && rnd() < 0.25 ? 'granted' : 'none' });
  }
  // The named cases the issue asks for.
  plans.push({ story: FAMILY, openedDaysAgo: 150, fate: 'performed', confirmation: 'granted' });
  plans.push({ story: LABOUR, openedDaysAgo: 95, fate: 'performed', confirmation: 'granted' });
  plans.push({ story: LABOUR, openedDaysAgo: 60, fate: 'agreed', confirmation: 'none' });
  plans.push({ story: CHAMBER, openedDaysAgo: 200, fate: 'performed', confirmation: 'granted' });
  plans.push({ story: CHAMBER, openedDaysAgo: 45, fate: 'agreed', confirmation: 'none' });
  // On the 司法所's board: a confirmation that lapsed, and one about to.
  plans.push({ story: NEIGHBOURS[3], openedDaysAgo: 70, fate: 'agreed', confirmation: 'lapsed' });
  plans.push({ story: FAMILY, openedDaysAgo: 40, fate: 'agreed', confirmation: 'soon' });
  // Work in hand now.
  plans.push({ story: NEIGHBOURS[0], openedDaysAgo: 12, fate: 'in_session' });
  plans.push({ story: NEIGHBOURS[2], openedDaysAgo: 9, fate: 'accepted' });
  plans.push({ story: NEIGHBOURS[1], openedDaysAgo: 8, fate: 'applied' }); // overdue for acceptance
  plans.push({ story: NEIGHBOURS[4], openedDaysAgo: 1, fate: 'applied' });
  plans.push({ story: FAMILY, openedDaysAgo: 20, fate: 'in_session' });
  plans.push({ story: LABOUR, openedDaysAgo: 5, fate: 'accepted' });
  return plans;
}

export async function generateDemoMediation(database: Database, vault: Vault, opts: { seed: number; now: Date }): Promise<{ cases: number }> {
  const db = database.db;
  const rnd = rngFor(opts.seed, 'mediation');
  const orgRows = await db.select({ id: orgs.id, name: orgs.name, regionCode: orgs.regionCode }).from(orgs).where(inArray(orgs.name, MEDIATION_DEMO_ORGS.map((o) => o.name)));
  const org = new Map(orgRows.map((o) => [o.name, o]));
  const court = org.get('吉州区人民法院');
  if (!court || orgRows.length < MEDIATION_DEMO_ORGS.length) return { cases: 0 };
  // Loaded once: a second run over the same workspace leaves the cases as they are.
  if ((await db.select({ id: mediationCases.id }).from(mediationCases).where(eq(mediationCases.id, stableUuid(opts.seed, 'mediation-case:0')))).length) return { cases: 0 };

  const mediatorRows = MEDIATORS.map(([body, name, specialities]) => ({ id: stableUuid(opts.seed, `mediator:${name}`), bodyId: org.get(body)!.id, regionCode: org.get(body)!.regionCode, name, specialities }));
  await db.insert(mediators).values(mediatorRows).onConflictDoNothing();
  const mediatorsOf = (bodyId: string) => mediatorRows.filter((m) => m.bodyId === bodyId);

  // Neighbours from the household files of the community; visits there to point at.
  const residents = await db
    .select({ id: people.id, name: people.name, phoneMasked: people.phoneMasked })
    .from(people)
    .innerJoin(households, eq(households.id, people.householdId))
    .where(and(like(households.gridCode, `${MEDIATION_COMMUNITY}%`), eq(people.status, 'active')))
    .orderBy(people.id)
    .limit(400);
  // The cases from visits cite visits that met somebody and found nothing else; each becomes a dispute found at the door.
  const atTheDoor = and(like(visits.gridCode, `${MEDIATION_COMMUNITY}%`), eq(visits.outcome, 'met'), inArray(visits.finding, ['nothing', 'dispute']));
  const visitIds = (await db.select({ id: visits.id }).from(visits).where(and(atTheDoor, isNull(visits.mediationCaseId))).orderBy(visits.id).limit(60)).map((v) => v.id);
  // 矛盾排查: the community's latest visit where someone was met found a neighbours' quarrel (the visit's
  // dispute finding), not yet sent to mediation (the console's 转人民调解 on the visit opens the case).
  const [latest] = await db.select({ id: visits.id }).from(visits).where(atTheDoor).orderBy(desc(visits.checkInAt), desc(visits.id)).limit(1);
  if (latest) await db.update(visits).set({ situation: SITUATION_AT_THE_DOOR, finding: 'dispute', disputeSummary: DISPUTE_AT_THE_DOOR }).where(eq(visits.id, latest.id));
  const visitRefs = visitIds.filter((v) => v !== latest?.id);

  const cases: (typeof mediationCases.$inferInsert)[] = [];
  const parties: (typeof mediationParties.$inferInsert)[] = [];
  const sessions: (typeof mediationSessions.$inferInsert)[] = [];
  const agreements: (typeof mediationAgreements.$inferInsert)[] = [];
  const signed: (typeof mediationAttachments.$inferInsert)[] = [];
  const scan = await signedScan();
  const checks: (typeof mediationChecks.$inferInsert)[] = [];
  const events: (typeof mediationEvents.$inferInsert)[] = [];
  const jobs: { caseId: string; dueOn: string }[] = [];
  const plans = planYear(rnd).sort((a, b) => b.openedDaysAgo - a.openedDaysAgo);
  const seq = new Map<string, number>();

  for (const [i, p] of plans.entries()) {
    const s = p.story;
    const body = org.get(s.body)!;
    const id = stableUuid(opts.seed, `mediation-case:${i}`);
    const opened = new Date(opts.now.getTime() - p.openedDaysAgo * DAY - intBetween(rnd, 1, 8) * 3600_000);
    const year = ymd(opened).slice(0, 4);
    const n = (seq.get(year) ?? 0) + 1;
    seq.set(year, n);
    const m = pick(rnd, mediatorsOf(body.id));
    const amountFen = intBetween(rnd, s.amount[0], s.amount[1]) * 100;
    const ev = (at: Date, type: string, from: string | null, to: string | null, actorName: string, note?: string) => events.push({ caseId: id, type, fromStatus: from, toStatus: to, actorName, note: note ?? null, at });

    // The parties: residents (from the files) for the community's disputes; outsiders; two firms.
    const partyIds: string[] = [];
    const addOutsider = (side: string) => {
      const name = personName(rnd);
      const phone = `139${String(intBetween(rnd, 10000000, 99999999))}`;
      const pid = randomUUID();
      parties.push({ id: pid, caseId: id, side, kind: 'outsider', nameEnc: vault.encrypt(name), nameMasked: maskName(name), phoneEnc: vault.encrypt(phone), phoneBidx: vault.blindIndex('phone', phone), phoneMasked: maskPhone(phone) });
      partyIds.push(pid);
    };
    if (s.firms) {
      for (const [k, firm] of s.firms.entries()) {
        const pid = randomUUID();
        const rep = personName(rnd);
        parties.push({ id: pid, caseId: id, side: k === 0 ? 'applicant' : 'respondent', kind: 'enterprise', nameMasked: firm, enterpriseName: firm, creditCode: creditCode(rnd), representativeEnc: vault.encrypt(rep), representativeMasked: maskName(rep) });
        partyIds.push(pid);
      }
    } else if (s.source === 'court') {
      addOutsider('applicant');
      const pid = randomUUID();
      parties.push({ id: pid, caseId: id, side: 'respondent', kind: 'enterprise', nameMasked: '吉安市顺达物流有限公司', enterpriseName: '吉安市顺达物流有限公司', creditCode: creditCode(rnd) });
      partyIds.push(pid);
    } else if (residents.length >= 2 && s.body === '习溪桥居委会人民调解委员会') {
      for (const side of ['applicant', 'respondent']) {
        const r = pick(rnd, residents);
        const pid = randomUUID();
        parties.push({ id: pid, caseId: id, side, kind: 'person', personId: r.id, nameEnc: vault.encrypt(r.name), nameMasked: maskName(r.name), phoneMasked: r.phoneMasked });
        partyIds.push(pid);
      }
    } else {
      addOutsider('applicant');
      addOutsider('respondent');
    }

    const c: typeof mediationCases.$inferInsert = {
      id,
      number: `TJ${year}${String(n).padStart(5, '0')}`,
      bodyId: body.id,
      regionCode: body.regionCode,
      status: 'applied',
      source: s.source,
      sourceRef: s.source === 'visit' && visitRefs.length ? pick(rnd, visitRefs) : null,
      referringOrgId: s.source === 'court' ? court.id : null,
      kind: s.kind,
      title: s.title,
      summary: s.summary,
      amountFen,
      risk: amountFen > 10_000_000 ? 'high' : p.fate === 'failed' || rnd() < 0.2 ? 'medium' : 'low',
      riskKinds: s.source === 'court' ? ['to_petition'] : rnd() < 0.1 ? ['to_violence'] : [],
      mediatorId: m.id,
      stepDueAt: new Date(opened.getTime() + 3 * DAY),
      createdBy: 'system',
      createdAt: opened,
      updatedAt: opened,
      version: 1,
    };
    ev(opened, 'apply', null, 'applied', s.source === 'court' ? '吉州区人民法院' : m.name);
    cases.push(c);
    if (p.fate === 'applied') continue;
    if (p.fate === 'declined') {
      const at = new Date(opened.getTime() + DAY);
      Object.assign(c, { status: 'closed', declineReason: '纠纷已进入诉讼程序，不属于人民调解受理范围', acceptedAt: null, concludedAt: at, closedAt: at, stepDueAt: null });
      ev(at, 'decline', 'applied', 'declined', m.name, c.declineReason!);
      ev(at, 'close', 'declined', 'closed', m.name);
      continue;
    }
    const accepted = new Date(opened.getTime() + intBetween(rnd, 0, 2) * DAY + 3600_000);
    Object.assign(c, { status: 'accepted', acceptedAt: accepted, stepDueAt: new Date(accepted.getTime() + 30 * DAY) });
    ev(accepted, 'accept', 'applied', 'accepted', m.name);
    if (p.fate === 'accepted') continue;
    const investigated = new Date(accepted.getTime() + DAY);
    ev(investigated, 'investigate', 'accepted', 'investigating', m.name);
    const rounds = p.fate === 'not_agreed' ? 3 : intBetween(rnd, 1, 2);
    let last = investigated;
    for (let k = 0; k < rounds; k++) {
      last = new Date(last.getTime() + intBetween(rnd, 2, 5) * DAY);
      sessions.push({ id: randomUUID(), caseId: id, heldOn: ymd(last), place: SESSION_PLACES[s.body] ?? '调解室', attendees: `双方当事人、调解员${m.name}`, notes: s.notes, createdBy: 'system', createdAt: last });
      ev(last, 'hold_session', k === 0 ? 'investigating' : 'in_session', 'in_session', m.name);
    }
    c.status = 'in_session';
    if (p.fate === 'in_session') {
      // The next session is today: the mediator's day shows it.
      Object.assign(c, { nextSessionOn: ymd(opts.now), nextSessionPlace: SESSION_PLACES[s.body] ?? '调解室' });
      continue;
    }
    const concluded = new Date(last.getTime() + 3600_000);
    if (p.fate === 'not_agreed' || p.fate === 'referred') {
      Object.assign(c, { status: 'not_agreed', concludedAt: concluded, stepDueAt: null });
      ev(concluded, 'no_agreement', 'in_session', 'not_agreed', m.name, '双方分歧较大，未能达成协议');
      if (p.fate === 'referred') {
        Object.assign(c, { status: 'referred', referredTo: 'court', referredName: '吉州区人民法院' });
        ev(new Date(concluded.getTime() + DAY), 'refer', 'not_agreed', 'referred', m.name);
      }
      if (p.openedDaysAgo > 40) {
        const from = c.status as string;
        Object.assign(c, { status: 'closed', closedAt: new Date(concluded.getTime() + 5 * DAY) });
        ev(c.closedAt as Date, 'close', from, 'closed', m.name);
      }
      continue;
    }
    // The agreement (Art. 29), in effect the day it was signed.
    const effectiveOn = p.confirmation === 'soon' ? addDays(ymd(opts.now), -26) : p.confirmation === 'lapsed' ? addDays(ymd(opts.now), -45) : ymd(concluded);
    const deadline = addDays(effectiveOn, intBetween(rnd, 15, 45));
    // The signed copy, photographed, kept with its version.
    signed.push({ id: randomUUID(), caseId: id, step: 'agree', agreementVersion: 1, filename: `${c.number}-协议书签字页.jpg`, mime: 'image/jpeg', size: scan.length, data: scan, createdAt: concluded });
    agreements.push({ id: randomUUID(), caseId: id, version: 1, facts: s.facts, responsibilities: partyIds.map((pid, k) => ({ partyId: pid, text: s.duties[Math.min(k, 1)] })), manner: s.manner, deadline, effectiveOn, createdBy: 'system', createdAt: concluded });
    const dueOn = addDays(effectiveOn, CONFIRMATION_DAYS);
    Object.assign(c, { status: 'agreed', concludedAt: concluded, confirmationDueOn: dueOn, stepDueAt: new Date(`${addDays(deadline, 1)}T00:00:00+08:00`) });
    ev(concluded, 'agree', 'in_session', 'agreed', m.name);
    if (p.confirmation === 'granted') {
      c.confirmation = 'granted';
      ev(new Date(concluded.getTime() + 2 * DAY), 'apply_confirmation', 'agreed', 'agreed', m.name);
      ev(new Date(concluded.getTime() + 4 * DAY), 'court_accept', 'agreed', 'agreed', '吉州区人民法院');
      ev(new Date(concluded.getTime() + 6 * DAY), 'court_decide', 'agreed', 'agreed', '吉州区人民法院', '裁定调解协议有效');
    } else if (p.confirmation === 'lapsed') {
      c.confirmation = 'lapsed';
      c.confirmationWarned = true;
      ev(new Date(`${addDays(dueOn, -5)}T09:00:00+08:00`), 'confirmation_warning', null, null, '系统');
      ev(new Date(`${addDays(dueOn, 1)}T00:00:00+08:00`), 'confirmation_lapsed', null, null, '系统');
    } else if (dueOn >= ymd(opts.now)) {
      jobs.push({ caseId: id, dueOn });
    }
    if (p.fate === 'agreed') continue;
    // Performance followed (Art. 31): a check midway, then performed or failed.
    const mid = addDays(effectiveOn, 7);
    checks.push({ id: randomUUID(), caseId: id, checkedOn: mid, result: 'ongoing', note: '回访：已部分履行', createdAt: new Date(`${mid}T10:00:00+08:00`) });
    ev(new Date(`${mid}T10:00:00+08:00`), 'check', 'agreed', 'agreed', m.name);
    const end = deadline;
    const ok = p.fate === 'performed';
    checks.push({ id: randomUUID(), caseId: id, checkedOn: end, result: ok ? 'performed' : 'failed', note: ok ? '回访：协议已全部履行' : '回访：逾期未履行，告知当事人可向法院起诉', createdAt: new Date(`${end}T10:00:00+08:00`) });
    ev(new Date(`${end}T10:00:00+08:00`), ok ? 'performed' : 'failed', 'agreed', ok ? 'performed' : 'failed', m.name);
    Object.assign(c, { status: ok ? 'performed' : 'failed', stepDueAt: null });
    if (new Date(`${end}T00:00:00+08:00`).getTime() < opts.now.getTime() - 20 * DAY) {
      const closed = new Date(`${addDays(end, 10)}T10:00:00+08:00`);
      ev(closed, 'close', c.status as string, 'closed', m.name);
      Object.assign(c, { status: 'closed', closedAt: closed });
    }
  }
  await db.transaction(async (tx) => {
    await tx.insert(mediationCases).values(cases).onConflictDoNothing();
    // The visits the cases came from: a dispute found at the door, sent to mediation (the first case citing it).
    for (const c of cases) {
      if (c.source !== 'visit' || !c.sourceRef) continue;
      await tx
        .update(visits)
        .set({ finding: 'dispute', disputeSummary: c.summary, mediationCaseId: c.id, mediationCaseNumber: c.number })
        .where(and(eq(visits.id, c.sourceRef), isNull(visits.mediationCaseId)));
    }
    await tx.insert(mediationParties).values(parties);
    if (sessions.length) await tx.insert(mediationSessions).values(sessions);
    if (agreements.length) await tx.insert(mediationAgreements).values(agreements);
    if (signed.length) await tx.insert(mediationAttachments).values(signed);
    if (checks.length) await tx.insert(mediationChecks).values(checks);
    await tx.insert(mediationEvents).values(events);
    for (const j of jobs) {
      await enqueue(tx, { kind: CONFIRMATION_JOB, key: `${CONFIRMATION_JOB}.warn:${j.caseId}`, runAt: new Date(`${addDays(j.dueOn, -5)}T09:00:00+08:00`), payload: { caseId: j.caseId, step: 'warn' } });
      await enqueue(tx, { kind: CONFIRMATION_JOB, key: `${CONFIRMATION_JOB}.lapse:${j.caseId}`, runAt: new Date(`${addDays(j.dueOn, 1)}T00:00:00+08:00`), payload: { caseId: j.caseId, step: 'lapse' } });
    }
  });
  return { cases: cases.length };
}

/** A photographed signature page for the demo: a sheet with ruled lines and hand-drawn signatures (one image, shared). */
async function signedScan(): Promise<Buffer> {
  const lines = [260, 330, 400, 470].map((y) => `<line x1="60" y1="${y}" x2="540" y2="${y}" stroke="#333" stroke-width="2"/>`).join('');
  const names = [250, 320, 390, 460].map((y, i) => `<path d="M${200 + i * 20} ${y} c 20 -30, 40 20, 60 -10 s 40 10, 70 -20" fill="none" stroke="#1a3c8c" stroke-width="3"/>`).join('');
  const seal = '<circle cx="440" cy="560" r="70" fill="none" stroke="#c8161d" stroke-width="6"/><polygon points="440,520 452,552 486,552 458,572 468,604 440,584 412,604 422,572 394,552 428,552" fill="#c8161d"/>';
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="600" height="800"><rect width="600" height="800" fill="#f7f5ef"/><rect x="60" y="60" width="480" height="40" fill="#ddd"/>${lines}${names}${seal}</svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 70 }).toBuffer();
}
