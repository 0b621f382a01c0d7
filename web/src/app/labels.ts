import type { Bilingual } from './i18n';
import type { GridWorkerKind, Level, OrgKind, Role } from './contract';

/** Display names of the domain's enumerations (see docs/DOMAIN.md). */

export const ROLE_LABELS: Record<Role, Bilingual> = {
  admin: { zh: '系统管理员', en: 'System administrator' },
  leader: { zh: '领导', en: 'Leader' },
  dispatcher: { zh: '乡镇（街道）派遣员', en: 'Township dispatcher' },
  handler: { zh: '部门处置人员', en: 'Department handler' },
  community_staff: { zh: '村（社区）工作人员', en: 'Community staff' },
  grid_worker: { zh: '网格员', en: 'Grid worker' },
};

/** Every role, in the order the console lists them (ROLE_LABELS has one entry per role of the server's). */
export const ROLES = Object.keys(ROLE_LABELS) as Role[];

export const ROLE_COLORS: Record<Role, string> = {
  admin: 'red',
  leader: 'gold',
  dispatcher: 'blue',
  handler: 'cyan',
  community_staff: 'green',
  grid_worker: 'purple',
};

export const ORG_KIND_LABELS: Record<OrgKind, Bilingual> = {
  department: { zh: '职能部门', en: 'Department' },
  governance_center: { zh: '综治中心', en: 'Governance centre' },
  workstation: { zh: '村（社区）工作站', en: 'Community workstation' },
};

export const GRID_WORKER_KIND_LABELS: Record<GridWorkerKind, Bilingual> = {
  full_time: { zh: '专职', en: 'Full-time' },
  part_time: { zh: '兼职', en: 'Part-time' },
  group_leader: { zh: '大组长', en: 'Group leader' },
};

export const LEVEL_LABELS: Record<Level, Bilingual> = {
  province: { zh: '省', en: 'Province' },
  city: { zh: '市', en: 'City' },
  county: { zh: '县（区）', en: 'County' },
  township: { zh: '乡镇（街道）', en: 'Township' },
  village: { zh: '村（社区）', en: 'Village / community' },
  grid: { zh: '网格', en: 'Grid' },
};

/** Compact level names for tight places (the division tree). */
export const LEVEL_SHORT_LABELS: Record<Level, Bilingual> = {
  province: { zh: '省', en: 'prov.' },
  city: { zh: '市', en: 'city' },
  county: { zh: '县区', en: 'county' },
  township: { zh: '乡镇', en: 'town' },
  village: { zh: '村社', en: 'village' },
  grid: { zh: '网格', en: 'grid' },
};

export const LEVEL_COLORS: Record<Level, string> = {
  province: 'magenta',
  city: 'volcano',
  county: 'orange',
  township: 'blue',
  village: 'green',
  grid: 'purple',
};

export const GRID_KIND_LABELS: Record<string, Bilingual> = {
  basic: { zh: '基础网格', en: 'Residential grid' },
  dedicated: { zh: '专属网格', en: 'Dedicated grid' },
};

/** Audit actions the console knows; others show their code. */
export const AUDIT_ACTION_LABELS: Record<string, Bilingual> = {
  'auth.login': { zh: '登录', en: 'Sign in' },
  'auth.login_failed': { zh: '登录失败', en: 'Failed sign-in' },
  'auth.login_disabled': { zh: '停用账号尝试登录', en: 'Sign-in to a disabled account' },
  'auth.login_throttled': { zh: '登录被限流', en: 'Sign-in throttled' },
  'auth.logout': { zh: '退出', en: 'Sign out' },
  'appeal.track_failed': { zh: '群众查询进度：编号与手机号后四位不符', en: 'Tracking: number and last four digits do not match' },
  'appeal.track_locked': { zh: '群众查询进度：编号因多次错误被临时锁定', en: 'Tracking: number locked after repeated wrong tries' },
  'user.create': { zh: '新建账号', en: 'Create account' },
  'user.update': { zh: '修改账号', en: 'Edit account' },
  'user.password_change': { zh: '修改密码', en: 'Change password' },
  'user.password_reset': { zh: '重置密码', en: 'Reset password' },
  'org.create': { zh: '新建组织机构', en: 'Create organisation' },
  'org.update': { zh: '修改组织机构', en: 'Edit organisation' },
  'apikey.create': { zh: '新建 API 密钥', en: 'Create API key' },
  'apikey.revoke': { zh: '吊销 API 密钥', en: 'Revoke API key' },
  'regions.import': { zh: '导入区划', en: 'Import divisions' },
  'grids.generate': { zh: '生成网格', en: 'Generate grids' },
  'demo.load': { zh: '加载演示数据', en: 'Load demo data' },
  'person.reveal': { zh: '查看完整证件号/电话', en: 'Reveal ID number / phone' },
  'household.create': { zh: '新建户档案', en: 'Create household file' },
  'household.update': { zh: '修改户档案', en: 'Edit household file' },
  'household.import': { zh: '导入户籍台账', en: 'Import roster' },
  'household.export': { zh: '导出户籍台账', en: 'Export roster' },
  'person.create': { zh: '新增人员', en: 'Add person' },
  'person.update': { zh: '修改人员信息', en: 'Edit person' },
  'person.move': { zh: '人员迁移', en: 'Move person' },
};

export const ACTOR_KIND_LABELS: Record<string, Bilingual> = {
  user: { zh: '账号', en: 'Account' },
  apikey: { zh: 'API 密钥', en: 'API key' },
  system: { zh: '系统', en: 'System' },
  cli: { zh: '命令行', en: 'Command line' },
  anonymous: { zh: '未登录', en: 'Anonymous' },
};
