/**
 * 今日已走访: the worker's visits of the day as the phone knows them — those the server has (from the
 * package, with the appeal number each raised) and those still saved on the phone (waiting to upload,
 * refused, or saved with something to settle). Pure, so the rules are tested without a browser.
 */
import type { OfflinePackage, Visit } from '../../app/contract';
import type { QueuedVisit } from './db';
import { chinaToday } from './labels';

export type TodayVisitFromServer = OfflinePackage['todayVisits'][number];

export interface TodayEntry {
  /** The visit's idempotency key: one entry per visit, whether the server has it or not. */
  clientId: string;
  householdId: string;
  householdAddress: string;
  checkInAt: string;
  outcome: string;
  finding: string;
  /** On today's plan (a plan item), or logged beside it. */
  planned: boolean;
  /**
   * uploaded: the server has it; pending: waits on the phone to upload; failed: refused, see 同步;
   * conflict / notice: uploaded, with a file change or an appeal to settle on 同步.
   */
  state: 'uploaded' | QueuedVisit['state'];
  /** The appeal it raised, once the server registered it. */
  appealNumber: string | null;
  /** Why the appeal it raised could not be registered. */
  appealError: string | null;
}

/** The China date of an instant. */
const chinaDayOf = (iso: string) => chinaToday(new Date(iso));

/**
 * The visits of a day (today on China's calendar) of the signed-in worker, newest first: the package's
 * (a package from another day adds nothing), and the phone's own queue, which adds what the server does
 * not have yet and says what still waits.
 */
export function todaysVisits(pkg: OfflinePackage | null, queue: QueuedVisit[], day = chinaToday()): TodayEntry[] {
  const byClient = new Map<string, TodayEntry>();
  for (const v of pkg?.todayVisits ?? []) {
    if (chinaDayOf(v.checkInAt) !== day) continue;
    byClient.set(v.clientId, {
      clientId: v.clientId,
      householdId: v.householdId,
      householdAddress: v.householdAddress,
      checkInAt: v.checkInAt,
      outcome: v.outcome,
      finding: v.finding,
      planned: v.planItemId !== null,
      state: 'uploaded',
      appealNumber: v.appealNumber,
      appealError: v.appealError,
    });
  }
  for (const q of queue) {
    if (chinaDayOf(q.body.checkInAt) !== day) continue;
    const known = byClient.get(q.clientId);
    // The server's visit (a conflict or a notice carries it) tells the appeal number; the queue, what still waits.
    byClient.set(q.clientId, {
      clientId: q.clientId,
      householdId: q.body.householdId,
      householdAddress: known?.householdAddress || q.visit?.householdAddress || q.householdAddress,
      checkInAt: q.body.checkInAt,
      outcome: q.body.outcome,
      finding: q.body.finding,
      planned: !!q.body.planItemId,
      state: q.state,
      appealNumber: known?.appealNumber ?? q.visit?.appealNumber ?? null,
      appealError: known?.appealError ?? q.visit?.appealError ?? (q.state === 'notice' ? q.error : null),
    });
  }
  return [...byClient.values()].sort((a, b) => (a.checkInAt < b.checkInAt ? 1 : a.checkInAt > b.checkInAt ? -1 : 0));
}

/**
 * The package with a visit the server just took (the queue drops it): today's list keeps it, with its
 * appeal number, even before the package is downloaded again.
 */
export function withUploadedVisit(pkg: OfflinePackage, v: Visit): OfflinePackage {
  const entry: TodayVisitFromServer = {
    id: v.id,
    clientId: v.clientId,
    householdId: v.householdId,
    householdAddress: v.householdAddress,
    planItemId: v.planItemId,
    checkInAt: v.checkInAt,
    outcome: v.outcome,
    finding: v.finding,
    appealNumber: v.appealNumber,
    appealError: v.appealError,
  };
  const rest = (pkg.todayVisits ?? []).filter((x) => x.clientId !== v.clientId);
  return { ...pkg, todayVisits: [...rest, entry] };
}
