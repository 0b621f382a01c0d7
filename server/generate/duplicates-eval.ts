/**
 * The labelled evaluation set of 多诉统办 (bench/duplicates.ts, appeals/similar.test.ts): problems
 * reported more than once — in other words, by other people, a few dozen metres and a few days apart —
 * beside hard negatives: another problem of the same category nearby, and the same words far away.
 * Deterministic from the seed.
 */
import { mulberry32, pick } from './random.js';

/** Each problem, its category and four ways residents put it. Two problems per category: each other's hard negative. */
export const PROBLEMS: { category: string; texts: string[] }[] = [
  { category: '0304', texts: ['小区门口的路灯坏了，晚上一片漆黑', '门口那几盏路灯好几天都不亮了，走夜路很怕', '路灯晚上不亮，老人出门看不见路', '大门外路灯坏掉一直没人修，天黑后很危险'] },
  { category: '0304', texts: ['路灯白天也一直亮着，浪费电', '大白天的路灯还开着没关', '这条路的路灯白天常亮，希望调整开关时间', '路灯全天亮着不熄灭'] },
  { category: '0302', texts: ['人行道上井盖缺了一块，有人差点掉下去', '井盖破了个洞，小孩很容易踩空', '路边窨井盖丢失，只剩一个黑洞', '井盖没了，用几块砖头挡着，很危险'] },
  { category: '0302', texts: ['井盖一踩就响，晚上车开过去哐当哐当吵得睡不着', '车压过井盖声音很大，半夜被吵醒', '马路上井盖松动，车辆经过噪音很大', '井盖不平，每过一辆车就响一次'] },
  { category: '0303', texts: ['一下雨菜市场门口就积水，没法走路', '下雨天市场门口水淹到脚踝', '市场入口排水不畅，雨后积水很深', '菜场门前雨水排不出去，积了一大滩'] },
  { category: '0303', texts: ['下水道堵了，污水从地漏冒出来', '楼下化粪池满了往外溢，臭气熏天', '排污管堵塞，污水漫到路面上', '下水管道堵住了，一楼污水倒灌'] },
  { category: '0202', texts: ['电梯又坏了，困了人半个小时', '电梯经常卡住，今天有人被关在里面', '电梯故障困人，物业很久才来', '电梯运行中突然停住，把人困在里面'] },
  { category: '0202', texts: ['电梯年检过期了还在用', '电梯检验合格证早已过期，担心安全', '电梯里贴的年检标志过期一年了', '电梯没有按时年检，合格证过期'] },
  { category: '0104', texts: ['广场舞音响声音太大，晚上十点还在跳', '晚上广场上跳舞的音乐开得很响，影响休息', '广场舞噪音扰民，孩子没法写作业', '每天晚上广场舞放音乐太吵了'] },
  { category: '0104', texts: ['对面KTV半夜唱歌声音很大', '歌厅营业到凌晨，噪音吵得睡不着', 'KTV深夜噪声扰民，多次反映无果', '楼下KTV唱到凌晨两三点'] },
  { category: '0102', texts: ['垃圾桶满了好几天没人清运，臭味很大', '小区垃圾堆积如山，环卫车几天没来', '垃圾站垃圾溢出来了，苍蝇乱飞', '垃圾没人收，堆在路边发臭'] },
  { category: '0102', texts: ['有人在河边空地乱倒建筑垃圾', '空地上堆满了装修废料，是偷倒的', '晚上有车来倾倒建筑渣土', '河岸边被人倾倒了很多砖头水泥块'] },
  { category: '0101', texts: ['早市小贩占道摆摊，车辆过不去', '路两边摆满了摊子，把路堵死了', '流动摊贩占用人行道卖菜', '马路被菜摊占了一半，交通拥堵'] },
  { category: '0101', texts: ['饭店把桌椅摆到人行道上经营', '餐馆门口占道摆桌吃夜宵', '烧烤店在人行道上摆桌子，行人只能走马路', '夜宵摊把桌子摆满了人行道'] },
  { category: '0804', texts: ['楼道里有人给电动车充电，拉了飞线', '有住户从楼上拉电线下来给电瓶车充电', '电动车停在楼道充电，很怕着火', '楼梯间电瓶车飞线充电，存在火灾隐患'] },
  { category: '0804', texts: ['小区充电桩坏了，电动车没地方充电', '充电桩一直显示故障，用不了', '车棚里的充电桩不能用了', '电动车充电桩损坏没人维修'] },
  { category: '0802', texts: ['楼道里闻到很重的煤气味', '单元楼里有燃气泄漏的味道', '家门口燃气管道有异味，担心漏气', '走廊里一股天然气味，怀疑管道漏了'] },
  { category: '0802', texts: ['燃气表走得特别快，费用比平时高很多', '这个月燃气费突然翻倍，怀疑表有问题', '燃气表计量不准，气费异常', '天然气费用明显偏高，申请校表'] },
  { category: '0901', texts: ['自来水发黄，有铁锈味', '水龙头放出来的水是黄的', '自来水浑浊发黄不能喝', '家里的水有股锈味，颜色发黄'] },
  { category: '0901', texts: ['停水了也没有提前通知', '突然停水一整天，事先没贴通知', '没有任何通知就断水了', '小区停水没提前告知，做不了饭'] },
  { category: '0704', texts: ['楼下饭馆油烟直接排到我家窗户', '餐馆的油烟熏得家里不敢开窗', '饭店排烟管对着居民楼，油烟很大', '一楼餐饮店油烟扰民，衣服都有味'] },
  { category: '0704', texts: ['烧烤摊烟雾很大，呛得人咳嗽', '夜市烧烤的烟飘进小区', '路边烧烤炭火烟味太重', '烧烤烟熏得整栋楼都是味道'] },
  { category: '0502', texts: ['工地老板拖欠我们三个月工资', '干完活了包工头一直不给工钱', '建筑工地欠薪，工人讨不到钱', '我们在工地做了半年，工资一分没拿到'] },
  { category: '0502', texts: ['饭店辞退我不给结清工资', '离职后公司扣着最后一个月工资不发', '辞职了老板拖着不结工资', '被辞退后剩余工资一直没发'] },
];

