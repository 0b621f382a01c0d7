import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../app/api';
import type {
  AssessmentRankings,
  AssessmentRankingsQuery,
  AssessmentReport,
  AssessmentReportSummary,
  AssessmentWeights,
  AssessmentWeightsBody,
  MonthProblemPick,
  MonthProblems,
  Page,
  PickProblemBody,
  ProblemTrend,
  WarningDetail,
  WarningList,
  WarningRule,
  WarningRuleBody,
  WarningThresholds,
  WarningThresholdsBody,
} from '../../app/contract';

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

// ---- 未诉先办 early warnings and 每月一题 (server: assessment/assessment.warnings.routes.ts)

export function useWarnings(q: { status?: string; kind?: string; level?: string; page: number; pageSize: number }) {
  return useQuery({ queryKey: ['warnings', 'list', q], queryFn: () => api.get<WarningList>('/api/warnings', { ...q }), placeholderData: keepPreviousData });
}

export function useWarning(id: string | undefined) {
  return useQuery({ queryKey: ['warnings', 'one', id], enabled: !!id, queryFn: () => api.get<WarningDetail>(`/api/warnings/${id}`) });
}

export function useWarningAction(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ action, note }: { action: 'acknowledge' | 'handle'; note?: string }) => api.post<WarningDetail>(`/api/warnings/${id}/${action}`, note ? { note } : {}),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['warnings'] }),
  });
}

export function useWarningRules() {
  return useQuery({ queryKey: ['warnings', 'rules'], queryFn: () => api.get<WarningRule[]>('/api/warnings/rules') });
}

export function useSaveWarningRule() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id?: number; body: WarningRuleBody }) => (id ? api.put<WarningRule>(`/api/warnings/rules/${id}`, body) : api.post<WarningRule>('/api/warnings/rules', body)),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['warnings', 'rules'] }),
  });
}

export function useMonthProblems(month: string) {
  return useQuery({ queryKey: ['problems', month], queryFn: () => api.get<MonthProblems>('/api/assessment/problems', { month }), placeholderData: keepPreviousData });
}

export function usePickProblem() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: PickProblemBody) => api.post<MonthProblemPick>('/api/assessment/problems', body),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['problems'] }),
  });
}

export function useProblemTrend(id: string | undefined) {
  return useQuery({ queryKey: ['problems', 'trend', id], enabled: !!id, queryFn: () => api.get<ProblemTrend>(`/api/assessment/problems/${id}/trend`) });
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

/** 预警起报数 of a county (GET for every reader of warnings; PUT the administrator's). */
export function useWarningThresholds(regionCode: string | undefined) {
  return useQuery({ queryKey: ['warnings', 'thresholds', regionCode], enabled: !!regionCode, queryFn: () => api.get<WarningThresholds>('/api/warnings/thresholds', { regionCode }) });
}

export function useSaveWarningThresholds() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: WarningThresholdsBody) => api.put<WarningThresholds>('/api/warnings/thresholds', body),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['warnings', 'thresholds'] }),
  });
}
