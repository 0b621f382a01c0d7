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
