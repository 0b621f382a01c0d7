/**
 * Time-ordered UUIDs (version 7, RFC 9562): 48 bits of milliseconds, then random bits. Rows written
 * in bulk with these ids land at the end of their primary-key index instead of on random pages of a
 * large one, which keeps big inserts (the morning's visit plans) in cache.
 */
import { randomBytes } from 'node:crypto';

let lastMs = 0;
let seq = 0;

/**
 * Forgets the last millisecond handed out. For test files that share one process (vitest, isolate
 * false): each starts on its own database, and an id made at a given time must carry that time even
 * when an earlier file made ids later than it.
 */
export function restartIdClock(): void {
  lastMs = 0;
  seq = 0;
}
// Random bytes drawn 8 KiB at a time: one call to the system's generator per 1,024 ids.
const POOL = 8192;
let pool = Buffer.alloc(0);
let offset = POOL;

export function timeOrderedUuid(now = Date.now()): string {
  // Within one millisecond a counter in the random part keeps the ids increasing.
  if (now <= lastMs) {
    seq++;
    // 4,096 ids in one millisecond: borrow the next one.
    if (seq > 0xfff) {
      lastMs++;
      seq = 0;
    }
  } else {
    lastMs = now;
    seq = 0;
  }
  if (offset + 16 > pool.length) {
    pool = randomBytes(POOL);
    offset = 0;
  }
  const b = pool.subarray(offset, offset + 16);
  offset += 16;
  const ms = lastMs;
  b[0] = Math.floor(ms / 2 ** 40) & 0xff;
  b[1] = Math.floor(ms / 2 ** 32) & 0xff;
  b[2] = (ms >>> 24) & 0xff;
  b[3] = (ms >>> 16) & 0xff;
  b[4] = (ms >>> 8) & 0xff;
  b[5] = ms & 0xff;
  b[6] = 0x70 | ((seq >>> 8) & 0x0f);
  b[7] = seq & 0xff;
  b[8] = 0x80 | (b[8] & 0x3f);
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
