/**
 * What the desk sees while registering (重复诉求提示): the requester's earlier appeals, found by the
 * phone's blind index (a search for a person, so audited), and the open appeals nearby, within
 * NEARBY_METRES or in the same grid, so that repeats are merged rather than dispatched twice.
 */
import { and, desc, eq, gte, inArray, lte, or, type SQL } from 'drizzle-orm';
import { authorize } from '../../platform/access.js';
import { visibleAppeals } from '../../platform/access/appeals.js';
import { audit, type RequestContext } from '../../platform/audit.js';
import { normalisePhone } from '../../platform/crypto.js';
import { AppError, notFound } from '../../platform/errors.js';
import { gridAt } from '../grids/grids.locate.js';
import { affectedCounts } from './appeals.affected.js';
import { listViews } from './appeals.inbox.js';
import { findVisible, type Deps } from './appeals.repo.js';
import type { DbOrTx } from '../../platform/db.js';
import { duplicateCandidates, scoreCandidates, type Probe, type Scored } from './appeals.similar.js';
import { duplicateSettingsFor } from './appeals.similar-settings.js';
import { appeals } from './appeals.tables.js';
import { OPEN_STATUSES } from './appeals.workflow.js';

const NEARBY_METRES = 300;
const LIMIT = 20;
const METRES_PER_DEGREE = 111_320;

export interface RelatedQuery {
  phone?: string;
  lon?: number;
  lat?: number;
  /** The grid (or place) the appeal is registered at, when there is no position. */
  placeCode?: string;
  /** The appeal itself, left out (when looking from an appeal already registered). */
  exclude?: string;
}

function metresBetween(a: { lon: number; lat: number }, b: { lon: number; lat: number }): number {
  const rad = Math.PI / 180;
  const x = (b.lon - a.lon) * rad * Math.cos(((a.lat + b.lat) / 2) * rad);
  const y = (b.lat - a.lat) * rad;
  return Math.sqrt(x * x + y * y) * 6_371_000;
}

export async function relatedAppeals(deps: Deps, ctx: RequestContext, q: RelatedQuery) {
  authorize(ctx.actor, 'appeals.read');
  const db = deps.database.db;
  const now = new Date();
  const scope = visibleAppeals(ctx.actor);

  let byPhone: Awaited<ReturnType<typeof listViews>> = [];
  if (q.phone) {
    const phone = normalisePhone(q.phone);
    if (!phone) throw new AppError('invalid_phone', { field: 'phone', reason: '格式不正确', reasonEn: 'it is not a mobile or landline number' }, { field: 'phone' });
    const rows = await db
      .select()
      .from(appeals)
      .where(and(eq(appeals.requesterPhoneIndex, deps.vault.blindIndex('phone', phone)), scope))
      .orderBy(desc(appeals.createdAt))
      .limit(LIMIT);
    byPhone = await listViews(deps, db, rows.filter((r) => r.id !== q.exclude), now);
    // Looking a person up by their phone is a search of personal data: it is recorded, without the digits.
    await audit(db, ctx, { action: 'appeal.search_by_phone', targetType: 'appeal', targetId: null, regionCode: ctx.actor.regionCode, details: { found: byPhone.length } });
  }

  const near: SQL[] = [];
  const position = q.lon !== undefined && q.lat !== undefined ? { lon: q.lon, lat: q.lat } : null;
  if (position) {
    const dLat = NEARBY_METRES / METRES_PER_DEGREE;
    const dLon = dLat / Math.max(0.01, Math.cos((position.lat * Math.PI) / 180));
    near.push(and(gte(appeals.lat, position.lat - dLat), lte(appeals.lat, position.lat + dLat), gte(appeals.lon, position.lon - dLon), lte(appeals.lon, position.lon + dLon))!);
  }
  const grid = position ? (await gridAt(db, position.lon, position.lat))?.code : q.placeCode?.length === 15 ? q.placeCode : undefined;
  if (grid) near.push(eq(appeals.gridCode, grid));
  let nearby: Awaited<ReturnType<typeof listViews>> = [];
  if (near.length) {
    const rows = await db
      .select()
      .from(appeals)
      .where(and(or(...near), inArray(appeals.status, OPEN_STATUSES), scope))
      .orderBy(desc(appeals.createdAt))
      .limit(LIMIT * 3);
    // The box is a square; the distance decides, unless the appeal is in the same grid.
    const kept = rows.filter((r) => r.id !== q.exclude && ((grid && r.gridCode === grid) || (position && r.lon !== null && r.lat !== null && metresBetween(position, { lon: r.lon, lat: r.lat }) <= NEARBY_METRES)));
    nearby = await listViews(deps, db, kept.slice(0, LIMIT), now);
  }
  return { byPhone, nearby };
}

interface SimilarQuery {
  title?: string;
  content: string;
  categoryCode?: string;
  phone?: string;
  lon?: number;
  lat?: number;
  placeCode?: string;
  exclude?: string;
}

