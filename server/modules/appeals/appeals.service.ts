import { randomUUID } from 'node:crypto';
import { and, asc, eq, getTableColumns, inArray, sql } from 'drizzle-orm';
import { authorize, codeInScope, type Actor } from '../../platform/access.js';
import { audit, auditInsertSql, auditRow, NO_AUDIT_ROW, type RequestContext } from '../../platform/audit.js';
import { newToken } from '../../platform/auth.js';
import { maskPhone, normalisePhone, type Vault } from '../../platform/crypto.js';
import { prefixKeys, rowFromRaw, rows, statement, statementSql, type Database, type Tx } from '../../platform/db.js';
import { AppError, badRequest, conflict, notFound } from '../../platform/errors.js';
import { workCalendar } from '../calendar/calendar.service.js';
import { dueAt, elapsedMinutes, extendBy, localParts, minutesPerWorkingDay, workingMinutesBetween, type Limit, type LimitUnit, type WorkCalendar } from '../calendar/calendar.time.js';
import { unknownCodes } from '../categories/categories.service.js';
import { gridAt, workerIdsOf } from '../grids/grids.service.js';
import { notifyUsers, queueMessage } from '../notifications/notifications.service.js';
import { findVisible as findVisibleOrg, namesOf as orgNamesOf } from '../orgs/orgs.service.js';
import { exists as regionExists } from '../regions/regions.service.js';
import { activeUserIds } from '../users/users.service.js';
import { openPartsOf, plays, visibleAppeals } from './appeals.access.js';
import { limitsFor, RETURN_LIMIT, type Urgency } from './appeals.limits.js';
import { appealAttachments, appealEvaluations, appealEvents, appealParts, appealRequests, appeals } from './appeals.tables.js';
import { ACTIONS, STATUS_NAMES, TERMINAL, type Action, type Status } from './appeals.workflow.js';
import { claimKey, IdempotentReplay, replayOf, type IdempotencyKey } from './appeals.idempotency.js';

export interface Deps {
  database: Database;
  vault: Vault;
}

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

export type AppealRow = typeof appeals.$inferSelect;

/** Status in plain words, for the requester. */
export const STATUS_PUBLIC: Record<Status, string> = {
  registered: '已登记，等待受理',
  accepted: '已受理，正在安排办理',
  not_accepted: '不予受理',
  dispatched: '已转交承办单位',
  in_progress: '正在办理',
  handled: '已办结，等待反馈',
  feedback_given: '已反馈结果，请您评价',
  closed: '已结案',
  merged: '已与相同问题合并办理',
};

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
export const MAX_PHOTOS = 9;

