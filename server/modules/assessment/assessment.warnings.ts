/**
 * 未诉先办: the 'assessment.warnings' job. Each week, for every place — each community and each grid — and
 * category, the week's new appeals against their usual level (assessment.detect.ts, the seasonal method:
 * the same weeks of earlier years, the EWMA of recent weeks while there is less than a year); a rise becomes
 * a warning placed on the community or the grid, once (its key is the place, category and week; a grid's
 * code is 15 digits, a community's 12, so the two levels never share a key), and the township's desk is
 * notified in the same transaction. A grid is judged on its own series, so a rise in one grid that the rest
 * of its community hides is still flagged; its minimum count is the county's (assessment.warnings-config.ts). Seasonal rules in season (汛期, 高温, 开学) warn each township of their region once a season.
 */
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { SYSTEM_ACTOR } from '../../platform/access.js';
import { audit, systemContext } from '../../platform/audit.js';
import type { Database, DbOrTx } from '../../platform/db.js';
import { countAppeals, weeklyCounts, type PlaceLevel } from '../appeals/appeals.trends.js';
import { notifyUsers } from '../notifications/notifications.service.js';
import { divisionsOfLength } from '../regions/regions.service.js';
import { activeUserIds } from '../users/users.service.js';
import { DEFAULT_DETECT, detect, type Method } from './assessment.detect.js';
import { minCountsByCounty } from './assessment.warnings-config.js';
import { warningRules, warnings } from './assessment.tables.js';

export const WARNINGS_JOB = 'assessment.warnings';
/** The method the job uses, chosen by bench/warnings.ts (fewest false alarms at a like detection rate). */
const WARNING_METHOD: Method = 'seasonal';
const DAY = 86_400_000;
const HISTORY_WEEKS = 2 * 52 + 2;
/** Weeks kept with a warning for its chart. */
const SHOWN_WEEKS = 26;

/** The Monday 00:00 (China time) of the week `t` falls in, as an instant. */
export function weekStartOf(t: Date): Date {
  const local = new Date(t.getTime() + 8 * 3600_000);
  const dow = (local.getUTCDay() + 6) % 7; // Monday 0
  return new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() - dow) - 8 * 3600_000);
}

/** The China date of an instant, YYYY-MM-DD. */
export const chinaDate = (t: Date) => new Date(t.getTime() + 8 * 3600_000).toISOString().slice(0, 10);

export interface SeriesPoint {
  week: string;
  count: number;
  baseline: number | null;
  limit: number | null;
  alarm: boolean;
}

/** The place levels scanned, community first (a grid's warning then names the community's too, if any). */
const WARNING_LEVELS: readonly PlaceLevel[] = ['community', 'grid'];

/** The level of a warning's place: a grid (15 digits), a community (12), or a township (a seasonal rule's). */
export function levelOf(regionCode: string): PlaceLevel | 'township' {
  return regionCode.length >= 15 ? 'grid' : regionCode.length >= 12 ? 'community' : 'township';
}

/**
 * Finds the rises in the last `weeks` completed weeks before `now` (the job: 1; the demo: a year), per
 * community and per grid, and records each once. Returns how many warnings it made.
 */
export async function scanRises(database: Database, now: Date, weeks = 1): Promise<number> {
  const minCounts = await minCountsByCounty(database.db);
  let made = 0;
  for (const level of WARNING_LEVELS) made += await scanLevel(database, now, weeks, level, (place) => minCounts(place)[level]);
  return made;
}

async function scanLevel(database: Database, now: Date, weeks: number, level: PlaceLevel, minCountOf: (place: string) => number): Promise<number> {
  const end = weekStartOf(now);
  const evalFrom = new Date(end.getTime() - weeks * 7 * DAY);
  const from = new Date(evalFrom.getTime() - HISTORY_WEEKS * 7 * DAY);
  const recent = await weeklyCounts(database.db, { from: evalFrom, to: end, regionCode: '', level });
  const candidates = recent.filter((r) => r.n >= minCountOf(r.place));
  if (!candidates.length) return 0;
  const places = [...new Set(candidates.map((c) => c.place))];
  const history = await weeklyCounts(database.db, { from, to: end, regionCode: '', level, places });
  const mondays: string[] = [];
  for (let t = from.getTime(); t < end.getTime(); t += 7 * DAY) mondays.push(chinaDate(new Date(t)));
  const index = new Map(mondays.map((w, i) => [w, i]));
  // A place's series start at its first week with any appeal: weeks before the data began are not zeros.
  const firstWeek = new Map<string, number>();
  const counts = new Map<string, number[]>();
  for (const h of history) {
    const i = index.get(h.week);
    if (i === undefined) continue;
    firstWeek.set(h.place, Math.min(firstWeek.get(h.place) ?? i, i));
    const key = `${h.place}:${h.category}`;
    if (!counts.has(key)) counts.set(key, new Array(mondays.length).fill(0));
    counts.get(key)![i] = h.n;
  }
  const evalStart = mondays.length - weeks;
  let made = 0;
  for (const key of new Set(candidates.map((c) => `${c.place}:${c.category}`))) {
    const [place, category] = key.split(':');
    const start = firstWeek.get(place) ?? 0;
    const series = counts.get(key)!.slice(start);
    const points = detect(series, WARNING_METHOD, { ...DEFAULT_DETECT, minCount: minCountOf(place) });
    for (let i = Math.max(evalStart - start, 0); i < points.length; i++) {
      if (!points[i].alarm) continue;
      const a = Math.max(0, i - SHOWN_WEEKS + 1);
      const shown = points.slice(a, i + 1).map((p, j) => ({ week: mondays[start + a + j], ...p }));
      if (await recordRise(database, { place, level, category, week: mondays[start + i], point: points[i], series: shown })) made++;
    }
  }
  return made;
}

