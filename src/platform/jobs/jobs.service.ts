import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { jobs } from './jobs.tables.ts';

export interface EnqueueInput {
  kind: string;
  payload?: Record<string, unknown>;
  tenantId?: string | null;
  runAt?: Date;
  dedupeKey?: string;
  maxAttempts?: number;
}

/** Enqueue inside the caller's transaction: the job exists only if the command commits. */
export async function enqueueJob(tx: Db, input: EnqueueInput): Promise<string | null> {
  const rows = await tx
    .insert(jobs)
    .values({
      kind: input.kind,
      payload: input.payload ?? {},
      tenantId: input.tenantId ?? null,
      runAt: input.runAt ?? new Date(),
      dedupeKey: input.dedupeKey ?? null,
      maxAttempts: input.maxAttempts ?? 5,
    })
    .onConflictDoNothing({ target: jobs.dedupeKey, where: sql`status in ('queued', 'running')` })
    .returning({ id: jobs.id });
  return rows[0]?.id ?? null;
}
