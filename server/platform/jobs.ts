import { hostname } from 'node:os';
import { and, eq, sql } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import type { Database, DbOrTx } from './db.js';
import { jobs } from './jobs.tables.js';

export type JobHandler = (payload: Record<string, unknown>, ctx: { database: Database; now: Date; jobId: number }) => Promise<void>;

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

const LOCK_MS = 5 * 60_000;

/**
 * Claims due jobs with FOR UPDATE SKIP LOCKED (each job goes to exactly one instance), runs them,
 * records the outcome, retries failures with backoff. Jobs whose runner died are reclaimed once
 * their lock lapses. Recurring jobs re-schedule themselves after each run.
 */
export class JobRunner {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;
  readonly instance = `${hostname()}:${process.pid}`;

  constructor(
    private readonly database: Database,
    private readonly handlers: Record<string, JobHandler>,
    private readonly recurring: RecurringJob[],
    private readonly log?: FastifyBaseLogger,
  ) {}

  async start(pollMs = 5000): Promise<void> {
    for (const r of this.recurring) {
      // One row per recurring kind; keep its schedule if it already exists.
      await this.database.db
        .insert(jobs)
        .values({ kind: r.kind, key: `recurring:${r.kind}`, runAt: new Date(), payload: {} })
        .onConflictDoNothing();
    }
    const loop = async () => {
      if (this.stopped) return;
      this.running = this.tick().then(
        () => undefined,
        (err) => this.log?.error({ err }, 'job runner tick failed'),
      );
      await this.running;
      if (!this.stopped) this.timer = setTimeout(loop, pollMs);
    };
    this.timer = setTimeout(loop, 200);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  /** One pass: claim up to `limit` due jobs and run them. Returns how many ran. */
  async tick(now = new Date(), limit = 20): Promise<number> {
    const db = this.database.db;
    const claimed = await db.transaction(async (tx) => {
      const r = (await tx.execute(sql`
        select id, kind, payload, attempts, max_attempts, key from ${jobs}
        where (status = 'pending' and run_at <= ${now})
           or (status = 'running' and locked_until < ${now})
        order by run_at
        limit ${limit}
        for update skip locked`)) as unknown as { rows: { id: number | string; kind: string; payload: Record<string, unknown>; attempts: number; max_attempts: number; key: string | null }[] };
      for (const j of r.rows) {
        await tx
          .update(jobs)
          .set({ status: 'running', lockedBy: this.instance, lockedUntil: new Date(now.getTime() + LOCK_MS), attempts: sql`${jobs.attempts} + 1` })
          .where(eq(jobs.id, Number(j.id)));
      }
      return r.rows;
    });
    for (const j of claimed) {
      const id = Number(j.id);
      const handler = this.handlers[j.kind];
      const recurring = this.recurring.find((r) => `recurring:${r.kind}` === j.key);
      try {
        if (!handler) throw new Error(`no handler for job kind ${j.kind}`);
        await handler(j.payload ?? {}, { database: this.database, now, jobId: id });
        if (recurring) {
          await db
            .update(jobs)
            .set({ status: 'pending', runAt: new Date(now.getTime() + recurring.everyMs), attempts: 0, lockedBy: null, lockedUntil: null, lastError: null })
            .where(eq(jobs.id, id));
        } else {
          await db.update(jobs).set({ status: 'done', finishedAt: new Date(), lockedBy: null, lockedUntil: null }).where(eq(jobs.id, id));
        }
      } catch (err) {
        const attempts = j.attempts + 1;
        const failed = !recurring && attempts >= j.max_attempts;
        const backoff = Math.min(3600_000, 30_000 * 2 ** (attempts - 1));
        this.log?.warn({ err, jobId: id, kind: j.kind }, 'job failed');
        await db
          .update(jobs)
          .set({
            status: failed ? 'failed' : 'pending',
            runAt: new Date(now.getTime() + (recurring ? recurring.everyMs : backoff)),
            lastError: String((err as Error)?.message ?? err).slice(0, 2000),
            lockedBy: null,
            lockedUntil: null,
            finishedAt: failed ? new Date() : null,
          })
          .where(and(eq(jobs.id, id)));
      }
    }
    return claimed.length;
  }
}
