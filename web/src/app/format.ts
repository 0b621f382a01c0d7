import dayjs from 'dayjs';
import { chinaDate, chinaDateTime } from '../shared/time';

/** '2026-03-15 08:05' in China time, whatever the browser's zone (shared/time.ts). */
export function formatTime(iso: string | null | undefined): string {
  return chinaDateTime(iso);
}

/** '2026-03-15 08:05:09' in China time. */
export function formatTimeSeconds(iso: string | null | undefined): string {
  return chinaDateTime(iso, { seconds: true });
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
  return dayjs(chinaDate(now));
}
