import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../app/api';
import type {
  Allocation,
  Fund,
  FundEntry,
  FundFigures,
  FundProject,
  FundProjectAction,
  FundProjectDetail,
  FundProjectQuery,
  FundProjectStep,
  FundThresholds,
  FundThresholdsBody,
  Income,
  NewFund,
  NewFundProject,
  Page,
  PaymentRequest,
  PublicAccounts,
} from '../../app/contract';

const keys = { all: ['funds'] as const, projects: ['fund-projects'] as const };

/** Yuan with two decimals and thousands separators, from integer fen. */
export function yuan(fen: number | null | undefined): string {
  if (fen === null || fen === undefined) return '—';
  return (fen / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}
/** Yuan typed in a form → integer fen (no floating-point drift: rounded to the fen). */
export const toFen = (yuanValue: number) => Math.round(yuanValue * 100);

export function useFunds(page: number, pageSize: number, filter: { kind?: 'whistle' | 'public_income'; year?: number } = {}) {
  return useQuery({
    queryKey: ['funds', 'list', filter, page, pageSize],
    queryFn: () => api.get<Page<Fund>>('/api/funds', { ...filter, page, pageSize }),
    placeholderData: keepPreviousData,
  });
}

export function useFundEntries(fundId: string | undefined, page: number, pageSize: number) {
  return useQuery({
    queryKey: ['funds', 'entries', fundId, page, pageSize],
    queryFn: () => api.get<Page<FundEntry>>(`/api/funds/${fundId}/entries`, { page, pageSize }),
    enabled: !!fundId,
    placeholderData: keepPreviousData,
  });
}

export function useFundFigures(year?: number) {
  return useQuery({ queryKey: ['funds', 'figures', year], queryFn: () => api.get<FundFigures>('/api/funds/figures', { year }) });
}

function useInvalidate() {
  const qc = useQueryClient();
  return () => Promise.all([qc.invalidateQueries({ queryKey: keys.all }), qc.invalidateQueries({ queryKey: keys.projects })]);
}

export function useCreateFund() {
  const done = useInvalidate();
  return useMutation({ mutationFn: (body: NewFund) => api.post<Fund>('/api/funds', body), onSuccess: done });
}
export function useAllocate() {
  const done = useInvalidate();
  return useMutation({ mutationFn: ({ id, body }: { id: string; body: Allocation }) => api.post(`/api/funds/${id}/allocations`, body), onSuccess: done });
}
export function useIncome() {
  const done = useInvalidate();
  return useMutation({ mutationFn: ({ id, body }: { id: string; body: Income }) => api.post(`/api/funds/${id}/income`, body), onSuccess: done });
}
export function useReverse() {
  const done = useInvalidate();
  return useMutation({ mutationFn: ({ fundId, entryId, reason }: { fundId: string; entryId: string; reason: string }) => api.post(`/api/funds/${fundId}/entries/${entryId}/reverse`, { reason }), onSuccess: done });
}

export function useProjects(query: FundProjectQuery, enabled = true) {
  return useQuery({
    queryKey: ['fund-projects', 'list', query],
    queryFn: () => api.get<Page<FundProject>>('/api/fund-projects', query),
    placeholderData: keepPreviousData,
    enabled,
  });
}
export function useProject(id: string | undefined) {
  return useQuery({ queryKey: ['fund-projects', 'detail', id], queryFn: () => api.get<FundProjectDetail>(`/api/fund-projects/${id}`), enabled: !!id });
}
export function usePropose() {
  const done = useInvalidate();
  return useMutation({ mutationFn: (body: NewFundProject) => api.post<FundProject>('/api/fund-projects', body), onSuccess: done });
}
export function useStep() {
  const done = useInvalidate();
  return useMutation({
    mutationFn: ({ id, action, body }: { id: string; action: FundProjectAction; body: FundProjectStep }) => api.post<FundProject>(`/api/fund-projects/${id}/actions/${action}`, body),
    onSuccess: done,
  });
}
export function useSetHouseholds() {
  const done = useInvalidate();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: { version: number; households: number; reason: string } }) => api.post<FundProject>(`/api/fund-projects/${id}/households`, body),
    onSuccess: done,
  });
}
export function useRequestPayment() {
  const done = useInvalidate();
  return useMutation({ mutationFn: ({ id, body }: { id: string; body: PaymentRequest }) => api.post(`/api/fund-projects/${id}/payments`, body), onSuccess: done });
}
export function useDecidePayment() {
  const done = useInvalidate();
  return useMutation({
    mutationFn: ({ id, paymentId, approve, reason }: { id: string; paymentId: string; approve: boolean; reason: string }) => api.post(`/api/fund-projects/${id}/payments/${paymentId}/decision`, { approve, reason }),
    onSuccess: done,
  });
}

export function usePublicAccounts(kind: 'place' | 'fund', id: string) {
  return useQuery({
    queryKey: ['public-accounts', kind, id],
    queryFn: () => api.get<PublicAccounts>(kind === 'place' ? `/api/public/accounts/places/${id}` : `/api/public/accounts/funds/${id}`),
  });
}

/** Reads a chosen file as base64 (a receipt, a milestone photo). */
export function fileToBase64(file: File): Promise<{ filename: string; mime: string; dataBase64: string }> {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve({ filename: file.name, mime: file.type || 'application/octet-stream', dataBase64: String(r.result).split(',')[1] ?? '' });
    r.onerror = () => reject(r.error);
    r.readAsDataURL(file);
  });
}


export function useThresholds(countyCode: string | undefined) {
  return useQuery({
    queryKey: ['funds', 'thresholds', countyCode],
    queryFn: () => api.get<FundThresholds>(`/api/funds/approval-thresholds/${countyCode}`),
    enabled: !!countyCode && /^\d{6}$/.test(countyCode),
  });
}

export function useSetThresholds(countyCode: string) {
  const done = useInvalidate();
  return useMutation({ mutationFn: (body: FundThresholdsBody) => api.put<FundThresholds>(`/api/funds/approval-thresholds/${countyCode}`, body), onSuccess: done });
}
