/**
 * Logging a visit (入户走访) from the phone. The phone's `clientId` makes every submission idempotent:
 * a retry finds the visit already made and finishes whatever it started (an appeal, a file change).
 * The visit itself is saved first, in one transaction with the plan, the household's visiting state,
 * its timeline and the audit log; what it raises follows, each step recorded on the visit, so a
 * failure in between is finished by the next retry and nothing the worker was told is saved is lost.
 */
import { randomUUID } from 'node:crypto';
import { and, asc, count, desc, eq, gte, isNull, lt, sql, type SQL } from 'drizzle-orm';
import { authorize, codeInScope, inRegion, type Actor } from '../../platform/access.js';
import { ownVisitsOnly, visitsVisible } from '../../platform/access/visits.js';
import { audit, auditInsertSql, auditRow, type RequestContext } from '../../platform/audit.js';
import { normalisePhone, type Vault } from '../../platform/crypto.js';
import { prefixKeys, prefixParameters, statement, type Database, type DbOrTx } from '../../platform/db.js';
import { AppError, badRequest, conflict, errorMessage, notFound } from '../../platform/errors.js';
import { pageOf, type PageResult } from '../../platform/schemas.js';
import { createAppeal, checkPhotos, findVisible as findVisibleAppeal, type Photo } from '../appeals/appeals.service.js';
import { householdCards, type HouseholdCard } from './visits.households.js';
import { appeals } from '../appeals/appeals.tables.js';
import { unknownCodes } from '../categories/categories.service.js';
import { activeTagCodes, HOUSEHOLD_TYPE_CODES, RISK_LEVEL_CODES } from '../households/households.config.js';
import { findHousehold, updateHousehold } from '../households/households.service.js';
import { households, people } from '../households/households.tables.js';
import { appendHouseholdEvent, eventRow, HOUSEHOLD_EVENT_INSERT } from '../households/households.timeline.js';
import { chinaDate } from './visits.plans.js';
import { cachedSettingsFor } from './visits.settings.js';
import { COUNT_VISIT, counterChanges, MET_VISITS, metVisitsParams } from './visits.counters.js';
import { visitPhotos, visits } from './visits.tables.js';

export interface Deps {
  database: Database;
  vault: Vault;
}

export const FINDINGS = ['nothing', 'on_spot', 'appeal', 'file_change', 'service'] as const;
export const SERVICE_KINDS = { fixed_point: '定点服务', home: '上门服务', proxy: '代办', assist: '帮办' } as const;
export const FINDING_NAMES: Record<(typeof FINDINGS)[number], string> = { nothing: '无异常', on_spot: '就地解决', appeal: '新诉求', file_change: '更新户档案', service: '服务' };
export const MAX_VISIT_PHOTOS = 4;
/** A phone clock may run a little fast; later than this ahead of the server is refused. */
const FUTURE_TOLERANCE_MS = 10 * 60_000;
/** Received this long after the check-in: flagged 补传 (synced late) for supervisors to see. */
const LATE_SYNC_MS = 24 * 3600_000;
/** Older than this is a phone's clock gone wrong, not a visit waiting to sync. */
const MAX_AGE_MS = 366 * 86_400_000;

export interface VisitSubmission {
  clientId: string;
  householdId: string;
  planItemId?: string;
  checkInAt: string;
  location?: { lon: number; lat: number; accuracy?: number };
  outcome: 'met' | 'nobody_home';
  metWith?: string;
  situation?: string;
  finding: (typeof FINDINGS)[number];
  findingNote?: string;
  serviceKind?: keyof typeof SERVICE_KINDS;
  appeal?: { content: string; categoryCode: string; urgency?: 'normal' | 'urgent' };
  onSpot?: { content: string; result: string; categoryCode: string };
  fileChange?: { version: number; reason: string; patch: FilePatch };
  photos?: { filename: string; mime: string; data: string }[];
}

export interface FilePatch {
  type?: string;
  tags?: string[];
  riskLevel?: string;
  riskNotes?: string | null;
}

type VisitRow = typeof visits.$inferSelect;

