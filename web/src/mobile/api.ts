/**
 * The residents' pages talk only to the public API (/api/public/…): no account, no cookie, no CSRF
 * token. Kept apart from the console's api.ts so this bundle stays small and self-contained.
 */

export interface Place {
  code: string;
  name: string;
  level: 'grid' | 'village' | 'township';
  /** '江西省 / 吉安市 / 吉州区 / 习溪桥街道 / …' */
  path: string;
}

export interface Category {
  code: string;
  name: string;
  parentCode: string | null;
}

export interface PhotoUpload {
  filename: string;
  mime: string;
  dataBase64: string;
}

export interface Submission {
  placeCode: string;
  name?: string;
  phone: string;
  content: string;
  categoryCode?: string;
  location?: { lon: number; lat: number };
  address?: string;
  photos?: PhotoUpload[];
  /** The honeypot: people never see it, bots fill it in. */
  website?: string;
}

export interface Submitted {
  number: string;
  last4: string;
}

export type Rating = 'satisfied' | 'basically_satisfied' | 'dissatisfied';

export interface Tracking {
  number: string;
  title: string;
  status: string;
  statusText: string;
  createdAt: string;
  result: string | null;
  timeline: { at: string; text: string }[];
  canRate: boolean;
  rating: Rating | null;
}

/** An error answer, or a network failure (status 0). `message` is meant for the resident. */
export class PublicError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'PublicError';
  }
}

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

async function request<T>(method: 'GET' | 'POST', path: string, body?: unknown, extraHeaders: Record<string, string> = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': 'zh-CN', ...extraHeaders };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'omit' });
  } catch {
    throw new PublicError(0, 'network_error', '网络连接失败');
  }
  const text = await res.text();
  let data: unknown;
  try {
    data = text ? JSON.parse(text) : undefined;
  } catch {
    data = undefined;
  }
  if (!res.ok) {
    const err = (data ?? {}) as { error?: string; message?: string; details?: unknown };
    const details = Array.isArray(err.details) ? (err.details as { field?: string }[]) : [];
    const field = details[0]?.field ?? (err.details as { field?: string } | undefined)?.field;
    const fallback =
      res.status === 429 ? '操作太频繁了' : res.status === 413 ? '照片总大小超出限制' : res.status >= 500 ? '服务器暂时无法处理' : `请求失败（${res.status}）`;
    throw new PublicError(res.status, err.error ?? `http_${res.status}`, err.message ?? fallback, field);
  }
  return data as T;
}

export const publicApi = {
  place: (code: string) => request<Place>('GET', `/api/public/places/${encodeURIComponent(code)}`),
  categories: () => request<Category[]>('GET', '/api/public/categories'),
  /** With the submission attempt's key: a retry after a lost answer gets the same number back. */
  submit: (s: Submission, idempotencyKey: string) => request<Submitted>('POST', '/api/public/appeals', s, { 'Idempotency-Key': idempotencyKey }),
  track: (number: string, last4: string) =>
    request<Tracking>('GET', `/api/public/track?${new URLSearchParams({ number, last4 }).toString()}`),
  rate: (number: string, last4: string, rating: Rating, comment?: string) =>
    request<Tracking>('POST', `/api/public/appeals/${encodeURIComponent(number)}/rating`, { last4, rating, ...(comment ? { comment } : {}) }),
};
