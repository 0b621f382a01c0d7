/**
 * Open311 GeoReport v2 over the appeal loop (http://wiki.open311.org/GeoReport_v2), with the
 * service request updates extension (mySociety's, as FixMyStreet speaks it) for two-way updates.
 *
 * - services are the level-2 appeal categories; a service request is an appeal, its
 *   service_request_id the appeal's number (360802-20261122-0001), its token the appeal's token;
 *   address_id is a division or grid code (a township, a community or a grid), both ways.
 * - Reads expose only public fields: never the requester, notes or internal steps; status_notes and
 *   updates are the plain words the requester's own timeline shows.
 * - Without an api_key the exact place is not published: lat/long are rounded to about 100 m and
 *   the address is the community and grid's names (see `views`).
 * - Who sees what. Open311 treats service requests as public. With an api_key, a read covers the
 *   key's scope (every appeal in its region). Without one we are conservative: only appeals a
 *   resident or an integration submitted (source 'public', the QR pages, and 'open311'), never those
 *   registered internally (console, visits), whose descriptions were written by staff and were never
 *   meant to be published.
 * - Writes need an api_key and act as the key's actor: its roles and region scope apply exactly as in
 *   the console (createAppeal, act).
 */
import { and, asc, desc, eq, gte, inArray, isNotNull, lte, ne, notInArray, type SQL } from 'drizzle-orm';
import { authorize, SYSTEM_ACTOR, type Actor } from '../../platform/access.js';
import type { RequestContext } from '../../platform/audit.js';
import { normalisePhone } from '../../platform/crypto.js';
import type { DbOrTx } from '../../platform/db.js';
import { visibleAppeals } from '../../platform/access/appeals.js';
import { searchTerms } from '../appeals/appeals.search.js';
import { act, createAppealOnce, STATUS_PUBLIC, type AppealRow, type Channel, type Deps } from '../appeals/appeals.service.js';
import { requestHash } from '../appeals/appeals.idempotency.js';
import { appealEvents, appeals } from '../appeals/appeals.tables.js';
import type { Status } from '../appeals/appeals.workflow.js';
import { listCategories } from '../categories/categories.service.js';
import { namesOf as orgNamesOf } from '../orgs/orgs.service.js';
import { exists as regionExists, namesOf as regionNamesOf } from '../regions/regions.service.js';

/** An error in Open311's terms: the HTTP status is also the error's code. */
export class Open311Error extends Error {
  constructor(
    readonly status: 400 | 403 | 404,
    readonly zh: string,
    readonly en: string,
  ) {
    super(en);
  }
}

const bad = (zh: string, en: string) => new Open311Error(400, zh, en);

export const SPECIFICATION = 'http://wiki.open311.org/GeoReport_v2';
/** When this API last changed (discovery's changeset). */
export const CHANGESET = '2026-11-22T00:00:00+08:00';
/** Most service requests (and updates) one call returns; the default window is the last 90 days. */
export const MAX_RESULTS = 1000;
export const WINDOW_DAYS = 90;
export const MAX_DESCRIPTION = 4000;
/** Sources whose appeals are listed without an api_key (see the module comment). */
export const PUBLIC_SOURCES = ['public', 'open311'];

const CLOSED: Status[] = ['closed', 'not_accepted', 'merged'];
export function open311Status(status: string): 'open' | 'closed' {
  return (CLOSED as string[]).includes(status) ? 'closed' : 'open';
}

const CHINA_OFFSET_MS = 8 * 3600_000;
/** ISO 8601 in China time with its zone: 2026-11-22T09:30:00+08:00. */
export function isoChina(d: Date): string {
  return new Date(d.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 19) + '+08:00';
}

const W3C = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** W3C datetimes; without a zone (or a date alone) they are read as China time. */
export function parseDate(value: string, field: string): Date {
  const v = value.trim();
  if (!W3C.test(v)) throw bad(`${field} 应为 ISO 8601 时间，例如 2026-11-22T00:00:00+08:00`, `${field} must be an ISO 8601 datetime, e.g. 2026-11-22T00:00:00+08:00`);
  let text = v.length === 10 ? `${v}T00:00:00` : v;
  if (!/(Z|[+-]\d{2}:?\d{2})$/.test(text)) text += '+08:00';
  const d = new Date(text);
  if (Number.isNaN(d.getTime())) throw bad(`${field} 不是有效的时间`, `${field} is not a valid datetime`);
  return d;
}