export interface VisitView {
  id: string;
  clientId: string;
  householdId: string;
  householdAddress: string;
  gridCode: string;
  workerName: string;
  byCadre: boolean;
  planItemId: string | null;
  window: string | null;
  checkInAt: string;
  receivedAt: string;
  outcome: string;
  metWith: string | null;
  situation: string | null;
  finding: string;
  findingNote: string | null;
  serviceKind: string | null;
  appealId: string | null;
  appealNumber: string | null;
  /** Why the appeal the visit raised could not be registered (the visit itself is kept). */
  appealError: string | null;
  changeStatus: string | null;
  conflict: { message: string; fields: { field: string; mine: unknown; current: unknown }[] } | null;
  flags: string[];
  distanceM: number | null;
  photoCount: number;
  replayed: boolean;
}

function view(v: VisitRow, address: string, replayed = false): VisitView {
  const pending = v.pendingChange as { conflict?: VisitView['conflict'] } | null;
  return {
    id: v.id,
    clientId: v.clientId,
    householdId: v.householdId,
    householdAddress: address,
    gridCode: v.gridCode,
    workerName: v.workerName,
    byCadre: v.byCadre,
    planItemId: v.planItemId,
    window: v.window,
    checkInAt: v.checkInAt.toISOString(),
    receivedAt: v.receivedAt.toISOString(),
    outcome: v.outcome,
    metWith: v.metWith,
    situation: v.situation,
    finding: v.finding,
    findingNote: v.findingNote,
    serviceKind: v.serviceKind,
    appealId: v.appealId,
    appealNumber: v.appealNumber,
    appealError: (v.pendingAppeal as { error?: string } | null)?.error ?? null,
    changeStatus: v.changeStatus,
    conflict: v.changeStatus === 'conflict' ? pending?.conflict ?? null : null,
    flags: v.flags,
    distanceM: v.distanceM,
    photoCount: v.photoCount,
    replayed,
  };
}

