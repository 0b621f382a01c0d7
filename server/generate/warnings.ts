/**
 * The demo's early warnings (未诉先办) and problems of the month (每月一题), made by the same code the
 * weekly job and the leaders run, over the demo's appeals:
 * - two surges pinned among the year's appeals, in one grid of the demo community: a heat-season one of
 *   power complaints (供电) last July, which the township handled, and one of water complaints (供水) last
 *   week, still open on the dispatcher's desk; each raises a warning on the grid and on the community;
 * - the year's weeks scanned for rises (every warning the appeals give, not only the pinned ones);
 * - three seasonal rules (汛期, 高温, 开学) and the warnings of their latest seasons;
 * - the leader's two problems for the assessment month four months ago and for last month, so the
 *   before/after chart has months on both sides.
 */
import { SYSTEM_ACTOR, type Actor, type Role } from '../platform/access.js';
import type { RequestContext } from '../platform/audit.js';
import type { Database } from '../platform/db.js';
import { listCategories } from '../modules/categories/categories.service.js';
import { suggestFor } from '../modules/orgs/orgs.service.js';
import { assessmentMonthOf, previousMonth } from '../modules/assessment/assessment.rankings.js';
import { pickProblem, problemCandidates } from '../modules/assessment/assessment.problems.js';
import { chinaDate, scanRises, scanSeasons, weekStartOf } from '../modules/assessment/assessment.warnings.js';
import { actOnWarning, createRule, listRules, listWarnings } from '../modules/assessment/assessment.warnings-view.js';
import type { Pinned } from './appeals.setting.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;

/** `n` appeals of `category` in `grid` over the working days of the week starting `monday`, handled or in progress. */
function surge(grid: string, category: string, monday: number, n: number, handled: boolean): Pinned[] {
  return Array.from({ length: n }, (_, i) => {
    const created = monday + (i % 5) * DAY + (9 + ((i * 3) % 8)) * HOUR; // 09:00–16:00 China time, Monday to Friday
    const plan = handled
      ? { accepted: created + 20 * 60_000, dispatched: created + HOUR, signed: created + 2 * HOUR, handled: created + DAY }
      : { accepted: created + 20 * 60_000, dispatched: created + HOUR };
    return {
      created,
      gridCode: grid,
      channel: i % 3 === 0 ? '12345' : 'hotline',
      categoryCode: category,
      life: handled ? { plan } : { plan, stopAt: 'dispatched' as const },
    };
  });
}

/** The Monday of the latest July week (13th–19th) that ended two weeks before now and lies within the demo's year. */
function lastHeatWeek(now: number): number | null {
  for (let y = new Date(now).getUTCFullYear(); y >= new Date(now).getUTCFullYear() - 1; y--) {
    const monday = weekStartOf(new Date(Date.UTC(y, 6, 16, 4))).getTime();
    if (monday + 21 * DAY <= now && monday >= now - 300 * DAY) return monday;
  }
  return null;
}

/** The surges pinned among the demo's appeals (generateDemoAppeals adds them). */
export function warningPins(grid: string, now: number): Pinned[] {
  const lastWeek = weekStartOf(new Date(now)).getTime() - 7 * DAY;
  const heat = lastHeatWeek(now);
  return [...(heat === null ? [] : surge(grid, '0902', heat, 14, true)), ...surge(grid, '0901', lastWeek, 11, false)];
}

const actorOf = (user: { id: string; username: string; displayName: string }, roles: Role[], regionCode: string): Actor => ({ kind: 'user', id: user.id, name: user.username, displayName: user.displayName, roles, regionCode, orgId: null });
const ctxOf = (actor: Actor): RequestContext => ({ actor, ip: null, userAgent: null, requestId: null, via: 'cli' });

