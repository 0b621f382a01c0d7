/**
 * Roster import (户籍台账导入) from Excel. One row per person; rows with the same address are one
 * household. Every row is validated and each problem names the row, the column and the reason; the
 * user chooses all-or-nothing or only-valid-rows. Re-importing the same file changes nothing: a
 * household is found by its address, a person by their ID number (blind index) or, without one, by
 * name within the household. Progress is kept on the import job row, which the console polls.
 */
import { createHash, randomUUID } from 'node:crypto';
import ExcelJS, { firstWorksheetRows } from '../../platform/xlsx.js';
import { DEFAULT_UNPACK_LIMITS, zipDirectory, ZipFormatError, type UnpackLimits } from '../../platform/zip.js';
import { and, eq, inArray } from 'drizzle-orm';
import { codeInScope, type Actor } from '../../platform/access.js';
import { gridVisible } from '../../platform/access/grids.js';
import { audit, type RequestContext } from '../../platform/audit.js';
import { bulkInsert } from '../../platform/bulk.js';
import type { DbOrTx } from '../../platform/db.js';
import { errorSummary } from '../../platform/logger.js';
import { AppError, errorMessage } from '../../platform/errors.js';
import { enqueue, type JobContext } from '../../platform/jobs.js';
import { jobFiles } from '../../platform/jobs.tables.js';
import { ensureBuildings } from '../buildings/buildings.service.js';
import { activeGridCodes } from '../grids/grids.service.js';
import {
  activeTagCodes,
  allTags,
  codeOfLabel,
  HOUSEHOLD_TYPES,
  listVisitRules,
  RELATIONS,
  RISK_LEVELS,
  visitIntervalFor,
  type VisitRule,
} from './households.config.js';
import { creationChanges, recordChangesBatch, type ChangeRecord } from './households.history.js';
import {
  addressKeyOf,
  applyHousehold,
  applyMove,
  applyPerson,
  composeAddress,
  householdHistory,
  type Deps,
  type HouseholdFields,
  type HouseholdRow,
  type PersonRow,
} from './households.service.js';
import { householdMembers, households, importJobErrors, importJobs, people } from './households.tables.js';
import { appendHouseholdEvents, type HouseholdEventInput } from './households.timeline.js';
import { checkPerson, personHistory, sealPerson, type PersonValues, type Problem } from './people.fields.js';

export const MAX_ROWS = 200_000;
export type ImportMode = 'all_or_nothing' | 'valid_rows';

export const COLUMNS = [
  { key: 'gridCode', header: '网格代码', required: true, width: 18, note: '15 位网格代码' },
  { key: 'compound', header: '小区', required: false, width: 14, note: '城镇地址：小区名称（可空）' },
  { key: 'building', header: '楼栋', required: false, width: 10, note: '城镇地址：楼栋，如 3栋' },
  { key: 'unit', header: '单元', required: false, width: 8, note: '如 2' },
  { key: 'floor', header: '楼层', required: false, width: 8, note: '数字' },
  { key: 'room', header: '房号', required: false, width: 8, note: '城镇地址必填，如 502' },
  { key: 'villageGroup', header: '村民小组', required: false, width: 14, note: '农村地址：如 第三村民小组' },
  { key: 'houseNumber', header: '门牌号', required: false, width: 10, note: '农村地址必填' },
  { key: 'householdType', header: '户类型', required: false, width: 10, note: Object.values(HOUSEHOLD_TYPES).map((t) => t.zh).join('、') },
  { key: 'tags', header: '户标签', required: false, width: 16, note: '多个用顿号分隔，如 低保、残疾' },
  { key: 'riskLevel', header: '风险等级', required: false, width: 8, note: Object.values(RISK_LEVELS).map((t) => t.zh).join('、') },
  { key: 'riskNotes', header: '矛盾风险', required: false, width: 20, note: '矛盾纠纷等风险说明' },
  { key: 'name', header: '姓名', required: true, width: 10, note: '' },
  { key: 'relation', header: '与户主关系', required: true, width: 10, note: Object.values(RELATIONS).map((t) => t.zh).join('、') },
  { key: 'idNumber', header: '身份证号', required: false, width: 22, note: '18 位，请以文本格式填写' },
  { key: 'phone', header: '联系电话', required: false, width: 16, note: '手机或带区号的固定电话' },
  { key: 'birthDate', header: '出生日期', required: false, width: 12, note: 'YYYY-MM-DD；有身份证号时可空' },
  { key: 'sex', header: '性别', required: false, width: 6, note: '男、女；有身份证号时可空' },
] as const;
export type ColumnKey = (typeof COLUMNS)[number]['key'];
const HEADER_OF = Object.fromEntries(COLUMNS.map((c) => [c.key, c.header])) as Record<ColumnKey, string>;
const PERSON_FIELD_COLUMN: Record<string, ColumnKey> = { name: 'name', relation: 'relation', idNumber: 'idNumber', phone: 'phone', birthDate: 'birthDate', sex: 'sex' };

