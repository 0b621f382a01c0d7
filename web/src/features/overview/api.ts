import { useQuery } from '@tanstack/react-query';
import { api } from '../../app/api';
import type { Overview } from '../../app/contract';

export function useOverview() {
  return useQuery({ queryKey: ['overview'], queryFn: () => api.get<Overview>('/api/overview') });
}
