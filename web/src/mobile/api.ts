/**
 * The residents' pages talk only to the public API (/api/public/…): no account, no cookie, no CSRF
 * token. The shared request core (web/src/shared/request.ts) carries the calls; nothing of the console's
 * is loaded.
 */
import type { PublicCategory, PublicPlace, Rating, Submission, Submitted, Tracking } from '../app/contract';
import { ApiError as PublicError, createClient } from '../shared/request';

export type { PublicPlace as Place, PublicCategory as Category, PublicPhoto as PhotoUpload, Rating, Submission, Submitted, Tracking } from '../app/contract';

/** An error answer, or a network failure (status 0); `message` is meant for the resident, `field` names the input. */
export { PublicError };

/** What a resident can do about an error, in plain words. */
export function hintFor(e: PublicError): string {
  switch (true) {
    case e.status === 0:
      return '请检查手机网络（可切换 Wi-Fi 或移动数据）后重试。';
    case e.status === 429:
      return '提交或查询太频繁了，请过十分钟左右再试；紧急情况请直接联系社区或拨打 12345。';
    case e.status === 413 || e.code === 'payload_too_large':
      return '照片太大，请删掉几张或换一张再试。';
    case e.code === 'unsupported_media_type':
      return '照片只支持 JPG、PNG、WebP 格式，请换一张。';
    case e.status >= 500:
      return '服务器暂时出了问题，请稍后再试；紧急情况请直接联系社区或拨打 12345。';
    default:
      return '';
  }
}

const client = createClient({
  credentials: 'omit',
  csrf: false,
  networkMessage: () => '网络连接失败',
  statusMessage: (_language, status) =>
    status === 429 ? '操作太频繁了' : status === 413 ? '照片总大小超出限制' : status >= 500 ? '服务器暂时无法处理' : `请求失败（${status}）`,
});

export const publicApi = {
  place: (code: string) => client.get<PublicPlace>(`/api/public/places/${encodeURIComponent(code)}`),
  categories: () => client.get<PublicCategory[]>('/api/public/categories'),
  /** With the submission attempt's key: a retry after a lost answer gets the same number back. */
  submit: (s: Submission, idempotencyKey: string) => client.create<Submitted>('/api/public/appeals', s, idempotencyKey),
  track: (number: string, last4: string) => client.get<Tracking>(`/api/public/track?${new URLSearchParams({ number, last4 }).toString()}`),
  /** A result photo of the resident's own appeal, for an <img>: the number and the digits prove it. */
  resultPhotoUrl: (id: string, number: string, last4: string) => `/api/public/track/photos/${encodeURIComponent(id)}?${new URLSearchParams({ number, last4 }).toString()}`,
  rate: (number: string, last4: string, rating: Rating, comment?: string) =>
    client.post<Tracking>(`/api/public/appeals/${encodeURIComponent(number)}/rating`, { last4, rating, ...(comment ? { comment } : {}) }),
};
