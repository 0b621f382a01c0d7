/**
 * The meetings demo's consultations besides the building meetings: the 红色议事会 in 阳明小区 on
 * high-altitude throwing (16 cameras within a month) and the street's 政协协商 round (22 collected
 * topics, five researched and consulted on, one action).
 */
import { addDays, addWorkingDays } from '../modules/meetings/meetings.schedule.js';
import { meetingParticipants, meetings, meetingTopics, type ParticipantSpec } from '../modules/meetings/meetings.tables.js';
import { stableUuid } from './grids.js';
import { at, decide, hold, type DemoMeetingsOptions, type Kinds, type World } from './meetings.record.js';


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

/** The 红色议事会, held 150 days ago, and its cameras. */
export async function redCouncil(w: World, opts: DemoMeetingsOptions, kinds: Kinds, orgs: { party: string; owners: string; property: string }): Promise<void> {
  const { tx, cal, today } = w;
  const { party, owners, property } = orgs;

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
}

/** The street's 政协协商 round, held 60 days ago, and its action. */
export async function cppccRound(w: World, opts: DemoMeetingsOptions, kinds: Kinds, streetOrg: string): Promise<void> {
  const { tx, cal, today } = w;

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
}
