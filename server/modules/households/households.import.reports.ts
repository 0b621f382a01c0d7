/**
 * Reading roster import jobs (households.import.ts): a job as its starter (or an administrator over its
 * area) sees it, its row errors page by page, and the error report as an Excel file.
 */
import { eq } from 'drizzle-orm';
import { codeInScope, type Actor } from '../../platform/access.js';
import type { DbOrTx } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import { importJobErrors, importJobs } from './households.tables.js';
import ExcelJS from '../../platform/xlsx.js';


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
