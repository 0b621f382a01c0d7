import { chinaDate } from '../../shared/time';
import { enumLabels } from '../../shared/enums';
import type { ServiceKind, VisitFinding, VisitOutcome } from '../../app/contract';

export const OUTCOME_LABELS = enumLabels<VisitOutcome>('visit-outcome');

export const FINDING_LABELS = enumLabels<VisitFinding>('visit-finding');

export const FINDING_COLORS: Record<VisitFinding, string> = {
  nothing: 'default',
  on_spot: 'green',
  appeal: 'blue',
  file_change: 'purple',
  service: 'cyan',
  dispute: 'orange',
};

/** The grid worker's four services (定点, 上门, 代办, 帮办). */
export const SERVICE_LABELS = enumLabels<ServiceKind>('service-kind');

export const FLAG_LABELS = enumLabels<string>('visit-flag');

export const CHANGE_STATUS_LABELS = enumLabels<'applied' | 'conflict' | 'discarded'>('file-change-status');

/** 0.625 → "62.5%"; null (nothing to divide by) → "—". */
export function pct(v: number | null | undefined): string {
  return v === null || v === undefined ? '—' : `${(Math.round(v * 1000) / 10).toFixed(1)}%`;
}

/** Coverage bins for the chart and the map: red (low) to green (high). */
export const COVERAGE_BINS: { below: number; color: string; label: string }[] = [
  { below: 0.2, color: '#ff7875', label: '< 20%' },
  { below: 0.4, color: '#ffa940', label: '20–40%' },
  { below: 0.6, color: '#ffd666', label: '40–60%' },
  { below: 0.8, color: '#95de64', label: '60–80%' },
  { below: Infinity, color: '#389e0d', label: '≥ 80%' },
];
export const NO_HOUSEHOLDS_COLOR = '#f0f0f0';

export function coverageColor(v: number | null): string {
  if (v === null) return NO_HOUSEHOLDS_COLOR;
  return COVERAGE_BINS.find((b) => v < b.below)!.color;
}

/** A date or timestamp as its calendar day in China (YYYY-MM-DD). */
export function dayOf(v: string): string {
  return chinaDate(v);
}
