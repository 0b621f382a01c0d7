/**
 * The residents' pages talk only to the public API (/api/public/…): no account, no cookie, no CSRF
 * token. The shared request core (web/src/shared/request.ts) carries the calls; nothing of the console's
 * is loaded.
 */
import type { MeToo, Page, PublicCategory, PublicSimilar, PublicSimilarBody, PublicMeetings, PublicPlace, PublicSignIn, PublicWish, PublicWishCampaign, Rating, Submission, Submitted, Tracking } from '../app/contract';
import { translate as t } from '../shared/i18n';
import { ApiError as PublicError, createClient } from '../shared/request';

export type { PublicPlace as Place, PublicCategory as Category, PublicPhoto as PhotoUpload, Rating, Submission, Submitted, Tracking } from '../app/contract';

/** An error answer, or a network failure (status 0); `message` is meant for the resident, `field` names the input. */
export { PublicError };

/** What a resident can do about an error, in plain words. */
export function hintFor(e: PublicError): string {
  switch (true) {
    case e.status === 0:
      return t('mobile:check-your-phones-connection-try-switching');
    case e.status === 429:
      return t('mobile:too-many-tries-in-a-short-time-please-wait-about');
    case e.status === 413 || e.code === 'payload_too_large':
      return t('mobile:the-photos-are-too-large-remove-some-or-choose');
    case e.code === 'unsupported_media_type':
      return t('mobile:only-jpg-png-and-webp-photos-can-be-sent-please');
    case e.status >= 500:
      return t('mobile:the-server-has-a-problem-just-now-please-try');
    default:
      return '';
  }
}

const client = createClient({
  credentials: 'omit',
  csrf: false,
  networkMessage: () => t('mobile:no-network-connection'),
  statusMessage: (_language, status) =>
    status === 429 ? t('mobile:too-many-tries') : status === 413 ? t('mobile:the-photos-are-too-large-together') : status >= 500 ? t('mobile:the-server-cannot-handle-this-just-now') : t('mobile:request-failed-status', { status }),
});

export const publicApi = {
  place: (code: string) => client.get<PublicPlace>(`/api/public/places/${encodeURIComponent(code)}`),
  categories: () => client.get<PublicCategory[]>('/api/public/categories'),
  /** The community's meetings, decisions and actions (no personal data). */
  signInPage: (id: string, token: string) => client.get<PublicSignIn>(`/api/public/meeting-sign-in/${encodeURIComponent(id)}?${new URLSearchParams({ t: token }).toString()}`),
  signIn: (id: string, token: string, participantId: string) => client.post<PublicSignIn>(`/api/public/meeting-sign-in/${encodeURIComponent(id)}`, { t: token, participantId }),
  proposeTopic: (code: string, title: string, detail?: string) =>
    client.post<{ meetingDate: string; meetingTitle: string }>(`/api/public/meetings/${encodeURIComponent(code)}/topics`, { title, ...(detail ? { detail } : {}) }),
  meetings: (code: string) => client.get<PublicMeetings>(`/api/public/meetings/${encodeURIComponent(code)}`),
  /** With the submission attempt's key: a retry after a lost answer gets the same number back. */
  submit: (s: Submission, idempotencyKey: string) => client.create<Submitted>('/api/public/appeals', s, idempotencyKey),
  /** Before submitting: is it already reported nearby? A POST, so the words stay out of addresses. */
  similar: (body: PublicSimilarBody) => client.post<PublicSimilar>('/api/public/similar', body),
  /** 我也遇到: counted as affected and told the outcome by SMS. */
  meToo: (number: string, phone: string) => client.post<MeToo>(`/api/public/appeals/${encodeURIComponent(number)}/affected`, { phone }),
  track: (number: string, last4: string) => client.get<Tracking>(`/api/public/track?${new URLSearchParams({ number, last4 }).toString()}`),
  /** A result photo of the resident's own appeal, for an <img>: the number and the digits prove it. */
  resultPhotoUrl: (id: string, number: string, last4: string) => `/api/public/track/photos/${encodeURIComponent(id)}?${new URLSearchParams({ number, last4 }).toString()}`,
  rate: (number: string, last4: string, rating: Rating, comment?: string) =>
    client.post<Tracking>(`/api/public/appeals/${encodeURIComponent(number)}/rating`, { last4, rating, ...(comment ? { comment } : {}) }),
  /** 心愿墙: campaigns and their wishes, without personal data. */
  wishCampaigns: () => client.get<PublicWishCampaign[]>('/api/public/wish-campaigns'),
  wishes: (campaignId: string, page: number) => client.get<Page<PublicWish>>(`/api/public/wishes?${new URLSearchParams({ campaignId, page: String(page), pageSize: '50' }).toString()}`),
};