export function checkPhotos(photos: Photo[]): void {
  if (photos.length > MAX_PHOTOS) throw badRequest(`照片最多 ${MAX_PHOTOS} 张 / at most ${MAX_PHOTOS} photos`);
  photos.forEach((p, i) => {
    const check = PHOTO_TYPES[p.mime];
    if (!check) throw new AppError('unsupported_media_type', { type: `${p.mime}（照片 ${i + 1}，仅支持 JPEG、PNG、WebP）`, typeEn: `${p.mime} (photo ${i + 1}: JPEG, PNG or WebP only)` });
    if (p.data.length > MAX_PHOTO_BYTES) throw new AppError('payload_too_large', { limit: `${MAX_PHOTO_BYTES / 1024 / 1024} MiB / 张` });
    if (p.data.length === 0 || !check(p.data)) throw badRequest(`照片 ${i + 1} 不是有效的 ${p.mime} 文件 / photo ${i + 1} is not a valid ${p.mime} file`);
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
      throw badRequest('坐标不在中国境内（经度 73.4–135.1，纬度 3.8–53.6）/ the coordinates are outside China', { field: 'location' });
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
  throw badRequest('请提供位置坐标或所属网格、社区、乡镇 / give a location or the grid, community or township', { field: 'location' });
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
  if (!content) throw badRequest('诉求内容不能为空 / the content is empty', { field: 'content' });
  if ((await unknownCodes(database.db, [input.categoryCode])).length) {
    throw badRequest(`未知的诉求类别 ${input.categoryCode} / unknown category`, { field: 'categoryCode' });
  }
  let phone: string | null = null;
  const r = input.requester;
  if (r.kind !== 'anonymous') {
    if (!r.phone) throw badRequest('请填写联系电话 / a phone number is required', { field: 'requester.phone' });
    phone = normalisePhone(r.phone);
    if (!phone) throw badRequest('联系电话格式不正确 / the phone number is not valid', { field: 'requester.phone' });
    if (r.kind === 'enterprise' && !r.enterpriseName?.trim()) throw badRequest('请填写企业名称 / the enterprise name is required', { field: 'requester.enterpriseName' });
  }
  const photos = input.photos ?? [];
  checkPhotos(photos);
  if (input.solvedOnSpot && (!actor || !(actor.roles.includes('grid_worker') || actor.roles.includes('community_staff')))) {
    throw new AppError('forbidden');
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
    at: now,
    photos: photos.length,
    // A new appeal waits at the township's desk and the community's; one solved on the spot does not.
    desks: input.solvedOnSpot
      ? []
      : [{ role: 'dispatcher', regionCodes: [placement.townshipCode] }, ...(placement.gridCode ? [{ role: 'community_staff', regionCodes: [placement.gridCode.slice(0, 12)] }] : [])],
  };
  // The common case is one statement, atomic by itself: no transaction round trips.
  if (!photos.length && !input.solvedOnSpot && !creator.idempotency) return (await register(deps, null, registration)).row;
  return database.db.transaction(async (tx) => {
    // First, so a concurrent request with the same key waits here and then replays this appeal.
    if (creator.idempotency) await claimKey(tx, creator.idempotency, id);
    const { row, eventId } = await register(deps, tx, registration);
    for (const p of photos) {
      await tx.insert(appealAttachments).values({ id: randomUUID(), appealId: id, eventId, filename: p.filename.slice(0, 200), mime: p.mime, size: p.data.length, data: p.data });
    }
    let current = row;
    if (input.solvedOnSpot) {
      current = await transition(tx, current, creator.ctx, 'accepted', 'accepted', { publicText: '诉求已受理。', set: { acceptedAt: now } });
      current = await transition(tx, current, creator.ctx, 'solved_on_spot', 'handled', {
        note: input.solvedOnSpot.result,
        publicText: `已就地解决：${input.solvedOnSpot.result}`,
        set: { onSpot: true, handledAt: now, result: input.solvedOnSpot.result, handlingMinutes: 0 },
      });
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
  at: Date;
  photos: number;
  desks: { role: string; regionCodes: string[] }[];
}

/**
 * Registers an appeal in one statement (a data-modifying WITH, its text built once): the day's
 * number, the appeal, its first event, the message to the requester, the desks' notifications and the
 * audit entry. The number comes from the daily sequence in the same statement, so a failure leaves no
 * gap in the numbering. On its own (`tx` null) the statement is its own transaction.
 */
async function register(deps: Deps, tx: Tx | null, g: Registration): Promise<{ row: AppealRow; eventId: number }> {
  const { vault } = deps;
  const { input, creator, placement, phone, id } = g;
  const r = input.requester;
  const ctx = creator.ctx;
  const actor = ctx?.actor ?? null;
  const values = REGISTER.values({
    prefix: `${placement.townshipCode.slice(0, 6)}-${localParts(g.at).ymd.replace(/-/g, '')}`,
    id,
    channel: input.channel,
    regionCode: placement.regionCode,
    townshipCode: placement.townshipCode,
    gridCode: placement.gridCode,
    needsPlacement: placement.gridCode === null,
    requesterKind: r.kind,
    requesterNameEnc: r.name?.trim() ? vault.encrypt(r.name.trim()) : null,
    requesterPhoneEnc: phone ? vault.encrypt(phone) : null,
    requesterPhoneIndex: phone ? vault.blindIndex('phone', phone) : null,
    requesterPhoneLast4: phone ? phone.slice(-4) : null,
    enterpriseName: r.kind === 'enterprise' ? r.enterpriseName!.trim() : null,
    title: g.title,
    content: g.content,
    categoryCode: input.categoryCode,
    urgency: input.urgency ?? 'normal',
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
    recipientEnc: phone ? vault.encrypt(phone) : null,
    recipientHint: phone ? maskPhone(phone) : null,
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
    insert into appeal_sequences (prefix, last) values (:prefix, 1)
    on conflict (prefix) do update set last = appeal_sequences.last + 1
    -- 0042, and past 9999 the digits as they are.
    returning prefix || '-' || lpad(last::text, greatest(4, length(last::text)), '0') as number),
  a as (
    insert into appeals (id, number, channel, status, region_code, township_code, grid_code, needs_placement,
      requester_kind, requester_name_enc, requester_phone_enc, requester_phone_index, requester_phone_last4, enterprise_name,
      title, content, category_code, urgency, tags, lon, lat, address, token, source, created_by, created_by_kind, reporter_user_id)
    values (:id::uuid, (select number from num), :channel, 'registered', :regionCode, :townshipCode, :gridCode, :needsPlacement::boolean,
      :requesterKind, :requesterNameEnc, :requesterPhoneEnc, :requesterPhoneIndex, :requesterPhoneLast4, :enterpriseName,
      :title, :content, :categoryCode, :urgency, :tags::text[], :lon::double precision, :lat::double precision, :address, :token,
      :source, :createdBy, :createdByKind, :reporterUserId::uuid)
    returning *),
  e as (
    insert into appeal_events (appeal_id, type, to_status, actor_kind, actor_id, actor_name, public_text, data)
    values (:id::uuid, 'registered', 'registered', :eventActorKind, :eventActorId, :eventActorName,
      '您的诉求已登记，编号 ' || (select number from num) || '。', :eventData::jsonb)
    returning id),
  m as (
    insert into outbox (channel, recipient_enc, recipient_hint, region_code, body, appeal_id)
    select 'sms', :recipientEnc, :recipientHint, :regionCode,
      '【听诉】您的诉求已登记，编号 ' || (select number from num) || '。可凭编号和手机号后四位查询办理进度。', :id::uuid
    where :recipientEnc::text is not null),
  d as (
    insert into notifications (user_id, kind, title, body, appeal_id)
    select u.id, 'appeal.new', :notifyTitle, (select number from num), :id::uuid from users u
    where u.disabled = false and u.region_code = any(:deskRegions::text[])
      and exists (select 1 from unnest(:deskRoles::text[], :deskRegions::text[]) as k(role, region) where k.role = any(u.roles) and k.region = u.region_code)),
  l as (${auditInsertSql({ prefix: 'audit', details: `jsonb_build_object('number', (select number from num), 'channel', :channel::text)`, when: ':audited::boolean' })})
  select ${Object.values(getTableColumns(appeals)).map((c) => `a."${c.name}"`).join(', ')}, (select id from e) as registered_event_id from a`);

// ---------------------------------------------------------------------------------------------
// Events and transitions

interface EventOpts {
  from?: Status | null;
  to?: Status | null;
  note?: string | null;
  publicText?: string | null;
  orgId?: string | null;
  data?: Record<string, unknown>;
}

async function addEvent(tx: Tx, appeal: AppealRow, ctx: RequestContext | null, type: string, o: EventOpts): Promise<number> {
  const [e] = await tx
    .insert(appealEvents)
    .values({
      appealId: appeal.id,
      type,
      fromStatus: o.from ?? null,
      toStatus: o.to ?? null,
      actorKind: ctx ? ctx.actor.kind : 'public',
      actorId: ctx?.actor.id ?? null,
      actorName: ctx ? ctx.actor.displayName ?? ctx.actor.name : '诉求人',
      orgId: o.orgId ?? null,
      note: o.note ?? null,
      publicText: o.publicText ?? null,
      data: o.data ?? null,
    })
    .returning({ id: appealEvents.id });
  return e.id;
}

/** Moves the appeal (version-checked by the caller's load) and records the step. */
/** Follows an appeal's status changes in the transaction that makes them. */
export type AppealStatusListener = (tx: Tx, appeal: AppealRow, from: Status, to: Status) => Promise<void>;
const statusListeners: AppealStatusListener[] = [];

/**
 * Lets another module follow appeals' status changes, inside the same transaction (the visits module
 * writes the outcome of an appeal raised at a door onto that household's timeline).
 */
export function onAppealStatus(listener: AppealStatusListener): void {
  if (!statusListeners.includes(listener)) statusListeners.push(listener);
}

async function transition(
  tx: Tx,
  appeal: AppealRow,
  ctx: RequestContext | null,
  type: string,
  to: Status | null,
  o: EventOpts & { set?: Partial<typeof appeals.$inferInsert> } = {},
): Promise<AppealRow> {
  const [row] = await tx
    .update(appeals)
    .set({ ...(o.set ?? {}), ...(to ? { status: to } : {}), updatedAt: new Date(), version: sql`${appeals.version} + 1` })
    .where(and(eq(appeals.id, appeal.id), eq(appeals.version, appeal.version)))
    .returning();
  if (!row) throw new AppError('stale_version');
  await addEvent(tx, appeal, ctx, type, { ...o, from: appeal.status as Status, to: to ?? (appeal.status as Status) });
  if (to && to !== appeal.status) for (const l of statusListeners) await l(tx, row, appeal.status as Status, to);
  return row;
}

// ---------------------------------------------------------------------------------------------
// Loading and checking

export async function findVisible(db: Database['db'] | Tx, actor: Actor, id: string): Promise<AppealRow | undefined> {
  authorize(actor, 'appeals.read');
  const [row] = await db
    .select()
    .from(appeals)
    .where(and(eq(appeals.id, id), visibleAppeals(actor)))
    .limit(1);
  return row;
}

async function openPartOrgs(tx: Tx | Database['db'], appealId: string): Promise<string[]> {
  return (await tx.select({ orgId: appealParts.orgId }).from(appealParts).where(openPartsOf(appealId))).map((p) => p.orgId);
}

export class IllegalTransition extends AppError {}

function illegal(action: Action, status: Status): AppError {
  const a = ACTIONS[action];
  return new AppError(
    'conflict',
    {
      reason: `当前状态「${STATUS_NAMES[status].zh}」不能执行「${a.zh}」`,
      reasonEn: `An appeal that is ${STATUS_NAMES[status].en.toLowerCase()} cannot ${a.en}`,
    },
    { action, status },
  );
}

/** Loads, checks the version, the state machine and the caller's part; answers 404/409/403. */
async function prepare(tx: Tx, ctx: RequestContext, id: string, action: Action, version: number, cal: WorkCalendar) {
  const appeal = await findVisible(tx, ctx.actor, id);
  if (!appeal) throw notFound('诉求', 'Appeal');
  const status = appeal.status as Status;
  if (!(ACTIONS[action].from as readonly Status[]).includes(status)) throw illegal(action, status);
  if (appeal.version !== version) throw new AppError('stale_version');
  const orgs = await openPartOrgs(tx, id);
  if (!plays(ctx.actor, ACTIONS[action].by, { regionCode: appeal.regionCode, leaderUserId: appeal.leaderUserId, reporterUserId: appeal.reporterUserId, openPartOrgs: orgs })) {
    throw new AppError('forbidden');
  }
  return { appeal, openOrgs: orgs, now: new Date(), cal };
}

function requireText(v: string | undefined, field: string, zh: string): string {
  const t = v?.trim();
  if (!t) throw badRequest(`${zh}不能为空 / ${field} is required`, { field });
  return t;
}

function minutesOf(limit: Limit, perDay: number): number {
  return limit.unit === 'working_days' ? limit.amount * perDay : limit.unit === 'days' ? limit.amount * 1440 : limit.amount * 60;
}

/** Deadlines from a start: response, handling, and the yellow warning at 80% of the handling time. */
async function deadlines(tx: Tx, cal: WorkCalendar, appeal: AppealRow, start: Date) {
  const limits = await limitsFor(tx, appeal.categoryCode, appeal.urgency as Urgency);
  const handlingMinutes = minutesOf(limits.handling, minutesPerWorkingDay(cal));
  const warnUnit: LimitUnit = limits.handling.unit === 'working_days' ? 'working_hours' : limits.handling.unit === 'days' ? 'hours' : limits.handling.unit;
  return {
    responseDueAt: dueAt(cal, start, limits.response),
    handlingDueAt: dueAt(cal, start, limits.handling),
    warnAt: dueAt(cal, start, { amount: (handlingMinutes * 0.8) / 60, unit: warnUnit }),
    responseUnit: limits.response.unit,
    handlingUnit: limits.handling.unit,
  };
}

async function notifyOrgHandlers(tx: Tx, orgIds: string[], n: { kind: string; title: string; body?: string; appealId: string }) {
  for (const orgId of orgIds) await notifyUsers(tx, await activeUserIds(tx, { role: 'handler', orgId }), n);
}

async function notifyDispatchers(tx: Tx, townshipCode: string, n: { kind: string; title: string; body?: string; appealId: string }) {
  await notifyUsers(tx, await activeUserIds(tx, { role: 'dispatcher', regionCodes: [townshipCode] }), n);
}

async function messageRequester(deps: Deps, tx: Tx, appeal: AppealRow, body: string) {
  if (!appeal.requesterPhoneEnc) return;
  await queueMessage(tx, deps.vault, { phone: deps.vault.decrypt(appeal.requesterPhoneEnc), body: `【听诉】${body}`, appealId: appeal.id, regionCode: appeal.regionCode });
}

// ---------------------------------------------------------------------------------------------
// The actions

export interface ActionInput {
  version: number;
  reason?: string;
  note?: string;
  result?: string;
  /** dispatch: the lead organisation and co-handlers (联办). */
  leadOrgId?: string;
  coOrgs?: { orgId: string; task?: string }[];
  /** whistle: 'township', or a department's id. */
  target?: string;
  gridCode?: string;
  /** extension request: how much more. */
  amount?: number;
  unit?: LimitUnit;
  requestId?: string;
  approve?: boolean;
  rating?: string;
  solved?: boolean;
  verified?: boolean;
  method?: 'callback' | 'staff';
  leaderUserId?: string;
  masterId?: string;
  photos?: Photo[];
}

export async function act(deps: Deps, ctx: RequestContext, id: string, action: Action, input: ActionInput): Promise<AppealRow> {
  if (input.photos) checkPhotos(input.photos);
  // Read before the transaction: PGlite has one connection, and the transaction holds it.
  const cal = await workCalendar(deps.database.db);
  const result = await deps.database.db.transaction(async (tx) => {
    const p = await prepare(tx, ctx, id, action, input.version, cal);
    const row = await HANDLERS[action](deps, tx, ctx, p, input);
    if (input.photos?.length) {
      const [ev] = await tx.select({ id: appealEvents.id }).from(appealEvents).where(eq(appealEvents.appealId, id)).orderBy(sql`${appealEvents.id} desc`).limit(1);
      for (const ph of input.photos) {
        await tx.insert(appealAttachments).values({ id: randomUUID(), appealId: id, eventId: ev.id, filename: ph.filename.slice(0, 200), mime: ph.mime, size: ph.data.length, data: ph.data });
      }
    }
    await audit(tx, ctx, { action: `appeal.${action}`, targetType: 'appeal', targetId: id, regionCode: row.regionCode, details: { number: row.number, status: row.status } });
    return row;
  });
  return result;
}

type Prepared = Awaited<ReturnType<typeof prepare>>;
type Handler = (deps: Deps, tx: Tx, ctx: RequestContext, p: Prepared, input: ActionInput) => Promise<AppealRow>;

const HANDLERS: Record<Action, Handler> = {
  async accept(_deps, tx, ctx, { appeal, now }) {
    return transition(tx, appeal, ctx, 'accepted', 'accepted', { publicText: '您的诉求已受理。', set: { acceptedAt: now } });
  },

  async reject(deps, tx, ctx, { appeal }, input) {
    const reason = requireText(input.reason, 'reason', '不予受理的理由');
    const row = await transition(tx, appeal, ctx, 'not_accepted', 'not_accepted', { note: reason, publicText: `不予受理：${reason}`, set: { closedAt: new Date() } });
    await messageRequester(deps, tx, appeal, `您的诉求 ${appeal.number} 不予受理，理由：${reason}`);
    return row;
  },

  async solve_on_spot(deps, tx, ctx, { appeal, now }, input) {
    const result = requireText(input.result, 'result', '办理结果');
    let row = appeal;
    if (appeal.status === 'registered') row = await transition(tx, row, ctx, 'accepted', 'accepted', { publicText: '您的诉求已受理。', set: { acceptedAt: now } });
    row = await transition(tx, row, ctx, 'solved_on_spot', 'handled', { note: result, publicText: `已就地解决：${result}`, set: { onSpot: true, handledAt: now, result, handlingMinutes: 0 } });
    return row;
  },

  async place(_deps, tx, ctx, { appeal }, input) {
    const gridCode = input.gridCode ?? '';
    if (!/^\d{15}$/.test(gridCode)) throw badRequest('请选择网格 / choose a grid', { field: 'gridCode' });
    if (!gridCode.startsWith(appeal.townshipCode) || !codeInScope(ctx.actor, gridCode) || !(await regionExists(tx, gridCode))) throw notFound('网格', 'Grid');
    return transition(tx, appeal, ctx, 'placed', null, { data: { gridCode }, set: { gridCode, regionCode: gridCode, needsPlacement: false } });
  },

  async dispatch(deps, tx, ctx, { appeal, now, cal }, input) {
    if (!input.leadOrgId) throw badRequest('请选择承办单位 / choose the handling organisation', { field: 'leadOrgId' });
    const co = input.coOrgs ?? [];
    const orgIds = [input.leadOrgId, ...co.map((c) => c.orgId)];
    if (new Set(orgIds).size !== orgIds.length) throw badRequest('承办单位重复 / an organisation appears twice', { field: 'coOrgs' });
    for (const orgId of orgIds) {
      const org = await findVisibleOrg(tx, ctx.actor, orgId);
      if (!org || !org.active) throw notFound('承办单位', 'Organisation');
    }
    return dispatchTo(tx, ctx, cal, appeal, now, input.leadOrgId, co, false, input.note);
  },

  async whistle(_deps, tx, ctx, { appeal, now, cal }, input) {
    const target = input.target ?? '';
    const reason = requireText(input.reason, 'reason', '吹哨事由');
    if (target === 'township') {
      const row = await transition(tx, appeal, ctx, 'whistled', null, { note: reason, data: { target }, set: { whistled: true } });
      await notifyDispatchers(tx, appeal.townshipCode, { kind: 'appeal.whistle', title: `社区吹哨：${appeal.title}`, body: reason, appealId: appeal.id });
      return row;
    }
    const org = await findVisibleOrg(tx, ctx.actor, target);
    if (!org || org.kind !== 'department' || !org.active) throw notFound('职能部门', 'Department');
    return dispatchTo(tx, ctx, cal, appeal, now, target, [], true, reason);
  },

  async sign(_deps, tx, ctx, { appeal, now }) {
    const orgId = ctx.actor.orgId!;
    const [part] = await tx.select().from(appealParts).where(and(eq(appealParts.appealId, appeal.id), eq(appealParts.orgId, orgId)));
    if (part.status !== 'dispatched') throw conflict('本单位已签收', 'Your organisation has already signed for it');
    await tx.update(appealParts).set({ status: 'in_progress', signedAt: now }).where(and(eq(appealParts.appealId, appeal.id), eq(appealParts.orgId, orgId)));
    const names = await orgNamesOf(tx, [orgId]);
    if (part.role === 'lead') {
      return transition(tx, appeal, ctx, 'signed', 'in_progress', { orgId, publicText: `${names.get(orgId)}已签收，正在办理。`, set: { signedAt: now } });
    }
    return transition(tx, appeal, ctx, 'part_signed', null, { orgId });
  },

  async return(_deps, tx, ctx, { appeal, now, cal }, input) {
    const reason = requireText(input.reason, 'reason', '退单理由');
    const orgId = ctx.actor.orgId!;
    const [part] = await tx.select().from(appealParts).where(and(eq(appealParts.appealId, appeal.id), eq(appealParts.orgId, orgId)));
    if (workingMinutesBetween(cal, part.dispatchedAt, now) > RETURN_LIMIT.amount * minutesPerWorkingDay(cal)) {
      throw conflict(`已超过退单时限（派遣后 ${RETURN_LIMIT.amount} 个工作日）`, `The return limit (${RETURN_LIMIT.amount} working days after dispatch) has passed`);
    }
    await tx.update(appealParts).set({ status: 'returned' }).where(and(eq(appealParts.appealId, appeal.id), eq(appealParts.orgId, orgId)));
    await notifyDispatchers(tx, appeal.townshipCode, { kind: 'appeal.returned', title: `退单：${appeal.title}`, body: reason, appealId: appeal.id });
    if (part.role === 'co') return transition(tx, appeal, ctx, 'part_returned', null, { orgId, note: reason });
    // The lead returned it: back to the dispatcher, every part closed, the clock stopped.
    await tx.update(appealParts).set({ status: 'returned' }).where(openPartsOf(appeal.id));
    return transition(tx, appeal, ctx, 'returned', 'accepted', {
      orgId,
      note: reason,
      set: { handlingOrgId: null, dispatchedAt: null, signedAt: null, responseDueAt: null, handlingDueAt: null, warnAt: null, pausedAt: null, pauseReason: null },
    });
  },

  async note(_deps, tx, ctx, { appeal }, input) {
    const note = requireText(input.note, 'note', '办理记录');
    return transition(tx, appeal, ctx, 'note', null, { note, orgId: ctx.actor.orgId });
  },

  async request_extension(_deps, tx, ctx, { appeal }, input) {
    return requestChange(tx, ctx, appeal, 'extension', input);
  },

  async request_deferral(_deps, tx, ctx, { appeal }, input) {
    return requestChange(tx, ctx, appeal, 'deferral', input);
  },

  async decide_request(_deps, tx, ctx, { appeal, now, cal }, input) {
    if (!input.requestId || input.approve === undefined) throw badRequest('请指定申请和审批结果 / requestId and approve are required');
    const [req] = await tx.select().from(appealRequests).where(and(eq(appealRequests.id, input.requestId), eq(appealRequests.appealId, appeal.id)));
    if (!req) throw notFound('申请', 'Request');
    if (req.status !== 'pending') throw conflict('该申请已审批', 'The request has already been decided');
    await tx.update(appealRequests).set({ status: input.approve ? 'approved' : 'refused', decidedBy: ctx.actor.name, decidedAt: now, decisionNote: input.note ?? null }).where(eq(appealRequests.id, req.id));
    if (req.orgId) {
      await notifyOrgHandlers(tx, [req.orgId], {
        kind: 'appeal.request_decided',
        title: `${req.kind === 'extension' ? '延期' : '缓办'}申请${input.approve ? '已批准' : '未批准'}：${appeal.title}`,
        appealId: appeal.id,
      });
    }
    const type = `${req.kind}_${input.approve ? 'approved' : 'refused'}`;
    if (!input.approve) return transition(tx, appeal, ctx, type, null, { note: input.note, data: { requestId: req.id } });
    if (req.kind === 'extension') {
      const unit = (appeal.handlingUnit ?? 'working_days') as LimitUnit;
      const minutes = minutesOf({ amount: req.amount!, unit: req.unit as LimitUnit }, minutesPerWorkingDay(cal));
      return transition(tx, appeal, ctx, type, null, {
        note: input.note,
        publicText: '办理期限已依规延长。',
        data: { requestId: req.id, amount: req.amount, unit: req.unit },
        set: { handlingDueAt: extendBy(cal, unit, appeal.handlingDueAt!, minutes), warnAt: extendBy(cal, unit, appeal.warnAt!, minutes), overdueNotified: false, warnedNotified: false },
      });
    }
    return transition(tx, appeal, ctx, type, null, {
      note: input.note,
      publicText: '该诉求经批准缓办，办理期限暂停计算。',
      data: { requestId: req.id },
      set: { deferred: true, pausedAt: appeal.pausedAt ?? now, pauseReason: 'deferral' },
    });
  },

  async await_requester(_deps, tx, ctx, { appeal, now }, input) {
    if (appeal.pausedAt) throw conflict('计时已暂停', 'The clock is already paused');
    return transition(tx, appeal, ctx, 'paused', null, { note: input.note, publicText: '正在等待您补充材料或确认，办理期限暂停计算。', set: { pausedAt: now, pauseReason: 'requester' } });
  },

  async resume(_deps, tx, ctx, { appeal, now, cal }, input) {
    if (!appeal.pausedAt) throw conflict('计时未暂停', 'The clock is not paused');
    const set = resumeSet(cal, appeal, now);
    return transition(tx, appeal, ctx, 'resumed', null, { note: input.note, publicText: '办理期限恢复计算。', set });
  },

  async handle(_deps, tx, ctx, { appeal, now, cal }, input) {
    const result = requireText(input.result, 'result', '办理结果');
    const orgId = ctx.actor.orgId!;
    const parts = await tx.select().from(appealParts).where(eq(appealParts.appealId, appeal.id));
    const mine = parts.find((x) => x.orgId === orgId)!;
    if (mine.status === 'dispatched') throw conflict('请先签收', 'Sign for it first');
    await tx.update(appealParts).set({ status: 'handled', result, handledAt: now }).where(and(eq(appealParts.appealId, appeal.id), eq(appealParts.orgId, orgId)));
    if (mine.role === 'co') {
      await notifyOrgHandlers(tx, [appeal.handlingOrgId!], { kind: 'appeal.part_handled', title: `联办单位已办结其部分：${appeal.title}`, appealId: appeal.id });
      return transition(tx, appeal, ctx, 'part_handled', null, { orgId, note: result });
    }
    const open = parts.filter((x) => x.role === 'co' && (x.status === 'dispatched' || x.status === 'in_progress'));
    if (open.length) {
      const names = await orgNamesOf(tx, open.map((o) => o.orgId));
      throw conflict(`联办单位尚未办结：${[...names.values()].join('、')}`, 'Co-handling organisations have not finished their parts', { open: open.map((o) => o.orgId) });
    }
    const set: Partial<typeof appeals.$inferInsert> = { handledAt: now, result, handlingMinutes: appeal.acceptedAt ? workingMinutesBetween(cal, appeal.acceptedAt, now) : null };
    if (appeal.pausedAt) Object.assign(set, resumeSet(cal, appeal, now));
    const row = await transition(tx, appeal, ctx, 'handled', 'handled', { orgId, note: result, publicText: `已办结：${result}`, set });
    await notifyDispatchers(tx, appeal.townshipCode, { kind: 'appeal.handled', title: `已办结待反馈：${appeal.title}`, appealId: appeal.id });
    return row;
  },

  async feedback(deps, tx, ctx, { appeal }, input) {
    const message = input.note?.trim() || `您的诉求 ${appeal.number} 已办结：${appeal.result ?? ''}`;
    const row = await transition(tx, appeal, ctx, 'feedback', 'feedback_given', {
      note: message,
      publicText: `已向您反馈办理结果：${(appeal.result ?? '').replace(/[。.！!]+$/, '')}。请对办理结果进行评价。`,
      data: { toRequester: !!appeal.requesterPhoneEnc, toGrid: !!appeal.gridCode },
    });
    // 双反馈: to the requester, and to the grid and community that reported it.
    await messageRequester(deps, tx, appeal, `${message}。请凭编号和手机号后四位评价办理结果。`);
    const gridPeople = appeal.gridCode
      ? [...(await workerIdsOf(tx, appeal.gridCode)), ...(await activeUserIds(tx, { role: 'community_staff', regionCodes: [appeal.gridCode.slice(0, 12)] }))]
      : [];
    await notifyUsers(tx, [...gridPeople, ...(appeal.reporterUserId ? [appeal.reporterUserId] : [])], {
      kind: 'appeal.feedback',
      title: `办理结果反馈：${appeal.title}`,
      body: appeal.result ?? undefined,
      appealId: appeal.id,
    });
    // Merged appeals follow their master: every requester hears the outcome.
    for (const child of await tx.select().from(appeals).where(and(eq(appeals.masterId, appeal.id), eq(appeals.status, 'merged')))) {
      await addEvent(tx, child, ctx, 'feedback', { publicText: `与您的诉求相同的问题已办结：${appeal.result ?? ''}` });
      await messageRequester(deps, tx, child, `您反映的问题（${child.number}）已并案办结：${appeal.result ?? ''}`);
    }
    return row;
  },

  async evaluate(deps, tx, ctx, { appeal, now }, input) {
    return recordRequesterRating(deps, tx, ctx, appeal, now, {
      rating: input.rating,
      solved: input.solved,
      comment: input.note,
      method: input.method ?? 'callback',
    });
  },

  async evaluate_org(deps, tx, ctx, { appeal, now }, input) {
    const rating = input.rating ?? '';
    if (!['good', 'fair', 'poor'].includes(rating)) throw badRequest('评价应为 good、fair 或 poor / rating must be good, fair or poor', { field: 'rating' });
    if (!appeal.handlingOrgId) throw conflict('就地解决的诉求没有承办单位可评价', 'An appeal solved on the spot has no handling organisation to evaluate');
    const verified = input.verified ?? true;
    await insertEvaluation(tx, appeal, { kind: 'township', rating, verified, solved: null, method: 'staff', comment: input.note ?? null, by: ctx.actor.name, orgId: appeal.handlingOrgId });
    const row = await transition(tx, appeal, ctx, 'org_evaluated', null, { note: input.note, orgId: appeal.handlingOrgId, data: { rating, verified } });
    if (!verified) return rework(deps, tx, ctx, row, now, '核查未通过，重新办理');
    return tryClose(deps, tx, ctx, row, now);
  },

  async assign_leader(_deps, tx, ctx, { appeal }, input) {
    if (!input.leaderUserId) throw badRequest('请选择包案领导 / choose a leader', { field: 'leaderUserId' });
    const leaders = await activeUserIds(tx, { role: 'leader' });
    const { findById } = await import('../users/users.repo.js');
    const leader = leaders.includes(input.leaderUserId) ? await findById(tx, input.leaderUserId) : undefined;
    if (!leader || !appeal.regionCode.startsWith(leader.regionCode)) throw notFound('包案领导', 'Leader');
    const row = await transition(tx, appeal, ctx, 'leader_assigned', null, { note: input.note, data: { leaderUserId: leader.id, leader: leader.displayName }, set: { leaderUserId: leader.id } });
    await notifyUsers(tx, [leader.id], { kind: 'appeal.leader_case', title: `领导包案：${appeal.title}`, body: appeal.number, appealId: appeal.id });
    return row;
  },

  async instruct(_deps, tx, ctx, { appeal, openOrgs }, input) {
    const note = requireText(input.note, 'note', '批示');
    const row = await transition(tx, appeal, ctx, 'instructed', null, { note });
    await notifyOrgHandlers(tx, openOrgs, { kind: 'appeal.instruction', title: `领导批示：${appeal.title}`, body: note, appealId: appeal.id });
    await notifyDispatchers(tx, appeal.townshipCode, { kind: 'appeal.instruction', title: `领导批示：${appeal.title}`, body: note, appealId: appeal.id });
    return row;
  },

  async merge(_deps, tx, ctx, { appeal }, input) {
    if (!input.masterId || input.masterId === appeal.id) throw badRequest('请选择主诉求 / choose the master appeal', { field: 'masterId' });
    const master = await findVisible(tx, ctx.actor, input.masterId);
    if (!master) throw notFound('主诉求', 'Master appeal');
    if (TERMINAL.has(master.status as Status)) throw conflict('主诉求已结束，不能并入', 'The master appeal is finished');
    if (master.townshipCode !== appeal.townshipCode) throw conflict('只能合并同一乡镇（街道）的诉求', 'Only appeals of one township can be merged');
    await tx.update(appealParts).set({ status: 'returned' }).where(openPartsOf(appeal.id));
    await addEvent(tx, master, ctx, 'merged_in', { note: input.note, data: { appealId: appeal.id, number: appeal.number } });
    return transition(tx, appeal, ctx, 'merged', 'merged', {
      note: input.note,
      publicText: `您反映的问题与诉求 ${master.number} 相同，已合并办理，结果将一并告知您。`,
      data: { masterId: master.id, masterNumber: master.number },
      set: { masterId: master.id },
    });
  },
};

function resumeSet(cal: WorkCalendar, appeal: AppealRow, now: Date): Partial<typeof appeals.$inferInsert> {
  const unit = (appeal.handlingUnit ?? 'working_days') as LimitUnit;
  const paused = elapsedMinutes(cal, unit, appeal.pausedAt!, now);
  const rUnit = (appeal.responseUnit ?? 'working_hours') as LimitUnit;
  return {
    pausedAt: null,
    pauseReason: null,
    deferred: false,
    handlingDueAt: appeal.handlingDueAt ? extendBy(cal, unit, appeal.handlingDueAt, paused) : null,
    warnAt: appeal.warnAt ? extendBy(cal, unit, appeal.warnAt, paused) : null,
    responseDueAt: appeal.responseDueAt && !appeal.signedAt ? extendBy(cal, rUnit, appeal.responseDueAt, elapsedMinutes(cal, rUnit, appeal.pausedAt!, now)) : appeal.responseDueAt,
  };
}

async function dispatchTo(
  tx: Tx,
  ctx: RequestContext,
  cal: WorkCalendar,
  appeal: AppealRow,
  now: Date,
  leadOrgId: string,
  co: { orgId: string; task?: string }[],
  whistle: boolean,
  note: string | undefined,
): Promise<AppealRow> {
  await tx.delete(appealParts).where(and(eq(appealParts.appealId, appeal.id), inArray(appealParts.orgId, [leadOrgId, ...co.map((c) => c.orgId)])));
  await tx.insert(appealParts).values([
    { appealId: appeal.id, orgId: leadOrgId, role: 'lead', status: 'dispatched', dispatchedAt: now },
    ...co.map((c) => ({ appealId: appeal.id, orgId: c.orgId, role: 'co', task: c.task ?? null, status: 'dispatched', dispatchedAt: now })),
  ]);
  const d = await deadlines(tx, cal, appeal, now);
  const names = await orgNamesOf(tx, [leadOrgId, ...co.map((c) => c.orgId)]);
  const row = await transition(tx, appeal, ctx, whistle ? 'whistled' : 'dispatched', 'dispatched', {
    note: note ?? null,
    orgId: leadOrgId,
    publicText: `已转交${names.get(leadOrgId)}${co.length ? `牵头，会同${co.map((c) => names.get(c.orgId)).join('、')}` : ''}办理。`,
    data: { leadOrgId, coOrgIds: co.map((c) => c.orgId), whistle },
    set: {
      handlingOrgId: leadOrgId,
      dispatchedAt: now,
      signedAt: null,
      ...d,
      pausedAt: null,
      pauseReason: null,
      overdueNotified: false,
      warnedNotified: false,
      responseOverdueNotified: false,
      ...(whistle ? { whistled: true } : {}),
    },
  });
  await notifyOrgHandlers(tx, [leadOrgId, ...co.map((c) => c.orgId)], {
    kind: whistle ? 'appeal.whistle' : 'appeal.dispatched',
    title: `${whistle ? '社区吹哨，请报到' : '新派遣待签收'}：${appeal.title}`,
    body: `${appeal.number}，签收时限 ${d.responseDueAt.toISOString()}`,
    appealId: appeal.id,
  });
  return row;
}

async function requestChange(tx: Tx, ctx: RequestContext, appeal: AppealRow, kind: 'extension' | 'deferral', input: ActionInput): Promise<AppealRow> {
  const reason = requireText(input.reason, 'reason', kind === 'extension' ? '延期理由' : '缓办理由');
  if (ctx.actor.orgId !== appeal.handlingOrgId) throw new AppError('forbidden');
  if (kind === 'extension' && (!input.amount || input.amount < 1 || !input.unit || !['working_hours', 'working_days', 'hours', 'days'].includes(input.unit))) {
    throw badRequest('请填写延长的时长和单位 / amount and unit are required', { field: 'amount' });
  }
  const pending = await tx.select({ id: appealRequests.id }).from(appealRequests).where(and(eq(appealRequests.appealId, appeal.id), eq(appealRequests.status, 'pending')));
  if (pending.length) throw conflict('已有待审批的申请', 'A request is already waiting for a decision');
  const id = randomUUID();
  await tx.insert(appealRequests).values({ id, appealId: appeal.id, kind, orgId: ctx.actor.orgId, reason, amount: input.amount ?? null, unit: input.unit ?? null, status: 'pending', requestedBy: ctx.actor.name });
  await notifyDispatchers(tx, appeal.townshipCode, { kind: 'appeal.request', title: `${kind === 'extension' ? '延期' : '缓办'}申请待审批：${appeal.title}`, body: reason, appealId: appeal.id });
  return transition(tx, appeal, ctx, `${kind}_requested`, null, { note: reason, orgId: ctx.actor.orgId, data: { requestId: id, amount: input.amount, unit: input.unit } });
}

const REQUESTER_RATINGS = ['satisfied', 'basically_satisfied', 'dissatisfied', 'unreachable'] as const;
export const RATING_NAMES: Record<string, string> = { satisfied: '满意', basically_satisfied: '基本满意', dissatisfied: '不满意', unreachable: '无法联系' };

async function insertEvaluation(
  tx: Tx,
  appeal: AppealRow,
  e: { kind: 'requester' | 'township'; rating: string; solved: boolean | null; verified?: boolean | null; method: string; comment: string | null; by: string; orgId?: string | null },
) {
  const inserted = await tx
    .insert(appealEvaluations)
    .values({ appealId: appeal.id, round: appeal.reworkCount, kind: e.kind, rating: e.rating, solved: e.solved, verified: e.verified ?? null, method: e.method, comment: e.comment, by: e.by, orgId: e.orgId ?? appeal.handlingOrgId })
    .onConflictDoNothing()
    .returning({ id: appealEvaluations.id });
  if (!inserted.length) throw conflict('本轮已评价', 'This round has already been evaluated');
}

export async function recordRequesterRating(
  deps: Deps,
  tx: Tx,
  ctx: RequestContext | null,
  appeal: AppealRow,
  now: Date,
  r: { rating?: string; solved?: boolean; comment?: string; method: 'self' | 'callback' | 'staff' },
): Promise<AppealRow> {
  const rating = r.rating ?? '';
  if (!(REQUESTER_RATINGS as readonly string[]).includes(rating) || (r.method === 'self' && rating === 'unreachable')) {
    throw badRequest('评价应为 满意、基本满意 或 不满意 / rating must be satisfied, basically_satisfied or dissatisfied', { field: 'rating' });
  }
  const solved = rating === 'unreachable' ? null : r.solved ?? rating !== 'dissatisfied';
  await insertEvaluation(tx, appeal, { kind: 'requester', rating, solved, method: r.method, comment: r.comment?.trim() || null, by: ctx?.actor.name ?? '诉求人' });
  const row = await transition(tx, appeal, ctx, 'rated', null, {
    note: r.comment ?? null,
    publicText: rating === 'unreachable' ? null : `您的评价：${RATING_NAMES[rating]}。`,
    data: { rating, solved, method: r.method },
    set: { lastRating: rating, lastSolved: solved, lastRatedAt: now },
  });
  if (rating === 'dissatisfied') return rework(deps, tx, ctx, row, now, '诉求人不满意，重新办理');
  return tryClose(deps, tx, ctx, row, now);
}

/** 重办: back to the same handler with a fresh handling limit; counted. */
async function rework(deps: Deps, tx: Tx, ctx: RequestContext | null, appeal: AppealRow, now: Date, why: string): Promise<AppealRow> {
  if (!appeal.handlingOrgId) {
    // Solved on the spot but not solved: it goes to the township's desk to be dispatched properly.
    return transition(tx, appeal, ctx, 'reworked', 'accepted', {
      note: why,
      publicText: '根据评价，您的诉求将重新办理。',
      set: { reworkCount: appeal.reworkCount + 1, handledAt: null, result: null, onSpot: false },
    });
  }
  await tx.update(appealParts).set({ status: 'in_progress', handledAt: null }).where(and(eq(appealParts.appealId, appeal.id), eq(appealParts.orgId, appeal.handlingOrgId)));
  const d = await deadlines(tx, await workCalendar(tx), appeal, now);
  const row = await transition(tx, appeal, ctx, 'reworked', 'in_progress', {
    note: why,
    orgId: appeal.handlingOrgId,
    publicText: '根据评价，您的诉求已重新交办。',
    set: { reworkCount: appeal.reworkCount + 1, handledAt: null, handlingDueAt: d.handlingDueAt, warnAt: d.warnAt, overdueNotified: false, warnedNotified: false },
  });
  await notifyOrgHandlers(tx, [appeal.handlingOrgId], { kind: 'appeal.rework', title: `重办：${appeal.title}`, body: why, appealId: appeal.id });
  return row;
}

/** Closes when this round has the requester's rating and, for dispatched appeals, the township's evaluation. */
async function tryClose(deps: Deps, tx: Tx, ctx: RequestContext | null, appeal: AppealRow, now: Date): Promise<AppealRow> {
  const evals = await tx
    .select({ kind: appealEvaluations.kind })
    .from(appealEvaluations)
    .where(and(eq(appealEvaluations.appealId, appeal.id), eq(appealEvaluations.round, appeal.reworkCount)));
  const kinds = new Set(evals.map((e) => e.kind));
  if (!kinds.has('requester') || (appeal.handlingOrgId && !kinds.has('township'))) return appeal;
  const row = await transition(tx, appeal, ctx, 'closed', 'closed', { publicText: '诉求已结案，感谢您的反映与评价。', set: { closedAt: now } });
  for (const child of await tx.select().from(appeals).where(and(eq(appeals.masterId, appeal.id), eq(appeals.status, 'merged')))) {
    await tx.update(appeals).set({ closedAt: now, updatedAt: now }).where(eq(appeals.id, child.id));
    await addEvent(tx, child, ctx, 'closed', { publicText: '并案诉求已结案。' });
  }
  void deps;
  return row;
}

export { addEvent, transition };
export const sortEvents = asc(appealEvents.id);
