/** What a caller sends with a step (the union over all actions; each handler reads its own fields). */
import { AppError } from '../../platform/errors.js';
import type { LimitUnit } from '../calendar/calendar.time.js';
import type { Photo } from './appeals.register.js';

export interface ActionInput {
  version: number;
  reason?: string;
  note?: string;
  result?: string;
  /** dispatch: the lead organisation and co-handlers (联办). */
  leadOrgId?: string;
  coOrgs?: { orgId: string; task?: string }[];
  /** whistle: 'township', or a department's id. */
  target?: string;
  gridCode?: string;
  /** recategorize: the new category (改类). */
  categoryCode?: string;
  /** extension request: how much more. */
  amount?: number;
  unit?: LimitUnit;
  requestId?: string;
  approve?: boolean;
  rating?: string;
  solved?: boolean;
  verified?: boolean;
  method?: 'callback' | 'staff';
  leaderUserId?: string;
  masterId?: string;
  /** withdraw (撤诉): who asked for it. */
  askedBy?: 'requester' | 'department';
  photos?: Photo[];
}

/** The trimmed text of a field the step needs; refused in the words of the step's form. */
export function requireText(v: string | undefined, field: string, what: string, whatEn: string): string {
  const t = v?.trim();
  if (!t) throw new AppError('appeal_text_required', { what, whatEn }, { field });
  return t;
}
