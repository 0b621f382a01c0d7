/**
 * The roster import's run (households.import.ts starts it): read the file once into staged rows (parse
 * and each row's own checks), check across rows and household by household (validate, plan), then
 * write, all-or-nothing or chunk by chunk (households.import.write.ts).
 */
import { sql } from 'drizzle-orm';
import { gridVisible } from '../../platform/access/grids.js';
import { audit, type RequestContext } from '../../platform/audit.js';
import { rows, type DbOrTx } from '../../platform/db.js';
import type { ByteSource } from '../../platform/zip.js';
import { AppError, errorMessage } from '../../platform/errors.js';
import { activeTagCodes, allTags, listVisitRules } from './households.config.js';
import { type Deps } from './households.service.js';
import { importJobErrors, importJobRows, importJobs } from './households.tables.js';
import { HEADER_OF, type ImportMode, MAX_ROWS, readRows } from './households.import.parse.js';
import { type CheckedRow, checkRow, type PlannedHousehold, type PlannedPerson, planHousehold, type RowError, sealRow, type StagedRow } from './households.import.plan.js';
import { peopleByIdNumberBidx, type RegisteredPerson, saveErrors, visibleActiveGrids, writeHouseholds } from './households.import.write.js';

/** Rows kept (and errors saved) per statement while reading; rows read back per query while checking. */
const STAGE_BATCH = 1000;
const READ_PAGE = 1000;
/**
 * Households checked and written together: their people, households and grids are looked up in one query
 * each (a re-import of 100,000 unchanged rows spent most of its writing time in these lookups at 250).
 */
const CHUNK = 500;

/**
 * The rows of the job that passed their own checks and are not a repeat of an earlier row's ID number,
 * household by household (ordered by address key, each household's rows in file order), CHUNK
 * households at a time. Reads READ_PAGE rows per query (keyset on the address key and row).
 */
async function* stagedHouseholds(q: DbOrTx, jobId: string): AsyncGenerator<StagedRow[][]> {
  let after = { key: '', row: -1 };
  let current: StagedRow[] = [];
  let batch: StagedRow[][] = [];
  for (;;) {
    const page = await rows<{ row: number; key: string; data: StagedRow['data'] }>(
      q,
      sql`select s.row, s.household_key as key, s.data from ${importJobRows} s
          where s.job_id = ${jobId} and s.ok and (s.household_key, s.row) > (${after.key}, ${after.row})
          order by s.household_key, s.row limit ${READ_PAGE}`,
    );
    for (const r of page) {
      if (current.length && current[0].key !== r.key) {
        batch.push(current);
        current = [];
      }
      current.push(r);
    }
    if (page.length < READ_PAGE) {
      if (current.length) batch.push(current);
      if (batch.length) yield batch;
      return;
    }
    after = { key: page[page.length - 1].key, row: page[page.length - 1].row };
    if (batch.length >= CHUNK) {
      yield batch;
      batch = [];
    }
  }
}

