/**
 * Demo deliberation (议事协商) in 习溪桥社区: a year of monthly 楼栋会 on the 10th (days off moved to the next
 * working day), the hazardous-trees decision and its three trees removed, a 红色议事会 on high-altitude
 * throwing whose action — 16 cameras — finishes within a month, a 政协协商 round with 22 collected topics,
 * and a few late actions. Deterministic (seeded); written straight into the tables, backdated, in one
 * transaction. Idempotent: skipped when the series exists.
 */
import { and, asc, desc, eq, gt, lte, sql } from 'drizzle-orm';
import { inRegion, SYSTEM_ACTOR } from '../platform/access.js';
import { appeals } from '../modules/appeals/appeals.tables.js';
import sharp from 'sharp';
import type { Vault } from '../platform/crypto.js';
import { systemContext } from '../platform/audit.js';
import type { Database, DbOrTx } from '../platform/db.js';
import { workCalendar } from '../modules/calendar/calendar.service.js';
import { CHINA_OFFSET_MS, localParts, type WorkCalendar } from '../modules/calendar/calendar.time.js';
import { createOrg, listOrgs, type OrgKind } from '../modules/orgs/orgs.service.js';
import { addDays, addWorkingDays } from '../modules/meetings/meetings.schedule.js';
import { ensureKinds, planSeries } from '../modules/meetings/meetings.series.js';
import {
  meetingActions,
  meetingActionUpdates,
  meetingDecisions,
  meetingEvents,
  meetingFiles,
  meetingKinds,
  meetingParticipants,
  meetings,
  meetingSeries,
  meetingTopics,
  type ParticipantSpec,
} from '../modules/meetings/meetings.tables.js';
import { sealParticipant } from '../modules/meetings/meetings.people.js';
import { stableUuid } from './grids.js';
import { holidayMovedSeries } from './meetings.holiday.js';
import { intBetween, pick, rngFor } from './random.js';

const SERIES_TITLE = '习溪桥社区楼栋会';

/** A local date and time as an instant. */
const at = (ymd: string, hm = '19:00') => new Date(Date.parse(`${ymd}T${hm}:00Z`) - CHINA_OFFSET_MS);

/** Building-meeting topics, one or two a month, each with the action it leads to. */
const BUILDING_TOPICS: { topic: string; decision: string; action: string; owner: 'property' | 'community' | 'street'; days: number }[] = [
  { topic: '2 栋楼道灯损坏，夜间出行不便', decision: '物业一周内更换 2 栋全部楼道灯', action: '更换 2 栋楼道声控灯', owner: 'property', days: 5 },
  { topic: '电动车楼道停放充电，存在火灾隐患', decision: '在 5 栋旁增设集中充电桩 20 个，楼道禁止充电', action: '建设电动车集中充电棚', owner: 'community', days: 30 },
  { topic: '小区南门外占道经营，堵塞通道', decision: '联系城管劝导，划定临时摊位区', action: '劝导南门占道经营并划定摊位区', owner: 'street', days: 10 },
  { topic: '垃圾分类投放点异味大', decision: '增加清运频次至每日两次，投放点加装除臭设备', action: '垃圾投放点除臭改造', owner: 'property', days: 15 },
  { topic: '3 栋外墙瓷砖脱落', decision: '物业设置警戒区，申请维修基金维修外墙', action: '3 栋外墙瓷砖修复', owner: 'property', days: 25 },
  { topic: '老年人活动室开放时间短', decision: '活动室延长开放至晚上 9 点，由志愿者轮值', action: '调整老年活动室开放时间并排班', owner: 'community', days: 5 },
  { topic: '小区停车位不足，乱停车严重', decision: '重新施划停车位，夜间开放周边单位停车场', action: '重新施划小区停车位', owner: 'property', days: 20 },
  { topic: '雨季地下室积水', decision: '疏通地下室排水沟，加装抽水泵', action: '地下室排水沟疏通', owner: 'property', days: 10 },
  { topic: '流浪犬进入小区', decision: '联系相关部门收容，门岗加强管理', action: '联系收容流浪犬', owner: 'street', days: 7 },
  { topic: '小区健身器材缺少维护', decision: '物业每月巡检健身器材，损坏的一周内修复', action: '修复小区健身器材', owner: 'property', days: 7 },
  { topic: '单元门禁经常损坏', decision: '更换 1–6 栋单元门禁，费用由公共收益列支', action: '更换 1–6 栋单元门禁', owner: 'property', days: 20 },
  { topic: '儿童游乐设施老化', decision: '拆除损坏设施，申请更新', action: '更换儿童游乐设施', owner: 'community', days: 30 },
];

