/**
 * Where the demo is and who works in it: the codes of 吉州区 and the places the demo's stories happen,
 * the county's departments with the appeal categories each handles, and the named demo accounts that
 * `tingsu demo` prints (demo.ts creates them all).
 */
import type { Role } from '../platform/access.js';


export const DEMO_CITY = '3608'; // 吉安市
export const DEMO_COUNTY = '360802'; // 吉州区
export const DEMO_TOWNSHIP = '360802004'; // 习溪桥街道
export const DEMO_COMMUNITY = '360802004002'; // 习溪桥居委会
export const DEMO_VILLAGE_TOWNSHIP = '360802100'; // 兴桥镇

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
export const DEPARTMENTS: [string, string[]][] = [
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
