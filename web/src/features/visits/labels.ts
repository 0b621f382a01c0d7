import dayjs from 'dayjs';
import type { Bilingual } from '../../app/i18n';
import type { ServiceKind, VisitFinding, VisitOutcome } from '../../app/contract';

export const OUTCOME_LABELS: Record<VisitOutcome, Bilingual> = {
  met: { zh: '已见面', en: 'Met' },
  nobody_home: { zh: '无人在家', en: 'Nobody home' },
};

export const FINDING_LABELS: Record<VisitFinding, Bilingual> = {
  nothing: { zh: '无异常', en: 'Nothing to report' },
  on_spot: { zh: '就地解决', en: 'Solved on the spot' },
  appeal: { zh: '登记诉求', en: 'Appeal raised' },
  file_change: { zh: '档案变更', en: 'File changed' },
  service: { zh: '提供服务', en: 'Service given' },
};

export const FINDING_COLORS: Record<VisitFinding, string> = {
  nothing: 'default',
  on_spot: 'green',
  appeal: 'blue',
  file_change: 'purple',
  service: 'cyan',
};

/** The grid worker's four services (定点, 上门, 代办, 帮办). */
export const SERVICE_LABELS: Record<ServiceKind, Bilingual> = {
  fixed_point: { zh: '定点服务', en: 'At a fixed point' },
  home: { zh: '上门服务', en: 'At home' },
  proxy: { zh: '代办', en: 'Done for them' },
  assist: { zh: '帮办', en: 'Helped them do it' },
};

export const FLAG_LABELS: Record<string, Bilingual> = {
  far_from_household: { zh: '定位偏离', en: 'Far from household' },
  late_sync: { zh: '补传', en: 'Synced late' },
  no_location: { zh: '无定位', en: 'No location' },
};

export const CHANGE_STATUS_LABELS: Record<'applied' | 'conflict' | 'discarded', Bilingual> = {
  applied: { zh: '已更新档案', en: 'Applied' },
  conflict: { zh: '待处理冲突', en: 'Conflict to resolve' },
  discarded: { zh: '已放弃', en: 'Discarded' },
};

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

/** A date or timestamp as its calendar day (YYYY-MM-DD). */
export function dayOf(v: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : dayjs(v).format('YYYY-MM-DD');
}
