import { setMaxListeners } from 'node:events';
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import { rows, type Database, type DbOrTx } from './db.js';
import { jobs } from './jobs.tables.js';

export interface JobContext {
  database: Database;
  /** The time the job was claimed at (tests drive it). */
  now: Date;
  jobId: number;
  /** 1 on the first run, counting retries and runs after a crash. */
  attempt: number;
  maxAttempts: number;
  /** Aborted when the lease was lost (another instance took the job) or the runner stops: stop early. */
  signal: AbortSignal;
}

export type JobHandler = (payload: Record<string, unknown>, ctx: JobContext) => Promise<void>;

export interface RecurringJob {
  kind: string;
  everyMs: number;
}

/** Adds a job; with a key, an existing pending job of that key is moved to the new time instead. */
export async function enqueue(db: DbOrTx, job: { kind: string; runAt?: Date; payload?: Record<string, unknown>; key?: string; maxAttempts?: number }) {
  await db
    .insert(jobs)
    .values({ kind: job.kind, key: job.key ?? null, runAt: job.runAt ?? new Date(), payload: job.payload ?? {}, maxAttempts: job.maxAttempts ?? 5 })
    .onConflictDoUpdate({
      target: jobs.key,
      set: { runAt: sql`excluded.run_at`, payload: sql`excluded.payload`, status: 'pending', attempts: 0, lastError: null },
      setWhere: sql`${jobs.status} <> 'running'`,
    });
}

const DEFAULT_LEASE_MS = 60_000;

export interface RunnerOptions {
  /** How long a claim lasts without renewal; the heartbeat renews it every third of that. */
  leaseMs?: number;
  /** How often an idle lane looks for due work. */
  pollMs?: number;
  /** The clock of claims and schedules (tests drive it). */
  clock?: () => Date;
  log?: FastifyBaseLogger;
  /** Whether `kick` runs work in this process before `start` (jobs on, no polling: tests, the demo). */
  autorun?: boolean;
}

interface Claimed {
  id: number;
  kind: string;
  payload: Record<string, unknown>;
  attempts: number;
  maxAttempts: number;
  key: string | null;
  token: string;
}

/**
 * Durable jobs, each unit run once across instances and crashes.
 *
 * Each job kind has its own lane: a slow kind (the outbox waiting on a gateway) never holds back
 * another (the deadline checks). A lane claims one due job at a time with FOR UPDATE SKIP LOCKED
 * under a short lease; while the handler runs a heartbeat renews the lease, so a killed instance's
 * claims return within one lease. Every claim has its own token: an instance that lost its lease
 * (it stalled, another took the job) is told through the handler's signal and can no longer record
 * an outcome over the new owner's. Recurring jobs re-schedule themselves after each run.
 */
export class JobRunner {
  readonly instance = `${hostname()}:${process.pid}`;
  readonly leaseMs: number;
  private readonly pollMs: number;
  private readonly clock: () => Date;
  private readonly log?: FastifyBaseLogger;
  private readonly lanes = new Map<string, Promise<void>>();
  private readonly wake = new Map<string, () => void>();
  // One listener per running job (each lane runs one at a time, removed when it ends): one per kind at most.
  private readonly stopping = unboundedController();
  private readonly again = new Set<string>();
  private started = false;
  private readonly autorun: boolean;

  constructor(
    private readonly database: Database,
    private readonly handlers: Record<string, JobHandler>,
    private readonly recurring: RecurringJob[],
    options: RunnerOptions | FastifyBaseLogger = {},
  ) {
    const o: RunnerOptions = 'info' in options ? { log: options as FastifyBaseLogger } : (options as RunnerOptions);
    this.leaseMs = o.leaseMs ?? DEFAULT_LEASE_MS;
    this.pollMs = o.pollMs ?? 5000;
    this.clock = o.clock ?? (() => new Date());
    this.log = o.log;
    this.autorun = o.autorun ?? false;
  }

  /** Makes sure every recurring job has its row (keeping its schedule if it has one). */
  async schedule(): Promise<void> {
    for (const r of this.recurring) {
      await this.database.db
        .insert(jobs)
        .values({ kind: r.kind, key: `recurring:${r.kind}`, runAt: this.clock(), payload: {} })
        .onConflictDoNothing();
    }
  }