export async function generateWarnings(
  database: Database,
  o: {
    county: string;
    community: string;
    now: Date;
    admin: { id: string; username: string; displayName: string };
    dispatcher: { id: string; username: string; displayName: string; regionCode: string };
    leader: { id: string; username: string; displayName: string };
  },
): Promise<{ warnings: number; picks: number }> {
  const db = database.db;
  const now = o.now.getTime();
  let made = await scanRises(database, o.now, 52);
  // The township handled last July's surge (the transformer was replaced).
  const dispatcher = actorOf(o.dispatcher, ['dispatcher'], o.dispatcher.regionCode);
  const heat = lastHeatWeek(now);
  if (heat !== null) {
    const key = chinaDate(new Date(heat));
    const rises = await listWarnings(db, SYSTEM_ACTOR, { kind: 'rise', pageSize: 200 });
    // Both levels: the community's warning and its grid's.
    for (const w of rises.items.filter((x) => x.regionCode.startsWith(o.community) && x.categoryCodes[0] === '0902' && x.periodStart === key && x.status === 'open')) {
      await actOnWarning(database, ctxOf(dispatcher), w.id, 'acknowledge');
      await actOnWarning(database, ctxOf(dispatcher), w.id, 'handle', '高温用电负荷过大致片区频繁停电，已协调供电公司更换变压器并对独居老人逐户走访');
    }
  }
  // Seasonal rules, and the warnings of each one's latest season begun within the year.
  const admin = ctxOf(actorOf(o.admin, ['admin'], ''));
  const rules = [
    { name: '汛期', fromDay: '06-01', toDay: '08-31', categoryCodes: ['0303', '0803'], message: '汛期将至：排查易涝点、危旧房屋，落实转移预案，关注低保、独居老人等重点户' },
    { name: '高温', fromDay: '07-01', toDay: '09-10', categoryCodes: ['0901', '0902'], message: '高温季节：供水供电诉求易集中，提前对接水电公司，关注独居老人、空巢老人' },
    { name: '开学', fromDay: '08-25', toDay: '09-10', categoryCodes: ['1101', '1103'], message: '开学季：入学入园、校园周边诉求易集中，提前做好政策解释和周边整治' },
  ];
  // A second load finds its rules (and each warning's key) and adds nothing.
  const present = new Set((await listRules(db, admin.actor)).filter((r) => r.regionCode === o.county).map((r) => r.name));
  for (const r of rules) {
    if (!present.has(r.name)) await createRule(database, admin, { regionCode: o.county, ...r });
    for (let back = 0; back < 366; back++) {
      const day = new Date(now - back * DAY);
      if (chinaDate(day).slice(5) === r.fromDay) {
        made += await scanSeasons(database, new Date(day.getTime() + 2 * HOUR));
        break;
      }
    }
  }
  // The leader's problems: two for the month four months ago, two for last month.
  const leaderCtx = ctxOf(actorOf(o.leader, ['leader'], o.county));
  const categoryNames = new Map((await listCategories(db, SYSTEM_ACTOR)).map((c) => [c.code, c.name]));
  let month = assessmentMonthOf(o.now);
  const months: string[] = [];
  for (let k = 1; k <= 4; k++) {
    month = previousMonth(month);
    if (k === 1 || k === 4) months.push(month);
  }
  let picks = 0;
  for (const m of months.reverse()) {
    const ranked = await problemCandidates(db, leaderCtx.actor, { month: m, regionCode: o.county });
    if (ranked.picks.length) continue;
    for (const c of ranked.candidates.slice(0, 2)) {
      const [org] = await suggestFor(db, leaderCtx.actor, { regionCode: c.placeCode, categoryCode: c.categoryCode });
      if (!org) continue;
      const name = categoryNames.get(c.categoryCode) ?? c.categoryCode;
      await pickProblem(database, leaderCtx, {
        month: m,
        regionCode: o.county,
        placeCode: c.placeCode,
        categoryCode: c.categoryCode,
        leadOrgId: org.id,
        goal: `${c.placeName}「${name}」源头治理：摸排点位、建立台账，一月内集中整治，每周通报进展`,
        target: Math.floor(c.count / 2),
      });
      picks++;
    }
  }
  return { warnings: made, picks };
}
