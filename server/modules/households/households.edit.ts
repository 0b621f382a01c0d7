/**
 * Creating and editing household files: address, type, tags, risk, archive and restore. Every write is
 * versioned (households.history.ts), appears on the household's timeline and in the audit log.
 */
import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { authorize, type Actor } from '../../platform/access.js';
import { audit, type RequestContext } from '../../platform/audit.js';
import type { DbOrTx } from '../../platform/db.js';
import { AppError, conflict, duplicate, notFound } from '../../platform/errors.js';
import { buildingsByIds, findBuilding, type BuildingView } from '../buildings/buildings.service.js';
import { assertGridWritable } from '../grids/grids.service.js';
import { activeTagCodes, listVisitRules, visitIntervalFor } from './households.config.js';
import { creationChanges, diff, recordChange, type ChangeAction } from './households.history.js';
import { households, people, type HistoryValue } from './households.tables.js';
import { appendHouseholdEvent } from './households.timeline.js';
import { findHousehold, getHousehold } from './households.search.js';
import { type Deps, type HouseholdRow, type HouseholdView, type PersonView, pick } from './households.views.js';

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
export async function resolveHousehold(db: DbOrTx, actor: Actor, input: HouseholdInput, status: string): Promise<HouseholdFields> {
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

export function inputOf(h: HouseholdRow): HouseholdInput {
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

/** The fields of a household file a visit may change at the door. */
export interface FilePatch {
  type?: string;
  tags?: string[];
  riskLevel?: string;
  riskNotes?: string | null;
}

/**
 * A visit's change to the file fields (type, tags, risk), in the caller's transaction. The visit found
 * the household in scope and checked the values when it was received; the address and the grid do not
 * change, so no building or grid is looked up again. Against a stale version: `stale_version`.
 */
export async function applyFilePatch(tx: DbOrTx, ctx: RequestContext, householdId: string, patch: FilePatch, version: number, reason: string): Promise<void> {
  const [current] = await tx.select().from(households).where(eq(households.id, householdId));
  if (!current) throw notFound('户档案', 'Household');
  if (current.status === 'archived') throw conflict('户档案已注销，请先恢复再修改', 'The household file is archived; restore it before editing');
  const tags = patch.tags ? [...new Set(patch.tags)].sort() : current.tags;
  if (patch.tags) {
    const known = await activeTagCodes(tx);
    const unknown = tags.filter((t) => !known.has(t));
    if (unknown.length) throw new AppError('unknown_value', { field: 'body.tags', value: unknown.join(', ') }, [{ field: 'body.tags', rule: 'unknown_value' }]);
  }
  const type = patch.type ?? current.type;
  const riskLevel = patch.riskLevel ?? current.riskLevel;
  const riskNotes = patch.riskNotes !== undefined ? patch.riskNotes?.trim() || null : current.riskNotes;
  const { id: _id, createdAt: _c, updatedAt: _u, version: _v, headPersonId: _h, memberCount: _m, ...fields } = current;
  const next: HouseholdFields = { ...fields, type, tags, riskLevel, riskNotes, visitIntervalDays: visitIntervalFor(await listVisitRules(tx), { type, tags, riskLevel }) };
  await applyHousehold(tx, ctx, current, next, version, { action: 'update', reason });
}
