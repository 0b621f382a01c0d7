import { describe, expect, it } from 'vitest';
import { checkCharacter, checkCreditCode } from './credit-code.js';

describe('unified social credit code (GB 32100)', () => {
  it('accepts published codes of real form', () => {
    for (const code of ['91350100M000100Y43', '91110000600037341L', '91360802MA35A0B1C' + checkCharacter('91360802MA35A0B1C')]) {
      expect(checkCreditCode(code)).toEqual({ ok: true, code });
    }
    // Lower case and spaces around are normalised.
    expect(checkCreditCode(' 91350100m000100y43 ')).toEqual({ ok: true, code: '91350100M000100Y43' });
  });

  it('computes the check character, 31 reading as 0', () => {
    expect(checkCharacter('91350100M000100Y4')).toBe('3');
    expect(checkCharacter('91110000600037341')).toBe('L');
    // Every character can be the check: find a body whose sum is 0 mod 31.
    const body = '9136080200000000';
    const zero = '0123456789ABCDEFGHJKLMNPQRTUWXY'.split('').find((c) => checkCharacter(body + c) === '0');
    expect(zero).toBeDefined();
  });

  it('refuses a wrong check character, a wrong length, a forbidden letter, a non-numeric division', () => {
    expect(checkCreditCode('91350100M000100Y44')).toMatchObject({ ok: false, reason: '校验位应为 3' });
    expect(checkCreditCode('91350100M000100Y4')).toMatchObject({ ok: false, reasonEn: 'it has 17 characters instead of 18' });
    expect(checkCreditCode('91350100M00010OY43')).toMatchObject({ ok: false, reason: '第 15 位「O」不是允许的字符' });
    expect(checkCreditCode('913501I0M000100Y43').ok).toBe(false);
    const body = '9135A100M000100Y4';
    expect(checkCreditCode(body + checkCharacter(body))).toMatchObject({ ok: false, reasonEn: 'characters 3–8 must be a division code' });
  });
});
