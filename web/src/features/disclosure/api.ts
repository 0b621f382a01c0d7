import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../app/api';
import type { CreateDisclosureBody, DisclosureActionBody, DisclosureDetail, DisclosureList, DisclosureRequest } from '../../app/contract';

export function useDisclosures(q: { status?: string; page: number; pageSize: number }) {
  return useQuery({ queryKey: ['disclosure', q], queryFn: () => api.get<DisclosureList>('/api/disclosure', { ...q }), placeholderData: keepPreviousData });
}

export function useDisclosure(id: string | undefined) {
  return useQuery({ queryKey: ['disclosure', 'one', id], enabled: !!id, queryFn: () => api.get<DisclosureDetail>(`/api/disclosure/${id}`) });
}

export function useCreateDisclosure() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateDisclosureBody) => api.post<DisclosureRequest>('/api/disclosure', body),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['disclosure'] }),
  });
}

export function useDisclosureAction(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ action, body }: { action: DisclosureRequest['actions'][number]; body: DisclosureActionBody }) => api.post<DisclosureDetail>(`/api/disclosure/${id}/${action}`, body),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['disclosure'] }),
  });
}
