/**
 * Project files: receipts (image or PDF) and milestone photos, checked by their first bytes before they are
 * stored with the step that brings them (funds.projects.ts, funds.payments.ts).
 */
import { randomUUID } from 'node:crypto';
import type { RequestContext } from '../../platform/audit.js';
import type { Tx } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import { fundFiles } from './funds.tables.js';


export interface FileInput {
  filename: string;
  mime: string;
  data: Buffer;
}
const FILE_TYPES: Record<string, (b: Buffer) => boolean> = {
  'image/jpeg': (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  'image/png': (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  'image/webp': (b) => b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP',
  'application/pdf': (b) => b.subarray(0, 5).toString('latin1') === '%PDF-',
};
const MAX_FILE_BYTES = 5 * 1024 * 1024;

export function checkFile(f: FileInput, allowPdf: boolean): void {
  const check = FILE_TYPES[f.mime];
  if (!check || (!allowPdf && f.mime === 'application/pdf')) throw new AppError('receipt_invalid', { reason: `类型 ${f.mime}`, reasonEn: `type ${f.mime}` });
  if (f.data.length > MAX_FILE_BYTES) throw new AppError('payload_too_large', { limit: '5 MiB' });
  if (f.data.length === 0 || !check(f.data)) throw new AppError('receipt_invalid', { reason: '文件内容与类型不符', reasonEn: 'the content does not match the type' });
}

export async function storeFile(tx: Tx, ctx: RequestContext, projectId: string, kind: 'receipt' | 'photo', f: FileInput): Promise<string> {
  const id = randomUUID();
  await tx.insert(fundFiles).values({ id, projectId, kind, filename: f.filename.slice(0, 200), mime: f.mime, size: f.data.length, data: f.data, createdBy: ctx.actor.id });
  return id;
}