  /** Starts one lane per job kind; each polls for due work every `pollMs` (or at once when kicked). */
  async start(pollMs?: number): Promise<void> {
    await this.schedule();
    this.started = true;
    const every = pollMs ?? this.pollMs;
    for (const kind of Object.keys(this.handlers)) this.lanes.set(kind, this.laneLoop(kind, every));
  }

  /**
   * Asks the lane of `kind` to look for work now: wakes it when the runner is started, or, in a process
   * that runs jobs without polling (tests), drains that lane once in the background.
   */
  kick(kind: string): void {
    if (this.stopping.signal.aborted) return;
    if (this.started) {
      this.again.add(kind); // a lane draining right now looks once more before it sleeps
      this.wake.get(kind)?.();
      return;
    }
    if (!this.autorun || !this.handlers[kind]) return;
    if (this.lanes.has(kind)) {
      this.again.add(kind); // the running drain looks once more before it ends
      return;
    }
    const p = this.drainLane(kind, undefined, Infinity, true)
      .then(
        () => undefined,
        (err) => this.log?.error({ err: errorKind(err), kind }, 'job lane failed'),
      )
      .finally(() => this.lanes.delete(kind));
    this.lanes.set(kind, p);
  }

  /** Stops claiming; waits for running handlers (their leases stay renewed until they finish). */
  async stop(): Promise<void> {
    this.stopping.abort();
    for (const w of this.wake.values()) w();
    await Promise.allSettled([...this.lanes.values()]);
  }

  /** One pass of every lane (in parallel): each runs its due jobs, up to `limit`. Returns how many ran. */
  async tick(now = this.clock(), limit = 20): Promise<number> {
    const counts = await Promise.all(Object.keys(this.handlers).map((k) => this.drainLane(k, now, limit, false)));
    return counts.reduce((a, b) => a + b, 0);
  }

  private async laneLoop(kind: string, pollMs: number): Promise<void> {
    while (!this.stopping.signal.aborted) {
      let ran = 0;
      try {
        ran = await this.drainLane(kind, undefined, 50, true);
      } catch (err) {
        this.log?.error({ err: errorKind(err), kind }, 'job lane failed');
      }
      if (this.stopping.signal.aborted) break;
      if (ran >= 50) continue; // more may be due
      await new Promise<void>((resolve) => {
        const t = setTimeout(done, pollMs);
        function done() {
          clearTimeout(t);
          resolve();
        }
        this.wake.set(kind, done);
      });
    }
  }

  /** Runs due jobs of one kind, one at a time, until none is due or `limit` ran. */
  private async drainLane(kind: string, fixedNow: Date | undefined, limit: number, stoppable: boolean): Promise<number> {
    let ran = 0;
    while (ran < limit && !(stoppable && this.stopping.signal.aborted)) {
      const now = fixedNow ?? this.clock();
      this.again.delete(kind);
      const job = await this.claim(kind, now);
      if (!job) {
        if (this.again.has(kind)) continue;
        break;
      }
      await this.run(job, now);
      ran++;
    }
    return ran;
  }

  private async claim(kind: string, now: Date): Promise<Claimed | null> {
    const token = `${this.instance}:${randomBytes(6).toString('hex')}`;
    // One statement: the row is locked, taken and counted in the same commit.
    const [j] = await rows<{ id: number | string; kind: string; payload: Record<string, unknown>; attempts: number; max_attempts: number; key: string | null }>(
      this.database.db,
      sql`
        update ${jobs} set status = 'running', locked_by = ${token}, locked_until = ${new Date(now.getTime() + this.leaseMs)}, attempts = attempts + 1
        where id = (
          select id from ${jobs}
          where kind = ${kind} and ((status = 'pending' and run_at <= ${now}) or (status = 'running' and locked_until < ${now}))
          order by run_at, id
          limit 1
          for update skip locked)
        returning id, kind, payload, attempts, max_attempts, key`,
    );
    if (!j) return null;
    return { id: Number(j.id), kind: j.kind, payload: j.payload ?? {}, attempts: j.attempts, maxAttempts: j.max_attempts, key: j.key, token };
  }

