/**
 * Access control, in one place. Deny by default: a permission not listed here is refused, and every
 * query of regional data goes through `scopeCondition`, which limits it to the caller's region subtree.
 *
 * Division and grid codes nest by prefix (36 → 3608 → 360802 → 360802004 → 360802004001 → +3-digit
 * grid sequence), so "inside X" is the half-open range [X, next(X)) on a code column: indexable with
 * any collation on digit strings and portable to every PostgreSQL-compatible engine.
 */
import { and, gte, lt, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { AppError, notFound } from './errors.js';

export const ROLES = ['admin', 'leader', 'dispatcher', 'handler', 'community_staff', 'grid_worker', 'mediator', 'commissioner', 'helper'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_NAMES: Record<Role, { zh: string; en: string }> = {
  admin: { zh: '系统管理员', en: 'System administrator' },
  leader: { zh: '领导', en: 'Leader' },
  dispatcher: { zh: '乡镇（街道）派遣员', en: 'Township dispatcher' },
  handler: { zh: '部门处置人员', en: 'Department handler' },
  community_staff: { zh: '村（社区）工作人员', en: 'Community staff' },
  grid_worker: { zh: '网格员', en: 'Grid worker' },
  mediator: { zh: '调解员', en: 'Mediator' },
  commissioner: { zh: '企业特派员', en: 'Enterprise commissioner' },
  helper: { zh: '志愿者/报到党员（手机登录）', en: 'Helper (phone sign-in)' },
};

/**
 * Roles a staff account or an API key may hold. `helper` is never given to an account: it is the role
 * of a party member's or volunteer's phone session (volunteers.helper-auth.ts), acting only as that person.
 */
export const ACCOUNT_ROLES: readonly Role[] = ROLES.filter((r) => r !== 'helper');

export interface Actor {
  /** `helper`: a party member's or volunteer's phone session; `id` is the helper's id. */
  kind: 'user' | 'apikey' | 'system' | 'helper';
  id: string;
  /** Login name (audit log). */
  name: string;
  /** The person's name, where there is one (timelines). */
  displayName?: string;
  roles: Role[];
  /** Scope root: division or grid code; '' is the whole installation. */
  regionCode: string;
  orgId: string | null;
}

/** The actor used by the CLI and background work: the whole installation, every permission. */
export const SYSTEM_ACTOR: Actor = { kind: 'system', id: 'system', name: 'system', roles: [...ACCOUNT_ROLES], regionCode: '', orgId: null };

/** Who may do what. Scope limits apply on top of these. */
const PERMISSIONS = {
  'regions.read': ['admin', 'leader', 'dispatcher', 'handler', 'community_staff', 'grid_worker', 'mediator'],
  'regions.import': ['admin'],
  'grids.read': ['admin', 'leader', 'dispatcher', 'handler', 'community_staff', 'grid_worker'],
  // Drawing, splitting and merging grids, assigning their workers: the township and the community.
  'grids.write': ['admin', 'dispatcher', 'community_staff'],
  // 网格准入事项: anyone who manages grids may propose a duty; a different account must approve it.
  'grids.duties.request': ['admin', 'dispatcher', 'community_staff'],
  'grids.duties.approve': ['admin', 'leader', 'dispatcher'],
  'buildings.read': ['admin', 'leader', 'dispatcher', 'community_staff', 'grid_worker'],
  'buildings.write': ['admin', 'dispatcher', 'community_staff', 'grid_worker'],
  // 一户一档. Departments (handler) see no household files: an appeal will later grant a view of the
  // households it links, through the appeals module, not through this permission.
  'households.read': ['admin', 'leader', 'dispatcher', 'community_staff', 'grid_worker'],
  'households.write': ['admin', 'community_staff', 'grid_worker'],
  'households.import': ['admin', 'community_staff', 'grid_worker'],
  'households.export': ['admin', 'leader', 'dispatcher', 'community_staff', 'grid_worker'],
  // Tags and the visit-frequency rules that follow from them.
  'households.configure': ['admin'],
  // Seeing a full ID number or phone: separate from reading, and audited every time.
  'people.reveal': ['admin', 'dispatcher', 'community_staff', 'grid_worker'],
  'orgs.read': ['admin', 'leader', 'dispatcher', 'handler', 'community_staff'],
  'orgs.write': ['admin'],
  'categories.read': ['admin', 'leader', 'dispatcher', 'handler', 'community_staff', 'grid_worker'],
  // Marking categories simple (即诉即办).
  'categories.write': ['admin'],
  'users.read': ['admin'],
  'users.write': ['admin'],
  'apikeys.manage': ['admin'],
  'audit.read': ['admin'],
  'overview.read': ['admin', 'leader', 'dispatcher', 'handler', 'community_staff', 'grid_worker', 'mediator', 'commissioner'],
  'calendar.read': ['admin', 'leader', 'dispatcher', 'handler', 'community_staff', 'grid_worker'],
  'calendar.write': ['admin'],
  'limits.write': ['admin'],
  // 多诉统办: a county's duplicate-suggestion settings (distance, windows, minimum score, how many).
  'appeals.duplicates.configure': ['admin'],
  'outbox.read': ['admin', 'dispatcher'],
  'appeals.read': ['admin', 'leader', 'dispatcher', 'handler', 'community_staff', 'grid_worker'],
  // Commissioners (企业特派员) register the problems firms raise on their visits.
  'appeals.create': ['admin', 'dispatcher', 'community_staff', 'grid_worker', 'commissioner'],
  'appeals.export': ['admin', 'leader', 'dispatcher', 'handler', 'community_staff'],
  'appeals.metrics': ['admin', 'leader', 'dispatcher', 'handler', 'community_staff'],
  'appeals.reveal': ['admin', 'dispatcher', 'community_staff', 'handler', 'grid_worker'],
  'qr.print': ['admin', 'dispatcher', 'community_staff', 'grid_worker'],
  // 入户听诉: grid workers visit the households of their grids; township and village cadres visit too
  // (their half-year coverage). Supervision is for those who answer for an area.
  'visits.log': ['grid_worker', 'community_staff', 'dispatcher'],
  'visits.read': ['admin', 'leader', 'dispatcher', 'community_staff', 'grid_worker'],
  'visits.supervise': ['admin', 'leader', 'dispatcher', 'community_staff'],
  'visits.configure': ['admin'],
  'meetings.read': ['admin', 'leader', 'dispatcher', 'community_staff', 'grid_worker'],
  'meetings.write': ['admin', 'dispatcher', 'community_staff'],
  'meetings.configure': ['admin'],
  // 人民调解: the rule in access/mediation.ts further limits a case to its body, the township's 司法所
  // and the referring court's room; these say which roles may act at all.
  'mediation.read': ['mediator', 'dispatcher', 'community_staff', 'handler', 'leader', 'admin'],
  'mediation.write': ['mediator', 'dispatcher', 'community_staff', 'handler'],
  // 微心愿: collected at the door (grid workers, community staff, the 社工站's visits), claimed and
  // fulfilled through the community; campaigns are set by the township or the county.
  'wishes.read': ['admin', 'leader', 'dispatcher', 'community_staff', 'grid_worker'],
  'wishes.write': ['admin', 'dispatcher', 'community_staff', 'grid_worker'],
  'wishes.campaigns': ['admin', 'dispatcher'],
  // People who help (党员报到, 结对单位, volunteers), the three lists and volunteer activities.
  'volunteers.read': ['admin', 'leader', 'dispatcher', 'community_staff', 'grid_worker'],
  'volunteers.write': ['admin', 'dispatcher', 'community_staff'],
  // 社区吹哨专项基金 and 三账公开: staff propose and record; approvals at each level by another person.
  'funds.read': ['admin', 'leader', 'dispatcher', 'community_staff', 'grid_worker'],
  'funds.write': ['admin', 'dispatcher', 'community_staff'],
  'funds.approve': ['admin', 'leader', 'dispatcher', 'community_staff'],
  'funds.configure': ['admin'],
  // 企业名录, 企业诉求, 企业特派员, 链长制. Departments serve firms too (the responsible departments of a chain).
  'enterprises.read': ['admin', 'leader', 'dispatcher', 'handler', 'community_staff', 'grid_worker', 'commissioner'],
  'enterprises.write': ['admin', 'dispatcher', 'community_staff'],
  // Raising an enterprise appeal, proposing a solution, recording a withdrawal.
  'enterprises.appeals': ['admin', 'dispatcher', 'handler', 'community_staff'],
  'enterprises.configure': ['admin'],
  'chains.write': ['admin', 'leader', 'dispatcher'],
  'assessment.read': ['admin', 'leader', 'dispatcher', 'community_staff'],
  'assessment.write': ['admin', 'leader'],
  // 未诉先办 early warnings: the township's desk and the leaders see and handle them; the admin sets the seasons.
  'warnings.read': ['admin', 'leader', 'dispatcher', 'community_staff'],
  'warnings.handle': ['admin', 'leader', 'dispatcher'],
  'warnings.configure': ['admin'],
  // The composite score's stored weights per county (综合得分权重).
  'assessment.weights': ['admin'],
  'disclosure.read': ['admin', 'leader', 'dispatcher', 'community_staff'],
  // The office head's approval of an extension (延期答复).
  'disclosure.approve': ['admin', 'leader'],
  'disclosure.write': ['admin', 'dispatcher', 'community_staff'],
  // A helper's phone session acts only as that person, only on the helper routes (platform/auth.ts):
  // their activities, the needs and wishes of their community they may claim, their own deeds.
  'helper.self': ['helper'],
  // 小闹钟: dated items of household files and firms that expire, and the reminders they send.
  'reminders.read': ['admin', 'leader', 'dispatcher', 'community_staff', 'grid_worker'],
  'reminders.write': ['admin', 'dispatcher', 'community_staff', 'grid_worker'],
  'reminders.configure': ['admin'],
  // new-module: permissions (scripts/new-module.ts adds a new module's read/write pair above this line)
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function can(actor: Actor, permission: Permission): boolean {
  const allowed = PERMISSIONS[permission] as readonly Role[] | undefined;
  if (!allowed) return false;
  return actor.roles.some((r) => allowed.includes(r));
}

export function authorize(actor: Actor, permission: Permission): void {
  if (!can(actor, permission)) throw new AppError('forbidden');
}

/** The smallest string greater than every string that starts with `prefix` (digit strings). */
export function prefixUpperBound(prefix: string): string | null {
  let p = prefix;
  while (p.endsWith('9')) p = p.slice(0, -1);
  if (p === '') return null;
  return p.slice(0, -1) + String.fromCharCode(p.charCodeAt(p.length - 1) + 1);
}

/** SQL condition: `column` lies in the subtree rooted at `scope`. Undefined means no limit. */
export function inRegion(column: AnyPgColumn, scope: string): SQL | undefined {
  if (scope === '') return undefined;
  const hi = prefixUpperBound(scope);
  return hi === null ? gte(column, scope) : and(gte(column, scope), lt(column, hi));
}

/** The caller's scope as an SQL condition on a region-code column. */
export function scopeCondition(actor: Actor, column: AnyPgColumn): SQL | undefined {
  return inRegion(column, actor.regionCode);
}

export function codeInScope(actor: Actor, code: string | null | undefined): boolean {
  if (code === null || code === undefined) return actor.regionCode === '';
  return code.startsWith(actor.regionCode);
}

/** Records outside the caller's scope answer 404, as if they did not exist. */
export function assertInScope(actor: Actor, code: string | null | undefined, what: string, whatEn: string): void {
  if (!codeInScope(actor, code)) throw notFound(what, whatEn);
}

/** A region an actor may assign to something it creates: inside its own scope. */
export function assertAssignable(actor: Actor, code: string, what: string, whatEn: string): void {
  if (!code.startsWith(actor.regionCode)) throw new AppError('out_of_scope', { what, whatEn });
}

// The grid-assignment rule (a grid worker sees only their grids) and the per-resource rules built on
// it live beside this file, in access/: grids, buildings, households, visits.

export const TRUE = sql`true`;
