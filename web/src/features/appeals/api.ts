import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../app/api';
import type {
  AppealAction,
  AppealActionBody,
  AppealBox,
  AppealDetail,
  AppealFilter,
  AppealLeader,
  AppealListItem,
  BulkAcceptBody,
  BulkResult,
  CreateAppealBody,
  Org,
  Page,
  RevealedRequester,
} from '../../app/contract';

/** The inbox's page; a search by the requester's phone is a POST, so the number never travels in an address. */
export function listAppeals(filter: AppealFilter, page: number, pageSize: number) {
  if (filter.phone) return api.post<Page<AppealListItem>>('/api/appeals/search', { ...filter, page, pageSize });
  return api.get<Page<AppealListItem>>('/api/appeals', { ...filter, page, pageSize });
}

export function useAppeals(filter: AppealFilter, page: number, pageSize: number, enabled = true) {
  return useQuery({
    queryKey: ['appeals', 'list', filter, page, pageSize],
    queryFn: () => listAppeals(filter, page, pageSize),
    placeholderData: keepPreviousData,
    enabled,
  });
}

/** Waiting counts per box; which boxes appear depends on the caller's roles. */
export function useInbox() {
  return useQuery({
    queryKey: ['appeals', 'inbox'],
    queryFn: () => api.get<Partial<Record<AppealBox, number>>>('/api/appeals/inbox'),
    refetchInterval: 60_000,
  });
}

export function useAppeal(id: string | undefined) {
  return useQuery({
    queryKey: ['appeals', 'detail', id],
    queryFn: () => api.get<AppealDetail>(`/api/appeals/${id}`),
    enabled: !!id,
  });
}

export function useCreateAppeal() {
  const qc = useQueryClient();
  return useMutation({
    // The key is the submission attempt's: a retry of the same form registers nothing new.
    mutationFn: ({ body, idempotencyKey }: { body: CreateAppealBody; idempotencyKey: string }) => api.create<AppealDetail>('/api/appeals', body, idempotencyKey),
    onSuccess: (created) => {
      void qc.invalidateQueries({ queryKey: ['appeals'] });
      // The answer is the full detail: the appeal page opens without another request.
      qc.setQueryData(['appeals', 'detail', created.id], created);
    },
  });
}

/** 批量受理: each appeal accepted on its own; the answer says which were refused and why. */
export function bulkAccept(body: BulkAcceptBody) {
  return api.post<BulkResult>('/api/appeals/bulk/accept', body);
}

export function actOn(id: string, action: AppealAction, body: AppealActionBody) {
  return api.post<AppealDetail>(`/api/appeals/${id}/actions/${action}`, body);
}

export function useAppealAction(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ action, body }: { action: AppealAction; body: AppealActionBody }) => actOn(id, action, body),
    onSuccess: (detail) => qc.setQueryData(['appeals', 'detail', id], detail),
    // Lists, inbox counts and notifications change with every step; a stale version needs the fresh detail.
    onSettled: () => qc.invalidateQueries({ queryKey: ['appeals'] }),
  });
}

/** Leaders who may own this appeal: those whose area contains it (`/api/appeals/:id/leaders`). */
export function useLeaders(appealId: string, enabled: boolean) {
  return useQuery({
    queryKey: ['appeals', appealId, 'leaders'],
    queryFn: () => api.get<AppealLeader[]>(`/api/appeals/${appealId}/leaders`),
    enabled,
    retry: false,
    staleTime: 5 * 60_000,
  });
}

/** Organisations suggested for dispatch, by category and location. */
export function useSuggestions(id: string, enabled: boolean) {
  return useQuery({
    queryKey: ['appeals', 'suggestions', id],
    queryFn: () => api.get<Org[]>(`/api/appeals/${id}/suggestions`),
    enabled,
    staleTime: 5 * 60_000,
  });
}

/** The requester's full contact; the reason is recorded in the audit entry. */
export function revealRequester(id: string, reason: string) {
  return api.post<RevealedRequester>(`/api/appeals/${id}/reveal`, { reason });
}

export function attachmentUrl(appealId: string, attachmentId: string) {
  return `/api/appeals/${appealId}/attachments/${attachmentId}`;
}

