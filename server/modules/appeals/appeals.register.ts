/**
 * Registration (登记): where an appeal belongs, its number, its first event, the requester's message
 * and the desks' notifications, in one statement; with photos or solved on the spot, in one transaction.
 */
import { randomUUID } from 'node:crypto';
import { eq, getTableColumns } from 'drizzle-orm';
import { authorize, codeInScope } from '../../platform/access.js';
import { auditInsertSql, auditRow, NO_AUDIT_ROW, type RequestContext } from '../../platform/audit.js';
import { newToken } from '../../platform/auth.js';
import { maskPhone, normalisePhone } from '../../platform/crypto.js';
import { prefixKeys, rowFromRaw, rows, statement, statementSql, type DbOrTx, type Tx } from '../../platform/db.js';
import { AppError, notFound } from '../../platform/errors.js';
import { localParts } from '../calendar/calendar.time.js';
import { unknownCodes } from '../categories/categories.service.js';
import { gridAt } from '../grids/grids.locate.js';
import { exists as regionExists } from '../regions/regions.service.js';
import { applyRule } from './appeals.events.js';
import { ensureNumberSequence } from './appeals.numbers.js';
import { claimKey, IdempotentReplay, replayOf, type IdempotencyKey } from './appeals.idempotency.js';
import { acceptLimitFor, type Urgency } from './appeals.limits.js';
import { minutesOf } from './appeals.clock.js';
import { workCalendar } from '../calendar/calendar.service.js';
import { dueAt, minutesPerWorkingDay } from '../calendar/calendar.time.js';
import { requesterMessage } from './appeals.sms.js';
import type { AppealRow, Deps } from './appeals.repo.js';
import { appealAttachments, appeals } from './appeals.tables.js';
import { ACTIONS } from './appeals.workflow.js';

export const CHANNELS = ['visit', 'listening_point', 'hotline', 'qr', 'photo', 'patrol', 'deliberation', 'enterprise', 'petition', '12345', 'other'] as const;
export type Channel = (typeof CHANNELS)[number];
export const CHANNEL_NAMES: Record<Channel, string> = {
  visit: '入户走访',
  listening_point: '听诉点',
  hotline: '书记热线',
  qr: '码上解',
  photo: '随手拍',
  patrol: '巡查',
  deliberation: '议事会',
  enterprise: '企业',
  petition: '信访',
  '12345': '12345',
  other: '其他',
};
/** Channels whose appeals count as collected by grid workers and patrols (就地解决率's denominator). */
export const FIELD_CHANNELS: Channel[] = ['visit', 'patrol', 'photo'];


// China's mainland, roughly: coordinates outside are a mistake, not an appeal.
const CHINA = { west: 73.4, east: 135.1, south: 3.8, north: 53.6 };

export interface Photo {
  filename: string;
  mime: string;
  data: Buffer;
}

