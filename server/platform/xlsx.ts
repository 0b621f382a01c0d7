/**
 * exceljs, with a fix for reading Chinese text from streamed workbooks.
 *
 * exceljs 4.4's streaming reader decodes every chunk of a zip entry to text on its own, so a
 * multi-byte UTF-8 character that straddles two chunks turns into U+FFFD ("户主" → "���主") at
 * random places in large files. Here the worksheet and shared-string entries are decoded as one
 * UTF-8 stream before exceljs sees them (it passes strings through untouched).
 */
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { bufferSource, type ByteSource, DEFAULT_UNPACK_LIMITS, openEntryOf, zipDirectoryOf, ZipFormatError, type UnpackLimits } from './zip.js';

async function* decodeUtf8(chunks: AsyncIterable<Buffer | string>): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8');
  for await (const c of chunks) {
    const s = typeof c === 'string' ? c : decoder.decode(c, { stream: true });
    if (s) yield s;
  }
  const tail = decoder.decode();
  if (tail) yield tail;
}

interface ReaderInternals {
  _parseWorksheet(iterator: AsyncIterable<Buffer | string>, sheetNo: string): Generator<{ eventType: string; value: unknown }>;
  _parseSharedStrings(entry: NodeJS.ReadableStream): AsyncGenerator<unknown>;
  _parseRels(entry: NodeJS.ReadableStream): Promise<void>;
  _parseWorkbook(entry: NodeJS.ReadableStream): Promise<void>;
  workbookRels?: { Id: string; Target: string }[];
  model?: { sheets?: { rId: string }[] };
  __utf8Fixed?: boolean;
}

const proto = ExcelJS.stream.xlsx.WorkbookReader.prototype as unknown as ReaderInternals;
if (!proto.__utf8Fixed) {
  const parseWorksheet = proto._parseWorksheet;
  const parseSharedStrings = proto._parseSharedStrings;
  proto._parseWorksheet = function (this: ReaderInternals, iterator, sheetNo) {
    return parseWorksheet.call(this, decodeUtf8(iterator), sheetNo);
  };
  proto._parseSharedStrings = function (this: ReaderInternals, entry) {
    entry.setEncoding('utf8');
    return parseSharedStrings.call(this, entry);
  };
  proto.__utf8Fixed = true;
}

export default ExcelJS;

/**
 * The rows of a workbook's first worksheet, read from memory (or by ranges from a ByteSource, such as an
 * upload stored in the database) without loading the workbook whole.
 *
 * exceljs's own streaming reader (WorkbookReader over unzipper) is not used to walk the archive: unzipper
 * emits 'end' as soon as its input is consumed, while entries it has already parsed still wait in its
 * buffer; exceljs's iterator stops at that 'end'. On a busy machine the worksheet's temporary-file copy
 * takes long enough for that to happen, and the entries after it (xl/workbook.xml, the shared strings)
 * are silently skipped: the sheet then fails to parse, or its text cells come out empty. Here the
 * archive's central directory is read (see zip.ts, which also bounds the unpacked size) and the entries
 * are handed to exceljs's parsers in the order they depend on each other: relationships, workbook,
 * shared strings, then the sheet — no temporary files, no race.
 *
 * Throws ZipFormatError for files that are not readable zip archives, AppError('archive_too_large') for
 * archives beyond the limits, and the parsers' own errors for broken XML.
 */
export async function* firstWorksheetRows(file: Buffer | ByteSource, limits: UnpackLimits = DEFAULT_UNPACK_LIMITS): AsyncGenerator<ExcelJS.Row> {
  const source = Buffer.isBuffer(file) ? bufferSource(file) : file;
  const entries = await zipDirectoryOf(source, limits);
  const open: Readable[] = [];
  const entry = async (name: string): Promise<Readable | null> => {
    const e = entries.get(name);
    if (!e) return null;
    const s = await openEntryOf(source, e);
    open.push(s);
    return s;
  };
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([]), {
    sharedStrings: 'cache',
    worksheets: 'emit',
    hyperlinks: 'ignore',
    styles: 'ignore',
    entries: 'ignore',
  }) as unknown as ReaderInternals;
  try {
    const rels = await entry('xl/_rels/workbook.xml.rels');
    if (rels) await reader._parseRels(rels);
    const book = await entry('xl/workbook.xml');
    if (!book) throw new ZipFormatError('no xl/workbook.xml');
    await reader._parseWorkbook(book);
    const strings = await entry('xl/sharedStrings.xml');
    if (strings) for await (const _ of reader._parseSharedStrings(strings));
    // The first sheet in the workbook's order; without relationships, the lowest-numbered sheet file.
    const rId = reader.model?.sheets?.[0]?.rId;
    const target = reader.workbookRels?.find((r) => r.Id === rId)?.Target;
    const sheetPath = target
      ? target.startsWith('/') ? target.slice(1) : `xl/${target}`
      : [...entries.keys()].filter((n) => /^xl\/worksheets\/sheet\d+\.xml$/.test(n)).sort((a, b) => sheetNumber(a) - sheetNumber(b))[0];
    const sheet = sheetPath ? await entry(sheetPath) : null;
    if (!sheet) return;
    const emitted = reader._parseWorksheet(sheet, String(sheetNumber(sheetPath!))).next().value;
    const worksheet = emitted?.value as AsyncIterable<ExcelJS.Row> | undefined;
    if (!worksheet) throw new ZipFormatError('worksheet not emitted');
    yield* worksheet;
  } finally {
    for (const s of open) s.destroy();
  }
}

function sheetNumber(path: string): number {
  return Number(/sheet(\d+)\.xml$/.exec(path)?.[1] ?? 0);
}

/** The content type of an .xlsx answer. */
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A Content-Disposition for a download with a Chinese file name (RFC 6266 / 5987). */
export function attachmentHeader(name: string): string {
  return `attachment; filename="${encodeURIComponent(name)}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}
