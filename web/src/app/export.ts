import type { Page } from './contract';

export interface CsvColumn<T> {
  title: string;
  value: (row: T) => string | number | boolean | null | undefined;
}

/** Most rows one export gathers, page by page, so a browser tab stays responsive. */
const EXPORT_LIMIT = 10_000;

function cell(v: string | number | boolean | null | undefined): string {
  const s = v === null || v === undefined ? '' : String(v);
  // Quote everything; a leading = + - @ is neutralised so spreadsheets do not run it as a formula.
  const safe = /^[=+\-@]/.test(s) ? `'${s}` : s;
  return `"${safe.replace(/"/g, '""')}"`;
}

/** Fetches every page of the current filter and saves it as a UTF-8 CSV (with BOM, for Excel). */
export async function exportCsv<T>(
  filename: string,
  columns: CsvColumn<T>[],
  fetchPage: (page: number, pageSize: number) => Promise<Page<T>>,
  onProgress?: (done: number, total: number) => void,
): Promise<number> {
  const rows: T[] = [];
  const pageSize = 200;
  for (let page = 1; ; page++) {
    const p = await fetchPage(page, pageSize);
    rows.push(...p.items);
    const total = Math.min(p.total, EXPORT_LIMIT);
    onProgress?.(rows.length, total);
    if (p.items.length < pageSize || rows.length >= total) break;
  }
  const lines = [columns.map((c) => cell(c.title)).join(','), ...rows.slice(0, EXPORT_LIMIT).map((r) => columns.map((c) => cell(c.value(r))).join(','))];
  const blob = new Blob(['\ufeff' + lines.join('\r\n')], { type: 'text/csv;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
  return rows.length;
}
