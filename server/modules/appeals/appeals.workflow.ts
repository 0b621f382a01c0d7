/**
 * The appeal state machine, as data: the states, and for each action which states it leaves, where it
 * goes, who may take it, what else must hold (its guards), what it does to the clock, and the error
 * code of each refusal. `act()` (appeals.act.ts) applies a row; the list of actions a caller may take
 * now is computed from the same rows (`availableActions`), so the two cannot disagree.
 *
 *  registered ─accept→ accepted ─dispatch/whistle→ dispatched ─sign→ in_progress ─handle→ handled
 *      │                  │   ╰─solve_on_spot→ handled            ╰─return→ accepted
 *      ╰─reject→ not_accepted                                      handled ─feedback→ feedback_given
 *  feedback_given ─evaluations→ closed | in_progress (rework 重办)        any open ─merge→ merged
 *  dispatched | in_progress ─reroute (改派)→ dispatched; urge (催办) and supervise (督办) leave it where it is
 *  registered | accepted | dispatched | in_progress ─withdraw (撤诉, the requester asks, the desk records)→ withdrawn
 *
 * This file is pure: the service loads a `Situation` and the rules decide on it.
 */
import { plays, type Party } from '../../platform/access/appeals.js';
import type { Actor } from '../../platform/access.js';
import type { ErrorCode } from '../../platform/errors.js';
import { minutesPerWorkingDay, workingMinutesBetween, type WorkCalendar } from '../calendar/calendar.time.js';
import { RETURN_LIMIT } from './appeals.limits.js';
import type { appealParts, appeals } from './appeals.tables.js';

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
  'withdrawn',
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
  withdrawn: { zh: '已撤诉', en: 'Withdrawn' },
};

/** Status in plain words, for the requester. */
export const STATUS_PUBLIC: Record<Status, string> = {
  registered: '已登记，等待受理',
  accepted: '已受理，正在安排办理',
  not_accepted: '不予受理',
  dispatched: '已转交承办单位',
  in_progress: '正在办理',
  handled: '已办结，等待反馈',
  feedback_given: '已反馈结果，请您评价',
  closed: '已结案',
  merged: '已与相同问题合并办理',
  withdrawn: '诉求人已撤回诉求',
};

export const TERMINAL: ReadonlySet<Status> = new Set(['not_accepted', 'closed', 'merged', 'withdrawn']);
export const OPEN_STATUSES = STATUSES.filter((s) => !TERMINAL.has(s));

/**
 * What a step does to the handling clock (appeals.clock.ts computes the columns):
 * - start: the response and handling limits run from now (dispatch);
 * - finish: the handling time is taken, a pause folded in (handled);
 * - stop: the limits are dropped, the appeal is back at the desk (the lead returns it);
 * - pause / resume: the limits stand still while the requester is awaited or a deferral runs;
 * - restart: a fresh handling limit from now (rework 重办).
 */
export type ClockEffect = 'start' | 'finish' | 'stop' | 'pause' | 'resume' | 'restart';

type AppealRow = typeof appeals.$inferSelect;
type PartRow = typeof appealParts.$inferSelect;

/** What the guards look at: the appeal, its parts, and the facts about it a rule may need. */
export interface Situation {
  appeal: Pick<AppealRow, 'status' | 'regionCode' | 'leaderUserId' | 'reporterUserId' | 'handlingOrgId' | 'pausedAt' | 'needsPlacement'>;
  parts: Pick<PartRow, 'orgId' | 'role' | 'status' | 'dispatchedAt'>[];
  /** An extension or deferral request waits for a decision. */
  pendingRequest: boolean;
  /** This round's evaluations already given. */
  rated: { requester: boolean; township: boolean };
  now: Date;
  cal: WorkCalendar;
}

const OPEN_PART = new Set(['dispatched', 'in_progress']);
const partOf = (s: Situation, actor: Actor) => (actor.orgId ? s.parts.find((p) => p.orgId === actor.orgId) : undefined);

function partyContext(s: Situation) {
  return {
    regionCode: s.appeal.regionCode,
    leaderUserId: s.appeal.leaderUserId,
    reporterUserId: s.appeal.reporterUserId,
    handlingOrgId: s.appeal.handlingOrgId,
    openPartOrgs: s.parts.filter((p) => OPEN_PART.has(p.status)).map((p) => p.orgId),
  };
}

