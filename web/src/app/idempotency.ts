/**
 * Idempotency keys for submissions that create something (an appeal): one key per submission
 * attempt, sent again when the same submission is retried (after a timeout or a lost answer), so the
 * server registers it once. A changed form is a new attempt and gets a new key (the server answers 409
 * idempotency_key_reused to an old key with a different body); so does the next submission after a
 * success. No dependencies: the residents' phone pages use it too.
 */

/** 32 hex digits from the browser's CSPRNG (crypto.randomUUID needs a secure context; this does not). */
export function newIdempotencyKey(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export class SubmissionAttempt {
  private last: { body: string; key: string } | null = null;

  constructor(private readonly makeKey: () => string = newIdempotencyKey) {}

  /** The key for this body: the previous attempt's key when the body is unchanged, else a new one. */
  keyFor(body: unknown): string {
    const text = JSON.stringify(body);
    if (!this.last || this.last.body !== text) this.last = { body: text, key: this.makeKey() };
    return this.last.key;
  }

  /** The submission went through: the next one is a new attempt. */
  done(): void {
    this.last = null;
  }
}
