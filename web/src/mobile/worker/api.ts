/**
 * The worker app's calls to the API: the session cookie plus the CSRF token for writes. Kept apart from
 * the console's client so the phone app stands on its own (and can tell a network failure, status 0,
 * from an answer).
 */
import type { Session } from '../../app/types';
import type { Household, Tag, Vocabulary } from '../../features/households/api';
import type { Page } from '../../app/types';
import type { OfflinePackage, Plan, Visit, VisitSubmission } from '../../features/visits/types';

export class WorkerApiError extends Error {
  constructor(
    /** 0 when the server could not be reached (no signal, timed out). */
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'WorkerApiError';
  }
}

let csrfToken = '';

export function setCsrf(token: string) {
  csrfToken = token;
}

export function hasCsrf(): boolean {
  return csrfToken !== '';
}

async function request<T>(method: 'GET' | 'POST', path: string, body?: unknown, timeoutMs = 30_000): Promise<{ status: number; data: T }> {
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': 'zh-CN' };
  if (method !== 'GET') headers['X-CSRF-Token'] = csrfToken;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), timeoutMs);
  let res: Response;
  let text: string;
  try {
    res = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      cache: 'no-store',
      signal: abort.signal,
    });
    text = await res.text();
  } catch {
    throw new WorkerApiError(0, 'network_error', abort.signal.aborted ? '网络太慢，连接超时' : '网络连接失败');
  } finally {
    clearTimeout(timer);
  }
  let data: unknown;
  try {
    data = text ? JSON.parse(text) : undefined;
  } catch {
    data = undefined;
  }
  if (!res.ok) {
    const err = (data ?? {}) as { error?: string; message?: string };
    const fallback = res.status >= 500 ? `服务器暂时出了问题（${res.status}）` : `请求没有成功（${res.status}）`;
    throw new WorkerApiError(res.status, err.error ?? `http_${res.status}`, err.message ?? fallback);
  }
  return { status: res.status, data: data as T };
}

const get = async <T>(path: string) => (await request<T>('GET', path)).data;
const post = async <T>(path: string, body?: unknown) => (await request<T>('POST', path, body)).data;

export const workerApi = {
  me: () => get<Session>('/api/auth/me'),
  login: (username: string, password: string) => post<Session>('/api/auth/login', { username, password }),
  logout: () => request<void>('POST', '/api/auth/logout'),
  offlinePackage: () => get<OfflinePackage>('/api/visits/offline'),
  /** The tag list (which tags are vulnerable, names for a file change). */
  tags: () => get<Tag[]>('/api/household-tags'),
  /** Household types and risk levels, for a file change at the door. */
  vocabulary: () => get<Vocabulary>('/api/households/vocabulary'),
  /** Households in the caller's area by address or a member's name (online only; for visits beyond the package). */
  searchHouseholds: (by: 'address' | 'q', text: string) =>
    get<Page<Household>>(`/api/households?${new URLSearchParams({ [by]: text, status: 'active', pageSize: '20' }).toString()}`),
  swap: (planId: string, itemId: string, householdId: string, reason: string) =>
    post<Plan>(`/api/visits/plans/${encodeURIComponent(planId)}/items/${encodeURIComponent(itemId)}/swap`, { householdId, reason }),
  /** 201 a new visit, 200 a retry the server already had (replayed). Photos can make it big: a longer wait. */
  submitVisit: (body: VisitSubmission) => request<Visit>('POST', '/api/visits', body, 120_000),
  resolve: (visitId: string, action: 'apply' | 'discard') => post<Visit>(`/api/visits/${encodeURIComponent(visitId)}/resolve`, { action }),
};

/** What the worker can do about an error, in plain words. */
export function errorHint(e: unknown): string {
  if (!(e instanceof WorkerApiError)) return '';
  if (e.status === 0) return '请检查手机网络（切换 Wi-Fi 或移动数据）后再试；走访记录会先存在手机里。';
  if (e.status === 401) return '登录已过期，请重新登录。';
  if (e.status === 429) return '操作太频繁了，请过几分钟再试。';
  if (e.status >= 500) return '服务器暂时出了问题，请稍后再试。';
  return '';
}

export function errorText(e: unknown): string {
  if (e instanceof Error) return e.message;
  return String(e);
}