interface Guard {
  holds: (s: Situation, actor: Actor) => boolean;
  refusal: ErrorCode;
}

/** Conditions beyond the state, each refused with its own code. */
export const GUARDS = {
  clock_running: { holds: (s) => !s.appeal.pausedAt, refusal: 'appeal_clock_paused' },
  clock_paused: { holds: (s) => !!s.appeal.pausedAt, refusal: 'appeal_clock_not_paused' },
  no_pending_request: { holds: (s) => !s.pendingRequest, refusal: 'appeal_request_pending' },
  pending_request: { holds: (s) => s.pendingRequest, refusal: 'appeal_no_pending_request' },
  needs_placement: { holds: (s) => s.appeal.needsPlacement, refusal: 'appeal_already_placed' },
  not_rated: { holds: (s) => !s.rated.requester, refusal: 'appeal_already_rated' },
  has_handling_org: { holds: (s) => !!s.appeal.handlingOrgId, refusal: 'appeal_no_handling_org' },
  org_not_evaluated: { holds: (s) => !s.rated.township, refusal: 'appeal_org_already_evaluated' },
  /** The caller's part waits to be signed for. */
  part_unsigned: { holds: (s, actor) => partOf(s, actor)?.status === 'dispatched', refusal: 'appeal_already_signed' },
  part_signed: { holds: (s, actor) => partOf(s, actor)?.status === 'in_progress', refusal: 'appeal_not_signed' },
  /** The lead hands the appeal in only when every co-handler has finished its part. */
  co_parts_done: {
    holds: (s, actor) => partOf(s, actor)?.role === 'co' || !s.parts.some((p) => p.role === 'co' && OPEN_PART.has(p.status)),
    refusal: 'appeal_co_parts_open',
  },
  /** 退单 only within RETURN_LIMIT of the dispatch. */
  within_return_limit: {
    holds: (s, actor) => {
      const part = partOf(s, actor);
      return !!part && workingMinutesBetween(s.cal, part.dispatchedAt, s.now) <= RETURN_LIMIT.amount * minutesPerWorkingDay(s.cal);
    },
    refusal: 'appeal_return_limit_passed',
  },
} as const satisfies Record<string, Guard>;
export type GuardName = keyof typeof GUARDS;

export interface ActionRule {
  from: readonly Status[];
  /**
   * Where the step goes; null: the status stays. A step some callers take only in part (a co-handler
   * signs, returns or hands in its own part; a whistle to the township's desk) stays where it is and
   * leaves the clock alone.
   */
  to: Status | null;
  by: readonly Party[];
  guards: readonly GuardName[];
  /** null: the clock is untouched, or (decide_request) the decision names the effect. */
  clock: ClockEffect | null;
  /** The refusal when the appeal is in another state. */
  refused: ErrorCode;
  zh: string;
  en: string;
}

const OPEN_BEFORE_CLOSING = ['registered', 'accepted', 'dispatched', 'in_progress', 'handled', 'feedback_given'] as const;
/** While a handler holds the appeal: what urging (催办) and supervision (督办) press on. */
const HANDLING = ['dispatched', 'in_progress'] as const;