/** 多诉统办 at the desk: the appeals a draft likely repeats, best first, each with the reasons (appeals.similar.ts). */
export async function similarAppeals(deps: Deps, ctx: RequestContext, q: SimilarQuery) {
  authorize(ctx.actor, 'appeals.read');
  const db = deps.database.db;
  let phoneIndex: string | undefined;
  if (q.phone) {
    const phone = normalisePhone(q.phone);
    if (!phone) throw new AppError('invalid_phone', { field: 'phone', reason: '格式不正确', reasonEn: 'it is not a mobile or landline number' }, { field: 'phone' });
    phoneIndex = deps.vault.blindIndex('phone', phone);
  }
  const positioned = q.lon !== undefined && q.lat !== undefined;
  const gridCode = positioned ? (await gridAt(db, q.lon!, q.lat!))?.code : q.placeCode?.length === 15 ? q.placeCode : undefined;
  const probe: Probe = { text: `${q.title ?? ''} ${q.content}`, categoryCode: q.categoryCode, lon: q.lon, lat: q.lat, gridCode, phoneIndex, at: new Date(), exclude: q.exclude };
  // The county's settings: where the draft is placed, else the caller's own county.
  const { found, threshold } = await suggest(deps, ctx, probe, gridCode ?? q.placeCode ?? ctx.actor.regionCode);
  // A suggestion because of the phone says the person appealed before: a search of personal data, recorded without the digits.
  if (found.some((f) => f.reasons.some((r) => r.code === 'same_requester'))) {
    await audit(db, ctx, { action: 'appeal.search_by_phone', targetType: 'appeal', targetId: null, regionCode: ctx.actor.regionCode, details: { found: found.length, by: 'duplicates' } });
  }
  return { items: found, threshold };
}

/** The likely duplicates of an appeal already registered (its own page). */
export async function similarToAppeal(deps: Deps, ctx: RequestContext, id: string) {
  const db = deps.database.db;
  const a = await findVisible(db, ctx.actor, id);
  if (!a) throw notFound('诉求', 'Appeal');
  const probe: Probe = { text: `${a.title} ${a.content}`, categoryCode: a.categoryCode, lon: a.lon, lat: a.lat, gridCode: a.gridCode, phoneIndex: a.requesterPhoneIndex, at: a.createdAt, exclude: a.id };
  const { found, threshold } = await suggest(deps, ctx, probe, a.regionCode);
  return { items: found.filter((f) => f.appeal.id !== a.masterId || a.status !== 'merged'), threshold };
}

/**
 * The likely repeats of a probe among the appeals `scope` admits, scored under the settings of the county
 * of `place` (else of the probe's grid), best first.
 */
export async function findRepeats(db: DbOrTx, scope: SQL | undefined, p: Probe, place?: string): Promise<Scored[]> {
  const settings = await duplicateSettingsFor(db, place ?? p.gridCode);
  return scoreCandidates(p, await duplicateCandidates(db, scope, p, settings), settings);
}

/** The suggestions under the settings of the county `place` lies in (appeals.similar-settings.ts). */
async function suggest(deps: Deps, ctx: RequestContext, probe: Probe, place: string | undefined) {
  const db = deps.database.db;
  const settings = await duplicateSettingsFor(db, place);
  const rows = await duplicateCandidates(db, visibleAppeals(ctx.actor), probe, settings);
  const scored = scoreCandidates(probe, rows, settings);
  const views = await listViews(deps, db, scored.map((s) => s.row), new Date());
  return { found: scored.map((s, i) => ({ appeal: views[i], score: s.score, reasons: s.reasons })), threshold: settings.threshold };
}

/** A likely repeat as the grid worker's phone shows it: what the appeal is about, never who asked. */
interface FieldRepeat {
  id: string;
  number: string;
  title: string;
  /** The first words of the appeal's content. */
  excerpt: string;
  categoryCode: string;
  status: string;
  /** Only an open appeal takes a 我也遇到. */
  open: boolean;
  createdAt: string;
  affected: number;
  score: number;
  reasons: { code: string; value?: number }[];
}

/**
 * 多诉统办 on the grid worker's phone during a visit: the likely repeats of a draft among the appeals of
 * `grids` (the worker's) that the caller sees, with the residents already affected.
 */
export async function similarInGrids(deps: Deps, ctx: RequestContext, grids: string[], probe: Probe): Promise<{ items: FieldRepeat[]; threshold: number }> {
  authorize(ctx.actor, 'appeals.read');
  const db = deps.database.db;
  // The settings of the county the visited household lies in (else the worker's first grid's).
  const settings = await duplicateSettingsFor(db, probe.gridCode ?? grids[0]);
  if (!grids.length) return { items: [], threshold: settings.threshold };
  const scope = and(visibleAppeals(ctx.actor), inArray(appeals.gridCode, grids));
  const found = scoreCandidates(probe, await duplicateCandidates(db, scope, probe, settings), settings);
  const affected = await affectedCounts(db, found.map((f) => f.row.id));
  const open = OPEN_STATUSES as readonly string[];
  return {
    items: found.map(({ row: r, score, reasons }) => ({
      id: r.id,
      number: r.number,
      title: r.title,
      excerpt: r.content.length > 140 ? `${r.content.slice(0, 140)}…` : r.content,
      categoryCode: r.categoryCode,
      status: r.status,
      open: open.includes(r.status),
      createdAt: r.createdAt.toISOString(),
      affected: affected.get(r.id) ?? 0,
      score,
      reasons: reasons.filter((x) => x.code !== 'same_requester'),
    })),
    threshold: settings.threshold,
  };
}
