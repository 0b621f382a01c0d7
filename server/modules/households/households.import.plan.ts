/**
 * Roster import, step 2: validating the rows and planning the households. Every problem names the row,
 * the column and the reason; rows with the same address become one household. Each row is checked on its
 * own as it is read (checkRow); the checks across rows run on the rows of one address at a time
 * (planHousehold) and, for duplicate ID numbers, in the database (households.import.ts).
 */
import { errorMessage } from '../../platform/errors.js';
import { codeOfLabel, HOUSEHOLD_TYPES, RELATIONS, RISK_LEVELS } from './households.config.js';
import { addressKeyOf } from './households.service.js';
import type { Vault } from '../../platform/crypto.js';
import { checkPerson, type PersonColumns, type PersonValues, type Problem, sealPerson, type StoredSeals } from './people.fields.js';
import { type ColumnKey, HEADER_OF, PERSON_FIELD_COLUMN, type ParsedRow } from './households.import.parse.js';

// ---------------------------------------------------------------------------------------------
// Validation

export interface RowError {
  row: number;
  column: string;
  reason: string;
  reasonEn: string;
}

/** A person as the file gives them, sealed as they will be stored (see sealPerson). */
export interface PlannedPerson {
  row: number;
  person: PersonColumns;
}

/** The household columns of one row. */
interface RowHousehold {
  gridCode: string;
  kind: 'building' | 'village';
  compound: string;
  building: string;
  unit: string | null;
  floor: number | null;
  room: string | null;
  villageGroup: string | null;
  houseNumber: string | null;
  type: string | null;
  tags: string[] | null;
  riskLevel: string | null;
  riskNotes: string | null;
}

/** A row that passed every check of its own, as kept while the import runs (import_job_rows.data). */
export interface StagedRow {
  row: number;
  key: string;
  data: { household: RowHousehold; person: PersonColumns };
}

export interface PlannedHousehold extends RowHousehold {
  key: string;
  rows: number[];
  people: PlannedPerson[];
}

function problemText(p: Problem, column: string): { reason: string; reasonEn: string } {
  const params = { field: column, ...p.params };
  return { reason: errorMessage(p.code, params, 'zh-CN'), reasonEn: errorMessage(p.code, params, 'en') };
}

function splitTags(s: string): string[] {
  return s.split(/[、,，;；\s]+/).map((x) => x.trim()).filter(Boolean);
}

/** A row that passed every check of its own, before its personal data is sealed (sealRow). */
export interface CheckedRow {
  row: number;
  key: string;
  household: RowHousehold;
  values: PersonValues;
}

/**
 * Checks one row on its own (as it is read): its problems, the blind index of its ID number when that is
 * valid (for duplicates within the file, found across rows later), and the row's values when it passed.
 */
export function checkRow(pii: Vault, r: ParsedRow, tagByLabel: Map<string, string>): { errors: RowError[]; idNumberBidx: string | null; checked: CheckedRow | null } {
  const errors: RowError[] = [];
  const err = (row: number, key: ColumnKey, reason: string, reasonEn: string) => errors.push({ row, column: HEADER_OF[key], reason, reasonEn });
  const v = r.values;
  if (!/^\d{15}$/.test(v.gridCode)) err(r.row, 'gridCode', v.gridCode ? '应为 15 位数字' : '不能为空', v.gridCode ? 'must be 15 digits' : 'is required');
  const isBuilding = !!(v.building || v.room || v.compound || v.unit);
  const isVillage = !!(v.villageGroup || v.houseNumber);
  if (isBuilding && isVillage) err(r.row, 'villageGroup', '城镇地址（楼栋/房号）与农村地址（村民小组/门牌号）只能填一种', 'fill either a building address or a village address, not both');
  else if (isBuilding) {
    if (!v.building) err(r.row, 'building', '城镇地址须填楼栋', 'a building address needs the building');
    if (!v.room) err(r.row, 'room', '城镇地址须填房号', 'a building address needs the room');
  } else if (!isVillage || !v.villageGroup || !v.houseNumber) {
    err(r.row, isVillage && v.villageGroup ? 'houseNumber' : 'villageGroup', '须填写地址：楼栋和房号，或村民小组和门牌号', 'an address is required: building and room, or village group and house number');
  }
  if (v.floor && !/^-?\d{1,3}$/.test(v.floor)) err(r.row, 'floor', '应为整数', 'must be a whole number');
  for (const [k, len] of [['compound', 50], ['building', 50], ['unit', 16], ['room', 16], ['villageGroup', 32], ['houseNumber', 32], ['riskNotes', 2000]] as const) {
    if (v[k].length > len) err(r.row, k, `不能超过 ${len} 个字`, `at most ${len} characters`);
  }
  const type = v.householdType ? codeOfLabel(HOUSEHOLD_TYPES, v.householdType) : null;
  if (v.householdType && !type) err(r.row, 'householdType', `未定义的户类型：${v.householdType}`, `undefined household type: ${v.householdType}`);
  const riskLevel = v.riskLevel ? codeOfLabel(RISK_LEVELS, v.riskLevel) : null;
  if (v.riskLevel && !riskLevel) err(r.row, 'riskLevel', `未定义的风险等级：${v.riskLevel}`, `undefined risk level: ${v.riskLevel}`);
  let tags: string[] | null = null;
  if (v.tags) {
    tags = [];
    for (const t of splitTags(v.tags)) {
      const code = tagByLabel.get(t);
      if (code) tags.push(code);
      else err(r.row, 'tags', `未定义的标签：${t}`, `undefined tag: ${t}`);
    }
    tags = [...new Set(tags)].sort();
  }
  const relation = v.relation ? codeOfLabel(RELATIONS, v.relation) : undefined;
  if (!v.relation) err(r.row, 'relation', '不能为空', 'is required');
  else if (!relation) err(r.row, 'relation', `未定义的关系：${v.relation}`, `undefined relation: ${v.relation}`);
  const sex = v.sex ? ({ 男: 'male', 女: 'female', male: 'male', female: 'female' } as Record<string, string>)[v.sex] ?? v.sex : null;
  if (r.numericId) err(r.row, 'idNumber', '身份证号被存成了数字，末几位已丢失；请把该列设为文本格式后重新填写', 'the ID number was stored as a number and lost digits; format the column as text');
  const checked = checkPerson({ name: v.name, relation: relation ?? null, idNumber: v.idNumber || null, phone: v.phone || null, birthDate: v.birthDate || null, sex });
  for (const p of checked.problems) {
    if (p.field === 'relation') continue;
    const col = PERSON_FIELD_COLUMN[p.field] ?? 'name';
    errors.push({ row: r.row, column: HEADER_OF[col], ...problemText(p, HEADER_OF[col]) });
  }
  // A valid ID number counts for duplicates even when the row has other problems (the first row keeps it).
  const idNumberBidx = checked.values?.idNumber ? pii.blindIndex('id', checked.values.idNumber) : null;
  if (errors.length || !checked.values) return { errors, idNumberBidx, checked: null };

  const kind = isBuilding ? 'building' : 'village';
  const key = isBuilding
    ? `b:${v.gridCode}:${v.compound}:${v.building}:${addressKeyOf('building', { buildingId: '', unit: v.unit, room: v.room, gridCode: v.gridCode }).slice(3)}`
    : addressKeyOf('village', { gridCode: v.gridCode, villageGroup: v.villageGroup, houseNumber: v.houseNumber });
  const household: RowHousehold = {
    gridCode: v.gridCode,
    kind,
    compound: v.compound,
    building: v.building,
    unit: v.unit || null,
    floor: v.floor ? Number(v.floor) : null,
    room: v.room || null,
    villageGroup: v.villageGroup || null,
    houseNumber: v.houseNumber || null,
    type: type ?? null,
    tags,
    riskLevel: riskLevel ?? null,
    riskNotes: v.riskNotes || null,
  };
  return { errors, idNumberBidx, checked: { row: r.row, key, household, values: checked.values } };
}

