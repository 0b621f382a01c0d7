/**
 * The residents' side (码上解): a QR code on a poster opens a phone page for a grid, community or
 * township; a resident submits without an account, gets a number, tracks it with the number and the
 * last four digits of their phone, reads the plain-words timeline and rates the outcome.
 */
import { and, asc, eq, inArray, isNotNull } from 'drizzle-orm';
import { inRegion } from '../../platform/access.js';
import { gridAt } from '../grids/grids.locate.js';
import { addAffectedPhone, affectedCounts } from './appeals.affected.js';
import { trackingLink } from './appeals.sms.js';
import { duplicateCandidates, scoreCandidates } from './appeals.similar.js';
import { duplicateSettingsFor } from './appeals.similar-settings.js';
import { OPEN_STATUSES, type Status } from './appeals.workflow.js';
import { auditAnonymous } from '../../platform/audit.js';
import type { DbOrTx } from '../../platform/db.js';
import { normalisePhone } from '../../platform/crypto.js';
import { CHINA_OFFSET_MS } from '../calendar/calendar.time.js';
import { hit, minutesUntil, undo } from '../../platform/rate-limit.js';
import { AppError, notFound } from '../../platform/errors.js';
import { exists as regionExists, pathNamesOf, levelOfCode } from '../regions/regions.service.js';
import { createAppealOnce, recordRequesterRating, type Deps, type Photo, STATUS_PUBLIC } from './appeals.service.js';
import { replayOf, requestHash } from './appeals.idempotency.js';
import { appealAttachments, appealEvaluations, appealEvents, appeals } from './appeals.tables.js';

export interface Place {
  code: string;
  name: string;
  level: string;
  path: string;
}

/** Grids, villages/communities and townships have QR pages. */
export async function place(deps: Deps, code: string): Promise<Place> {
  const level = levelOfCode(code);
  if (!level || !['grid', 'village', 'township'].includes(level) || !(await regionExists(deps.database.db, code))) throw notFound('地点', 'Place');
  const path = (await pathNamesOf(deps.database.db, [code])).get(code) ?? code;
  return { code, name: path.split(' / ').at(-1)!, level, path };
}

interface PublicSubmission {
  placeCode: string;
  name?: string;
  phone: string;
  content: string;
  categoryCode?: string;
  location?: { lon: number; lat: number };
  address?: string;
  photos?: Photo[];
  /** A field people never see: bots fill it in. */
  website?: string;
}

/** Submissions per phone number in 24 hours (counted from its first), across all addresses. */
export const PER_PHONE_PER_DAY = 10;

export async function submit(deps: Deps, s: PublicSubmission, ip: string | null, idempotencyKey?: string) {
  if (s.website) throw new AppError('public_submission_refused');
  await place(deps, s.placeCode);
  const phone = normalisePhone(s.phone);
  if (!phone) throw new AppError('invalid_phone', { field: 'phone', reason: '格式不正确', reasonEn: 'it is not a mobile or landline number' }, { field: 'phone' });
  // A resident has no account: their key is theirs by the phone they give. A retry answers before the
  // daily limit is counted, since it registers nothing.
  const idempotency = idempotencyKey ? { scope: `public:${deps.vault.blindIndex('phone', phone)}`, key: idempotencyKey, hash: requestHash({ ...s, phone }) } : undefined;
  if (idempotency) {
    const prior = await replayOf(deps.database.db, idempotency);
    if (prior) {
      const [a] = await deps.database.db.select({ number: appeals.number }).from(appeals).where(eq(appeals.id, prior));
      return { number: a.number, last4: phone.slice(-4), replayed: true };
    }
  }
  // One atomic counter per phone (its blind index, never the number): concurrent submissions each get
  // their own count, on one instance or many. A submission that fails afterwards gives its place back.
  const key = `phone-day|${deps.vault.blindIndex('phone', phone)}`;
  const today = await hit(deps.database.db, key, { ms: 86_400_000 });
  if (today.count > PER_PHONE_PER_DAY) throw new AppError('rate_limited');
  const { row, replayed } = await createAppealOnce(
    deps,
    { ctx: null, source: 'public', ip, idempotency },
    {
      channel: 'qr',
      requester: { kind: 'resident', name: s.name, phone },
      content: s.content,
      categoryCode: s.categoryCode ?? '9901',
      location: s.location,
      address: s.address,
      placeCode: s.placeCode,
      photos: s.photos,
    },
  ).catch(async (err: unknown) => {
    await undo(deps.database.db, key);
    throw err;
  });
  // A concurrent twin with the same key registered it: this request registered nothing.
  if (replayed) await undo(deps.database.db, key);
  return { number: row.number, last4: phone.slice(-4), replayed };
}

/** Where a resident's request came from, for the audit log (never the digits they typed). */
export type PublicMeta = { ip: string | null; userAgent: string | null; requestId: string | null };

/** Wrong digits for one number: after TRACK_MAX_FAILURES within TRACK_WINDOW_MS the number is locked. */
export const TRACK_MAX_FAILURES = 5;
const TRACK_WINDOW_MS = 15 * 60_000;

