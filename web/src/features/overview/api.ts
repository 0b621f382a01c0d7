import { useQuery } from '@tanstack/react-query';
import { api } from '../../app/api';
import type { AppealHeat, Overview } from '../../app/contract';

export function useOverview() {
  return useQuery({ queryKey: ['overview'], queryFn: () => api.get<Overview>('/api/overview') });
}

/** The viewer's open appeals counted per cell (GET /api/appeals/heat), for the dashboard's heat map. */
export function useAppealHeat() {
  return useQuery({ queryKey: ['appeals', 'heat'], queryFn: () => api.get<AppealHeat>('/api/appeals/heat'), staleTime: 60_000 });
}
