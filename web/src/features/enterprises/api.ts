import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../app/api';
import type {
  Chain,
  ChainDetail,
  ChainProblem,
  Commissioner,
  CommissionerVisit,
  CreateChainProblemBody,
  CreateCommissionerVisitBody,
  CreateEnterpriseAppealBody,
  CreateEnterpriseBody,
  CreatePolicyBody,
  Enterprise,
  EnterprisePolicy,
  EnterpriseAppeal,
  EnterpriseAppealFilter,
  EnterpriseBreakdown,
  EnterpriseFigures,
  EnterpriseFilter,
  EnterpriseImportResult,
  FirmDisputes,
  FirmPolicy,
  Page,
} from '../../app/contract';

export function useEnterprises(filter: EnterpriseFilter, page: number, pageSize: number) {
  return useQuery({
    queryKey: ['enterprises', 'list', filter, page, pageSize],
    queryFn: () => api.get<Page<Enterprise>>('/api/enterprises', { ...filter, page, pageSize }),
    placeholderData: keepPreviousData,
  });
}

export function useEnterprise(id: string | undefined) {
  return useQuery({ queryKey: ['enterprises', 'one', id], queryFn: () => api.get<Enterprise>(`/api/enterprises/${id}`), enabled: !!id });
}

export function useCreateEnterprise() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateEnterpriseBody) => api.post<Enterprise>('/api/enterprises', body),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['enterprises'] }),
  });
}

export function useImportEnterprises() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ file, mode }: { file: File; mode: 'all_or_nothing' | 'valid_rows' }) => {
      const form = new FormData();
      form.append('mode', mode);
      form.append('file', file);
      return api.upload<EnterpriseImportResult>('/api/enterprises/import', form);
    },
    onSuccess: () => qc.invalidateQueries({ queryKey: ['enterprises'] }),
  });
}

export function useAssign() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: { version: number; commissionerUserId?: string | null } }) => api.post<Enterprise>(`/api/enterprises/${id}/assignment`, body),
    onSettled: () => qc.invalidateQueries({ queryKey: ['enterprises'] }),
  });
}

export function useEnterpriseAppeals(filter: EnterpriseAppealFilter, page: number, pageSize: number) {
  return useQuery({
    queryKey: ['enterprises', 'appeals', filter, page, pageSize],
    queryFn: () => api.get<Page<EnterpriseAppeal>>('/api/enterprise-appeals', { ...filter, page, pageSize }),
    placeholderData: keepPreviousData,
  });
}

export function useRaiseAppeal() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateEnterpriseAppealBody) => api.post<EnterpriseAppeal>('/api/enterprise-appeals', body),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['enterprises'] }),
  });
}

export function useProposeSolution() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ appealId, solution }: { appealId: string; solution: string }) => api.post<EnterpriseAppeal>(`/api/enterprise-appeals/${appealId}/solution`, { solution }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['enterprises'] }),
  });
}

export function useWithdraw() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ appealId, reason, askedBy }: { appealId: string; reason: string; askedBy: 'firm' | 'department' }) =>
      api.post<EnterpriseAppeal>(`/api/enterprise-appeals/${appealId}/withdraw`, { reason, askedBy }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['enterprises'] }),
  });
}

export function useCommissioners() {
  return useQuery({ queryKey: ['enterprises', 'commissioners'], queryFn: () => api.get<Page<Commissioner>>('/api/enterprise-commissioners') });
}

export function useVisits(filter: { enterpriseId?: string; commissionerUserId?: string }, page: number, pageSize: number) {
  return useQuery({
    queryKey: ['enterprises', 'visits', filter, page, pageSize],
    queryFn: () => api.get<Page<CommissionerVisit>>('/api/enterprise-visits', { ...filter, page, pageSize }),
    placeholderData: keepPreviousData,
  });
}

export function useLogVisit() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: CreateCommissionerVisitBody }) => api.post<CommissionerVisit>(`/api/enterprises/${id}/visits`, body),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['enterprises'] }),
  });
}

export function useFigures(from: string, to: string) {
  return useQuery({ queryKey: ['enterprises', 'figures', from, to], queryFn: () => api.get<EnterpriseFigures>('/api/enterprise-figures', { from, to }) });
}

export function useChains(mine = false) {
  return useQuery({ queryKey: ['chains', 'list', mine], queryFn: () => api.get<Chain[]>('/api/chains', mine ? { mine } : {}) });
}

export function useChain(id: string | undefined) {
  return useQuery({ queryKey: ['chains', 'one', id], queryFn: () => api.get<ChainDetail>(`/api/chains/${id}`), enabled: !!id });
}

export function useAddProblem(chainId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateChainProblemBody) => api.post<ChainProblem>(`/api/chains/${chainId}/problems`, body),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['chains'] }),
  });
}

export function useProblemAction() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, action, version, resolution }: { id: string; action: string; version: number; resolution?: string }) =>
      api.post<ChainProblem>(`/api/chain-problems/${id}/actions/${action}`, { version, resolution }),
    onSettled: () => qc.invalidateQueries({ queryKey: ['chains'] }),
  });
}

export function usePolicies() {
  return useQuery({ queryKey: ['enterprises', 'policies'], queryFn: () => api.get<EnterprisePolicy[]>('/api/enterprise-policies') });
}

export function usePublishPolicy() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CreatePolicyBody) => api.post<EnterprisePolicy>('/api/enterprise-policies', body),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['enterprises'] }),
  });
}

export function useFirmPolicies(id: string | undefined) {
  return useQuery({ queryKey: ['enterprises', 'firm-policies', id], queryFn: () => api.get<FirmPolicy[]>(`/api/enterprises/${id}/policies`), enabled: !!id });
}

export function useReceipt() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ policyId, enterpriseId }: { policyId: string; enterpriseId: string }) => api.post<FirmPolicy[]>(`/api/enterprise-policies/${policyId}/receipts`, { enterpriseId }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['enterprises'] }),
  });
}

export type BreakdownDimension = 'commissioner' | 'department' | 'park' | 'firm';

/** The figures by commissioner, department, park or firm; without a period, all time. */
export function useBreakdown(dimension: BreakdownDimension, q: { from?: string; to?: string; enterpriseId?: string }) {
  return useQuery({
    queryKey: ['enterprises', 'figures-by', dimension, q],
    queryFn: () => api.get<EnterpriseBreakdown>('/api/enterprise-figures/by', { dimension, ...q }),
    placeholderData: keepPreviousData,
  });
}

/** The firm's business disputes (mediation cases the caller may see). */
export function useFirmDisputes(id: string | undefined) {
  return useQuery({ queryKey: ['enterprises', 'disputes', id], queryFn: () => api.get<FirmDisputes>(`/api/enterprises/${id}/disputes`, { pageSize: 50 }), enabled: !!id });
}