function chinaClock(at: Date): string {
  return new Date(at.getTime() + CHINA_OFFSET_MS).toISOString().slice(11, 16);
}

/**
 * The appeal for a number and the last four digits of its requester's phone. Guesses are limited per
 * number, whatever address they come from: each attempt reserves a place in the number's counter
 * (atomic, in the database) before the digits are compared, and the right digits give it back. The
 * fifth wrong try locks the number for the rest of its window, even for the right digits; failures
 * and the lock are audited, without the digits.
 */
async function findByNumber(deps: Deps, number: string, last4: string, meta: PublicMeta, now = new Date()) {
  const db = deps.database.db;
  const key = `track|${number}`;
  const tries = await hit(db, key, { ms: TRACK_WINDOW_MS }, now);
  const locked = () => new AppError('tracking_locked', { until: chinaClock(tries.resetAt), minutes: minutesUntil(tries.resetAt, now) });
  if (tries.count > TRACK_MAX_FAILURES) throw locked();
  const [a] = await db.select().from(appeals).where(eq(appeals.number, number)).limit(1);
  if (a && a.requesterPhoneLast4 && a.requesterPhoneLast4 === last4) {
    await undo(db, key, now);
    return a;
  }
  const target = { targetType: 'appeal', targetId: a?.id ?? null, regionCode: a?.regionCode ?? '' };
  await auditAnonymous(db, meta, { actorName: 'public', action: 'appeal.track_failed', ...target, details: { number, failures: tries.count } });
  if (tries.count === TRACK_MAX_FAILURES) {
    await auditAnonymous(db, meta, { actorName: 'public', action: 'appeal.track_locked', ...target, details: { number, until: tries.resetAt.toISOString() } });
    throw locked();
  }
  // One answer for "no such number" and "wrong digits": numbers cannot be probed.
  throw new AppError('not_found', { what: '与该编号和手机号后四位相符的诉求', whatEn: 'An appeal with this number and these last four digits' });
}

export async function track(deps: Deps, number: string, last4: string, meta: PublicMeta) {
  const a = await findByNumber(deps, number, last4, meta);
  return trackingView(deps, a);
}

/** The events whose photos show the resident what was done: the handler's result. */
const RESULT_EVENTS = ['handled', 'solved_on_spot'];

/**
 * Staff words never reach the resident's page: a label a desk puts before what it heard (来电反映：,
 * 群众反映：) is dropped, and an entry ends in at most one full stop (a result that ended in one gets
 * no second from the sentence around it).
 */
function plainWords(text: string): string {
  const body = withoutDeskLabels(text);
  const end = body.match(/[。．.！!，,；;：:\s]+$/u)?.[0];
  return end ? body.slice(0, -end.length) + (/[。．.！!]/u.test(end) ? '。' : '') : body;
}

function withoutDeskLabels(text: string): string {
  return text.replace(/(^|[：:，,])\s*(?:来电|来信|来访|网上|网络|群众|市民|诉求人|居民)?反映[:：]\s*/gu, '$1').trim();
}

/**
 * Lines other modules add to a resident's timeline, in plain words (the funds module: "fixed with the
 * 社区吹哨 fund in 23 days"). Registered when their routes are built; never personal data.
 */
export type PublicTimelineSource = (db: DbOrTx, appealId: string) => Promise<{ at: Date; text: string }[]>;
const timelineSources: PublicTimelineSource[] = [];
export function addPublicTimeline(source: PublicTimelineSource): void {
  if (!timelineSources.includes(source)) timelineSources.push(source);
}

async function trackingView(deps: Deps, a: typeof appeals.$inferSelect) {
  const db = deps.database.db;
  const events = await db
    .select({ id: appealEvents.id, type: appealEvents.type, at: appealEvents.at, text: appealEvents.publicText })
    .from(appealEvents)
    .where(and(eq(appealEvents.appealId, a.id), isNotNull(appealEvents.publicText)))
    .orderBy(asc(appealEvents.id));
  const resultEvents = events.filter((e) => RESULT_EVENTS.includes(e.type)).map((e) => e.id);
  const photos = resultEvents.length
    ? await db
        .select({ id: appealAttachments.id, eventId: appealAttachments.eventId })
        .from(appealAttachments)
        .where(and(eq(appealAttachments.appealId, a.id), inArray(appealAttachments.eventId, resultEvents)))
        .orderBy(asc(appealAttachments.id))
    : [];
  const [rating] = await db
    .select({ rating: appealEvaluations.rating, at: appealEvaluations.at })
    .from(appealEvaluations)
    .where(and(eq(appealEvaluations.appealId, a.id), eq(appealEvaluations.kind, 'requester'), eq(appealEvaluations.round, a.reworkCount)));
  return {
    number: a.number,
    title: a.title,
    status: a.status,
    statusText: statusTextOf(a, !!rating),
    createdAt: a.createdAt.toISOString(),
    result: a.status === 'feedback_given' || a.status === 'closed' || a.status === 'handled' ? (a.result ? withoutDeskLabels(a.result) : null) : null,
    timeline: [
      ...events.map((e) => ({ at: e.at, text: plainWords(e.text!), photos: photos.filter((p) => p.eventId === e.id).map((p) => p.id) })),
      ...(await Promise.all(timelineSources.map((source) => source(db, a.id)))).flat().map((e) => ({ ...e, photos: [] as string[] })),
    ]
      .filter((e) => e.text)
      .sort((x, y) => x.at.getTime() - y.at.getTime())
      .map((e) => ({ ...e, at: e.at.toISOString() })),
    canRate: a.status === 'feedback_given' && !rating,
    rating: rating?.rating ?? null,
  };
}

