/**
 * The mediation case's workflow, as data (like appeals.workflow.ts): the states, and for each action
 * which states it leaves, where it goes, who may take it, its guards, and the error code of each
 * refusal. `act()` (mediation.act.ts) applies a row; the buttons a caller sees come from the same rows.
 *
 *  applied ─accept→ accepted ─investigate→ investigating ─hold_session→ in_session (again and again)
 *     ╰─decline→ declined          in_session ─agree→ agreed ─check…→ performed | failed
 *                                  in_session ─no_agreement→ not_agreed
 *  refer (court, arbitration, a department) → referred; transfer to another body → applied there
 *  declined | not_agreed | performed | failed | referred ─close→ closed (archived, Art. 27)
 *  Judicial confirmation (Art. 33) beside the states: apply within 30 days of the agreement's effect,
 *  the court's acceptance, its decision.
 *
 * This file is pure: the service loads a `Situation` and the rules decide on it.
 */
import type { ErrorCode } from '../../platform/errors.js';

export const STATUSES = ['applied', 'accepted', 'declined', 'investigating', 'in_session', 'agreed', 'not_agreed', 'performed', 'failed', 'referred', 'closed'] as const;
export type Status = (typeof STATUSES)[number];

export const STATUS_NAMES: Record<Status, { zh: string; en: string }> = {
  applied: { zh: '已申请', en: 'Applied' },
  accepted: { zh: '已受理', en: 'Accepted' },
  declined: { zh: '不予受理', en: 'Declined' },
  investigating: { zh: '调查中', en: 'Investigating' },
  in_session: { zh: '调解中', en: 'In session' },
  agreed: { zh: '达成协议', en: 'Agreed' },
  not_agreed: { zh: '未达成协议', en: 'No agreement' },
  performed: { zh: '已履行', en: 'Performed' },
  failed: { zh: '未履行', en: 'Not performed' },
  referred: { zh: '已移送', en: 'Referred' },
  closed: { zh: '已结案归档', en: 'Closed and archived' },
};

/** Who may act on a case: members of its body, the township's 司法所, the referring court's room. */
export type Party = 'body' | 'supervisor' | 'court';

export const CONFIRMATIONS = ['none', 'applied', 'accepted', 'granted', 'refused', 'lapsed'] as const;
export type Confirmation = (typeof CONFIRMATIONS)[number];

export interface Situation {
  status: Status;
  confirmation: Confirmation;
  /** The last day to apply for judicial confirmation (YYYY-MM-DD), once there is an agreement. */
  confirmationDueOn: string | null;
  /** Today in China (YYYY-MM-DD). */
  today: string;
  parties: ReadonlySet<Party>;
}

interface Guard {
  holds: (s: Situation) => boolean;
  refusal: ErrorCode;
}

const GUARDS = {
  not_applied: { holds: (s) => s.confirmation === 'none', refusal: 'mediation_confirmation_already_applied' },
  window_open: { holds: (s) => !!s.confirmationDueOn && s.today <= s.confirmationDueOn, refusal: 'mediation_confirmation_lapsed' },
  confirmation_applied: { holds: (s) => s.confirmation === 'applied', refusal: 'mediation_confirmation_not_applied' },
  confirmation_accepted: { holds: (s) => s.confirmation === 'accepted', refusal: 'mediation_confirmation_not_accepted' },
} as const satisfies Record<string, Guard>;
type GuardName = keyof typeof GUARDS;

export interface ActionRule {
  from: readonly Status[];
  /** null: the status stays. */
  to: Status | null;
  by: readonly Party[];
  guards: readonly GuardName[];
  refused: ErrorCode;
  zh: string;
  en: string;
}

const OPEN_WORK = ['accepted', 'investigating', 'in_session'] as const;
const AFTER_AGREEMENT = ['agreed', 'performed', 'failed', 'closed'] as const;

