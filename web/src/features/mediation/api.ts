import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../app/api';
import type { CreateMediationCaseBody, MediationActBody, MediationAction, MediationBoard, MediationBody, MediationCase, MediationCaseRow, MediationFigures, Mediator, Page, QueryOf } from '../../app/contract';

export type CaseFilter = Omit<QueryOf<'/api/mediation/cases'>, 'page' | 'pageSize'>;

export function listCases(filter: CaseFilter, page: number, pageSize: number) {
  return api.get<Page<MediationCaseRow>>('/api/mediation/cases', { ...filter, page, pageSize });
}

export function useCases(filter: CaseFilter, page: number, pageSize: number) {
  return useQuery({
    queryKey: ['mediation', 'cases', filter, page, pageSize],
    queryFn: () => api.get<Page<MediationCaseRow>>('/api/mediation/cases', { ...filter, page, pageSize }),
    placeholderData: keepPreviousData,
  });
}

export function useCase(id: string | undefined) {
  return useQuery({ queryKey: ['mediation', 'case', id], queryFn: () => api.get<MediationCase>(`/api/mediation/cases/${id}`), enabled: !!id, retry: false });
}

export function useBodies() {
  return useQuery({ queryKey: ['mediation', 'bodies'], queryFn: () => api.get<MediationBody[]>('/api/mediation/bodies'), staleTime: 60_000 });
}

export function useMediators(bodyId?: string) {
  return useQuery({ queryKey: ['mediation', 'mediators', bodyId], queryFn: () => api.get<Mediator[]>('/api/mediation/mediators', bodyId ? { bodyId } : {}) });
}

export function useToday() {
  return useQuery({ queryKey: ['mediation', 'today'], queryFn: () => api.get<{ date: string; items: MediationCaseRow[] }>('/api/mediation/today') });
}

export function useBoard() {
  return useQuery({ queryKey: ['mediation', 'board'], queryFn: () => api.get<MediationBoard>('/api/mediation/board') });
}

export function useFigures(q: { from?: string; to?: string }) {
  return useQuery({ queryKey: ['mediation', 'figures', q], queryFn: () => api.get<MediationFigures>('/api/mediation/figures', q) });
}

export function useCreateCase() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateMediationCaseBody) => api.post<MediationCase>('/api/mediation/cases', body),
    onSuccess: async (_c, body) => {
      // A case from a visit is noted on the visit, and counted in the visit figures.
      if (body.source === 'visit') await qc.invalidateQueries({ queryKey: ['visits'] });
      await qc.invalidateQueries({ queryKey: ['mediation'] });
    },
  });
}

export function useAct(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ action, body }: { action: MediationAction; body: MediationActBody }) => api.post<MediationCase>(`/api/mediation/cases/${id}/${action}`, body),
    onSuccess: (c) => {
      qc.setQueryData(['mediation', 'case', id], c);
      void qc.invalidateQueries({ queryKey: ['mediation', 'cases'] });
      void qc.invalidateQueries({ queryKey: ['mediation', 'board'] });
      void qc.invalidateQueries({ queryKey: ['mediation', 'today'] });
    },
  });
}

/** A chosen file as the server takes photos: name, type and base64 bytes. */
export async function asPhoto(f: File) {
  const bytes = new Uint8Array(await f.arrayBuffer());
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return { filename: f.name, mime: f.type, dataBase64: btoa(s) };
}

/** Uploads the signed copy (scan or photo) of one version of the agreement. */
export function useSignedCopy(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async ({ version, files }: { version: number; files: File[] }) => api.post<MediationCase>(`/api/mediation/cases/${id}/agreements/${version}/signed`, { photos: await Promise.all(files.map(asPhoto)) }),
    onSuccess: (c) => qc.setQueryData(['mediation', 'case', id], c),
  });
}
