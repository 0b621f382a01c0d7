/**
 * The read replica (TINGSU_READ_DATABASE_URL): a second pool to a PostgreSQL streaming replica, and a
 * watch on how far behind the primary it is. Reads that tolerate a second of lag (dashboards, figures,
 * exports, searches) go there only while it is caught up; otherwise, and whenever it cannot be reached,
 * they go to the primary. `platform/reads.ts` picks per request (a user's own writes are read from the
 * primary).
 *
 * How lag is measured without trusting clocks: every `POLL_MS` the watch reads the primary's WAL
 * position (`pg_current_wal_lsn()`), then the replica's replayed position (`pg_last_wal_replay_lsn()`).
 * When the replica has replayed a position the primary had at time t, everything committed before t is
 * on the replica: its data is at most `now − t` old. The newest such t is `freshAt`. An idle primary
 * does not make the replica look stale (its position does not move), and a replica that stopped
 * replaying or cannot be reached falls behind within a second.
 */
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import type pg from 'pg';
import type { Db } from './db.js';

/** The most lag the replica's readers accept by default (TINGSU_READ_MAX_LAG_MS); beyond it they read the primary. */
const MAX_LAG_MS = 1_000;
/** How often the watch compares the primary's WAL position with the replica's. */
const POLL_MS = 250;
/** Each probe's own limit: a stuck replica counts as behind, it does not hold the watch. */
const PROBE_TIMEOUT_MS = 2_000;

export interface Replica {
  db: Db;
  /** The most lag its readers accept (TINGSU_READ_MAX_LAG_MS). */
  maxLagMs: number;
  /** Raw SQL on the replica (tests, diagnostics). */
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  /** Whether the replica is at most `maxLagMs` behind the primary now. */
  caughtUp(now?: number): boolean;
  /** Milliseconds since the newest moment the replica is known to have replayed everything up to; null before the first. */
  lagMs(now?: number): number | null;
  close(): Promise<void>;
}

/** A WAL position `X/Y` (two hex numbers) as one integer. */
export function lsnValue(lsn: string): bigint {
  const m = /^([0-9A-F]+)\/([0-9A-F]+)$/i.exec(lsn.trim());
  if (!m) throw new Error(`not a WAL position: ${lsn}`);
  return (BigInt(`0x${m[1]}`) << 32n) + BigInt(`0x${m[2]}`);
}

/**
 * The replica's freshness from samples of the primary's position: `sample` each poll with the time and
 * the primary's position read just before the replica's; `replayed` with the replica's position.
 */
export class LagWatch {
  private samples: { at: number; lsn: bigint }[] = [];
  freshAt: number | undefined;

  /** Keeps at most `keep` samples the replica has not reached (a replica that far behind is not used anyway). */
  constructor(private readonly keep = 64) {}

  observe(at: number, primaryLsn: bigint, replayedLsn: bigint | null): void {
    this.samples.push({ at, lsn: primaryLsn });
    if (replayedLsn !== null) {
      // The newest sample the replica has replayed past; older samples are no longer needed.
      let i = -1;
      for (let k = 0; k < this.samples.length; k++) if (this.samples[k].lsn <= replayedLsn) i = k;
      if (i >= 0) {
        this.freshAt = Math.max(this.freshAt ?? 0, this.samples[i].at);
        this.samples = this.samples.slice(i + 1);
      }
    }
    // A replica far behind: keep a bounded window of samples; dropping the oldest only makes it look staler.
    if (this.samples.length > this.keep) this.samples.shift();
  }

  lagMs(now: number): number | null {
    return this.freshAt === undefined ? null : Math.max(0, now - this.freshAt);
  }
}

export interface ReplicaOptions {
  /** The pool to the replica (made by db.ts with the same connection rules as the primary's). */
  pool: pg.Pool;
  /** Raw SQL on the primary. */
  primary: { query<T>(text: string): Promise<T[]> };
  /** TINGSU_READ_MAX_LAG_MS (default MAX_LAG_MS). */
  maxLagMs?: number;
  pollMs?: number;
}

/**
 * Opens the replica: checks it is a PostgreSQL in recovery (a standby), refusing to start otherwise, and
 * starts the lag watch. The first reads go to the primary until the watch has seen the replica caught up.
 */
export async function startReplica(o: ReplicaOptions): Promise<Replica> {
  const { pool } = o;
  const query = async <T>(text: string, params?: unknown[]) => (await pool.query({ text, values: params as unknown[] | undefined })).rows as T[];
  let standby: boolean;
  try {
    [{ standby }] = await query<{ standby: boolean }>('select pg_is_in_recovery() as standby');
  } catch (err) {
    await pool.end().catch(() => undefined);
    throw new Error(`TINGSU_READ_DATABASE_URL: 只读副本无法连接 the read replica cannot be reached (${(err as NodeJS.ErrnoException).code ?? (err as Error).name})`, { cause: err });
  }
  if (!standby) {
    await pool.end().catch(() => undefined);
    throw new Error(
      'TINGSU_READ_DATABASE_URL: 该数据库不是流复制备库（pg_is_in_recovery() 为 false），请填写只读副本的地址，或不设置\n' +
        'TINGSU_READ_DATABASE_URL: that database is not a streaming standby (pg_is_in_recovery() is false): give the replica\'s address, or leave it unset',
    );
  }
  const maxLagMs = o.maxLagMs ?? MAX_LAG_MS;
  const pollMs = o.pollMs ?? POLL_MS;
  const watch = new LagWatch(Math.ceil(maxLagMs / pollMs) * 2 + 8);
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const withTimeout = <T>(p: Promise<T>) =>
    Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('probe timed out')), PROBE_TIMEOUT_MS).unref())]);
  const probe = async () => {
    try {
      const at = Date.now();
      const [p] = await withTimeout(o.primary.query<{ lsn: string }>('select pg_current_wal_lsn()::text as lsn'));
      const [r] = await withTimeout(query<{ lsn: string | null }>('select pg_last_wal_replay_lsn()::text as lsn'));
      watch.observe(at, lsnValue(p.lsn), r.lsn ? lsnValue(r.lsn) : null);
    } catch {
      // Either side out of reach: no new freshness, so the replica's readers move to the primary within maxLagMs.
    }
    if (!stopped) timer = setTimeout(() => void probe(), pollMs).unref();
  };
  await probe();
  return {
    db: drizzlePg(pool) as unknown as Db,
    maxLagMs,
    query,
    caughtUp(now = Date.now()) {
      const lag = watch.lagMs(now);
      return lag !== null && lag <= maxLagMs;
    },
    lagMs: (now = Date.now()) => watch.lagMs(now),
    async close() {
      stopped = true;
      clearTimeout(timer);
      await pool.end();
    },
  };
}
