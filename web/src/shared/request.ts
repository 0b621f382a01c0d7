/**
 * The one request core of the console and the two phone apps (residents' pages /r/, the grid worker's
 * app /w/): headers, the session's CSRF token, the language, error answers and network failures. Each
 * app makes its client with createClient (its cookies, timeouts and fallback wording). Plain fetch, no
 * UI library: the phone apps load it without loading the console.
 */
import type { ErrorBody } from '../app/contract';

export type Language = 'zh-CN' | 'en';

/** An error answer from the API, or a network failure (status 0). `message` is meant for the user. */
export class ApiError extends Error {
  constructor(
    /** 0 when the server could not be reached (no signal, timed out). */
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** The input field the error names (validation errors' details), if any. */
  get field(): string | undefined {
    const details = this.details as { field?: unknown }[] | { field?: unknown } | undefined;
    const field = Array.isArray(details) ? details[0]?.field : details?.field;
    return typeof field === 'string' ? field : undefined;
  }
}

/** Per page load: the session's CSRF token, the language answers come in, what a lost session does. */
const session = {
  csrfToken: '',
  language: 'zh-CN' as Language,
  onUnauthorized: (() => {}) as () => void,
};

export function setCsrfToken(token: string) {
  session.csrfToken = token;
}
export function hasCsrfToken(): boolean {
  return session.csrfToken !== '';
}
export function setLanguage(language: Language) {
  session.language = language;
}
/** Called on a 401 from a client that reports them (the console), except on the paths it names. */
export function onUnauthorized(handler: () => void) {
  session.onUnauthorized = handler;
}

export type Query = Record<string, string | number | boolean | null | undefined>;

/** `?a=1&b=x`, leaving out empty values (undefined, null, ''). */
function queryString(query?: Query): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue;
    params.set(k, String(v));
  }
  const s = params.toString();
  return s ? `?${s}` : '';
}

export interface ClientOptions {
  /** 'omit' for the residents' pages (no account), 'same-origin' for the signed-in apps. */
  credentials: RequestCredentials;
  /** Writes carry the session's CSRF token. */
  csrf: boolean;
  cache?: RequestCache;
  /** How long a request may take before it counts as a network failure (none when unset). */
  timeoutMs?: number;
  /** The message of a network failure. */
  networkMessage(language: Language, timedOut: boolean): string;
  /** The message of an error answer that carries none. */
  statusMessage(language: Language, status: number): string;
  /** A 401 on any other path calls the onUnauthorized handler; leave unset for none. */
  unauthorizedExcept?: string[];
}

export interface RequestOptions {
  query?: Query;
  /** JSON, or FormData for an upload (the browser sets its multipart content type). */
  body?: unknown;
  timeoutMs?: number;
  /** Headers of this request alone (e.g. an Idempotency-Key). */
  headers?: Record<string, string>;
}

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export function createClient(options: ClientOptions) {
  function networkError(timedOut: boolean) {
    return new ApiError(0, 'network_error', options.networkMessage(session.language, timedOut));
  }

  /** One exchange: a JSON answer (or a file), or an ApiError for an error answer or no answer at all. */
  async function exchange(method: Method, path: string, opts: RequestOptions, file: boolean) {
    const headers: Record<string, string> = { ...opts.headers, 'Accept-Language': session.language };
    if (!file) headers.Accept = 'application/json';
    if (options.csrf && method !== 'GET') headers['X-CSRF-Token'] = session.csrfToken;
    // Fastify rejects an empty body sent as JSON, so bodiless writes carry no content type.
    const form = typeof FormData !== 'undefined' && opts.body instanceof FormData;
    if (opts.body !== undefined && !form) headers['Content-Type'] = 'application/json';
    const timeoutMs = opts.timeoutMs ?? options.timeoutMs;
    const abort = timeoutMs === undefined ? undefined : new AbortController();
    const timer = abort ? setTimeout(() => abort.abort(), timeoutMs) : undefined;
    let res: Response;
    let text = '';
    let blob: Blob | undefined;
    try {
      res = await fetch(path + queryString(opts.query), {
        method,
        headers,
        body: opts.body === undefined ? undefined : form ? (opts.body as FormData) : JSON.stringify(opts.body),
        credentials: options.credentials,
        ...(options.cache ? { cache: options.cache } : {}),
        ...(abort ? { signal: abort.signal } : {}),
      });
      if (res.ok && file) blob = await res.blob();
      else if (res.status !== 204) text = await res.text();
    } catch {
      throw networkError(!!abort?.signal.aborted);
    } finally {
      clearTimeout(timer);
    }
    if (!res.ok) {
      const err = parse(text) as Partial<ErrorBody> | undefined;
      if (res.status === 401 && options.unauthorizedExcept && !options.unauthorizedExcept.includes(path)) session.onUnauthorized();
      throw new ApiError(
        res.status,
        typeof err?.error === 'string' ? err.error : `http_${res.status}`,
        typeof err?.message === 'string' ? err.message : options.statusMessage(session.language, res.status),
        err?.details,
      );
    }
    return { status: res.status, headers: res.headers, data: parse(text), blob };
  }

  /** A JSON request: the answer's status and body (undefined for 204 or a body that is not JSON). */
  async function request<T>(method: Method, path: string, opts: RequestOptions = {}): Promise<{ status: number; data: T }> {
    const { status, data } = await exchange(method, path, opts, false);
    return { status, data: data as T };
  }

  const json = async <T>(method: Method, path: string, opts?: RequestOptions) => (await request<T>(method, path, opts)).data;

  return {
    request,
    get: <T>(path: string, query?: Query) => json<T>('GET', path, { query }),
    post: <T>(path: string, body?: unknown) => json<T>('POST', path, { body }),
    /** A POST that creates something, with the submission attempt's Idempotency-Key (see app/idempotency.ts). */
    create: <T>(path: string, body: unknown, idempotencyKey: string) => json<T>('POST', path, { body, headers: { 'Idempotency-Key': idempotencyKey } }),
    patch: <T>(path: string, body: unknown) => json<T>('PATCH', path, { body }),
    put: <T>(path: string, body: unknown) => json<T>('PUT', path, { body }),
    /** A multipart/form-data upload (files). */
    upload: <T>(path: string, form: FormData) => json<T>('POST', path, { body: form }),
    /** A file answer (a spreadsheet, an image): the blob and the answer's headers; with a body, a POST. */
    file: async (path: string, query?: Query, body?: unknown) => {
      const { blob, headers } = await exchange(body === undefined ? 'GET' : 'POST', path, { query, body }, true);
      return { blob: blob!, headers };
    },
  };
}

export type Client = ReturnType<typeof createClient>;

function parse(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The user-facing text of any thrown value. */
export function errorText(e: unknown): string {
  if (e instanceof Error) return e.message;
  return String(e);
}
