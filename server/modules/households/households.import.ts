/**
 * Roster import (户籍台账导入) from Excel: the job. One row per person; rows with the same address are one
 * household. The user chooses all-or-nothing or only-valid-rows. Re-importing the same file changes
 * nothing. Progress is kept on the import job row, which the console polls. The steps: parse
 * (households.import.parse.ts), plan (households.import.plan.ts), write (households.import.write.ts),
 * run in order by households.import.run.ts; reading jobs and error reports: households.import.reports.ts.
 */
import { createHash, randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { rows, type DbOrTx } from '../../platform/db.js';
import type { RequestContext } from '../../platform/audit.js';
import { errorSummary } from '../../platform/logger.js';
import { AppError, errorMessage } from '../../platform/errors.js';
import { enqueue, type JobContext } from '../../platform/jobs.js';
import { jobFiles } from '../../platform/jobs.tables.js';
import type { ByteSource } from '../../platform/zip.js';
import { type Deps } from './households.service.js';
import { importJobErrors, importJobRows, importJobs } from './households.tables.js';
import { type ImportMode, precheck } from './households.import.parse.js';
import { importStaged } from './households.import.run.js';

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
  // The stored upload is read by ranges while it is unpacked, never whole (a million rows: 56 MiB).
  const source = row && !['done', 'rejected', 'failed'].includes(row.status) ? await jobFileSource(db, id) : null;
  if (!row || !source) {
    if (row && !source && !['done', 'rejected', 'failed'].includes(row.status)) {
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
    await runImport(deps, ctx, id, source, row.mode as ImportMode);
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

async function runImport(deps: Deps, ctx: RequestContext, jobId: string, source: ByteSource, mode: ImportMode): Promise<void> {
  const db = deps.database.db;
  const progress = live.get(jobId)!;
  const persist = async (set: Partial<typeof importJobs.$inferInsert>) => {
    await db.update(importJobs).set({ ...set, heartbeatAt: new Date() }).where(eq(importJobs.id, jobId));
  };
  // Rows kept by an earlier attempt of this job.
  await db.delete(importJobRows).where(eq(importJobRows.jobId, jobId));
  try {
    await importStaged(deps, ctx, jobId, source, mode, progress, persist);
  } finally {
    await db.delete(importJobRows).where(eq(importJobRows.jobId, jobId));
  }
}

/**
 * The stored upload as a ByteSource: each range is a substring query, so the file is never in memory
 * whole (a bytea read whole arrives as hex text twice its size, and the driver's copy of it, before it
 * becomes bytes: a 55 MiB file of a million rows lifted the process by 490 MiB; read whole in slices it
 * still held 56 MiB for the whole read). Null when the file is gone.
 */
async function jobFileSource(db: DbOrTx, id: string): Promise<ByteSource | null> {
  const [size] = await rows<{ n: number }>(db, sql`select octet_length(data)::int as n from ${jobFiles} where id = ${id}`);
  if (!size) return null;
  return {
    size: size.n,
    async read(at, length) {
      const [part] = await rows<{ b: Uint8Array }>(db, sql`select substring(data from ${at + 1} for ${length}) as b from ${jobFiles} where id = ${id}`);
      if (!part) throw new Error('the stored upload is gone');
      return Buffer.isBuffer(part.b) ? part.b : Buffer.from(part.b.buffer, part.b.byteOffset, part.b.byteLength);
    },
  };
}
