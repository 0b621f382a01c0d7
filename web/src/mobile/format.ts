/** Input clean-up and display helpers for the residents' pages (the server checks again). */
import type { Rating } from '../app/contract';
import { enumLabels } from '../shared/enums';
import { chinaDateTime } from '../shared/time';

/** A mainland mobile (1[3-9] + 9 digits), allowing spaces, dashes and +86; null when not one. */
export function normaliseMobile(input: string): string | null {
  const p = input.replace(/[\s-]/g, '').replace(/^\+?86/, '');
  return /^1[3-9]\d{9}$/.test(p) ? p : null;
}

/** '360802-20260315-0007' from what a resident typed (spaces, no dashes, full-width digits…). */
export function normaliseNumber(input: string): string {
  const ascii = input.replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0));
  const digits = ascii.replace(/\D/g, '');
  if (digits.length === 18) return `${digits.slice(0, 6)}-${digits.slice(6, 14)}-${digits.slice(14)}`;
  return ascii.trim().replace(/[—–－_\s]+/g, '-');
}

export const NUMBER_PATTERN = /^\d{6}-\d{8}-\d{4}$/;

/** 2026-03-15 14:05, in China's time whatever the phone's zone (the one formatter: shared/time.ts). */
export function formatTime(iso: string): string {
  return chinaDateTime(iso);
}

/** The place's ancestors without the province and city, e.g. '吉州区 · 习溪桥街道 · 习溪桥居委会'. */
export function placeTrail(path: string): string {
  const parts = path.split(' / ').filter(Boolean);
  return parts.slice(Math.min(2, Math.max(0, parts.length - 2)), -1).join(' · ');
}

/** Where the tracking page lives; the place code lets "back" return to the right poster. */
export function trackHref(opts: { number?: string; last4?: string; from?: string } = {}): string {
  const q = new URLSearchParams();
  if (opts.number) q.set('number', opts.number);
  if (opts.last4) q.set('last4', opts.last4);
  if (opts.from) q.set('from', opts.from);
  const s = q.toString();
  return `/r/track${s ? `?${s}` : ''}`;
}

export const RATING_LABELS = enumLabels<Rating>('requester-rating');