/** 政协协商: the 22 topics the street collected (丹江街道's practice, here in 习溪桥街道). */
const CPPCC_TOPICS = [
  '老旧小区加装电梯',
  '背街小巷路灯补缺',
  '农贸市场周边交通拥堵',
  '社区养老服务站运营',
  '学校周边上下学接送拥堵',
  '老旧管网改造',
  '小区电动车充电设施不足',
  '沿街商铺油烟扰民',
  '社区卫生服务站服务时间',
  '公厕数量不足',
  '停车难',
  '河道垃圾清理',
  '无物业小区管理',
  '社区文化活动场地',
  '快递驿站设置',
  '残疾人无障碍设施',
  '夜间施工噪音',
  '公交站点设置不合理',
  '绿地被占用种菜',
  '独居老人关爱',
  '外卖电动车交通安全',
  '城中村消防通道',
];

async function ensureOrg(database: Database, name: string, kind: OrgKind, regionCode: string): Promise<string> {
  const ctx = systemContext('cli', SYSTEM_ACTOR);
  const found = (await listOrgs(database.db, SYSTEM_ACTOR, { regionCode, q: name, pageSize: 20 })).items.find((o) => o.name === name && o.regionCode === regionCode);
  if (found) return found.id;
  return (await createOrg(database, ctx, { name, kind, regionCode, categoryCodes: [] })).id;
}

/** The representatives of the demo's buildings (names and mobiles sealed like any resident's). */
const REPRESENTATIVES: [number, string, string][] = [
  [1, '刘桂英', '13907960101'],
  [2, '罗国华', '13907960102'],
  [3, '胡建平', '13907960103'],
  [5, '曾春生', '13907960105'],
  [6, '肖秀珍', '13907960106'],
];

/** A small drawn picture of the works (a stump and a young tree; the sky greyer as the work goes on), as a JPEG. */
async function worksPhoto(step: number): Promise<Buffer> {
  const sky = ['#9ec9e8', '#b7d3e6', '#cfdde6'][step % 3];
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="480" height="360"><rect width="480" height="360" fill="${sky}"/><rect y="250" width="480" height="110" fill="#7a9a52"/><rect x="${120 + step * 60}" y="210" width="40" height="45" fill="#6b4a2b"/><ellipse cx="${140 + step * 60}" cy="208" rx="22" ry="6" fill="#c9a36b"/><rect x="330" y="170" width="10" height="85" fill="#6b4a2b"/><circle cx="335" cy="150" r="${20 + step * 6}" fill="#3f7d3a"/></svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 75 }).toBuffer();
}

/** A picture of a signed sheet on the table (lines for the names), as a JPEG: the minutes' photo. */
async function sheetPhoto(): Promise<Buffer> {
  const lines = Array.from({ length: 9 }, (_, i) => `<line x1="90" y1="${90 + i * 26}" x2="390" y2="${90 + i * 26}" stroke="#555" stroke-width="2"/>`).join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="480" height="360"><rect width="480" height="360" fill="#8a6a4a"/><rect x="70" y="40" width="340" height="290" fill="#fbfaf4"/>${lines}</svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 75 }).toBuffer();
}

/** The category with most of the place's appeals open at `moment` and closed since (the demo's appeals), or undefined. */
async function appealsOpenAt(db: DbOrTx, place: string, moment: Date): Promise<{ categoryCode: string; open: number } | undefined> {
  const [row] = await db
    .select({ categoryCode: appeals.categoryCode, open: sql<number>`count(*)::int` })
    .from(appeals)
    .where(and(inRegion(appeals.regionCode, place), lte(appeals.createdAt, moment), gt(appeals.closedAt, moment), eq(appeals.status, 'closed')))
    .groupBy(appeals.categoryCode)
    .orderBy(desc(sql`count(*)`), appeals.categoryCode)
    .limit(1);
  return row && row.open > 0 ? { categoryCode: row.categoryCode, open: Number(row.open) } : undefined;
}

interface World {
  tx: DbOrTx;
  cal: WorkCalendar;
  seed: number;
  today: string;
  staffId: string;
}