export async function importStaged(
  deps: Deps,
  ctx: RequestContext,
  jobId: string,
  source: ByteSource,
  mode: ImportMode,
  progress: { status: string; done: number; total: number },
  persist: (set: Partial<typeof importJobs.$inferInsert>) => Promise<void>,
): Promise<void> {
  const db = deps.database.db;
  const tags = await allTags(db);
  const active = await activeTagCodes(db);
  const tagByLabel = new Map<string, string>();
  for (const t of tags) if (active.has(t.code)) for (const l of [t.code, t.name, t.nameEn]) tagByLabel.set(l, t.code);

  // 1. Read the file once, as a stream: each row is checked on its own and kept (sealed), its problems
  //    saved, a batch at a time; nothing grows with the file's size.
  let read = 0;
  // The rows of a batch as checked: sealed when the batch is saved, after one query has found the people
  // already registered under their ID numbers (whose ciphertexts are kept, not made again: a re-import of
  // an unchanged roster encrypts nothing).
  let pending: { row: number; idNumberBidx: string | null; checked: CheckedRow | null }[] = [];
  let rowErrors: RowError[] = [];
  // One batch is saved while the next is read (the database and the parsing overlap); the reading waits
  // for it before handing over another, so at most two batches are held, however slow the database.
  let saving: Promise<void> = Promise.resolve();
  const flush = async () => {
    const batch = pending;
    const errors = rowErrors;
    const done = read;
    pending = [];
    rowErrors = [];
    await saving;
    saving = (async () => {
      if (batch.length) {
        const stored = await peopleByIdNumberBidx(db, batch.flatMap((b) => (b.checked && b.idNumberBidx ? [b.idNumberBidx] : [])));
        // Each row as its JSON text, the batch sent as one JSON array: the sealed columns are not escaped
        // again as array text.
        const json = batch.map((b) => {
          const s = b.checked ? sealRow(deps.pii, b.checked, b.idNumberBidx, b.idNumberBidx ? stored.get(b.idNumberBidx) : undefined) : null;
          return JSON.stringify({ r: b.row, ok: !!s, k: s?.key ?? null, b: b.idNumberBidx, d: s?.data ?? null });
        });
        await db.execute(sql`
          insert into ${importJobRows} (job_id, row, ok, household_key, id_number_bidx, data)
          select ${jobId}::uuid, x.r, x.ok, x.k, x.b, x.d
          from json_to_recordset(${`[${json.join(',')}]`}::json) as x(r integer, ok boolean, k text, b text, d json)`);
      }
      await saveErrors(db, jobId, errors);
      progress.done = done;
      await persist({ done });
    })();
    // Awaited at the next flush or at the end; a failure is not reported as unhandled meanwhile.
    saving.catch(() => {});
    // The embedded database answers without real I/O: let requests (the console polling this progress) in.
    await new Promise((r) => setImmediate(r));
  };
  try {
    for await (const r of readRows(source)) {
      if (++read > MAX_ROWS) throw new AppError('import_bad_file', { reason: `超过 ${MAX_ROWS} 行，请拆分文件`, reasonEn: `more than ${MAX_ROWS} rows; split the file` });
      const c = checkRow(deps.pii, r, tagByLabel);
      for (const e of c.errors) rowErrors.push(e);
      if (c.checked || c.idNumberBidx) pending.push({ row: r.row, idNumberBidx: c.idNumberBidx, checked: c.checked });
      if (pending.length >= STAGE_BATCH || rowErrors.length >= STAGE_BATCH) await flush();
    }
    await flush();
  } finally {
    // Nothing is left writing when the reading stops (a bad file), nor after the last batch.
    await saving.catch(() => {});
  }
  await saving;

  // Statistics for the freshly filled table, before it is queried. With an earlier job's statistics (this
  // job's rows unknown to the planner) the duplicate check below joins every row to every row (quadratic
  // in the file's rows: a second import of 100,000 rows spent 9 minutes there), and each page read back
  // sorts every remaining row of the job instead of walking the index. Only the columns queried on: the
  // rows' data is never filtered on, and sampling it cost most of the analysis.
  await db.execute(sql`analyze ${importJobRows} (job_id, row, ok, household_key, id_number_bidx)`);

  // 2. Check across rows. Repeated ID numbers: every row after the first with the same number.
  const repeated = await rows<{ row: number }>(
    db,
    sql`
    insert into ${importJobErrors} (job_id, row, "column", reason, reason_en)
    select s.job_id, s.row, ${HEADER_OF.idNumber}::text, '与第 ' || f.first || ' 行的身份证号重复', 'same ID number as row ' || f.first
    from ${importJobRows} s
    join (select id_number_bidx, min(row) as first from ${importJobRows} where job_id = ${jobId} and id_number_bidx is not null group by id_number_bidx having count(*) > 1) f
      on f.id_number_bidx = s.id_number_bidx
    where s.job_id = ${jobId} and s.row > f.first
    order by s.row
    returning row`,
  );
  // Those rows join no household.
  if (repeated.length) {
    await db.execute(sql`
      update ${importJobRows} s set ok = false
      from (select id_number_bidx, min(row) as first from ${importJobRows} where job_id = ${jobId} and id_number_bidx is not null group by id_number_bidx having count(*) > 1) f
      where s.job_id = ${jobId} and s.ok and s.id_number_bidx = f.id_number_bidx and s.row > f.first`);
  }
  // Then household by household: the rows of one address together, the grid in scope, people
  // registered elsewhere. Errors are saved as they are found; an all-or-nothing import writes only
  // when there are none (checked while writing when the rows' own checks found none, else before).
  const [{ n: candidates, households: householdsTotal }] = await rows<{ n: number; households: number }>(
    db,
    sql`select count(*)::int as n, count(distinct household_key)::int as households from ${importJobRows} where job_id = ${jobId} and ok`,
  );
  const gridOk = new Map<string, boolean>();
  const visible = new Map<string, boolean>();
  const check = async (q: DbOrTx, groups: StagedRow[][]) => {
    const errors: RowError[] = [];
    const todo: PlannedHousehold[] = [];
    const planned: PlannedHousehold[] = [];
    for (const g of groups) {
      const p = planHousehold(g);
      for (const e of p.errors) errors.push(e);
      if (p.household) planned.push(p.household);
    }
    const unknownGrids = [...new Set(planned.map((h) => h.gridCode))].filter((c) => !gridOk.has(c));
    const ok = await visibleActiveGrids(q, ctx.actor, unknownGrids);
    for (const c of unknownGrids) gridOk.set(c, ok.has(c));
    const existingPeople = await peopleByIdNumberBidx(q, planned.flatMap((h) => h.people.map((p) => p.person.idNumberBidx).filter((x): x is string => !!x)));
    for (const h of planned) {
      if (!gridOk.get(h.gridCode)) {
        for (const r of h.rows) errors.push({ row: r, column: HEADER_OF.gridCode, reason: `网格 ${h.gridCode} 不存在、已撤销或不在您的管辖范围内`, reasonEn: `grid ${h.gridCode} does not exist, is retired or is outside your area` });
        continue;
      }
      const bad: PlannedPerson[] = [];
      for (const p of h.people) {
        const other = p.person.idNumberBidx ? existingPeople.get(p.person.idNumberBidx) : undefined;
        if (!other) continue;
        if (!visible.has(other.gridCode)) visible.set(other.gridCode, await gridVisible(q, ctx.actor, other.gridCode));
        if (!visible.get(other.gridCode)) bad.push(p);
      }
      // The same words as the console's 409: nothing says where, or that the number exists at all.
      for (const p of bad) errors.push({ row: p.row, column: HEADER_OF.idNumber, reason: errorMessage('id_number_not_addable', {}, 'zh-CN'), reasonEn: errorMessage('id_number_not_addable', {}, 'en') });
      if (bad.length) h.people = h.people.filter((p) => !bad.includes(p));
      if (h.people.length) todo.push(h);
    }
    errors.sort((a, b) => a.row - b.row);
    return { todo, errors, existingPeople, rows: groups.reduce((n, g) => n + g.length, 0) };
  };
  const counts = { householdsCreated: 0, householdsUpdated: 0, peopleCreated: 0, peopleUpdated: 0, unchanged: 0 };
  const rules = await listVisitRules(db);
  // On PostgreSQL progress is written from another connection while the transaction runs.
  const progressOutside = deps.database.kind === 'postgres';
  const writeChunk = async (tx: DbOrTx, chunk: PlannedHousehold[], existingPeople: Map<string, RegisteredPerson>) => {
    // The embedded database answers without real I/O: without a turn of the event loop between chunks,
    // requests (the console polling this progress) and the job's lease heartbeat would wait for the end.
    await new Promise((r) => setImmediate(r));
    const c = await writeHouseholds(deps, tx, ctx, jobId, chunk, rules, existingPeople);
    for (const k of Object.keys(counts) as (keyof typeof counts)[]) counts[k] += c[k];
    progress.done += chunk.length;
  };
  const finish = () => persist({ status: 'done', total: progress.done, done: progress.done, ...counts, finishedAt: new Date(), message: null });

  // All-or-nothing with every row through its own checks and no repeated ID number: checked and written in
  // one pass, in the one transaction (the rows are read back and people looked up once, not twice). The
  // first household that fails a check rolls the transaction back; the pass below then checks every row
  // without writing and reports them all.
  const [{ n: earlyErrors }] = await rows<{ n: number }>(db, sql`select count(*)::int as n from ${importJobErrors} where job_id = ${jobId}`);
  if (mode === 'all_or_nothing' && !earlyErrors) {
    Object.assign(progress, { status: 'writing', total: householdsTotal, done: 0 });
    await persist({ status: 'writing', total: householdsTotal, done: 0 });
    try {
      await db.transaction(async (tx) => {
        for await (const groups of stagedHouseholds(tx, jobId)) {
          const c = await check(tx, groups);
          if (c.errors.length) throw new CheckFailed();
          await writeChunk(tx, c.todo, c.existingPeople);
          if (progressOutside) await persist({ done: progress.done });
        }
        await audit(tx, ctx, { action: 'household.import', targetType: 'import_job', targetId: jobId, details: { mode, ...counts } });
      });
      await finish();
      return;
    } catch (err) {
      if (!(err instanceof CheckFailed)) throw err;
      for (const k of Object.keys(counts) as (keyof typeof counts)[]) counts[k] = 0;
    }
  }
  Object.assign(progress, { status: 'validating', total: candidates, done: 0 });
  await persist({ status: 'validating', total: candidates, done: 0 });
  let households_ = 0;
  for await (const groups of stagedHouseholds(db, jobId)) {
    const c = await check(db, groups);
    await saveErrors(db, jobId, c.errors);
    households_ += c.todo.length;
    progress.done += c.rows;
    await persist({ done: progress.done });
    await new Promise((r) => setImmediate(r));
  }
  const [{ n: errorRows }] = await rows<{ n: number }>(db, sql`select count(distinct row)::int as n from ${importJobErrors} where job_id = ${jobId}`);
  await persist({ errorRows, done: candidates });
  if (mode === 'all_or_nothing' && errorRows) {
    await persist({ status: 'rejected', message: `${errorRows} 行有错误，未导入任何数据 / ${errorRows} rows have errors; nothing was imported`, finishedAt: new Date() });
    return;
  }

  // 3. Write: all-or-nothing in one transaction; only-valid-rows in chunks, each atomic. The rows are
  //    read back and checked again (what failed is left out; its errors are saved already).
  Object.assign(progress, { status: 'writing', total: households_, done: 0 });
  await persist({ status: 'writing', done: 0, total: households_ });
  let failedRows = 0;
  if (mode === 'all_or_nothing') {
    await db.transaction(async (tx) => {
      for await (const groups of stagedHouseholds(tx, jobId)) {
        const c = await check(tx, groups);
        await writeChunk(tx, c.todo, c.existingPeople);
        if (progressOutside) await persist({ done: progress.done });
      }
      await audit(tx, ctx, { action: 'household.import', targetType: 'import_job', targetId: jobId, details: { mode, ...counts } });
    });
  } else {
    for await (const groups of stagedHouseholds(db, jobId)) {
      const { todo: chunk, existingPeople } = await check(db, groups);
      try {
        await db.transaction((tx) => writeChunk(tx, chunk, existingPeople));
      } catch (err) {
        // A chunk that the database refuses (a concurrent edit of the same people) is reported row by row.
        const [reason, reasonEn] =
          err instanceof AppError
            ? [errorMessage(err.code, err.params, 'zh-CN'), errorMessage(err.code, err.params, 'en')]
            : ['保存失败（可能与同时进行的修改冲突），请重新导入这些行', 'could not be saved (probably a concurrent change); import these rows again'];
        const failed: RowError[] = chunk.flatMap((h) => h.rows.map((row) => ({ row, column: '', reason, reasonEn })));
        await saveErrors(db, jobId, failed);
        progress.done += chunk.length;
        failedRows += failed.length;
        await persist({ errorRows: errorRows + failedRows });
        if (!(err instanceof Error)) throw err;
      }
      await persist({ done: progress.done });
    }
    await audit(db, ctx, { action: 'household.import', targetType: 'import_job', targetId: jobId, details: { mode, ...counts } });
  }
  await finish();
}

/** A household of an all-or-nothing import failed a check while it was being written: roll back, report. */
class CheckFailed extends Error {}
