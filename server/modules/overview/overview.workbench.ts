/**
 * The workbench (工作台): the console's home page. For the signed-in person, what waits for them by
 * their roles — each a box of the appeals inbox, counted with the inbox's own condition, with its most
 * pressing few — today's visits for a grid worker, and for a leader (and the administrator) the area's
 * figures of the month, from the same functions the statistics page reads.
 */
import { authorize, can, type Actor } from '../../platform/access.js';
import type { Database, Db } from '../../platform/db.js';
import { deskBoxes, type DeskBox } from '../appeals/appeals.desk.js';
import { assessmentMonth, metrics, monthlyTrend } from '../appeals/appeals.metrics.js';
import { inboxBoxes, type Box } from '../appeals/appeals.inbox.js';
import { myPlan } from '../visits/visits.plans.day.js';
import { leaderChains, type LeaderChain } from '../enterprises/enterprises.workbench.js';

/** The boxes a workbench may show, in the order of the loop; each person gets those their inbox has. */
const WORKBENCH_BOXES: Box[] = [
  'to_accept',
  'to_dispatch',
  'to_sign',
  'in_progress',
  'leader_cases',
  'due_soon',
  'overdue',
  'to_feedback',
  'to_evaluate',
  'requests',
  'needs_placement',
];

/** The boxes of the caller's workbench: their inbox's, less what does not wait for them. */
function workbenchBoxes(actor: Actor): Box[] {
  const theirs = new Set(inboxBoxes(actor));
  // 办理中 is a department's own running work; for area roles it is the whole area's, not a to-do.
  const handlerOnly = actor.roles.length > 0 && actor.roles.every((r) => r === 'handler');
  return WORKBENCH_BOXES.filter((b) => theirs.has(b) && (b !== 'in_progress' || handlerOnly));
}

interface TodayVisits {
  date: string;
  workingDay: boolean;
  quota: number;
  planned: number;
  visited: number;
  nobodyHome: number;
}

interface AreaFigures {
  month: string;
  regionCode: string;
  accepted: number;
  handled: number;
  due: number;
  handledOnTime: number;
  evaluations: number;
  closureRate: number | null;
  onTimeRate: number | null;
  satisfactionRate: number | null;
  /** 即诉即办: the fast queue's appeals this month and the share handled the same working day. */
  fastTrack: number;
  fastTrackSameDay: number;
  fastTrackRate: number | null;
  overdueNow: number;
  byArea: { code: string; name: string; accepted: number; handled: number; onTimeRate: number | null; satisfactionRate: number | null }[];
  trend: { month: string; accepted: number; handled: number }[];
}

interface Workbench {
  boxes: DeskBox[];
  visits: TodayVisits | null;
  figures: AreaFigures | null;
  /** The industrial chains the caller leads as 链长 (链长制), with their open problems. */
  chains: LeaderChain[];
}

/** The China month of an instant, YYYY-MM. */
function chinaMonth(now: Date): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 7);
}

/**
 * `readDb` serves the boxes, figures and chains (a second's lag is fine: `req.readDb`); the day's visit
 * plan, which may be made here, is on the primary.
 */
export async function workbench(database: Database, actor: Actor, readDb: Db = database.db): Promise<Workbench> {
  authorize(actor, 'overview.read');
  const db = readDb;
  // The boxes, the day's visits, the month's figures and the chains at once: none needs another. Roles
  // that work outside the appeal loop (mediators, commissioners) have no appeal boxes.
  const month = chinaMonth(new Date());
  const [boxes, plan, area, chains] = await Promise.all([
    can(actor, 'appeals.read') ? deskBoxes(db, actor, workbenchBoxes(actor)) : [],
    // The plan the phone app shows (made on demand when the morning job has not made it yet).
    actor.roles.includes('grid_worker') ? myPlan(database, actor) : null,
    actor.roles.includes('leader') || actor.roles.includes('admin')
      ? Promise.all([metrics(db, actor, { ...assessmentMonth(month), groupBy: 'region' }), monthlyTrend(db, actor, 6)])
      : null,
    actor.roles.includes('leader') ? leaderChains(db, actor) : [],
  ]);
  const visits: TodayVisits | null = plan ? { date: plan.date, workingDay: plan.workingDay, quota: plan.quota, ...plan.counts } : null;
  let figures: AreaFigures | null = null;
  if (area) {
    const [m, trend] = area;
    const t = m.totals;
    figures = {
      month,
      regionCode: m.regionCode,
      accepted: t.accepted,
      handled: t.handled,
      due: t.due,
      handledOnTime: t.handledOnTime,
      evaluations: t.evaluations,
      closureRate: t.closureRate,
      onTimeRate: t.onTimeRate,
      satisfactionRate: t.satisfactionRate,
      fastTrack: t.fastTrack,
      fastTrackSameDay: t.fastTrackSameDay,
      fastTrackRate: t.fastTrackRate,
      overdueNow: boxes.find((b) => b.box === 'overdue')?.count ?? 0,
      byArea: m.groups.map((g) => ({ code: g.key, name: g.name, accepted: g.accepted, handled: g.handled, onTimeRate: g.onTimeRate, satisfactionRate: g.satisfactionRate })),
      trend: trend.map((p) => ({ month: p.month, accepted: p.accepted, handled: p.handled })),
    };
  }
  return { boxes, visits, figures, chains };
}
