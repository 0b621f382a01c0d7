/**
 * exceljs, with a fix for reading Chinese text from streamed workbooks.
 *
 * exceljs 4.4's streaming reader decodes every chunk of a zip entry to text on its own, so a
 * multi-byte UTF-8 character that straddles two chunks turns into U+FFFD ("户主" → "���主") at
 * random places in large files. Here the worksheet and shared-string entries are decoded as one
 * UTF-8 stream before exceljs sees them (it passes strings through untouched).
 */
import ExcelJS from 'exceljs';

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
  _parseWorksheet(iterator: AsyncIterable<Buffer | string>, sheetNo: string): AsyncGenerator<unknown>;
  _parseSharedStrings(entry: NodeJS.ReadableStream): AsyncGenerator<unknown>;
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

/** The content type of an .xlsx answer. */
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A Content-Disposition for a download with a Chinese file name (RFC 6266 / 5987). */
export function attachmentHeader(name: string): string {
  return `attachment; filename="${encodeURIComponent(name)}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}
