/**
 * The micro-wish (微心愿) workflow, as data, like appeals.workflow.ts: for each action the states it
 * leaves, where it goes, who may take it, its guards and the error code of each refusal. `actOnWish()`
 * (wishes.act.ts) applies a row; the buttons a caller sees come from `availableActions`, the same rows.
 *
 *  collected ─(checked against the file and the campaign's rules)→ published (on the wall)
 *  published ─claim→ claimed ─join→ claimed (a co-claimant)   ─fulfil (dated photo)→ fulfilled
 *  fulfilled ─confirm (recipient or guardian, once)→ confirmed ─thank→ thanked (shown on the wall)
 *  published | claimed ─withdraw→ withdrawn
 *
 * Pure: the service loads a `WishSituation`, the rules decide on it.
 */
import type { Actor, Role } from '../../platform/access.js';
import type { ErrorCode } from '../../platform/errors.js';

export const WISH_STATUSES = ['published', 'claimed', 'fulfilled', 'confirmed', 'thanked', 'withdrawn'] as const;
export type WishStatus = (typeof WISH_STATUSES)[number];

export const WISH_STATUS_NAMES: Record<WishStatus, { zh: string; en: string }> = {
  published: { zh: '待认领', en: 'awaiting a helper' },
  claimed: { zh: '已认领', en: 'claimed' },
  fulfilled: { zh: '已圆梦', en: 'fulfilled' },
  confirmed: { zh: '已确认', en: 'confirmed' },
  thanked: { zh: '已致谢', en: 'thanked' },
  withdrawn: { zh: '已撤回', en: 'withdrawn' },
};

export const HELPER_KINDS = ['member', 'unit', 'volunteer', 'donor'] as const;
export type HelperKind = (typeof HELPER_KINDS)[number];
export const HELPER_KIND_NAMES: Record<HelperKind, { zh: string; en: string }> = {
  member: { zh: '党员', en: 'party member' },
  unit: { zh: '结对单位', en: 'paired unit' },
  volunteer: { zh: '志愿者', en: 'volunteer' },
  donor: { zh: '爱心人士', en: 'donor' },
};

/** What the guards look at. `today` is the China day. */
export interface WishSituation {
  status: WishStatus;
  campaign: { startsOn: string; endsOn: string };
  today: string;
}

interface Guard {
  holds: (s: WishSituation) => boolean;
  refusal: ErrorCode;
}

const WISH_GUARDS = {
  /** Claims only within the campaign's window: not before it opens, not after it ends. */
  window_open: { holds: (s) => s.today >= s.campaign.startsOn, refusal: 'wish_window_not_open' },
  window_not_past: { holds: (s) => s.today <= s.campaign.endsOn, refusal: 'wish_window_closed' },
} as const satisfies Record<string, Guard>;
type WishGuard = keyof typeof WISH_GUARDS;

export interface WishRule {
  from: readonly WishStatus[];
  to: WishStatus;
  by: readonly Role[];
  guards: readonly WishGuard[];
  refused: ErrorCode;
  zh: string;
  en: string;
}

const STAFF = ['community_staff', 'dispatcher', 'admin'] as const;
/** A registered helper on their phone claims, joins, fulfils and records the recipient's signature (as themself only: wishes.act.ts). */
const STAFF_AND_HELPER = [...STAFF, 'helper'] as const;

export const WISH_ACTIONS = {
  claim: { from: ['published'], to: 'claimed', by: STAFF_AND_HELPER, guards: ['window_open', 'window_not_past'], refused: 'wish_not_claimable', zh: '认领', en: 'claim' },
  join: { from: ['claimed'], to: 'claimed', by: STAFF_AND_HELPER, guards: ['window_open', 'window_not_past'], refused: 'wish_not_joinable', zh: '联合认领', en: 'join the claim' },
  fulfil: { from: ['claimed'], to: 'fulfilled', by: STAFF_AND_HELPER, guards: [], refused: 'wish_not_fulfillable', zh: '圆梦（上传照片）', en: 'fulfil (with a photo)' },
  confirm: { from: ['fulfilled'], to: 'confirmed', by: [...STAFF_AND_HELPER, 'grid_worker'], guards: [], refused: 'wish_not_confirmable', zh: '受助人确认', en: 'record the recipient’s confirmation' },
  thank: { from: ['confirmed'], to: 'thanked', by: STAFF, guards: [], refused: 'wish_not_thankable', zh: '发布感谢', en: 'publish the thanks' },
  withdraw: { from: ['published', 'claimed'], to: 'withdrawn', by: STAFF, guards: [], refused: 'wish_not_withdrawable', zh: '撤回', en: 'withdraw' },
} as const satisfies Record<string, WishRule>;
export type WishAction = keyof typeof WISH_ACTIONS;
export const WISH_ACTION_NAMES = Object.keys(WISH_ACTIONS) as WishAction[];

export type WishRefusal = { code: ErrorCode | 'forbidden'; guard?: WishGuard } | null;

export function wishRefusal(action: WishAction, actor: Actor, s: WishSituation): WishRefusal {
  const rule: WishRule = WISH_ACTIONS[action];
  if (!rule.from.includes(s.status)) return { code: rule.refused };
  if (!actor.roles.some((r) => rule.by.includes(r))) return { code: 'forbidden' };
  for (const g of rule.guards) if (!WISH_GUARDS[g].holds(s)) return { code: WISH_GUARDS[g].refusal, guard: g };
  return null;
}

export function availableWishActions(actor: Actor, s: WishSituation): WishAction[] {
  return WISH_ACTION_NAMES.filter((a) => wishRefusal(a, actor, s) === null);
}

/**
 * Collection rules (pure): whether a person may have a wish in this campaign. Each failure has its
 * own code; the service adds the person's facts.
 */
export interface CollectFacts {
  campaign: { regionCode: string; endsOn: string; ageMin: number | null; ageMax: number | null; requiredTag: string | null };
  person: { gridCode: string; age: number | null; status: string };
  householdTags: readonly string[];
  today: string;
}

export function collectRefusal(f: CollectFacts): { code: ErrorCode; params?: Record<string, string | number> } | null {
  const c = f.campaign;
  if (f.today > c.endsOn) return { code: 'wish_campaign_over', params: { end: c.endsOn } };
  if (!f.person.gridCode.startsWith(c.regionCode)) return { code: 'wish_outside_campaign' };
  if (f.person.status !== 'active') return { code: 'wish_person_inactive' };
  if (c.ageMin !== null || c.ageMax !== null) {
    if (f.person.age === null) return { code: 'wish_age_unknown' };
    if ((c.ageMin !== null && f.person.age < c.ageMin) || (c.ageMax !== null && f.person.age > c.ageMax)) {
      return { code: 'wish_age_outside', params: { age: f.person.age, min: c.ageMin ?? 0, max: c.ageMax ?? 150 } };
    }
  }
  if (c.requiredTag && !f.householdTags.includes(c.requiredTag)) return { code: 'wish_tag_missing', params: { tag: c.requiredTag } };
  return null;
}