export const ACTIONS = {
  accept: { from: ['applied'], to: 'accepted', by: ['body'], guards: [], refused: 'mediation_not_acceptable', zh: '受理', en: 'accept' },
  decline: { from: ['applied'], to: 'declined', by: ['body'], guards: [], refused: 'mediation_not_declinable', zh: '不予受理', en: 'decline' },
  investigate: { from: ['accepted'], to: 'investigating', by: ['body'], guards: [], refused: 'mediation_not_investigable', zh: '开始调查', en: 'investigate' },
  schedule_session: { from: OPEN_WORK, to: null, by: ['body'], guards: [], refused: 'mediation_not_schedulable', zh: '约定调解会', en: 'schedule a session' },
  hold_session: { from: OPEN_WORK, to: 'in_session', by: ['body'], guards: [], refused: 'mediation_session_not_allowed', zh: '记录调解会', en: 'record a session' },
  agree: { from: ['in_session'], to: 'agreed', by: ['body'], guards: [], refused: 'mediation_agreement_not_allowed', zh: '达成协议', en: 'record the agreement' },
  revise_agreement: { from: ['agreed'], to: null, by: ['body'], guards: [], refused: 'mediation_agreement_not_revisable', zh: '修订协议', en: 'revise the agreement' },
  no_agreement: { from: ['in_session'], to: 'not_agreed', by: ['body'], guards: [], refused: 'mediation_no_agreement_not_allowed', zh: '未达成协议', en: 'record no agreement' },
  check: { from: ['agreed'], to: null, by: ['body', 'supervisor'], guards: [], refused: 'mediation_not_checkable', zh: '履行回访', en: 'check performance' },
  performed: { from: ['agreed'], to: 'performed', by: ['body', 'supervisor'], guards: [], refused: 'mediation_not_performable', zh: '确认已履行', en: 'confirm performed' },
  failed: { from: ['agreed'], to: 'failed', by: ['body', 'supervisor'], guards: [], refused: 'mediation_not_failable', zh: '确认未履行', en: 'record non-performance' },
  refer: { from: [...OPEN_WORK, 'not_agreed', 'failed'], to: 'referred', by: ['body', 'supervisor'], guards: [], refused: 'mediation_not_referable', zh: '移送', en: 'refer' },
  transfer: { from: ['applied', ...OPEN_WORK], to: 'applied', by: ['body', 'supervisor'], guards: [], refused: 'mediation_not_transferable', zh: '转其他调解组织', en: 'transfer to another body' },
  close: { from: ['declined', 'not_agreed', 'performed', 'failed', 'referred'], to: 'closed', by: ['body', 'supervisor'], guards: [], refused: 'mediation_not_closable', zh: '结案归档', en: 'close and archive' },
  apply_confirmation: { from: ['agreed', 'performed'], to: null, by: ['body'], guards: ['not_applied', 'window_open'], refused: 'mediation_confirmation_not_allowed', zh: '申请司法确认', en: 'apply for judicial confirmation' },
  court_accept: { from: AFTER_AGREEMENT, to: null, by: ['body', 'court'], guards: ['confirmation_applied'], refused: 'mediation_confirmation_not_allowed', zh: '记录法院受理', en: 'record the court’s acceptance' },
  court_decide: { from: AFTER_AGREEMENT, to: null, by: ['body', 'court'], guards: ['confirmation_accepted'], refused: 'mediation_confirmation_not_allowed', zh: '记录法院裁定', en: 'record the court’s decision' },
} as const satisfies Record<string, ActionRule>;

export type Action = keyof typeof ACTIONS;
export const ACTION_NAMES = Object.keys(ACTIONS) as Action[];

export type Refusal = { code: ErrorCode | 'forbidden'; guard?: GuardName } | null;

export function refusalOf(action: Action, s: Situation): Refusal {
  const rule: ActionRule = ACTIONS[action];
  if (!rule.from.includes(s.status)) return { code: rule.refused };
  if (!rule.by.some((p) => s.parties.has(p))) return { code: 'forbidden' };
  for (const g of rule.guards) if (!GUARDS[g].holds(s)) return { code: GUARDS[g].refusal, guard: g };
  return null;
}

/** The actions the caller may take now: exactly those `act()` would not refuse (input aside). */
export function availableActions(s: Situation): Action[] {
  return ACTION_NAMES.filter((a) => refusalOf(a, s) === null);
}

/** Art. 33: judicial confirmation is applied for within 30 days of the agreement's effect. */
export const CONFIRMATION_DAYS = 30;
/** The warning goes out this many days before the window closes. */
export const CONFIRMATION_WARN_DAYS = 5;

export function addDays(ymd: string, days: number): string {
  const d = new Date(`${ymd}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
