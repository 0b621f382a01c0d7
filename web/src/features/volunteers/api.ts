import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../app/api';
import type {
  Activity,
  ActivityDetail,
  CreateActivityBody,
  CreateNeedBody,
  CreatePairedUnitBody,
  CreateResourceBody,
  Helper,
  Need,
  NeedAction,
  NeedActionBody,
  NeedDetail,
  Page,
  PairedUnit,
  QueryOf,
  RegisterHelperBody,
  ResourceItem,
  VolunteerFigures,
  VolunteerRanking,
  VolunteerTeam,
} from '../../app/contract';

export type HelperFilter = Omit<QueryOf<'/api/helpers'>, 'page' | 'pageSize'>;
export type NeedFilter = Omit<QueryOf<'/api/needs'>, 'page' | 'pageSize'>;

const KEY = 'volunteers';

export const listHelpers = (filter: HelperFilter, page: number, pageSize: number) => api.get<Page<Helper>>('/api/helpers', { ...filter, page, pageSize });
export const useHelpers = (filter: HelperFilter, page: number, pageSize: number) =>
  useQuery({ queryKey: [KEY, 'helpers', filter, page, pageSize], queryFn: () => listHelpers(filter, page, pageSize), placeholderData: keepPreviousData });
export const useUnits = () => useQuery({ queryKey: [KEY, 'units'], queryFn: () => api.get<Page<PairedUnit>>('/api/paired-units', { pageSize: 200 }) });
export const useTeams = () => useQuery({ queryKey: [KEY, 'teams'], queryFn: () => api.get<Page<VolunteerTeam>>('/api/volunteer-teams', { pageSize: 200 }) });
export const useNeeds = (filter: NeedFilter, page: number, pageSize: number) =>
  useQuery({ queryKey: [KEY, 'needs', filter, page, pageSize], queryFn: () => api.get<Page<Need>>('/api/needs', { ...filter, page, pageSize }), placeholderData: keepPreviousData });
export const useNeed = (id: string | null) => useQuery({ queryKey: [KEY, 'need', id], queryFn: () => api.get<NeedDetail>(`/api/needs/${id}`), enabled: !!id });
export const useResources = (page: number, pageSize: number) =>
  useQuery({ queryKey: [KEY, 'resources', page, pageSize], queryFn: () => api.get<Page<ResourceItem>>('/api/resources', { page, pageSize }), placeholderData: keepPreviousData });
export const useActivities = (page: number, pageSize: number) =>
  useQuery({ queryKey: [KEY, 'activities', page, pageSize], queryFn: () => api.get<Page<Activity>>('/api/activities', { page, pageSize }), placeholderData: keepPreviousData });
export const useActivity = (id: string | null) => useQuery({ queryKey: [KEY, 'activity', id], queryFn: () => api.get<ActivityDetail>(`/api/activities/${id}`), enabled: !!id });
export const useRanking = (month: string) => useQuery({ queryKey: [KEY, 'ranking', month], queryFn: () => api.get<VolunteerRanking>('/api/volunteers/ranking', { month }) });
export const useFigures = () => useQuery({ queryKey: [KEY, 'figures'], queryFn: () => api.get<VolunteerFigures>('/api/volunteers/figures') });

/** Every write refreshes the module's lists (counts move between them). */
function useWrite<I, O>(fn: (input: I) => Promise<O>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSettled: () => qc.invalidateQueries({ queryKey: [KEY] }) });
}

export const useRegisterHelper = () => useWrite((b: RegisterHelperBody) => api.post<Helper>('/api/helpers', b));
export const useCreateUnit = () => useWrite((b: CreatePairedUnitBody) => api.post<PairedUnit>('/api/paired-units', b));
export const useAddDuty = () => useWrite(({ id, title }: { id: string; title: string }) => api.post<PairedUnit>(`/api/paired-units/${id}/duties`, { title }));
export const useCreateTeam = () => useWrite((b: { regionCode: string; name: string; purpose?: string }) => api.post<VolunteerTeam>('/api/volunteer-teams', b));
export const useCreateNeed = () => useWrite((b: CreateNeedBody) => api.post<NeedDetail>('/api/needs', b));
export const useNeedAction = () => useWrite(({ id, action, body }: { id: string; action: NeedAction; body: NeedActionBody }) => api.post<NeedDetail>(`/api/needs/${id}/actions/${action}`, body));
export const useCreateResource = () => useWrite((b: CreateResourceBody) => api.post<ResourceItem>('/api/resources', b));
export const useCreateActivity = () => useWrite((b: CreateActivityBody) => api.post<ActivityDetail>('/api/activities', b));
export const useSignup = () =>
  useWrite(({ id, helperId, step, minutes }: { id: string; helperId: string; step: 'signup' | 'sign-in' | 'hours'; minutes?: number }) =>
    step === 'signup'
      ? api.post<ActivityDetail>(`/api/activities/${id}/signups`, { helperId })
      : step === 'sign-in'
        ? api.post<ActivityDetail>(`/api/activities/${id}/signups/${helperId}/sign-in`)
        : api.post<ActivityDetail>(`/api/activities/${id}/signups/${helperId}/hours`, { minutes }),
  );
