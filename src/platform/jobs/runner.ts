import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Db } from '../db/client.ts';
import { inTransaction } from '../db/tx.ts';
import type { Clock } from '../clock.ts';
import { jobs } from './jobs.tables.ts';

export type JobRow = typeof jobs.$inferSelect;
/** A handler runs inside a transaction that also marks the job done: its database effects happen once. */
export type JobHandler = (tx: Db, job: JobRow) => Promise<Record<string, unknown> | void>;

export interface RunnerOptions {
  pollMs: number;
  batchSize?: number;
  leaseSeconds?: number;
  clock: Clock;
  log?: Pick<Logger, 'info' | 'warn' | 'error'>;
}

/** Retry after 10 s, 20 s, 40 s, … capped at one hour. */
export function backoffMs(attempts: number): number {
  return Math.min(3600_000, 10_000 * 2 ** Math.max(0, attempts - 1));
}

/**
 * In-process job runner over the jobs table. Claiming uses FOR UPDATE SKIP LOCKED, so several
 * processes on one PostgreSQL never take the same job; a claim is a lease, and a job whose runner
 * died is taken again once its lease runs out.
 */
export class JobRunner {
  readonly workerId = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;
  private stopped = true;

  constructor(
    private readonly db: Db,
    private readonly handlers: Record<string, JobHandler>,
    private readonly opts: RunnerOptions,
  ) {}

  start() {
    this.stopped = false;
    const tick = () => {
      if (this.stopped) return;
      this.running = this.runOnce().catch((err: unknown) => {
        this.opts.log?.error({ err }, 'job runner tick failed');
        return 0;
      });
      void this.running.then((ran) => {
        // A full batch means more may be due: look again at once instead of sleeping.
        if (!this.stopped) this.timer = setTimeout(tick, ran >= (this.opts.batchSize ?? 5) ? 0 : this.opts.pollMs);
      });
    };
    this.timer = setTimeout(tick, 50);
  }

  async stop() {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  async claim(): Promise<JobRow[]> {
    const now = this.opts.clock.now();
    const lease = new Date(now.getTime() + (this.opts.leaseSeconds ?? 300) * 1000);
    const limit = this.opts.batchSize ?? 5;
    return this.db
      .update(jobs)
      .set({ status: 'running', attempts: sql`${jobs.attempts} + 1`, lockedBy: this.workerId, lockedUntil: lease })
      .where(
        sql`${jobs.id} in (select id from jobs where (status = 'queued' and run_at <= ${now}) or (status = 'running' and locked_until < ${now}) order by run_at limit ${limit} for update skip locked)`,
      )
      .returning();
  }

  /** Claim due jobs and run them; returns how many ran. */
  async runOnce(): Promise<number> {
    const claimed = await this.claim();
    for (const job of claimed) await this.execute(job);
    return claimed.length;
  }

  private async execute(job: JobRow) {
    const handler = this.handlers[job.kind];
    try {
      if (!handler) throw new Error(`no handler for job kind ${job.kind}`);
      await inTransaction(this.db, async (tx) => {
        const result = await handler(tx, job);
        await tx
          .update(jobs)
          .set({ status: 'succeeded', finishedAt: this.opts.clock.now(), result: result ?? null, lockedUntil: null, lastError: null })
          .where(eq(jobs.id, job.id));
      });
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      const final = job.attempts >= job.maxAttempts;
      this.opts.log?.warn({ jobId: job.id, kind: job.kind, attempts: job.attempts, err: message }, final ? 'job failed for good' : 'job failed; will retry');
      await this.db
        .update(jobs)
        .set(
          final
            ? { status: 'failed', finishedAt: this.opts.clock.now(), lastError: message.slice(0, 2000), lockedUntil: null }
            : { status: 'queued', runAt: new Date(this.opts.clock.now().getTime() + backoffMs(job.attempts)), lastError: message.slice(0, 2000), lockedUntil: null },
        )
        .where(eq(jobs.id, job.id));
    }
  }
}
