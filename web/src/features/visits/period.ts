import type { Dayjs } from 'dayjs';
import { chinaToday } from '../../app/format';
import type { Bilingual } from '../../app/i18n';
import type { CoverageGroupBy } from './api';
import { bilingual } from '../../shared/i18n';

/** The period presets of the supervision page; each ends today (China dates). */
export type PeriodPreset = 'month' | 'last30' | 'quarter' | 'half' | 'year' | 'custom';

export const PRESET_LABELS: Record<PeriodPreset, Bilingual> = {
  month: bilingual('visits:this-month'),
  last30: bilingual('visits:last-30-days'),
  quarter: bilingual('visits:this-quarter'),
  half: bilingual('visits:this-half-year'),
  year: bilingual('visits:this-year'),
  custom: bilingual('visits:custom'),
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
  county: bilingual('visits:county'),
  township: bilingual('visits:township'),
  village: bilingual('visits:community'),
  grid: bilingual('visits:grid-2'),
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
