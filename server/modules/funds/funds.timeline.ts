/**
 * What the fund did about an appeal, for the appeal's page and the resident's tracking page.
 */
import { and, asc, eq, inArray, notInArray } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db.js';
import * as ledger from './funds.ledger.js';
import { daysBetween, type ProjectRow } from './funds.projects.read.js';
import { fundProjectEvents, fundProjects } from './funds.tables.js';
import type { ProjectStatus, SourceKind } from './funds.workflow.js';

const CLOSED: ProjectStatus[] = ['rejected', 'cancelled'];

/** Projects an appeal led to, for the appeal's page and the resident's tracking page. */
async function projectsOfSource(db: DbOrTx, kind: SourceKind, ids: string[]): Promise<ProjectRow[]> {
  if (!ids.length) return [];
  return db.select().from(fundProjects).where(and(eq(fundProjects.sourceKind, kind), inArray(fundProjects.sourceId, ids), notInArray(fundProjects.status, CLOSED)));
}


/**
 * The resident's timeline (the appeals module's tracking page): what the fund did about their appeal,
 * in plain words — approved, and accepted by residents "in N days". No names, no amounts of anyone's.
 */
export async function publicTimelineOf(db: DbOrTx, appealId: string): Promise<{ at: Date; text: string }[]> {
  const rows = await projectsOfSource(db, 'appeal', [appealId]);
  if (!rows.length) return [];
  const events = await db
    .select({ projectId: fundProjectEvents.projectId, type: fundProjectEvents.type, toStatus: fundProjectEvents.toStatus, at: fundProjectEvents.createdAt })
    .from(fundProjectEvents)
    .where(and(inArray(fundProjectEvents.projectId, rows.map((r) => r.id)), inArray(fundProjectEvents.type, ['approved', 'accept'])))
    .orderBy(asc(fundProjectEvents.id));
  const out: { at: Date; text: string }[] = [];
  for (const p of rows) {
    const approved = events.find((e) => e.projectId === p.id && e.type === 'approved' && e.toStatus === 'approved');
    if (approved) out.push({ at: approved.at, text: `已列入社区吹哨专项基金项目「${p.title}」，批准资金 ${ledger.yuan(p.approvedFen)} 元` });
    if (p.acceptedAt) out.push({ at: p.acceptedAt, text: `「${p.title}」已完工并经居民验收：用社区吹哨专项基金 ${daysBetween(p.sourceAt, p.acceptedAt)} 天解决` });
  }
  return out;
}