export const ACTIONS = {
  accept: { from: ['registered'], to: 'accepted', by: ['dispatcher', 'community_staff', 'admin'], guards: [], clock: null, refused: 'appeal_not_acceptable', zh: '受理', en: 'accept' },
  reject: { from: ['registered', 'accepted'], to: 'not_accepted', by: ['dispatcher', 'community_staff', 'admin'], guards: [], clock: null, refused: 'appeal_not_rejectable', zh: '不予受理', en: 'not accept' },
  solve_on_spot: { from: ['registered', 'accepted'], to: 'handled', by: ['grid_worker', 'community_staff'], guards: [], clock: 'finish', refused: 'appeal_not_solvable_on_spot', zh: '就地解决', en: 'solve on the spot' },
  place: { from: ['registered', 'accepted'], to: null, by: ['dispatcher', 'admin'], guards: ['needs_placement'], clock: null, refused: 'appeal_not_placeable', zh: '落格', en: 'place in a grid' },
  dispatch: { from: ['accepted'], to: 'dispatched', by: ['dispatcher', 'admin'], guards: [], clock: 'start', refused: 'appeal_not_dispatchable', zh: '派遣', en: 'dispatch' },
  whistle: { from: ['accepted'], to: 'dispatched', by: ['community_staff'], guards: [], clock: 'start', refused: 'appeal_not_whistleable', zh: '吹哨', en: 'blow the whistle' },
  sign: { from: ['dispatched', 'in_progress'], to: 'in_progress', by: ['handling_org'], guards: ['part_unsigned'], clock: null, refused: 'appeal_not_signable', zh: '签收（报到）', en: 'sign for' },
  return: { from: ['dispatched', 'in_progress'], to: 'accepted', by: ['handling_org'], guards: ['within_return_limit'], clock: 'stop', refused: 'appeal_not_returnable', zh: '退单', en: 'return' },
  note: {
    from: OPEN_BEFORE_CLOSING,
    to: null,
    by: ['handling_org', 'dispatcher', 'community_staff', 'grid_worker', 'assigned_leader', 'admin'],
    guards: [],
    clock: null,
    refused: 'appeal_closed_to_notes',
    zh: '添加办理记录',
    en: 'add a note',
  },
  request_extension: { from: ['in_progress'], to: null, by: ['lead_org'], guards: ['clock_running', 'no_pending_request'], clock: null, refused: 'appeal_not_extendable', zh: '申请延期', en: 'request an extension' },
  request_deferral: { from: ['in_progress'], to: null, by: ['lead_org'], guards: ['clock_running', 'no_pending_request'], clock: null, refused: 'appeal_not_deferrable', zh: '申请缓办', en: 'request a deferral' },
  decide_request: { from: ['in_progress'], to: null, by: ['dispatcher', 'admin'], guards: ['pending_request'], clock: null, refused: 'appeal_request_not_decidable', zh: '审批延期/缓办', en: 'decide a request' },
  await_requester: { from: ['in_progress'], to: null, by: ['handling_org', 'dispatcher'], guards: ['clock_running'], clock: 'pause', refused: 'appeal_not_pausable', zh: '等待诉求人', en: 'wait for the requester' },
  resume: { from: ['in_progress'], to: null, by: ['handling_org', 'dispatcher', 'admin'], guards: ['clock_paused'], clock: 'resume', refused: 'appeal_not_resumable', zh: '恢复计时', en: 'resume the clock' },
  handle: { from: ['in_progress'], to: 'handled', by: ['handling_org'], guards: ['part_signed', 'co_parts_done'], clock: 'finish', refused: 'appeal_not_handleable', zh: '办结', en: 'handle' },
  feedback: { from: ['handled'], to: 'feedback_given', by: ['dispatcher', 'community_staff', 'reporter', 'admin'], guards: [], clock: null, refused: 'appeal_not_ready_for_feedback', zh: '反馈', en: 'give feedback' },
  evaluate: { from: ['feedback_given'], to: null, by: ['dispatcher', 'community_staff', 'reporter', 'admin'], guards: ['not_rated'], clock: null, refused: 'appeal_not_ratable', zh: '回访评价', en: 'record the requester’s rating' },
  evaluate_org: { from: ['feedback_given'], to: null, by: ['dispatcher', 'admin'], guards: ['has_handling_org', 'org_not_evaluated'], clock: null, refused: 'appeal_org_not_evaluable', zh: '评价承办单位', en: 'evaluate the handling organisation' },
  assign_leader: { from: OPEN_BEFORE_CLOSING, to: null, by: ['dispatcher', 'admin'], guards: [], clock: null, refused: 'appeal_leader_not_assignable', zh: '领导包案', en: 'assign a leader' },
  instruct: { from: OPEN_BEFORE_CLOSING, to: null, by: ['assigned_leader'], guards: [], clock: null, refused: 'appeal_not_instructable', zh: '领导批示', en: 'instruct' },
  recategorize: {
    from: ['registered', 'accepted', 'dispatched', 'in_progress'],
    to: null,
    by: ['dispatcher', 'admin'],
    guards: ['clock_running'],
    clock: null,
    refused: 'appeal_not_recategorizable',
    zh: '改类',
    en: 'change the category',
  },
  /** 改派: the open parts are closed and the appeal goes to another organisation, with a fresh clock. */
  reroute: { from: ['dispatched', 'in_progress'], to: 'dispatched', by: ['dispatcher', 'admin'], guards: ['no_pending_request'], clock: 'start', refused: 'appeal_not_reroutable', zh: '改派', en: 're-route' },
  urge: { from: HANDLING, to: null, by: ['dispatcher', 'leader', 'assigned_leader', 'admin'], guards: [], clock: null, refused: 'appeal_not_urgeable', zh: '催办', en: 'urge' },
  supervise: { from: HANDLING, to: null, by: ['dispatcher', 'leader', 'assigned_leader', 'admin'], guards: [], clock: null, refused: 'appeal_not_supervisable', zh: '督办', en: 'supervise' },
  merge: { from: ['registered', 'accepted', 'dispatched', 'in_progress'], to: 'merged', by: ['dispatcher', 'admin'], guards: [], clock: null, refused: 'appeal_not_mergeable', zh: '并案', en: 'merge' },
  /**
   * 撤诉: the requester (a resident, a firm) withdraws before a result is recorded; the desk records it
   * with the reason and who asked (the requester, or a department: the abuse the monthly audit looks for).
   * The clock is left as it was: a withdrawn appeal stays in its cohort, unhandled, so withdrawing
   * never raises 办结率 or 按期办结率 (see appeals.metrics.ts).
   */
  withdraw: { from: ['registered', 'accepted', 'dispatched', 'in_progress'], to: 'withdrawn', by: ['dispatcher', 'community_staff', 'admin'], guards: [], clock: null, refused: 'appeal_not_withdrawable', zh: '撤诉', en: 'withdraw' },
} as const satisfies Record<string, ActionRule>;

