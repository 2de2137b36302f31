import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { freshDatabase } from '../../../test/helpers/db.ts';
import { FixedClock, systemClock } from '../clock.ts';
import { connect, type Database } from '../db/client.ts';
import { inTransaction } from '../db/tx.ts';
import { enqueueJob } from './jobs.service.ts';
import { backoffMs, JobRunner, type JobHandler } from './runner.ts';

// The job runner against a real database: once-only execution, retries with backoff, jobs that
// exist only when their transaction commits, de-duplication, and surviving a restart.
let database: Awaited<ReturnType<typeof freshDatabase>>;
const q = <T = Record<string, unknown>>(text: string, params?: unknown[]) => database.query<T>(text, params);

/** Handlers record their effect in a table, inside the job's transaction. */
const effect: JobHandler = async (tx, job) => {
  await tx.execute(sql`insert into test_job_effects (job_id, note) values (${job.id}, ${typeof job.payload.note === 'string' ? job.payload.note : ''})`);
  return { done: job.payload.note ?? null };
};
let failures = 0;
const handlers: Record<string, JobHandler> = {
  'test.ok': effect,
  'test.fail': async (tx, job) => {
    failures++;
    await effect(tx, job); // written, then rolled back with the failure
    throw new Error(`boom ${job.attempts}`);
  },
};

async function job(id: string) {
  const [row] = await q<{ status: string; attempts: number; run_at: Date | string; last_error: string | null; finished_at: unknown; result: unknown; locked_by: string | null }>(
    'select status, attempts, run_at, last_error, finished_at, result, locked_by from jobs where id = $1',
    [id],
  );
  return { ...row!, run_at: new Date(row!.run_at) };
}
const effects = async () => (await q<{ job_id: string }>('select job_id from test_job_effects order by job_id')).map((r) => r.job_id);

beforeAll(async () => {
  database = await freshDatabase();
  await q('create table test_job_effects (job_id uuid not null, note text)');
});
afterAll(() => database.dropAfter());
beforeEach(async () => {
  await q('delete from jobs');
  await q('delete from test_job_effects');
  failures = 0;
});

describe('backoff', () => {
  it('doubles from 10 s and is capped at one hour', () => {
    expect([1, 2, 3, 4].map(backoffMs)).toEqual([10_000, 20_000, 40_000, 80_000]);
    expect(backoffMs(0)).toBe(10_000);
    expect(backoffMs(30)).toBe(3600_000);
  });
});

