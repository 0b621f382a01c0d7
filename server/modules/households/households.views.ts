/**
 * 一户一档 as the API shows it: ID numbers and phones masked, always; grid and building named.
 */
import { inArray, sql } from 'drizzle-orm';
import { outer, renderedSelect, type Database, type DbOrTx } from '../../platform/db.js';
import type { Vault } from '../../platform/crypto.js';
import { buildingCodeSql, buildingsByIds } from '../buildings/buildings.service.js';
import { gridNameSql, gridNamesOf } from '../grids/grids.service.js';
import { households, people } from './households.tables.js';

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

/** What a household's view names beside its row: the grid, the building's code and the head. */
export interface HouseholdLabels {
  gridName: string | null;
  buildingCode: string | null;
  headName: string | null;
}

/**
 * The households' columns and their labels, as one select rendered once at load (`renderedSelect`): a
 * list reads its page and names it in the same statement (`householdView` then maps each row).
 */
export const LABELLED_HOUSEHOLDS = renderedSelect(households, {
  gridName: gridNameSql(households.gridCode),
  buildingCode: buildingCodeSql(households.buildingId),
  headName: sql`(select ${people.name} from ${people} where ${people.id} = ${outer(households.headPersonId)})`,
});

export function householdView(h: HouseholdRow, labels: HouseholdLabels): HouseholdView {
  return {
    ...pick(h, ['id', 'gridCode', 'addressKind', 'address', 'buildingId', 'unit', 'floor', 'room', 'villageGroup', 'houseNumber', 'type', 'tags', 'riskLevel', 'riskNotes', 'headPersonId', 'memberCount', 'visitIntervalDays', 'lon', 'lat', 'status', 'version']),
    gridName: labels.gridName ?? h.gridCode,
    buildingCode: h.buildingId ? labels.buildingCode : null,
    headName: h.headPersonId ? labels.headName : null,
    createdAt: h.createdAt.toISOString(),
    updatedAt: h.updatedAt.toISOString(),
  };
}

export async function householdViews(db: DbOrTx, rows: HouseholdRow[]): Promise<HouseholdView[]> {
  if (!rows.length) return [];
  const gridCodes = [...new Set(rows.map((r) => r.gridCode))];
  const heads = rows.map((r) => r.headPersonId).filter((x): x is string => !!x);
  const [gridName, hs, bs] = await Promise.all([
    gridNamesOf(db, gridCodes),
    heads.length ? db.select({ id: people.id, name: people.name }).from(people).where(inArray(people.id, heads)) : [],
    buildingsByIds(db, rows.map((r) => r.buildingId).filter((x): x is string => !!x)),
  ]);
  const headName = new Map(hs.map((h) => [h.id, h.name]));
  return rows.map((h) =>
    householdView(h, {
      gridName: gridName.get(h.gridCode) ?? null,
      buildingCode: h.buildingId ? bs.get(h.buildingId)?.code ?? null : null,
      headName: h.headPersonId ? headName.get(h.headPersonId) ?? null : null,
    }),
  );
}

export function pick<T, K extends keyof T>(row: T, keys: readonly K[]): Pick<T, K> {
  const out = {} as Pick<T, K>;
  for (const k of keys) out[k] = row[k];
  return out;
}
