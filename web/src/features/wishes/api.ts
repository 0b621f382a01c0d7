import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../app/api';
import type { WishCommunityProgress, CollectWishBody, CreateWishCampaignBody, Household, HouseholdDetail, Page, QueryOf, Wish, WishAction, WishActionBody, WishCampaign, WishDetail } from '../../app/contract';

export type WishFilter = Omit<QueryOf<'/api/wishes'>, 'page' | 'pageSize'>;

export function listWishes(filter: WishFilter, page: number, pageSize: number) {
  return api.get<Page<Wish>>('/api/wishes', { ...filter, page, pageSize });
}

export function useWishes(filter: WishFilter, page: number, pageSize: number) {
  return useQuery({ queryKey: ['wishes', 'list', filter, page, pageSize], queryFn: () => listWishes(filter, page, pageSize), placeholderData: keepPreviousData });
}

export function useWish(id: string | null) {
  return useQuery({ queryKey: ['wishes', 'one', id], queryFn: () => api.get<WishDetail>(`/api/wishes/${id}`), enabled: !!id });
}

export function useCampaigns() {
  return useQuery({ queryKey: ['wishes', 'campaigns'], queryFn: () => api.get<Page<WishCampaign>>('/api/wish-campaigns', { pageSize: 100 }) });
}

export function useCreateCampaign() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateWishCampaignBody) => api.post<WishCampaign>('/api/wish-campaigns', body),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['wishes'] }),
  });
}

export function useCollectWish() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CollectWishBody) => api.post<WishDetail>('/api/wishes', body),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['wishes'] }),
  });
}

export function useWishAction() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, action, body }: { id: string; action: WishAction; body: WishActionBody }) => api.post<WishDetail>(`/api/wishes/${id}/actions/${action}`, body),
    onSettled: () => qc.invalidateQueries({ queryKey: ['wishes'] }),
  });
}

/** Households to collect a wish from: a member's name, or the campaign's tag. */
export function useHouseholdSearch(q: string, tag: string | undefined) {
  return useQuery({
    queryKey: ['wishes', 'households', q, tag],
    queryFn: () => api.get<Page<Household>>('/api/households', { q: q || undefined, tag, pageSize: 20 }),
    enabled: q.length > 0 || !!tag,
  });
}

export function useHousehold(id: string | undefined) {
  return useQuery({ queryKey: ['wishes', 'household', id], queryFn: () => api.get<HouseholdDetail>(`/api/households/${id}`), enabled: !!id });
}

export function useCampaignCommunities(id: string | undefined) {
  return useQuery({ queryKey: ['wishes', 'communities', id], queryFn: () => api.get<WishCommunityProgress[]>(`/api/wish-campaigns/${id}/communities`), enabled: !!id });
}
