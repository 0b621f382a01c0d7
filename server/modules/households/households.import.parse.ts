/**
 * Roster import, step 1: reading the spreadsheet. The columns, the template, the archive checks made
 * before any job starts, and the rows as text.
 */
import ExcelJS, { firstWorksheetRows } from '../../platform/xlsx.js';
import { type ByteSource, DEFAULT_UNPACK_LIMITS, zipDirectory, ZipFormatError, type UnpackLimits } from '../../platform/zip.js';
import { errorSummary } from '../../platform/logger.js';
import { AppError } from '../../platform/errors.js';
import { HOUSEHOLD_TYPES, RELATIONS, RISK_LEVELS } from './households.config.js';

/** A county's roster at most; memory does not grow with the rows (the import streams them). */
export const MAX_ROWS = 1_000_000;
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
/** A column the roster export adds for readers (the grid's name beside its code); the import passes over it. */
export const GRID_NAME_HEADER = '网格名称';
export const HEADER_OF = Object.fromEntries(COLUMNS.map((c) => [c.key, c.header])) as Record<ColumnKey, string>;
export const PERSON_FIELD_COLUMN: Record<string, ColumnKey> = { name: 'name', relation: 'relation', idNumber: 'idNumber', phone: 'phone', birthDate: 'birthDate', sex: 'sex' };

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
    else if (h !== GRID_NAME_HEADER) unknown.push(h);
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
 * Streams the first worksheet's rows (from memory, or by ranges from the stored upload); throws import_bad_file for unreadable files and wrong headers,
 * archive_too_large for files that unpack beyond the limits (checked before and while inflating).
 */
export async function* readRows(file: Buffer | ByteSource, limits: UnpackLimits = DEFAULT_UNPACK_LIMITS): AsyncGenerator<ParsedRow> {
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
