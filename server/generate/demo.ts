import { SYSTEM_ACTOR, type Role } from '../platform/access.js';
import { audit, systemContext } from '../platform/audit.js';
import type { Database } from '../platform/db.js';
import { garbageCollector } from '../platform/memory.js';
import { installDemoTaxonomy } from '../modules/categories/categories.service.js';
import { installDemoLimits } from '../modules/appeals/appeals.limits.js';
import { assignWorkers } from '../modules/grids/grids.service.js';
import { createOrg, listOrgs, type OrgKind } from '../modules/orgs/orgs.service.js';
import { importDivisions, type ImportProgress } from '../modules/regions/regions.import.js';
import { children } from '../modules/regions/regions.service.js';
import { hashPassword } from '../modules/users/passwords.js';
import { idsByUsername, insertGeneratedUsers, type GeneratedUser } from '../modules/users/users.service.js';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { inRegion } from '../platform/access.js';
import { grids as gridsTable } from '../modules/grids/grids.tables.js';
import { regions } from '../modules/regions/regions.tables.js';
import { generateCountyGrids, stableUuid } from './grids.js';
import { generateHouseholds } from './households.js';
import { generateVisits } from './visits.js';
import { localParts } from '../modules/calendar/calendar.time.js';
import { villageShortName } from './names.js';
import { createVault, maskPhone } from '../platform/crypto.js';
import { DEMO_APPEALS_PER_YEAR, demoAppealCounts, generateDemoAppeals } from './demo-appeals.js';
import { generateDemoMeetings } from './meetings.js';
import { generateDemoDuplicates } from './demo-duplicates.js';
import { generateDemoMediation, MEDIATION_DEMO_ORGS } from './mediation.js';
import { generateMediationFlows } from './mediation.flows.js';
import { orgs as orgsTable } from '../modules/orgs/orgs.tables.js';
import { generateVolunteers } from './volunteers.js';
import { generateWishes } from './wishes.js';
import { generateDemoFunds } from './funds.js';
import { generateEnterprises } from './enterprises.js';
import { generateFirmDisputes } from './enterprise-disputes.js';
import { generateDemoWithdrawals } from './enterprise-withdrawals.js';
import { generateAssessmentReports } from './assessment.js';
import { generateWarnings } from './warnings.js';
import { generateDisclosureRequests } from './disclosure.js';
import { generateDemoReminders } from './reminders.js';

/** One password for every demo account, printed at start and in the README. Never used outside the demo. */
export const DEMO_PASSWORD = 'Tingsu2026';
export const DEMO_SEED = 20261122;

const DEMO_CITY = '3608'; // 吉安市
const DEMO_COUNTY = '360802'; // 吉州区
const DEMO_TOWNSHIP = '360802004'; // 习溪桥街道
const DEMO_COMMUNITY = '360802004002'; // 习溪桥居委会
const DEMO_VILLAGE_TOWNSHIP = '360802100'; // 兴桥镇

/** Where 吉州区 lies, roughly: its generated grids are laid over this box. */
export const JIZHOU_BOX = { west: 114.88, east: 115.06, south: 27.03, north: 27.2 };

export interface DemoAccount {
  username: string;
  displayName: string;
  roles: Role[];
  regionCode: string;
  org?: string;
  gridWorkerKind?: string;
  grid?: string;
  /** A work mobile for the SMS that reach staff (催办、督办); a made-up number. */
  phone?: string;
  description: string;
}

