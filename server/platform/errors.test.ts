import { describe, expect, it } from 'vitest';
import { ERRORS, errorMessage, type ErrorCode } from './errors.js';

const placeholders = (t: string) => new Set([...t.matchAll(/\{(\w+)\}/g)].map((m) => m[1].replace(/En$/, '')));

describe('the error catalog', () => {
  it.each(Object.keys(ERRORS) as ErrorCode[])('%s says the same things in both languages', (code) => {
    const e = ERRORS[code];
    expect(e.zh.trim(), code).not.toBe('');
    expect(e.en.trim(), code).not.toBe('');
    expect(placeholders(e.en), code).toEqual(placeholders(e.zh));
    expect(e.status >= 400 && e.status < 600, code).toBe(true);
  });

  it('names the state and the step when a step is refused in that state', () => {
    expect(errorMessage('appeal_not_dispatchable', { status: '已登记', statusEn: 'registered' }, 'zh-CN')).toBe('当前状态「已登记」不能执行「派遣」');
    expect(errorMessage('appeal_not_dispatchable', { status: '已登记', statusEn: 'registered' }, 'en')).toBe('An appeal that is registered cannot dispatch');
  });
});
