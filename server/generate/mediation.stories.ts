/**
 * What the mediation demo (mediation.ts) tells: the mediators of each body, the disputes as stories
 * (neighbours', a family's, a labour dispute referred by the court, a dispute between two firms), where
 * each body holds its sessions, and the year's plan: which story, how long ago, how it ended.
 */
import { intBetween, pick } from './random.js';

export const MEDIATORS: [string, string, string[]][] = [
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

export const SESSION_PLACES: Record<string, string> = {
  习溪桥居委会人民调解委员会: '习溪桥居委会调解室',
  习溪桥街道新乡贤调解工作室: '新乡贤调解工作室',
  习溪桥街道马大叔调解队: '马大叔调解室',
  吉州区诉调对接工作室: '吉州区人民法院诉调对接工作室',
  吉州区总商会人民调解委员会: '吉州区总商会会议室',
};

type Plan = { story: Story; openedDaysAgo: number; fate: 'performed' | 'failed' | 'not_agreed' | 'referred' | 'agreed' | 'in_session' | 'accepted' | 'applied' | 'declined'; confirmation?: 'granted' | 'lapsed' | 'none' | 'soon' };

/** The year's plan: which story, how long ago, how it ended. */
export function planYear(rnd: () => number): Plan[] {
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