export const DEMO_ACCOUNTS: DemoAccount[] = [
  { username: 'admin', displayName: '系统管理员', roles: ['admin'], regionCode: '', description: '系统管理员（全部区域）' },
  { username: 'leader', displayName: '刘建国', roles: ['leader'], regionCode: DEMO_COUNTY, description: '领导（吉州区）' },
  {
    username: 'dispatcher',
    displayName: '陈海燕',
    roles: ['dispatcher'],
    regionCode: DEMO_TOWNSHIP,
    org: '习溪桥街道综治中心',
    description: '派遣员（习溪桥街道综治中心）',
  },
  {
    username: 'handler',
    displayName: '王志强',
    roles: ['handler'],
    regionCode: DEMO_COUNTY,
    org: '吉州区城市管理局',
    phone: '13979600001',
    description: '部门处置人员（吉州区城市管理局）',
  },
  {
    username: 'community',
    displayName: '李秀兰',
    roles: ['community_staff'],
    regionCode: DEMO_COMMUNITY,
    org: '习溪桥社区工作站',
    description: '社区工作人员（习溪桥社区）',
  },
  {
    username: 'grid',
    displayName: '张晓东',
    roles: ['grid_worker'],
    regionCode: `${DEMO_COMMUNITY}001`,
    gridWorkerKind: 'full_time',
    grid: `${DEMO_COMMUNITY}001`,
    description: '网格员（习溪桥社区第一网格）',
  },
  // 人民调解: a mediator of the community's committee, the township's 司法所, the court's liaison.
  // A community worker who sits on the community's committee: reads the visits and sends a dispute to mediation.
  { username: 'tiaojie', displayName: '邹美华', roles: ['community_staff'], regionCode: DEMO_COMMUNITY, org: '习溪桥居委会人民调解委员会', description: '社区工作人员兼人民调解委员（习溪桥居委会）' },
  { username: 'mediator', displayName: '罗德昌', roles: ['mediator'], regionCode: DEMO_COMMUNITY, org: '习溪桥居委会人民调解委员会', description: '调解员（习溪桥居委会人民调解委员会）' },
  { username: 'sifasuo', displayName: '彭丽萍', roles: ['mediator'], regionCode: DEMO_TOWNSHIP, org: '习溪桥司法所', description: '司法所（监督本街道人民调解）' },
  { username: 'court', displayName: '胡静', roles: ['mediator'], regionCode: DEMO_COUNTY, org: '吉州区人民法院', description: '法院诉调对接联络员（吉州区人民法院）' },
];

/** The county's departments and the appeal categories each handles. */
const DEPARTMENTS: [string, string[]][] = [
  ['吉州区住房和城乡建设局', ['0201', '0202', '0203', '0204', '0205', '0803', '0901', '0903']],
  ['吉州区城市管理局', ['0101', '0102', '0103', '0104', '0105', '0106', '0301', '0302', '0303', '0304']],
  ['吉州区交通运输局', ['0305', '0805']],
  ['吉州区民政局', ['0401', '0402', '0404', '0405']],
  ['吉州区残疾人联合会', ['0403']],
  ['吉州区人力资源和社会保障局', ['0501', '0502', '0503', '0504', '0605']],
  ['吉州区市场监督管理局', ['1301', '1302', '1303']],
  ['吉安市公安局吉州分局', ['0601', '0805']],
  ['吉安市吉州生态环境局', ['0701', '0702', '0703', '0704']],
  ['吉州区应急管理局', ['0801', '0802']],
  ['吉州区教育体育局', ['1101', '1103']],
  ['吉州区卫生健康委员会', ['1102']],
  ['吉州区司法局', ['0601', '0602', '0603', '0604']],
  ['吉州区工业和信息化局', ['1001', '1002', '1003', '1004']],
  ['吉州区发展和改革委员会', ['0902']],
  ['吉州区行政审批局', ['1201', '1202', '1203']],
  ['吉州区信访局', ['9901']],
];

export interface DemoSummary {
  regions: number;
  orgs: number;
  grids: number;
  accounts: number;
  households: number;
  visits: number;
  people: number;
  appeals: number;
  messages: number;
  wishes: number;
  ms: number;
}

/** Households per grid in the demo: enough to feel real, few enough to load in seconds. */
const DEMO_HOUSEHOLDS_PER_GRID = { urban: [14, 22] as [number, number], rural: [12, 18] as [number, number] };

const DEDICATED: [string, string][] = [
  ['school', '学校'],
  ['hospital', '医院'],
  ['market', '农贸市场'],
  ['industrial_park', '工业园'],
];

/**
 * Some of 吉州区's generated grids are 专属网格 (a school, a hospital, a market, an industrial park),
 * and grids get their party organisation: a branch in urban communities, a group in villages.
 */
