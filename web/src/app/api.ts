import type { ErrorBody } from './types';

/** An error answer from the API, or a network failure (status 0). `message` is shown to the user. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export type Language = 'zh-CN' | 'en';

/** Per-tab request state, set by the auth and i18n providers. */
const state = {
  csrfToken: '',
  language: 'zh-CN' as Language,
  onUnauthorized: (() => {}) as () => void,
};

export function setCsrfToken(token: string) {
  state.csrfToken = token;
}
export function setApiLanguage(language: Language) {
  state.language = language;
}
/** Called on any 401 except from the sign-in and who-am-I calls, which handle it themselves. */
export function onUnauthorized(handler: () => void) {
  state.onUnauthorized = handler;
}

export type Query = Record<string, string | number | boolean | null | undefined>;

/** `?a=1&b=x`, leaving out empty values (undefined, null, ''). */
export function queryString(query?: Query): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue;
    params.set(k, String(v));
  }
  const s = params.toString();
  return s ? `?${s}` : '';
}

const SELF_HANDLED_401 = ['/api/auth/login', '/api/auth/me'];

async function request<T>(method: string, path: string, body?: unknown, query?: Query, extraHeaders: Record<string, string> = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': state.language, ...extraHeaders };
  if (method !== 'GET') headers['X-CSRF-Token'] = state.csrfToken;
  // Fastify rejects an empty body sent as JSON, so bodiless writes carry no content type; the browser
  // sets multipart/form-data (with its boundary) for uploads.
  const form = typeof FormData !== 'undefined' && body instanceof FormData;
  if (body !== undefined && !form) headers['Content-Type'] = 'application/json';

  let res: Response;
  try {
    res = await fetch(path + queryString(query), {
      method,
      headers,
      body: body === undefined ? undefined : form ? (body as FormData) : JSON.stringify(body),
      credentials: 'same-origin',
    });
  } catch {
    throw new ApiError(
      0,
      'network_error',
      state.language === 'en' ? 'Cannot reach the server; check the network and try again' : '无法连接服务器，请检查网络后重试',
    );
  }

  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let data: unknown = undefined;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = undefined;
    }
  }
  if (!res.ok) {
    const err = data as Partial<ErrorBody> | undefined;
    if (res.status === 401 && !SELF_HANDLED_401.includes(path)) state.onUnauthorized();
    throw new ApiError(
      res.status,
      err?.error ?? `http_${res.status}`,
      err?.message ??
        (state.language === 'en' ? `The server answered ${res.status}; try again later` : `服务器返回错误 ${res.status}，请稍后重试`),
      err?.details,
    );
  }
  return data as T;
}

export const api = {
  get: <T>(path: string, query?: Query) => request<T>('GET', path, undefined, query),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, body),
  /** A POST that creates something, with the submission attempt's Idempotency-Key (see idempotency.ts). */
  create: <T>(path: string, body: unknown, idempotencyKey: string) => request<T>('POST', path, body, undefined, { 'Idempotency-Key': idempotencyKey }),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, body),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, body),
  /** A multipart/form-data upload (files). */
  upload: <T>(path: string, form: FormData) => request<T>('POST', path, form),
};

/** The user-facing text of any thrown value. */
export function errorText(e: unknown): string {
  if (e instanceof ApiError) return e.message;
  if (e instanceof Error) return e.message;
  return String(e);
}
