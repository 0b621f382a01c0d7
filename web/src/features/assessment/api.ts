import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../app/api';
import type { AssessmentRankings, AssessmentRankingsQuery, AssessmentReport, AssessmentReportSummary, AssessmentWeights, AssessmentWeightsBody, Page } from '../../app/contract';

/** GET /api/assessment/rankings (server: assessment/assessment.routes.ts). */
export function useRankings(q: AssessmentRankingsQuery) {
  return useQuery({
    queryKey: ['assessment', 'rankings', q],
    queryFn: () => api.get<AssessmentRankings>('/api/assessment/rankings', { ...q }),
    placeholderData: keepPreviousData,
  });
}

export function useReports(page: number) {
  return useQuery({
    queryKey: ['assessment', 'reports', page],
    queryFn: () => api.get<Page<AssessmentReportSummary>>('/api/assessment/reports', { page, pageSize: 12 }),
  });
}

export function useLatestReport() {
  return useQuery({ queryKey: ['assessment', 'reports', 'latest'], queryFn: () => api.get<AssessmentReport | null>('/api/assessment/reports/latest') });
}

export function useReport(id: string) {
  return useQuery({ queryKey: ['assessment', 'reports', id], queryFn: () => api.get<AssessmentReport>(`/api/assessment/reports/${id}`) });
}

/** The county's stored weights of the composite score (or the default). */
export function useWeights(regionCode?: string) {
  return useQuery({ queryKey: ['assessment', 'weights', regionCode ?? ''], queryFn: () => api.get<AssessmentWeights>('/api/assessment/weights', regionCode ? { regionCode } : {}) });
}

/** Stores a county's weights (admin); the rankings follow. */
export function useSaveWeights() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: AssessmentWeightsBody) => api.put<AssessmentWeights>('/api/assessment/weights', body),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['assessment'] }),
  });
}
