/**
 * Recording a visit (入户走访) from the phone: the one write path. Its way through the code:
 *
 *   border   visits.log, the submission's checks, and the household found in the caller's grid scope
 *            (platform/access/households.ts through households' findHousehold) — the only scope check
 *   in one transaction, the visit's own rows and the lines it writes in other modules' rows:
 *     1. saveVisit        the visit, the plan item it fulfils, the household's visiting state
 *     2. savePhotos       its photos
 *     3. countAndRecord   the plan item's status, the household's timeline (households.timeline's
 *                         statement), the area counters (visits.counters), the audit entry
 *   then, each made once and recorded on the visit (visits.followups.ts):
 *     4. raiseAppeal      the appeal a finding asks for (appeals' createAppeal)
 *     5. applyFileChange  the file change a finding asks for (households' applyFilePatch)
 *
 * The phone's `clientId` makes every submission idempotent: a retry finds the visit already made and
 * finishes whatever it started, so a failure between the transaction and the follow-ups is finished by
 * the next retry and nothing the worker was told is saved is lost.
 */
import { randomUUID } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import { authorize, type Actor } from '../../platform/access.js';
import { auditInsertSql, auditRow, type RequestContext } from '../../platform/audit.js';
import { prefixKeys, prefixParameters, statement, type DbOrTx, type RawQuery as Query } from '../../platform/db.js';
import { badRequest, conflict } from '../../platform/errors.js';
import type { Photo } from '../appeals/appeals.service.js';
import { findHousehold, type HouseholdRow } from '../households/households.service.js';
import { eventRow, HOUSEHOLD_EVENT_INSERT } from '../households/households.timeline.js';
import { COUNT_VISIT, counterChanges, MET_VISITS, metVisitsParams } from './visits.counters.js';
import { followUp } from './visits.followups.js';
import { chinaDate } from './visits.plans.js';
import { view, viewOf, type VisitRow, type VisitView } from './visits.read.js';
import { namesOf as placeNamesOf } from '../regions/regions.service.js';
import { cachedSettingsFor } from './visits.settings.js';
import { checkSubmission, decodePhotos, distanceMeters, FINDING_NAMES, LATE_SYNC_MS, SERVICE_KINDS, type Deps, type VisitSubmission } from './visits.submission.js';
import { visits } from './visits.tables.js';

/** Thrown inside the insert's transaction when the same clientId was inserted meanwhile (a concurrent retry). */
class AlreadyReceived extends Error {}

/** What the border found: the household in scope, and what the checks derived from the submission. */
interface Admitted {
  at: Date;
  photos: Photo[];
  household: HouseholdRow;
  flags: string[];
  distance: number | null;
  byCadre: boolean;
}

/** Records a visit; a retry with the same clientId answers the visit already made (`replayed`). */
export async function recordVisit(deps: Deps, ctx: RequestContext, input: VisitSubmission, now = new Date()): Promise<VisitView> {
  authorize(ctx.actor, 'visits.log');
  // A retry of a visit already received answers that visit, even where it would no longer pass the
  // checks (the household archived since, the check-in now too old). A first submission is checked
  // straight away; the insert catches a duplicate that arrives meanwhile.
  let admitted: Admitted;
  try {
    admitted = await admit(deps, ctx.actor, input, now);
  } catch (err) {
    const earlier = await replay(deps, ctx, input);
    if (earlier) return earlier;
    throw err;
  }
  let row: VisitRow;
  try {
    row = await deps.database.transaction(async (query) => {
      const v = await saveVisit(query, ctx.actor, input, admitted, now);
      await savePhotos(query, v.id, admitted.photos);
      await countAndRecord(query, ctx, input, admitted, v);
      return v;
    });
  } catch (err) {
    if (!(err instanceof AlreadyReceived)) throw err;
    // The same submission arrived twice at once: the other one made the visit.
    const other = await replay(deps, ctx, input);
    if (!other) throw err;
    return other;
  }
  const done = await followUp(deps, ctx, row, admitted.photos);
  return view(done, admitted.household.address, (await placeNamesOf(deps.database.db, [done.gridCode])).get(done.gridCode) ?? '');
}

/** The visit this worker already made with this clientId, its follow-ups finished; null when there is none. */
async function replay(deps: Deps, ctx: RequestContext, input: VisitSubmission): Promise<VisitView | null> {
  const db = deps.database.db;
  const [seen] = await db.select().from(visits).where(and(eq(visits.workerId, ctx.actor.id), eq(visits.clientId, input.clientId)));
  if (!seen) return null;
  if (seen.householdId !== input.householdId) throw conflict('该提交编号已用于另一户的走访', 'This submission id was already used for another household’s visit');
  const done = await followUp(deps, ctx, seen);
  return viewOf(db, done, true);
}

/** The border: the submission's checks, and the household in the caller's scope (else 404). */
async function admit(deps: Deps, actor: Actor, input: VisitSubmission, now: Date): Promise<Admitted> {
  const db = deps.database.db;
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
  return { at, photos, household, flags, distance, byCadre: !actor.roles.includes('grid_worker') };
}

/**
 * Step 1: the plan item, the visit and the household's visiting state, in one statement. The state
 * row's lock makes two visits to one household count in turn: the counters of step 3 read after it.
 */
