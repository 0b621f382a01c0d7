/**
 * Demo 依申请公开 requests, one or more in every state, driven through the real workflow on past days
 * (each step on the working day it would have happened), so their clocks are the calendar's own.
 */
import { SYSTEM_ACTOR } from '../platform/access.js';
import { systemContext } from '../platform/audit.js';
import type { Vault } from '../platform/crypto.js';
import type { Database } from '../platform/db.js';
import { createRequest, actOn } from '../modules/disclosure/disclosure.service.js';
import type { Action, ActionInput } from '../modules/disclosure/disclosure.workflow.js';

type Step = [daysAgo: number, action: Action, input?: ActionInput];
interface Demo {
  region: string;
  kind: 'resident' | 'firm';
  name: string;
  subject: string;
  receivedDaysAgo: number;
  steps: Step[];
}

const DEMOS = (county: string, township: string): Demo[] => [
  { region: township, kind: 'resident', name: '刘建华', subject: '申请公开习溪桥街道2025年老旧小区改造项目清单及资金使用情况', receivedDaysAgo: 2, steps: [] },
  { region: county, kind: 'firm', name: '吉安市恒信建材有限公司', subject: '申请公开吉州区2025年建筑垃圾消纳场所的审批文件', receivedDaysAgo: 5, steps: [[3, 'request_correction', { notice: '请写明所需审批文件的名称或文号' }]] },
  { region: county, kind: 'resident', name: '陈美玲', subject: '申请公开某小区加装电梯项目的施工许可及相邻业主意见书', receivedDaysAgo: 12, steps: [[6, 'start_consult', { notice: '涉及相邻业主，征求第三方意见' }]] },
  {
    region: county,
    kind: 'resident',
    name: '黄志强',
    subject: '申请公开吉州区2024—2025年城区道路改造工程的招投标结果',
    receivedDaysAgo: 26,
    steps: [[5, 'extend', { days: 15, notice: '所涉信息需多个部门汇总，经机关负责人同意延长答复期限 15 个工作日' }]],
  },
  {
    region: township,
    kind: 'resident',
    name: '周丽萍',
    subject: '申请公开本社区2025年低保审批名单公示情况',
    receivedDaysAgo: 40,
    steps: [
      [38, 'request_correction', { notice: '请明确社区名称及公示期间' }],
      [33, 'receive_correction'],
      [27, 'answer', { outcome: 'disclosed' }],
    ],
  },
  { region: county, kind: 'firm', name: '江西赣运物流有限公司', subject: '申请公开吉州区货车限行路段的决策依据', receivedDaysAgo: 30, steps: [[22, 'answer', { outcome: 'partly_disclosed', reason: '内部讨论记录属于过程性信息，不予公开' }]] },
  { region: county, kind: 'resident', name: '王德明', subject: '申请公开某企业环境违法案件的调查报告全文', receivedDaysAgo: 50, steps: [[40, 'answer', { outcome: 'not_disclosed', reason: '公开后可能危及正在进行的行政执法' }]] },
  { region: township, kind: 'resident', name: '李秋云', subject: '申请公开1998年本街道征地补偿标准文件', receivedDaysAgo: 60, steps: [[52, 'answer', { outcome: 'not_held', reason: '经检索，本机关未制作或获取该信息' }]] },
  { region: county, kind: 'resident', name: '赵永军', subject: '咨询如何办理个体工商户营业执照', receivedDaysAgo: 20, steps: [[18, 'answer', { outcome: 'not_a_request', reason: '属于咨询，已告知通过12345或政务服务中心办理' }]] },
];

export async function generateDisclosureRequests(database: Database, vault: Vault, opts: { county: string; township: string; now: Date }): Promise<number> {
  const ctx = systemContext('cli', SYSTEM_ACTOR);
  const deps = { database, vault };
  const day = (ago: number) => new Date(opts.now.getTime() - ago * 86_400_000);
  const ymd = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
  let made = 0;
  for (const d of DEMOS(opts.county, opts.township)) {
    const r = await createRequest(deps, ctx, { regionCode: d.region, applicantKind: d.kind, applicantName: d.name, subject: d.subject, receivedOn: ymd(day(d.receivedDaysAgo)) });
    let version = r.version;
    for (const [ago, action, input] of d.steps) {
      const after = await actOn(deps, ctx, r.id, action, { ...input, version }, day(ago));
      version = after.version;
    }
    made++;
  }
  return made;
}
