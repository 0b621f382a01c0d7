/**
 * The register's Excel import: one sheet, a header row in Chinese, one firm a row. Every row is
 * checked like the form (credit code, place, phone, duplicates within the file and in the register);
 * errors come back by row and column. all_or_nothing (default) writes nothing when any row fails;
 * valid_rows writes the good ones. Writing is one transaction with one audit entry.
 */
import type ExcelJS from 'exceljs';
import type { RequestContext } from '../../platform/audit.js';
import { audit } from '../../platform/audit.js';
import { authorize } from '../../platform/access.js';
import { AppError, errorMessage } from '../../platform/errors.js';
import ExcelJSDefault, { firstWorksheetRows } from '../../platform/xlsx.js';
import { enterprises } from './enterprises.tables.js';
import { duplicateOnRace, prepare, type Deps, type EnterpriseInput } from './enterprises.service.js';
import { INDUSTRIES, SIZES } from './enterprises.schemas.js';

const INDUSTRY_NAMES: Record<(typeof INDUSTRIES)[number], string> = {
  electronics: '电子信息',
  new_energy: '锂电新能源',
  equipment: '装备制造',
  materials: '新材料',
  food: '食品加工',
  textile: '纺织服装',
  pharma: '生物医药',
  services: '生产性服务',
  other: '其他',
};
const SIZE_NAMES: Record<(typeof SIZES)[number], string> = { large: '大型', medium: '中型', small: '小型', micro: '微型' };

const COLUMNS = [
  { key: 'creditCode', header: '统一社会信用代码' },
  { key: 'name', header: '企业名称' },
  { key: 'industry', header: '行业' },
  { key: 'size', header: '规模' },
  { key: 'regionCode', header: '所在区划代码' },
  { key: 'park', header: '园区' },
  { key: 'address', header: '地址' },
  { key: 'contactName', header: '联系人' },
  { key: 'contactPhone', header: '联系电话' },
] as const;
type Key = (typeof COLUMNS)[number]['key'];
const HEADER_OF = Object.fromEntries(COLUMNS.map((c) => [c.key, c.header])) as Record<Key, string>;

export async function templateXlsx(): Promise<Buffer> {
  const wb = new ExcelJSDefault.Workbook();
  const ws = wb.addWorksheet('企业名录');
  ws.columns = COLUMNS.map((c) => ({ header: c.header, key: c.key, width: 20, style: { numFmt: '@' } }));
  ws.addRow({ creditCode: '91360802MA35A0B1CB', name: '（示例）吉安某电子有限公司', industry: '电子信息', size: '中型', regionCode: '360802004', park: '井冈山经开区', contactPhone: '13900000000' });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function text(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object' && 'richText' in v) return v.richText.map((r) => r.text).join('').trim();
  if (typeof v === 'object' && 'text' in v) return String(v.text).trim();
  if (typeof v === 'object' && 'result' in v) return String(v.result ?? '').trim();
  return String(v).trim();
}

interface ImportError {
  row: number;
  column: string;
  reason: string;
  reasonEn: string;
}

const byName = <T extends string>(names: Record<T, string>, v: string): T | undefined =>
  (Object.keys(names) as T[]).find((k) => k === v || names[k] === v);

/** The column an error belongs to, from the field the check named. */
function columnOf(err: AppError): string {
  const f = String(err.params.field ?? err.params.what ?? '');
  const key = COLUMNS.find((c) => f.includes(c.key))?.key;
  if (err.code === 'enterprise_duplicate' || err.code === 'invalid_credit_code') return HEADER_OF.creditCode;
  if (err.code === 'out_of_scope' || err.code === 'not_found') return HEADER_OF.regionCode;
  return key ? HEADER_OF[key] : '';
}

export async function importFirms(deps: Deps, ctx: RequestContext, file: Buffer, mode: 'all_or_nothing' | 'valid_rows') {
  authorize(ctx.actor, 'enterprises.write');
  const errors: ImportError[] = [];
  const good: (typeof enterprises.$inferInsert)[] = [];
  const seen = new Map<string, number>();
  let header: Map<number, Key> | null = null;
  let total = 0;
  try {
    for await (const row of firstWorksheetRows(file)) {
      const cells = row.values as ExcelJS.CellValue[];
      if (!header) {
        const h = new Map<number, Key>();
        for (let i = 1; i < cells.length; i++) {
          const k = COLUMNS.find((c) => text(cells[i]).replace(/\*$/, '') === c.header)?.key;
          if (k) h.set(i, k);
        }
        header = h;
        const missing = COLUMNS.slice(0, 5).filter((c) => ![...h.values()].includes(c.key));
        if (missing.length) throw new AppError('bad_request', { reason: `缺少列：${missing.map((c) => c.header).join('、')}`, reasonEn: `missing columns: ${missing.map((c) => c.header).join(', ')}` });
        continue;
      }
      const v = {} as Record<Key, string>;
      for (const [i, k] of header) v[k] = text(cells[i]);
      if (!Object.values(v).some(Boolean)) continue;
      total++;
      const fail = (column: Key, reason: string, reasonEn: string) => errors.push({ row: row.number, column: HEADER_OF[column], reason, reasonEn });
      const industry = byName(INDUSTRY_NAMES, v.industry);
      const size = byName(SIZE_NAMES, v.size);
      if (!v.name) { fail('name', '不能为空', 'is required'); continue; }
      if (!industry) { fail('industry', `取值未定义：${v.industry}`, `unknown value: ${v.industry}`); continue; }
      if (!size) { fail('size', `取值未定义：${v.size}`, `unknown value: ${v.size}`); continue; }
      if (!/^(\d{6}|\d{9}|\d{12}|\d{15})$/.test(v.regionCode)) { fail('regionCode', `区划代码不正确：${v.regionCode}`, `not a division code: ${v.regionCode}`); continue; }
      const code = v.creditCode.toUpperCase();
      if (seen.has(code)) { fail('creditCode', `与第 ${seen.get(code)} 行重复`, `same code as row ${seen.get(code)}`); continue; }
      const input: EnterpriseInput = {
        creditCode: v.creditCode, name: v.name, industry, size, regionCode: v.regionCode,
        park: v.park || undefined, address: v.address || undefined, contactName: v.contactName || undefined, contactPhone: v.contactPhone || undefined,
      };
      try {
        const r = await prepare(deps, ctx.actor, input);
        seen.set(r.creditCode, row.number);
        good.push(r);
      } catch (err) {
        if (!(err instanceof AppError) || err.status >= 500) throw err;
        errors.push({ row: row.number, column: columnOf(err), reason: errorMessage(err.code, err.params, 'zh-CN'), reasonEn: errorMessage(err.code, err.params, 'en') });
      }
    }
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw new AppError('bad_request', { reason: '文件无法读取（须为 .xlsx）', reasonEn: 'the file cannot be read (an .xlsx is expected)' });
  }
  const write = errors.length === 0 || mode === 'valid_rows';
  if (write && good.length) {
    await deps.database.db
      .transaction(async (tx) => {
        for (let i = 0; i < good.length; i += 500) await tx.insert(enterprises).values(good.slice(i, i + 500));
        await audit(tx, ctx, { action: 'enterprise.import', targetType: 'enterprise', targetId: 'import', details: { created: good.length, errors: errors.length, mode } });
      })
      .catch((err: unknown) => duplicateOnRace(err, ''));
  }
  return { total, created: write ? good.length : 0, errors };
}
