/**
 * Resident ID numbers (居民身份证号码, GB 11643) and phone numbers: validated, normalised and masked
 * here. Sealing them (encryption at rest and the blind index) is the vault's job (crypto.ts); the
 * blind index of a phone is taken over its digits only, the same key as normalisePhone gives, so a
 * household member and an appeal's requester with the same number find each other.
 */
import { AppError } from './errors.js';

// ---------------------------------------------------------------------------------------------
// ID numbers (GB 11643-1999)

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

export type IdNumberProblem = 'length' | 'characters' | 'region' | 'birth_date' | 'check_digit' | 'legacy_15';

export const ID_PROBLEM_TEXT: Record<IdNumberProblem, { zh: string; en: string }> = {
  length: { zh: '应为 18 位', en: 'must have 18 characters' },
  characters: { zh: '前 17 位应为数字，末位为数字或 X', en: 'the first 17 characters must be digits and the last a digit or X' },
  region: { zh: '前 6 位不是有效的行政区划代码', en: 'the first 6 digits are not a division code' },
  birth_date: { zh: '出生日期（第 7–14 位）不是有效日期', en: 'digits 7–14 are not a valid birth date' },
  check_digit: { zh: '校验码（末位）不正确', en: 'the check digit (last character) is wrong' },
  legacy_15: { zh: '15 位旧号码请换为 18 位号码', en: 'old 15-digit numbers must be given as their 18-digit form' },
};

export function idCheckDigit(first17: string): string {
  let s = 0;
  for (let i = 0; i < 17; i++) s += Number(first17[i]) * WEIGHTS[i];
  return CHECK[s % 11];
}

export interface IdNumberInfo {
  idNumber: string;
  birthDate: string; // YYYY-MM-DD
  sex: 'male' | 'female';
  regionCode: string;
}

/** Validates a resident ID number; returns the normalised number and what it encodes, or the problem. */
export function parseIdNumber(raw: string, today = new Date()): IdNumberInfo | { problem: IdNumberProblem } {
  const v = raw.trim().toUpperCase();
  if (/^\d{15}$/.test(v)) return { problem: 'legacy_15' };
  if (v.length !== 18) return { problem: 'length' };
  if (!/^\d{17}[\dX]$/.test(v)) return { problem: 'characters' };
  const province = Number(v.slice(0, 2));
  if (province < 11 || province > 91 || v.slice(2, 6) === '0000') return { problem: 'region' };
  const y = Number(v.slice(6, 10));
  const m = Number(v.slice(10, 12));
  const d = Number(v.slice(12, 14));
  const date = new Date(Date.UTC(y, m - 1, d));
  if (y < 1880 || date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d || date.getTime() > today.getTime()) {
    return { problem: 'birth_date' };
  }
  if (idCheckDigit(v) !== v[17]) return { problem: 'check_digit' };
  return {
    idNumber: v,
    birthDate: `${v.slice(6, 10)}-${v.slice(10, 12)}-${v.slice(12, 14)}`,
    sex: Number(v[16]) % 2 === 1 ? 'male' : 'female',
    regionCode: v.slice(0, 6),
  };
}

export { maskPhone } from './crypto.js';

export function maskIdNumber(idNumber: string): string {
  if (idNumber.length < 10) return '*'.repeat(idNumber.length);
  return idNumber.slice(0, 6) + '*'.repeat(idNumber.length - 10) + idNumber.slice(-4);
}

// ---------------------------------------------------------------------------------------------
// Phone numbers (mainland mobile and landline)

export type PhoneProblem = 'format';
export const PHONE_PROBLEM_TEXT = {
  zh: '应为 11 位手机号（1 开头）或带区号的固定电话（如 0796-8221234）',
  en: 'must be an 11-digit mobile number starting with 1 or a landline with its area code (e.g. 0796-8221234)',
};

/** Area codes of three digits (Beijing 010, 02x big cities); all others have four. */
function areaCodeLength(digits: string): number {
  return digits.startsWith('010') || /^02\d/.test(digits) ? 3 : 4;
}

export interface PhoneInfo {
  /** Display form: 13812345678, or 0796-8221234[-ext]. */
  phone: string;
  /** Digits only: the blind-index key, so "0796 8221234" and "0796-8221234" find the same person. */
  digits: string;
  kind: 'mobile' | 'landline';
}

export function parsePhone(raw: string): PhoneInfo | { problem: PhoneProblem } {
  let v = raw.trim().replace(/[\s()]/g, '');
  v = v.replace(/^(\+86|0086)-?/, '');
  if (/^1[3-9]\d{9}$/.test(v)) return { phone: v, digits: v, kind: 'mobile' };
  const m = /^(0\d{9,11})(?:-(\d{1,6}))?$/.exec(v.replace(/^(0\d{2,3})-(\d{7,8})/, '$1$2'));
  if (m) {
    const main = m[1];
    const ac = areaCodeLength(main);
    const local = main.slice(ac);
    if (local.length >= 7 && local.length <= 8 && /^[2-9]/.test(local)) {
      const phone = `${main.slice(0, ac)}-${local}${m[2] ? `-${m[2]}` : ''}`;
      return { phone, digits: main + (m[2] ?? ''), kind: 'landline' };
    }
  }
  return { problem: 'format' };
}

// ---------------------------------------------------------------------------------------------
// Never in an address

/**
 * A phone or ID number in a request's address is written to every proxy's and server's access log on
 * its way. Searches and exports by them are POSTs with the value in the body; an address carrying one
 * is refused with a 400 naming the field and the routes to use instead.
 */
export function refuseInAddress(field: string, instead: string[]): never {
  const routes = instead.map((r) => `POST ${r}`);
  throw new AppError(
    'bad_request',
    {
      reason: `身份证号和电话号码不能放在地址中，请用 ${routes.join(' 或 ')} 在请求体中提交`,
      reasonEn: `an ID number or phone may not travel in the address: send it in the body of ${routes.join(' or ')}`,
    },
    { field },
  );
}
