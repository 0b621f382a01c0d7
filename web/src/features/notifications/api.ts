import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../app/api';
import type { NotificationPage, OutboxMessage, Page } from '../../app/contract';

/** The latest notifications and the unread count; polled so the bell stays current. */
export function useNotifications() {
  return useQuery({
    queryKey: ['notifications', 'latest'],
    queryFn: () => api.get<NotificationPage>('/api/notifications', { page: 1, pageSize: 10 }),
    refetchInterval: 60_000,
    refetchOnWindowFocus: true,
  });
}

export function useMarkRead() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id?: number) => api.post<void>('/api/notifications/read', id === undefined ? {} : { id }),
    onSettled: () => qc.invalidateQueries({ queryKey: ['notifications'] }),
  });
}

export function useOutbox(status: string | undefined, page: number, pageSize: number) {
  return useQuery({
    queryKey: ['outbox', status, page, pageSize],
    queryFn: () => api.get<Page<OutboxMessage>>('/api/outbox', { status, page, pageSize }),
    placeholderData: keepPreviousData,
  });
}

export function useRetryMessage() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api.post<void>(`/api/outbox/${id}/retry`),
    onSettled: () => qc.invalidateQueries({ queryKey: ['outbox'] }),
  });
}
