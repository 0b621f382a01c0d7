import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../../app/api';
import type { Bilingual } from '../../app/i18n';
import type { MetricsQuery, MetricsResult, TrendPoint } from '../../app/contract';
import { bilingual } from '../../shared/i18n';

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
    label: bilingual('appeals:closure-rate'),
    formula: (f) => (bilingual('appeals:handled-handled-due-due', { handled: f.handled, due: f.due })),
  },
  {
    key: 'onTimeRate',
    label: bilingual('appeals:on-time-rate'),
    formula: (f) => (bilingual('appeals:handledontime-on-time-due-due-deferred-deferred', { handledOnTime: f.handledOnTime, due: f.due, deferred: f.deferred })),
  },
  {
    key: 'responseRate',
    label: bilingual('appeals:response-rate'),
    formula: (f) => (bilingual('appeals:respondedontime-signed-in-time-responsevalid', { respondedOnTime: f.respondedOnTime, responseValid: f.responseValid })),
  },
  {
    key: 'resolutionRate',
    label: bilingual('appeals:resolution-rate'),
    formula: (f) => (bilingual('appeals:solved-solved-evaluations-valid-evaluations', { solved: f.solved, evaluations: f.evaluations })),
  },
  {
    key: 'satisfactionRate',
    label: bilingual('appeals:satisfaction'),
    formula: (f) => (bilingual('appeals:satisfied-satisfied-0-9-basicallysatisfied', { satisfied: f.satisfied, basicallySatisfied: f.basicallySatisfied, evaluations: f.evaluations })),
  },
  {
    key: 'compositeScore',
    label: bilingual('appeals:composite-score'),
    formula: () => (bilingual('appeals:weighted-response-resolution-and-satisfaction')),
  },
  {
    key: 'onSpotRate',
    label: bilingual('appeals:solved-on-the-spot-2'),
    formula: (f) => (bilingual('appeals:onspot-on-the-spot-fieldcollected-collected-in', { onSpot: f.onSpot, fieldCollected: f.fieldCollected })),
  },
  {
    key: 'reworkRate',
    label: bilingual('appeals:rework-rate'),
    formula: (f) => (bilingual('appeals:closedreworked-reworked-closed-closed', { closedReworked: f.closedReworked, closed: f.closed })),
  },
];

export function percent(x: number | null | undefined): string {
  return x === null || x === undefined ? '—' : `${(x * 100).toFixed(1)}%`;
}

/** The composite score on a 100-point scale. */
export function score(x: number | null | undefined): string {
  return x === null || x === undefined ? '—' : (x * 100).toFixed(1);
}
