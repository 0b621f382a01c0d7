/** Uploads the queue (queue.ts holds the rules) and settles what the server answered. */
import type { VisitSubmission } from '../../app/contract';
import { errorText, hasCsrfToken, setCsrfToken, workerApi, WorkerApiError } from './api';
import { keepUploaded, refreshPackage, queueVisit } from './data';
import { kv, queueStore, type QueuedVisit } from './db';
import { syncQueue, type SubmitAnswer } from './queue';
import { canVisit, ownQueue, reloadQueue, set, syncKey, workerState } from './state';
import { translate as t } from '../../shared/i18n';

/** Saves a visit on the phone, then uploads it at once when there is network. */
export async function saveVisit(body: Omit<VisitSubmission, 'clientId'>, householdAddress: string): Promise<QueuedVisit> {
  const item = await queueVisit(body, householdAddress);
  if (workerState().online) void sync();
  return item;
}

async function submit(body: VisitSubmission): Promise<SubmitAnswer> {
  try {
    const { status, data } = await workerApi.submitVisit(body);
    return { ok: true, status, visit: data };
  } catch (e) {
    if (e instanceof WorkerApiError) return { ok: false, status: e.status, code: e.code, message: e.message };
    return { ok: false, status: 0, code: 'network_error', message: errorText(e) };
  }
}

/** Asks the server who is signed in (and for a fresh CSRF token). */
async function checkSession(): Promise<'ok' | 'signin' | 'network'> {
  try {
    const s = await workerApi.me();
    const user = workerState().user;
    if (user && s.user.id !== user.id) return 'signin';
    setCsrfToken(s.csrfToken);
    set({ verified: true, sessionExpired: false });
    return 'ok';
  } catch (e) {
    return e instanceof WorkerApiError && e.status === 401 ? 'signin' : 'network';
  }
}

let running: Promise<void> | null = null;
/** Asked for while a run was going (a visit saved meanwhile): run once more after it. */
let again = false;

/** Uploads what waits (one run at a time, also across tabs), then refreshes the package when all is in. */
export function sync(): Promise<void> {
  if (running) {
    again = true;
    return running;
  }
  running = (async () => {
    try {
      do {
        again = false;
        const locks = (navigator as Navigator & { locks?: LockManager }).locks;
        if (locks) await locks.request('tingsu-visit-sync', () => syncRun());
        else await syncRun();
      } while (again);
    } finally {
      running = null;
    }
  })();
  return running;
}

async function syncRun() {
  const { user, online } = workerState();
  if (!user || !online || !canVisit(user)) return;
  set({ syncing: true });
  try {
    await reloadQueue();
    if (!hasCsrfToken()) {
      const session = await checkSession();
      if (session !== 'ok') {
        const signin = session === 'signin';
        set({ syncProblem: signin ? t('worker:sign-in-expired-sign-in-again-to-sync') : t('worker:cannot-reach-the-server-it-will-retry-by-itself'), sessionExpired: signin });
        return;
      }
    }
    const had = ownQueue().filter((q) => q.state === 'pending').length;
    const report = await syncQueue(ownQueue(), {
      submit,
      refreshCsrf: async () => (await checkSession()) === 'ok',
      save: (item) => queueStore.put(item),
      remove: (clientId) => queueStore.delete(clientId),
      uploaded: keepUploaded,
      now: Date.now,
    });
    await reloadQueue();
    const now = Date.now();
    await kv.set(syncKey(user.id), now);
    set({
      lastSyncAt: now,
      syncProblem: report.stopped
        ? report.stopped.kind === 'signin'
          ? t('worker:message-sign-in-again-to-sync', { message: report.stopped.message })
          : t('worker:message-it-will-retry-by-itself', { message: report.stopped.message })
        : null,
      sessionExpired: report.stopped?.kind === 'signin',
    });
    const left = ownQueue().filter((q) => q.state === 'pending').length;
    if (!report.stopped && left === 0 && (had > 0 || !workerState().pkg)) await refreshPackage();
  } catch (e) {
    set({ syncProblem: t('worker:uploading-went-wrong-errortext', { errorText: errorText(e) }) });
  } finally {
    set({ syncing: false });
  }
}

/** 立即同步: upload now, and fetch the latest plan even when nothing waits. */
export async function syncNow() {
  const before = ownQueue().filter((q) => q.state === 'pending').length;
  await sync();
  const s = workerState();
  if (before === 0 && s.online && s.user && !s.syncProblem && !s.loadingPackage) await refreshPackage();
}

export async function retry(clientId: string) {
  const item = workerState().queue.find((q) => q.clientId === clientId);
  if (!item) return;
  await queueStore.put({ ...item, state: 'pending', error: null });
  await reloadQueue();
  await sync();
}

export async function removeQueued(clientId: string) {
  await queueStore.delete(clientId);
  await reloadQueue();
}

/** 仍然修改 (apply) or 放弃修改 (discard) for a file change that met someone else's change. */
export async function resolveConflict(clientId: string, action: 'apply' | 'discard') {
  const item = workerState().queue.find((q) => q.clientId === clientId);
  if (!item?.visit) return;
  try {
    await workerApi.resolve(item.visit.id, action);
  } catch (e) {
    // 409: nothing waits any more (settled in another tab, or by the community): the same end.
    if (!(e instanceof WorkerApiError && e.status === 409)) throw e;
  }
  await queueStore.delete(clientId);
  await reloadQueue();
  await refreshPackage();
}