/** Signs in `present` of the meeting's participants and holds it on its date, with its event. */
async function hold(w: World, meetingId: string, date: string, present: number, minutes: string) {
  const list = await w.tx.select().from(meetingParticipants).where(eq(meetingParticipants.meetingId, meetingId));
  for (const p of list.slice(0, present)) {
    await w.tx.update(meetingParticipants).set({ signedInAt: at(date, '18:55'), signedInVia: 'list' }).where(eq(meetingParticipants.id, p.id));
  }
  await w.tx.update(meetings).set({ status: 'held', heldAt: at(date, '19:00'), minutes }).where(eq(meetings.id, meetingId));
  await w.tx.insert(meetingEvents).values({ meetingId, action: 'hold', fromStatus: 'scheduled', toStatus: 'held', actorId: w.staffId, at: at(date, '19:00') });
  return { invited: list.length, present: Math.min(present, list.length) };
}

interface ActionPlan {
  title: string;
  ownerOrgId: string;
  deadline: string;
  /** Progress steps [day offset from the meeting, per cent, note]; 100 finishes it. */
  steps: [number, number, string][];
}

async function decide(
  w: World,
  m: { id: string; seriesId: string | null; regionCode: string; date: string },
  att: { invited: number; present: number },
  d: { topic: string; proposer: string | null; text: string; votes?: [number, number, number]; actions: ActionPlan[]; fromAppeals?: { categoryCode: string; open: number } },
) {
  const topicId = stableUuid(w.seed, `meeting-topic:${m.id}:${d.topic}`);
  await w.tx.insert(meetingTopics).values({
    id: topicId,
    meetingId: m.id,
    regionCode: m.regionCode,
    title: d.fromAppeals ? `${d.topic}（${d.fromAppeals.open} 件未办结诉求）` : d.topic,
    source: d.fromAppeals ? 'appeals' : 'staff',
    categoryCode: d.fromAppeals?.categoryCode ?? null,
    appealCount: d.fromAppeals?.open ?? null,
    proposerUserId: d.proposer,
    status: 'accepted',
    createdBy: w.staffId,
    createdAt: at(addDays(m.date, -5), '10:00'),
  });
  const decisionId = stableUuid(w.seed, `meeting-decision:${m.id}:${d.topic}`);
  await w.tx.insert(meetingDecisions).values({
    id: decisionId,
    meetingId: m.id,
    topicId,
    regionCode: m.regionCode,
    text: d.text,
    method: d.votes ? 'show_of_hands' : 'consensus',
    votesFor: d.votes?.[0] ?? null,
    votesAgainst: d.votes?.[1] ?? null,
    votesAbstain: d.votes?.[2] ?? null,
    present: att.present,
    invited: att.invited,
    createdBy: w.staffId,
    createdAt: at(m.date, '20:00'),
  });
  for (const a of d.actions) {
    const id = stableUuid(w.seed, `meeting-action:${decisionId}:${a.title}`);
    let progress = 0;
    let status = 'planned';
    let doneAt: Date | null = null;
    const updates: (typeof meetingActionUpdates.$inferInsert)[] = [{ actionId: id, at: at(m.date, '20:00'), progress: 0, status: 'planned', actorId: w.staffId }];
    for (const [offset, pct, note] of a.steps) {
      const day = addDays(m.date, offset);
      if (day > w.today) break;
      progress = pct;
      status = pct >= 100 ? 'done' : 'in_progress';
      if (status === 'done') doneAt = at(day, '16:00');
      updates.push({ actionId: id, at: at(day, '16:00'), progress: pct, status, note, actorId: w.staffId });
    }
    await w.tx.insert(meetingActions).values({
      id,
      decisionId,
      meetingId: m.id,
      seriesId: m.seriesId,
      regionCode: m.regionCode,
      title: a.title,
      ownerOrgId: a.ownerOrgId,
      deadline: a.deadline,
      progress,
      status,
      proposerUserId: d.proposer,
      doneAt,
      createdBy: w.staffId,
      createdAt: at(m.date, '20:00'),
      updatedAt: updates[updates.length - 1].at!,
    });
    await w.tx.insert(meetingActionUpdates).values(updates);
  }
}

