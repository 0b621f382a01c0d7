/** Sign-in on the phone, and what the app does at start and when the network comes and goes. */
import type { HouseholdCard, OfflinePackage, Tag, User, Vocabulary } from '../../app/contract';
import { errorText, setCsrfToken, workerApi, WorkerApiError } from './api';
import { refreshPackage } from './data';
import { kv } from './db';
import { canVisit, extraKey, pkgKey, reloadQueue, set, syncKey, workerState, type WorkerUser } from './state';
import { sync, syncNow } from './sync';

function slim(u: User): WorkerUser {
  return { id: u.id, username: u.username, displayName: u.displayName, roles: u.roles, regionName: u.regionName };
}

async function adopt(user: WorkerUser) {
  const previous = await kv.get<WorkerUser>('user');
  if (previous && previous.id !== user.id) {
    await kv.delete(pkgKey(previous.id));
    await kv.delete(extraKey(previous.id));
  }
  await kv.set('user', user);
  const [pkg, tags, vocabulary, lastSyncAt, extra] = await Promise.all([
    kv.get<OfflinePackage>(pkgKey(user.id)),
    kv.get<Tag[]>('tags'),
    kv.get<Vocabulary>('vocabulary'),
    kv.get<number>(syncKey(user.id)),
    kv.get<HouseholdCard[]>(extraKey(user.id)),
  ]);
  set({ user, pkg: pkg ?? null, tags: tags ?? null, vocabulary: vocabulary ?? null, extra: extra ?? [], lastSyncAt: lastSyncAt ?? null, phase: 'ready', packageError: null });
}

/** On app start: the session from the server when reachable, else the account the phone remembers. */
export async function start() {
  try {
    await reloadQueue();
    const remembered = await kv.get<WorkerUser>('user');
    try {
      const s = await workerApi.me();
      setCsrfToken(s.csrfToken);
      set({ verified: true, sessionExpired: false });
      await adopt(slim(s.user));
    } catch (e) {
      if (e instanceof WorkerApiError && e.status === 0 && remembered) {
        await adopt(remembered);
      } else {
        set({ phase: 'signed_out', user: null, pkg: null, sessionExpired: !!remembered && e instanceof WorkerApiError && e.status === 401 });
        if (!(e instanceof WorkerApiError) || e.status !== 401) set({ packageError: e });
        return;
      }
    }
    if (workerState().verified && canVisit(workerState().user!)) {
      await refreshPackage();
      void sync();
    }
  } catch (e) {
    set({ phase: 'signed_out', storageError: errorText(e) });
  }
}

export async function signIn(username: string, password: string) {
  const s = await workerApi.login(username, password);
  set({ verified: true, sessionExpired: false, syncProblem: null });
  await adopt(slim(s.user));
  if (canVisit(workerState().user!)) {
    await refreshPackage();
    void sync();
  }
}

/** Signs out; visits still waiting stay on the phone for this account's next sign-in. */
export async function signOut() {
  const user = workerState().user;
  try {
    if (workerState().online) await workerApi.logout();
  } catch {
    // Offline or already signed out: forgetting the account on the phone is what matters.
  }
  setCsrfToken('');
  if (user) {
    await kv.delete(pkgKey(user.id));
    await kv.delete(extraKey(user.id));
  }
  await kv.delete('user');
  set({ phase: 'signed_out', user: null, pkg: null, extra: [], verified: false, sessionExpired: false, syncProblem: null });
}

export function setOnline(online: boolean) {
  set({ online });
  // Back online: upload what waits, and take the latest plan (a supervisor may have changed it).
  if (online) void syncNow();
}

/** The session ended on the server: sign in again (same account: the package and the queue stay). */
export function signInAgain() {
  set({ phase: 'signed_out', sessionExpired: true });
}
