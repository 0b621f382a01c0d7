/**
 * 统一社会信用代码 (GB 32100-2015): 18 characters from 0-9 and the capitals without I, O, Z, S, V.
 * Position 1 is the registering authority, 2 the kind of entity, 3–8 the division code, 9–17 the
 * organisation code, 18 the check character: with weights 3^i mod 31, check = 31 − (Σ value × weight
 * mod 31), where 31 reads as 0. Pure: no database.
 */
const CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export type CreditCodeCheck = { ok: true; code: string } | { ok: false; reason: string; reasonEn: string };

/** The check character the first 17 characters call for (they must be valid characters). */
export function checkCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CHARSET.indexOf(first17[i]) * WEIGHTS[i];
  const c = 31 - (sum % 31);
  return CHARSET[c === 31 ? 0 : c];
}

export function checkCreditCode(input: string): CreditCodeCheck {
  const code = input.trim().toUpperCase();
  if (code.length !== 18) return { ok: false, reason: `应为 18 位，实为 ${code.length} 位`, reasonEn: `it has ${code.length} characters instead of 18` };
  for (let i = 0; i < 18; i++) {
    if (!CHARSET.includes(code[i])) return { ok: false, reason: `第 ${i + 1} 位「${code[i]}」不是允许的字符`, reasonEn: `character ${i + 1} ("${code[i]}") is not allowed` };
  }
  if (!/^\d{6}$/.test(code.slice(2, 8))) return { ok: false, reason: '第 3–8 位应为行政区划代码', reasonEn: 'characters 3–8 must be a division code' };
  const expected = checkCharacter(code);
  if (code[17] !== expected) return { ok: false, reason: `校验位应为 ${expected}`, reasonEn: `the check character should be ${expected}` };
  return { ok: true, code };
}
