/**
 * The worker app's state: who is signed in, today's package, the upload queue, and the network. One
 * module-level store (the queue runs outside any page), read by the pages through useWorker(). The
 * actions live beside it: data.ts (package, visits saved), sync.ts (uploads), session.ts (sign-in).
 */
import { useSyncExternalStore } from 'react';
import type { HouseholdCard, OfflinePackage, Tag, User, Vocabulary } from '../../app/contract';
import { queueStore, type QueuedVisit } from './db';
import { VISITING_ROLES } from './labels';

export type WorkerUser = Pick<User, 'id' | 'username' | 'displayName' | 'roles' | 'regionName'>;

export interface WorkerState {
  phase: 'starting' | 'signed_out' | 'ready';
  user: WorkerUser | null;
  /** The server confirmed the session in this run (false: working from what the phone remembers). */
  verified: boolean;
  online: boolean;
  /** Today's package as the phone knows it: the server's, plus the visits saved here. */
  pkg: OfflinePackage | null;
  tags: Tag[] | null;
  vocabulary: Vocabulary | null;
  /** Households found by searching the server (beyond the package), kept for visits logged offline later. */
  extra: HouseholdCard[];
  loadingPackage: boolean;
  packageError: unknown;
  /** Every queued visit of every account on this phone, oldest first. */
  queue: QueuedVisit[];
  syncing: boolean;
  lastSyncAt: number | null;
  /** Why the last upload run stopped early (no signal, signed out), or null. */
  syncProblem: string | null;
  /** Set when the server said the session is over; the queue waits for a new sign-in. */
  sessionExpired: boolean;
  /** A fatal local problem (IndexedDB unavailable). */
  storageError: string | null;
}

let state: WorkerState = {
  phase: 'starting',
  user: null,
  verified: false,
  online: typeof navigator === 'undefined' ? true : navigator.onLine,
  pkg: null,
  tags: null,
  vocabulary: null,
  extra: [],
  loadingPackage: false,
  packageError: null,
  queue: [],
  syncing: false,
  lastSyncAt: null,
  syncProblem: null,
  sessionExpired: false,
  storageError: null,
};

const listeners = new Set<() => void>();

export function set(patch: Partial<WorkerState>) {
  state = { ...state, ...patch };
  for (const l of listeners) l();
}

export function useWorker(): WorkerState {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => state,
  );
}

/** The state now, outside React (timers, event handlers). */
export const workerState = (): WorkerState => state;

export const canVisit = (u: WorkerUser) => u.roles.some((r) => VISITING_ROLES.includes(r));

export const pkgKey = (userId: string) => `package:${userId}`;
export const syncKey = (userId: string) => `lastSync:${userId}`;
export const extraKey = (userId: string) => `extra:${userId}`;
export const MAX_EXTRA = 50;

/** The queue items this account uploads. */
export function ownQueue(s: WorkerState = state): QueuedVisit[] {
  return s.user ? s.queue.filter((q) => q.userId === s.user!.id) : [];
}

export async function reloadQueue() {
  set({ queue: await queueStore.all() });
}
