import dayjs from 'dayjs';

export function formatTime(iso: string | null | undefined): string {
  return iso ? dayjs(iso).format('YYYY-MM-DD HH:mm') : '—';
}

export function formatTimeSeconds(iso: string | null | undefined): string {
  return iso ? dayjs(iso).format('YYYY-MM-DD HH:mm:ss') : '—';
}

/** The last part of a "江西省 / 吉安市 / 吉州区" path: the place itself. */
export function shortRegion(path: string | null | undefined): string {
  if (!path) return '';
  const parts = path.split(' / ');
  return parts[parts.length - 1];
}

/**
 * Today's date on China's calendar (UTC+8), whatever the browser's zone: periods, assessment months
 * and the working calendar are China's, so a browser elsewhere (or a test machine in UTC) opens on the
 * same month as the server's figures.
 */
export function chinaToday(now = new Date()): dayjs.Dayjs {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(now);
  const get = (type: string) => parts.find((p) => p.type === type)!.value;
  return dayjs(`${get('year')}-${get('month')}-${get('day')}`);
}
