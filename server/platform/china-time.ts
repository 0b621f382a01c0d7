/**
 * Times in exports and other text the server writes for people (xlsx ledgers, workbooks): China time
 * (UTC+8, no daylight saving), whatever the server's zone, as the console and the phone apps show them
 * (web/src/shared/time.ts).
 */
const CHINA_OFFSET_MS = 8 * 3600_000;

function shifted(at: Date | string): string | null {
  const d = at instanceof Date ? at : new Date(at);
  return Number.isNaN(d.getTime()) ? null : new Date(d.getTime() + CHINA_OFFSET_MS).toISOString();
}

/** '2026-03-15 08:05' in China time; '' for nothing. */
export function chinaDateTime(at: Date | string | null | undefined): string {
  if (at === null || at === undefined || at === '') return '';
  const s = shifted(at);
  return s ? `${s.slice(0, 10)} ${s.slice(11, 16)}` : String(at);
}

/** '2026-03-15', the China calendar day of an instant; '' for nothing. */
export function chinaDay(at: Date | string | null | undefined): string {
  if (at === null || at === undefined || at === '') return '';
  return shifted(at)?.slice(0, 10) ?? String(at);
}
