import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../app/api';
import type {
  Change,
  Household,
  HouseholdCountsByGrid,
  HouseholdDetail,
  ImportError,
  ImportJob,
  OpenAppealsByGrid,
  Page,
  QueryOf,
  RevealedField,
  Tag,
  TimelineEvent,
  Vocabulary,
} from '../../app/contract';

export type { Change, Household, HouseholdDetail, ImportError, ImportJob, Person, Tag, TimelineEvent, Vocabulary } from '../../app/contract';

/** The filters the households page offers. */
export type HouseholdFilter = Pick<QueryOf<'/api/households'>, 'q' | 'type' | 'tag' | 'gridCode'>;

/**
 * A search that holds digits is a full ID number or phone: it is sent in a POST body (never in an
 * address, where proxies log it) and the server audits it; a name stays in the list's address.
 */
export function isNumberSearch(q: string | undefined): q is string {
  return !!q && /\d{4}/.test(q);
}

/** The households in scope; `numberSearch`, a full ID number or phone, is sent in the body. */
export function useHouseholds(filter: HouseholdFilter, page: number, pageSize: number, numberSearch?: string) {
  return useQuery({
    queryKey: ['households', 'list', filter, page, pageSize, numberSearch ?? null],
    queryFn: () =>
      numberSearch
        ? api.post<Page<Household>>('/api/households/search', { ...filter, q: numberSearch, page, pageSize })
        : api.get<Page<Household>>('/api/households', { ...filter, page, pageSize }),
    placeholderData: keepPreviousData,
  });
}

export function useHousehold(id: string | null) {
  return useQuery({
    queryKey: ['households', 'one', id],
    queryFn: () => api.get<HouseholdDetail>(`/api/households/${id}`),
    enabled: !!id,
  });
}

export function useTimeline(id: string) {
  return useQuery({ queryKey: ['households', 'timeline', id], queryFn: () => api.get<Page<TimelineEvent>>(`/api/households/${id}/timeline`, { pageSize: 100 }) });
}

export function useHistory(id: string) {
  return useQuery({ queryKey: ['households', 'history', id], queryFn: () => api.get<Page<Change>>(`/api/households/${id}/history`, { pageSize: 100 }) });
}

export function useTags() {
  return useQuery({ queryKey: ['household-tags'], queryFn: () => api.get<Tag[]>('/api/household-tags'), staleTime: 10 * 60_000 });
}

export function useVocabulary() {
  return useQuery({ queryKey: ['household-vocabulary'], queryFn: () => api.get<Vocabulary>('/api/households/vocabulary'), staleTime: Infinity });
}

export function useCountsByGrid(within: string | null) {
  return useQuery({
    queryKey: ['households', 'by-grid', within],
    queryFn: () => api.get<HouseholdCountsByGrid>('/api/households/by-grid', { within }),
    enabled: !!within,
  });
}

/** A person's full ID number or phone; the reason is recorded in the audit entry. */
export function reveal(personId: string, field: 'idNumber' | 'phone', reason: string) {
  return api.post<RevealedField>(`/api/people/${personId}/reveal`, { field, reason });
}

export function useRevert() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, reason }: { id: number; reason: string }) => api.post<Change>(`/api/changes/${id}/revert`, { reason }),
    onSettled: () => qc.invalidateQueries({ queryKey: ['households'] }),
  });
}

export function getImportJob(id: string) {
  return api.get<ImportJob>(`/api/households/imports/${id}`);
}

export function getImportErrors(id: string) {
  return api.get<ImportError[]>(`/api/households/imports/${id}/errors`, { pageSize: 200 });
}

/** Uploads a roster; the answer is the import job to poll. */
export function uploadRoster(file: File, mode: 'all_or_nothing' | 'valid_rows'): Promise<ImportJob> {
  const form = new FormData();
  form.append('mode', mode);
  form.append('file', file);
  return api.upload<ImportJob>('/api/households/imports', form);
}

/** Open appeals per grid under a township or community (the grid map's "open appeals" figure). */
export function useOpenAppealsByGrid(within: string | null, enabled: boolean) {
  return useQuery({
    queryKey: ['appeals', 'by-grid', within],
    queryFn: () => api.get<OpenAppealsByGrid>('/api/appeals/by-grid', { within }),
    enabled: !!within && enabled,
  });
}
