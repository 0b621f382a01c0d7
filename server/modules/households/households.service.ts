/**
 * 一户一档: household files and their members. Every read goes through the caller's grid scope
 * (access.ts: region subtree; a grid worker only their assigned grids); every write is versioned
 * (households.history.ts), appears on the household's timeline and in the audit log.
 */
import { randomUUID } from 'node:crypto';
import { and, asc, count, eq, inArray, isNull, like, sql, type SQL } from 'drizzle-orm';
import { authorize, inRegion, assertInScope, type Actor } from '../../platform/access.js';
import { householdsVisible } from '../../platform/access/households.js';
import { audit, type RequestContext } from '../../platform/audit.js';
import type { Database, DbOrTx } from '../../platform/db.js';
import { AppError, conflict, duplicate, notFound } from '../../platform/errors.js';
import type { Vault } from '../../platform/crypto.js';
import { maskIdNumber, maskPhone, parseIdNumber, parsePhone } from '../../platform/personal-data.js';
import { pageOf, type PageResult } from '../../platform/schemas.js';
import { buildingsByIds, findBuilding, type BuildingView } from '../buildings/buildings.service.js';
import { assertGridWritable, gridNamesOf } from '../grids/grids.service.js';
import type { ReshapeTarget } from '../grids/grids.reshape.js';
import { findById as findUserById, likePattern } from '../users/users.repo.js';
import { activeTagCodes, listVisitRules, RELATIONS, visitIntervalFor } from './households.config.js';
import { changeView, creationChanges, diff, listHistory, recordChange, recordChangesBatch, sameValue, type ChangeAction, type ChangeView } from './households.history.js';
import { householdMembers, households, people, recordChanges, type HistoryValue } from './households.tables.js';
import { appendHouseholdEvent, appendHouseholdEvents, listTimeline } from './households.timeline.js';
import { checkPerson, personHistory, sealPerson, throwProblem, unseal, type PersonInput } from './people.fields.js';

export interface Deps {
  database: Database;
  pii: Vault;
}

export type HouseholdRow = typeof households.$inferSelect;
export type PersonRow = typeof people.$inferSelect;

// ---------------------------------------------------------------------------------------------
// Views: ID numbers and phones masked, always.

export interface PersonView {
  id: string;
  householdId: string | null;
  gridCode: string;
  name: string;
  relation: string | null;
  idNumber: string | null;
  phone: string | null;
  birthDate: string | null;
  age: number | null;
  sex: string | null;
  status: string;
  userId: string | null;
  version: number;
}

