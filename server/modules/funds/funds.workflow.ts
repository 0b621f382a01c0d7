/**
 * The project (民生微实事) state machine, as data, like appeals.workflow.ts: the states, and for each
 * action which states it leaves, where it goes, who may take it, its guards and the code of each
 * refusal. `act()` (funds.projects.ts) applies a row; the buttons come from the same rows
 * (`availableActions`).
 *
 *  proposed ─approve (each level of the chain)→ approved ─start→ in_progress ─complete→ completed
 *  completed ─accept (验收)→ accepted ─close (final cost, fully paid)→ closed
 *  proposed ─reject→ rejected (a rejected raise leaves the state as it was);  proposed | approved ─cancel→ cancelled
 *  approved … accepted ─raise (a higher amount)→ the same state, awaiting a new approval chain
 *  payments: request (with a receipt) and approve (another account), while the work is approved or later
 *
 * This file is pure: the service loads a `Situation` and the rules decide on it.
 */
import type { Actor, Role } from '../../platform/access.js';
import type { ErrorCode } from '../../platform/errors.js';

export const PROJECT_STATUSES = ['proposed', 'approved', 'in_progress', 'completed', 'accepted', 'closed', 'rejected', 'cancelled'] as const;
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];

export const PROJECT_STATUS_NAMES: Record<ProjectStatus, { zh: string; en: string }> = {
  proposed: { zh: '待审批', en: 'Proposed' },
  approved: { zh: '已批准', en: 'Approved' },
  in_progress: { zh: '施工中', en: 'In progress' },
  completed: { zh: '待验收', en: 'Awaiting acceptance' },
  accepted: { zh: '已验收', en: 'Accepted' },
  closed: { zh: '已决算', en: 'Closed' },
  rejected: { zh: '未批准', en: 'Rejected' },
  cancelled: { zh: '已撤销', en: 'Cancelled' },
};

export const CATEGORIES = ['lights', 'resurfacing', 'guard_rails', 'drains', 'facilities', 'greening', 'other'] as const;
export type Category = (typeof CATEGORIES)[number];
export const CATEGORY_NAMES: Record<Category, { zh: string; en: string }> = {
  lights: { zh: '路灯照明', en: 'Street lights' },
  resurfacing: { zh: '道路修补', en: 'Resurfacing' },
  guard_rails: { zh: '护栏', en: 'Guard rails' },
  drains: { zh: '排水沟渠', en: 'Drains' },
  facilities: { zh: '公共设施', en: 'Public facilities' },
  greening: { zh: '绿化', en: 'Greening' },
  other: { zh: '其他', en: 'Other' },
};

