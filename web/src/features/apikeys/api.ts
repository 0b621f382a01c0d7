import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../app/api';
import type { ApiKey, CreateApiKeyBody, CreatedApiKey } from '../../app/contract';

export function useApiKeys() {
  return useQuery({ queryKey: ['apikeys'], queryFn: () => api.get<ApiKey[]>('/api/apikeys') });
}

export function useCreateApiKey() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateApiKeyBody) => api.post<CreatedApiKey>('/api/apikeys', body),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['apikeys'] }),
  });
}

export function useRevokeApiKey() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.post<ApiKey>(`/api/apikeys/${id}/revoke`),
    onSettled: () => qc.invalidateQueries({ queryKey: ['apikeys'] }),
  });
}
