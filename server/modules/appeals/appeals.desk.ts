/**
 * What waits on a person's desk, box by box: how many appeals each inbox box holds and its most
 * pressing few. Both read the very condition the inbox lists with (`filterCondition`), so a box's
 * count is the number of rows that box of the inbox shows.
 */
import { asc, count, sql } from 'drizzle-orm';
import { authorize, type Actor } from '../../platform/access.js';
import type { DbOrTx } from '../../platform/db.js';
import { listCategories } from '../categories/categories.service.js';
import { clockOf, filterCondition, type Box, type Clock } from './appeals.inbox.js';
import { appeals } from './appeals.tables.js';

/** Which limit makes an appeal of the box pressing: acceptance, signing for (response) or handling. */
type DeadlineKind = 'accept' | 'response' | 'handling';

const DEADLINE_OF: Partial<Record<Box, DeadlineKind>> = {
  to_accept: 'accept',
  to_sign: 'response',
  in_progress: 'handling',
  fast_track: 'handling',
  due_soon: 'handling',
  overdue: 'handling',
  leader_cases: 'handling',
};

interface DeskItem {
  id: string;
  number: string;
  title: string;
  categoryCode: string;
  categoryName: string;
  status: string;
  urgency: string;
  deadline: string | null;
  deadlineKind: DeadlineKind | null;
  clock: Clock;
}

export interface DeskBox {
  box: Box;
  count: number;
  items: DeskItem[];
}

/**
 * Each box's count and its `limit` most pressing appeals: the nearest limit first (the longest
 * waiting first in boxes without a limit).
 */
export async function deskBoxes(db: DbOrTx, actor: Actor, boxes: Box[], limit = 3): Promise<DeskBox[]> {
  authorize(actor, 'appeals.read');
  const now = new Date();
  // The categories' names and every box's count and rows at once: one round of queries, not one a box.
  const read = (box: Box) => {
    const where = filterCondition(null, actor, { box }, now);
    const kind = DEADLINE_OF[box] ?? null;
    const due = kind === 'accept' ? appeals.acceptDueAt : kind === 'response' ? appeals.responseDueAt : kind === 'handling' ? appeals.handlingDueAt : null;
    const order = [...(due ? [sql`${due} asc nulls last`] : []), asc(appeals.createdAt), asc(appeals.id)];
    return Promise.all([db.select({ n: count() }).from(appeals).where(where), db.select().from(appeals).where(where).orderBy(...order).limit(limit)]);
  };
  const [categories, found] = await Promise.all([listCategories(db, actor), Promise.all(boxes.map(read))]);
  const names = new Map(categories.map((c) => [c.code, c.name]));
  return boxes.map((box, i) => {
    const kind = DEADLINE_OF[box] ?? null;
    const [[{ n }], rows] = found[i];
    return {
      box,
      count: Number(n),
      items: rows.map((a) => {
        const deadline = kind === 'accept' ? a.acceptDueAt : kind === 'response' ? a.responseDueAt : kind === 'handling' ? a.handlingDueAt : null;
        return {
          id: a.id,
          number: a.number,
          title: a.title,
          categoryCode: a.categoryCode,
          categoryName: names.get(a.categoryCode) ?? a.categoryCode,
          status: a.status,
          urgency: a.urgency,
          deadline: deadline?.toISOString() ?? null,
          deadlineKind: deadline ? kind : null,
          clock: clockOf(a, now),
        };
      }),
    };
  });
}
