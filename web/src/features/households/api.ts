import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../app/api';
import type { Page } from '../../app/types';

export interface Person {
  id: string;
  householdId: string | null;
  gridCode: string;
  name: string;
  relation: string | null;
  /** Masked, e.g. 360802********1234. */
  idNumber: string | null;
  /** Masked, e.g. 138****5678. */
  phone: string | null;
  birthDate: string | null;
  age: number | null;
  sex: string | null;
  status: string;
  version: number;
}

export interface Household {
  id: string;
  gridCode: string;
  gridName: string;
  addressKind: string;
  address: string;
  buildingCode: string | null;
  type: string;
  tags: string[];
  riskLevel: string;
  riskNotes: string | null;
  headName: string | null;
  memberCount: number;
  visitIntervalDays: number;
  status: string;
  version: number;
  updatedAt: string;
}

export interface HouseholdDetail extends Household {
  members: Person[];
}

export interface TimelineEvent {
  id: number;
  at: string;
  source: string;
  kind: string;
  summary: string;
  actorName: string | null;
}

export interface Change {
  id: number;
  entityType: string;
  entityId: string;
  action: string;
  changes: { field: string; before: unknown; after: unknown }[];
  reason: string | null;
  revertOf: number | null;
  actorName: string;
  at: string;
}

export interface Tag {
  code: string;
  name: string;
  nameEn: string;
  vulnerable: boolean;
  active: boolean;
}

export interface Vocabulary {
  householdTypes: { code: string; zh: string; en: string }[];
  relations: { code: string; zh: string; en: string }[];
  riskLevels: { code: string; zh: string; en: string }[];
}

export interface ImportJob {
  id: string;
  status: 'parsing' | 'validating' | 'writing' | 'done' | 'rejected' | 'failed';
  mode: string;
  fileName: string;
  total: number;
  done: number;
  errorRows: number;
  householdsCreated: number;
  householdsUpdated: number;
  peopleCreated: number;
  peopleUpdated: number;
  unchanged: number;
  message: string | null;
}

export interface ImportError {
  row: number;
  column: string;
  reason: string;
  reasonEn: string;
}

export interface HouseholdFilter {
  q?: string;
  type?: string;
  tag?: string;
  gridCode?: string;
}

export function useHouseholds(filter: HouseholdFilter, page: number, pageSize: number) {
  return useQuery({
    queryKey: ['households', 'list', filter, page, pageSize],
    queryFn: () => api.get<Page<Household>>('/api/households', { ...filter, page, pageSize }),
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
    queryFn: () => api.get<{ gridCode: string; households: number; people: number }[]>('/api/households/by-grid', { within }),
    enabled: !!within,
  });
}

export function reveal(personId: string, field: 'idNumber' | 'phone') {
  return api.post<{ field: string; value: string | null }>(`/api/people/${personId}/reveal`, { field });
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
    queryFn: () => api.get<{ gridCode: string; open: number }[]>('/api/appeals/by-grid', { within }),
    enabled: !!within && enabled,
  });
}