const PHOTO_TYPES: Record<string, (b: Buffer) => boolean> = {
  'image/jpeg': (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  'image/png': (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  'image/webp': (b) => b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP',
};
export const MAX_PHOTO_BYTES = 5 * 1024 * 1024;
const MAX_PHOTOS = 9;

export function checkPhotos(photos: Photo[]): void {
  if (photos.length > MAX_PHOTOS) throw new AppError('too_many_photos', { max: MAX_PHOTOS });
  photos.forEach((p, i) => {
    const check = PHOTO_TYPES[p.mime];
    if (!check) throw new AppError('unsupported_media_type', { type: `${p.mime}（照片 ${i + 1}，仅支持 JPEG、PNG、WebP）`, typeEn: `${p.mime} (photo ${i + 1}: JPEG, PNG or WebP only)` });
    if (p.data.length > MAX_PHOTO_BYTES) throw new AppError('payload_too_large', { limit: `${MAX_PHOTO_BYTES / 1024 / 1024} MiB / 张` });
    if (p.data.length === 0 || !check(p.data)) throw new AppError('photo_invalid', { index: i + 1 });
  });
}

// ---------------------------------------------------------------------------------------------
// Registration

export interface CreateInput {
  channel: Channel;
  requester: { kind: 'resident' | 'enterprise' | 'anonymous'; name?: string; phone?: string; enterpriseName?: string };
  title?: string;
  content: string;
  categoryCode: string;
  urgency?: Urgency;
  tags?: string[];
  location?: { lon: number; lat: number };
  address?: string;
  /** Where the appeal belongs when it has no point: a grid, village or township code (the QR page's place). */
  placeCode?: string;
  photos?: Photo[];
  /** Registered already solved on the spot (就地解决) by the grid worker or community. */
  solvedOnSpot?: { result: string };
  /**
   * The appeal's id, when the caller needs creation to be idempotent (a visit raises its appeal under
   * the visit's id: a retry that finds the id taken creates nothing).
   */
  id?: string;
  /** A step a higher module handed over (`onAppealRegister`), run in the registration's transaction. */
  registerStep?: { name: string; payload: unknown };
}

/**
 * A step a higher module runs inside the registration's transaction, so the appeal and the module's
 * own row are written together or not at all (the enterprise row of an enterprise appeal). Handed
 * over at app build, like `onAppealStatus`, so appeals imports no higher module.
 */
export type RegisterStep = (tx: Tx, ctx: RequestContext | null, appeal: AppealRow, payload: unknown) => Promise<void>;
const registerSteps = new Map<string, RegisterStep>();
export function onAppealRegister(name: string, step: RegisterStep): void {
  registerSteps.set(name, step);
}

interface Placement {
  gridCode: string | null;
  regionCode: string;
  townshipCode: string;
}

async function place(deps: Deps, input: CreateInput): Promise<Placement> {
  const db = deps.database.db;
  if (input.location) {
    const { lon, lat } = input.location;
    if (!(lon >= CHINA.west && lon <= CHINA.east && lat >= CHINA.south && lat <= CHINA.north)) {
      throw new AppError('appeal_outside_china', {}, { field: 'location' });
    }
    const g = await gridAt(db, lon, lat);
    // A point in another township than the place given (a phone's GPS near a boundary, a QR poster of
    // this community) does not move the appeal away from the desk it was addressed to.
    const here = input.placeCode?.slice(0, 9);
    if (g && (!here || here.length < 9 || g.code.startsWith(input.placeCode!.slice(0, Math.min(12, input.placeCode!.length))))) {
      return { gridCode: g.code, regionCode: g.code, townshipCode: g.code.slice(0, 9) };
    }
  }
  const code = input.placeCode;
  if (code && code.length >= 9 && (await regionExists(db, code))) {
    if (code.length === 15) return { gridCode: code, regionCode: code, townshipCode: code.slice(0, 9) };
    // Outside every grid: the township's queue, to be placed by hand.
    return { gridCode: null, regionCode: code.slice(0, 9), townshipCode: code.slice(0, 9) };
  }
  if (code) throw notFound(`地点 ${code} `, `Place ${code}`);
  throw new AppError('appeal_place_missing', {}, { field: 'location' });
}

export interface Creator {
  ctx: RequestContext | null;
  /** 'public' for the residents' QR page, 'open311' for integrations. */
  source: 'console' | 'public' | 'open311' | 'visit';
  ip?: string | null;
  /** The caller's Idempotency-Key: claimed in the appeal's transaction (see appeals.idempotency.ts). */
  idempotency?: IdempotencyKey;
}

/**
 * createAppeal with the caller's idempotency key: a retry of a request that already registered gets
 * that appeal back (`replayed`), even when it raced the first one.
 */
export async function createAppealOnce(deps: Deps, creator: Creator, input: CreateInput): Promise<{ row: AppealRow; replayed: boolean }> {
  if (!creator.idempotency) return { row: await createAppeal(deps, creator, input), replayed: false };
  const db = deps.database.db;
  const load = async (id: string) => (await db.select().from(appeals).where(eq(appeals.id, id)))[0];
  const prior = await replayOf(db, creator.idempotency);
  if (prior) return { row: await load(prior), replayed: true };
  try {
    return { row: await createAppeal(deps, creator, input), replayed: false };
  } catch (err) {
    if (err instanceof IdempotentReplay) return { row: await load(err.appealId), replayed: true };
    throw err;
  }
}

export async function createAppeal(deps: Deps, creator: Creator, input: CreateInput): Promise<AppealRow> {
  const { database } = deps;
  const actor = creator.ctx?.actor ?? null;
  if (actor) authorize(actor, 'appeals.create');
  const content = input.content.trim();
  if (!content) throw new AppError('required', { field: 'content' });
  if ((await unknownCodes(database.db, [input.categoryCode])).length) {
    throw new AppError('unknown_value', { field: 'categoryCode', value: input.categoryCode });
  }
  let phone: string | null = null;
  const r = input.requester;
  if (r.kind !== 'anonymous') {
    if (!r.phone) throw new AppError('required', { field: 'requester.phone' });
    phone = normalisePhone(r.phone);
    if (!phone) throw new AppError('invalid_phone', { field: 'requester.phone', reason: '格式不正确', reasonEn: 'it is not a mobile or landline number' });
    if (r.kind === 'enterprise' && !r.enterpriseName?.trim()) throw new AppError('required', { field: 'requester.enterpriseName' });
  }
  const photos = input.photos ?? [];
  checkPhotos(photos);
  const followUp = input.registerStep ? registerSteps.get(input.registerStep.name) : undefined;
  if (input.registerStep && !followUp) throw new Error(`no register step named ${input.registerStep.name}`);
  if (input.solvedOnSpot && (!actor || !(actor.roles.includes('grid_worker') || actor.roles.includes('community_staff')))) {
    throw new AppError('appeal_not_solvable_by_you');
  }
  const placement = await place(deps, input);
  if (actor && !codeInScope(actor, placement.regionCode)) throw new AppError('out_of_scope', { what: '该位置', whatEn: 'This location' });

  const now = new Date();
  const id = input.id ?? randomUUID();
  const title = (input.title?.trim() || content.replace(/\s+/g, ' ').slice(0, 40)).slice(0, 100);
  const registration: Registration = {
    id,
    creator,
    input,
    content,
    title,
    phone,
    placement,
    // Before any transaction: creating a county's sequence the first time takes its own.
    sequence: await ensureNumberSequence(database, placement.townshipCode.slice(0, 6)),
    at: now,
    accept: input.solvedOnSpot ? null : await acceptClock(database.db, input.channel, now),
    photos: photos.length,
    // A new appeal waits at the township's desk and the community's; one solved on the spot does not.
    desks: input.solvedOnSpot
      ? []
      : [{ role: 'dispatcher', regionCodes: [placement.townshipCode] }, ...(placement.gridCode ? [{ role: 'community_staff', regionCodes: [placement.gridCode.slice(0, 12)] }] : [])],
  };
  // The common case is one statement, atomic by itself: no transaction round trips.
  if (!photos.length && !input.solvedOnSpot && !creator.idempotency && !followUp) return (await register(deps, null, registration)).row;
  return database.db.transaction(async (tx) => {
    // First, so a concurrent request with the same key waits here and then replays this appeal.
    if (creator.idempotency) await claimKey(tx, creator.idempotency, id);
    const { row, eventId } = await register(deps, tx, registration);
    if (followUp) await followUp(tx, creator.ctx, row, input.registerStep!.payload);
    for (const p of photos) {
      await tx.insert(appealAttachments).values({ id: randomUUID(), appealId: id, eventId, filename: p.filename.slice(0, 200), mime: p.mime, size: p.data.length, data: p.data });
    }
    let current = row;
    if (input.solvedOnSpot) {
      current = await applyRule(tx, creator.ctx, current, ACTIONS.accept, { type: 'accepted', publicText: '诉求已受理。', set: { acceptedAt: now } }, { now });
      current = await applyRule(tx, creator.ctx, current, ACTIONS.solve_on_spot, {
        type: 'solved_on_spot',
        note: input.solvedOnSpot.result,
        publicText: `已就地解决：${input.solvedOnSpot.result}`,
        set: { onSpot: true, result: input.solvedOnSpot.result, handlingMinutes: 0 },
      }, { now });
    }
    return current;
  });
}

interface Registration {
  id: string;
  creator: Creator;
  input: CreateInput;
  content: string;
  title: string;
  phone: string | null;
  placement: Placement;
  /** The county's sequence of serials, known to exist. */
  sequence: string;
  at: Date;
  /** 受理时限 and its warning; none for an appeal accepted as it is registered. */
  accept: { dueAt: Date; warnAt: Date } | null;
  photos: number;
  desks: { role: string; regionCodes: string[] }[];
}

/** The acceptance deadline from registration, on the working calendar, and its warning at 80%. */
async function acceptClock(db: DbOrTx, channel: string, now: Date): Promise<{ dueAt: Date; warnAt: Date }> {
  const cal = await workCalendar(db);
  const limit = await acceptLimitFor(db, channel);
  const minutes = minutesOf(limit, minutesPerWorkingDay(cal));
  const warnUnit = limit.unit === 'working_days' ? 'working_hours' : limit.unit === 'days' ? 'hours' : limit.unit;
  return { dueAt: dueAt(cal, now, limit), warnAt: dueAt(cal, now, { amount: (minutes * 0.8) / 60, unit: warnUnit }) };
}

/**
 * Registers an appeal in one statement (a data-modifying WITH, its text built once): the number, the
 * appeal, its first event, the message to the requester, the desks' notifications and the audit entry.
 * The number's serial comes from the county's sequence (appeals.numbers.ts): no row is locked until
 * commit, so registrations of one county run side by side; a failure leaves a gap in the serials. On its
 * own (`tx` null) the statement is its own transaction.
 */
async function register(deps: Deps, tx: Tx | null, g: Registration): Promise<{ row: AppealRow; eventId: number }> {
  const { vault } = deps;
  const { input, creator, placement, phone, id } = g;
  const r = input.requester;
  const ctx = creator.ctx;
  const actor = ctx?.actor ?? null;
  // One ciphertext of the phone for the appeal and its receipt (both the requester's, for one appeal).
  const phoneEnc = phone ? vault.encrypt(phone) : null;
  const values = REGISTER.values({
    prefix: `${placement.townshipCode.slice(0, 6)}-${localParts(g.at).ymd.replace(/-/g, '')}`,
    sequence: g.sequence,
    id,
    channel: input.channel,
    regionCode: placement.regionCode,
    townshipCode: placement.townshipCode,
    gridCode: placement.gridCode,
    needsPlacement: placement.gridCode === null,
    requesterKind: r.kind,
    requesterNameEnc: r.name?.trim() ? vault.encrypt(r.name.trim()) : null,
    requesterPhoneEnc: phoneEnc,
    requesterPhoneIndex: phone ? vault.blindIndex('phone', phone) : null,
    requesterPhoneLast4: phone ? phone.slice(-4) : null,
    enterpriseName: r.kind === 'enterprise' ? r.enterpriseName!.trim() : null,
    title: g.title,
    content: g.content,
    categoryCode: input.categoryCode,
    urgency: input.urgency ?? 'normal',
    acceptDueAt: g.accept?.dueAt.toISOString() ?? null,
    acceptWarnAt: g.accept?.warnAt.toISOString() ?? null,
    tags: input.tags ?? [],
    lon: input.location?.lon ?? null,
    lat: input.location?.lat ?? null,
    address: input.address?.trim() || null,
    token: newToken(24),
    source: creator.source,
    createdBy: actor?.name ?? null,
    createdByKind: actor?.kind ?? creator.source,
    reporterUserId: actor?.kind === 'user' ? actor.id : null,
    eventActorKind: ctx ? ctx.actor.kind : 'public',
    eventActorId: ctx?.actor.id ?? null,
    eventActorName: ctx ? ctx.actor.displayName ?? ctx.actor.name : '诉求人',
    eventData: { channel: input.channel, source: creator.source, photos: g.photos },
    // The message to the requester (none without a phone).
    recipientEnc: phoneEnc,
    recipientHint: phone ? maskPhone(phone) : null,
    // The number is the database's: the receipt names its place.
    receipt: requesterMessage('{number}', '您的诉求已登记，编号 {number}', '查询时需填手机号后四位'),
    // The desks told of it: each role at its regions.
    notifyTitle: `新诉求待受理：${g.title}`,
    deskRoles: g.desks.flatMap((d) => d.regionCodes.map(() => d.role)),
    deskRegions: g.desks.flatMap((d) => d.regionCodes),
    audited: !!ctx,
    ...prefixKeys('audit', ctx ? auditRow(ctx, { action: 'appeal.create', targetType: 'appeal', targetId: id, regionCode: placement.regionCode }) : NO_AUDIT_ROW),
  });
  const [raw] = tx ? await rows<Record<string, unknown>>(tx, statementSql(REGISTER.text, values)) : await deps.database.query<Record<string, unknown>>(REGISTER.text, values, REGISTER.name);
  return { row: rowFromRaw(appeals, raw), eventId: Number(raw.registered_event_id) };
}


// The columns are named (not a.*): a column added by a later migration must not change the result of
// a statement the server keeps prepared.
const REGISTER = statement(`
  with num as (
    -- 0042, and past 9999 the digits as they are. (nextval is volatile: drawn once, however often num is read.)
    select :prefix::text || '-' || lpad(v::text, greatest(4, length(v::text)), '0') as number
    from (select nextval(:sequence::regclass) as v) s),
  a as (
    insert into appeals (id, number, channel, status, region_code, township_code, grid_code, needs_placement,
      requester_kind, requester_name_enc, requester_phone_enc, requester_phone_index, requester_phone_last4, enterprise_name,
      title, content, category_code, urgency, tags, lon, lat, address, token, source, created_by, created_by_kind, reporter_user_id,
      accept_due_at, accept_warn_at)
    values (:id::uuid, (select number from num), :channel, 'registered', :regionCode, :townshipCode, :gridCode, :needsPlacement::boolean,
      :requesterKind, :requesterNameEnc, :requesterPhoneEnc, :requesterPhoneIndex, :requesterPhoneLast4, :enterpriseName,
      :title, :content, :categoryCode, :urgency, :tags::text[], :lon::double precision, :lat::double precision, :address, :token,
      :source, :createdBy, :createdByKind, :reporterUserId::uuid, :acceptDueAt::timestamptz, :acceptWarnAt::timestamptz)
    returning *),
  e as (
    insert into appeal_events (appeal_id, type, to_status, actor_kind, actor_id, actor_name, public_text, data)
    values (:id::uuid, 'registered', 'registered', :eventActorKind, :eventActorId, :eventActorName,
      '您的诉求已登记，编号 ' || (select number from num) || '。', :eventData::jsonb)
    returning id),
  m as (
    insert into outbox (channel, recipient_enc, recipient_hint, region_code, body, appeal_id)
    select 'sms', :recipientEnc, :recipientHint, :regionCode,
      replace(:receipt::text, '{number}', (select number from num)), :id::uuid
    where :recipientEnc::text is not null),
  d as (
    insert into notifications (user_id, kind, title, body, appeal_id)
    select u.id, 'appeal.new', :notifyTitle, (select number from num), :id::uuid from users u
    where u.disabled = false and u.region_code = any(:deskRegions::text[])
      and exists (select 1 from unnest(:deskRoles::text[], :deskRegions::text[]) as k(role, region) where k.role = any(u.roles) and k.region = u.region_code)),
  l as (${auditInsertSql({ prefix: 'audit', details: `jsonb_build_object('number', (select number from num), 'channel', :channel::text)`, when: ':audited::boolean' })})
  select ${Object.values(getTableColumns(appeals)).map((c) => `a."${c.name}"`).join(', ')}, (select id from e) as registered_event_id from a`);