async function shapeDemoGrids(database: Database): Promise<void> {
  const db = database.db;
  const rows = await db
    .select({ code: gridsTable.code, name: gridsTable.name, kind: gridsTable.kind, villageName: regions.name })
    .from(gridsTable)
    .innerJoin(regions, eq(regions.code, gridsTable.villageCode))
    .where(inRegion(gridsTable.code, DEMO_COUNTY))
    .orderBy(asc(gridsTable.code));
  const urban = rows.filter((r) => /(居委会|社区)$/.test(r.villageName) && r.code.endsWith('003') && !r.code.startsWith(DEMO_COMMUNITY));
  for (const [i, g] of urban.slice(0, DEDICATED.length * 2).entries()) {
    const [subKind, label] = DEDICATED[i % DEDICATED.length];
    if (g.kind === 'dedicated') continue;
    await db
      .update(gridsTable)
      .set({ kind: 'dedicated', subKind, name: `${villageShortName(g.villageName)}${label}专属网格` })
      .where(eq(gridsTable.code, g.code));
  }
  await db
    .update(gridsTable)
    .set({ partyOrgName: sql`${gridsTable.name} || '党支部'`, partyOrgKind: 'branch' })
    .where(and(inRegion(gridsTable.code, DEMO_COUNTY), sql`${gridsTable.partyOrgName} is null`, inArray(gridsTable.villageCode, rows.filter((r) => /(居委会|社区)$/.test(r.villageName)).map((r) => r.code.slice(0, 12)))));
  await db
    .update(gridsTable)
    .set({ partyOrgName: sql`${gridsTable.name} || '党小组'`, partyOrgKind: 'group' })
    .where(and(inRegion(gridsTable.code, DEMO_COUNTY), sql`${gridsTable.partyOrgName} is null`));
}

export type Progress = (stage: string, done: number, total: number) => void;

/**
 * How much history the demo generates over its fixed geography (the divisions, organisations, grids,
 * accounts and household files do not scale). The generator's paths are the same at any scale.
 */
export interface DemoScale {
  /** Working days of door-to-door visits, ending yesterday. */
  visitDays: number;
  /** Appeals over the last twelve months, besides the ones pinned on the demo accounts' desks. */
  appealsPerYear: number;
}

/** The demo as `tingsu demo` loads it: a month (22 working days) of visits and a year of appeals. */
export const DEMO_SCALE: DemoScale = { visitDays: 22, appealsPerYear: DEMO_APPEALS_PER_YEAR };

/**
 * The demo workspace: all of 吉安市's real divisions, the demo taxonomy, 吉州区's departments,
 * governance centres and community workstations, generated grids with a worker each, and the demo
 * accounts. Idempotent: running it again adds only what is missing.
 */