export async function generateDemoMeetings(
  database: Database,
  opts: { seed: number; community: string; township: string; now: Date; staffUserId: string; proposerUserId: string | null; vault?: Vault },
): Promise<{ meetings: number; actions: number }> {
  const db = database.db;
  await ensureKinds(db);
  const [existing] = await db
    .select({ id: meetingSeries.id })
    .from(meetingSeries)
    .where(and(eq(meetingSeries.regionCode, opts.community), eq(meetingSeries.title, SERIES_TITLE)));
  if (existing) return { meetings: 0, actions: 0 };

  const property = await ensureOrg(database, '洪城物业习溪桥服务中心', 'property_company', opts.community);
  const party = await ensureOrg(database, '习溪桥社区党委', 'party_org', opts.community);
  const owners = await ensureOrg(database, '阳明小区业主委员会', 'owners_committee', opts.community);
  const communityOrg = (await listOrgs(db, SYSTEM_ACTOR, { regionCode: opts.community, pageSize: 50 })).items.find((o) => o.kind === 'workstation')?.id ?? party;
  const streetOrg = (await listOrgs(db, SYSTEM_ACTOR, { regionCode: opts.township, pageSize: 50 })).items.find((o) => o.kind === 'governance_center')?.id ?? communityOrg;
  const ownerOf = { property, community: communityOrg, street: streetOrg };
  const kinds = new Map((await db.select().from(meetingKinds)).map((k) => [k.code, k]));
  const cal = await workCalendar(db);
  const today = localParts(opts.now).ymd;
  const rnd = rngFor(opts.seed, 'meetings');

  return db.transaction(async (tx) => {
    const w: World = { tx, cal, seed: opts.seed, today, staffId: opts.staffUserId };
    let actions = 0;

    // 1. A year of monthly 楼栋会 on the 10th.
    const participants: ParticipantSpec[] = [
      { party: 'community', label: '社区党委书记', userId: opts.staffUserId },
      { party: 'party_org', label: '洪城红管家', orgId: party },
      { party: 'property_company', label: '洪城物业项目经理', orgId: property },
      { party: 'street_cadre', label: '街道包片干部' },
      ...REPRESENTATIVES.map(([b, name, phone]) =>
        opts.vault ? sealParticipant(opts.vault, { party: 'resident_rep', label: `${b}栋居民代表`, name, phone }) : { party: 'resident_rep', label: `${b}栋居民代表` },
      ),
    ];
    const start = `${addDays(today, -365).slice(0, 7)}-01`;
    const seriesId = stableUuid(opts.seed, 'meeting-series:building');
    const [series] = await tx
      .insert(meetingSeries)
      .values({
        id: seriesId,
        regionCode: opts.community,
        kindId: kinds.get('building')!.id,
        title: SERIES_TITLE,
        convenerOrgId: communityOrg,
        rule: { freq: 'monthly_day', day: 10 },
        startDate: start,
        startTime: '19:30',
        moveOffDays: true,
        participants,
        createdBy: opts.staffUserId,
        createdAt: at(start, '09:00'),
      })
      .returning();
    let made = await planSeries(tx, series, start, addDays(today, 62), cal);
    const occurrences = (await tx.select().from(meetings).where(eq(meetings.seriesId, seriesId))).sort((a, b) => a.date.localeCompare(b.date));
    const past = occurrences.filter((o) => o.date < today);
    const treesAt = Math.min(2, past.length - 1);
    let drawn = false;
    for (const [i, o] of past.entries()) {
      if (i === past.length - 4 && i !== treesAt) {
        // One postponed by the weather, then held a week later.
        const newDate = addWorkingDays(cal, o.date, 5);
        await tx.update(meetings).set({ status: 'postponed', statusReason: '暴雨橙色预警，改期召开', date: newDate }).where(eq(meetings.id, o.id));
        await tx.insert(meetingEvents).values({ meetingId: o.id, action: 'postpone', fromStatus: 'scheduled', toStatus: 'postponed', reason: '暴雨橙色预警，改期召开', actorId: opts.staffUserId, at: at(o.date, '09:00') });
        if (newDate >= today) continue;
        o.date = newDate;
      }
      const att = await hold(w, o.id, o.date, intBetween(rnd, 6, 9), `${o.date} 楼栋会：通报上月事项进展，讨论本月议题。`);
      const m = { id: o.id, seriesId, regionCode: opts.community, date: o.date };
      if (i === treesAt) {
        await decide(w, m, att, {
          topic: '小区内 3 棵危树存在倒伏隐患',
          proposer: opts.proposerUserId,
          text: '同意砍伐 3 棵危树并于原位补种，物业负责实施，社区协调园林审批',
          votes: [att.present, 0, 0],
          actions: [
            {
              title: '砍伐 3 棵危树',
              ownerOrgId: property,
              deadline: addWorkingDays(cal, o.date, 15),
              steps: [
                [4, 33, '已砍伐 1 棵（1 栋旁）'],
                [9, 67, '已砍伐 2 棵'],
                [13, 100, '3 棵危树全部砍伐，现场清理完毕'],
              ],
            },
          ],
        });
        actions++;
        // Photos: the signed sheet with the minutes, and each step of the felling (shown on the public page).
        await tx.insert(meetingFiles).values({ id: stableUuid(opts.seed, `meeting-file:minutes:${o.id}`), meetingId: o.id, kind: 'minutes', filename: '签到表.jpg', mime: 'image/jpeg', ...(await sheetPhoto().then((d) => ({ size: d.length, data: d }))), createdBy: opts.staffUserId, createdAt: at(o.date, '21:00') });
        const [trees] = await tx.select({ id: meetingActions.id }).from(meetingActions).where(and(eq(meetingActions.meetingId, o.id), eq(meetingActions.title, '砍伐 3 棵危树')));
        const steps = await tx.select().from(meetingActionUpdates).where(and(eq(meetingActionUpdates.actionId, trees.id), gt(meetingActionUpdates.progress, 0))).orderBy(asc(meetingActionUpdates.id));
        for (const [k, u] of steps.entries()) {
          const data = await worksPhoto(k);
          await tx.insert(meetingFiles).values({ id: stableUuid(opts.seed, `meeting-file:progress:${u.id}`), meetingId: o.id, actionId: trees.id, updateId: u.id, kind: 'progress', filename: `现场${k + 1}.jpg`, mime: 'image/jpeg', size: data.length, data, createdBy: opts.staffUserId, createdAt: u.at });
        }
        continue;
      }
      const topic = BUILDING_TOPICS[i % BUILDING_TOPICS.length];
      // The last months' actions are still running; two of them are late.
      const late = i >= past.length - 3 && i < past.length - 1;
      const days = late ? Math.min(topic.days, 8) : topic.days;
      const deadline = addWorkingDays(cal, o.date, days);
      const finishIn = Math.round(days * 1.3) + intBetween(rnd, 0, 3);
      const steps: [number, number, string][] = late
        ? [[3, 40, '已开始实施']]
        : i === 4
          ? [
              [Math.round(finishIn / 2), 50, '施工过半'],
              [Math.round(days * 1.4) + 7, 100, '已完成（材料延迟到货，逾期完成）'],
            ]
          : [
              [Math.max(1, Math.round(days / 3)), 50, '推进中'],
              [Math.max(2, Math.round(days * 0.8)), 100, '已完成'],
            ];
      // Once: a topic drawn from the place's open appeals of one category, whose appeals closed after the decision.
      const fromAppeals = drawn ? undefined : await appealsOpenAt(tx, opts.community, at(o.date, '20:00'));
      if (fromAppeals) drawn = true;
      await decide(w, m, att, {
        fromAppeals,
        topic: topic.topic,
        proposer: pick(rnd, [opts.proposerUserId, null]),
        text: topic.decision,
        actions: [{ title: topic.action, ownerOrgId: ownerOf[topic.owner], deadline, steps }],
      });
      actions++;
    }

    // 1b. 议事日 on the 1st: its 国庆 / 元旦 / 劳动节 occurrences moved to the next working day.
    made += await holidayMovedSeries(tx, { seed: opts.seed, community: opts.community, kindId: kinds.get('listening_day')!.id, convenerOrgId: communityOrg, staffUserId: opts.staffUserId, start, until: addDays(today, 62), today, cal });

    // 2. 红色议事会 on high-altitude throwing: 16 cameras within a month.
    const redDate = addWorkingDays(cal, addDays(today, -150), 0);
    const red = stableUuid(opts.seed, 'meeting:red-council');
    const redKind = kinds.get('red_council')!;
    await tx.insert(meetings).values({
      id: red,
      regionCode: opts.community,
      kindId: redKind.id,
      title: '阳明小区红色议事会：高空抛物治理',
      date: redDate,
      startTime: '15:00',
      quorumNum: redKind.quorumNum,
      quorumDen: redKind.quorumDen,
      createdBy: opts.staffUserId,
      createdAt: at(addDays(redDate, -7), '09:00'),
    });
    const redParts: ParticipantSpec[] = [
      { party: 'party_org', label: '社区党委', orgId: party },
      { party: 'owners_committee', label: '业委会主任', orgId: owners },
      { party: 'owners_committee', label: '业委会委员' },
      { party: 'property_company', label: '洪城物业', orgId: property },
      ...[1, 2, 3, 4, 5].map((b) => ({ party: 'resident_rep', label: `${b}栋居民代表` })),
    ];
    await tx.insert(meetingParticipants).values(redParts.map((p, i) => ({ id: stableUuid(opts.seed, `red-part:${i}`), meetingId: red, party: p.party, label: p.label, orgId: p.orgId ?? null })));
    const redAtt = await hold(w, red, redDate, 9, '多名居民反映高空抛物，议定加装高空抛物监控，费用由公共收益列支。');
    await decide(w, { id: red, seriesId: null, regionCode: opts.community, date: redDate }, redAtt, {
      topic: '高空抛物屡禁不止，威胁行人安全',
      proposer: opts.proposerUserId,
      text: '在 1–8 栋加装 16 个高空抛物监控摄像头，费用由小区公共收益列支，物业一个月内完成',
      votes: [9, 0, 0],
      actions: [
        {
          title: '加装 16 个高空抛物监控摄像头',
          ownerOrgId: property,
          deadline: addDays(redDate, 30),
          steps: [
            [6, 25, '已完成选型与采购'],
            [15, 60, '已安装 10 个'],
            [26, 100, '16 个摄像头全部安装并接入监控室'],
          ],
        },
      ],
    });
    actions++;

    // 3. 政协协商 in the street: 22 collected topics, researched, five taken to consultation.
    const cppccDate = addWorkingDays(cal, addDays(today, -60), 0);
    const cppcc = stableUuid(opts.seed, 'meeting:cppcc');
    const cppccKind = kinds.get('cppcc')!;
    await tx.insert(meetings).values({
      id: cppcc,
      regionCode: opts.township,
      kindId: cppccKind.id,
      title: '习溪桥街道政协协商议事会（第三季度）',
      date: cppccDate,
      startTime: '09:00',
      quorumNum: cppccKind.quorumNum,
      quorumDen: cppccKind.quorumDen,
      createdBy: opts.staffUserId,
      createdAt: at(addDays(cppccDate, -40), '09:00'),
    });
    const cppccParts: ParticipantSpec[] = [
      ...[1, 2, 3, 4].map((n) => ({ party: 'deputy', label: `区政协委员 ${n}` })),
      { party: 'department', label: '区住建局' },
      { party: 'department', label: '区城管局' },
      { party: 'community', label: '各社区书记' },
      { party: 'resident_rep', label: '居民代表' },
    ];
    await tx.insert(meetingParticipants).values(cppccParts.map((p, i) => ({ id: stableUuid(opts.seed, `cppcc-part:${i}`), meetingId: cppcc, party: p.party, label: p.label })));
    const accepted = new Set([0, 4, 6, 10, 12]);
    await tx.insert(meetingTopics).values(
      CPPCC_TOPICS.map((title, i) => ({
        id: stableUuid(opts.seed, `cppcc-topic:${i}`),
        meetingId: cppcc,
        regionCode: opts.township,
        title,
        detail: accepted.has(i) ? '已开展会前调研，形成调研报告' : null,
        stage: accepted.has(i) ? 'consulted' : 'collected',
        researchReport: accepted.has(i) ? `${title}：会前走访相关居民、单位和职能部门，梳理问题清单与建议，形成调研报告。` : null,
        source: 'staff',
        status: accepted.has(i) ? 'accepted' : 'declined',
        reason: accepted.has(i) ? null : '纳入下一轮协商或转职能部门办理',
        createdBy: opts.staffUserId,
        createdAt: at(addDays(cppccDate, -40 + i), '10:00'),
      })),
    );
    const cAtt = await hold(w, cppcc, cppccDate, 7, '围绕 22 个征集议题中的 5 个开展协商，形成协商意见。');
    await decide(w, { id: cppcc, seriesId: null, regionCode: opts.township, date: cppccDate }, cAtt, {
      topic: '老旧小区加装电梯（协商意见）',
      proposer: null,
      text: '选取 3 个老旧小区试点加装电梯，街道牵头征求意见，住建局指导',
      actions: [{ title: '3 个小区加装电梯试点征求意见', ownerOrgId: streetOrg, deadline: addWorkingDays(cal, cppccDate, 30), steps: [[10, 30, '已完成 1 个小区意见征求']] }],
    });
    actions++;

    made += 2;
    return { meetings: made, actions };
  });
}
