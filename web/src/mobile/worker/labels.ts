/** The grid worker's words for codes the API uses (the enums catalog) and the app's dates. */
import { formatTime } from '../format';
import { enumLabels } from '../../shared/enums';
import { translate, type Translate } from '../../shared/i18n';
import type { PlanItemStatus, ServiceKind, VisitFinding, VisitOutcome } from '../../app/contract';

export const PLAN_ITEM_STATUS_LABELS = enumLabels<PlanItemStatus>('plan-item-status');
export const OUTCOME_LABELS = enumLabels<VisitOutcome>('visit-outcome');
export const FINDING_LABELS = enumLabels<VisitFinding>('visit-finding');
export const SERVICE_LABELS = enumLabels<ServiceKind>('service-kind');
export const RISK_LABELS = enumLabels('risk-level');

/** What each finding means, under its chip. */
export const findingHints = (t: Translate): Record<VisitFinding, string> => ({
  nothing: t('worker:all-is-well-nothing-to-do'),
  on_spot: t('worker:a-small-matter-solved-there-and-then'),
  appeal: t('worker:needs-the-community-or-a-department-it-becomes'),
  file_change: t('worker:the-household-changed-update-its-file'),
  service: t('worker:at-a-fixed-point-at-home-done-for-them-or-helped'),
  dispute: t('worker:a-quarrel-between-neighbours-or-in-a-family-it'),
});

/** The fields a household-file change can touch, as the conflict dialog names them. */
export const fileFieldText = (t: Translate): Record<string, string> => ({
  type: t('worker:household-type'),
  tags: t('worker:tags'),
  riskLevel: t('worker:risk-level'),
  riskNotes: t('worker:risk-notes'),
});

/** Roles that may log visits: grid workers, and cadres who visit (community staff, the township's dispatchers). */
export const VISITING_ROLES = ['grid_worker', 'community_staff', 'dispatcher'];

/** 2026-03-15 14:05 in China's time, whatever the phone's zone. */
export const chinaTime = formatTime;

/** Today's date in China (YYYY-MM-DD): the plan's day. */
export function chinaToday(now = new Date()): string {
  return chinaTime(now.toISOString()).slice(0, 10);
}

/** 'HH:MM' in China now, to tell which visiting window we are in. */
export function chinaClock(now = new Date()): string {
  return chinaTime(now.toISOString()).slice(11);
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** '3 月 15 日' (15 Mar) for a YYYY-MM-DD. */
export function dayText(date: string): string {
  const t = translate;
  const [, m, d] = date.split('-');
  return m && d ? t('worker:d-value', { m: Number(m), d: Number(d), value: MONTHS[Number(m) - 1] }) : date;
}

/** '刚刚', '5 分钟前', '2026-03-15 14:05'. */
export function agoText(iso: string, now = Date.now()): string {
  const t = translate;
  const ms = now - new Date(iso).getTime();
  if (ms < 60_000) return t('worker:just-now');
  if (ms < 3_600_000) return t('worker:value-min-ago', { value: Math.floor(ms / 60_000) });
  return chinaTime(iso);
}
