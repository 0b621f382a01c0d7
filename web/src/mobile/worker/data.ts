/** The phone's data: today's package, households found online, and visits saved before they upload. */
import type { HouseholdCard, OfflinePackage, Visit, VisitSubmission } from '../../app/contract';
import { workerApi, WorkerApiError } from './api';
import { kv, queueStore, type QueuedVisit } from './db';
import { newClientId, overlayQueue } from './queue';
import { withUploadedVisit } from './todayVisits';
import { extraKey, MAX_EXTRA, ownQueue, pkgKey, reloadQueue, set, workerState } from './state';
import { translate as t } from '../../shared/i18n';

async function storePackage(pkg: OfflinePackage) {
  const user = workerState().user;
  if (!user) return;
  await kv.set(pkgKey(user.id), pkg);
  set({ pkg });
}

/** Downloads today's package (and the tag list) and keeps it on the phone. */
export async function refreshPackage() {
  if (!workerState().user) return;
  set({ loadingPackage: true, packageError: null });
  try {
    // The tag and type lists only name things: the package matters, they may fail.
    const [fresh, tags, vocabulary] = await Promise.all([
      workerApi.offlinePackage(),
      workerApi.tags().catch(() => null),
      workerApi.vocabulary().catch(() => null),
    ]);
    if (tags) {
      await kv.set('tags', tags);
      set({ tags });
    }
    if (vocabulary) {
      await kv.set('vocabulary', vocabulary);
      set({ vocabulary });
    }
    await reloadQueue();
    await storePackage(overlayQueue(fresh, ownQueue()));
  } catch (e) {
    if (e instanceof WorkerApiError && e.status === 401) set({ sessionExpired: true, verified: false });
    set({ packageError: e });
  } finally {
    set({ loadingPackage: false });
  }
}

/** A visit the server just took: today's list keeps it (with its appeal number) until the next download. */
export async function keepUploaded(visit: Visit) {
  const pkg = workerState().pkg;
  if (pkg) await storePackage(withUploadedVisit(pkg, visit));
}

/** Keeps a household found online, so its visit form also opens offline. */
export async function rememberHousehold(card: HouseholdCard) {
  const { user, extra: kept } = workerState();
  if (!user) return;
  const extra = [card, ...kept.filter((h) => h.id !== card.id)].slice(0, MAX_EXTRA);
  await kv.set(extraKey(user.id), extra);
  set({ extra });
}

/** Saves a visit on the phone first; the plan shows it right away (sync.ts uploads it). */
export async function queueVisit(body: Omit<VisitSubmission, 'clientId'>, householdAddress: string): Promise<QueuedVisit> {
  const user = workerState().user;
  if (!user) throw new Error(t('worker:sign-in-first'));
  const item: QueuedVisit = {
    clientId: newClientId(),
    savedAt: Date.now(),
    userId: user.id,
    userName: user.displayName,
    householdAddress,
    body: { clientId: '', ...body },
    state: 'pending',
    error: null,
    attempts: 0,
    lastTriedAt: null,
    visit: null,
  };
  item.body.clientId = item.clientId;
  await queueStore.put(item);
  await reloadQueue();
  const pkg = workerState().pkg;
  if (pkg) await storePackage(overlayQueue(pkg, [item]));
  return item;
}

/** 换一户: swaps a planned household for another of the worker's grids (needs the network). */
export async function swap(itemId: string, householdId: string, reason: string) {
  const before = workerState().pkg;
  if (!before) return;
  const plan = await workerApi.swap(before.plan.id, itemId, householdId, reason);
  // The package as it is now (a refresh may have landed meanwhile), with the new plan.
  await storePackage(overlayQueue({ ...(workerState().pkg ?? before), plan }, ownQueue()));
}
