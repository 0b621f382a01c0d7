import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../../app/api';
import type { Bilingual } from '../../app/i18n';
import type { MetricsQuery, MetricsResult, TrendPoint } from '../../app/contract';

/** Shapes of GET /api/appeals/metrics and /metrics/trend (server: appeals/metrics.routes.ts). */
export type MetricFigures = MetricsResult['totals'];
export type GroupBy = NonNullable<MetricsQuery['groupBy']>;
export type { MetricsQuery, MetricsResult, TrendPoint };

export function useMetrics(q: MetricsQuery) {
  return useQuery({
    queryKey: ['appeals', 'metrics', q],
    queryFn: () => api.get<MetricsResult>('/api/appeals/metrics', { ...q }),
    placeholderData: keepPreviousData,
  });
}

export function useTrend(months: number, regionCode?: string) {
  return useQuery({
    queryKey: ['appeals', 'metrics', 'trend', months, regionCode],
    queryFn: () => api.get<TrendPoint[]>('/api/appeals/metrics/trend', { months, regionCode }),
  });
}

export type RateKey = 'closureRate' | 'onTimeRate' | 'responseRate' | 'resolutionRate' | 'satisfactionRate' | 'compositeScore' | 'onSpotRate' | 'reworkRate';

/** Each rate with its name and how it is computed (docs/DOMAIN.md §11), for cards, tooltips and the table. */
export const RATES: { key: RateKey; label: Bilingual; formula: (f: MetricFigures) => Bilingual }[] = [
  {
    key: 'closureRate',
    label: { zh: '办结率', en: 'Closure rate' },
    formula: (f) => ({ zh: `办结 ${f.handled} ÷ 应办结 ${f.due}`, en: `${f.handled} handled ÷ ${f.due} due` }),
  },
  {
    key: 'onTimeRate',
    label: { zh: '按期办结率', en: 'On-time rate' },
    formula: (f) => ({ zh: `按期办结 ${f.handledOnTime} ÷（应办结 ${f.due} − 批准缓办 ${f.deferred}）`, en: `${f.handledOnTime} on time ÷ (${f.due} due − ${f.deferred} deferred)` }),
  },
  {
    key: 'responseRate',
    label: { zh: '响应率', en: 'Response rate' },
    formula: (f) => ({ zh: `按时签收 ${f.respondedOnTime} ÷ 有效诉求 ${f.responseValid}`, en: `${f.respondedOnTime} signed in time ÷ ${f.responseValid}` }),
  },
  {
    key: 'resolutionRate',
    label: { zh: '解决率', en: 'Resolution rate' },
    formula: (f) => ({ zh: `评价为已解决 ${f.solved} ÷ 有效评价 ${f.evaluations}`, en: `${f.solved} solved ÷ ${f.evaluations} valid evaluations` }),
  },
  {
    key: 'satisfactionRate',
    label: { zh: '满意率', en: 'Satisfaction' },
    formula: (f) => ({
      zh: `（满意 ${f.satisfied} + 0.9 × 基本满意 ${f.basicallySatisfied}）÷ 有效评价 ${f.evaluations}`,
      en: `(${f.satisfied} satisfied + 0.9 × ${f.basicallySatisfied} basically) ÷ ${f.evaluations}`,
    }),
  },
  {
    key: 'compositeScore',
    label: { zh: '综合得分', en: 'Composite score' },
    formula: () => ({ zh: '响应率、解决率、满意率按权重加权', en: 'Weighted response, resolution and satisfaction' }),
  },
  {
    key: 'onSpotRate',
    label: { zh: '就地解决率', en: 'Solved on the spot' },
    formula: (f) => ({ zh: `就地解决 ${f.onSpot} ÷ 网格员和巡查收集 ${f.fieldCollected}`, en: `${f.onSpot} on the spot ÷ ${f.fieldCollected} collected in the field` }),
  },
  {
    key: 'reworkRate',
    label: { zh: '返工率', en: 'Rework rate' },
    formula: (f) => ({ zh: `重办后结案 ${f.closedReworked} ÷ 结案 ${f.closed}`, en: `${f.closedReworked} reworked ÷ ${f.closed} closed` }),
  },
];

export function percent(x: number | null | undefined): string {
  return x === null || x === undefined ? '—' : `${(x * 100).toFixed(1)}%`;
}

/** The composite score on a 100-point scale. */
export function score(x: number | null | undefined): string {
  return x === null || x === undefined ? '—' : (x * 100).toFixed(1);
}
