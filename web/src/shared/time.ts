/**
 * Times as people in China read them: Asia/Shanghai, whatever the zone of the browser, the phone or
 * the test machine. The console, the phone apps and the residents' pages all format through here, so
 * an appeal registered at 08:00 in 吉安 reads 08:00 on a laptop set to UTC as on a phone in 吉安.
 */

const ZONE = 'Asia/Shanghai';

const withSeconds = new Intl.DateTimeFormat('en-CA', {
  timeZone: ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** The China-time parts of an instant, or null when the input is not a time. */
function partsOf(input: string | Date): Record<'year' | 'month' | 'day' | 'hour' | 'minute' | 'second', string> | null {
  const d = input instanceof Date ? input : new Date(input);
  if (Number.isNaN(d.getTime())) return null;
  const out: Record<string, string> = {};
  for (const p of withSeconds.formatToParts(d)) out[p.type] = p.value;
  // Some engines write midnight as 24 even with h23.
  if (out.hour === '24') out.hour = '00';
  return out as Record<'year' | 'month' | 'day' | 'hour' | 'minute' | 'second', string>;
}

/** '2026-03-15 08:05' in China time; '—' for nothing; the text itself when it is not a time. */
export function chinaDateTime(input: string | Date | null | undefined, opts: { seconds?: boolean } = {}): string {
  if (input === null || input === undefined || input === '') return '—';
  const p = partsOf(input);
  if (!p) return String(input);
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}${opts.seconds ? `:${p.second}` : ''}`;
}

/** '2026-03-15', the China calendar day of an instant; a plain date (YYYY-MM-DD) stays as it is. */
export function chinaDate(input: string | Date): string {
  if (typeof input === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(input)) return input;
  const p = partsOf(input);
  return p ? `${p.year}-${p.month}-${p.day}` : String(input);
}
