import type { Bilingual } from '../../app/i18n';
import { bilingual } from '../../shared/i18n';

export const INDUSTRY_LABELS: Record<string, Bilingual> = {
  electronics: bilingual('enterprises:electronic-information'),
  new_energy: bilingual('enterprises:lithium-battery-and-new-energy'),
  equipment: bilingual('enterprises:equipment-manufacturing'),
  materials: bilingual('enterprises:new-materials'),
  food: bilingual('enterprises:food-processing'),
  textile: bilingual('enterprises:textiles-and-garments'),
  pharma: bilingual('enterprises:biomedicine'),
  services: bilingual('enterprises:producer-services'),
  other: bilingual('common:other'),
};

export const SIZE_LABELS: Record<string, Bilingual> = {
  large: bilingual('enterprises:large'),
  medium: bilingual('enterprises:medium'),
  small: bilingual('enterprises:small'),
  micro: bilingual('enterprises:micro'),
};

export const TIER_LABELS: Record<string, Bilingual> = {
  respond: bilingual('enterprises:respond'),
  solution: bilingual('enterprises:solution-2'),
  close: bilingual('enterprises:close-2'),
};

export const TIER_STATE_LABELS: Record<string, Bilingual> = {
  on_time: bilingual('enterprises:on-time'),
  late: bilingual('enterprises:late'),
  overdue: bilingual('enterprises:overdue-3'),
  running: bilingual('enterprises:running'),
  withdrawn: bilingual('enterprises:withdrawn'),
};
export const TIER_STATE_COLORS: Record<string, string> = { on_time: 'green', late: 'orange', overdue: 'red', running: 'blue', withdrawn: 'default' };

export const PROBLEM_KIND_LABELS: Record<string, Bilingual> = {
  break: bilingual('enterprises:break'),
  gap: bilingual('enterprises:gap'),
  pain: bilingual('enterprises:pain-point'),
};
export const PROBLEM_KIND_COLORS: Record<string, string> = { break: 'red', gap: 'orange', pain: 'purple' };

export const PROBLEM_STATUS_LABELS: Record<string, Bilingual> = {
  open: bilingual('enterprises:open-2'),
  in_progress: bilingual('enterprises:in-progress'),
  closed: bilingual('enterprises:closed'),
};

export const PROBLEM_ACTION_LABELS: Record<string, Bilingual> = {
  start: bilingual('enterprises:start'),
  close: bilingual('enterprises:close'),
  reopen: bilingual('enterprises:reopen'),
};

/** Fen → 万元 with two decimals. */
export function wan(fen: number | null | undefined): string {
  if (fen === null || fen === undefined) return '—';
  return (fen / 100 / 10_000).toLocaleString('zh-CN', { maximumFractionDigits: 2 });
}
