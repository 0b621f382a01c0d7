/**
 * 我也遇到 (me too): residents who found on the QR page that their problem is already reported
 * (appeals.public.ts) are counted as affected, and told the outcome by SMS when the handler's result is
 * fed back (appeals.closing.ts), as the requesters of appeals merged into it are.
 */
import { count, inArray } from 'drizzle-orm';
import type { DbOrTx, Tx } from '../../platform/db.js';
import { queueMessage } from '../notifications/notifications.service.js';
import type { AppealRow, Deps } from './appeals.repo.js';
import { clause } from './appeals.sms.js';
import { appealAffected } from './appeals.tables.js';

/** Affected residents (我也遇到) per appeal. */
export async function affectedCounts(db: DbOrTx, ids: string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  if (!ids.length) return out;
  const rows = await db.select({ id: appealAffected.appealId, n: count() }).from(appealAffected).where(inArray(appealAffected.appealId, ids)).groupBy(appealAffected.appealId);
  for (const r of rows) out.set(r.id, Number(r.n));
  return out;
}

/** The handler's result reaches every resident who said 我也遇到 (on this appeal or on one merged into it). */
export async function tellAffected(deps: Deps, tx: Tx, master: AppealRow, appealIds: string[]) {
  const rows = await tx.select({ phoneEnc: appealAffected.phoneEnc, phoneIndex: appealAffected.phoneIndex }).from(appealAffected).where(inArray(appealAffected.appealId, appealIds));
  const seen = new Set<string>();
  for (const r of rows) {
    if (seen.has(r.phoneIndex)) continue;
    seen.add(r.phoneIndex);
    const result = clause(master.result ?? '');
    await queueMessage(tx, deps.vault, {
      phone: deps.vault.decrypt(r.phoneEnc),
      body: `【听诉】您也反映的问题（${master.number}）已办理${result ? `：${result}` : ''}。`,
      appealId: master.id,
      regionCode: master.regionCode,
    });
  }
}
