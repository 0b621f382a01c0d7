import type { UploadFile } from 'antd';
import type { AppealAction, AppealActionBody, AppealDetail, LimitUnit } from '../../../app/contract';

/** The fields of every action form; each action's body takes the ones it needs (bodyOf). */
export interface Values {
  reason?: string;
  note?: string;
  result?: string;
  leadOrgId?: string;
  coOrgs?: { orgId?: string; task?: string }[];
  whistleTo?: 'township' | 'department';
  departmentId?: string;
  gridCode?: string;
  amount?: number;
  unit?: LimitUnit;
  requestId?: string;
  approve?: boolean;
  rating?: string;
  solved?: 'yes' | 'no' | 'unsaid';
  verified?: boolean;
  method?: 'callback' | 'staff';
  leaderUserId?: string;
  masterId?: string;
  askedBy?: 'requester' | 'department';
  categoryCode?: string;
  photos?: UploadFile[];
}

/** Actions whose form takes photos of the work. */
export const WITH_PHOTOS: ReadonlySet<AppealAction> = new Set(['note', 'handle', 'solve_on_spot']);

/** What a form opens with: the usual choices, the grid already known, and what the caller passed. */
export function defaults(action: AppealAction, appeal: AppealDetail, initial?: Partial<Values>): Partial<Values> {
  const pending = appeal.requests.filter((r) => r.status === 'pending');
  const base: Partial<Values> = {
    unit: 'working_days',
    method: 'callback',
    verified: true,
    solved: 'unsaid',
    whistleTo: 'township',
    approve: true,
    requestId: pending.length === 1 ? pending[0].id : undefined,
    coOrgs: [],
    askedBy: 'requester',
  };
  if (action === 'place' && appeal.gridCode) base.gridCode = appeal.gridCode;
  return { ...base, ...initial };
}

/** The request body of an action from its form's values (blank texts left out). */
export function bodyOf(action: AppealAction, v: Values): Omit<AppealActionBody, 'version'> {
  const text = (s: string | undefined) => (s && s.trim() ? s.trim() : undefined);
  switch (action) {
    case 'reject':
    case 'return':
    case 'request_deferral':
      return { reason: text(v.reason) };
    case 'recategorize':
      return { categoryCode: v.categoryCode, reason: text(v.reason) };
    case 'reroute':
      return { leadOrgId: v.leadOrgId, reason: text(v.reason) };
    case 'solve_on_spot':
    case 'handle':
      return { result: text(v.result) };
    case 'place':
      return { gridCode: v.gridCode };
    case 'dispatch':
      return {
        leadOrgId: v.leadOrgId,
        coOrgs: (v.coOrgs ?? []).filter((c) => c.orgId).map((c) => ({ orgId: c.orgId!, task: text(c.task) })),
        note: text(v.note),
      };
    case 'whistle':
      return { target: v.whistleTo === 'department' ? v.departmentId : 'township', reason: text(v.reason) };
    case 'request_extension':
      return { reason: text(v.reason), amount: v.amount, unit: v.unit };
    case 'decide_request':
      return { requestId: v.requestId, approve: v.approve, note: text(v.note) };
    case 'evaluate':
      return { rating: v.rating, method: v.method, note: text(v.note), solved: v.solved === 'yes' ? true : v.solved === 'no' ? false : undefined };
    case 'evaluate_org':
      return { rating: v.rating, verified: v.verified, note: text(v.note) };
    case 'assign_leader':
      return { leaderUserId: v.leaderUserId, note: text(v.note) };
    case 'merge':
      return { masterId: v.masterId, note: text(v.note) };
    case 'withdraw':
      return { reason: text(v.reason), askedBy: v.askedBy };
    default:
      // accept, sign, note, await_requester, resume, feedback, instruct
      return { note: text(v.note) };
  }
}
