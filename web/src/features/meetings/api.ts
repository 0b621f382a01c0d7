import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../app/api';
import type {
  ActionStepBody,
  AppealTopic,
  CreateMeetingBody,
  CreateSeriesBody,
  DecisionBody,
  MeetingAction,
  MeetingActionDetail,
  MeetingDetail,
  MeetingFigures,
  ResidentCandidate,
  MeetingKind,
  MeetingListItem,
  MeetingSignInQr,
  MeetingSeries,
  MeetingStepBody,
  Page,
  ParticipantBody,
  PhotoInput,
  QueryOf,
} from '../../app/contract';

export type MeetingFilter = Omit<QueryOf<'/api/meetings'>, 'page' | 'pageSize'>;
export type ActionFilter = Omit<QueryOf<'/api/meeting-actions'>, 'page' | 'pageSize'>;

const listMeetings = (filter: MeetingFilter, page: number, pageSize: number) => api.get<Page<MeetingListItem>>('/api/meetings', { ...filter, page, pageSize });
const listActions = (filter: ActionFilter, page: number, pageSize: number) => api.get<Page<MeetingAction>>('/api/meeting-actions', { ...filter, page, pageSize });

export function useMeetings(filter: MeetingFilter, page: number, pageSize: number) {
  return useQuery({ queryKey: ['meetings', 'list', filter, page, pageSize], queryFn: () => listMeetings(filter, page, pageSize), placeholderData: keepPreviousData });
}

export function useActions(filter: ActionFilter, page: number, pageSize: number) {
  return useQuery({ queryKey: ['meetings', 'actions', filter, page, pageSize], queryFn: () => listActions(filter, page, pageSize), placeholderData: keepPreviousData });
}

export const useKinds = () => useQuery({ queryKey: ['meetings', 'kinds'], queryFn: () => api.get<MeetingKind[]>('/api/meetings/kinds'), staleTime: 5 * 60_000 });
export const useSeries = () => useQuery({ queryKey: ['meetings', 'series'], queryFn: () => api.get<MeetingSeries[]>('/api/meetings/series') });
export const useMeeting = (id: string) => useQuery({ queryKey: ['meetings', 'one', id], queryFn: () => api.get<MeetingDetail>(`/api/meetings/${id}`) });
export const useAppealTopics = (id: string, enabled: boolean) =>
  useQuery({ queryKey: ['meetings', 'appeal-topics', id], queryFn: () => api.get<AppealTopic[]>(`/api/meetings/${id}/appeal-topics`), enabled });
export const useActionDetail = (id: string | null) =>
  useQuery({ queryKey: ['meetings', 'action', id], queryFn: () => api.get<MeetingActionDetail>(`/api/meeting-actions/${id}`), enabled: !!id });
export const useFigures = (from: string, to: string) => useQuery({ queryKey: ['meetings', 'figures', from, to], queryFn: () => api.get<MeetingFigures>('/api/meetings/figures', { from, to }) });

function useMeetingsMutation<V, R>(fn: (v: V) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSettled: () => qc.invalidateQueries({ queryKey: ['meetings'] }) });
}

export const useCreateSeries = () => useMeetingsMutation((b: CreateSeriesBody) => api.post<MeetingSeries>('/api/meetings/series', b));
export const useCreateMeeting = () => useMeetingsMutation((b: CreateMeetingBody) => api.post<MeetingDetail>('/api/meetings', b));
export const useMeetingStep = (id: string) => useMeetingsMutation((b: MeetingStepBody) => api.post<MeetingDetail>(`/api/meetings/${id}/steps`, b));
export const useSignIn = (id: string) => useMeetingsMutation((participantId: string) => api.post<unknown>(`/api/meetings/${id}/sign-ins`, { participantId, via: 'list' }));
export const useProposeTopic = (id: string) =>
  useMeetingsMutation((b: { title: string; detail?: string; categoryCode?: string }) => api.post<unknown>(`/api/meetings/${id}/topics`, b));
export const useDecideTopic = () => useMeetingsMutation(({ id, accept, reason }: { id: string; accept: boolean; reason?: string }) => api.post<unknown>(`/api/meetings/topics/${id}/decision`, { accept, reason }));
export const useRecordDecision = (id: string) => useMeetingsMutation((b: DecisionBody) => api.post<unknown>(`/api/meetings/${id}/decisions`, b));
export const useActionStep = () => useMeetingsMutation(({ id, body }: { id: string; body: ActionStepBody }) => api.post<MeetingAction>(`/api/meeting-actions/${id}/steps`, body));
export const useSignInQr = (id: string) => useMutation({ mutationFn: () => api.post<MeetingSignInQr>(`/api/meetings/${id}/sign-in-qr`) });
export const useSendToAppeals = () => useMeetingsMutation(({ id, categoryCode }: { id: string; categoryCode: string }) => api.post<{ appealId: string; number: string }>(`/api/meeting-actions/${id}/appeal`, { categoryCode }));
export const useAdvanceTopic = () => useMeetingsMutation(({ id, stage, text }: { id: string; stage: 'researched' | 'consulted' | 'concluded'; text?: string }) => api.post<unknown>(`/api/meetings/topics/${id}/stage`, { stage, text }));
export const useAddMinutesPhotos = (id: string) => useMeetingsMutation((photos: PhotoInput[]) => api.post<{ ids: string[] }>(`/api/meetings/${id}/photos`, { photos }));
export const useInviteParticipant = (id: string) => useMeetingsMutation((b: ParticipantBody) => api.post<{ id: string }>(`/api/meetings/${id}/participants`, b));

/** People of the meeting's place from the household files whose name starts with q (masked). */
export const residentCandidates = (meetingId: string, q: string) => api.get<ResidentCandidate[]>(`/api/meetings/${meetingId}/resident-candidates?q=${encodeURIComponent(q)}`);
