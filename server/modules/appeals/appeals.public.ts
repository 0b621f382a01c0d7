/**
 * The residents' side (码上解): a QR code on a poster opens a phone page for a grid, community or
 * township; a resident submits without an account, gets a number, tracks it with the number and the
 * last four digits of their phone, reads the plain-words timeline and rates the outcome.
 */
import { and, asc, count, eq, gt, isNotNull } from 'drizzle-orm';
import { normalisePhone } from '../../platform/crypto.js';
import { AppError, badRequest, conflict, notFound } from '../../platform/errors.js';
import { exists as regionExists, pathNamesOf, levelOfCode } from '../regions/regions.service.js';
import { createAppealOnce, recordRequesterRating, type Deps, type Photo, STATUS_PUBLIC } from './appeals.service.js';
import { replayOf, requestHash } from './appeals.idempotency.js';
import { appealEvaluations, appealEvents, appeals } from './appeals.tables.js';

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

export interface PublicSubmission {
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

const PER_PHONE_PER_DAY = 10;

export async function submit(deps: Deps, s: PublicSubmission, ip: string | null, idempotencyKey?: string) {
  if (s.website) throw badRequest('提交被拒绝 / submission refused');
  await place(deps, s.placeCode);
  const phone = normalisePhone(s.phone);
  if (!phone) throw badRequest('手机号码格式不正确 / the phone number is not valid', { field: 'phone' });
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
  const [{ n }] = await deps.database.db
    .select({ n: count() })
    .from(appeals)
    .where(and(eq(appeals.requesterPhoneIndex, deps.vault.blindIndex('phone', phone)), gt(appeals.createdAt, new Date(Date.now() - 86_400_000))));
  if (Number(n) >= PER_PHONE_PER_DAY) throw new AppError('rate_limited');
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
  );
  return { number: row.number, last4: phone.slice(-4), replayed };
}

async function findByNumber(deps: Deps, number: string, last4: string) {
  const [a] = await deps.database.db.select().from(appeals).where(eq(appeals.number, number)).limit(1);
  // One answer for "no such number" and "wrong digits": numbers cannot be probed.
  if (!a || !a.requesterPhoneLast4 || a.requesterPhoneLast4 !== last4) {
    throw new AppError('not_found', { what: '与该编号和手机号后四位相符的诉求', whatEn: 'An appeal with this number and these last four digits' });
  }
  return a;
}

export async function track(deps: Deps, number: string, last4: string) {
  const a = await findByNumber(deps, number, last4);
  const events = await deps.database.db
    .select({ at: appealEvents.at, text: appealEvents.publicText })
    .from(appealEvents)
    .where(and(eq(appealEvents.appealId, a.id), isNotNull(appealEvents.publicText)))
    .orderBy(asc(appealEvents.id));
  const [rating] = await deps.database.db
    .select({ rating: appealEvaluations.rating, at: appealEvaluations.at })
    .from(appealEvaluations)
    .where(and(eq(appealEvaluations.appealId, a.id), eq(appealEvaluations.kind, 'requester'), eq(appealEvaluations.round, a.reworkCount)));
  return {
    number: a.number,
    title: a.title,
    status: a.status,
    statusText: a.status === 'in_progress' && a.reworkCount > 0 ? '根据您的评价，正在重新办理' : STATUS_PUBLIC[a.status as keyof typeof STATUS_PUBLIC] ?? a.status,
    createdAt: a.createdAt.toISOString(),
    result: a.status === 'feedback_given' || a.status === 'closed' || a.status === 'handled' ? a.result : null,
    timeline: events.map((e) => ({ at: e.at.toISOString(), text: e.text! })),
    canRate: a.status === 'feedback_given' && !rating,
    rating: rating?.rating ?? null,
  };
}

export async function rate(deps: Deps, number: string, last4: string, rating: string, comment?: string) {
  const a = await findByNumber(deps, number, last4);
  if (a.status !== 'feedback_given') throw conflict('该诉求当前不能评价（办理结果反馈后才能评价）', 'This appeal cannot be rated now (only after the result is fed back)');
  await deps.database.db.transaction(async (tx) => {
    await recordRequesterRating(deps, tx, null, a, new Date(), { rating, comment, method: 'self' });
  });
  return track(deps, number, last4);
}
