/**
 * The appeal state machine, as data: the states, and for each action which states it leaves, where it
 * goes, and who may take it. The service consults only this table; nothing else decides a transition.
 *
 *  registered ─accept→ accepted ─dispatch/whistle→ dispatched ─sign→ in_progress ─handle→ handled
 *      │                  │   ╰─solve_on_spot→ handled            ╰─return→ accepted
 *      ╰─reject→ not_accepted                                      handled ─feedback→ feedback_given
 *  feedback_given ─evaluations→ closed | in_progress (rework 重办)        any open ─merge→ merged
 */
import type { Role } from '../../platform/access.js';

export const STATUSES = [
  'registered',
  'accepted',
  'not_accepted',
  'dispatched',
  'in_progress',
  'handled',
  'feedback_given',
  'closed',
  'merged',
] as const;
export type Status = (typeof STATUSES)[number];

export const STATUS_NAMES: Record<Status, { zh: string; en: string }> = {
  registered: { zh: '已登记', en: 'Registered' },
  accepted: { zh: '已受理', en: 'Accepted' },
  not_accepted: { zh: '不予受理', en: 'Not accepted' },
  dispatched: { zh: '已派遣', en: 'Dispatched' },
  in_progress: { zh: '办理中', en: 'In progress' },
  handled: { zh: '已办结', en: 'Handled' },
  feedback_given: { zh: '已反馈', en: 'Feedback given' },
  closed: { zh: '已结案', en: 'Closed' },
  merged: { zh: '已并案', en: 'Merged' },
};

export const TERMINAL: ReadonlySet<Status> = new Set(['not_accepted', 'closed', 'merged']);
export const OPEN_STATUSES = STATUSES.filter((s) => !TERMINAL.has(s));

/** Who may act: a role (within scope), or the handling organisation's handlers, or the assigned leader. */
export type Party = Role | 'handling_org' | 'assigned_leader' | 'reporter';

export interface ActionRule {
  from: readonly Status[];
  /** null: the status stays (notes, requests) or is decided by the service (handle with open parts, evaluation). */
  to: Status | null;
  by: readonly Party[];
  zh: string;
  en: string;
}

export const ACTIONS = {
  accept: { from: ['registered'], to: 'accepted', by: ['dispatcher', 'community_staff', 'admin'], zh: '受理', en: 'accept' },
  reject: { from: ['registered', 'accepted'], to: 'not_accepted', by: ['dispatcher', 'community_staff', 'admin'], zh: '不予受理', en: 'not accept' },
  solve_on_spot: { from: ['registered', 'accepted'], to: 'handled', by: ['grid_worker', 'community_staff'], zh: '就地解决', en: 'solve on the spot' },
  place: { from: ['registered', 'accepted'], to: null, by: ['dispatcher', 'admin'], zh: '落格', en: 'place in a grid' },
  dispatch: { from: ['accepted'], to: 'dispatched', by: ['dispatcher', 'admin'], zh: '派遣', en: 'dispatch' },
  whistle: { from: ['accepted'], to: null, by: ['community_staff'], zh: '吹哨', en: 'blow the whistle' },
  sign: { from: ['dispatched', 'in_progress'], to: 'in_progress', by: ['handling_org'], zh: '签收（报到）', en: 'sign for' },
  return: { from: ['dispatched', 'in_progress'], to: null, by: ['handling_org'], zh: '退单', en: 'return' },
  note: {
    from: ['registered', 'accepted', 'dispatched', 'in_progress', 'handled', 'feedback_given'],
    to: null,
    by: ['handling_org', 'dispatcher', 'community_staff', 'grid_worker', 'assigned_leader', 'admin'],
    zh: '添加办理记录',
    en: 'add a note',
  },
  request_extension: { from: ['in_progress'], to: null, by: ['handling_org'], zh: '申请延期', en: 'request an extension' },
  request_deferral: { from: ['in_progress'], to: null, by: ['handling_org'], zh: '申请缓办', en: 'request a deferral' },
  decide_request: { from: ['in_progress'], to: null, by: ['dispatcher', 'admin'], zh: '审批延期/缓办', en: 'decide a request' },
  await_requester: { from: ['in_progress'], to: null, by: ['handling_org', 'dispatcher'], zh: '等待诉求人', en: 'wait for the requester' },
  resume: { from: ['in_progress'], to: null, by: ['handling_org', 'dispatcher', 'admin'], zh: '恢复计时', en: 'resume the clock' },
  handle: { from: ['in_progress'], to: null, by: ['handling_org'], zh: '办结', en: 'handle' },
  feedback: { from: ['handled'], to: 'feedback_given', by: ['dispatcher', 'community_staff', 'reporter', 'admin'], zh: '反馈', en: 'give feedback' },
  evaluate: { from: ['feedback_given'], to: null, by: ['dispatcher', 'community_staff', 'reporter', 'admin'], zh: '回访评价', en: 'record the requester’s rating' },
  evaluate_org: { from: ['feedback_given'], to: null, by: ['dispatcher', 'admin'], zh: '评价承办单位', en: 'evaluate the handling organisation' },
  assign_leader: {
    from: ['registered', 'accepted', 'dispatched', 'in_progress', 'handled', 'feedback_given'],
    to: null,
    by: ['dispatcher', 'admin'],
    zh: '领导包案',
    en: 'assign a leader',
  },
  instruct: {
    from: ['registered', 'accepted', 'dispatched', 'in_progress', 'handled', 'feedback_given'],
    to: null,
    by: ['assigned_leader'],
    zh: '领导批示',
    en: 'instruct',
  },
  merge: { from: ['registered', 'accepted', 'dispatched', 'in_progress'], to: 'merged', by: ['dispatcher', 'admin'], zh: '并案', en: 'merge' },
} as const satisfies Record<string, ActionRule>;

export type Action = keyof typeof ACTIONS;

export function canLeave(action: Action, status: Status): boolean {
  return (ACTIONS[action].from as readonly Status[]).includes(status);
}
