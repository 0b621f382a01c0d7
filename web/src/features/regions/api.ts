import { keepPreviousData, useQuery, type QueryClient } from '@tanstack/react-query';
import { api } from '../../app/api';
import type { Grid, GridDetail, GridFeatureCollection, Page, QueryOf, RegionDetail, RegionNode, RegionSearchHit } from '../../app/contract';

const regionKeys = {
  roots: ['regions', 'roots'] as const,
  children: (code: string) => ['regions', 'children', code] as const,
  detail: (code: string) => ['regions', 'detail', code] as const,
  search: (q: string) => ['regions', 'search', q] as const,
};

/** Codes of every ancestor of a division or grid code, top-down (codes nest by prefix). */
export function ancestorCodes(code: string): string[] {
  return [2, 4, 6, 9, 12].filter((n) => n < code.length).map((n) => code.slice(0, n));
}

export function useRegionRoots() {
  return useQuery({ queryKey: regionKeys.roots, queryFn: () => api.get<RegionNode[]>('/api/regions/roots'), staleTime: 5 * 60_000 });
}

export function fetchChildren(queryClient: QueryClient, code: string) {
  return queryClient.fetchQuery({
    queryKey: regionKeys.children(code),
    queryFn: () => api.get<RegionNode[]>(`/api/regions/${code}/children`),
    staleTime: 5 * 60_000,
  });
}

export function useRegionChildren(code: string | null) {
  return useQuery({
    queryKey: regionKeys.children(code ?? ''),
    queryFn: () => api.get<RegionNode[]>(`/api/regions/${code}/children`),
    enabled: !!code,
    staleTime: 5 * 60_000,
  });
}

export function useRegionDetail(code: string | null) {
  return useQuery({
    queryKey: regionKeys.detail(code ?? ''),
    queryFn: () => api.get<RegionDetail>(`/api/regions/${code}`),
    enabled: !!code,
  });
}

function searchRegions(q: string, limit = 20) {
  return api.get<RegionSearchHit[]>('/api/regions/search', { q, limit });
}

export function useRegionSearch(q: string) {
  const term = q.trim();
  return useQuery({
    queryKey: regionKeys.search(term),
    queryFn: () => searchRegions(term, 30),
    enabled: term.length > 0,
    placeholderData: keepPreviousData,
  });
}

export function useGridGeoJson(within: string | null) {
  return useQuery({
    queryKey: ['grids', 'geojson', within],
    queryFn: () => api.get<GridFeatureCollection>('/api/grids/geojson', { within }),
    enabled: !!within,
    staleTime: 5 * 60_000,
  });
}

export function useGrid(code: string | null) {
  return useQuery({ queryKey: ['grids', 'detail', code], queryFn: () => api.get<GridDetail>(`/api/grids/${code}`), enabled: !!code });
}

export type GridListQuery = Pick<QueryOf<'/api/grids'>, 'within' | 'q'> & { page: number; pageSize: number };

export function useGrids(query: GridListQuery) {
  return useQuery({
    queryKey: ['grids', 'list', query],
    queryFn: () => api.get<Page<Grid>>('/api/grids', { ...query }),
    placeholderData: keepPreviousData,
  });
}
