import { useQuery } from '@tanstack/react-query';
import { api } from '../../app/api';
import type { AppealHeat, Overview, Workbench } from '../../app/contract';

export function useOverview() {
  return useQuery({ queryKey: ['overview'], queryFn: () => api.get<Overview>('/api/overview') });
}

/** What waits for the signed-in person; refreshed each minute like the inbox's counts, and after every appeal action (the 'appeals' key). */
export function useWorkbench() {
  return useQuery({ queryKey: ['appeals', 'workbench'], queryFn: () => api.get<Workbench>('/api/workbench'), refetchInterval: 60_000 });
}

/** The viewer's open appeals counted per cell (GET /api/appeals/heat), for the dashboard's heat map. */
export function useAppealHeat() {
  return useQuery({ queryKey: ['appeals', 'heat'], queryFn: () => api.get<AppealHeat>('/api/appeals/heat'), staleTime: 60_000 });
}
