/**
 * The helper's phone page talks to /api/helper/… only: the session cookie the SMS sign-in sets, and its
 * CSRF token on writes (given by the sign-in, and again by /api/helper/me when the page is reopened).
 */
import type { HelperActivity, HelperMe, HelperNeed, HelperWish, HelperWishBody } from '../../app/contract';
import { translate as t } from '../../shared/i18n';
import { ApiError, createClient, setCsrfToken } from '../../shared/request';

export { ApiError };
export { errorText } from '../../shared/request';

const client = createClient({
  credentials: 'same-origin',
  csrf: true,
  cache: 'no-store',
  timeoutMs: 60_000,
  networkMessage: () => t('mobile:no-network-connection'),
  statusMessage: (_language, status) => (status === 429 ? t('mobile:too-many-tries') : status >= 500 ? t('mobile:the-server-cannot-handle-this-just-now') : t('mobile:request-failed-status', { status })),
});

export type WishStep = 'claim' | 'join' | 'fulfil' | 'confirm';

export const helperApi = {
  sendCode: (phone: string) => client.post<{ sent: boolean }>('/api/helper/code', { phone }),
  signIn: async (phone: string, code: string) => {
    const r = await client.post<{ csrfToken: string }>('/api/helper/sign-in', { phone, code });
    setCsrfToken(r.csrfToken);
  },
  me: async () => {
    const me = await client.get<HelperMe>('/api/helper/me');
    setCsrfToken(me.csrfToken);
    return me;
  },
  signOut: () => client.post<null>('/api/helper/sign-out', {}),
  activities: () => client.get<HelperActivity[]>('/api/helper/activities'),
  signUp: (id: string) => client.post<HelperActivity[]>(`/api/helper/activities/${encodeURIComponent(id)}/sign-up`, {}),
  needs: () => client.get<HelperNeed[]>('/api/helper/needs'),
  claimNeed: (id: string, version: number) => client.post<HelperNeed[]>(`/api/helper/needs/${encodeURIComponent(id)}/claim`, { version }),
  wishes: () => client.get<HelperWish[]>('/api/helper/wishes'),
  wishStep: async (id: string, step: WishStep, body: HelperWishBody) => (await client.request<HelperWish>('POST', `/api/helper/wishes/${encodeURIComponent(id)}/${step}`, { body, timeoutMs: 120_000 })).data,
};
