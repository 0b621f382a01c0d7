/**
 * Revealing protected fields (ID number, phone) of a person in the caller's grid scope.
 */
import { authorize } from '../../platform/access.js';
import { audit, revealReason, type RequestContext } from '../../platform/audit.js';
import { findPerson } from './households.search.js';
import { type Deps } from './households.views.js';

/**
 * Revealing a full ID number or phone: a separate permission from reading, audited every time with
 * the reason the caller gave (without one, nothing is read or recorded).
 */
export async function revealPerson(deps: Deps, ctx: RequestContext, id: string, field: 'idNumber' | 'phone', reason: string): Promise<{ field: string; value: string | null }> {
  authorize(ctx.actor, 'people.reveal');
  const why = revealReason(reason);
  const p = await findPerson(deps.database.db, ctx.actor, id);
  const sealed = field === 'idNumber' ? p.idNumberEnc : p.phoneEnc;
  await audit(deps.database.db, ctx, { action: 'person.reveal', targetType: 'person', targetId: id, regionCode: p.gridCode, details: { field, reason: why } });
  return { field, value: sealed ? deps.pii.decrypt(sealed) : null };
}
