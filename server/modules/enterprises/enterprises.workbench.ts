/** What the workbench shows of this module: the chains a leader leads as 链长. */
import type { Actor } from '../../platform/access.js';
import type { DbOrTx } from '../../platform/db.js';
import { listChains } from './chains.js';

export interface LeaderChain {
  id: string;
  name: string;
  members: number;
  problemsOpen: number;
  problemsOverdue: number;
  problemsClosed: number;
}

export async function leaderChains(db: DbOrTx, actor: Actor): Promise<LeaderChain[]> {
  const rows = await listChains(db, actor, { leaderUserId: actor.id });
  return rows.map((c) => ({ id: c.id, name: c.name, members: c.members, problemsOpen: c.problemsOpen, problemsOverdue: c.problemsOverdue, problemsClosed: c.problemsClosed }));
}
