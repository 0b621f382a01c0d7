import { describe, expect, it } from 'vitest';
import { newIdempotencyKey, SubmissionAttempt } from './idempotency';

describe('submission attempts and their idempotency keys', () => {
  it('keeps the key across retries of the same body, renews it for a changed body and after success', () => {
    let n = 0;
    const attempt = new SubmissionAttempt(() => `key-${++n}`);
    const body = { content: '路灯坏了', phone: '13807965678' };
    expect(attempt.keyFor(body)).toBe('key-1');
    expect(attempt.keyFor({ ...body })).toBe('key-1');
    expect(attempt.keyFor({ ...body, content: '路灯坏了，已经三天' })).toBe('key-2');
    attempt.done();
    expect(attempt.keyFor(body)).toBe('key-3');
  });

  it('makes keys the server accepts (8–100 of A-Z a-z 0-9 . _ : -), different each time', () => {
    const a = newIdempotencyKey();
    expect(a).toMatch(/^[A-Za-z0-9._:-]{8,100}$/);
    expect(newIdempotencyKey()).not.toBe(a);
  });
});