describe('JobRunner', () => {
  it('runs a queued job once and marks it succeeded with its result', async () => {
    const clock = new FixedClock(new Date('2026-11-23T08:00:00Z'));
    const id = (await enqueueJob(database.db, { kind: 'test.ok', payload: { note: 'hello' }, runAt: clock.now() }))!;
    expect((await job(id)).status).toBe('queued');
    const runner = new JobRunner(database.db, handlers, { pollMs: 1000, clock });
    expect(await runner.runOnce()).toBe(1);
    expect(await runner.runOnce()).toBe(0);
    clock.advance(3600_000);
    expect(await runner.runOnce()).toBe(0);
    const j = await job(id);
    expect(j).toMatchObject({ status: 'succeeded', attempts: 1, last_error: null, result: { done: 'hello' } });
    expect(new Date(j.finished_at as string).toISOString()).toBe('2026-11-23T08:00:00.000Z');
    expect(await effects()).toEqual([id]);
  });

  it('does not run a job before its time', async () => {
    const clock = new FixedClock(new Date('2026-11-23T08:00:00Z'));
    const id = (await enqueueJob(database.db, { kind: 'test.ok', runAt: new Date('2026-11-23T09:00:00Z') }))!;
    const runner = new JobRunner(database.db, handlers, { pollMs: 1000, clock });
    expect(await runner.runOnce()).toBe(0);
    clock.set(new Date('2026-11-23T09:00:00Z'));
    expect(await runner.runOnce()).toBe(1);
    expect((await job(id)).status).toBe('succeeded');
  });

  it('retries a failing job with backoff, rolls back its effects, and fails it after maxAttempts', async () => {
    const t0 = new Date('2026-11-23T08:00:00Z');
    const clock = new FixedClock(t0);
    const id = (await enqueueJob(database.db, { kind: 'test.fail', runAt: t0, maxAttempts: 3 }))!;
    const runner = new JobRunner(database.db, handlers, { pollMs: 1000, clock });

    expect(await runner.runOnce()).toBe(1);
    let j = await job(id);
    expect(j).toMatchObject({ status: 'queued', attempts: 1, last_error: 'boom 1', finished_at: null });
    expect(j.run_at.getTime()).toBe(t0.getTime() + 10_000);

    expect(await runner.runOnce()).toBe(0);
    clock.advance(9_999);
    expect(await runner.runOnce()).toBe(0);
    clock.advance(1);
    expect(await runner.runOnce()).toBe(1);
    j = await job(id);
    expect(j).toMatchObject({ status: 'queued', attempts: 2, last_error: 'boom 2' });
    expect(j.run_at.getTime()).toBe(clock.now().getTime() + 20_000);

    clock.advance(20_000);
    expect(await runner.runOnce()).toBe(1);
    j = await job(id);
    expect(j).toMatchObject({ status: 'failed', attempts: 3, last_error: 'boom 3' });
    expect(new Date(j.finished_at as string).getTime()).toBe(clock.now().getTime());

    clock.advance(86400_000);
    expect(await runner.runOnce()).toBe(0);
    expect(failures).toBe(3);
    expect(await effects()).toEqual([]); // each attempt's writes were rolled back
  });

  it('fails a job of an unknown kind like any other failure', async () => {
    const clock = new FixedClock(new Date('2026-11-23T08:00:00Z'));
    const id = (await enqueueJob(database.db, { kind: 'test.nobody', runAt: clock.now(), maxAttempts: 1 }))!;
    expect(await new JobRunner(database.db, handlers, { pollMs: 1000, clock }).runOnce()).toBe(1);
    expect(await job(id)).toMatchObject({ status: 'failed', attempts: 1, last_error: 'no handler for job kind test.nobody' });
  });

  it('a job enqueued in a transaction that rolls back does not exist', async () => {
    await expect(
      inTransaction(database.db, async (tx) => {
        await enqueueJob(tx, { kind: 'test.ok', dedupeKey: 'rolled-back' });
        throw new Error('the command failed');
      }),
    ).rejects.toThrow('the command failed');
    expect(await q('select * from jobs')).toEqual([]);
    await inTransaction(database.db, async (tx) => {
      await enqueueJob(tx, { kind: 'test.ok', dedupeKey: 'committed' });
    });
    expect((await q<{ dedupe_key: string }>('select dedupe_key from jobs')).map((r) => r.dedupe_key)).toEqual(['committed']);
  });

  it('de-duplicates on the key while a job is queued or running, and frees the key once it is done', async () => {
    const clock = new FixedClock(new Date('2026-11-23T08:00:00Z'));
    const first = await enqueueJob(database.db, { kind: 'test.ok', dedupeKey: 'report:2026-11', runAt: clock.now() });
    expect(first).toEqual(expect.any(String));
    expect(await enqueueJob(database.db, { kind: 'test.ok', dedupeKey: 'report:2026-11', runAt: clock.now() })).toBeNull();
    const other = await enqueueJob(database.db, { kind: 'test.ok', dedupeKey: 'report:2026-12', runAt: clock.now() });
    expect(other).not.toBeNull();
    expect((await q<{ n: number }>('select count(*)::int as n from jobs'))[0]!.n).toBe(2);
    const runner = new JobRunner(database.db, handlers, { pollMs: 1000, clock });
    await runner.claim(); // running: still taken
    expect(await enqueueJob(database.db, { kind: 'test.ok', dedupeKey: 'report:2026-11', runAt: clock.now() })).toBeNull();
    await q("update jobs set status = 'succeeded', finished_at = now()");
    const again = await enqueueJob(database.db, { kind: 'test.ok', dedupeKey: 'report:2026-11', runAt: clock.now() });
    expect(again).not.toBeNull();
    expect(again).not.toBe(first);
  });

  it('a job claimed by a runner that died is taken over by a new runner once the lease runs out, and runs once', async () => {
    const clock = new FixedClock(new Date('2026-11-23T08:00:00Z'));
    const id = (await enqueueJob(database.db, { kind: 'test.ok', runAt: clock.now() }))!;
    const dead = new JobRunner(database.db, handlers, { pollMs: 1000, clock, leaseSeconds: 60 });
    expect((await dead.claim()).map((j) => j.id)).toEqual([id]); // … and the process dies here
    expect(await job(id)).toMatchObject({ status: 'running', locked_by: dead.workerId });

    const fresh = new JobRunner(database.db, handlers, { pollMs: 1000, clock, leaseSeconds: 60 });
    expect(await fresh.runOnce()).toBe(0);
    clock.advance(59_000);
    expect(await fresh.runOnce()).toBe(0);
    clock.advance(1_001);
    expect(await fresh.runOnce()).toBe(1);
    expect(await job(id)).toMatchObject({ status: 'succeeded', attempts: 2, locked_by: fresh.workerId });
    expect(await effects()).toEqual([id]);
  });

  it('start() polls, runs due jobs and stop() waits for the tick in progress', async () => {
    const ids = [await enqueueJob(database.db, { kind: 'test.ok' }), await enqueueJob(database.db, { kind: 'test.ok' })];
    const runner = new JobRunner(database.db, handlers, { pollMs: 20, clock: systemClock });
    runner.start();
    for (let i = 0; i < 1200 && (await effects()).length < 2; i++) await new Promise((r) => setTimeout(r, 25));
    await runner.stop();
    expect((await effects()).sort()).toEqual([...ids].sort());
    const after = await enqueueJob(database.db, { kind: 'test.ok' });
    await new Promise((r) => setTimeout(r, 100));
    expect((await job(after!)).status).toBe('queued'); // stopped: nothing runs any more
  });
});