/** Metres between two points (haversine). */
export function distanceMeters(a: { lon: number; lat: number }, b: { lon: number; lat: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const s = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return Math.round(2 * 6_371_000 * Math.asin(Math.sqrt(s)));
}

function decodePhotos(input: VisitSubmission['photos']): Photo[] {
  const list = input ?? [];
  if (list.length > MAX_VISIT_PHOTOS) throw badRequest(`每次走访最多 ${MAX_VISIT_PHOTOS} 张照片 / at most ${MAX_VISIT_PHOTOS} photos a visit`, { field: 'photos' });
  const photos = list.map((p) => ({ filename: p.filename, mime: p.mime, data: Buffer.from(p.data, 'base64') }));
  checkPhotos(photos);
  return photos;
}

async function checkSubmission(db: DbOrTx, actor: Actor, input: VisitSubmission, now: Date): Promise<Date> {
  const at = new Date(input.checkInAt);
  if (Number.isNaN(at.getTime())) throw badRequest('走访时间格式不正确 / checkInAt is not a date-time', { field: 'checkInAt' });
  if (at.getTime() > now.getTime() + FUTURE_TOLERANCE_MS) {
    throw badRequest('走访时间晚于当前时间，请检查手机时间设置 / checkInAt is in the future; check the phone’s clock', { field: 'checkInAt' });
  }
  if (now.getTime() - at.getTime() > MAX_AGE_MS) {
    throw badRequest('走访时间早于一年前，请检查手机时间设置 / checkInAt is more than a year ago; check the phone’s clock', { field: 'checkInAt' });
  }
  if (input.outcome === 'nobody_home' && input.finding !== 'nothing') {
    throw badRequest('无人在家时只能登记“无异常” / a visit with nobody home records no finding', { field: 'finding' });
  }
  const need = (ok: unknown, field: string, what: string) => {
    if (!ok) throw new AppError('required', { field: `${what} / ${field}` });
  };
  const knownCategory = async (code: string, field: string) => {
    if ((await unknownCodes(db, [code])).length) throw new AppError('unknown_value', { field: `诉求类别 / ${field}`, value: code });
  };
  switch (input.finding) {
    case 'appeal':
      need(input.appeal?.content.trim(), 'appeal.content', '诉求内容');
      need(input.appeal?.categoryCode, 'appeal.categoryCode', '诉求类别');
      await knownCategory(input.appeal!.categoryCode, 'appeal.categoryCode');
      authorize(actor, 'appeals.create');
      break;
    case 'on_spot':
      need(input.onSpot?.content.trim(), 'onSpot.content', '问题内容');
      need(input.onSpot?.result.trim(), 'onSpot.result', '解决情况');
      need(input.onSpot?.categoryCode, 'onSpot.categoryCode', '问题类别');
      await knownCategory(input.onSpot!.categoryCode, 'onSpot.categoryCode');
      // 就地解决 is recorded by the grid worker or the community (the appeal loop's rule).
      if (!actor.roles.includes('grid_worker') && !actor.roles.includes('community_staff')) throw new AppError('forbidden');
      break;
    case 'service':
      need(input.serviceKind, 'serviceKind', '服务方式（定点、上门、代办、帮办）');
      break;
    case 'file_change': {
      authorize(actor, 'households.write');
      need(input.fileChange, 'fileChange', '户档案修改');
      need(input.fileChange!.reason.trim(), 'fileChange.reason', '修改理由');
      const p = input.fileChange!.patch;
      if (!Object.values(p).some((v) => v !== undefined)) throw badRequest('没有要修改的内容 / the file change is empty', { field: 'fileChange.patch' });
      if (p.type !== undefined && !(HOUSEHOLD_TYPE_CODES as string[]).includes(p.type)) throw new AppError('unknown_value', { field: '户类型 / type', value: p.type });
      if (p.riskLevel !== undefined && !(RISK_LEVEL_CODES as string[]).includes(p.riskLevel)) throw new AppError('unknown_value', { field: '风险等级 / riskLevel', value: p.riskLevel });
      if (p.tags) {
        const active = await activeTagCodes(db);
        const unknown = p.tags.filter((t) => !active.has(t));
        if (unknown.length) throw new AppError('unknown_value', { field: '标签 / tags', value: unknown.join('、') });
      }
      break;
    }
  }
  return at;
}

async function householdAddress(db: DbOrTx, id: string): Promise<string> {
  const [h] = await db.select({ address: households.address }).from(households).where(eq(households.id, id));
  return h?.address ?? '';
}

/** Thrown inside the insert's transaction when the same clientId was inserted meanwhile (a concurrent retry). */
class AlreadyReceived extends Error {}

/** Logs a visit; a retry with the same clientId answers the visit already made (`replayed`). */
export async function logVisit(deps: Deps, ctx: RequestContext, input: VisitSubmission, now = new Date()): Promise<VisitView> {
  const actor = ctx.actor;
  authorize(actor, 'visits.log');
  const db = deps.database.db;
  const replay = async () => {
    const [seen] = await db.select().from(visits).where(and(eq(visits.workerId, actor.id), eq(visits.clientId, input.clientId)));
    if (!seen) return null;
    if (seen.householdId !== input.householdId) throw conflict('该提交编号已用于另一户的走访', 'This submission id was already used for another household’s visit');
    const done = await finishSideEffects(deps, ctx, seen);
    return view(done, await householdAddress(db, done.householdId), true);
  };
  // A retry of a visit already received answers that visit, even where it would no longer pass the
  // checks (the household archived since, the check-in now too old). A first submission is checked
  // straight away; the insert below catches a duplicate that arrives meanwhile.
  const checked = async () => {
    const at = await checkSubmission(db, actor, input, now);
    const photos = decodePhotos(input.photos);
    const household = await findHousehold(db, actor, input.householdId);
    if (household.status !== 'active') throw conflict('该户档案已注销，不能登记走访', 'The household file is archived');
    const settings = await cachedSettingsFor(db, household.gridCode);

    const flags: string[] = [];
    let distance: number | null = null;
    if (input.location) {
      const { lon, lat } = input.location;
      if (!(lon >= 73.4 && lon <= 135.1 && lat >= 3.8 && lat <= 53.6)) throw badRequest('定位坐标不在中国境内 / the location is outside China', { field: 'location' });
      if (household.lon !== null && household.lat !== null) {
        distance = distanceMeters(input.location, { lon: household.lon, lat: household.lat });
        if (distance > settings.farMeters) flags.push('far_from_household');
      }
    } else flags.push('no_location');
    if (now.getTime() - at.getTime() > LATE_SYNC_MS) flags.push('late_sync');
    const byCadre = !actor.roles.includes('grid_worker');
    return { at, photos, household, flags, distance, byCadre };
  };
  let prepared: Awaited<ReturnType<typeof checked>>;
  try {
    prepared = await checked();
  } catch (err) {
    const earlier = await replay();
    if (earlier) return earlier;
    throw err;
  }
  const { at, photos, household, flags, distance, byCadre } = prepared;

  const id = randomUUID();
  const pendingAppeal =
    input.finding === 'appeal' ? { kind: 'appeal', ...input.appeal } : input.finding === 'on_spot' ? { kind: 'on_spot', ...input.onSpot } : null;
  let row: VisitRow;
  try {
    row = await deps.database.transaction(async (query) => {
      const met = input.outcome === 'met';
      // The plan item, the visit and the household's visiting state, in one statement. The state row's
      // lock makes two visits to one household count in turn: the counters below read after it.
      const visit: Omit<VisitRow, 'planItemId' | 'window'> = {
        id,
        clientId: input.clientId,
        householdId: household.id,
        gridCode: household.gridCode,
        workerId: actor.id,
        workerName: actor.displayName ?? actor.name,
        byCadre,
        checkInAt: at,
        lon: input.location?.lon ?? null,
        lat: input.location?.lat ?? null,
        accuracyM: input.location?.accuracy !== undefined ? Math.round(input.location.accuracy) : null,
        distanceM: distance,
        outcome: input.outcome,
        metWith: input.metWith?.trim() || null,
        situation: input.situation?.trim() || null,
        finding: input.finding,
        findingNote: input.findingNote?.trim() || null,
        serviceKind: input.finding === 'service' ? input.serviceKind! : null,
        appealId: null,
        appealNumber: null,
        pendingAppeal,
        changeStatus: input.finding === 'file_change' ? 'pending' : null,
        pendingChange: input.finding === 'file_change' ? { ...input.fileChange! } : null,
        flags,
        photoCount: photos.length,
        receivedAt: now,
      };
      const [made] = await query<{ plan_item_id: string | null; window: string | null }>(
        LOG_VISIT.text,
        LOG_VISIT.values({ ...visit, planItemId: input.planItemId ?? null, day: chinaDate(at), met }),
        LOG_VISIT.name,
      );
      if (!made) throw new AlreadyReceived();
      // The row as stored: what was written, and the plan item the statement found.
      const v: VisitRow = { ...visit, planItemId: made.plan_item_id, window: made.window };
      for (const [i, p] of photos.entries()) {
        await query(`insert into visit_photos (id, visit_id, seq, filename, mime, size, data) values ($1, $2, $3, $4, $5, $6, $7)`, [randomUUID(), id, i + 1, p.filename.slice(0, 200), p.mime, p.data.length, p.data]);
      }
      const earlier = met ? (await query<{ id: string; at: Date | string; gridCode: string }>(MET_VISITS.text, metVisitsParams({ id, householdId: household.id, checkInAt: at }), MET_VISITS.name)).map((x) => ({ ...x, at: new Date(x.at) })) : [];
      // The rest in one round trip: the plan item, the household's timeline, the counters, the audit entry.
      await query(COUNT_AND_RECORD.text, COUNT_AND_RECORD.values({
        id,
        itemId: v.planItemId,
        itemStatus: met ? 'visited' : 'nobody_home',
        ...prefixKeys('event', eventRow({
          householdId: household.id,
          gridCode: household.gridCode,
          source: 'visits',
          kind: met ? 'visit.met' : 'visit.nobody_home',
          summary: summaryOf(input, actor, byCadre),
          refType: 'visit',
          refId: id,
          data: { outcome: input.outcome, finding: input.finding, serviceKind: input.serviceKind ?? null, flags },
          actor: { id: actor.id, name: actor.displayName ?? actor.name },
          at,
        })),
        ...counterChanges({ id, gridCode: household.gridCode, checkInAt: at, outcome: input.outcome, byCadre }, earlier),
        ...auditRow(ctx, { action: 'visit.log', targetType: 'visit', targetId: id, regionCode: household.gridCode, details: { householdId: household.id, outcome: input.outcome, finding: input.finding, flags } }),
      }), COUNT_AND_RECORD.name);
      return v;
    });
  } catch (err) {
    if (!(err instanceof AlreadyReceived)) throw err;
    // The same submission arrived twice at once: the other one made the visit.
    const other = await replay();
    if (!other) throw err;
    return other;
  }
  const done = await finishSideEffects(deps, ctx, row, photos);
  return view(done, household.address);
}

/**
 * A visit's first statement: the plan item it fulfils (the one named, if it is this worker's for this
 * household and not swapped out; else the household's open item on that day's plan), the visit, and
 * the household's visiting state, only when the visit is new (a retry's insert does nothing).
 * A later nobody-home never undoes a visit that met somebody; windows tried in vain count only since
 * the last visit that met somebody.
 */
const LOG_VISIT = statement(`
  with item as (
    select id, "window" from (
      select i.id, i."window", 0 as pref from visit_plan_items i join visit_plans p on p.id = i.plan_id
      where i.id = :planItemId::uuid and p.worker_id = :workerId::uuid and i.household_id = :householdId::uuid and i.status <> 'swapped_out'
      union all
      (select i.id, i."window", 1 from visit_plan_items i join visit_plans p on p.id = i.plan_id
       where p.worker_id = :workerId::uuid and i.date = :day::date and i.household_id = :householdId::uuid and i.status in ('planned', 'nobody_home')
       limit 1)
    ) x order by pref limit 1),
  v as (
    insert into visits (id, client_id, household_id, grid_code, worker_id, worker_name, by_cadre, plan_item_id, "window", check_in_at, lon, lat,
                        accuracy_m, distance_m, outcome, met_with, situation, finding, finding_note, service_kind, pending_appeal, change_status,
                        pending_change, flags, photo_count, received_at)
    values (:id::uuid, :clientId, :householdId::uuid, :gridCode, :workerId::text, :workerName, :byCadre::boolean, (select id from item), (select "window" from item),
            :checkInAt::timestamptz, :lon::double precision, :lat::double precision, :accuracyM::int, :distanceM::int, :outcome, :metWith, :situation, :finding,
            :findingNote, :serviceKind, :pendingAppeal::jsonb, :changeStatus, :pendingChange::jsonb, :flags::text[], :photoCount::int, :receivedAt::timestamptz)
    on conflict (worker_id, client_id) do nothing
    returning plan_item_id, "window", household_id, grid_code, check_in_at, by_cadre),
  state as (
    insert into household_visit_state as s (household_id, grid_code, last_visit_at, last_cadre_visit_at, last_attempt_at, nobody_home_windows, visits)
    select household_id, grid_code, case when :met::boolean then check_in_at end, case when :met::boolean and by_cadre then check_in_at end, check_in_at,
           case when not :met::boolean and "window" is not null then array["window"]::text[] else '{}'::text[] end, case when :met::boolean then 1 else 0 end
    from v
    on conflict (household_id) do update set
      grid_code = excluded.grid_code,
      last_visit_at = greatest(s.last_visit_at, excluded.last_visit_at),
      last_cadre_visit_at = greatest(s.last_cadre_visit_at, excluded.last_cadre_visit_at),
      last_attempt_at = greatest(s.last_attempt_at, excluded.last_attempt_at),
      nobody_home_windows = case
        when excluded.visits = 1 then case when s.last_visit_at is null or s.last_visit_at < excluded.last_visit_at then '{}'::text[] else s.nobody_home_windows end
        when cardinality(excluded.nobody_home_windows) = 1 and (s.last_visit_at is null or s.last_visit_at < excluded.last_attempt_at)
             and not (excluded.nobody_home_windows[1] = any(s.nobody_home_windows)) then s.nobody_home_windows || excluded.nobody_home_windows
        else s.nobody_home_windows end,
      visits = s.visits + excluded.visits)
  select plan_item_id, "window" from v`);

/** A visit's second statement: its plan item's status, the household's timeline, the counters and the audit entry. */
const COUNT_AND_RECORD = statement(`
  with item as (update visit_plan_items set status = :itemStatus, visit_id = :id::uuid where id = :itemId::uuid and status <> 'visited'),
  event as (${prefixParameters(HOUSEHOLD_EVENT_INSERT, 'event')}),
  ${COUNT_VISIT}
  ${auditInsertSql()}`);

/** One line for the household's timeline: who and what, never free text (names, numbers) from the form. */
function summaryOf(input: VisitSubmission, actor: Actor, byCadre: boolean): string {
  const who = `${byCadre ? '干部' : '网格员'}${actor.displayName ?? actor.name}`;
  if (input.outcome === 'nobody_home') return `${who}入户走访，无人在家`;
  const found =
    input.finding === 'service' ? `，提供${SERVICE_KINDS[input.serviceKind!]}` : input.finding === 'nothing' ? '' : `，${FINDING_NAMES[input.finding]}`;
  return `${who}入户走访${found}`;
}

interface PendingAppeal {
  kind: 'appeal' | 'on_spot';
  content: string;
  categoryCode: string;
  urgency?: 'normal' | 'urgent';
  result?: string;
  /** Why the appeal could not be made (a permanent refusal), shown on the visit. */
  error?: string;
}

/**
 * The appeal and the file change a visit raised: made once, recorded on the visit. The appeal takes
 * the visit's id, so two attempts at once (a retry racing the first try) cannot make two appeals.
 */
async function finishSideEffects(deps: Deps, ctx: RequestContext, v: VisitRow, photos?: Photo[]): Promise<VisitRow> {
  const db = deps.database.db;
  let row = v;
  const pending = row.pendingAppeal as PendingAppeal | null;
  if (pending && !row.appealId && !pending.error) {
    let appeal: { id: string; number: string } | undefined;
    const [existing] = await db.select({ id: appeals.id, number: appeals.number }).from(appeals).where(eq(appeals.id, row.id));
    if (existing) appeal = existing;
    else {
      const [h] = await db.select({ address: households.address }).from(households).where(eq(households.id, row.householdId));
      const stored = photos ?? (await db.select().from(visitPhotos).where(eq(visitPhotos.visitId, row.id)).orderBy(asc(visitPhotos.seq))).map((p) => ({ filename: p.filename, mime: p.mime, data: p.data }));
      try {
        appeal = await createAppeal(
          { database: deps.database, vault: deps.vault },
          { ctx, source: 'visit' },
          {
            id: row.id,
            channel: 'visit',
            requester: await requesterOf(deps, ctx, row),
            content: pending.content,
            categoryCode: pending.categoryCode,
            urgency: pending.urgency,
            placeCode: row.gridCode,
            address: h?.address,
            photos: stored,
            solvedOnSpot: pending.kind === 'on_spot' ? { result: pending.result! } : undefined,
          },
        );
      } catch (err) {
        const [raced] = await db.select({ id: appeals.id, number: appeals.number }).from(appeals).where(eq(appeals.id, row.id));
        if (raced) appeal = raced;
        else if (err instanceof AppError && err.status < 500) {
          // Refused for good (a category retired meanwhile, a scope change): the visit stays, with why.
          [row] = await db
            .update(visits)
            .set({ pendingAppeal: { ...pending, error: errorMessage(err.code, err.params, 'zh-CN') } })
            .where(eq(visits.id, row.id))
            .returning();
          return row;
        } else throw err;
      }
    }
    const made = appeal!;
    await db.transaction(async (tx) => {
      const [linked] = await tx.update(visits).set({ appealId: made.id, appealNumber: made.number }).where(and(eq(visits.id, row.id), isNull(visits.appealId))).returning();
      if (!linked) {
        [row] = await tx.select().from(visits).where(eq(visits.id, row.id));
        return;
      }
      row = linked;
      await appendHouseholdEvent(tx, {
        householdId: row.householdId,
        gridCode: row.gridCode,
        source: 'appeals',
        kind: pending.kind === 'on_spot' ? 'appeal.solved_on_spot' : 'appeal.registered',
        summary: pending.kind === 'on_spot' ? `入户走访中就地解决问题（${made.number}）` : `入户走访中登记诉求 ${made.number}`,
        refType: 'appeal',
        refId: made.id,
        data: { number: made.number, visitId: row.id, categoryCode: pending.categoryCode },
        actor: { id: ctx.actor.id, name: ctx.actor.displayName ?? ctx.actor.name },
      });
    });
  }
  if (row.changeStatus === 'pending') row = await applyChange(deps, ctx, row, null);
  return row;
}

/**
 * The appeal's requester: the head of the household (or the first member with a valid phone), who
 * hears the outcome by SMS. Reading the phone to address the appeal is recorded in the audit log.
 */
async function requesterOf(deps: Deps, ctx: RequestContext, v: VisitRow) {
  const db = deps.database.db;
  const [h] = await db.select({ head: households.headPersonId }).from(households).where(eq(households.id, v.householdId));
  const members = await db
    .select({ id: people.id, name: people.name, phoneEnc: people.phoneEnc })
    .from(people)
    .where(and(eq(people.householdId, v.householdId), eq(people.status, 'active')))
    .orderBy(sql`${people.id} = ${h?.head ?? null} desc`, asc(people.birthDate));
  for (const m of members) {
    if (!m.phoneEnc) continue;
    const phone = normalisePhone(deps.vault.decrypt(m.phoneEnc));
    if (!phone) continue;
    await audit(db, ctx, { action: 'visit.requester_contact', targetType: 'person', targetId: m.id, regionCode: v.gridCode, details: { visitId: v.id, field: 'phone' } });
    return { kind: 'resident' as const, name: m.name, phone };
  }
  return { kind: 'anonymous' as const };
}

/** Applies a visit's file change; against a stale version it records a conflict for the worker to resolve. */
async function applyChange(deps: Deps, ctx: RequestContext, v: VisitRow, version: number | null): Promise<VisitRow> {
  const db = deps.database.db;
  const change = v.pendingChange as { version: number; reason: string; patch: FilePatch };
  try {
    // The change and its mark on the visit land together: a retry never finds one without the other.
    let row: VisitRow | undefined;
    await updateHousehold({ database: deps.database, pii: deps.vault }, ctx, v.householdId, { ...change.patch, version: version ?? change.version, reason: `入户走访：${change.reason}` }, async (tx) => {
      [row] = await tx
        .update(visits)
        .set({ changeStatus: 'applied', pendingChange: { version: change.version, reason: change.reason, patch: change.patch } })
        .where(eq(visits.id, v.id))
        .returning();
    });
    return row!;
  } catch (err) {
    if (!(err instanceof AppError) || err.status >= 500) throw err;
    const [current] = await db.select().from(households).where(eq(households.id, v.householdId));
    const fields = Object.entries(change.patch)
      .filter(([, mine]) => mine !== undefined)
      .map(([field, mine]) => ({ field, mine, current: (current as Record<string, unknown> | undefined)?.[field] ?? null }));
    const message =
      err.code === 'stale_version'
        ? `户档案在您走访后已被他人修改（您依据第 ${change.version} 版，现为第 ${current?.version} 版），请确认是否仍按您的记录修改`
        : errorMessage(err.code, err.params, 'zh-CN');
    const [row] = await db
      .update(visits)
      .set({ changeStatus: 'conflict', pendingChange: { ...change, conflict: { message, fields } } })
      .where(eq(visits.id, v.id))
      .returning();
    return row;
  }
}

export async function resolveConflict(deps: Deps, ctx: RequestContext, id: string, action: 'apply' | 'discard'): Promise<VisitView> {
  const db = deps.database.db;
  const v = await findVisit(db, ctx.actor, id);
  if (v.changeStatus !== 'conflict') throw conflict('这次走访没有待处理的户档案修改冲突', 'This visit has no file change waiting to be resolved');
  if (v.workerId !== ctx.actor.id) authorize(ctx.actor, 'households.write');
  let row: VisitRow;
  if (action === 'discard') {
    const [r] = await db.update(visits).set({ changeStatus: 'discarded' }).where(and(eq(visits.id, id), eq(visits.changeStatus, 'conflict'))).returning();
    if (!r) throw conflict('这次走访的户档案修改已处理', 'This visit’s file change was already resolved');
    row = r;
    await audit(db, ctx, { action: 'visit.change_discarded', targetType: 'visit', targetId: id, regionCode: v.gridCode });
  } else {
    // Claim the conflict first, so two people resolving at once apply it once.
    const [claimed] = await db.update(visits).set({ changeStatus: 'pending' }).where(and(eq(visits.id, id), eq(visits.changeStatus, 'conflict'))).returning();
    if (!claimed) throw conflict('这次走访的户档案修改已处理', 'This visit’s file change was already resolved');
    const [h] = await db.select({ version: households.version }).from(households).where(eq(households.id, v.householdId));
    row = await applyChange(deps, ctx, claimed, h.version);
  }
  return view(row, await householdAddress(db, row.householdId));
}

export async function findVisit(db: DbOrTx, actor: Actor, id: string): Promise<VisitRow> {
  authorize(actor, 'visits.read');
  const [v] = await db.select().from(visits).where(and(eq(visits.id, id), visitsVisible(actor, visits.gridCode)));
  if (!v) throw notFound('走访记录', 'The visit');
  return v;
}

export async function getVisit(deps: Deps, actor: Actor, id: string): Promise<VisitView> {
  const v = await findVisit(deps.database.db, actor, id);
  return view(v, await householdAddress(deps.database.db, v.householdId));
}

export async function visitPhoto(deps: Deps, actor: Actor, id: string, seq: number) {
  const v = await findVisit(deps.database.db, actor, id);
  const [p] = await deps.database.db.select().from(visitPhotos).where(and(eq(visitPhotos.visitId, v.id), eq(visitPhotos.seq, seq)));
  if (!p) throw notFound('照片', 'The photo');
  return p;
}

export interface VisitFilter {
  regionCode?: string;
  workerId?: string;
  householdId?: string;
  from?: string;
  to?: string;
  outcome?: string;
  finding?: string;
  flagged?: boolean;
  page?: number;
  pageSize?: number;
}

/** China dates [from, to] inclusive as an instant range. */
export function dayRange(from: string, to: string): { start: Date; end: Date } {
  const start = new Date(`${from}T00:00:00+08:00`);
  const end = new Date(new Date(`${to}T00:00:00+08:00`).getTime() + 86_400_000);
  if (Number.isNaN(start.getTime()) || Number.isNaN(end.getTime())) throw badRequest('日期格式不正确（YYYY-MM-DD）/ dates are YYYY-MM-DD', { field: 'from/to' });
  if (end <= start) throw badRequest('结束日期早于开始日期 / the period ends before it starts', { field: 'to' });
  return { start, end };
}

export async function listVisits(deps: Deps, actor: Actor, f: VisitFilter): Promise<PageResult<VisitView>> {
  authorize(actor, 'visits.read');
  const db = deps.database.db;
  const { page, pageSize, offset } = pageOf(f);
  const conds: (SQL | undefined)[] = [visitsVisible(actor, visits.gridCode)];
  if (f.regionCode) {
    if (!codeInScope(actor, f.regionCode)) throw notFound(`区域 ${f.regionCode} `, `Region ${f.regionCode}`);
    conds.push(inRegion(visits.gridCode, f.regionCode));
  }
  // A grid worker's list is their own visits unless they ask for a household's.
  if (ownVisitsOnly(actor, !!f.householdId)) conds.push(eq(visits.workerId, actor.id));
  if (f.workerId) conds.push(eq(visits.workerId, f.workerId));
  if (f.householdId) conds.push(eq(visits.householdId, f.householdId));
  if (f.from || f.to) {
    const { start, end } = dayRange(f.from ?? '2000-01-01', f.to ?? chinaDate());
    conds.push(gte(visits.checkInAt, start), lt(visits.checkInAt, end));
  }
  if (f.outcome) conds.push(eq(visits.outcome, f.outcome));
  if (f.finding) conds.push(eq(visits.finding, f.finding));
  if (f.flagged) conds.push(sql`cardinality(${visits.flags}) > 0`);
  const where = and(...conds);
  const [rows, [{ n }]] = await Promise.all([
    db
      .select({ v: visits, address: households.address })
      .from(visits)
      .leftJoin(households, eq(households.id, visits.householdId))
      .where(where)
      .orderBy(desc(visits.checkInAt), desc(visits.id))
      .limit(pageSize)
      .offset(offset),
    db.select({ n: count() }).from(visits).where(where),
  ]);
  return { items: rows.map((r) => view(r.v, r.address ?? '')), total: Number(n), page, pageSize };
}

/**
 * The household an appeal raised at its door links (the appeal carries the visit's id): whoever may
 * see the appeal — the department it was dispatched to among them — sees the household's card (address,
 * type, members' names and masked phones; no ID numbers), and the view is audited. Departments see no
 * other household files.
 */
export async function appealHousehold(deps: Deps, ctx: RequestContext, appealId: string): Promise<HouseholdCard> {
  const db = deps.database.db;
  const appeal = await findVisibleAppeal(db, ctx.actor, appealId);
  if (!appeal) throw notFound('诉求', 'The appeal');
  const [v] = appeal.source === 'visit' ? await db.select({ householdId: visits.householdId }).from(visits).where(eq(visits.id, appeal.id)) : [];
  if (!v) throw notFound('诉求关联的户档案', 'A household linked to this appeal');
  const [card] = await householdCards(db, [v.householdId]);
  if (!card) throw notFound('诉求关联的户档案', 'A household linked to this appeal');
  await audit(db, ctx, { action: 'household.view_via_appeal', targetType: 'household', targetId: card.id, regionCode: card.gridCode, details: { appealId } });
  return card;
}