export type Action = keyof typeof ACTIONS;

/**
 * What follows a rating or an evaluation: steps nobody takes, the service does. Rework goes back to
 * the same handler with a fresh limit; an appeal solved on the spot but not solved goes to the desk.
 */
export const CONSEQUENCES = {
  rework: { to: 'in_progress', clock: 'restart' },
  rework_at_desk: { to: 'accepted', clock: null },
  close: { to: 'closed', clock: null },
} as const satisfies Record<string, Pick<ActionRule, 'to' | 'clock'>>;

/**
 * What a mediation case (人民调解, the mediation module) does to the appeal it came from: steps nobody
 * takes on the appeal, the case's steps do, in the case's transaction (appeals.mediation.ts applies
 * them). The body accepting the case takes the appeal in hand (the appeal's own handling clock does not
 * start: mediation keeps its own limits); a performed agreement hands it in with the result, and the
 * desk gives feedback and the requester rates it as for any appeal; mediation ending without a result
 * (no agreement, not performed, referred on) puts it back at the desk, which may dispatch it.
 * An appeal in another state only gets the note on its timeline.
 */
export const MEDIATION_STEPS = {
  mediation_accepted: { from: ['registered', 'accepted'], to: 'in_progress', clock: null },
  mediation_settled: { from: ['in_progress'], to: 'handled', clock: 'finish' },
  mediation_ended: { from: ['in_progress'], to: 'accepted', clock: 'stop' },
} as const satisfies Record<string, Pick<ActionRule, 'from' | 'to' | 'clock'>>;
export type MediationStep = keyof typeof MEDIATION_STEPS;

/** Why the caller may not take the action now: the first rule that fails, or null. */
type Refusal = { code: ErrorCode | 'forbidden'; guard?: GuardName } | null;

export function refusalOf(action: Action, actor: Actor, s: Situation): Refusal {
  const rule: ActionRule = ACTIONS[action];
  if (!rule.from.includes(s.appeal.status as Status)) return { code: rule.refused };
  if (!plays(actor, rule.by, partyContext(s))) return { code: 'forbidden' };
  for (const g of rule.guards) if (!GUARDS[g].holds(s, actor)) return { code: GUARDS[g].refusal, guard: g };
  return null;
}

/** The actions the caller may take now: exactly those `act()` would not refuse (input aside). */
export function availableActions(actor: Actor, s: Situation): Action[] {
  return (Object.keys(ACTIONS) as Action[]).filter((a) => refusalOf(a, actor, s) === null);
}
