/**
 * Visit rules per region (docs/DOMAIN.md §8): the daily quota of each grid worker, the cadres' coverage
 * period, how far a check-in may be from the household, and the 错时听诉 windows with the window each
 * household type prefers. '' is the installation's default; a division code overrides it for its
 * subtree (the longest matching code wins), so a county sets its own rules.
 */
import { inArray } from 'drizzle-orm';
import { assertAssignable, authorize } from '../../platform/access.js';
import { audit, type RequestContext } from '../../platform/audit.js';
import type { DbOrTx } from '../../platform/db.js';
import { badRequest } from '../../platform/errors.js';
import { HOUSEHOLD_TYPE_CODES } from '../households/households.config.js';
import { ancestorCodes } from '../../platform/division-codes.js';
import { visitSettings, type VisitWindow } from './visits.tables.js';

export interface VisitSettingsView {
  regionCode: string;
  dailyQuota: number;
  cadreCoverageDays: number;
  farMeters: number;
  windows: VisitWindow[];
  typeWindows: Record<string, string>;
}

const DEFAULT_WINDOWS: VisitWindow[] = [
  { code: 'morning', name: '晨访', nameEn: 'morning', start: '07:00', end: '09:00' },
  { code: 'noon', name: '午访', nameEn: 'noon', start: '11:30', end: '13:30' },
  { code: 'afternoon', name: '日间', nameEn: 'afternoon', start: '14:30', end: '17:30' },
  { code: 'evening', name: '夜访', nameEn: 'evening', start: '18:30', end: '21:00' },
];

/** 晨访农耕户, 午访留守户, 夜访务工户; the rest when people are usually in. */
const DEFAULT_TYPE_WINDOWS: Record<string, string> = {
  farming: 'morning',
  left_behind: 'noon',
  migrant: 'evening',
  renting: 'evening',
  ordinary: 'afternoon',
  business: 'afternoon',
};

const DEFAULT_SETTINGS: VisitSettingsView = {
  regionCode: '',
  dailyQuota: 10,
  cadreCoverageDays: 182,
  farMeters: 300,
  windows: DEFAULT_WINDOWS,
  typeWindows: DEFAULT_TYPE_WINDOWS,
};

function viewOf(row: typeof visitSettings.$inferSelect): VisitSettingsView {
  return {
    regionCode: row.regionCode,
    dailyQuota: row.dailyQuota,
    cadreCoverageDays: row.cadreCoverageDays,
    farMeters: row.farMeters,
    windows: row.windows,
    typeWindows: row.typeWindows,
  };
}

/** The settings that apply at `code` (a grid or division code). */
export async function settingsFor(db: DbOrTx, code: string): Promise<VisitSettingsView> {
  const candidates = ['', ...ancestorCodes(code), code];
  const rows = await db.select().from(visitSettings).where(inArray(visitSettings.regionCode, candidates));
  if (!rows.length) return DEFAULT_SETTINGS;
  rows.sort((a, b) => b.regionCode.length - a.regionCode.length);
  return viewOf(rows[0]);
}

/**
 * The settings that apply at a grid, for the visit write path: every settings row is read at most
 * every 30 s per database handle (rules change a few times a year; another instance's change shows
 * within that). A change made here clears it at once.
 */
const recent = new WeakMap<object, { at: number; rows: Promise<VisitSettingsView[]> }>();
const CACHE_MS = 30_000;

export async function cachedSettingsFor(db: DbOrTx, code: string): Promise<VisitSettingsView> {
  let hit = recent.get(db);
  if (!hit || Date.now() - hit.at > CACHE_MS) {
    hit = { at: Date.now(), rows: allSettings(db) };
    recent.set(db, hit);
    hit.rows.catch(() => recent.delete(db));
  }
  return settingsIn(await hit.rows, code);
}

/** Every settings row, for planning many workers at once: look up with `settingsIn`. */
export async function allSettings(db: DbOrTx): Promise<VisitSettingsView[]> {
  return (await db.select().from(visitSettings)).map(viewOf).sort((a, b) => b.regionCode.length - a.regionCode.length);
}

export function settingsIn(all: VisitSettingsView[], code: string): VisitSettingsView {
  return all.find((s) => code.startsWith(s.regionCode)) ?? DEFAULT_SETTINGS;
}

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

export type SettingsInput = Omit<VisitSettingsView, 'regionCode'>;

function checkSettings(input: SettingsInput): void {
  const codes = new Set<string>();
  for (const w of input.windows) {
    if (!HHMM.test(w.start) || !HHMM.test(w.end) || w.start >= w.end) {
      throw badRequest(`时段“${w.name}”的起止时间不正确（HH:MM，开始早于结束）/ window ${w.code} needs HH:MM with start before end`, { field: 'windows' });
    }
    if (codes.has(w.code)) throw badRequest(`时段代码重复：${w.code} / duplicate window code`, { field: 'windows' });
    codes.add(w.code);
  }
  if (!codes.size) throw badRequest('至少需要一个走访时段 / at least one window is needed', { field: 'windows' });
  for (const [type, window] of Object.entries(input.typeWindows)) {
    if (!(HOUSEHOLD_TYPE_CODES as string[]).includes(type)) throw badRequest(`未知的户类型：${type} / unknown household type`, { field: 'typeWindows' });
    if (!codes.has(window)) throw badRequest(`户类型 ${type} 的时段 ${window} 未定义 / undefined window`, { field: 'typeWindows' });
  }
}

export async function putSettings(db: DbOrTx, ctx: RequestContext, regionCode: string, input: SettingsInput): Promise<VisitSettingsView> {
  authorize(ctx.actor, 'visits.configure');
  checkSettings(input);
  const code = regionCode === 'default' ? '' : regionCode;
  assertAssignable(ctx.actor, code, '该区域的走访规则', 'The visit rules of this region');
  const values = { ...input, windows: [...input.windows].sort((a, b) => a.start.localeCompare(b.start)), updatedAt: new Date(), updatedBy: ctx.actor.name };
  const [row] = await db
    .insert(visitSettings)
    .values({ regionCode: code, ...values })
    .onConflictDoUpdate({ target: visitSettings.regionCode, set: values })
    .returning();
  recent.delete(db);
  await audit(db, ctx, { action: 'visit_settings.put', targetType: 'visit_settings', targetId: code || 'default', regionCode: code, details: { dailyQuota: input.dailyQuota, cadreCoverageDays: input.cadreCoverageDays } });
  return viewOf(row);
}
