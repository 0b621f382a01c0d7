/**
 * The worker app's calls to the API: the shared request core (web/src/shared/request.ts) with the
 * session cookie, the CSRF token on writes, no HTTP cache and a time limit, so a phone with a weak
 * signal can tell a network failure (status 0) from an answer. Nothing of the console's is loaded.
 */
import type { CollectWishBody, DoorTopicBody, DoorTopicResult, Household, HouseholdDetail, OfflinePackage, Page, Plan, ReminderItem, Tag, Visit, VisitMeTooBody, VisitMeTooResult, VisitRepeats, VisitRepeatsBody, VisitSubmission, Vocabulary, Wish, WishActionBody, WishCampaign, WishDetail } from '../../app/contract';
import { ApiError as WorkerApiError, createClient } from '../../shared/request';
import { sessionCalls } from '../../shared/session';
import { translate as t } from '../../shared/i18n';

export { errorText, hasCsrfToken, setCsrfToken } from '../../shared/request';
export { WorkerApiError };

const client = createClient({
  credentials: 'same-origin',
  csrf: true,
  cache: 'no-store',
  timeoutMs: 30_000,
  networkMessage: (_language, timedOut) => (timedOut ? t('worker:the-network-is-too-slow-the-connection-timed-out') : t('mobile:no-network-connection')),
  statusMessage: (_language, status) => (status >= 500 ? t('worker:the-server-has-a-problem-just-now-status', { status }) : t('worker:the-request-did-not-succeed-status', { status })),
});

const session = sessionCalls(client);

export const workerApi = {
  me: session.me,
  login: session.login,
  logout: session.logout,
  offlinePackage: () => client.get<OfflinePackage>('/api/visits/offline'),
  /** 小闹钟: the dated items of the worker's grids due within a month, and those already past. */
  dueDates: async () => {
    const [soon, past] = await Promise.all([
      client.get<Page<ReminderItem>>('/api/reminders?status=upcoming&withinDays=30&pageSize=20'),
      client.get<Page<ReminderItem>>('/api/reminders?status=overdue&pageSize=20'),
    ]);
    return [...past.items, ...soon.items];
  },
  /** The tag list (which tags are vulnerable, names for a file change). */
  tags: () => client.get<Tag[]>('/api/household-tags'),
  /** Household types and risk levels, for a file change at the door. */
  vocabulary: () => client.get<Vocabulary>('/api/households/vocabulary'),
  /** Households in the caller's area by address or a member's name (online only; for visits beyond the package). */
  /** By a name or a full ID number / phone: in a POST body, never in an address (the server audits it). */
  searchHouseholds: (by: 'address' | 'q', text: string) =>
    by === 'q'
      ? client.post<Page<Household>>('/api/households/search', { q: text, status: 'active', pageSize: 20 })
      : client.get<Page<Household>>(`/api/households?${new URLSearchParams({ address: text, status: 'active', pageSize: '20' }).toString()}`),
  swap: (planId: string, itemId: string, householdId: string, reason: string) =>
    client.post<Plan>(`/api/visits/plans/${encodeURIComponent(planId)}/items/${encodeURIComponent(itemId)}/swap`, { householdId, reason }),
  /** 201 a new visit, 200 a retry the server already had (replayed). Photos can make it big: a longer wait. */
  submitVisit: (body: VisitSubmission) => client.request<Visit>('POST', '/api/visits', { body, timeoutMs: 120_000 }),
  resolve: (visitId: string, action: 'apply' | 'discard') => client.post<Visit>(`/api/visits/${encodeURIComponent(visitId)}/resolve`, { action }),
  /** 多诉统办 at the door (online only): likely repeats of the problem being written, in the worker's grids. */
  repeats: async (body: VisitRepeatsBody) => (await client.request<VisitRepeats>('POST', '/api/visits/similar', { body, timeoutMs: 8_000 })).data,
  /** 我也遇到: the resident counted as affected by an open appeal instead of a new one. */
  meToo: (body: VisitMeTooBody) => client.post<VisitMeTooResult>('/api/visits/me-too', body),
  /** 微心愿 at the door (online only): the household's members, the campaigns, and the wish. */
  household: (id: string) => client.get<HouseholdDetail>(`/api/households/${encodeURIComponent(id)}`),
  wishCampaigns: () => client.get<Page<WishCampaign>>('/api/wish-campaigns?pageSize=50'),
  collectWish: (body: CollectWishBody) => client.post<WishDetail>('/api/wishes', body),
  /** A resident's topic for the community's meetings, proposed at the door (online only). */
  proposeTopic: (body: DoorTopicBody) => client.post<DoorTopicResult>('/api/meetings/door-topics', body),
  /** 心愿签收: fulfilled wishes of the worker's grids, and the recipient's signature (a PNG drawn on the phone). */
  fulfilledWishes: () => client.get<Page<Wish>>('/api/wishes?status=fulfilled&pageSize=50'),
  confirmWish: (id: string, body: WishActionBody) => client.request<WishDetail>('POST', `/api/wishes/${encodeURIComponent(id)}/actions/confirm`, { body, timeoutMs: 60_000 }),
};

/** What the worker can do about an error, in plain words. */
export function errorHint(e: unknown): string {
  if (!(e instanceof WorkerApiError)) return '';
  if (e.status === 0) return t('worker:check-the-phones-connection-switch-between-wi-fi');
  if (e.status === 401) return t('worker:your-sign-in-has-expired-sign-in-again');
  if (e.status === 429) return t('worker:too-many-tries-wait-a-few-minutes');
  if (e.status >= 500) return t('worker:the-server-has-a-problem-just-now-try-again');
  return '';
}