describe('a job survives a restart', () => {
  it('enqueued, process closed, database reopened: the new runner runs it', async () => {
    const url = process.env.DATABASE_URL;
    let first: Database;
    let reopen: () => Promise<Database>;
    let cleanup = () => {};
    if (url) {
      const [{ name }] = (await q<{ name: string }>('select current_database() as name')) as [{ name: string }];
      const u = new URL(url);
      u.pathname = '/' + name;
      first = await connect({ databaseUrl: u.toString(), poolSize: 2 });
      reopen = () => connect({ databaseUrl: u.toString(), poolSize: 2 });
    } else {
      // An on-disk PGlite, started from the migrated template and then opened by directory.
      const dir = mkdtempSync(join(tmpdir(), 'kc-jobs-'));
      const pglite = new PGlite(join(dir, 'pgdata'), { loadDataDir: new Blob([readFileSync(inject('pgliteTemplate'))]) });
      await pglite.waitReady;
      first = await connect({ pglite });
      await first.query('create table if not exists test_job_effects (job_id uuid not null, note text)');
      reopen = () => connect({ dataDir: dir });
      cleanup = () => rmSync(dir, { recursive: true, force: true });
    }
    try {
      const id = (await enqueueJob(first.db, { kind: 'test.ok', payload: { note: 'after restart' } }))!;
      await first.close();
      const second = await reopen();
      try {
        const runner = new JobRunner(second.db, handlers, { pollMs: 1000, clock: systemClock });
        expect(await runner.runOnce()).toBe(1);
        const [row] = await second.query<{ status: string; result: unknown }>('select status, result from jobs where id = $1', [id]);
        expect(row).toEqual({ status: 'succeeded', result: { done: 'after restart' } });
      } finally {
        await second.close();
      }
    } finally {
      cleanup();
    }
  });
});

describe.skipIf(!process.env.DATABASE_URL)('two runners on PostgreSQL', () => {
  it('claiming concurrently from separate pools never runs a job twice', async () => {
    const [{ name }] = (await q<{ name: string }>('select current_database() as name')) as [{ name: string }];
    const u = new URL(process.env.DATABASE_URL!);
    u.pathname = '/' + name;
    const a = await connect({ databaseUrl: u.toString(), poolSize: 3 });
    const b = await connect({ databaseUrl: u.toString(), poolSize: 3 });
    try {
      await q('create table test_job_runs (job_id uuid not null, worker text not null)');
      const slow: Record<string, JobHandler> = {
        'test.race': async (tx, j) => {
          await tx.execute(sql`select pg_sleep(0.003)`);
          await tx.execute(sql`insert into test_job_runs (job_id, worker) values (${j.id}, ${j.lockedBy})`);
        },
      };
      const ids: string[] = [];
      for (let i = 0; i < 50; i++) ids.push((await enqueueJob(database.db, { kind: 'test.race', payload: { i } }))!);
      const ra = new JobRunner(a.db, slow, { pollMs: 1000, clock: systemClock, batchSize: 2 });
      const rb = new JobRunner(b.db, slow, { pollMs: 1000, clock: systemClock, batchSize: 2 });
      const drain = async (r: JobRunner) => {
        let n = 0;
        for (let got = 1; got > 0; ) {
          got = await r.runOnce();
          n += got;
        }
        return n;
      };
      // Two loops per runner, so each runner also claims concurrently with itself.
      const counts = await Promise.all([drain(ra), drain(rb), drain(ra), drain(rb)]);
      expect(counts.reduce((a, b) => a + b, 0)).toBe(50);
      const runs = await q<{ job_id: string; n: number }>('select job_id, count(*)::int as n from test_job_runs group by job_id');
      expect(runs).toHaveLength(50);
      expect(runs.every((r) => r.n === 1)).toBe(true);
      expect(runs.map((r) => r.job_id).sort()).toEqual([...ids].sort());
      const states = await q<{ status: string; attempts: number; n: number }>("select status, attempts, count(*)::int as n from jobs where kind = 'test.race' group by status, attempts");
      expect(states).toEqual([{ status: 'succeeded', attempts: 1, n: 50 }]);
    } finally {
      await a.close();
      await b.close();
    }
  });
});