/** The status in the resident's words: once they have rated, the page thanks them instead of asking. */
function statusTextOf(a: typeof appeals.$inferSelect, rated: boolean): string {
  if (a.status === 'in_progress' && a.reworkCount > 0) return '根据您的评价，正在重新办理';
  if (a.status === 'feedback_given' && rated) return '您已评价，感谢您的反馈';
  return STATUS_PUBLIC[a.status as keyof typeof STATUS_PUBLIC] ?? a.status;
}

/** A result photo of the resident's own appeal (the number and the last four digits prove it). */
export async function resultPhoto(deps: Deps, number: string, last4: string, photoId: string, meta: PublicMeta) {
  const a = await findByNumber(deps, number, last4, meta);
  const [f] = await deps.database.db
    .select({ mime: appealAttachments.mime, data: appealAttachments.data, type: appealEvents.type })
    .from(appealAttachments)
    .innerJoin(appealEvents, eq(appealEvents.id, appealAttachments.eventId))
    .where(and(eq(appealAttachments.id, photoId), eq(appealAttachments.appealId, a.id)));
  // The resident's own photos and the staff's working notes stay off this page: only the result's.
  if (!f || !RESULT_EVENTS.includes(f.type)) throw notFound('照片', 'Photo');
  return f;
}

export async function rate(deps: Deps, number: string, last4: string, meta: PublicMeta, rating: string, comment?: string) {
  const a = await findByNumber(deps, number, last4, meta);
  if (a.status !== 'feedback_given') throw new AppError('appeal_rating_not_open');
  await deps.database.db.transaction(async (tx) => {
    await recordRequesterRating(deps, tx, null, a, new Date(), { rating, comment, method: 'self' });
  });
  const [fresh] = await deps.database.db.select().from(appeals).where(eq(appeals.id, a.id)).limit(1);
  return trackingView(deps, fresh);
}

// ---- 多诉统办 on the QR page: "already reported — follow it", and 我也遇到 (me too)

export interface PublicDraft {
  placeCode: string;
  content: string;
  categoryCode?: string;
  location?: { lon: number; lat: number };
}

/** The open appeals of the place's township that the resident's report likely repeats. */
export async function publicSimilar(deps: Deps, d: PublicDraft) {
  const p = await place(deps, d.placeCode);
  const db = deps.database.db;
  const township = p.code.slice(0, 9);
  const gridCode = d.location ? (await gridAt(db, d.location.lon, d.location.lat))?.code : p.code.length === 15 ? p.code : undefined;
  const probe = { text: d.content, categoryCode: d.categoryCode, lon: d.location?.lon, lat: d.location?.lat, gridCode, at: new Date() };
  const settings = await duplicateSettingsFor(db, township);
  const rows = (await duplicateCandidates(db, inRegion(appeals.regionCode, township), probe, settings)).filter((r) => (OPEN_STATUSES as readonly string[]).includes(r.status));
  const found = scoreCandidates(probe, rows, settings);
  const affected = await affectedCounts(db, found.map((f) => f.row.id));
  return {
    items: found.map((f) => ({
      number: f.row.number,
      categoryCode: f.row.categoryCode,
      statusText: STATUS_PUBLIC[f.row.status as Status] ?? f.row.status,
      createdAt: f.row.createdAt.toISOString(),
      affected: affected.get(f.row.id) ?? 0,
      // Why it looks the same, without anything of the person who reported it.
      reasons: f.reasons.filter((r) => r.code !== 'same_requester'),
      trackingUrl: trackingLink(f.row.number),
    })),
  };
}

/** 我也遇到: one per phone per appeal (409 on a repeat); the count answers. */
export async function addAffected(deps: Deps, number: string, rawPhone: string, meta: PublicMeta) {
  const phone = normalisePhone(rawPhone);
  if (!phone) throw new AppError('invalid_phone', { field: 'phone', reason: '格式不正确', reasonEn: 'it is not a mobile or landline number' }, { field: 'phone' });
  const db = deps.database.db;
  const [a] = await db.select().from(appeals).where(eq(appeals.number, number)).limit(1);
  if (!a || !(OPEN_STATUSES as readonly string[]).includes(a.status)) throw notFound('未办结的诉求', 'An open appeal');
  return db.transaction(async (tx) => {
    const n = await addAffectedPhone(deps, tx, a, phone);
    await auditAnonymous(tx, meta, { actorName: 'public', action: 'appeal.affected', targetType: 'appeal', targetId: a.id, regionCode: a.regionCode, details: { number } });
    return { number: a.number, affected: n };
  });
}

