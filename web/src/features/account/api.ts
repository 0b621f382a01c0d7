import { useMutation } from '@tanstack/react-query';
import { api } from '../../app/api';

export function useChangePassword() {
  return useMutation({
    mutationFn: (body: { currentPassword: string; newPassword: string }) => api.post<void>('/api/auth/password', body),
  });
}