  /** Renews the lease while the handler runs; aborts the handler's signal when the lease is gone. */
  private heartbeat(job: Claimed, lost: AbortController): () => void {
    const every = Math.max(50, Math.floor(this.leaseMs / 3));
    let beating: Promise<void> = Promise.resolve();
    const timer = setInterval(() => {
      beating = beating.then(async () => {
        if (lost.signal.aborted) return;
        try {
          const renewed = await this.database.db
            .update(jobs)
            .set({ lockedUntil: new Date(this.clock().getTime() + this.leaseMs) })
            .where(and(eq(jobs.id, job.id), eq(jobs.lockedBy, job.token), eq(jobs.status, 'running')))
            .returning({ id: jobs.id });
          if (!renewed.length) {
            this.log?.warn({ jobId: job.id, kind: job.kind }, 'job lease lost to another instance');
            lost.abort(new Error('lease lost'));
          }
        } catch (err) {
          // The database is away: the next beat tries again; the lease lapses only if it stays away.
          this.log?.warn({ err: errorKind(err), jobId: job.id }, 'job lease not renewed');
        }
      });
    }, every);
    timer.unref?.();
    return () => clearInterval(timer);
  }

  private async run(job: Claimed, now: Date): Promise<void> {
    const db = this.database.db;
    const handler = this.handlers[job.kind];
    const recurring = this.recurring.find((r) => `recurring:${r.kind}` === job.key);
    const lost = new AbortController();
    const onStop = () => lost.abort(new Error('stopping'));
    this.stopping.signal.addEventListener('abort', onStop);
    const stopBeat = this.heartbeat(job, lost);
    // Outcomes are recorded only while the claim is still this one's.
    const mine = and(eq(jobs.id, job.id), eq(jobs.lockedBy, job.token));
    try {
      try {
        if (!handler) throw new Error(`no handler for job kind ${job.kind}`);
        await handler(job.payload, { database: this.database, now, jobId: job.id, attempt: job.attempts, maxAttempts: job.maxAttempts, signal: lost.signal });
      } finally {
        stopBeat();
      }
      const finishedAt = this.clock();
      if (recurring) {
        await db
          .update(jobs)
          .set({ status: 'pending', runAt: new Date(now.getTime() + recurring.everyMs), attempts: 0, lockedBy: null, lockedUntil: null, lastError: null, finishedAt })
          .where(mine);
      } else {
        await db.update(jobs).set({ status: 'done', finishedAt, lockedBy: null, lockedUntil: null, lastError: null }).where(mine);
      }
    } catch (err) {
      const failed = !recurring && job.attempts >= job.maxAttempts;
      const backoff = Math.min(3600_000, 30_000 * 2 ** (job.attempts - 1));
      this.log?.warn({ err: errorKind(err), jobId: job.id, kind: job.kind }, 'job failed');
      await db
        .update(jobs)
        .set({
          status: failed ? 'failed' : 'pending',
          runAt: new Date(now.getTime() + (recurring ? recurring.everyMs : backoff)),
          lastError: jobErrorText(err),
          lockedBy: null,
          lockedUntil: null,
          finishedAt: failed ? this.clock() : null,
        })
        .where(mine);
    } finally {
      this.stopping.signal.removeEventListener('abort', onStop);
    }
  }
}

/**
 * What a failed job leaves in `last_error` and the log: the error's own message for errors the
 * application raised with plain text, with long digit runs (phone and ID numbers) masked; a database
 * error's code only, never its text (it may quote the statement's parameters).
 */
function jobErrorText(err: unknown): string {
  const e = err as { message?: string; code?: string; cause?: { code?: string } };
  const code = e?.code ?? e?.cause?.code;
  if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return `database error ${code}`;
  return maskDigits(String(e?.message ?? err)).slice(0, 500);
}

/** Long digit runs (phone numbers, ID numbers) in free text, masked. */
export function maskDigits(text: string): string {
  return text.replace(/\+?\d[\d\s-]{5,}\d[\dXx]?/g, '***');
}

/** An error's kind and code for the log: never its message, which may quote personal data. */
export function errorKind(err: unknown): { type: string; code?: string } {
  const e = err as { name?: string; code?: string };
  return { type: e?.name ?? typeof err, ...(typeof e?.code === 'string' ? { code: e.code } : {}) };
}

function unboundedController(): AbortController {
  const c = new AbortController();
  setMaxListeners(0, c.signal);
  return c;
}
