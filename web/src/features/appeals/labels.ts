import { enumLabels } from '../../shared/enums';
import type { AppealAction, AppealBox, AppealChannel, AppealClock, AppealStatus, LimitUnit, RequesterKind, Urgency } from '../../app/contract';

/** Display names of the appeal loop's enumerations (server: appeals.workflow.ts, appeals.service.ts). */

export const STATUS_LABELS = enumLabels<AppealStatus>('appeal-status');
export const STATUSES = Object.keys(STATUS_LABELS) as AppealStatus[];

export const STATUS_COLORS: Record<AppealStatus, string> = {
  registered: 'default',
  accepted: 'blue',
  not_accepted: 'default',
  dispatched: 'geekblue',
  in_progress: 'processing',
  handled: 'cyan',
  feedback_given: 'purple',
  closed: 'success',
  merged: 'default',
  withdrawn: 'default',
};

export const CHANNEL_LABELS = enumLabels<AppealChannel>('appeal-channel');
export const CHANNELS = Object.keys(CHANNEL_LABELS) as AppealChannel[];

export const URGENCY_LABELS = enumLabels<Urgency>('urgency');
export const URGENCY_COLORS: Record<Urgency, string> = { normal: 'default', urgent: 'orange', emergency: 'red' };

export const CLOCK_LABELS = enumLabels<AppealClock>('appeal-clock');
export const CLOCK_COLORS: Record<AppealClock, string> = { green: 'green', yellow: 'gold', red: 'red', paused: 'default' };

export const BOX_LABELS = enumLabels<AppealBox>('appeal-box');

export const REQUESTER_KIND_LABELS = enumLabels<RequesterKind>('requester-kind');

export const ACTION_LABELS = enumLabels<AppealAction>('appeal-action');

/** The order buttons appear in; the loop's main step first. */
export const ACTION_ORDER: AppealAction[] = [
  'accept',
  'dispatch',
  'sign',
  'handle',
  'feedback',
  'evaluate',
  'evaluate_org',
  'solve_on_spot',
  'whistle',
  'place',
  'decide_request',
  'request_extension',
  'request_deferral',
  'await_requester',
  'resume',
  'return',
  'note',
  'instruct',
  'assign_leader',
  'reroute',
  'recategorize',
  'urge',
  'supervise',
  'merge',
  'withdraw',
  'reject',
];

/** Actions that move the appeal forward: shown as the primary button. */
export const PRIMARY_ACTIONS: ReadonlySet<AppealAction> = new Set(['accept', 'dispatch', 'sign', 'handle', 'feedback', 'evaluate', 'evaluate_org', 'solve_on_spot']);
export const DANGER_ACTIONS: ReadonlySet<AppealAction> = new Set(['reject', 'return', 'withdraw']);

export const EVENT_LABELS = enumLabels<string>('appeal-event');

export const EVENT_COLORS: Record<string, string> = {
  registered: 'gray',
  not_accepted: 'red',
  returned: 'red',
  part_returned: 'red',
  overdue: 'red',
  response_overdue: 'red',
  accept_overdue: 'red',
  accept_warning: 'orange',
  deadline_warning: 'orange',
  reworked: 'orange',
  whistled: 'orange',
  urged: 'orange',
  supervised: 'red',
  rerouted: 'orange',
  handled: 'green',
  solved_on_spot: 'green',
  closed: 'green',
};

export const REQUESTER_RATING_LABELS = enumLabels<string>('requester-rating');

export const ORG_RATING_LABELS = enumLabels<string>('org-rating');

export const RATING_COLORS: Record<string, string> = {
  satisfied: 'green',
  basically_satisfied: 'cyan',
  dissatisfied: 'red',
  unreachable: 'default',
  good: 'green',
  fair: 'gold',
  poor: 'red',
};

export const EVALUATION_METHOD_LABELS = enumLabels<string>('evaluation-method');

export const EVALUATION_KIND_LABELS = enumLabels<string>('evaluation-kind');

export const REQUEST_KIND_LABELS = enumLabels<string>('request-kind');

export const REQUEST_STATUS_LABELS = enumLabels<string>('request-status');
export const REQUEST_STATUS_COLORS: Record<string, string> = { pending: 'processing', approved: 'success', refused: 'error' };

export const LIMIT_UNIT_LABELS = enumLabels<LimitUnit>('limit-unit');

export const PART_ROLE_LABELS = enumLabels<string>('part-role');

export const PART_STATUS_LABELS = enumLabels<string>('part-status');
export const PART_STATUS_COLORS: Record<string, string> = { dispatched: 'default', in_progress: 'processing', handled: 'success', returned: 'error' };

export const PAUSE_REASON_LABELS = enumLabels<string>('pause-reason');
