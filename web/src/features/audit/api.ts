import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../../app/api';
import type { AuditEntry, Page, QueryOf } from '../../app/contract';

/** The audit log's filters (from and to: ISO date-times). */
export type AuditFilter = Omit<QueryOf<'/api/audit'>, 'page' | 'pageSize'>;

export function listAudit(filter: AuditFilter, page: number, pageSize: number) {
  return api.get<Page<AuditEntry>>('/api/audit', { ...filter, page, pageSize });
}

export function useAudit(filter: AuditFilter, page: number, pageSize: number) {
  return useQuery({
    queryKey: ['audit', 'list', filter, page, pageSize],
    queryFn: () => listAudit(filter, page, pageSize),
    placeholderData: keepPreviousData,
  });
}

export function useAuditActions() {
  return useQuery({ queryKey: ['audit', 'actions'], queryFn: () => api.get<string[]>('/api/audit/actions'), staleTime: 60_000 });
}