export async function loadDemo(
  database: Database,
  opts: { secret: string; seed?: number; scale?: DemoScale; onProgress?: Progress },
): Promise<DemoSummary> {
  const started = Date.now();
  const seed = opts.seed ?? DEMO_SEED;
  const scale = opts.scale ?? DEMO_SCALE;
  // Collecting garbage as it reports progress keeps the load's peak memory near what is live (platform/memory.ts).
  const collect = garbageCollector();
  const progress: Progress = (stage, done, total) => (collect(), opts.onProgress?.(stage, done, total));
  const ctx = systemContext('cli', SYSTEM_ACTOR);
  const db = database.db;

  const imported = await importDivisions(database, '36', {
    cityCode: DEMO_CITY,
    onProgress: (p: ImportProgress) => progress('行政区划 divisions', p.done, p.total),
  });
  await installDemoTaxonomy(db);
  await installDemoLimits(db);

  // Organisations.
  const existing = new Set((await listOrgs(db, SYSTEM_ACTOR, { regionCode: DEMO_COUNTY, pageSize: 200 })).items.map((o) => `${o.regionCode}:${o.name}`));
  const wanted: { name: string; kind: OrgKind; regionCode: string; categoryCodes: string[] }[] = DEPARTMENTS.map(([name, categoryCodes]) => ({
    name,
    kind: 'department',
    regionCode: DEMO_COUNTY,
    categoryCodes,
  }));
  wanted.push(...MEDIATION_DEMO_ORGS);
  const townships = await children(db, SYSTEM_ACTOR, DEMO_COUNTY);
  for (const t of townships) {
    wanted.push({ name: `${t.name}综治中心`, kind: 'governance_center', regionCode: t.code, categoryCodes: ['0601', '0602', '0603', '0604', '9901'] });
    for (const v of await children(db, SYSTEM_ACTOR, t.code)) {
      wanted.push({ name: `${villageShortName(v.name)}工作站`, kind: 'workstation', regionCode: v.code, categoryCodes: ['0601', '0205', '9901'] });
    }
  }
  let orgCount = 0;
  for (const o of wanted) {
    if (!existing.has(`${o.regionCode}:${o.name}`)) await createOrg(database, ctx, o);
    orgCount++;
    if (orgCount % 20 === 0 || orgCount === wanted.length) progress('组织机构 organisations', orgCount, wanted.length);
  }

  // Grids and their workers.
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const grids = await generateCountyGrids(database, DEMO_COUNTY, JIZHOU_BOX, {
    seed,
    passwordHash,
    onProgress: (done, total) => progress('网格 grids', done, total),
  });

  // Named demo accounts.
  const orgIds = new Map(
    (await listOrgs(db, SYSTEM_ACTOR, { regionCode: DEMO_COUNTY, pageSize: 200 })).items.map((o) => [o.name, o.id]),
  );
  const vault = createVault(opts.secret);
  const accounts: GeneratedUser[] = DEMO_ACCOUNTS.map((a) => ({
    id: stableUuid(seed, a.username),
    username: a.username,
    displayName: a.displayName,
    passwordHash,
    roles: a.roles,
    regionCode: a.regionCode,
    orgId: a.org ? orgIds.get(a.org) ?? null : null,
    gridWorkerKind: a.gridWorkerKind ?? null,
    phoneEnc: a.phone ? vault.encrypt(a.phone) : null,
    phoneMasked: a.phone ? maskPhone(a.phone) : null,
  }));
  // A 大组长 (one person, five roles) in a rural village: grid worker and village staff at once.
  const ruralVillages = await children(db, SYSTEM_ACTOR, DEMO_VILLAGE_TOWNSHIP);
  const rural = ruralVillages[0];
  if (rural) {
    accounts.push({
      id: stableUuid(seed, 'dazuzhang'),
      username: 'dazuzhang',
      displayName: '曾水生',
      passwordHash,
      roles: ['grid_worker', 'community_staff'],
      regionCode: rural.code,
      orgId: null,
      gridWorkerKind: 'group_leader',
    });
  }
  await insertGeneratedUsers(db, accounts);
  const ids = await idsByUsername(db, ['grid', 'dazuzhang']);
  await assignWorkers(db, [
    { gridCode: `${DEMO_COMMUNITY}001`, userId: ids.get('grid')!, kind: 'full_time' },
    ...(rural && ids.get('dazuzhang') ? [{ gridCode: `${rural.code}001`, userId: ids.get('dazuzhang')!, kind: 'group_leader' }] : []),
  ]);

  await shapeDemoGrids(database);
  const files = await generateHouseholds(database, opts.secret, {
    seed,
    within: DEMO_COUNTY,
    perGrid: DEMO_HOUSEHOLDS_PER_GRID,
    onProgress: (done, total) => progress('户档案 households', done, total),
  });
  // A month (22 working days) of door-to-door visits, planned and worked as the rules say.
  const visited = await generateVisits(database, {
    seed,
    within: DEMO_COUNTY,
    days: scale.visitDays,
    today: localParts(new Date()).ymd,
    onProgress: (done, total) => progress('入户走访 visits', done, total),
  });

  // A year of appeals up to now, and the work waiting on each demo account's desk.
  const [neighbour] = await db
    .select({ code: gridsTable.code })
    .from(gridsTable)
    .where(and(eq(gridsTable.villageCode, DEMO_COMMUNITY), sql`${gridsTable.code} <> ${`${DEMO_COMMUNITY}001`}`))
    .orderBy(asc(gridsTable.code))
    .limit(1);
  await generateDemoAppeals(database, vault, {
    seed,
    count: scale.appealsPerYear,
    now: new Date(),
    desks: { county: DEMO_COUNTY, grid: `${DEMO_COMMUNITY}001`, neighbourGrid: neighbour?.code ?? `${DEMO_COMMUNITY}001`, ruralGrid: rural ? `${rural.code}001` : undefined },
    onProgress: (done, total) => progress('诉求 appeals', done, total),
  });
  // 多诉统办: problems reported twice in other words on the township's desk, some with 我也遇到.
  await generateDemoDuplicates(database, vault, DEMO_COMMUNITY);
  // Firms in two parks, commissioners and their visits, three chains; the year's enterprise appeals linked to firms.
  await generateEnterprises(database, vault, { seed, county: DEMO_COUNTY, leaderUserId: (await idsByUsername(db, ['leader'])).get('leader'), passwordHash, now: new Date() });
  // This month's withdrawals for the monthly audit, through the enterprise desk and the appeals workflow.
  await generateDemoWithdrawals(database, vault);
  progress('企业 enterprises', 1, 1);
  const appealCounts = await demoAppealCounts(database, DEMO_COUNTY);
  // Deliberation in 习溪桥社区: the monthly 楼栋会, a 红色议事会 and the street's 政协协商.
  const staffIds = await idsByUsername(db, ['community', 'grid']);
  await generateDemoMeetings(database, {
    seed,
    community: DEMO_COMMUNITY,
    township: DEMO_TOWNSHIP,
    now: new Date(),
    staffUserId: staffIds.get('community')!,
    proposerUserId: staffIds.get('grid') ?? null,
    vault,
  });
  // A year of 人民调解 cases in 习溪桥街道 and the county's liaison rooms.
  await generateDemoMediation(database, vault, { seed, now: new Date() });
  // Appeals that went to mediation and follow their cases; the court's referrals and their deadline.
  const bodyIds = new Map((await db.select({ id: orgsTable.id, name: orgsTable.name }).from(orgsTable).where(inArray(orgsTable.name, ['习溪桥居委会人民调解委员会', '习溪桥街道新乡贤调解工作室', '吉州区人民法院']))).map((o) => [o.name, o.id]));
  if (bodyIds.size === 3) {
    await generateMediationFlows(database, vault, { seed, now: new Date(), grid: `${DEMO_COMMUNITY}001`, county: DEMO_COUNTY, committeeId: bodyIds.get('习溪桥居委会人民调解委员会')!, committeeRegion: DEMO_COMMUNITY, studioId: bodyIds.get('习溪桥街道新乡贤调解工作室')!, courtId: bodyIds.get('吉州区人民法院')! });
  }
  // Business disputes between firms of the register, referred by the federation to the chamber's committee.
  await generateFirmDisputes(database, vault, { seed, county: DEMO_COUNTY, passwordHash });
  progress('人民调解 mediation', 1, 1);
  // 微心愿: last June's campaign and one open now.
  progress('微心愿 wishes', 0, 1);
  const wished = await generateWishes(database, { seed, county: DEMO_COUNTY, now: new Date() });
  progress('微心愿 wishes', 1, 1);
  // Party members, paired units, the three lists and a month of volunteer activities.
  await generateVolunteers(database, { seed, secret: opts.secret, township: DEMO_TOWNSHIP, now: new Date() });

  // 社区吹哨专项基金 and 三账公开: the county fund, its projects, the community's public income.
  const person = (username: string) => ({ id: stableUuid(seed, username), name: DEMO_ACCOUNTS.find((a) => a.username === username)!.displayName });
  const money = await generateDemoFunds(database, vault, {
    seed,
    county: DEMO_COUNTY,
    township: DEMO_TOWNSHIP,
    community: DEMO_COMMUNITY,
    passwordHash,
    now: new Date(),
    people: { community: person('community'), township: person('dispatcher'), county: person('leader') },
  });
  progress('吹哨基金 funds', money.projects, money.projects);
  // 未诉先办 warnings from the year's appeals, the seasonal rules, and the leader's 每月一题 (before the reports, which list them).
  const account = (username: string) => {
    const a = DEMO_ACCOUNTS.find((x) => x.username === username)!;
    return { id: stableUuid(seed, username), username, displayName: a.displayName, regionCode: a.regionCode };
  };
  await generateWarnings(database, { county: DEMO_COUNTY, community: DEMO_COMMUNITY, now: new Date(), admin: account('admin'), dispatcher: account('dispatcher'), leader: account('leader') });
  progress('预警与每月一题 warnings', 1, 1);
  // A year of monthly assessment reports, computed from those appeals.
  await generateAssessmentReports(database, DEMO_COUNTY, new Date());
  progress('月度考核报告 reports', 1, 1);
  await generateDisclosureRequests(database, vault, { county: DEMO_COUNTY, township: DEMO_TOWNSHIP, now: new Date() });
  // 小闹钟: dates on the grid worker's household files and the county's firms, due over the next weeks.
  await generateDemoReminders(database, vault, { grid: `${DEMO_COMMUNITY}001`, county: DEMO_COUNTY, now: new Date() });

  const summary = {
    regions: imported.total,
    orgs: wanted.length,
    grids: grids.grids,
    accounts: accounts.length + grids.workers,
    households: files.households,
    people: files.people,
    visits: visited.visits,
    appeals: appealCounts.appeals,
    messages: appealCounts.messages,
    wishes: wished.wishes,
    ms: Date.now() - started,
  };
  await audit(db, ctx, { action: 'demo.load', regionCode: DEMO_CITY, details: { ...summary } });
  return summary;
}
