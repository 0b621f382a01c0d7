/**
 * The upload queue's rules. A saved visit waits in IndexedDB; uploads go in the order the visits were
 * saved. `decide` says what one answer from the server means for its visit — the whole policy, in one
 * pure function — and `syncQueue` walks the queue with it.
 */
import type { OfflinePackage, PlanItem, Visit, VisitSubmission } from '../../app/contract';
import type { QueuedVisit } from './db';
import { translate as t } from '../../shared/i18n';

/** The server's answer to POST /api/visits, or a network failure (status 0). */
export type SubmitAnswer = { ok: true; status: number; visit: Visit } | { ok: false; status: number; code: string; message: string };

export type SyncAction =
  /** The server has it (201 new, 200 a retry it already had): drop it from the queue. */
  | { kind: 'done' }
  /** Saved, but the household file changed meanwhile: the worker chooses (仍然修改 / 放弃修改). */
  | { kind: 'conflict'; visit: Visit }
  /**
   * Saved, but the appeal it raised was refused for good (e.g. its category was retired meanwhile):
   * the worker is told why, to report it another way.
   */
  | { kind: 'notice'; visit: Visit; message: string }
  /**
   * Refused (bad input, not the worker's household, photo too big, the household archived, the id used
   * for another household — the server's 409s on this route are final too): keep it visible with
   * 重试/删除, go on with the rest.
   */
  | { kind: 'failed'; message: string }
  /** No signal or the server is in trouble: keep it and stop; the next try starts here. */
  | { kind: 'stop'; message: string }
  /** The CSRF token is stale: fetch a fresh one, then send again. */
  | { kind: 'csrf' }
  /** Signed out: stop until the worker signs in again. */
  | { kind: 'signin'; message: string };

export function decide(a: SubmitAnswer): SyncAction {
  if (a.ok) {
    if (a.visit.changeStatus === 'conflict') return { kind: 'conflict', visit: a.visit };
    if (a.visit.appealError) return { kind: 'notice', visit: a.visit, message: a.visit.appealError };
    return { kind: 'done' };
  }
  if (a.status === 0 || a.status >= 500 || a.status === 408 || a.status === 429) return { kind: 'stop', message: a.message };
  if (a.status === 401) return { kind: 'signin', message: a.message };
  if (a.status === 403 && a.code === 'csrf_failed') return { kind: 'csrf' };
  return { kind: 'failed', message: a.message };
}

export interface SyncDeps {
  submit: (body: VisitSubmission) => Promise<SubmitAnswer>;
  /** Fetches a fresh CSRF token; false when signed out. */
  refreshCsrf: () => Promise<boolean>;
  save: (item: QueuedVisit) => Promise<void>;
  remove: (clientId: string) => Promise<void>;
  /** The server took a visit (it leaves the queue): today's list keeps it, with the appeal number. */
  uploaded?: (visit: Visit) => Promise<void>;
  now: () => number;
}

export interface SyncReport {
  sent: number;
  conflicts: number;
  /** Saved visits whose appeal could not be registered. */
  notices: number;
  failed: number;
  /** Why the run ended early (the rest keeps waiting), or null when it went through the queue. */
  stopped: { kind: 'stop' | 'signin'; message: string } | null;
}

/** Uploads the pending visits in order; one refused visit never holds up the others. */
export async function syncQueue(items: QueuedVisit[], deps: SyncDeps): Promise<SyncReport> {
  const report: SyncReport = { sent: 0, conflicts: 0, notices: 0, failed: 0, stopped: null };
  const pending = items.filter((i) => i.state === 'pending').sort((a, b) => a.savedAt - b.savedAt);
  for (const item of pending) {
    let answer = await deps.submit(item.body);
    let action = decide(answer);
    if (action.kind === 'csrf') {
      if (await deps.refreshCsrf()) {
        answer = await deps.submit(item.body);
        action = decide(answer);
      } else action = { kind: 'signin', message: t('worker:sign-in-expired') };
      if (action.kind === 'csrf') action = { kind: 'signin', message: t('worker:sign-in-no-longer-valid') };
    }
    const tried: QueuedVisit = { ...item, attempts: item.attempts + 1, lastTriedAt: deps.now() };
    switch (action.kind) {
      case 'done':
        if (answer.ok) await deps.uploaded?.(answer.visit);
        await deps.remove(item.clientId);
        report.sent++;
        break;
      case 'conflict':
        await deps.save({ ...tried, state: 'conflict', error: null, visit: action.visit });
        report.sent++;
        report.conflicts++;
        break;
      case 'notice':
        await deps.save({ ...tried, state: 'notice', error: action.message, visit: action.visit });
        report.sent++;
        report.notices++;
        break;
      case 'failed':
        await deps.save({ ...tried, state: 'failed', error: action.message });
        report.failed++;
        break;
      case 'stop':
      case 'signin':
        await deps.save({ ...tried, error: action.message });
        report.stopped = { kind: action.kind, message: action.message };
        return report;
    }
  }
  return report;
}

const RANK: Record<PlanItem['status'], number> = { swapped_out: 0, planned: 1, nobody_home: 2, visited: 3 };

/**
 * The package as the worker's phone knows it: visits saved here but not yet on the server (or refused
 * by it) already count — the plan shows the work done offline. A visit beats "nobody home".
 */
export function overlayQueue(pkg: OfflinePackage, items: QueuedVisit[]): OfflinePackage {
  const local = items.filter((i) => i.state !== 'conflict');
  const byItem = new Map<string, PlanItem['status']>();
  const lastVisit = new Map<string, string>();
  for (const q of local) {
    const s = q.body.outcome === 'met' ? 'visited' : 'nobody_home';
    const id = q.body.planItemId;
    if (id && RANK[s] > RANK[byItem.get(id) ?? 'planned']) byItem.set(id, s);
    if (q.body.outcome === 'met' && (lastVisit.get(q.body.householdId) ?? '') < q.body.checkInAt) lastVisit.set(q.body.householdId, q.body.checkInAt);
  }
  const household = <H extends { id: string; lastVisitAt: string | null }>(h: H): H => {
    const at = lastVisit.get(h.id);
    return at && (h.lastVisitAt ?? '') < at ? { ...h, lastVisitAt: at } : h;
  };
  const planItems = pkg.plan.items.map((it) => {
    const s = byItem.get(it.id);
    const status = s && RANK[s] > RANK[it.status] && it.status !== 'swapped_out' ? s : it.status;
    return { ...it, status, household: household(it.household) };
  });
  const active = planItems.filter((i) => i.status !== 'swapped_out');
  return {
    ...pkg,
    households: pkg.households.map(household),
    plan: {
      ...pkg.plan,
      items: planItems,
      counts: {
        planned: active.length,
        visited: active.filter((i) => i.status === 'visited').length,
        nobodyHome: active.filter((i) => i.status === 'nobody_home').length,
        ahead: active.filter((i) => i.ahead).length,
      },
    },
  };
}

/** A UUID for the visit's idempotency key (crypto.randomUUID needs https; older phones lack it). */
export function newClientId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
