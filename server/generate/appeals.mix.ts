/**
 * The mix the generated appeals are drawn from: channels at their shares, the departments that handle each
 * category, sample texts, and the hours of the day appeals come in.
 */
export const CHANNEL_MIX: [string, number][] = [
  ['visit', 34],
  ['hotline', 12],
  ['qr', 14],
  ['photo', 8],
  ['patrol', 10],
  ['12345', 12],
  ['listening_point', 4],
  ['deliberation', 2],
  ['petition', 2],
  ['enterprise', 2],
];
export const FIELD = new Set(['visit', 'patrol', 'photo']);

/** Department name suffix → the top-level categories it handles. */
export const DEPARTMENTS: [string, string[]][] = [
  ['住房和城乡建设局', ['02', '09']],
  ['城市管理局', ['01', '03']],
  ['民政局', ['04']],
  ['人力资源和社会保障局', ['05']],
  ['司法局', ['06']],
  ['生态环境局', ['07']],
  ['应急管理局', ['08']],
  ['工业和信息化局', ['10']],
  ['教育体育局', ['11']],
  ['行政审批局', ['12']],
  ['市场监督管理局', ['13']],
  ['信访局', ['99']],
];

export const SAMPLE_TEXTS: Record<string, string[]> = {
  '01': ['门口有人占道摆摊，影响通行', '小区旁垃圾堆放多日无人清运', '楼顶有人私搭乱建', '夜间广场舞音响太吵'],
  '02': ['电梯经常停运，老人上下楼困难', '物业不作为，楼道灯坏了没人修', '小区停车位被外来车辆占用'],
  '03': ['路面塌陷一个大坑', '井盖松动，晚上很危险', '下雨后路口积水严重', '路灯不亮好几天了'],
  '04': ['家里老人独居无人照料，申请帮扶', '低保申请材料不知道怎么准备', '孩子上学学费困难，申请临时救助'],
  '05': ['工地拖欠工资三个月', '想参加技能培训找工作', '医保报销流程咨询'],
  '06': ['邻居装修噪音纠纷', '宅基地边界有争议', '物业费收费标准有争议'],
  '07': ['附近餐馆油烟扰民', '河道有污水排放', '工厂夜间噪声大'],
  '08': ['楼道里电动车充电，有火灾隐患', '老旧房屋墙体开裂', '燃气管道有异味'],
  '09': ['小区停水没有提前通知', '经常停电影响生活', '天然气开户办理慢'],
  '10': ['企业用地审批进度咨询', '企业用电扩容需要协调', '合同纠纷需要协调'],
  '11': ['孩子入学报名咨询', '卫生院看病排队时间长', '学校门口交通拥堵'],
  '12': ['申请公开拆迁补偿标准', '办证需要的材料咨询', '证照办理进度查询'],
  '13': ['超市售卖过期食品', '网购商品质量投诉', '菜市场价格不规范'],
  '99': ['其他事项咨询'],
};

export const HOUR = 3600_000;

/** China-time hour weights: appeals come in the daytime, most in office hours. */
const HOUR_WEIGHT = [1, 0.5, 0.3, 0.3, 0.3, 0.5, 1, 3, 7, 9, 9, 8, 5, 5, 7, 8, 8, 7, 5, 4, 4, 3, 2, 1.5];
const HOUR_MAX = Math.max(...HOUR_WEIGHT);

export function drawInstant(rnd: () => number, from: number, to: number): number {
  for (;;) {
    const t = from + Math.floor(rnd() * (to - from));
    const local = new Date(t + 8 * HOUR);
    const weekend = local.getUTCDay() === 0 || local.getUTCDay() === 6;
    if (rnd() * HOUR_MAX <= HOUR_WEIGHT[local.getUTCHours()] * (weekend ? 0.6 : 1)) return t;
  }
}