export interface HouseholdView {
  id: string;
  gridCode: string;
  gridName: string;
  addressKind: string;
  address: string;
  buildingId: string | null;
  buildingCode: string | null;
  unit: string | null;
  floor: number | null;
  room: string | null;
  villageGroup: string | null;
  houseNumber: string | null;
  type: string;
  tags: string[];
  riskLevel: string;
  riskNotes: string | null;
  headPersonId: string | null;
  headName: string | null;
  memberCount: number;
  visitIntervalDays: number;
  lon: number | null;
  lat: number | null;
  status: string;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export function ageOf(birthDate: string | null, today = new Date()): number | null {
  if (!birthDate) return null;
  const [y, m, d] = birthDate.split('-').map(Number);
  let age = today.getUTCFullYear() - y;
  if (today.getUTCMonth() + 1 < m || (today.getUTCMonth() + 1 === m && today.getUTCDate() < d)) age--;
  return age;
}

export function personView(p: PersonRow): PersonView {
  return {
    id: p.id,
    householdId: p.householdId,
    gridCode: p.gridCode,
    name: p.name,
    relation: p.relation,
    idNumber: p.idNumberMasked,
    phone: p.phoneMasked,
    birthDate: p.birthDate,
    age: ageOf(p.birthDate),
    sex: p.sex,
    status: p.status,
    userId: p.userId,
    version: p.version,
  };
}

async function householdViews(db: DbOrTx, rows: HouseholdRow[]): Promise<HouseholdView[]> {
  if (!rows.length) return [];
  const gridCodes = [...new Set(rows.map((r) => r.gridCode))];
  const heads = rows.map((r) => r.headPersonId).filter((x): x is string => !!x);
  const [gridName, hs, bs] = await Promise.all([
    gridNamesOf(db, gridCodes),
    heads.length ? db.select({ id: people.id, name: people.name }).from(people).where(inArray(people.id, heads)) : [],
    buildingsByIds(db, rows.map((r) => r.buildingId).filter((x): x is string => !!x)),
  ]);
  const headName = new Map(hs.map((h) => [h.id, h.name]));
  return rows.map((h) => ({
    ...pick(h, ['id', 'gridCode', 'addressKind', 'address', 'buildingId', 'unit', 'floor', 'room', 'villageGroup', 'houseNumber', 'type', 'tags', 'riskLevel', 'riskNotes', 'headPersonId', 'memberCount', 'visitIntervalDays', 'lon', 'lat', 'status', 'version']),
    gridName: gridName.get(h.gridCode) ?? h.gridCode,
    buildingCode: h.buildingId ? bs.get(h.buildingId)?.code ?? null : null,
    headName: h.headPersonId ? headName.get(h.headPersonId) ?? null : null,
    createdAt: h.createdAt.toISOString(),
    updatedAt: h.updatedAt.toISOString(),
  }));
}

function pick<T, K extends keyof T>(row: T, keys: readonly K[]): Pick<T, K> {
  const out = {} as Pick<T, K>;
  for (const k of keys) out[k] = row[k];
  return out;
}

// ---------------------------------------------------------------------------------------------
// Scoped finders: outside the caller's scope a record does not exist (404).

export async function findHousehold(db: DbOrTx, actor: Actor, id: string): Promise<HouseholdRow> {
  authorize(actor, 'households.read');
  const [row] = await db
    .select()
    .from(households)
    .where(and(eq(households.id, id), householdsVisible(actor, households.gridCode)));
  if (!row) throw notFound('户档案', 'Household');
  return row;
}

export async function findPerson(db: DbOrTx, actor: Actor, id: string): Promise<PersonRow> {
  authorize(actor, 'households.read');
  const [row] = await db
    .select()
    .from(people)
    .where(and(eq(people.id, id), householdsVisible(actor, people.gridCode)));
  if (!row) throw notFound('人员', 'Person');
  return row;
}

// ---------------------------------------------------------------------------------------------
// Listing and search

export interface HouseholdFilter {
  /** A member's name (prefix), a full ID number, or a full phone number. */
  q?: string;
  address?: string;
  within?: string;
  gridCode?: string;
  buildingId?: string;
  type?: string;
  tag?: string;
  riskLevel?: string;
  status?: 'active' | 'archived' | 'all';
  page?: number;
  pageSize?: number;
}

/** Members matching a search: exact ID number or phone through the blind index, else name prefix. */
export function memberMatch(pii: Vault, q: string): SQL {
  const id = parseIdNumber(q);
  if (!('problem' in id)) return eq(people.idNumberBidx, pii.blindIndex('id', id.idNumber));
  const phone = parsePhone(q);
  if (!('problem' in phone)) return eq(people.phoneBidx, pii.blindIndex('phone', phone.digits));
  return like(people.name, `${q.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
}

export function householdWhere(pii: Vault, actor: Actor, f: HouseholdFilter): SQL | undefined {
  if (f.within) assertInScope(actor, f.within, '区域', 'Region');
  const conds: (SQL | undefined)[] = [householdsVisible(actor, households.gridCode)];
  if (f.status !== 'all') conds.push(eq(households.status, f.status ?? 'active'));
  if (f.within) conds.push(inRegion(households.gridCode, f.within));
  if (f.gridCode) conds.push(eq(households.gridCode, f.gridCode));
  if (f.buildingId) conds.push(eq(households.buildingId, f.buildingId));
  if (f.type) conds.push(eq(households.type, f.type));
  if (f.tag) conds.push(sql`${f.tag} = any(${households.tags})`);
  if (f.riskLevel) conds.push(eq(households.riskLevel, f.riskLevel));
  if (f.address) conds.push(like(households.address, likePattern(f.address)));
  if (f.q?.trim()) {
    conds.push(
      sql`${households.id} in (select ${people.householdId} from ${people} where ${and(memberMatch(pii, f.q), householdsVisible(actor, people.gridCode))})`,
    );
  }
  return and(...conds);
}

/**
 * What a search term is: a full ID number or phone (looked up through the blind index, and audited),
 * or a name prefix. `masked` is the form the audit log keeps: never the searched value in clear.
 */
export function searchKind(q: string | undefined): { by: 'id_number' | 'phone'; masked: string } | null {
  if (!q?.trim()) return null;
  const id = parseIdNumber(q);
  if (!('problem' in id)) return { by: 'id_number', masked: maskIdNumber(id.idNumber) };
  const phone = parsePhone(q);
  if (!('problem' in phone)) return { by: 'phone', masked: maskPhone(phone.phone) };
  return null;
}

export async function listHouseholds(deps: Deps, ctx: RequestContext, f: HouseholdFilter): Promise<PageResult<HouseholdView>> {
  const actor = ctx.actor;
  authorize(actor, 'households.read');
  const db = deps.database.db;
  const { page, pageSize, offset } = pageOf(f);
  const where = householdWhere(deps.pii, actor, f);
  const [rows, [{ n }]] = await Promise.all([
    db.select().from(households).where(where).orderBy(asc(households.gridCode), asc(households.address)).limit(pageSize).offset(offset),
    db.select({ n: count() }).from(households).where(where),
  ]);
  // Looking a person up by their ID number or phone is a view of personal data: who, when, which
  // number (masked) and which files it found.
  const kind = searchKind(f.q);
  if (kind) {
    await audit(db, ctx, {
      action: 'household.search',
      targetType: 'household',
      targetId: rows.length === 1 ? rows[0].id : undefined,
      details: { by: kind.by, value: kind.masked, matches: Number(n), householdIds: rows.slice(0, 20).map((r) => r.id) },
    });
  }
  return { items: await householdViews(db, rows), total: Number(n), page, pageSize };
}

export async function getHousehold(deps: Deps, actor: Actor, id: string): Promise<HouseholdView & { members: PersonView[] }> {
  const db = deps.database.db;
  const h = await findHousehold(db, actor, id);
  const members = await db.select().from(people).where(eq(people.householdId, id)).orderBy(sql`${people.relation} = 'head' desc`, asc(people.birthDate), asc(people.name));
  return { ...(await householdViews(db, [h]))[0], members: members.map(personView) };
}

// ---------------------------------------------------------------------------------------------
// Household fields: address, type, tags, risk

export interface HouseholdInput {
  gridCode?: string;
  addressKind: 'building' | 'village';
  buildingId?: string | null;
  unit?: string | null;
  floor?: number | null;
  room?: string | null;
  villageGroup?: string | null;
  houseNumber?: string | null;
  type?: string;
  tags?: string[];
  riskLevel?: string;
  riskNotes?: string | null;
  lon?: number | null;
  lat?: number | null;
}

const norm = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, '').replace(/(单元|室|号)$/, '').toLowerCase();

export function composeAddress(kind: string, parts: { building?: Pick<BuildingView, 'name' | 'compoundName'> | null; unit?: string | null; room?: string | null; villageGroup?: string | null; houseNumber?: string | null }): string {
  if (kind === 'building') {
    const unit = parts.unit ? (/单元$/.test(parts.unit) ? parts.unit : `${parts.unit}单元`) : '';
    const room = parts.room ? (/[室号]$/.test(parts.room) ? parts.room : `${parts.room}室`) : '';
    return `${parts.building?.compoundName ?? ''}${parts.building?.name ?? ''}${unit}${room}`;
  }
  const no = parts.houseNumber ? (/号$/.test(parts.houseNumber) ? parts.houseNumber : `${parts.houseNumber}号`) : '';
  return `${parts.villageGroup ?? ''}${no}`;
}

/** The natural key: one household per address. Village addresses key on the village, so splitting a grid keeps them. */
export function addressKeyOf(kind: string, p: { buildingId?: string | null; unit?: string | null; room?: string | null; gridCode: string; villageGroup?: string | null; houseNumber?: string | null }): string {
  return kind === 'building' ? `b:${p.buildingId}:${norm(p.unit)}:${norm(p.room)}` : `v:${p.gridCode.slice(0, 12)}:${norm(p.villageGroup)}:${norm(p.houseNumber)}`;
}

export type HouseholdFields = Omit<typeof households.$inferInsert, 'id' | 'createdAt' | 'updatedAt' | 'version' | 'headPersonId' | 'memberCount'>;

/** Validates household input against the caller's scope and resolves the derived fields. */
async function resolveHousehold(db: DbOrTx, actor: Actor, input: HouseholdInput, status: string): Promise<HouseholdFields> {
  let gridCode = input.gridCode;
  let building: BuildingView | null = null;
  if (input.addressKind === 'building') {
    if (!input.buildingId) throw new AppError('required', { field: 'body.buildingId' }, [{ field: 'body.buildingId', rule: 'required' }]);
    if (!input.room?.trim()) throw new AppError('required', { field: 'body.room' }, [{ field: 'body.room', rule: 'required' }]);
    const b = await findBuilding(db, actor, input.buildingId);
    building = (await buildingsByIds(db, [b.id])).get(b.id)!;
    if (gridCode && gridCode !== b.gridCode) {
      throw conflict(`楼栋属于网格 ${b.gridCode}，不属于 ${gridCode}`, `The building belongs to grid ${b.gridCode}, not ${gridCode}`);
    }
    gridCode = b.gridCode;
  } else {
    if (!gridCode) throw new AppError('required', { field: 'body.gridCode' }, [{ field: 'body.gridCode', rule: 'required' }]);
    for (const f of ['villageGroup', 'houseNumber'] as const) {
      if (!input[f]?.trim()) throw new AppError('required', { field: `body.${f}` }, [{ field: `body.${f}`, rule: 'required' }]);
    }
  }
  await assertGridWritable(db, actor, gridCode!);
  const tags = [...new Set(input.tags ?? [])].sort();
  const known = await activeTagCodes(db);
  const unknown = tags.filter((t) => !known.has(t));
  if (unknown.length) throw new AppError('unknown_value', { field: 'body.tags', value: unknown.join(', ') }, [{ field: 'body.tags', rule: 'unknown_value' }]);
  if ((input.lon === null || input.lon === undefined) !== (input.lat === null || input.lat === undefined)) {
    throw new AppError('required', { field: input.lon === undefined || input.lon === null ? 'body.lon' : 'body.lat' });
  }
  const type = input.type ?? 'ordinary';
  const riskLevel = input.riskLevel ?? 'none';
  const isBuilding = input.addressKind === 'building';
  const fields: HouseholdFields = {
    gridCode: gridCode!,
    addressKind: input.addressKind,
    buildingId: isBuilding ? input.buildingId! : null,
    unit: isBuilding ? input.unit?.trim() || null : null,
    floor: isBuilding ? input.floor ?? null : null,
    room: isBuilding ? input.room!.trim() : null,
    villageGroup: isBuilding ? null : input.villageGroup!.trim(),
    houseNumber: isBuilding ? null : input.houseNumber!.trim(),
    address: '',
    addressKey: '',
    type,
    tags,
    riskLevel,
    riskNotes: input.riskNotes?.trim() || null,
    visitIntervalDays: visitIntervalFor(await listVisitRules(db), { type, tags, riskLevel }),
    lon: input.lon ?? null,
    lat: input.lat ?? null,
    status,
  };
  fields.address = composeAddress(fields.addressKind, { building, unit: fields.unit, room: fields.room, villageGroup: fields.villageGroup, houseNumber: fields.houseNumber });
  fields.addressKey = addressKeyOf(fields.addressKind, { ...fields, gridCode: fields.gridCode });
  return fields;
}

const HOUSEHOLD_TRACKED = ['gridCode', 'addressKind', 'buildingId', 'unit', 'floor', 'room', 'villageGroup', 'houseNumber', 'address', 'type', 'tags', 'riskLevel', 'riskNotes', 'lon', 'lat', 'status'] as const;

export function householdHistory(h: Partial<HouseholdFields>): Record<string, HistoryValue> {
  const out: Record<string, HistoryValue> = {};
  for (const k of HOUSEHOLD_TRACKED) out[k] = (h[k] as HistoryValue | undefined) ?? null;
  return out;
}

const FIELD_ZH: Record<string, string> = {
  gridCode: '网格', addressKind: '地址类型', buildingId: '楼栋', unit: '单元', floor: '楼层', room: '房号', villageGroup: '村民小组',
  houseNumber: '门牌号', address: '地址', type: '户类型', tags: '标签', riskLevel: '风险等级', riskNotes: '矛盾风险', lon: '经度', lat: '纬度',
  status: '状态', name: '姓名', relation: '与户主关系', idNumber: '身份证号', phone: '联系电话', birthDate: '出生日期', sex: '性别',
  userId: '关联账号', householdId: '所在户',
};
export const fieldsZh = (fields: string[]) => fields.map((f) => FIELD_ZH[f] ?? f).join('、');

async function addressTaken(db: DbOrTx, key: string, exceptId?: string): Promise<boolean> {
  const [r] = await db.select({ id: households.id }).from(households).where(eq(households.addressKey, key));
  return !!r && r.id !== exceptId;
}

export async function createHousehold(deps: Deps, ctx: RequestContext, input: HouseholdInput & { reason?: string | null }): Promise<HouseholdView & { members: PersonView[] }> {
  authorize(ctx.actor, 'households.write');
  const db = deps.database.db;
  const fields = await resolveHousehold(db, ctx.actor, input, 'active');
  if (await addressTaken(db, fields.addressKey)) throw duplicate('该地址的户档案', 'A household at this address', fields.address);
  const id = randomUUID();
  await db.transaction(async (tx) => {
    await tx.insert(households).values({ id, ...fields });
    await recordChange(tx, ctx, {
      entityType: 'household',
      entityId: id,
      householdId: id,
      gridCode: fields.gridCode,
      version: 1,
      action: 'create',
      changes: creationChanges(householdHistory(fields)),
      reason: input.reason,
    });
    await appendHouseholdEvent(tx, { householdId: id, gridCode: fields.gridCode, source: 'households', kind: 'file.created', summary: `建档：${fields.address}`, actor: ctx.actor });
    await audit(tx, ctx, { action: 'household.create', targetType: 'household', targetId: id, regionCode: fields.gridCode });
  });
  return getHousehold(deps, ctx.actor, id);
}

export interface HouseholdPatch extends Partial<HouseholdInput> {
  version: number;
  reason?: string | null;
  status?: 'active' | 'archived';
}

export interface ChangeMeta {
  action: ChangeAction;
  reason?: string | null;
  revertOf?: number | null;
  importJobId?: string | null;
}

/** Applies a complete new field set to a household: the one write path for edits, archives and reverts. */
export async function applyHousehold(tx: DbOrTx, ctx: RequestContext, current: HouseholdRow, next: HouseholdFields, version: number, meta: ChangeMeta): Promise<boolean> {
  const changes = diff(householdHistory(current), householdHistory(next));
  if (!changes.length) return false;
  if (next.addressKey !== current.addressKey && (await addressTaken(tx, next.addressKey, current.id))) {
    throw duplicate('该地址的户档案', 'A household at this address', next.address);
  }
  const [u] = await tx
    .update(households)
    .set({ ...next, updatedAt: new Date(), version: sql`${households.version} + 1` })
    .where(and(eq(households.id, current.id), eq(households.version, version)))
    .returning({ version: households.version });
  if (!u) throw new AppError('stale_version');
  if (next.gridCode !== current.gridCode) await tx.update(people).set({ gridCode: next.gridCode }).where(eq(people.householdId, current.id));
  const fields = changes.map((c) => c.field);
  await recordChange(tx, ctx, { entityType: 'household', entityId: current.id, householdId: current.id, gridCode: next.gridCode, version: u.version, action: meta.action, changes, reason: meta.reason, revertOf: meta.revertOf, importJobId: meta.importJobId });
  const what = meta.action === 'archive' ? '注销户档案' : meta.action === 'restore' ? '恢复户档案' : meta.action === 'revert' ? `撤销修改：${fieldsZh(fields)}` : `修改户档案：${fieldsZh(fields)}`;
  await appendHouseholdEvent(tx, { householdId: current.id, gridCode: next.gridCode, source: 'households', kind: `file.${meta.action === 'update' ? 'changed' : meta.action}`, summary: what, data: { fields }, actor: ctx.actor });
  await audit(tx, ctx, { action: `household.${meta.action}`, targetType: 'household', targetId: current.id, regionCode: next.gridCode, details: { changed: fields } });
  return true;
}

const INPUT_FIELDS = ['gridCode', 'buildingId', 'unit', 'floor', 'room', 'villageGroup', 'houseNumber', 'type', 'tags', 'riskLevel', 'riskNotes', 'lon', 'lat'] as const;

function inputOf(h: HouseholdRow): HouseholdInput {
  return { ...pick(h, INPUT_FIELDS), addressKind: h.addressKind as 'building' | 'village' };
}

/** `alongside` runs in the change's own transaction (e.g. the visit that carried the change marks it applied). */
export async function updateHousehold(deps: Deps, ctx: RequestContext, id: string, patch: HouseholdPatch, alongside?: (tx: DbOrTx) => Promise<void>) {
  authorize(ctx.actor, 'households.write');
  const db = deps.database.db;
  const current = await findHousehold(db, ctx.actor, id);
  const status = patch.status ?? current.status;
  if (current.status === 'archived' && status === 'archived') {
    throw conflict('户档案已注销，请先恢复再修改', 'The household file is archived; restore it before editing');
  }
  const { version, reason, status: _s, ...fields } = patch;
  const merged = { ...inputOf(current), ...Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) } as HouseholdInput;
  // Moving to a village address drops the building, and the reverse.
  if (patch.addressKind === 'village' && patch.gridCode === undefined) merged.gridCode = current.gridCode;
  const next = await resolveHousehold(db, ctx.actor, merged, status);
  const action: ChangeAction = status !== current.status ? (status === 'archived' ? 'archive' : 'restore') : 'update';
  await db.transaction(async (tx) => {
    await applyHousehold(tx, ctx, current, next, version, { action, reason });
    await alongside?.(tx);
  });
  return getHousehold(deps, ctx.actor, id);
}

// ---------------------------------------------------------------------------------------------
// People

async function assertIdFree(db: DbOrTx, actor: Actor, bidx: string | null | undefined, exceptId?: string): Promise<void> {
  if (!bidx) return;
  const [other] = await db.select({ id: people.id, gridCode: people.gridCode }).from(people).where(eq(people.idNumberBidx, bidx));
  if (other && other.id !== exceptId) {
    // Only someone who may see the other record learns that it exists and where; anyone else hears
    // that the number cannot be added here, as for any other refusal.
    const visible = await db.select({ id: people.id }).from(people).where(and(eq(people.id, other.id), householdsVisible(actor, people.gridCode)));
    if (!visible.length) throw new AppError('id_number_not_addable');
    throw new AppError('duplicate', { what: '身份证号码', whatEn: 'The ID number', value: '已登记' }, { personId: other.id });
  }
}

/** A concurrent write of the same ID number meets the unique index: the same answer as assertIdFree's. */
export function idNumberTaken(err: unknown): AppError | null {
  const e = err as { code?: string; constraint?: string; cause?: { code?: string; constraint?: string; message?: string } };
  const code = e?.cause?.code ?? e?.code;
  const constraint = e?.cause?.constraint ?? e?.constraint ?? e?.cause?.message ?? '';
  return code === '23505' && String(constraint).includes('people_id_number_bidx_uq') ? new AppError('id_number_not_addable') : null;
}

async function refreshHousehold(tx: DbOrTx, householdId: string): Promise<void> {
  await tx
    .update(households)
    .set({ memberCount: sql`(select count(*) from ${people} where ${people.householdId} = ${householdId})::int` })
    .where(eq(households.id, householdId));
}

async function assertHeadFree(tx: DbOrTx, householdId: string, relation: string | null, personId?: string): Promise<void> {
  if (relation !== 'head') return;
  const [h] = await tx.select({ head: households.headPersonId }).from(households).where(eq(households.id, householdId));
  if (h?.head && h.head !== personId) {
    throw conflict('该户已有户主，请先修改原户主的关系', 'The household already has a head; change the current head’s relation first');
  }
}

async function setHead(tx: DbOrTx, householdId: string, personId: string, relation: string | null): Promise<void> {
  if (relation === 'head') await tx.update(households).set({ headPersonId: personId }).where(eq(households.id, householdId));
  else await tx.update(households).set({ headPersonId: null }).where(and(eq(households.id, householdId), eq(households.headPersonId, personId)));
}

export interface PersonCreate extends PersonInput {
  name: string;
  reason?: string | null;
}

export async function addMember(deps: Deps, ctx: RequestContext, householdId: string, input: PersonCreate): Promise<PersonView> {
  authorize(ctx.actor, 'households.write');
  const db = deps.database.db;
  const h = await findHousehold(db, ctx.actor, householdId);
  if (h.status !== 'active') throw conflict('户档案已注销', 'The household file is archived');
  const { values, problems } = checkPerson(input);
  if (!values) throwProblem(problems[0]);
  const cols = sealPerson(deps.pii, values);
  await assertIdFree(db, ctx.actor, cols.idNumberBidx);
  const id = randomUUID();
  await db.transaction(async (tx) => {
    await assertHeadFree(tx, householdId, values.relation);
    await assertIdFree(tx, ctx.actor, cols.idNumberBidx);
    await tx.insert(people).values({ id, householdId, gridCode: h.gridCode, ...cols });
    await tx.insert(householdMembers).values({ personId: id, householdId, relation: values.relation, reason: input.reason ?? null });
    await setHead(tx, householdId, id, values.relation);
    await refreshHousehold(tx, householdId);
    const after = personHistory({ ...cols, status: 'active', userId: null, householdId });
    await recordChange(tx, ctx, { entityType: 'person', entityId: id, householdId, gridCode: h.gridCode, version: 1, action: 'create', changes: creationChanges(after), reason: input.reason });
    await appendHouseholdEvent(tx, {
      householdId,
      gridCode: h.gridCode,
      source: 'households',
      kind: 'member.joined',
      summary: `新增成员：${values.name}${values.relation ? `（${RELATIONS[values.relation].zh}）` : ''}`,
      refType: 'person',
      refId: id,
      actor: ctx.actor,
    });
    await audit(tx, ctx, { action: 'person.create', targetType: 'person', targetId: id, regionCode: h.gridCode });
  }).catch((err: unknown) => {
    throw idNumberTaken(err) ?? err;
  });
  const [row] = await db.select().from(people).where(eq(people.id, id));
  return personView(row);
}

export async function getPerson(deps: Deps, actor: Actor, id: string) {
  const db = deps.database.db;
  const p = await findPerson(db, actor, id);
  const stays = await db
    .select({ householdId: householdMembers.householdId, relation: householdMembers.relation, joinedAt: householdMembers.joinedAt, leftAt: householdMembers.leftAt, reason: householdMembers.reason, address: households.address, gridCode: households.gridCode })
    .from(householdMembers)
    .innerJoin(households, eq(households.id, householdMembers.householdId))
    .where(eq(householdMembers.personId, id))
    .orderBy(asc(householdMembers.joinedAt), asc(householdMembers.id));
  return {
    ...personView(p),
    residences: stays.map((s) => ({ ...s, joinedAt: s.joinedAt.toISOString(), leftAt: s.leftAt?.toISOString() ?? null })),
  };
}

export interface PersonPatch extends PersonInput {
  version: number;
  userId?: string | null;
  reason?: string | null;
}

/** Applies new person fields: the one write path for edits and reverts. */
export async function applyPerson(deps: Deps, tx: DbOrTx, ctx: RequestContext, current: PersonRow, input: PersonInput & { userId?: string | null }, version: number, meta: ChangeMeta): Promise<boolean> {
  const merged: PersonInput = {
    name: input.name ?? current.name,
    relation: input.relation !== undefined ? input.relation : current.relation,
    idNumber: input.idNumber !== undefined ? input.idNumber : current.idNumberEnc ? deps.pii.decrypt(current.idNumberEnc) : null,
    phone: input.phone !== undefined ? input.phone : current.phoneEnc ? deps.pii.decrypt(current.phoneEnc) : null,
    // Birth date and sex follow a new ID number unless given with it.
    birthDate: input.birthDate !== undefined ? input.birthDate : input.idNumber ? null : current.birthDate,
    sex: input.sex !== undefined ? input.sex : input.idNumber ? null : current.sex,
  };
  const { values, problems } = checkPerson(merged);
  if (!values) throwProblem(problems[0]);
  const sealed = sealPerson(deps.pii, values);
  // Unchanged sealed values keep their ciphertext, so the history does not show a change.
  const cols = {
    ...sealed,
    ...(sealed.idNumberBidx === current.idNumberBidx ? { idNumberEnc: current.idNumberEnc, idNumberMasked: current.idNumberMasked } : {}),
    ...(sealed.phoneBidx === current.phoneBidx ? { phoneEnc: current.phoneEnc, phoneMasked: current.phoneMasked } : {}),
  };
  const userId = input.userId !== undefined ? input.userId : current.userId;
  if (userId && userId !== current.userId) {
    if (!(await findUserById(tx, userId))) throw new AppError('unknown_value', { field: 'body.userId', value: userId });
  }
  const changes = diff(personHistory(current), personHistory({ ...current, ...cols, userId }));
  if (!changes.length) return false;
  await assertIdFree(tx, ctx.actor, cols.idNumberBidx, current.id);
  if (current.householdId) await assertHeadFree(tx, current.householdId, values.relation, current.id);
  const [u] = await tx
    .update(people)
    .set({ ...cols, userId, updatedAt: new Date(), version: sql`${people.version} + 1` })
    .where(and(eq(people.id, current.id), eq(people.version, version)))
    .returning({ version: people.version });
  if (!u) throw new AppError('stale_version');
  const fields = changes.map((c) => c.field);
  if (current.householdId) {
    if (fields.includes('relation')) {
      await setHead(tx, current.householdId, current.id, values.relation);
      await tx.update(householdMembers).set({ relation: values.relation }).where(and(eq(householdMembers.personId, current.id), isNull(householdMembers.leftAt)));
    }
    await appendHouseholdEvent(tx, {
      householdId: current.householdId,
      gridCode: current.gridCode,
      source: 'households',
      kind: meta.action === 'revert' ? 'member.reverted' : 'member.changed',
      summary: `${meta.action === 'revert' ? '撤销成员信息修改' : '修改成员信息'}：${values.name}（${fieldsZh(fields)}）`,
      refType: 'person',
      refId: current.id,
      data: { fields },
      actor: ctx.actor,
    });
  }
  await recordChange(tx, ctx, { entityType: 'person', entityId: current.id, householdId: current.householdId, gridCode: current.gridCode, version: u.version, action: meta.action, changes, reason: meta.reason, revertOf: meta.revertOf, importJobId: meta.importJobId });
  await audit(tx, ctx, { action: `person.${meta.action}`, targetType: 'person', targetId: current.id, regionCode: current.gridCode, details: { changed: fields } });
  return true;
}

export async function updatePerson(deps: Deps, ctx: RequestContext, id: string, patch: PersonPatch): Promise<PersonView> {
  authorize(ctx.actor, 'households.write');
  const db = deps.database.db;
  const current = await findPerson(db, ctx.actor, id);
  const { version, reason, ...input } = patch;
  await db.transaction((tx) => applyPerson(deps, tx, ctx, current, input, version, { action: 'update', reason })).catch((err: unknown) => {
    throw idNumberTaken(err) ?? err;
  });
  return personView((await db.select().from(people).where(eq(people.id, id)))[0]);
}

/**
 * Moves a person to another household (or out of every household: moved away, deceased), keeping the
 * stay history. The one write path for moves and their reverts.
 */
export async function applyMove(
  tx: DbOrTx,
  ctx: RequestContext,
  current: PersonRow,
  to: { householdId: string | null; relation: string | null; status: string; gridCode: string },
  version: number,
  meta: ChangeMeta,
): Promise<void> {
  const before = personHistory(current);
  const after = { ...before, householdId: to.householdId, relation: to.relation, status: to.status };
  const changes = diff(before, after);
  if (!changes.length) return;
  if (to.householdId) await assertHeadFree(tx, to.householdId, to.relation, current.id);
  const [u] = await tx
    .update(people)
    .set({ householdId: to.householdId, relation: to.relation, status: to.status, gridCode: to.gridCode, updatedAt: new Date(), version: sql`${people.version} + 1` })
    .where(and(eq(people.id, current.id), eq(people.version, version)))
    .returning({ version: people.version });
  if (!u) throw new AppError('stale_version');
  const now = new Date();
  if (current.householdId) {
    await tx
      .update(householdMembers)
      .set({ leftAt: now, reason: meta.reason ?? null })
      .where(and(eq(householdMembers.personId, current.id), eq(householdMembers.householdId, current.householdId), isNull(householdMembers.leftAt)));
    await setHead(tx, current.householdId, current.id, null);
    await refreshHousehold(tx, current.householdId);
    await appendHouseholdEvent(tx, {
      householdId: current.householdId,
      gridCode: current.gridCode,
      source: 'households',
      kind: 'member.left',
      summary: `成员迁出：${current.name}${to.status === 'deceased' ? '（已故）' : ''}`,
      refType: 'person',
      refId: current.id,
      actor: ctx.actor,
      at: now,
    });
  }
  if (to.householdId) {
    await tx.insert(householdMembers).values({ personId: current.id, householdId: to.householdId, relation: to.relation, joinedAt: now, reason: meta.reason ?? null });
    await setHead(tx, to.householdId, current.id, to.relation);
    await refreshHousehold(tx, to.householdId);
    await appendHouseholdEvent(tx, {
      householdId: to.householdId,
      gridCode: to.gridCode,
      source: 'households',
      kind: 'member.joined',
      summary: `成员迁入：${current.name}${to.relation ? `（${RELATIONS[to.relation as keyof typeof RELATIONS]?.zh ?? to.relation}）` : ''}`,
      refType: 'person',
      refId: current.id,
      actor: ctx.actor,
      at: now,
    });
  }
  await recordChange(tx, ctx, { entityType: 'person', entityId: current.id, householdId: to.householdId ?? current.householdId, gridCode: to.gridCode, version: u.version, action: meta.action === 'update' ? 'move' : meta.action, changes, reason: meta.reason, revertOf: meta.revertOf, importJobId: meta.importJobId });
  await audit(tx, ctx, { action: `person.${meta.action === 'update' ? 'move' : meta.action}`, targetType: 'person', targetId: current.id, regionCode: to.gridCode, details: { changed: changes.map((c) => c.field) } });
}

export async function movePerson(
  deps: Deps,
  ctx: RequestContext,
  id: string,
  input: { version: number; householdId?: string | null; relation?: string | null; status?: 'moved_out' | 'deceased'; reason?: string | null },
): Promise<PersonView> {
  authorize(ctx.actor, 'households.write');
  const db = deps.database.db;
  const current = await findPerson(db, ctx.actor, id);
  let to: { householdId: string | null; relation: string | null; status: string; gridCode: string };
  if (input.householdId) {
    const h = await findHousehold(db, ctx.actor, input.householdId);
    if (h.status !== 'active') throw conflict('目标户档案已注销', 'The target household file is archived');
    const relation = input.relation ?? null;
    if (relation && !(relation in RELATIONS)) throw new AppError('unknown_value', { field: 'body.relation', value: relation });
    to = { householdId: h.id, relation, status: 'active', gridCode: h.gridCode };
  } else {
    if (!input.status) throw new AppError('required', { field: 'body.status' }, [{ field: 'body.status', rule: 'required' }]);
    to = { householdId: null, relation: null, status: input.status, gridCode: current.gridCode };
  }
  await db.transaction((tx) => applyMove(tx, ctx, current, to, input.version, { action: 'update', reason: input.reason }));
  return personView((await db.select().from(people).where(eq(people.id, id)))[0]);
}

// ---------------------------------------------------------------------------------------------
// Revealing protected fields: a separate permission, audited every time.

export async function revealPerson(deps: Deps, ctx: RequestContext, id: string, field: 'idNumber' | 'phone'): Promise<{ field: string; value: string | null }> {
  authorize(ctx.actor, 'people.reveal');
  const p = await findPerson(deps.database.db, ctx.actor, id);
  const sealed = field === 'idNumber' ? p.idNumberEnc : p.phoneEnc;
  await audit(deps.database.db, ctx, { action: 'person.reveal', targetType: 'person', targetId: id, regionCode: p.gridCode, details: { field } });
  return { field, value: sealed ? deps.pii.decrypt(sealed) : null };
}

// ---------------------------------------------------------------------------------------------
// History, timeline, revert

export async function householdHistoryPage(deps: Deps, actor: Actor, id: string, q: { page?: number; pageSize?: number }) {
  await findHousehold(deps.database.db, actor, id);
  return listHistory(deps.database.db, { householdId: id }, q);
}

export async function personHistoryPage(deps: Deps, actor: Actor, id: string, q: { page?: number; pageSize?: number }) {
  await findPerson(deps.database.db, actor, id);
  return listHistory(deps.database.db, { entityId: id }, q);
}

export async function householdTimeline(deps: Deps, actor: Actor, id: string, q: { source?: string; page?: number; pageSize?: number }) {
  await findHousehold(deps.database.db, actor, id);
  return listTimeline(deps.database.db, id, q);
}

/**
 * Reverts one change by a new change that restores its "before" values — only where the fields
 * still hold its "after" values; otherwise 409 naming the fields changed since.
 */
export async function revertChange(deps: Deps, ctx: RequestContext, changeId: number, reason: string): Promise<ChangeView> {
  authorize(ctx.actor, 'households.write');
  const db = deps.database.db;
  const [change] = await db.select().from(recordChanges).where(and(eq(recordChanges.id, changeId), householdsVisible(ctx.actor, recordChanges.gridCode)));
  if (!change) throw notFound('修改记录', 'Change');
  if (change.action === 'create') throw conflict('新建记录不能撤销，请注销该档案', 'A creation cannot be reverted; archive the record instead');
  const meta: ChangeMeta = { action: 'revert', reason, revertOf: change.id };
  await db.transaction(async (tx) => {
    if (change.entityType === 'household') {
      const current = await findHousehold(tx, ctx.actor, change.entityId);
      const now = householdHistory(current);
      const stale = change.changes.filter((c) => !sameValue(now[c.field] ?? null, c.after));
      if (stale.length) throw new AppError('revert_conflict', { fields: fieldsZh(stale.map((c) => c.field)) }, { fields: stale.map((c) => c.field) });
      const input = inputOf(current) as unknown as Record<string, unknown>;
      for (const c of change.changes) if (c.field in input) input[c.field] = c.before;
      const status = (change.changes.find((c) => c.field === 'status')?.before as string | undefined) ?? current.status;
      const next = await resolveHousehold(tx, ctx.actor, input as unknown as HouseholdInput, status);
      await applyHousehold(tx, ctx, current, next, current.version, meta);
      return;
    }
    const current = await findPerson(tx, ctx.actor, change.entityId);
    const now = personHistory(current);
    const stale = change.changes.filter((c) => !sameValue(now[c.field] ?? null, c.after));
    if (stale.length) throw new AppError('revert_conflict', { fields: fieldsZh(stale.map((c) => c.field)) }, { fields: stale.map((c) => c.field) });
    const before = Object.fromEntries(change.changes.map((c) => [c.field, unseal(deps.pii, c.before)]));
    if ('householdId' in before || 'status' in before) {
      const householdId = (before.householdId as string | null | undefined) ?? current.householdId;
      let gridCode = current.gridCode;
      if (householdId) gridCode = (await findHousehold(tx, ctx.actor, householdId)).gridCode;
      await applyMove(tx, ctx, current, { householdId, relation: ('relation' in before ? before.relation : current.relation) as string | null, status: (before.status as string | undefined) ?? current.status, gridCode }, current.version, meta);
      return;
    }
    await applyPerson(deps, tx, ctx, current, before as PersonInput & { userId?: string | null }, current.version, meta);
  });
  const [latest] = await db.select().from(recordChanges).where(eq(recordChanges.revertOf, change.id)).orderBy(sql`${recordChanges.id} desc`).limit(1);
  if (!latest) throw conflict('没有需要撤销的内容', 'Nothing to revert');
  return changeView(latest);
}

/** Households and residents per building, from the files. */
export async function residentCounts(db: DbOrTx, buildingIds: string[]): Promise<Map<string, { households: number; residents: number }>> {
  if (!buildingIds.length) return new Map();
  const rows = await db
    .select({ id: households.buildingId, households: sql<number>`count(*)::int`, residents: sql<number>`coalesce(sum(${households.memberCount}), 0)::int` })
    .from(households)
    .where(and(inArray(households.buildingId, buildingIds), eq(households.status, 'active')))
    .groupBy(households.buildingId);
  return new Map(rows.map((r) => [r.id!, { households: Number(r.households), residents: Number(r.residents) }]));
}

// ---------------------------------------------------------------------------------------------
// Grid reshaping (split, merge): household files follow their building or location; each move is a
// versioned change with the reason, and appears on the household's timeline.

export async function regridHouseholds(
  tx: DbOrTx,
  ctx: RequestContext,
  fromCode: string,
  target: ReshapeTarget,
  buildingMoves: Map<string, string>,
  reason: string,
): Promise<number> {
  const rows = await tx
    .select({ id: households.id, buildingId: households.buildingId, lon: households.lon, lat: households.lat, version: households.version })
    .from(households)
    .where(eq(households.gridCode, fromCode));
  const moves: { id: string; to: string; version: number }[] = [];
  for (const h of rows) {
    let to: string | null | undefined;
    if ('toCode' in target) to = target.toCode;
    else if (h.buildingId) to = buildingMoves.get(h.buildingId);
    else if (h.lon !== null && h.lat !== null) to = target.locate(h.lon, h.lat);
    if (to && to !== fromCode) moves.push({ id: h.id, to, version: h.version + 1 });
  }
  const byTarget = new Map<string, string[]>();
  for (const m of moves) byTarget.set(m.to, [...(byTarget.get(m.to) ?? []), m.id]);
  for (const [to, ids] of byTarget) {
    for (let i = 0; i < ids.length; i += 1000) {
      const chunk = ids.slice(i, i + 1000);
      await tx.update(households).set({ gridCode: to, updatedAt: new Date(), version: sql`${households.version} + 1` }).where(inArray(households.id, chunk));
      await tx.update(people).set({ gridCode: to }).where(inArray(people.householdId, chunk));
    }
  }
  await recordChangesBatch(
    tx,
    ctx,
    moves.map((m) => ({
      entityType: 'household' as const,
      entityId: m.id,
      householdId: m.id,
      gridCode: m.to,
      version: m.version,
      action: 'update' as const,
      changes: [{ field: 'gridCode', before: fromCode, after: m.to }],
      reason,
    })),
  );
  await appendHouseholdEvents(
    tx,
    moves.map((m) => ({ householdId: m.id, gridCode: m.to, source: 'households' as const, kind: 'file.regridded', summary: `划入网格 ${m.to}（${reason}）`, data: { from: fromCode, to: m.to }, actor: ctx.actor })),
  );
  return moves.length;
}

/** Households and residents per grid under a region, in the caller's scope: the figure the map colours by. */
export async function countsByGrid(deps: Deps, actor: Actor, within: string): Promise<{ gridCode: string; households: number; people: number }[]> {
  authorize(actor, 'households.read');
  assertInScope(actor, within, '区域', 'Region');
  const rows = await deps.database.db
    .select({ gridCode: households.gridCode, households: sql<number>`count(*)::int`, people: sql<number>`coalesce(sum(${households.memberCount}), 0)::int` })
    .from(households)
    .where(and(householdsVisible(actor, households.gridCode), inRegion(households.gridCode, within), eq(households.status, 'active')))
    .groupBy(households.gridCode)
    .orderBy(asc(households.gridCode));
  return rows.map((r) => ({ gridCode: r.gridCode, households: Number(r.households), people: Number(r.people) }));
}
