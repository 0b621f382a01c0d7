/** What every Open311 use case shares: its errors, constants, dates and the form's fields. */
import type { Status } from '../appeals/appeals.workflow.js';

/** An error in Open311's terms: the HTTP status is also the error's code. */
export class Open311Error extends Error {
  constructor(
    readonly status: 400 | 403 | 404,
    readonly zh: string,
    readonly en: string,
  ) {
    super(en);
  }
}

export const bad = (zh: string, en: string) => new Open311Error(400, zh, en);

export const SPECIFICATION = 'http://wiki.open311.org/GeoReport_v2';
/** When this API last changed (discovery's changeset). */
export const CHANGESET = '2026-11-22T00:00:00+08:00';
/** Most service requests (and updates) one call returns; the default window is the last 90 days. */
export const MAX_RESULTS = 1000;
const WINDOW_DAYS = 90;
const MAX_DESCRIPTION = 4000;

export const CLOSED: Status[] = ['closed', 'not_accepted', 'merged', 'withdrawn'];
export function open311Status(status: string): 'open' | 'closed' {
  return (CLOSED as string[]).includes(status) ? 'closed' : 'open';
}

const CHINA_OFFSET_MS = 8 * 3600_000;
/** ISO 8601 in China time with its zone: 2026-11-22T09:30:00+08:00. */
export function isoChina(d: Date): string {
  return new Date(d.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 19) + '+08:00';
}

const W3C = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** W3C datetimes; without a zone (or a date alone) they are read as China time. */
function parseDate(value: string, field: string): Date {
  const v = value.trim();
  if (!W3C.test(v)) throw bad(`${field} 应为 ISO 8601 时间，例如 2026-11-22T00:00:00+08:00`, `${field} must be an ISO 8601 datetime, e.g. 2026-11-22T00:00:00+08:00`);
  let text = v.length === 10 ? `${v}T00:00:00` : v;
  if (!/(Z|[+-]\d{2}:?\d{2})$/.test(text)) text += '+08:00';
  const d = new Date(text);
  if (Number.isNaN(d.getTime())) throw bad(`${field} 不是有效的时间`, `${field} is not a valid datetime`);
  return d;
}

/** The spec's window: at most 90 days; the last 90 days by default. */
export function dateWindow(start: string | undefined, end: string | undefined, now = new Date()): { from: Date; to: Date } {
  const span = WINDOW_DAYS * 86_400_000;
  const from = start ? parseDate(start, 'start_date') : null;
  const to = end ? parseDate(end, 'end_date') : null;
  if (from && to) {
    if (to < from) throw bad('end_date 早于 start_date', 'end_date is before start_date');
    if (to.getTime() - from.getTime() > span) throw bad(`查询时间范围不能超过 ${WINDOW_DAYS} 天`, `start_date and end_date may not span more than ${WINDOW_DAYS} days`);
    return { from, to };
  }
  if (from) return { from, to: new Date(from.getTime() + span) };
  if (to) return { from: new Date(to.getTime() - span), to };
  return { from: new Date(now.getTime() - span), to: now };
}

export function list(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

export function text(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  const s = String(value).trim();
  return s === '' ? undefined : s;
}

// media_url has no column of its own: it travels at the end of the description, for staff to open.
const MEDIA_MARK = '\n\n图片 media_url: ';

export function withMedia(description: string, mediaUrl: string | undefined): string {
  return mediaUrl ? `${description}${MEDIA_MARK}${mediaUrl}` : description;
}

export function splitMedia(content: string): { description: string; mediaUrl: string | null } {
  const i = content.lastIndexOf(MEDIA_MARK);
  if (i < 0) return { description: content, mediaUrl: null };
  const url = content.slice(i + MEDIA_MARK.length);
  return /^https?:\/\/\S+$/.test(url) ? { description: content.slice(0, i), mediaUrl: url } : { description: content, mediaUrl: null };
}

export function mediaUrl(value: string | undefined): string | undefined {
  const v = text(value);
  if (!v) return undefined;
  let ok = false;
  try {
    const u = new URL(v);
    ok = (u.protocol === 'http:' || u.protocol === 'https:') && v.length <= 1000 && !/\s/.test(v);
  } catch {
    ok = false;
  }
  if (!ok) throw bad('media_url 应为 http(s) 地址', 'media_url must be an http(s) URL');
  return v;
}

export type Form = Record<string, unknown>;

/** A description as the spec allows it: present, and not too long. */
export function description(form: Form): string {
  const d = text(form.description);
  if (!d) throw bad('缺少 description', 'description is required');
  if (d.length > MAX_DESCRIPTION) throw bad(`description 不能超过 ${MAX_DESCRIPTION} 字`, `description may not exceed ${MAX_DESCRIPTION} characters`);
  return d;
}
