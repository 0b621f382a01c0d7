/**
 * AppError and its message in a language; the catalog of codes is errors.catalog.ts. The handler that
 * answers with them is error-handler.ts.
 */
import type { Locale } from './i18n.js';
import { ERRORS, type ErrorCode } from './errors.catalog.js';

export { ERRORS, type ErrorCode };
type Params = Record<string, string | number>;

export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    readonly params: Params = {},
    readonly details?: unknown,
  ) {
    super(code);
    this.status = ERRORS[code].status;
  }
}

function fill(template: string, params: Params): string {
  return template.replace(/\{(\w+)\}/g, (_, k: string) => (params[k] !== undefined ? String(params[k]) : ''));
}

const HAN = /\p{Script=Han}/u;

/**
 * A reason written as "中文 / English" in one string: the two halves, split at the first slash
 * after which no Chinese follows. Null when the text is not of that form.
 */
function splitBilingual(text: string): { zh: string; en: string } | null {
  for (let i = text.indexOf('/'); i >= 0; i = text.indexOf('/', i + 1)) {
    const zh = text.slice(0, i).trim();
    const en = text.slice(i + 1).trim();
    if (en && HAN.test(zh) && !HAN.test(en)) return { zh, en };
  }
  return null;
}

export function errorMessage(code: ErrorCode, params: Params, locale: Locale): string {
  const entry = ERRORS[code];
  const p = { ...params };
  // English fallbacks for params given only in Chinese; "中文 / English" reasons give each language its half.
  for (const [k, kEn] of [['what', 'whatEn'], ['reason', 'reasonEn'], ['type', 'typeEn']] as const) {
    if (p[kEn] !== undefined || p[k] === undefined) continue;
    const both = splitBilingual(String(p[k]));
    p[kEn] = both ? both.en : p[k];
    if (both) p[k] = both.zh;
  }
  return fill(locale === 'en' ? entry.en : entry.zh, p);
}

/** Shorthands used by services. */
export const notFound = (what: string, whatEn: string) => new AppError('not_found', { what, whatEn });
export const conflict = (reason: string, reasonEn: string, details?: unknown) =>
  new AppError('conflict', { reason, reasonEn }, details);
export const duplicate = (what: string, whatEn: string, value: string) =>
  new AppError('duplicate', { what, whatEn, value });
export const badRequest = (reason: string, details?: unknown) => new AppError('bad_request', { reason }, details);