/**
 * The row as kept while the import runs, its personal data sealed. `stored` is the person registered
 * under the row's ID number, if any: what is theirs already is not encrypted again (see sealPerson).
 */
export function sealRow(pii: Vault, c: CheckedRow, idNumberBidx: string | null, stored: StoredSeals | undefined): StagedRow {
  return { row: c.row, key: c.key, data: { household: c.household, person: sealPerson(pii, c.values, { idNumberBidx, stored }) } };
}

/**
 * Groups the rows of one address (in file order, each already checked on its own and not a duplicate
 * ID number) into a household. Household columns may be filled on one row or repeated; differing
 * values are an error, as are a second head and a second member of the same name without ID number.
 */
export function planHousehold(rows: StagedRow[]): { household: PlannedHousehold | null; errors: RowError[] } {
  const errors: RowError[] = [];
  const err = (row: number, key: ColumnKey, reason: string, reasonEn: string) => errors.push({ row, column: HEADER_OF[key], reason, reasonEn });
  let h: PlannedHousehold | null = null;
  for (const r of rows) {
    const v = r.data.household;
    const person = r.data.person;
    h ??= {
      key: r.key,
      gridCode: v.gridCode,
      kind: v.kind,
      compound: v.compound,
      building: v.building,
      unit: v.unit,
      floor: v.floor,
      room: v.room,
      villageGroup: v.villageGroup,
      houseNumber: v.houseNumber,
      type: null,
      tags: null,
      riskLevel: null,
      riskNotes: null,
      rows: [],
      people: [],
    };
    const hh = h;
    const conflicts: ColumnKey[] = [];
    const merge = <K extends 'type' | 'riskLevel' | 'riskNotes'>(field: K, value: string | null, col: ColumnKey) => {
      if (!value) return;
      if (hh[field] && hh[field] !== value) conflicts.push(col);
      else hh[field] = value;
    };
    merge('type', v.type, 'householdType');
    merge('riskLevel', v.riskLevel, 'riskLevel');
    merge('riskNotes', v.riskNotes, 'riskNotes');
    if (v.tags) {
      if (hh.tags && JSON.stringify(hh.tags) !== JSON.stringify(v.tags)) conflicts.push('tags');
      else hh.tags = v.tags;
    }
    if (person.relation === 'head' && hh.people.some((p) => p.person.relation === 'head')) conflicts.push('relation');
    if (hh.people.some((p) => !p.person.idNumberBidx && !person.idNumberBidx && p.person.name === person.name)) {
      err(r.row, 'name', '同一户中有同名且无身份证号的成员，无法区分', 'a member of this household has the same name and no ID number');
      continue;
    }
    if (conflicts.length) {
      for (const c of conflicts) {
        if (c === 'relation') err(r.row, c, '同一户只能有一名户主', 'a household has only one head');
        else err(r.row, c, `与同一户前面行的${HEADER_OF[c]}不一致`, `differs from the earlier rows of the same household`);
      }
      continue;
    }
    hh.rows.push(r.row);
    hh.people.push({ row: r.row, person });
  }
  return { household: h && h.people.length ? h : null, errors };
}
