import type { Db } from '../../platform/db/client.ts';
import type { Clock } from '../../platform/clock.ts';
import { enqueueJob } from '../../platform/jobs/jobs.service.ts';
import type { JobHandler } from '../../platform/jobs/runner.ts';
import type { ContractService } from './contracts.service.ts';

export const CONTRACT_DEADLINES_KIND = 'contracts.deadlines';

/** The next whole hour after `now`: overdue detection and reminders run hourly; each reminder is sent once. */
export function nextDeadlineRunAt(now: Date): Date {
  const t = new Date(now);
  t.setUTCMinutes(0, 0, 0);
  t.setUTCHours(t.getUTCHours() + 1);
  return t;
}

export async function scheduleContractDeadlines(db: Db, clock: Clock): Promise<void> {
  const at = nextDeadlineRunAt(clock.now());
  await enqueueJob(db, { kind: CONTRACT_DEADLINES_KIND, runAt: at, dedupeKey: `${CONTRACT_DEADLINES_KIND}:${at.toISOString()}`, maxAttempts: 3 });
}

/** Marks overdue milestones and sends due-date and supervision reminders for every tenant, then queues the next run. */
export function contractDeadlineHandler(contracts: ContractService, clock: Clock): JobHandler {
  return async (tx) => {
    const result = await contracts.progress.runDeadlines(tx);
    const next = nextDeadlineRunAt(new Date(clock.now().getTime() + 60_000));
    await enqueueJob(tx, { kind: CONTRACT_DEADLINES_KIND, runAt: next, dedupeKey: `${CONTRACT_DEADLINES_KIND}:${next.toISOString()}`, maxAttempts: 3 });
    return { ...result, next: next.toISOString() };
  };
}
