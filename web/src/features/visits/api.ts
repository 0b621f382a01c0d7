import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../app/api';
import type {
  CadreCoverage,
  CadreGroupBy,
  Coverage,
  OverdueHousehold,
  OverdueKind,
  Page,
  Plan,
  PlanRow,
  Visit,
  VisitFinding,
  VisitOutcome,
  VisitSettings,
  WorkersReport,
} from '../../app/contract';

export type { CadreGroupBy, OverdueKind, PlanRow } from '../../app/contract';
export type CoverageGroupBy = Coverage['groupBy'];

/** The page's filters: an area (undefined: the caller's whole area) and a period of China dates. */
export interface Scope {
  regionCode?: string;
  from: string;
  to: string;
}

export interface VisitFilter {
  outcome?: VisitOutcome;
  finding?: VisitFinding;
  flagged?: boolean;
}

const keys = {
  all: ['visits'] as const,
  plans: ['visits', 'plans'] as const,
  settings: ['visits', 'settings'] as const,
};

export function useCoverage(scope: Scope, groupBy: CoverageGroupBy, enabled = true) {
  return useQuery({
    queryKey: ['visits', 'coverage', scope, groupBy],
    queryFn: () => api.get<Coverage>('/api/visits/coverage', { ...scope, groupBy }),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useWorkers(scope: Scope, underQuota: boolean) {
  return useQuery({
    queryKey: ['visits', 'workers', scope, underQuota],
    queryFn: () => api.get<WorkersReport>('/api/visits/workers', { ...scope, underQuota: underQuota || undefined }),
    placeholderData: keepPreviousData,
  });
}

export function useOverdue(regionCode: string | undefined, kind: OverdueKind, page: number, pageSize: number) {
  return useQuery({
    queryKey: ['visits', 'overdue', regionCode, kind, page, pageSize],
    queryFn: () => api.get<Page<OverdueHousehold>>('/api/visits/overdue', { regionCode, kind, page, pageSize }),
    placeholderData: keepPreviousData,
  });
}

export function useCadres(regionCode: string | undefined, groupBy: CadreGroupBy) {
  return useQuery({
    queryKey: ['visits', 'cadres', regionCode, groupBy],
    queryFn: () => api.get<CadreCoverage>('/api/visits/cadres', { regionCode, groupBy }),
    placeholderData: keepPreviousData,
  });
}

export function usePlans(regionCode: string | undefined, date: string, page: number, pageSize: number) {
  return useQuery({
    queryKey: [...keys.plans, regionCode, date, page, pageSize],
    queryFn: () => api.get<Page<PlanRow>>('/api/visits/plans', { regionCode, date, page, pageSize }),
    placeholderData: keepPreviousData,
  });
}

/** Remakes a worker's plan for a day (items already visited stay). */
export function useGeneratePlan() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { workerId: string; date: string }) => api.post<Plan>('/api/visits/plans/generate', body),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.plans }),
  });
}

export function useVisits(scope: Scope, filter: VisitFilter, page: number, pageSize: number) {
  return useQuery({
    queryKey: ['visits', 'list', scope, filter, page, pageSize],
    queryFn: () => api.get<Page<Visit>>('/api/visits', { ...scope, ...filter, flagged: filter.flagged || undefined, page, pageSize }),
    placeholderData: keepPreviousData,
  });
}

export function useVisit(id: string | null) {
  return useQuery({ queryKey: ['visits', 'one', id], queryFn: () => api.get<Visit>(`/api/visits/${id}`), enabled: !!id });
}

export function visitPhotoUrl(visitId: string, seq: number): string {
  return `/api/visits/${encodeURIComponent(visitId)}/photos/${seq}`;
}

/** The settings row that applies to a region ('' is the installation). */
export function useVisitSettings(regionCode: string) {
  return useQuery({ queryKey: [...keys.settings, regionCode], queryFn: () => api.get<VisitSettings>('/api/visits/settings', { regionCode }) });
}

export function useSaveVisitSettings() {
  const qc = useQueryClient();
  return useMutation({
    // The installation default ('') is addressed as /settings/default.
    mutationFn: ({ regionCode, ...body }: VisitSettings) => api.put<VisitSettings>(`/api/visits/settings/${regionCode === '' ? 'default' : encodeURIComponent(regionCode)}`, body),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.all }),
  });
}