/** The spec's window: at most 90 days; the last 90 days by default. */
export function dateWindow(start: string | undefined, end: string | undefined, now = new Date()): { from: Date; to: Date } {
  const span = WINDOW_DAYS * 86_400_000;
  const from = start ? parseDate(start, 'start_date') : null;
  const to = end ? parseDate(end, 'end_date') : null;
  if (from && to) {
    if (to < from) throw bad('end_date 早于 start_date', 'end_date is before start_date');
    if (to.getTime() - from.getTime() > span) throw bad(`查询时间范围不能超过 ${WINDOW_DAYS} 天`, `start_date and end_date may not span more than ${WINDOW_DAYS} days`);
    return { from, to };
  }
  if (from) return { from, to: new Date(from.getTime() + span) };
  if (to) return { from: new Date(to.getTime() - span), to };
  return { from: new Date(now.getTime() - span), to: now };
}

function list(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

function text(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  const s = String(value).trim();
  return s === '' ? undefined : s;
}

// ---------------------------------------------------------------------------------------------
// Services

export interface ServiceView {
  service_code: string;
  service_name: string;
  description: string;
  metadata: false;
  type: 'realtime';
  keywords: string;
  group: string;
}

export async function listServices(db: DbOrTx): Promise<ServiceView[]> {
  const cats = await listCategories(db, SYSTEM_ACTOR);
  const parents = new Map(cats.filter((c) => c.level === 1).map((c) => [c.code, c]));
  return cats
    .filter((c) => c.level === 2 && c.active && (!c.parentCode || parents.get(c.parentCode)?.active !== false))
    .map((c) => {
      const group = (c.parentCode && parents.get(c.parentCode)?.name) || '';
      return {
        service_code: c.code,
        service_name: c.name,
        description: group ? `${group}：${c.name}` : c.name,
        metadata: false,
        type: 'realtime',
        keywords: [...new Set([...searchTerms(c.name), ...(group ? [group] : [])])].join(', '),
        group,
      };
    });
}

export async function serviceDefinition(db: DbOrTx, code: string) {
  if (!(await listServices(db)).some((s) => s.service_code === code)) throw new Open311Error(404, `服务 ${code} 不存在`, `Service ${code} not found`);
  // metadata is false for every service: no extra attributes to fill in.
  return { service_code: code, attributes: [] as never[] };
}

// ---------------------------------------------------------------------------------------------
// Reading service requests

/** Which appeals a reader sees: the key's scope, or without a key the publicly submitted ones. */
function readable(actor: Actor | null): SQL | undefined {
  if (!actor) return inArray(appeals.source, PUBLIC_SOURCES);
  authorize(actor, 'appeals.read');
  return visibleAppeals(actor);
}

// media_url has no column of its own: it travels at the end of the description, for staff to open.
const MEDIA_MARK = '\n\n图片 media_url: ';

function withMedia(description: string, mediaUrl: string | undefined): string {
  return mediaUrl ? `${description}${MEDIA_MARK}${mediaUrl}` : description;
}

function splitMedia(content: string): { description: string; mediaUrl: string | null } {
  const i = content.lastIndexOf(MEDIA_MARK);
  if (i < 0) return { description: content, mediaUrl: null };
  const url = content.slice(i + MEDIA_MARK.length);
  return /^https?:\/\/\S+$/.test(url) ? { description: content.slice(0, i), mediaUrl: url } : { description: content, mediaUrl: null };
}

function mediaUrl(value: string | undefined): string | undefined {
  const v = text(value);
  if (!v) return undefined;
  let ok = false;
  try {
    const u = new URL(v);
    ok = (u.protocol === 'http:' || u.protocol === 'https:') && v.length <= 1000 && !/\s/.test(v);
  } catch {
    ok = false;
  }
  if (!ok) throw bad('media_url 应为 http(s) 地址', 'media_url must be an http(s) URL');
  return v;
}

export interface RequestView {
  service_request_id: string;
  status: 'open' | 'closed';
  status_notes: string | null;
  service_name: string;
  service_code: string;
  description: string;
  agency_responsible: string | null;
  service_notice: string | null;
  requested_datetime: string;
  updated_datetime: string;
  expected_datetime: string | null;
  address: string | null;
  address_id: string | null;
  zipcode: string | null;
  lat: number | null;
  long: number | null;
  media_url: string | null;
}

/** About 100 m: three decimals of a degree. */
export function roundedDegrees(x: number | null): number | null {
  return x === null ? null : Math.round(x * 1000) / 1000;
}

/** The community and grid (or the township) an appeal lies in: the codes whose names stand for its address. */
function areaCodes(regionCode: string): string[] {
  if (regionCode.length >= 15) return [regionCode.slice(0, 12), regionCode];
  return [regionCode];
}

/**
 * Without an api_key (exact = false) a resident's submission is published without its exact place:
 * the point is rounded to about 100 m and the address is the community and grid's names, never the
 * street, building or room the resident typed. A key's holder reads the exact values.
 */
async function views(db: DbOrTx, rows: AppealRow[], exact: boolean): Promise<RequestView[]> {
  if (!rows.length) return [];
  const ids = rows.map((r) => r.id);
  const [cats, orgNames, townships, areas, notes] = await Promise.all([
    listCategories(db, SYSTEM_ACTOR),
    orgNamesOf(db, rows.map((r) => r.handlingOrgId).filter((x): x is string => !!x)),
    regionNamesOf(db, rows.map((r) => r.townshipCode)),
    exact ? new Map<string, string>() : regionNamesOf(db, [...new Set(rows.flatMap((r) => areaCodes(r.regionCode)))]),
    // The latest plain words the requester was told, per appeal.
    db
      .selectDistinctOn([appealEvents.appealId], { appealId: appealEvents.appealId, text: appealEvents.publicText })
      .from(appealEvents)
      .where(and(inArray(appealEvents.appealId, ids), isNotNull(appealEvents.publicText)))
      .orderBy(appealEvents.appealId, desc(appealEvents.id)),
  ]);
  const catNames = new Map(cats.map((c) => [c.code, c.name]));
  const noteOf = new Map(notes.map((n) => [n.appealId, n.text]));
  return rows.map((a) => {
    const { description, mediaUrl: media } = splitMedia(a.content);
    return {
      service_request_id: a.number,
      status: open311Status(a.status),
      status_notes: noteOf.get(a.id) ?? null,
      service_name: catNames.get(a.categoryCode) ?? a.categoryCode,
      service_code: a.categoryCode,
      description,
      // The handling organisation once dispatched; before that, the township (街道/乡镇) that accepts it.
      agency_responsible: (a.handlingOrgId ? orgNames.get(a.handlingOrgId) : undefined) ?? townships.get(a.townshipCode) ?? null,
      service_notice: null,
      requested_datetime: isoChina(a.createdAt),
      updated_datetime: isoChina(a.updatedAt),
      expected_datetime: a.handlingDueAt ? isoChina(a.handlingDueAt) : null,
      address: exact ? a.address : areaCodes(a.regionCode).map((c) => areas.get(c)).filter(Boolean).join(' ') || null,
      address_id: a.regionCode,
      zipcode: null,
      lat: exact ? a.lat : roundedDegrees(a.lat),
      long: exact ? a.lon : roundedDegrees(a.lon),
      media_url: media,
    };
  });
}

export interface RequestQuery {
  service_request_id?: string;
  service_code?: string;
  start_date?: string;
  end_date?: string;
  status?: string;
}

export async function listRequests(deps: Deps, actor: Actor | null, q: RequestQuery, now = new Date()): Promise<RequestView[]> {
  const db = deps.database.db;
  const conds: (SQL | undefined)[] = [readable(actor)];
  const ids = list(q.service_request_id);
  if (ids.length) {
    // The spec: service_request_id overrides every other argument.
    if (ids.length > MAX_RESULTS) throw bad(`一次最多查询 ${MAX_RESULTS} 个编号`, `at most ${MAX_RESULTS} service_request_id values`);
    conds.push(inArray(appeals.number, ids));
  } else {
    const codes = list(q.service_code);
    if (codes.length) conds.push(inArray(appeals.categoryCode, codes));
    const statuses = list(q.status).map((s) => s.toLowerCase());
    for (const s of statuses) if (s !== 'open' && s !== 'closed') throw bad('status 应为 open 或 closed', 'status must be open or closed');
    if (statuses.length && !(statuses.includes('open') && statuses.includes('closed'))) {
      conds.push(statuses[0] === 'closed' ? inArray(appeals.status, CLOSED) : notInArray(appeals.status, CLOSED));
    }
    const { from, to } = dateWindow(q.start_date, q.end_date, now);
    conds.push(gte(appeals.createdAt, from), lte(appeals.createdAt, to));
  }
  const rows = await db
    .select()
    .from(appeals)
    .where(and(...conds))
    .orderBy(desc(appeals.createdAt), desc(appeals.id))
    .limit(MAX_RESULTS);
  return views(db, rows, actor !== null);
}

export async function getRequest(deps: Deps, actor: Actor | null, id: string): Promise<RequestView[]> {
  const db = deps.database.db;
  const rows = await db
    .select()
    .from(appeals)
    .where(and(readable(actor), eq(appeals.number, id)))
    .limit(1);
  if (!rows.length) throw new Open311Error(404, `服务请求 ${id} 不存在`, `Service request ${id} not found`);
  return views(db, rows, actor !== null);
}

/**
 * The token handed out at submission, exchanged for the service request id. The token itself is the
 * credential: a 24-byte random value only its submitter was given.
 */
export async function byToken(deps: Deps, token: string): Promise<{ service_request_id: string; token: string }[]> {
  const [a] = await deps.database.db.select({ number: appeals.number }).from(appeals).where(eq(appeals.token, token)).limit(1);
  if (!a) throw new Open311Error(404, '令牌不存在', `Token ${token} not found`);
  return [{ service_request_id: a.number, token }];
}

// ---------------------------------------------------------------------------------------------
// Submitting a service request

export type Form = Record<string, unknown>;

export interface Created {
  service_request_id: string;
  token: string;
  service_notice: string;
  account_id: string | null;
}

function requesterName(form: Form): string | undefined {
  const first = text(form.first_name);
  const last = text(form.last_name);
  if (!first && !last) return undefined;
  // 王 + 秀英 → 王秀英; Latin names keep their order and the space.
  const latin = /[A-Za-z]/.test(`${first ?? ''}${last ?? ''}`);
  const name = latin ? [first, last].filter(Boolean).join(' ') : `${last ?? ''}${first ?? ''}`;
  return name.slice(0, 50);
}

/** The key's name says where the requests come from: a key named for the 12345 hotline registers 12345 appeals. */
export function channelOf(actor: Actor): Channel {
  return /12345/.test(actor.name) ? '12345' : 'other';
}

export async function createRequest(deps: Deps, ctx: RequestContext, form: Form, idempotencyKey?: string): Promise<Created[]> {
  const db = deps.database.db;
  authorize(ctx.actor, 'appeals.create');
  const serviceCode = text(form.service_code);
  if (!serviceCode) throw bad('缺少 service_code', 'service_code is required');
  if (!(await listServices(db)).some((s) => s.service_code === serviceCode)) throw bad(`未知的 service_code ${serviceCode}`, `unknown service_code ${serviceCode}`);

  const lat = text(form.lat);
  const long = text(form.long);
  let location: { lon: number; lat: number } | undefined;
  if (lat !== undefined || long !== undefined) {
    const y = Number(lat);
    const x = Number(long);
    if (lat === undefined || long === undefined || !Number.isFinite(x) || !Number.isFinite(y)) {
      throw bad('lat 和 long 须同时给出且为数字', 'lat and long must both be given as numbers');
    }
    location = { lon: x, lat: y };
  }
  const addressString = text(form.address_string);
  const addressId = text(form.address_id);
  if (!location && !addressString && !addressId) {
    throw bad('缺少位置：请给出 lat 和 long、address_string 或 address_id', 'a location is required: lat and long, address_string or address_id');
  }
  if (addressId !== undefined && !(/^(\d{9}|\d{12}|\d{15})$/.test(addressId) && (await regionExists(db, addressId)))) {
    throw bad(`address_id ${addressId} 不是已知的乡镇（街道）、村（社区）或网格代码`, `address_id ${addressId} is not a known township, community or grid code`);
  }
  // Without a point or an address_id, a key bound to a township or below places it in its own area.
  // With a point, the key's area is no fallback: a point elsewhere must answer 403, not be moved here.
  const placeCode = addressId ?? (!location && ctx.actor.regionCode.length >= 9 ? ctx.actor.regionCode : undefined);
  if (!location && !placeCode) {
    throw bad('仅凭 address_string 无法确定位置，请同时给出 lat 和 long 或 address_id', 'address_string alone cannot be located; give lat and long, or address_id');
  }

  const description = text(form.description);
  if (!description) throw bad('缺少 description', 'description is required');
  if (description.length > MAX_DESCRIPTION) throw bad(`description 不能超过 ${MAX_DESCRIPTION} 字`, `description may not exceed ${MAX_DESCRIPTION} characters`);
  const phoneRaw = text(form.phone);
  let phone: string | undefined;
  if (phoneRaw !== undefined) {
    phone = normalisePhone(phoneRaw) ?? undefined;
    if (!phone) throw bad('phone 不是有效的中国大陆电话号码', 'phone is not a valid mainland China phone number');
  }
  const media = mediaUrl(text(form.media_url));
  const accountId = text(form.account_id) ?? null;

  // The key is the integration's (its API key's); the request is the form without its credentials.
  const { api_key: _key, idempotency_key: _idem, ...request } = form;
  const idempotency = idempotencyKey ? { scope: `${ctx.actor.kind}:${ctx.actor.id}`, key: idempotencyKey, hash: requestHash(request) } : undefined;
  const { row } = await createAppealOnce(
    deps,
    { ctx, source: 'open311', ip: ctx.ip, idempotency },
    {
      channel: channelOf(ctx.actor),
      // Only a phone makes a requester we can answer; the name goes with it. email and device_id have
      // no place in an appeal and are not kept.
      requester: phone ? { kind: 'resident', name: requesterName(form), phone } : { kind: 'anonymous' },
      content: withMedia(description, media),
      categoryCode: serviceCode,
      location,
      address: addressString?.slice(0, 200),
      placeCode,
    },
  );
  return [
    {
      service_request_id: row.number,
      token: row.token,
      service_notice: `${STATUS_PUBLIC.registered}。编号 ${row.number}。`,
      account_id: accountId,
    },
  ];
}

// ---------------------------------------------------------------------------------------------
// Service request updates (extension)

export interface UpdateView {
  update_id: string;
  service_request_id: string;
  status: 'open' | 'closed';
  updated_datetime: string;
  description: string;
  media_url: string | null;
}

/**
 * Our side of the conversation: every step with plain words for the requester, after registration
 * (the request itself is not an update). Notes posted through Open311 carry no public words, so an
 * integration never reads its own updates back.
 */
export async function listUpdates(deps: Deps, actor: Actor | null, q: { start_date?: string; end_date?: string }, now = new Date()): Promise<UpdateView[]> {
  const { from, to } = dateWindow(q.start_date, q.end_date, now);
  const rows = await deps.database.db
    .select({
      id: appealEvents.id,
      at: appealEvents.at,
      text: appealEvents.publicText,
      toStatus: appealEvents.toStatus,
      number: appeals.number,
      status: appeals.status,
    })
    .from(appealEvents)
    .innerJoin(appeals, eq(appeals.id, appealEvents.appealId))
    .where(and(readable(actor), isNotNull(appealEvents.publicText), ne(appealEvents.type, 'registered'), gte(appealEvents.at, from), lte(appealEvents.at, to)))
    .orderBy(asc(appealEvents.at), asc(appealEvents.id))
    .limit(MAX_RESULTS);
  return rows.map((r) => ({
    update_id: String(r.id),
    service_request_id: r.number,
    status: open311Status(r.toStatus ?? r.status),
    updated_datetime: isoChina(r.at),
    description: r.text!,
    media_url: null,
  }));
}

/**
 * An update from the other system: a note (添加办理记录) on the appeal, taken by the key's actor through
 * the workflow, so the key's roles decide whether it may. A status it reports is recorded in the note;
 * it does not move the appeal, whose closing belongs to the evaluation loop.
 */
export async function postUpdate(deps: Deps, ctx: RequestContext, form: Form): Promise<{ update_id: string }[]> {
  const db = deps.database.db;
  authorize(ctx.actor, 'appeals.read');
  const id = text(form.service_request_id);
  if (!id) throw bad('缺少 service_request_id', 'service_request_id is required');
  const description = text(form.description);
  if (!description) throw bad('缺少 description', 'description is required');
  if (description.length > MAX_DESCRIPTION) throw bad(`description 不能超过 ${MAX_DESCRIPTION} 字`, `description may not exceed ${MAX_DESCRIPTION} characters`);
  const status = text(form.status)?.toLowerCase();
  if (status !== undefined && status !== 'open' && status !== 'closed') throw bad('status 应为 open 或 closed', 'status must be open or closed');
  const media = mediaUrl(text(form.media_url));
  const [appeal] = await db
    .select({ id: appeals.id, version: appeals.version })
    .from(appeals)
    .where(and(visibleAppeals(ctx.actor), eq(appeals.number, id)))
    .limit(1);
  if (!appeal) throw new Open311Error(404, `服务请求 ${id} 不存在`, `Service request ${id} not found`);
  const note = withMedia(status ? `${description}\n（对方系统状态 status: ${status}）` : description, media);
  await act(deps, ctx, appeal.id, 'note', { version: appeal.version, note });
  const [ev] = await db
    .select({ id: appealEvents.id })
    .from(appealEvents)
    .where(and(eq(appealEvents.appealId, appeal.id), eq(appealEvents.type, 'note'), eq(appealEvents.actorId, ctx.actor.id)))
    .orderBy(desc(appealEvents.id))
    .limit(1);
  return [{ update_id: String(ev.id) }];
}
