import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../app/api';
import type { CreateUserBody, Page, QueryOf, UpdateUserBody, User } from '../../app/contract';

export type UserFilter = Omit<QueryOf<'/api/users'>, 'page' | 'pageSize'>;

export function listUsers(filter: UserFilter, page: number, pageSize: number) {
  return api.get<Page<User>>('/api/users', { ...filter, page, pageSize });
}

export function useUsers(filter: UserFilter, page: number, pageSize: number) {
  return useQuery({
    queryKey: ['users', 'list', filter, page, pageSize],
    queryFn: () => listUsers(filter, page, pageSize),
    placeholderData: keepPreviousData,
  });
}

export function useCreateUser() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateUserBody) => api.post<User>('/api/users', body),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['users'] }),
  });
}

export function useUpdateUser() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: UpdateUserBody }) => api.patch<User>(`/api/users/${id}`, body),
    onSettled: () => qc.invalidateQueries({ queryKey: ['users'] }),
  });
}
