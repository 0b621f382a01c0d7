import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import { authorize } from '../../platform/access.js';
import { requestContext } from '../../platform/auth.js';
import { AppError } from '../../platform/errors.js';
import { errorResponses, IdParams, pageOf, PageQuery, RevealReason } from '../../platform/schemas.js';
import { allTags } from './households.config.js';
import { exportRoster } from './households.export.js';
import { checkArchive, IMPORT_JOB, jobView, startImport, templateXlsx, type ImportMode } from './households.import.js';
import { errorsXlsx, findJob, jobErrors } from './households.import.reports.js';
import { ListHouseholdsQuery, noPersonalDataInAddress } from './households.schemas.js';
import type { Deps } from './households.service.js';
import { attachmentHeader, XLSX_TYPE } from '../../platform/xlsx.js';

const tags = ['households'];
const Binary = Type.String({ description: 'an .xlsx file' });

const ImportJob = Type.Object({
  id: Type.String(),
  status: Type.String({ description: 'parsing | validating | writing | done | rejected | failed' }),
  mode: Type.String(),
  fileName: Type.String(),
  total: Type.Integer(),
  done: Type.Integer(),
  errorRows: Type.Integer(),
  householdsCreated: Type.Integer(),
  householdsUpdated: Type.Integer(),
  peopleCreated: Type.Integer(),
  peopleUpdated: Type.Integer(),
  unchanged: Type.Integer(),
  message: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
  finishedAt: Type.Union([Type.String(), Type.Null()]),
});
const ImportError = Type.Object({ row: Type.Integer(), column: Type.String(), reason: Type.String(), reasonEn: Type.String() });


/** The form of an upload: a broken or truncated multipart body is the client's error (400), named as such. */
async function readUpload(req: FastifyRequest, maxBytes: number): Promise<{ mode: ImportMode; file: { name: string; data: Buffer } | null }> {
  let mode: ImportMode = 'all_or_nothing';
  let file: { name: string; data: Buffer } | null = null;
  try {
    for await (const part of req.parts()) {
      if (part.type === 'field') {
        if (part.fieldname === 'mode') {
          if (part.value !== 'all_or_nothing' && part.value !== 'valid_rows') {
            throw new AppError('unknown_value', { field: 'body.mode', value: JSON.stringify(String(part.value)) }, [{ field: 'body.mode', rule: 'enum' }]);
          }
          mode = part.value;
        }
        continue;
      }
      const data = await part.toBuffer().catch((err: { code?: string }) => {
        if (err.code === 'FST_REQ_FILE_TOO_LARGE') throw new AppError('payload_too_large', { limit: `${Math.round(maxBytes / 1024 / 1024)} MiB` });
        throw err;
      });
      // The name is kept with the job: no control characters (PostgreSQL refuses NUL), nothing overlong.
      // eslint-disable-next-line no-control-regex -- the control range is the point
      if (/[\u0000-\u001f]/.test(part.filename) || part.filename.length > 255) {
        throw new AppError('bad_request', { reason: '文件名含有控制字符或过长', reasonEn: 'the file name holds control characters or is too long' });
      }
      if (!/\.xlsx$/i.test(part.filename) || data.subarray(0, 4).toString('hex') !== '504b0304') {
        throw new AppError('unsupported_media_type', { type: `${part.mimetype}（只接受 .xlsx）`, typeEn: `${part.mimetype} (only .xlsx)` });
      }
      file = { name: part.filename, data };
    }
  } catch (err) {
    if (err instanceof AppError) throw err;
    // busboy and @fastify/multipart: a missing boundary, a truncated body, too many parts or fields.
    const code = (err as { code?: string }).code ?? '';
    if (code === 'FST_PARTS_LIMIT' || code === 'FST_FILES_LIMIT' || code === 'FST_FIELDS_LIMIT') {
      throw new AppError('bad_request', { reason: '表单的字段过多（只需 file 与 mode）', reasonEn: 'the form has too many parts (only file and mode)' });
    }
    throw new AppError('bad_request', { reason: '表单数据不完整或格式不正确', reasonEn: 'the multipart form is incomplete or malformed' });
  }
  return { mode, file };
}

