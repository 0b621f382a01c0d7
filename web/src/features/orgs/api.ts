import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../app/api';
import type { Category, CreateOrgBody, Org, Page, QueryOf, UpdateOrgBody } from '../../app/contract';

export type OrgFilter = Omit<QueryOf<'/api/orgs'>, 'page' | 'pageSize'>;

export function listOrgs(filter: OrgFilter, page: number, pageSize: number) {
  return api.get<Page<Org>>('/api/orgs', { ...filter, page, pageSize });
}

export function useOrgs(filter: OrgFilter, page: number, pageSize: number) {
  return useQuery({
    queryKey: ['orgs', 'list', filter, page, pageSize],
    queryFn: () => listOrgs(filter, page, pageSize),
    placeholderData: keepPreviousData,
  });
}

export function useCreateOrg() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateOrgBody) => api.post<Org>('/api/orgs', body),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['orgs'] }),
  });
}

export function useUpdateOrg() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: UpdateOrgBody }) => api.patch<Org>(`/api/orgs/${id}`, body),
    // On success the list changed; on a stale version it must be reloaded to show the other change.
    onSettled: () => qc.invalidateQueries({ queryKey: ['orgs'] }),
  });
}

export function useCategories() {
  return useQuery({ queryKey: ['categories'], queryFn: () => api.get<Category[]>('/api/categories'), staleTime: 10 * 60_000 });
}
