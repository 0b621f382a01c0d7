/**
 * Roster import (户籍台账导入) from Excel: the job. One row per person; rows with the same address are one
 * household. The user chooses all-or-nothing or only-valid-rows. Re-importing the same file changes
 * nothing. Progress is kept on the import job row, which the console polls. The steps: parse
 * (households.import.parse.ts), plan (households.import.plan.ts), write (households.import.write.ts).
 */
import { createHash, randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { codeInScope, type Actor } from '../../platform/access.js';
import { gridVisible } from '../../platform/access/grids.js';
import { audit, type RequestContext } from '../../platform/audit.js';
import type { DbOrTx } from '../../platform/db.js';
import { errorSummary } from '../../platform/logger.js';
import { AppError, errorMessage } from '../../platform/errors.js';
import { enqueue, type JobContext } from '../../platform/jobs.js';
import { jobFiles } from '../../platform/jobs.tables.js';
import { activeTagCodes, allTags, listVisitRules } from './households.config.js';
import { type Deps } from './households.service.js';
import { importJobErrors, importJobs } from './households.tables.js';
import ExcelJS from '../../platform/xlsx.js';
import { HEADER_OF, type ImportMode, MAX_ROWS, type ParsedRow, precheck, readRows } from './households.import.parse.js';
import { type PlannedHousehold, type PlannedPerson, type RowError, planRows } from './households.import.plan.js';
import { peopleByIdNumber, saveErrors, visibleActiveGrids, writeHouseholds } from './households.import.write.js';

export { checkArchive, COLUMNS, GRID_NAME_HEADER, readRows, templateXlsx, type ImportMode } from './households.import.parse.js';

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
