import type { Dayjs } from 'dayjs';
import { chinaToday } from '../../app/format';
import type { Bilingual } from '../../app/i18n';
import type { CoverageGroupBy } from './api';

/** The period presets of the supervision page; each ends today (China dates). */
export type PeriodPreset = 'month' | 'last30' | 'quarter' | 'half' | 'year' | 'custom';

export const PRESET_LABELS: Record<PeriodPreset, Bilingual> = {
  month: { zh: '本月', en: 'This month' },
  last30: { zh: '近30天', en: 'Last 30 days' },
  quarter: { zh: '本季度', en: 'This quarter' },
  half: { zh: '本半年', en: 'This half-year' },
  year: { zh: '本年', en: 'This year' },
  custom: { zh: '自定义', en: 'Custom' },
};

export function presetRange(preset: Exclude<PeriodPreset, 'custom'>, today: Dayjs = chinaToday()): [Dayjs, Dayjs] {
  switch (preset) {
    case 'month':
      return [today.startOf('month'), today];
    case 'last30':
      return [today.subtract(29, 'day'), today];
    case 'quarter':
      return [today.month(today.month() - (today.month() % 3)).startOf('month'), today];
    case 'half':
      return [today.month(today.month() < 6 ? 0 : 6).startOf('month'), today];
    case 'year':
      return [today.startOf('year'), today];
  }
}

export const ISO_DATE = 'YYYY-MM-DD';

export const GROUP_LABELS: Record<CoverageGroupBy, Bilingual> = {
  county: { zh: '县区', en: 'County' },
  township: { zh: '乡镇街道', en: 'Township' },
  village: { zh: '村社区', en: 'Community' },
  grid: { zh: '网格', en: 'Grid' },
};

/** Coarsest first. */
export const GROUP_ORDER: CoverageGroupBy[] = ['county', 'township', 'village', 'grid'];

/** The grouping one level below a region, by the length of its code (codes nest by prefix). */
export function groupBelow(regionCode: string | undefined): CoverageGroupBy {
  const n = regionCode?.length ?? 0;
  if (n >= 12) return 'grid';
  if (n >= 9) return 'village';
  if (n >= 6) return 'township';
  return 'county';
}

/** One level finer, or null below a grid. */
export function finer(groupBy: CoverageGroupBy): CoverageGroupBy | null {
  return GROUP_ORDER[GROUP_ORDER.indexOf(groupBy) + 1] ?? null;
}

/** The township or community whose grids the map draws: the region itself, or a grid's community. */
export function mapArea(regionCode: string | undefined): string | null {
  if (!regionCode || regionCode.length < 9) return null;
  return regionCode.slice(0, Math.min(regionCode.length, 12));
}