interface EvalAppeal {
  key: string;
  problem: number;
  text: string;
  categoryCode: string;
  lon: number;
  lat: number;
  anchor: number;
  phone: string;
  daysAgo: number;
}

export interface EvalProbe extends Omit<EvalAppeal, 'daysAgo'> {
  /** Keys of the appeals this one repeats (empty: a problem nobody reported yet). */
  repeats: string[];
}

const METRE = 1 / 111_320;
const REPEAT_METRES = 300;

function distance(a: { lon: number; lat: number }, b: { lon: number; lat: number }): number {
  const x = (b.lon - a.lon) * Math.cos((a.lat * Math.PI) / 180);
  return Math.hypot(x, b.lat - a.lat) / METRE;
}

/**
 * `anchors` are places (grid centroids); each case uses one. Per case: the earlier report (unless the
 * case is a new problem), another problem of the same category nearby, the same problem's words at a
 * place far away, and the probe — the new report to find suggestions for.
 */
export function duplicateEvalSet(anchors: { lon: number; lat: number }[], cases: number, seed = 20261205): { appeals: EvalAppeal[]; probes: EvalProbe[] } {
  const rnd = mulberry32(seed);
  const appeals: EvalAppeal[] = [];
  const probes: EvalProbe[] = [];
  let phones = 0;
  const phone = () => `139${String(70_000_000 + phones++).padStart(8, '0')}`;
  const near = (a: { lon: number; lat: number }, min: number, max: number) => {
    const d = (min + rnd() * (max - min)) * METRE;
    const angle = rnd() * 2 * Math.PI;
    return { lon: a.lon + (d * Math.cos(angle)) / Math.cos((a.lat * Math.PI) / 180), lat: a.lat + d * Math.sin(angle) };
  };
  // Each case at its own place while places last: two cases at one place would be each other's repeats.
  const order = anchors.map((_, i) => i).sort(() => rnd() - 0.5);
  for (let c = 0; c < cases; c++) {
    const anchor = order[c % order.length];
    const at = anchors[anchor];
    const problem = Math.floor(rnd() * PROBLEMS.length);
    const sibling = problem ^ 1;
    const p = PROBLEMS[problem];
    const fresh = rnd() < 0.25;
    const said = Math.floor(rnd() * 4);
    const sameRequester = rnd() < 0.15;
    const first = phone();
    if (!fresh) {
      const key = `c${c}:first`;
      appeals.push({ key, problem, text: p.texts[said], categoryCode: p.category, ...near(at, 0, 30), anchor, phone: first, daysAgo: 1 + Math.floor(rnd() * 20) });
    }
    const s = PROBLEMS[sibling];
    appeals.push({ key: `c${c}:sibling`, problem: sibling, text: pick(rnd, s.texts), categoryCode: s.category, ...near(at, 20, 150), anchor, phone: phone(), daysAgo: Math.floor(rnd() * 20) });
    const far = (anchor + 1 + Math.floor(rnd() * (anchors.length - 1))) % anchors.length;
    appeals.push({ key: `c${c}:far`, problem, text: pick(rnd, p.texts), categoryCode: p.category, ...near(anchors[far], 0, 50), anchor: far, phone: phone(), daysAgo: Math.floor(rnd() * 20) });
    const other = (said + 1 + Math.floor(rnd() * 3)) % 4;
    probes.push({ key: `c${c}:probe`, problem, text: p.texts[other], categoryCode: p.category, ...near(at, 10, 80), anchor, phone: sameRequester && !fresh ? first : phone(), repeats: [] });
  }
  // A repeat is the same problem at the same place (within REPEAT_METRES), whichever case made it.
  for (const p of probes) p.repeats = appeals.filter((a) => a.problem === p.problem && distance(a, p) <= REPEAT_METRES).map((a) => a.key);
  return { appeals, probes };
}
