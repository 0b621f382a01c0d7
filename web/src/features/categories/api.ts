import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../app/api';
import type { Category, DuplicateSettings, DuplicateSettingsBody } from '../../app/contract';

export { useCategories } from '../orgs/api';

/** PATCH /api/categories/:code (server: categories/categories.routes.ts): marks a category simple (即诉即办). */
export function useSetSimple() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ code, simple }: { code: string; simple: boolean }) => api.patch<Category>(`/api/categories/${code}`, { simple }),
    onSettled: () => qc.invalidateQueries({ queryKey: ['categories'] }),
  });
}

/** 多诉统办: a county's duplicate-suggestion settings, GET/PUT /api/appeal-duplicate-settings (administrators; server: appeals/limits.routes.ts). */
export function useDuplicateSettings(regionCode: string | undefined) {
  return useQuery({ queryKey: ['duplicate-settings', regionCode], enabled: !!regionCode, queryFn: () => api.get<DuplicateSettings>('/api/appeal-duplicate-settings', { regionCode }) });
}

export function useSaveDuplicateSettings() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: DuplicateSettingsBody) => api.put<DuplicateSettings>('/api/appeal-duplicate-settings', body),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['duplicate-settings'] }),
  });
}