export const householdImportRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const deps: Deps = { database: app.database, pii: app.vault };
  const { db } = app.database;
  const maxBytes = app.config.importMaxBytes;
  await app.register(multipart, { limits: { fileSize: maxBytes, files: 1, fields: 4, parts: 5, fieldSize: 1024 } });

  app.get(
    '/households/import-template',
    { schema: { tags, summary: '下载导入模板（中文表头） The import template', response: { 200: Binary, ...errorResponses } } },
    async (req, reply) => {
      authorize(req.actor!, 'households.import');
      const buf = await templateXlsx((await allTags(db)).filter((t) => t.active).map((t) => t.name));
      return reply.type(XLSX_TYPE).header('content-disposition', attachmentHeader('户籍台账导入模板.xlsx')).send(buf);
    },
  );

  app.post(
    '/households/imports',
    {
      schema: {
        tags,
        summary: '上传户籍台账（multipart: file, mode=all_or_nothing|valid_rows），返回导入任务 Upload a roster',
        consumes: ['multipart/form-data'],
        response: { 202: ImportJob, ...errorResponses, 413: Type.Ref('ErrorResponse'), 415: Type.Ref('ErrorResponse') },
      },
    },
    async (req, reply) => {
      const ctx = requestContext(req);
      authorize(ctx.actor, 'households.import');
      if (!req.isMultipart()) throw new AppError('unsupported_media_type', { type: String(req.headers['content-type'] ?? '') });
      const { mode, file } = await readUpload(req, maxBytes);
      if (!file) throw new AppError('required', { field: 'body.file' }, [{ field: 'body.file', rule: 'required' }]);
      if (file.data.length === 0) throw new AppError('import_bad_file', { reason: '文件是空的', reasonEn: 'the file is empty' });
      checkArchive(file.data, app.config.importMaxUnpackedBytes);
      const job = await startImport(deps, ctx, file, mode);
      app.jobs.kick(IMPORT_JOB); // start at once rather than at the next poll
      return reply.status(202).send(job);
    },
  );

  app.get(
    '/households/imports/:id',
    { schema: { tags, summary: '导入进度与结果 Import progress and outcome', params: IdParams, response: { 200: ImportJob, ...errorResponses } } },
    async (req) => jobView(await findJob(db, req.actor!, req.params.id)),
  );
  app.get(
    '/households/imports/:id/errors',
    {
      schema: {
        tags,
        summary: '错误行（行、列、原因） Rows with errors',
        params: IdParams,
        querystring: Type.Object({ ...PageQuery }),
        response: { 200: Type.Array(ImportError), ...errorResponses },
      },
    },
    async (req) => {
      await findJob(db, req.actor!, req.params.id);
      const { pageSize, offset } = pageOf(req.query);
      return jobErrors(db, req.params.id, pageSize, offset);
    },
  );
  app.get(
    '/households/imports/:id/errors.xlsx',
    { schema: { tags, summary: '下载错误报告 The error report as Excel', params: IdParams, response: { 200: Binary, ...errorResponses } } },
    async (req, reply) => {
      const job = await findJob(db, req.actor!, req.params.id);
      return reply.type(XLSX_TYPE).header('content-disposition', attachmentHeader(`导入错误报告-${job.fileName.replace(/\.xlsx$/i, '')}.xlsx`)).send(await errorsXlsx(db, job.id));
    },
  );

  const ExportQuery = Type.Object({ ...ListHouseholdsQuery.properties, unmasked: Type.Optional(Type.Boolean()), reason: Type.Optional(RevealReason) });
  const exportSummary = '导出台账（默认脱敏；unmasked=true 需查看权限和理由 reason，记入审计） Export the roster, masked by default; unmasked needs the reveal permission and a reason';
  const sendRoster = async (req: FastifyRequest, reply: FastifyReply, query: Static<typeof ExportQuery>) => {
    const { unmasked, reason, page: _p, pageSize: _s, ...filter } = query;
    const stream = await exportRoster(deps, requestContext(req), filter, unmasked === true, reason, req.readDb);
    return reply.type(XLSX_TYPE).header('content-disposition', attachmentHeader('户籍台账.xlsx')).header('cache-control', 'no-store').send(stream);
  };
  app.get(
    '/households/export.xlsx',
    { schema: { tags, summary: exportSummary, querystring: ExportQuery, response: { 200: Binary, ...errorResponses } } },
    async (req, reply) => sendRoster(req, reply, noPersonalDataInAddress(req.query)),
  );
  app.post(
    '/households/export.xlsx',
    {
      schema: {
        tags,
        summary: `${exportSummary}；按完整身份证号或电话筛选时用 POST（放在请求体中） By a full ID number or phone: POST, in the body`,
        body: ExportQuery,
        response: { 200: Binary, ...errorResponses },
      },
    },
    async (req, reply) => sendRoster(req, reply, req.body),
  );
};
