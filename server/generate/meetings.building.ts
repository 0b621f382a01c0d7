/**
 * The meetings demo's building meetings (楼栋会) in 习溪桥社区: a year of them monthly on the 10th, one
 * postponed by the weather, the hazardous-trees decision with its photos, and the month's topic and action
 * at each of the others (the last ones still running, two late; one topic drawn from open appeals).
 */
import { and, asc, desc, eq, gt, lte, sql } from 'drizzle-orm';
import sharp from 'sharp';
import { inRegion } from '../platform/access.js';
import type { DbOrTx } from '../platform/db.js';
import { appeals } from '../modules/appeals/appeals.tables.js';
import { addDays, addWorkingDays } from '../modules/meetings/meetings.schedule.js';
import { planSeries } from '../modules/meetings/meetings.series.js';
import { meetingActions, meetingActionUpdates, meetingEvents, meetingFiles, meetings, meetingSeries, type ParticipantSpec } from '../modules/meetings/meetings.tables.js';
import { sealParticipant } from '../modules/meetings/meetings.people.js';
import { stableUuid } from './grids.js';
import { at, decide, hold, type DemoMeetingsOptions, type Kinds, type World } from './meetings.record.js';
import { intBetween, pick } from './random.js';

export const SERIES_TITLE = '习溪桥社区楼栋会';


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

/** The organisations the building meetings involve. */
export interface BuildingOrgs {
  party: string;
  property: string;
  communityOrg: string;
  ownerOf: Record<'property' | 'community' | 'street', string>;
}

/** The 楼栋会 series from `start`, planned up to two months ahead, and the past ones held; meetings planned and actions made. */
export async function buildingMeetings(w: World, opts: DemoMeetingsOptions, kinds: Kinds, orgs: BuildingOrgs, start: string, rnd: () => number): Promise<{ made: number; actions: number }> {
  const { tx, cal, today } = w;
  const { party, property, communityOrg, ownerOf } = orgs;
  let actions = 0;

  const participants: ParticipantSpec[] = [
    { party: 'community', label: '社区党委书记', userId: opts.staffUserId },
    { party: 'party_org', label: '洪城红管家', orgId: party },
    { party: 'property_company', label: '洪城物业项目经理', orgId: property },
    { party: 'street_cadre', label: '街道包片干部' },
    ...REPRESENTATIVES.map(([b, name, phone]) =>
      opts.vault ? sealParticipant(opts.vault, { party: 'resident_rep', label: `${b}栋居民代表`, name, phone }) : { party: 'resident_rep', label: `${b}栋居民代表` },
    ),
  ];
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
  const made = await planSeries(tx, series, start, addDays(today, 62), cal);
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
  return { made, actions };
}