export const SOURCE_KINDS = ['appeal', 'meeting_action', 'community'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

export const INCOME_SOURCES = ['parking', 'advertising', 'rent', 'recovered', 'other'] as const;
export const INCOME_SOURCE_NAMES: Record<(typeof INCOME_SOURCES)[number], { zh: string; en: string }> = {
  parking: { zh: '停车收入', en: 'Parking' },
  advertising: { zh: '广告收入', en: 'Advertising' },
  rent: { zh: '租金收入', en: 'Rent' },
  recovered: { zh: '追缴收回', en: 'Recovered income' },
  other: { zh: '其他收入', en: 'Other income' },
};

// ---------------------------------------------------------------------------------------------
// The approval chain: community → township → county, as far as the amount requires.

const LEVELS = ['community', 'township', 'county'] as const;
export type Level = (typeof LEVELS)[number];
export const LEVEL_NAMES: Record<Level, { zh: string; en: string }> = {
  community: { zh: '村（社区）', en: 'community' },
  township: { zh: '乡镇（街道）', en: 'township' },
  county: { zh: '县（区）', en: 'county' },
};
/** The length of a division code at each level. */
const LEVEL_CODE_LENGTH: Record<Level, number> = { community: 12, township: 9, county: 6 };

/**
 * The highest level each amount needs, in fen. The defaults: up to 50,000 yuan the community decides,
 * up to 200,000 the township too, above that the county as well. A county may set its own
 * (fund_approval_thresholds, funds.thresholds.ts).
 */
export interface Thresholds {
  communityUpToFen: number;
  townshipUpToFen: number;
}
export const DEFAULT_THRESHOLDS: Thresholds = { communityUpToFen: 5_000_000, townshipUpToFen: 20_000_000 };

/** Why these thresholds are not usable (the field and the reason), or null. */
export function thresholdsProblem(t: Thresholds): { field: keyof Thresholds; zh: string; en: string } | null {
  for (const field of ['communityUpToFen', 'townshipUpToFen'] as const) {
    if (!Number.isSafeInteger(t[field]) || t[field] <= 0) return { field, zh: '须为正整数（分）', en: 'must be a positive whole number of fen' };
  }
  if (t.townshipUpToFen <= t.communityUpToFen) return { field: 'townshipUpToFen', zh: '须高于村（社区）审批上限', en: 'must be above the community’s limit' };
  return null;
}

export function levelOfCode(code: string): Level | null {
  return (Object.entries(LEVEL_CODE_LENGTH).find(([, n]) => n === code.length)?.[0] as Level | undefined) ?? null;
}

/** The levels that must approve `amountFen` for a project in `regionCode`, lowest first. */
export function approvalChain(regionCode: string, amountFen: number, t: Thresholds = DEFAULT_THRESHOLDS): Level[] {
  const top: Level = amountFen <= t.communityUpToFen ? 'community' : amountFen <= t.townshipUpToFen ? 'township' : 'county';
  // A project placed at a township (a road across communities) starts its chain at the township.
  const start = LEVELS.findIndex((l) => regionCode.length >= LEVEL_CODE_LENGTH[l]);
  const end = LEVELS.indexOf(top);
  return LEVELS.slice(Math.max(0, start), Math.max(start, end) + 1);
}

/** The level after `level` in the chain (null: `level` was the last); a level the chain lost since counts by rank. */
export function nextLevel(chain: Level[], level: Level): Level | null {
  return chain.find((l) => LEVELS.indexOf(l) > LEVELS.indexOf(level)) ?? null;
}

/** The level an actor approves at: the level of their scope (an installation-wide admin: any). */
function approverLevel(actor: Actor): Level | 'any' | null {
  if (actor.regionCode === '') return 'any';
  return levelOfCode(actor.regionCode);
}

// ---------------------------------------------------------------------------------------------
// The rows.

export interface Situation {
  project: { status: string; proposedBy: string; pendingLevel: string | null; regionCode: string };
  /** Who approved in the chain now running. */
  approvers: string[];
  /** Money paid (net of reversals) and waiting in payment requests. */
  paidFen: number;
  pendingPayments: number;
}

interface Guard {
  holds: (s: Situation, actor: Actor) => boolean;
  refusal: ErrorCode;
}

const GUARDS = {
  awaiting_approval: { holds: (s) => !!s.project.pendingLevel, refusal: 'project_no_pending_approval' },
  not_awaiting_approval: { holds: (s) => !s.project.pendingLevel, refusal: 'project_approval_pending' },
  /** Four eyes: the proposer never approves their own project, nor one person two levels. */
  not_proposer: { holds: (s, actor) => s.project.proposedBy !== actor.id && !s.approvers.includes(actor.id), refusal: 'project_self_approval' },
  at_pending_level: {
    holds: (s, actor) => {
      const level = approverLevel(actor);
      return level === 'any' || (level !== null && level === s.project.pendingLevel && s.project.regionCode.startsWith(actor.regionCode));
    },
    refusal: 'project_approval_level',
  },
  no_payments: { holds: (s) => s.paidFen === 0 && s.pendingPayments === 0, refusal: 'project_has_payments' },
  no_pending_payments: { holds: (s) => s.pendingPayments === 0, refusal: 'project_payments_pending' },
} as const satisfies Record<string, Guard>;
type GuardName = keyof typeof GUARDS;

export interface ActionRule {
  from: readonly ProjectStatus[];
  /** null: the status stays (approve moves to `approved` only when the last level approves a new project). */
  to: ProjectStatus | null;
  by: readonly Role[];
  guards: readonly GuardName[];
  refused: ErrorCode;
  zh: string;
  en: string;
}

const WORKING = ['approved', 'in_progress', 'completed', 'accepted'] as const;
const STAFF: Role[] = ['community_staff', 'dispatcher', 'admin'];
const APPROVERS: Role[] = ['community_staff', 'dispatcher', 'leader', 'admin'];

export const PROJECT_ACTIONS = {
  approve: { from: ['proposed', ...WORKING], to: 'approved', by: APPROVERS, guards: ['awaiting_approval', 'at_pending_level', 'not_proposer'], refused: 'project_not_approvable', zh: '审批通过', en: 'approve' },
  reject: { from: ['proposed', ...WORKING], to: 'rejected', by: APPROVERS, guards: ['awaiting_approval', 'at_pending_level', 'not_proposer'], refused: 'project_not_rejectable', zh: '不予批准', en: 'reject' },
  raise: { from: WORKING, to: null, by: STAFF, guards: ['not_awaiting_approval'], refused: 'project_not_raisable', zh: '申请追加金额', en: 'request a higher amount' },
  start: { from: ['approved'], to: 'in_progress', by: STAFF, guards: [], refused: 'project_not_startable', zh: '确定施工单位并开工', en: 'start the works' },
  milestone: { from: ['in_progress'], to: null, by: STAFF, guards: [], refused: 'project_not_in_progress', zh: '记录进度', en: 'record a milestone' },
  complete: { from: ['in_progress'], to: 'completed', by: STAFF, guards: [], refused: 'project_not_completable', zh: '完工，提请验收', en: 'complete the works' },
  accept: { from: ['completed'], to: 'accepted', by: STAFF, guards: [], refused: 'project_not_acceptable', zh: '居民验收', en: 'record the acceptance' },
  close: { from: ['accepted'], to: 'closed', by: STAFF, guards: ['no_pending_payments', 'not_awaiting_approval'], refused: 'project_not_closable', zh: '决算结项', en: 'close with the final cost' },
  cancel: { from: ['proposed', 'approved'], to: 'cancelled', by: STAFF, guards: ['no_payments'], refused: 'project_not_cancellable', zh: '撤销', en: 'cancel' },
  request_payment: { from: WORKING, to: null, by: STAFF, guards: [], refused: 'project_not_payable', zh: '申请付款', en: 'request a payment' },
  approve_payment: { from: WORKING, to: null, by: APPROVERS, guards: [], refused: 'project_not_payable', zh: '审核付款', en: 'approve a payment' },
} as const satisfies Record<string, ActionRule>;
export type ProjectAction = keyof typeof PROJECT_ACTIONS;
export const PROJECT_ACTION_NAMES = Object.keys(PROJECT_ACTIONS) as ProjectAction[];

/** The first refusal for this actor taking this action now, or null when it is allowed. */
export function refusal(action: ProjectAction, s: Situation, actor: Actor): ErrorCode | 'forbidden' | null {
  const rule: ActionRule = PROJECT_ACTIONS[action];
  if (!rule.by.some((r) => actor.roles.includes(r))) return 'forbidden';
  if (!(rule.from as readonly string[]).includes(s.project.status)) return rule.refused;
  for (const g of rule.guards) if (!GUARDS[g].holds(s, actor)) return GUARDS[g].refusal;
  return null;
}

/** The actions this caller may take now: the buttons (payment approvals are per payment, not here). */
export function availableActions(s: Situation, actor: Actor): ProjectAction[] {
  return PROJECT_ACTION_NAMES.filter((a) => a !== 'approve_payment' && refusal(a, s, actor) === null);
}

// ---------------------------------------------------------------------------------------------
// The split of an income.

export interface Share {
  bucket: string;
  bp: number;
  amountFen: number;
}

/** Each bucket's share, rounded down to the fen; the rest goes to the remainder bucket, so the sum is exact. */
export function splitIncome(rule: { buckets: { key: string; bp: number }[]; remainder: string }, amountFen: number): Share[] {
  const shares = rule.buckets.map((b) => ({ bucket: b.key, bp: b.bp, amountFen: Math.floor((amountFen * b.bp) / 10000) }));
  const left = amountFen - shares.reduce((n, s) => n + s.amountFen, 0);
  const r = shares.find((s) => s.bucket === rule.remainder)!;
  r.amountFen += left;
  return shares;
}

/** Why a split rule is not usable, or null. */
export function splitProblem(rule: { buckets: { key: string; bp: number }[]; remainder: string }): string | null {
  if (rule.buckets.length === 0) return 'no buckets';
  const keys = new Set(rule.buckets.map((b) => b.key));
  if (keys.size !== rule.buckets.length) return 'a bucket key repeats';
  if (rule.buckets.some((b) => !Number.isInteger(b.bp) || b.bp <= 0)) return 'each share must be a positive whole number of basis points';
  const sum = rule.buckets.reduce((n, b) => n + b.bp, 0);
  if (sum !== 10000) return `the shares add up to ${sum} basis points, not 10000`;
  if (!keys.has(rule.remainder)) return `the remainder bucket ${rule.remainder} is not one of the buckets`;
  return null;
}
