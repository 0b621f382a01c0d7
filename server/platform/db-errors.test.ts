/** Which database errors are the operator's to fix (503/507) rather than a fault in the code (500). */
import { describe, expect, it } from 'vitest';
import { databaseErrorCode, isDatabaseUnavailable, isStorageFull } from './db.js';

const pgError = (code: string, message = 'x') => Object.assign(new Error(message), { code });
/** Drizzle wraps the driver's error: the code is on the cause. */
const wrapped = (cause: Error) => Object.assign(new Error('Failed query: insert into appeals … params: 13807961234'), { cause });

describe('database error kinds', () => {
  it('tells a database out of reach from a faulty statement', () => {
    for (const e of [
      pgError('ECONNREFUSED'),
      pgError('ECONNRESET'),
      pgError('57P01', 'terminating connection due to administrator command'),
      pgError('08006'),
      new Error('Connection terminated unexpectedly'),
      new Error('timeout exceeded when trying to connect'),
      wrapped(pgError('57P01')),
    ]) {
      expect(isDatabaseUnavailable(e), e.message).toBe(true);
    }
    for (const e of [pgError('23505', 'duplicate key'), pgError('42P01'), new Error('boom'), wrapped(pgError('22P02'))]) {
      expect(isDatabaseUnavailable(e), e.message).toBe(false);
      expect(isStorageFull(e), e.message).toBe(false);
    }
  });

  it('tells a full disk (PostgreSQL and PGlite say 53100; the file system ENOSPC)', () => {
    expect(isStorageFull(wrapped(pgError('53100', 'could not extend file: No space left on device')))).toBe(true);
    expect(isStorageFull(pgError('ENOSPC'))).toBe(true);
    expect(isDatabaseUnavailable(pgError('53100'))).toBe(false);
    expect(databaseErrorCode(wrapped(pgError('53100')))).toBe('53100');
  });
});
