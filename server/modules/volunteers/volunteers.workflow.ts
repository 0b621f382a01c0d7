/**
 * The need (需求清单) workflow as data, like appeals.workflow.ts: each action's states, where it goes,
 * who may take it and its refusal code. `actOnNeed()` applies a row; the buttons come from the same rows.
 *
 *  open ─claim (a member, a volunteer or a paired unit)→ claimed ─done (with evidence)→ done
 *  done ─confirm (the community, once)→ confirmed; open | claimed ─cancel→ cancelled
 */
import type { Actor, Role } from '../../platform/access.js';
import type { ErrorCode } from '../../platform/errors.js';

export const NEED_STATUSES = ['open', 'claimed', 'done', 'confirmed', 'cancelled'] as const;
export type NeedStatus = (typeof NEED_STATUSES)[number];

export const NEED_STATUS_NAMES: Record<NeedStatus, { zh: string; en: string }> = {
  open: { zh: '待认领', en: 'open' },
  claimed: { zh: '已认领', en: 'claimed' },
  done: { zh: '已完成', en: 'done' },
  confirmed: { zh: '社区已确认', en: 'confirmed' },
  cancelled: { zh: '已撤销', en: 'cancelled' },
};

export const RESOURCE_KINDS = ['skills', 'goods', 'money', 'hours', 'venue'] as const;
export type ResourceKind = (typeof RESOURCE_KINDS)[number];
export const RESOURCE_KIND_NAMES: Record<ResourceKind, { zh: string; en: string }> = {
  skills: { zh: '技能', en: 'skills' },
  goods: { zh: '物资', en: 'goods' },
  money: { zh: '资金', en: 'money' },
  hours: { zh: '时间', en: 'hours' },
  venue: { zh: '场地', en: 'venue' },
};

export const HELPER_KINDS = ['party_member', 'volunteer', 'social_worker', 'donor'] as const;
export const HELPER_KIND_NAMES: Record<(typeof HELPER_KINDS)[number], { zh: string; en: string }> = {
  party_member: { zh: '在职党员', en: 'party member' },
  volunteer: { zh: '志愿者', en: 'volunteer' },
  social_worker: { zh: '社工', en: 'social worker' },
  donor: { zh: '爱心人士', en: 'donor' },
};

interface NeedRule {
  from: readonly NeedStatus[];
  to: NeedStatus;
  by: readonly Role[];
  refused: ErrorCode;
  zh: string;
  en: string;
}

const STAFF = ['community_staff', 'dispatcher', 'admin'] as const;

export const NEED_ACTIONS = {
  claim: { from: ['open'], to: 'claimed', by: STAFF, refused: 'need_not_claimable', zh: '认领', en: 'claim' },
  done: { from: ['claimed'], to: 'done', by: STAFF, refused: 'need_not_completable', zh: '登记完成', en: 'mark done' },
  // The community confirms: staff of the community (or above it) — not the claimant's own word.
  confirm: { from: ['done'], to: 'confirmed', by: STAFF, refused: 'need_not_confirmable', zh: '社区确认', en: 'confirm' },
  cancel: { from: ['open', 'claimed'], to: 'cancelled', by: STAFF, refused: 'need_not_cancellable', zh: '撤销', en: 'cancel' },
} as const satisfies Record<string, NeedRule>;
export type NeedAction = keyof typeof NEED_ACTIONS;
export const NEED_ACTION_NAMES = Object.keys(NEED_ACTIONS) as NeedAction[];

export function needRefusal(action: NeedAction, actor: Actor, status: NeedStatus): ErrorCode | 'forbidden' | null {
  const rule: NeedRule = NEED_ACTIONS[action];
  if (!rule.from.includes(status)) return rule.refused;
  if (!actor.roles.some((r) => rule.by.includes(r))) return 'forbidden';
  return null;
}

export const availableNeedActions = (actor: Actor, status: NeedStatus) => NEED_ACTION_NAMES.filter((a) => needRefusal(a, actor, status) === null);

/**
 * Suggestions (pure): resources ranked for a need — the same kind first, then the nearer the better
 * (same grid, community, township by shared code prefix), then words the titles share.
 */
export interface Candidate {
  id: string;
  kind: string;
  regionCode: string;
  title: string;
  detail: string | null;
}

export function rankResources<T extends Candidate>(need: { kind: string; regionCode: string; title: string; detail: string | null }, rs: T[], limit = 5): (T & { score: number })[] {
  const words = new Set([...`${need.title}${need.detail ?? ''}`].filter((c) => /\p{Script=Han}|\w/u.test(c)));
  const prefix = (a: string, b: string) => {
    let i = 0;
    while (i < a.length && i < b.length && a[i] === b[i]) i++;
    return i;
  };
  return rs
    .map((r) => {
      const shared = [...new Set([...`${r.title}${r.detail ?? ''}`])].filter((c) => words.has(c)).length;
      const near = prefix(need.regionCode, r.regionCode);
      const score = (r.kind === need.kind ? 100 : 0) + (near >= 15 ? 30 : near >= 12 ? 20 : near >= 9 ? 10 : 0) + Math.min(shared, 10);
      return { ...r, score };
    })
    .filter((r) => r.score >= 100 || r.score >= 20)
    .sort((a, b) => b.score - a.score || a.id.localeCompare(b.id))
    .slice(0, limit);
}