async function recordRise(database: Database, r: { place: string; level: PlaceLevel; category: string; week: string; point: SeriesPoint | Omit<SeriesPoint, 'week'>; series: SeriesPoint[] }): Promise<boolean> {
  const weekEnd = chinaDate(new Date(Date.parse(`${r.week}T00:00:00Z`) + 6 * DAY));
  return database.db.transaction(async (tx) => {
    const id = randomUUID();
    const [row] = await tx
      .insert(warnings)
      .values({
        id,
        key: `rise:${r.place}:${r.category}:${r.week}`,
        kind: 'rise',
        regionCode: r.place,
        categoryCodes: [r.category],
        periodStart: r.week,
        periodEnd: weekEnd,
        count: r.point.count,
        baseline: r.point.baseline,
        controlLimit: r.point.limit,
        method: WARNING_METHOD,
        series: r.series,
      })
      .onConflictDoNothing()
      .returning({ id: warnings.id });
    if (!row) return false;
    await audit(tx, systemContext('job', SYSTEM_ACTOR), { action: 'warning.create', targetType: 'warning', targetId: id, regionCode: r.place, details: { kind: 'rise', level: r.level, category: r.category, week: r.week, count: r.point.count } });
    const [zh, en] = r.level === 'grid' ? ['网格', 'a grid'] : ['社区', 'a community'];
    await notifyTownship(tx, r.place.slice(0, 9), {
      title: `预警（${zh}）：${r.week} 当周 ${r.category} 类诉求 ${r.point.count} 件，超出常态 / Warning (${en}): ${r.point.count} appeals of ${r.category} in the week of ${r.week}, above the usual level`,
      body: `/warnings/${id}`,
    });
    return true;
  });
}

async function notifyTownship(tx: DbOrTx, township: string, n: { title: string; body: string }) {
  const desk = await activeUserIds(tx, { role: 'dispatcher', regionCodes: [township] });
  await notifyUsers(tx, desk, { kind: 'warning', ...n });
}

/** Whether the China date `mmdd` (MM-DD) lies in the season [fromDay, toDay], which may wrap the new year. */
function inSeason(mmdd: string, fromDay: string, toDay: string): boolean {
  return fromDay <= toDay ? mmdd >= fromDay && mmdd <= toDay : mmdd >= fromDay || mmdd <= toDay;
}

/** The season (its first and last China date) that `today` (YYYY-MM-DD, in season) belongs to. */
function seasonOf(today: string, fromDay: string, toDay: string): { start: string; end: string } {
  const y = Number(today.slice(0, 4));
  const mmdd = today.slice(5);
  const startYear = fromDay <= toDay || mmdd >= fromDay ? y : y - 1;
  const endYear = fromDay <= toDay ? startYear : startYear + 1;
  return { start: `${startYear}-${fromDay}`, end: `${endYear}-${toDay}` };
}

/** Seasonal rules in season today: one warning per rule, township and season, with last season's count. */
export async function scanSeasons(database: Database, now: Date): Promise<number> {
  const today = chinaDate(now);
  const rules = await database.db.select().from(warningRules).where(eq(warningRules.active, true));
  let made = 0;
  for (const rule of rules) {
    if (!inSeason(today.slice(5), rule.fromDay, rule.toDay)) continue;
    const season = seasonOf(today, rule.fromDay, rule.toDay);
    const townships = rule.regionCode.length >= 9 ? [rule.regionCode.slice(0, 9)] : (await divisionsOfLength(database.db, { ...SYSTEM_ACTOR, regionCode: rule.regionCode }, 9)).map((d) => d.code);
    const lastFrom = new Date(Date.parse(`${Number(season.start.slice(0, 4)) - 1}${season.start.slice(4)}T00:00:00+08:00`));
    const lastTo = new Date(Date.parse(`${Number(season.end.slice(0, 4)) - 1}${season.end.slice(4)}T00:00:00+08:00`) + DAY);
    for (const township of townships) {
      const last = await countAppeals(database.db, SYSTEM_ACTOR, { place: township, categories: rule.categoryCodes, from: lastFrom, to: lastTo });
      const made1 = await database.db.transaction(async (tx) => {
        const id = randomUUID();
        const [row] = await tx
          .insert(warnings)
          .values({ id, key: `season:${rule.id}:${township}:${season.start}`, kind: 'season', regionCode: township, categoryCodes: rule.categoryCodes, periodStart: season.start, periodEnd: season.end, count: last, ruleId: rule.id, message: rule.message })
          .onConflictDoNothing()
          .returning({ id: warnings.id });
        if (!row) return false;
        await audit(tx, systemContext('job', SYSTEM_ACTOR), { action: 'warning.create', targetType: 'warning', targetId: id, regionCode: township, details: { kind: 'season', ruleId: rule.id, season: season.start } });
        await notifyTownship(tx, township, { title: `季节预警：${rule.name} / Seasonal warning: ${rule.name}`, body: `/warnings/${id}` });
        return true;
      });
      if (made1) made++;
    }
  }
  return made;
}

/** The job: last week's rises and the seasons that have begun. */
export async function runWarnings(database: Database, now: Date): Promise<{ rises: number; seasons: number }> {
  return { rises: await scanRises(database, now), seasons: await scanSeasons(database, now) };
}
