/** Appeals past their handling limit, for the deadline job's tests. */
import type { Database } from '../platform/db.js';
import { appealBody, type AppealWorld } from './appeal-world.js';

/** Registers, accepts and dispatches `n` appeals, then moves their limits into the past (the first is the most overdue). */
export async function overdueAppeals(database: Database, w: AppealWorld, n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const reg = await w.as.gridWorker.inject({ method: 'POST', url: '/api/appeals', payload: appealBody() });
    if (reg.statusCode !== 201) throw new Error(`register: ${reg.statusCode} ${reg.body}`);
    let a = reg.json();
    for (const [action, body] of [['accept', {}], ['dispatch', { leadOrgId: w.orgs.urban }]] as const) {
      const res = await w.as.dispatcher.inject({ method: 'POST', url: `/api/appeals/${a.id}/actions/${action}`, payload: { version: a.version, ...body } });
      if (res.statusCode !== 200) throw new Error(`${action}: ${res.statusCode} ${res.body}`);
      a = res.json();
    }
    ids.push(a.id);
  }
  for (const [i, id] of ids.entries()) {
    await database.query(
      `update appeals set handling_due_at = now() - interval '1 hour' * ($2::int + 1), warn_at = now() - interval '1 day', response_due_at = now() + interval '1 day' where id = $1`,
      [id, n - i],
    );
  }
  return ids;
}

/** How many events of `type` each appeal has. */
export async function eventCounts(database: Database, ids: string[], type: string): Promise<number[]> {
  const rows = await database.query<{ appeal_id: string; n: string }>(`select appeal_id, count(*) as n from appeal_events where type = $1 group by appeal_id`, [type]);
  const by = new Map(rows.map((r) => [r.appeal_id, Number(r.n)]));
  return ids.map((id) => by.get(id) ?? 0);
}

/** Which of the appeals are flagged as notified overdue. */
export async function overdueFlags(database: Database, ids: string[]): Promise<boolean[]> {
  const rows = await database.query<{ id: string; overdue_notified: boolean }>(`select id, overdue_notified from appeals`);
  const by = new Map(rows.map((r) => [r.id, r.overdue_notified]));
  return ids.map((id) => by.get(id) ?? false);
}
