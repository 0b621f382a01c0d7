/**
 * What an approved project holds on its fund (fund_reservations, append-only): see holdMoney.
 */
import type { RequestContext } from '../../platform/audit.js';
import type { Tx } from '../../platform/db.js';
import * as ledger from './funds.ledger.js';
import type { fundProjects } from './funds.tables.js';
import type { ProjectAction } from './funds.workflow.js';

type ProjectRow = typeof fundProjects.$inferSelect;

/**
 * Reservations: the last approval reserves the approved amount (or the raise) on the fund, refused
 * with 409 fund_insufficient beyond what the fund has available; cancelling or closing releases what
 * the project still holds. Run inside the step's transaction, the fund's row locked.
 */
export async function holdMoney(tx: Tx, ctx: RequestContext, p: ProjectRow, action: ProjectAction, set: Partial<typeof fundProjects.$inferInsert>): Promise<void> {
  const approving = action === 'approve' && set.approvedFen !== undefined;
  if (!approving && action !== 'cancel' && action !== 'close') return;
  const fund = (await ledger.lockFunds(tx, [p.fundId])).get(p.fundId)!;
  if (approving) {
    const more = set.approvedFen! - p.approvedFen;
    await ledger.assertCovers(tx, fund, more, p.bucket);
    await ledger.reserve(tx, ctx.actor.id, { fundId: fund.id, projectId: p.id, kind: 'reserve', fen: more, bucket: p.bucket, note: p.title });
  } else {
    const held = await ledger.reservedFor(tx, p.id);
    await ledger.reserve(tx, ctx.actor.id, { fundId: fund.id, projectId: p.id, kind: 'release', fen: held, bucket: p.bucket, note: action === 'cancel' ? '项目撤销' : '项目决算' });
  }
}

