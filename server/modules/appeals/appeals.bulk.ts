/**
 * Bulk steps from the inbox (批量受理): the desk ticks the appeals it has read and takes the same step
 * on each. Every appeal goes through `act()` on its own, in its own transaction, exactly as if it had
 * been accepted from its page: the same state check (409 `appeal_not_acceptable`), the same version
 * check (409 `stale_version`), the same scope (404 outside it), its own timeline event and audit
 * entry. One appeal refused leaves the others done, and nothing of the refused one is written.
 */
import { authorize } from '../../platform/access.js';
import type { RequestContext } from '../../platform/audit.js';
import { AppError, errorMessage } from '../../platform/errors.js';
import type { Locale } from '../../platform/i18n.js';
import { act } from './appeals.act.js';
import type { Deps } from './appeals.repo.js';
import { ACTIONS, type Action } from './appeals.workflow.js';

interface BulkItem {
  id: string;
  version: number;
}

interface BulkItemResult {
  id: string;
  ok: boolean;
  number: string | null;
  status: string | null;
  version: number | null;
  error: string | null;
  httpStatus: number | null;
  message: string | null;
}

/** The actions a desk may take on many appeals at once: those that need nothing but the version. */
type BulkAction = Extract<Action, 'accept'>;

export async function bulkAct(deps: Deps, ctx: RequestContext, action: BulkAction, items: BulkItem[], locale: Locale) {
  authorize(ctx.actor, 'appeals.read');
  // Someone who may never take the step is refused as a whole, not once per appeal.
  const by = ACTIONS[action].by as readonly string[];
  if (!ctx.actor.roles.some((r) => by.includes(r))) throw new AppError('forbidden');
  const results: BulkItemResult[] = [];
  for (const item of items) {
    try {
      const row = await act(deps, ctx, item.id, action, { version: item.version });
      results.push({ id: item.id, ok: true, number: row.number, status: row.status, version: row.version, error: null, httpStatus: null, message: null });
    } catch (e) {
      // A refusal belongs to its appeal; anything else (the database gone) stops the batch as an error.
      if (!(e instanceof AppError)) throw e;
      results.push({ id: item.id, ok: false, number: null, status: null, version: null, error: e.code, httpStatus: e.status, message: errorMessage(e.code, e.params, locale) });
    }
  }
  const done = results.filter((r) => r.ok).length;
  return { done, refused: results.length - done, results };
}