// ---------------------------------------------------------------------------------------------
// Spreadsheets

function cellText(v: ExcelJS.CellValue, key: ColumnKey): string | { numeric: true } {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'number') {
    // Numbers lose digits past 15: an ID number typed as a number is already wrong.
    if (key === 'idNumber' && v > 1e15) return { numeric: true };
    if (key === 'birthDate' && v > 0 && v < 80000) return new Date(Math.round((v - 25569) * 86400000)).toISOString().slice(0, 10);
    return String(v);
  }
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((r) => r.text).join('').trim();
    if ('text' in v) return String(v.text).trim();
    if ('result' in v) return v.result === undefined || v.result === null ? '' : String(v.result).trim();
  }
  return String(v).trim();
}

export async function templateXlsx(tagNames: string[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Tingsu';
  const ws = wb.addWorksheet('户籍台账');
  ws.columns = COLUMNS.map((c) => ({ header: c.required ? `${c.header}*` : c.header, key: c.key, width: c.width, style: { numFmt: '@' } }));
  ws.getRow(1).font = { bold: true };
  ws.addRow({ gridCode: '360802004002001', compound: '阳明花园', building: '3栋', unit: '2', floor: '5', room: '502', householdType: '普通户', name: '（示例，导入前删除本行）', relation: '户主' });
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  const help = wb.addWorksheet('填写说明');
  help.columns = [{ header: '列', width: 14 }, { header: '说明', width: 70 }];
  for (const c of COLUMNS) help.addRow([c.required ? `${c.header}*` : c.header, c.note]);
  help.addRow([]);
  help.addRow(['户标签可选', tagNames.join('、')]);
  help.addRow(['说明', '同一地址的多行为同一户；每户至多一名户主。城镇地址填小区/楼栋/单元/房号，农村地址填村民小组/门牌号。重复导入同一文件不会产生重复记录。']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export interface ParsedRow {
  row: number;
  values: Record<ColumnKey, string>;
  numericId: boolean;
}

/** Reads the header row: known columns by position; throws on missing or unknown headers. */
function headerMap(cells: ExcelJS.CellValue[]): Map<number, ColumnKey> {
  const map = new Map<number, ColumnKey>();
  const unknown: string[] = [];
  for (let i = 1; i < cells.length; i++) {
    const raw = typeof cells[i] === 'string' ? (cells[i] as string) : cellText(cells[i], 'name');
    const h = typeof raw === 'string' ? raw.replace(/[*\s＊]/g, '') : '';
    if (!h) continue;
    const col = COLUMNS.find((c) => c.header === h);
    if (col) map.set(i, col.key);
    else unknown.push(h);
  }
  const present = new Set(map.values());
  const missing = COLUMNS.filter((c) => c.required && !present.has(c.key)).map((c) => c.header);
  if (missing.length || unknown.length) {
    const zh = [missing.length ? `缺少列：${missing.join('、')}` : '', unknown.length ? `无法识别的列：${unknown.join('、')}` : ''].filter(Boolean).join('；');
    const en = [missing.length ? `missing columns: ${missing.join(', ')}` : '', unknown.length ? `unknown columns: ${unknown.join(', ')}` : ''].filter(Boolean).join('; ');
    throw new AppError('import_bad_file', { reason: `${zh}（请使用下载的模板）`, reasonEn: `${en} (use the downloadable template)` }, { missing, unknown });
  }
  return map;
}

/**
 * Streams the first worksheet's rows; throws import_bad_file for unreadable files and wrong headers,
 * archive_too_large for files that unpack beyond the limits (checked before and while inflating).
 */
export async function* readRows(file: Buffer, limits: UnpackLimits = DEFAULT_UNPACK_LIMITS): AsyncGenerator<ParsedRow> {
  let header: Map<number, ColumnKey> | null = null;
  try {
    for await (const row of firstWorksheetRows(file, limits)) {
      const cells = row.values as ExcelJS.CellValue[];
      if (!header) {
        header = headerMap(cells);
        continue;
      }
      const values = Object.fromEntries(COLUMNS.map((c) => [c.key, ''])) as Record<ColumnKey, string>;
      let numericId = false;
      let any = false;
      for (const [i, key] of header) {
        const t = cellText(cells[i], key);
        if (typeof t === 'object') numericId = true;
        else values[key] = t;
        if (t !== '') any = true;
      }
      if (any) yield { row: row.number, values, numericId };
    }
  } catch (err) {
    if (err instanceof AppError) throw err;
    // The reader's own kind of error only: its message may quote the file's cells (personal data).
    process.stderr.write(`import: the file could not be read: ${errorSummary(err)}\n`);
    throw new AppError('import_bad_file', { reason: '不是有效的 Excel（.xlsx）文件', reasonEn: 'not a valid Excel (.xlsx) file' });
  }
  if (!header) throw new AppError('import_bad_file', { reason: '表格是空的', reasonEn: 'the sheet is empty' });
}

/**
 * Checks what the uploaded archive unpacks to (entries, total size, compression ratio) from its central
 * directory, before anything is inflated: archive_too_large (413) or import_bad_file (400).
 */
export function checkArchive(file: Buffer, maxUnpackedBytes: number): void {
  try {
    zipDirectory(file, { ...DEFAULT_UNPACK_LIMITS, maxUnpackedBytes });
  } catch (err) {
    if (err instanceof ZipFormatError) throw new AppError('import_bad_file', { reason: '不是有效的 Excel（.xlsx）文件', reasonEn: 'not a valid Excel (.xlsx) file' });
    throw err;
  }
}

/** Checks the header (and that there is at least one data row) before a job starts. */
export async function precheck(file: Buffer, limits: UnpackLimits = DEFAULT_UNPACK_LIMITS): Promise<void> {
  for await (const _ of readRows(file, limits)) return;
  throw new AppError('import_bad_file', { reason: '没有数据行', reasonEn: 'there are no data rows' });
}

// ---------------------------------------------------------------------------------------------
// Validation

export interface RowError {
  row: number;
  column: string;
  reason: string;
  reasonEn: string;
}

interface PlannedPerson {
  row: number;
  values: PersonValues;
}

interface PlannedHousehold {
  key: string;
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

/** Validates every row on its own and groups the valid ones into households. */
export function planRows(rows: ParsedRow[], tagByLabel: Map<string, string>): { plan: Map<string, PlannedHousehold>; errors: RowError[] } {
  const errors: RowError[] = [];
  const plan = new Map<string, PlannedHousehold>();
  const err = (row: number, key: ColumnKey, reason: string, reasonEn: string) => errors.push({ row, column: HEADER_OF[key], reason, reasonEn });
  const idRows = new Map<string, number>();
  for (const r of rows) {
    const v = r.values;
    const before = errors.length;
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
    if (checked.values?.idNumber) {
      const first = idRows.get(checked.values.idNumber);
      if (first !== undefined) err(r.row, 'idNumber', `与第 ${first} 行的身份证号重复`, `same ID number as row ${first}`);
      else idRows.set(checked.values.idNumber, r.row);
    }
    if (errors.length > before || !checked.values) continue;

    const kind = isBuilding ? 'building' : 'village';
    const key = isBuilding
      ? `b:${v.gridCode}:${v.compound}:${v.building}:${addressKeyOf('building', { buildingId: '', unit: v.unit, room: v.room, gridCode: v.gridCode }).slice(3)}`
      : addressKeyOf('village', { gridCode: v.gridCode, villageGroup: v.villageGroup, houseNumber: v.houseNumber });
    let h = plan.get(key);
    if (!h) {
      h = {
        key,
        gridCode: v.gridCode,
        kind,
        compound: v.compound,
        building: v.building,
        unit: v.unit || null,
        floor: v.floor ? Number(v.floor) : null,
        room: v.room || null,
        villageGroup: v.villageGroup || null,
        houseNumber: v.houseNumber || null,
        type: null,
        tags: null,
        riskLevel: null,
        riskNotes: null,
        rows: [],
        people: [],
      };
      plan.set(key, h);
    }
    // Household columns may be filled on one row or repeated; differing values are an error.
    const conflicts: ColumnKey[] = [];
    const merge = <K extends 'type' | 'riskLevel' | 'riskNotes'>(field: K, value: string | null, col: ColumnKey) => {
      if (!value) return;
      if (h[field] && h[field] !== value) conflicts.push(col);
      else h[field] = value;
    };
    merge('type', type ?? null, 'householdType');
    merge('riskLevel', riskLevel ?? null, 'riskLevel');
    merge('riskNotes', v.riskNotes || null, 'riskNotes');
    if (tags) {
      if (h.tags && JSON.stringify(h.tags) !== JSON.stringify(tags)) conflicts.push('tags');
      else h.tags = tags;
    }
    if (relation === 'head' && h.people.some((p) => p.values.relation === 'head')) conflicts.push('relation');
    if (h.people.some((p) => !p.values.idNumber && !checked.values!.idNumber && p.values.name === checked.values!.name)) {
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
    h.rows.push(r.row);
    h.people.push({ row: r.row, values: checked.values });
  }
  for (const [k, h] of plan) if (!h.people.length) plan.delete(k);
  return { plan, errors };
}

// ---------------------------------------------------------------------------------------------
// Jobs

/** Progress of imports running in this process (a long all-or-nothing write holds its transaction). */
const live = new Map<string, { status: string; done: number; total: number }>();

/** The job kind that runs imports (server/jobs.ts wires it to `runImportJob`). */
export const IMPORT_JOB = 'households.import';

export interface ImportJobView {
  id: string;
  status: string;
  mode: string;
  fileName: string;
  total: number;
  done: number;
  errorRows: number;
  householdsCreated: number;
  householdsUpdated: number;
  peopleCreated: number;
  peopleUpdated: number;
  unchanged: number;
  message: string | null;
  createdAt: string;
  finishedAt: string | null;
}

export function jobView(j: typeof importJobs.$inferSelect): ImportJobView {
  const l = live.get(j.id);
  return {
    id: j.id,
    status: l?.status ?? j.status,
    mode: j.mode,
    fileName: j.fileName,
    total: l?.total ?? j.total,
    done: l?.done ?? j.done,
    errorRows: j.errorRows,
    householdsCreated: j.householdsCreated,
    householdsUpdated: j.householdsUpdated,
    peopleCreated: j.peopleCreated,
    peopleUpdated: j.peopleUpdated,
    unchanged: j.unchanged,
    message: j.message,
    createdAt: j.createdAt.toISOString(),
    finishedAt: j.finishedAt?.toISOString() ?? null,
  };
}

/**
 * Queues an import: the import row, the uploaded file and the job are stored in one commit, so an
 * accepted upload is never lost; the job runner (on any instance) runs it, and runs it again after a
 * crash. The caller kicks the runner so the import starts at once.
 */
export async function startImport(deps: Deps, ctx: RequestContext, file: { name: string; data: Buffer }, mode: ImportMode): Promise<ImportJobView> {
  await precheck(file.data);
  const id = randomUUID();
  const job = await deps.database.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(importJobs)
      .values({
        id,
        mode,
        status: 'parsing',
        fileName: file.name.slice(0, 200),
        fileSha256: createHash('sha256').update(file.data).digest('hex'),
        regionCode: ctx.actor.regionCode,
        actorId: ctx.actor.id,
        actorName: ctx.actor.name,
      })
      .returning();
    await tx.insert(jobFiles).values({ id, data: file.data });
    const by: RequestContext = { actor: ctx.actor, ip: ctx.ip, userAgent: ctx.userAgent, requestId: ctx.requestId, via: ctx.via };
    await enqueue(tx, { kind: IMPORT_JOB, key: `import:${id}`, payload: { importId: id, ctx: by }, maxAttempts: 3 });
    return row;
  });
  return jobView(job);
}

/**
 * The import job. A retry (after a crash or a failure) starts over from the stored file: re-importing
 * creates nothing twice (households are found by address, people by ID number or name), an
 * all-or-nothing import that died wrote nothing, and the error report is made afresh. The file is
 * deleted when the import ends, whatever its outcome.
 */
export async function runImportJob(deps: Deps, payload: Record<string, unknown>, job: JobContext): Promise<void> {
  const db = deps.database.db;
  const id = String(payload.importId);
  const ctx = payload.ctx as RequestContext;
  const [row] = await db.select().from(importJobs).where(eq(importJobs.id, id));
  const [file] = row && !['done', 'rejected', 'failed'].includes(row.status) ? await db.select().from(jobFiles).where(eq(jobFiles.id, id)) : [];
  if (!row || !file) {
    if (row && !file && !['done', 'rejected', 'failed'].includes(row.status)) {
      await db.update(importJobs).set({ status: 'failed', message: '导入失败，请重新上传 / the import failed; upload the file again', finishedAt: new Date() }).where(eq(importJobs.id, id));
    }
    await db.delete(jobFiles).where(eq(jobFiles.id, id));
    return;
  }
  if (job.attempt > 1) {
    await db.delete(importJobErrors).where(eq(importJobErrors.jobId, id));
    await db
      .update(importJobs)
      .set({ status: 'parsing', total: 0, done: 0, errorRows: 0, householdsCreated: 0, householdsUpdated: 0, peopleCreated: 0, peopleUpdated: 0, unchanged: 0, message: null, heartbeatAt: new Date() })
      .where(eq(importJobs.id, id));
  }
  live.set(id, { status: 'parsing', done: 0, total: 0 });
  try {
    await runImport(deps, ctx, id, file.data, row.mode as ImportMode);
  } catch (err) {
    // Not the file's fault and tries left: the runner retries from the stored file.
    if (!(err instanceof AppError) && job.attempt < job.maxAttempts) throw err;
    if (!(err instanceof AppError)) {
      // Kind and code only: a failed query's text, parameters and even the database's message may quote personal data.
      process.stderr.write(`import ${id} failed: ${errorSummary(err)}\n`);
    }
    const message = err instanceof AppError ? `${errorMessage(err.code, err.params, 'zh-CN')} / ${errorMessage(err.code, err.params, 'en')}` : '导入失败，请稍后重试 / the import failed; try again later';
    await db.update(importJobs).set({ status: 'failed', message, finishedAt: new Date() }).where(eq(importJobs.id, id));
  } finally {
    live.delete(id);
  }
  await db.delete(jobFiles).where(eq(jobFiles.id, id));
}

async function runImport(deps: Deps, ctx: RequestContext, jobId: string, data: Buffer, mode: ImportMode): Promise<void> {
  const db = deps.database.db;
  const progress = live.get(jobId)!;
  const persist = async (set: Partial<typeof importJobs.$inferInsert>) => {
    await db.update(importJobs).set({ ...set, heartbeatAt: new Date() }).where(eq(importJobs.id, jobId));
  };

  // 1. Read every row.
  const rows: ParsedRow[] = [];
  for await (const r of readRows(data)) {
    rows.push(r);
    if (rows.length > MAX_ROWS) throw new AppError('import_bad_file', { reason: `超过 ${MAX_ROWS} 行，请拆分文件`, reasonEn: `more than ${MAX_ROWS} rows; split the file` });
  }
  Object.assign(progress, { status: 'validating', total: rows.length, done: 0 });
  await persist({ status: 'validating', total: rows.length });

  // 2. Validate: each row, then against the database (grids in scope, ID numbers registered elsewhere).
  const tags = await allTags(db);
  const active = await activeTagCodes(db);
  const tagByLabel = new Map<string, string>();
  for (const t of tags) if (active.has(t.code)) for (const l of [t.code, t.name, t.nameEn]) tagByLabel.set(l, t.code);
  const { plan, errors } = planRows(rows, tagByLabel);
  const households_ = [...plan.values()];
  const gridOk = await visibleActiveGrids(db, ctx.actor, [...new Set(households_.map((h) => h.gridCode))]);
  const rejected = new Set<PlannedHousehold>();
  for (const h of households_) {
    if (!gridOk.has(h.gridCode)) {
      for (const r of h.rows) errors.push({ row: r, column: HEADER_OF.gridCode, reason: `网格 ${h.gridCode} 不存在、已撤销或不在您的管辖范围内`, reasonEn: `grid ${h.gridCode} does not exist, is retired or is outside your area` });
      rejected.add(h);
    }
  }
  const seen = new Map<string, boolean>();
  const visible = async (gridCode: string) => {
    if (!seen.has(gridCode)) seen.set(gridCode, await gridVisible(db, ctx.actor, gridCode));
    return seen.get(gridCode)!;
  };
  const existingPeople = await peopleByIdNumber(deps, households_.flatMap((h) => h.people.map((p) => p.values.idNumber).filter((x): x is string => !!x)));
  for (const h of households_) {
    if (rejected.has(h)) continue;
    const bad: PlannedPerson[] = [];
    for (const p of h.people) {
      const other = p.values.idNumber ? existingPeople.get(p.values.idNumber) : undefined;
      if (other && !(await visible(other.gridCode))) bad.push(p);
    }
    // The same words as the console's 409: nothing says where, or that the number exists at all.
    for (const p of bad) errors.push({ row: p.row, column: HEADER_OF.idNumber, reason: errorMessage('id_number_not_addable', {}, 'zh-CN'), reasonEn: errorMessage('id_number_not_addable', {}, 'en') });
    if (bad.length) h.people = h.people.filter((p) => !bad.includes(p));
    if (!h.people.length) rejected.add(h);
  }
  errors.sort((a, b) => a.row - b.row);
  const errorRows = new Set(errors.map((e) => e.row)).size;
  await saveErrors(db, jobId, errors);
  await persist({ errorRows });
  if (mode === 'all_or_nothing' && errors.length) {
    await persist({ status: 'rejected', message: `${errorRows} 行有错误，未导入任何数据 / ${errorRows} rows have errors; nothing was imported`, finishedAt: new Date() });
    return;
  }

  // 3. Write: all-or-nothing in one transaction; only-valid-rows in chunks, each atomic.
  const todo = households_.filter((h) => !rejected.has(h));
  Object.assign(progress, { status: 'writing', total: todo.length, done: 0 });
  await persist({ status: 'writing', done: 0, total: todo.length });
  const counts = { householdsCreated: 0, householdsUpdated: 0, peopleCreated: 0, peopleUpdated: 0, unchanged: 0 };
  const rules = await listVisitRules(db);
  const CHUNK = 500;
  // On PostgreSQL progress is written from another connection while the transaction runs.
  const progressOutside = deps.database.kind === 'postgres';
  const writeChunk = async (tx: DbOrTx, chunk: PlannedHousehold[]) => {
    // The embedded database answers without real I/O: without a turn of the event loop between chunks,
    // requests (the console polling this progress) and the job's lease heartbeat would wait for the end.
    await new Promise((r) => setImmediate(r));
    const c = await writeHouseholds(deps, tx, ctx, jobId, chunk, rules, existingPeople);
    for (const k of Object.keys(counts) as (keyof typeof counts)[]) counts[k] += c[k];
    progress.done += chunk.length;
  };
  if (mode === 'all_or_nothing') {
    await db.transaction(async (tx) => {
      for (let i = 0; i < todo.length; i += CHUNK) {
        await writeChunk(tx, todo.slice(i, i + CHUNK));
        if (progressOutside) await persist({ done: progress.done });
      }
      await audit(tx, ctx, { action: 'household.import', targetType: 'import_job', targetId: jobId, details: { mode, ...counts } });
    });
  } else {
    for (let i = 0; i < todo.length; i += CHUNK) {
      const chunk = todo.slice(i, i + CHUNK);
      try {
        await db.transaction((tx) => writeChunk(tx, chunk));
      } catch (err) {
        // A chunk that the database refuses (a concurrent edit of the same people) is reported row by row.
        const [reason, reasonEn] =
          err instanceof AppError
            ? [errorMessage(err.code, err.params, 'zh-CN'), errorMessage(err.code, err.params, 'en')]
            : ['保存失败（可能与同时进行的修改冲突），请重新导入这些行', 'could not be saved (probably a concurrent change); import these rows again'];
        const failed: RowError[] = chunk.flatMap((h) => h.rows.map((row) => ({ row, column: '', reason, reasonEn })));
        await saveErrors(db, jobId, failed);
        progress.done += chunk.length;
        await persist({ errorRows: errorRows + failed.length });
        if (!(err instanceof Error)) throw err;
      }
      await persist({ done: progress.done });
    }
    await audit(db, ctx, { action: 'household.import', targetType: 'import_job', targetId: jobId, details: { mode, ...counts } });
  }
  await persist({ status: 'done', done: todo.length, ...counts, finishedAt: new Date(), message: null });
}

async function saveErrors(db: DbOrTx, jobId: string, errors: RowError[]) {
  for (let i = 0; i < errors.length; i += 2000) {
    await db.insert(importJobErrors).values(errors.slice(i, i + 2000).map((e) => ({ jobId, ...e })));
  }
}

async function visibleActiveGrids(db: DbOrTx, actor: Actor, codes: string[]): Promise<Set<string>> {
  const ok = new Set<string>();
  for (let i = 0; i < codes.length; i += 1000) {
    for (const code of await activeGridCodes(db, codes.slice(i, i + 1000))) if (await gridVisible(db, actor, code)) ok.add(code);
  }
  return ok;
}

async function peopleByIdNumber(deps: Deps, ids: string[]): Promise<Map<string, PersonRow>> {
  const out = new Map<string, PersonRow>();
  const byBidx = new Map(ids.map((id) => [deps.pii.blindIndex('id', id), id]));
  const keys = [...byBidx.keys()];
  for (let i = 0; i < keys.length; i += 1000) {
    const rows = await deps.database.db.select().from(people).where(inArray(people.idNumberBidx, keys.slice(i, i + 1000)));
    for (const r of rows) out.set(byBidx.get(r.idNumberBidx!)!, r);
  }
  return out;
}

type Counts = { householdsCreated: number; householdsUpdated: number; peopleCreated: number; peopleUpdated: number; unchanged: number };

/** Writes one chunk of planned households: creates what is new, changes what differs, leaves the rest. */
async function writeHouseholds(
  deps: Deps,
  tx: DbOrTx,
  ctx: RequestContext,
  jobId: string,
  chunk: PlannedHousehold[],
  rules: VisitRule[],
  existingPeople: Map<string, PersonRow>,
): Promise<Counts> {
  const counts: Counts = { householdsCreated: 0, householdsUpdated: 0, peopleCreated: 0, peopleUpdated: 0, unchanged: 0 };
  const meta = { action: 'update' as const, reason: '批量导入', importJobId: jobId };
  const buildingIds = await ensureBuildings(tx, chunk.filter((x) => x.kind === 'building'));
  const keyOf = (h: PlannedHousehold) =>
    h.kind === 'building'
      ? addressKeyOf('building', { buildingId: buildingIds.get(`${h.gridCode}:${h.compound}:${h.building}`)!.id, unit: h.unit, room: h.room, gridCode: h.gridCode })
      : h.key;
  const keys = chunk.map(keyOf);
  const existing = new Map<string, HouseholdRow>();
  for (const r of await tx.select().from(households).where(inArray(households.addressKey, keys))) existing.set(r.addressKey, r);

  const newHouseholds: (typeof households.$inferInsert)[] = [];
  const newPeople: (typeof people.$inferInsert)[] = [];
  const newMembers: (typeof householdMembers.$inferInsert)[] = [];
  const changes: ChangeRecord[] = [];
  const events: HouseholdEventInput[] = [];

  for (const [i, h] of chunk.entries()) {
    const key = keys[i];
    let target = existing.get(key);
    let householdId: string;
    if (!target) {
      householdId = randomUUID();
      const b = h.kind === 'building' ? buildingIds.get(`${h.gridCode}:${h.compound}:${h.building}`)! : null;
      const type = h.type ?? 'ordinary';
      const tags = h.tags ?? [];
      const riskLevel = h.riskLevel ?? 'none';
      const fields: HouseholdFields = {
        gridCode: h.gridCode,
        addressKind: h.kind,
        buildingId: b?.id ?? null,
        unit: h.unit,
        floor: h.floor,
        room: h.room,
        villageGroup: h.villageGroup,
        houseNumber: h.houseNumber,
        address: composeAddress(h.kind, { building: b, unit: h.unit, room: h.room, villageGroup: h.villageGroup, houseNumber: h.houseNumber }),
        addressKey: key,
        type,
        tags,
        riskLevel,
        riskNotes: h.riskNotes,
        visitIntervalDays: visitIntervalFor(rules, { type, tags, riskLevel }),
        lon: null,
        lat: null,
        status: 'active',
      };
      const head = h.people.find((p) => p.values.relation === 'head' && !(p.values.idNumber && existingPeople.has(p.values.idNumber)));
      const headId = head ? randomUUID() : null;
      const fresh = h.people.filter((p) => !(p.values.idNumber && existingPeople.has(p.values.idNumber)));
      newHouseholds.push({ id: householdId, ...fields, memberCount: fresh.length, headPersonId: headId });
      changes.push({ entityType: 'household', entityId: householdId, householdId, gridCode: h.gridCode, version: 1, action: 'create', changes: creationChanges(householdHistory(fields)), reason: '批量导入', importJobId: jobId });
      events.push({ householdId, gridCode: h.gridCode, source: 'households', kind: 'file.created', summary: `建档（批量导入）：${fields.address}`, refType: 'import_job', refId: jobId, actor: ctx.actor });
      counts.householdsCreated++;
      for (const p of fresh) {
        const id = p === head ? headId! : randomUUID();
        const cols = sealPerson(deps.pii, p.values);
        newPeople.push({ id, householdId, gridCode: h.gridCode, ...cols });
        newMembers.push({ personId: id, householdId, relation: p.values.relation, reason: '批量导入' });
        changes.push({ entityType: 'person', entityId: id, householdId, gridCode: h.gridCode, version: 1, action: 'create', changes: creationChanges(personHistory({ ...cols, status: 'active', householdId })), reason: '批量导入', importJobId: jobId });
        counts.peopleCreated++;
      }
      // People already registered elsewhere in scope move into the new household after it exists.
      target = undefined;
    } else {
      householdId = target.id;
      // Only columns filled in the file change the file; empty cells leave values as they are.
      const type = h.type ?? target.type;
      const tags = h.tags ?? target.tags;
      const riskLevel = h.riskLevel ?? target.riskLevel;
      const next: HouseholdFields = {
        ...(({ id: _i, createdAt: _c, updatedAt: _u, version: _v, headPersonId: _h, memberCount: _m, ...rest }) => rest)(target),
        type,
        tags,
        riskLevel,
        riskNotes: h.riskNotes ?? target.riskNotes,
        visitIntervalDays: visitIntervalFor(rules, { type, tags, riskLevel }),
        status: 'active',
      };
      if (await applyHousehold(tx, ctx, target, next, target.version, { ...meta, action: target.status === 'archived' ? 'restore' : 'update' })) counts.householdsUpdated++;
      const members = await tx.select().from(people).where(eq(people.householdId, target.id));
      for (const p of h.people) {
        if (p.values.idNumber && existingPeople.has(p.values.idNumber)) continue;
        // Without an ID number on one side, a member of the same name is the same person (the row may
        // add the ID number the file lacked before, or omit one already recorded).
        const same = members.find((m) => m.name === p.values.name && (!m.idNumberBidx || !p.values.idNumber));
        if (same) {
          if (await updatePersonFromRow(deps, tx, ctx, same, p.values, meta)) counts.peopleUpdated++;
          else counts.unchanged++;
          continue;
        }
        const id = randomUUID();
        const cols = sealPerson(deps.pii, p.values);
        newPeople.push({ id, householdId, gridCode: target.gridCode, ...cols });
        newMembers.push({ personId: id, householdId, relation: p.values.relation, reason: '批量导入' });
        changes.push({ entityType: 'person', entityId: id, householdId, gridCode: target.gridCode, version: 1, action: 'create', changes: creationChanges(personHistory({ ...cols, status: 'active', householdId })), reason: '批量导入', importJobId: jobId });
        events.push({ householdId, gridCode: target.gridCode, source: 'households', kind: 'member.joined', summary: `新增成员（批量导入）：${p.values.name}`, refType: 'person', refId: id, actor: ctx.actor });
        counts.peopleCreated++;
      }
    }
  }
  await bulkInsert(tx, households, newHouseholds);
  await bulkInsert(tx, people, newPeople);
  await bulkInsert(tx, householdMembers, newMembers);
  await recordChangesBatch(tx, ctx, changes);
  await appendHouseholdEvents(tx, events);
  // Registered people (by ID number): update their fields, and move them here if they live elsewhere.
  for (const [i, h] of chunk.entries()) {
    const registered = h.people.filter((p) => p.values.idNumber && existingPeople.has(p.values.idNumber));
    if (!registered.length) continue;
    const [target] = await tx.select().from(households).where(eq(households.addressKey, keys[i]));
    for (const p of registered) {
      let person = existingPeople.get(p.values.idNumber!)!;
      [person] = await tx.select().from(people).where(eq(people.id, person.id));
      let changed = false;
      if (person.householdId !== target.id || person.status !== 'active') {
        await applyMove(tx, ctx, person, { householdId: target.id, relation: p.values.relation, status: 'active', gridCode: target.gridCode }, person.version, meta);
        [person] = await tx.select().from(people).where(eq(people.id, person.id));
        changed = true;
      }
      if (await updatePersonFromRow(deps, tx, ctx, person, p.values, meta)) changed = true;
      if (changed) counts.peopleUpdated++;
      else counts.unchanged++;
    }
  }
  return counts;
}

/** Applies a row's filled person columns to a registered person; false when nothing differs. */
async function updatePersonFromRow(deps: Deps, tx: DbOrTx, ctx: RequestContext, current: PersonRow, v: PersonValues, meta: { action: 'update'; reason: string; importJobId: string }): Promise<boolean> {
  // Empty cells leave values as they are; birth date and sex follow the ID number when there is one.
  return applyPerson(
    deps,
    tx,
    ctx,
    current,
    {
      name: v.name,
      relation: v.relation,
      ...(v.idNumber ? { idNumber: v.idNumber } : {}),
      ...(v.phone ? { phone: v.phone } : {}),
      ...(v.birthDate && !v.idNumber ? { birthDate: v.birthDate } : {}),
      ...(v.sex && !v.idNumber ? { sex: v.sex } : {}),
    },
    current.version,
    meta,
  );
}

// ---------------------------------------------------------------------------------------------
// Reading jobs and their error reports

export async function findJob(db: DbOrTx, actor: Actor, id: string) {
  const [j] = await db.select().from(importJobs).where(eq(importJobs.id, id));
  // A job belongs to whoever started it; administrators see the jobs inside their scope.
  if (!j || (j.actorId !== actor.id && !(actor.roles.includes('admin') && codeInScope(actor, j.regionCode)))) {
    throw new AppError('not_found', { what: '导入任务', whatEn: 'Import job' });
  }
  return j;
}

export async function jobErrors(db: DbOrTx, jobId: string, limit: number, offset: number) {
  const rows = await db.select().from(importJobErrors).where(eq(importJobErrors.jobId, jobId)).orderBy(importJobErrors.row, importJobErrors.id).limit(limit).offset(offset);
  return rows.map(({ row, column, reason, reasonEn }) => ({ row, column, reason, reasonEn }));
}

export async function errorsXlsx(db: DbOrTx, jobId: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('错误报告');
  ws.columns = [
    { header: '行号', key: 'row', width: 8 },
    { header: '列', key: 'column', width: 14 },
    { header: '原因', key: 'reason', width: 60 },
    { header: 'Reason', key: 'reasonEn', width: 60 },
  ];
  ws.getRow(1).font = { bold: true };
  for (let offset = 0; ; offset += 5000) {
    const batch = await jobErrors(db, jobId, 5000, offset);
    for (const e of batch) ws.addRow(e);
    if (batch.length < 5000) break;
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