async function saveVisit(query: Query, actor: Actor, input: VisitSubmission, a: Admitted, now: Date): Promise<VisitRow> {
  const pendingAppeal =
    input.finding === 'appeal' ? { kind: 'appeal', ...input.appeal } : input.finding === 'on_spot' ? { kind: 'on_spot', ...input.onSpot } : null;
  const visit: Omit<VisitRow, 'planItemId' | 'window'> = {
    id: randomUUID(),
    clientId: input.clientId,
    householdId: a.household.id,
    gridCode: a.household.gridCode,
    workerId: actor.id,
    workerName: actor.displayName ?? actor.name,
    byCadre: a.byCadre,
    checkInAt: a.at,
    lon: input.location?.lon ?? null,
    lat: input.location?.lat ?? null,
    accuracyM: input.location?.accuracy !== undefined ? Math.round(input.location.accuracy) : null,
    distanceM: a.distance,
    outcome: input.outcome,
    metWith: input.metWith?.trim() || null,
    situation: input.situation?.trim() || null,
    finding: input.finding,
    findingNote: input.findingNote?.trim() || null,
    serviceKind: input.finding === 'service' ? input.serviceKind! : null,
    disputeSummary: input.finding === 'dispute' ? input.dispute!.summary.trim() : null,
    mediationCaseId: null,
    mediationCaseNumber: null,
    appealId: null,
    appealNumber: null,
    pendingAppeal,
    changeStatus: input.finding === 'file_change' ? 'pending' : null,
    pendingChange: input.finding === 'file_change' ? { ...input.fileChange! } : null,
    flags: a.flags,
    photoCount: a.photos.length,
    receivedAt: now,
  };
  const [made] = await query<{ plan_item_id: string | null; window: string | null }>(
    LOG_VISIT.text,
    LOG_VISIT.values({ ...visit, planItemId: input.planItemId ?? null, day: chinaDate(a.at), met: input.outcome === 'met' }),
    LOG_VISIT.name,
  );
  if (!made) throw new AlreadyReceived();
  // The row as stored: what was written, and the plan item the statement found.
  return { ...visit, planItemId: made.plan_item_id, window: made.window };
}

/** Step 2. */
async function savePhotos(query: Query, visitId: string, photos: Photo[]): Promise<void> {
  for (const [i, p] of photos.entries()) {
    await query(`insert into visit_photos (id, visit_id, seq, filename, mime, size, data) values ($1, $2, $3, $4, $5, $6, $7)`, [randomUUID(), visitId, i + 1, p.filename.slice(0, 200), p.mime, p.data.length, p.data]);
  }
}

/**
 * Step 3, in one round trip: the plan item's status, the household's timeline, the counters, the
 * audit entry. Each part is the owning module's SQL (households.timeline, visits.counters, platform/audit).
 */
async function countAndRecord(query: Query, ctx: RequestContext, input: VisitSubmission, a: Admitted, v: VisitRow): Promise<void> {
  const { actor } = ctx;
  const { household, byCadre, flags, at } = a;
  const met = input.outcome === 'met';
  const earlier = met ? (await query<{ id: string; at: Date | string; gridCode: string }>(MET_VISITS.text, metVisitsParams({ id: v.id, householdId: household.id, checkInAt: at }), MET_VISITS.name)).map((x) => ({ ...x, at: new Date(x.at) })) : [];
  await query(COUNT_AND_RECORD.text, COUNT_AND_RECORD.values({
    id: v.id,
    itemId: v.planItemId,
    itemStatus: met ? 'visited' : 'nobody_home',
    ...prefixKeys('event', eventRow({
      householdId: household.id,
      gridCode: household.gridCode,
      source: 'visits',
      kind: met ? 'visit.met' : 'visit.nobody_home',
      summary: summaryOf(input, actor, byCadre),
      refType: 'visit',
      refId: v.id,
      data: { outcome: input.outcome, finding: input.finding, serviceKind: input.serviceKind ?? null, flags },
      actor: { id: actor.id, name: actor.displayName ?? actor.name },
      at,
    })),
    ...counterChanges({ id: v.id, gridCode: household.gridCode, checkInAt: at, outcome: input.outcome, byCadre }, earlier),
    ...auditRow(ctx, { action: 'visit.log', targetType: 'visit', targetId: v.id, regionCode: household.gridCode, details: { householdId: household.id, outcome: input.outcome, finding: input.finding, flags } }),
  }), COUNT_AND_RECORD.name);
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
                        accuracy_m, distance_m, outcome, met_with, situation, finding, finding_note, service_kind, dispute_summary, pending_appeal, change_status,
                        pending_change, flags, photo_count, received_at)
    values (:id::uuid, :clientId, :householdId::uuid, :gridCode, :workerId::text, :workerName, :byCadre::boolean, (select id from item), (select "window" from item),
            :checkInAt::timestamptz, :lon::double precision, :lat::double precision, :accuracyM::int, :distanceM::int, :outcome, :metWith, :situation, :finding,
            :findingNote, :serviceKind, :disputeSummary, :pendingAppeal::jsonb, :changeStatus, :pendingChange::jsonb, :flags::text[], :photoCount::int, :receivedAt::timestamptz)
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

/**
 * 转人民调解: the mediation module notes on the visit the case opened from it, in the case's own
 * transaction, so the visit's figures can say how many disputes found at the door went to mediation.
 * The first case stays noted: a second case citing the same visit does not replace it.
 */
export async function noteMediationCase(tx: DbOrTx, visitId: string, c: { id: string; number: string }): Promise<void> {
  await tx.update(visits).set({ mediationCaseId: c.id, mediationCaseNumber: c.number }).where(and(eq(visits.id, visitId), isNull(visits.mediationCaseId)));
}
