/**
 * The meeting and action state machines, as data (like appeals.workflow.ts): each row says which states a
 * step leaves, where it goes, whether a reason is required and the error code of a refusal. `step()` and
 * `actionStep()` apply a row; the buttons a caller sees (`availableSteps`) come from the same rows.
 *
 *  scheduled ─hold→ held        scheduled | postponed ─postpone (reason, new date)→ postponed
 *  scheduled | postponed ─hold→ held     scheduled | postponed ─cancel (reason)→ cancelled
 *
 *  action: planned ─progress→ in_progress ─finish→ done;  planned | in_progress ─drop (reason)→ dropped
 */
import type { ErrorCode } from '../../platform/errors.js';

export const MEETING_STATUSES = ['scheduled', 'postponed', 'held', 'cancelled'] as const;
export type MeetingStatus = (typeof MEETING_STATUSES)[number];

export const MEETING_STATUS_NAMES: Record<MeetingStatus, { zh: string; en: string }> = {
  scheduled: { zh: '待召开', en: 'Scheduled' },
  postponed: { zh: '已延期', en: 'Postponed' },
  held: { zh: '已召开', en: 'Held' },
  cancelled: { zh: '已取消', en: 'Cancelled' },
};

export interface MeetingStepRow {
  from: readonly MeetingStatus[];
  to: MeetingStatus;
  needsReason: boolean;
  needsDate?: boolean;
  refused: ErrorCode;
  label: { zh: string; en: string };
}

export const MEETING_STEPS = {
  hold: { from: ['scheduled', 'postponed'], to: 'held', needsReason: false, refused: 'meeting_step_refused', label: { zh: '召开', en: 'Hold' } },
  postpone: {
    from: ['scheduled', 'postponed'],
    to: 'postponed',
    needsReason: true,
    needsDate: true,
    refused: 'meeting_step_refused',
    label: { zh: '延期', en: 'Postpone' },
  },
  cancel: { from: ['scheduled', 'postponed'], to: 'cancelled', needsReason: true, refused: 'meeting_step_refused', label: { zh: '取消', en: 'Cancel' } },
} as const satisfies Record<string, MeetingStepRow>;
export type MeetingStep = keyof typeof MEETING_STEPS;
export const MEETING_STEP_NAMES = Object.keys(MEETING_STEPS) as MeetingStep[];

export type Decision<S> = { ok: true; to: S } | { ok: false; code: ErrorCode };

/** Whether a meeting in `status` may take `name`, given a reason and a new date. */
export function meetingStep(status: MeetingStatus, name: MeetingStep, input: { reason?: string | null; date?: string | null }): Decision<MeetingStatus> {
  const row: MeetingStepRow = MEETING_STEPS[name];
  if (!row.from.includes(status)) return { ok: false, code: row.refused };
  if (row.needsReason && !input.reason?.trim()) return { ok: false, code: 'meeting_reason_required' };
  if (row.needsDate && !input.date) return { ok: false, code: 'meeting_date_required' };
  return { ok: true, to: row.to };
}

export function availableMeetingSteps(status: MeetingStatus): MeetingStep[] {
  return MEETING_STEP_NAMES.filter((n) => (MEETING_STEPS[n].from as readonly MeetingStatus[]).includes(status));
}

/** Sign-ins are taken while the meeting is still to be held or on the day it is held. */
export const SIGN_IN_OPEN: ReadonlySet<MeetingStatus> = new Set(['scheduled', 'postponed', 'held']);

// ---------------------------------------------------------------------------------------------
// Actions

export const ACTION_STATUSES = ['planned', 'in_progress', 'done', 'dropped'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];
export const ACTION_STATUS_NAMES: Record<ActionStatus, { zh: string; en: string }> = {
  planned: { zh: '计划中', en: 'Planned' },
  in_progress: { zh: '推进中', en: 'In progress' },
  done: { zh: '已完成', en: 'Done' },
  dropped: { zh: '已放弃', en: 'Dropped' },
};
export const ACTION_OPEN: ReadonlySet<ActionStatus> = new Set(['planned', 'in_progress']);

export const ACTION_STEPS = {
  progress: { from: ['planned', 'in_progress'], to: 'in_progress', needsReason: false, label: { zh: '更新进度', en: 'Update progress' } },
  finish: { from: ['planned', 'in_progress'], to: 'done', needsReason: false, label: { zh: '完成', en: 'Finish' } },
  drop: { from: ['planned', 'in_progress'], to: 'dropped', needsReason: true, label: { zh: '放弃', en: 'Drop' } },
} as const satisfies Record<string, { from: readonly ActionStatus[]; to: ActionStatus; needsReason: boolean; label: { zh: string; en: string } }>;
export type ActionStep = keyof typeof ACTION_STEPS;
export const ACTION_STEP_NAMES = Object.keys(ACTION_STEPS) as ActionStep[];

export function actionStep(status: ActionStatus, name: ActionStep, input: { reason?: string | null; progress?: number | null }): Decision<ActionStatus> & { progress?: number } {
  const row = ACTION_STEPS[name];
  if (!(row.from as readonly ActionStatus[]).includes(status)) return { ok: false, code: 'meeting_action_closed' };
  if (row.needsReason && !input.reason?.trim()) return { ok: false, code: 'meeting_reason_required' };
  if (name === 'progress' && input.progress == null) return { ok: false, code: 'meeting_progress_required' };
  return { ok: true, to: row.to };
}

export function availableActionSteps(status: ActionStatus): ActionStep[] {
  return ACTION_STEP_NAMES.filter((n) => (ACTION_STEPS[n].from as readonly ActionStatus[]).includes(status));
}

/** The number of signed-in members a decision needs: the kind's fraction of the invited, rounded up. */
export function quorumNeeded(invited: number, num: number, den: number): number {
  return Math.ceil((invited * num) / den);
}

// ---------------------------------------------------------------------------------------------
// 政协协商 topics: collection → research with the people concerned (a report) → consultation → outcome

export type TopicStage = 'collected' | 'researched' | 'consulted' | 'concluded';
const TOPIC_STAGE_STEPS = {
  researched: { from: 'collected', needs: 'report' },
  consulted: { from: 'researched', needs: null },
  concluded: { from: 'consulted', needs: 'outcome' },
} as const satisfies Record<Exclude<TopicStage, 'collected'>, { from: TopicStage; needs: 'report' | 'outcome' | null }>;

export function topicStage(current: TopicStage, to: Exclude<TopicStage, 'collected'>, text: string | undefined): Decision<TopicStage> {
  const row = TOPIC_STAGE_STEPS[to];
  if (row.from !== current) return { ok: false, code: 'meeting_topic_stage_refused' };
  if (row.needs && !text?.trim()) return { ok: false, code: row.needs === 'report' ? 'meeting_report_required' : 'meeting_outcome_required' };
  return { ok: true, to };
}
