import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../app/api';
import type { CreateReminderBody, Page, ReminderItem, ReminderKind, ReminderQuery } from '../../app/contract';

/** GET /api/reminders (server: reminders/reminders.routes.ts): dated items in scope, upcoming or overdue. */
export function useReminders(q: ReminderQuery, enabled = true) {
  return useQuery({
    queryKey: ['reminders', q],
    queryFn: () => api.get<Page<ReminderItem>>('/api/reminders', { ...q }),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useReminderKinds() {
  return useQuery({ queryKey: ['reminders', 'kinds'], queryFn: () => api.get<ReminderKind[]>('/api/reminders/kinds'), staleTime: 10 * 60_000 });
}

export function useCreateReminder() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateReminderBody) => api.post<ReminderItem>('/api/reminders', body),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['reminders'] }),
  });
}

export function useDeleteReminder() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.request<null>('DELETE', `/api/reminders/${id}`),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['reminders'] }),
  });
}

export function useSetKindDays() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ code, daysBefore }: { code: string; daysBefore: number[] }) => api.put<ReminderKind>(`/api/reminders/kinds/${code}`, { daysBefore }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['reminders', 'kinds'] }),
  });
}
