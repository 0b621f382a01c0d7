import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../app/api';
import type { Category } from '../../app/contract';

export { useCategories } from '../orgs/api';

/** PATCH /api/categories/:code (server: categories/categories.routes.ts): marks a category simple (即诉即办). */
export function useSetSimple() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ code, simple }: { code: string; simple: boolean }) => api.patch<Category>(`/api/categories/${code}`, { simple }),
    onSettled: () => qc.invalidateQueries({ queryKey: ['categories'] }),
  });
}
