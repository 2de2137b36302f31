import { and, isNotNull, lt, or, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import type { Clock } from '../clock.ts';
import { oneTimeTokens, sessions } from '../auth/auth.tables.ts';
import { jobs } from './jobs.tables.ts';
import { enqueueJob } from './jobs.service.ts';
import type { JobHandler } from './runner.ts';

export const HOUSEKEEPING_KIND = 'platform.housekeeping';
const KEEP_DAYS = 30;

/** Next 03:00 Asia/Shanghai (19:00 UTC) after `now`: housekeeping runs in the quiet of the night. */
export function nextHousekeepingAt(now: Date): Date {
  const next = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), 19, 0, 0));
  if (next.getTime() <= now.getTime()) next.setUTCDate(next.getUTCDate() + 1);
  return next;
}

function keyFor(at: Date) {
  return `${HOUSEKEEPING_KIND}:${at.toISOString()}`;
}

/**
 * Make sure the next housekeeping run is scheduled. The dedupe key names the run's time, so
 * processes starting together, and the run that schedules its successor, agree on one job.
 */
export async function scheduleHousekeeping(db: Db, clock: Clock): Promise<void> {
  const at = nextHousekeepingAt(clock.now());
  await enqueueJob(db, { kind: HOUSEKEEPING_KIND, runAt: at, dedupeKey: keyFor(at), maxAttempts: 3 });
}

/**
 * Deletes sessions and one-time tokens that ended more than 30 days ago and finished jobs older than
 * that, then schedules the next run. Audit events are never deleted.
 */
export function housekeepingHandler(clock: Clock): JobHandler {
  return async (tx) => {
    const cutoff = new Date(clock.now().getTime() - KEEP_DAYS * 86400_000);
    const s = await tx
      .delete(sessions)
      .where(or(lt(sessions.expiresAt, cutoff), and(isNotNull(sessions.revokedAt), lt(sessions.revokedAt, cutoff))))
      .returning({ id: sessions.id });
    const t = await tx.delete(oneTimeTokens).where(lt(oneTimeTokens.expiresAt, cutoff)).returning({ id: oneTimeTokens.id });
    const j = await tx
      .delete(jobs)
      .where(and(sql`${jobs.status} in ('succeeded', 'failed')`, lt(jobs.finishedAt, cutoff)))
      .returning({ id: jobs.id });
    const next = nextHousekeepingAt(new Date(clock.now().getTime() + 60_000));
    await enqueueJob(tx, { kind: HOUSEKEEPING_KIND, runAt: next, dedupeKey: keyFor(next), maxAttempts: 3 });
    return { sessionsDeleted: s.length, tokensDeleted: t.length, jobsDeleted: j.length, next: next.toISOString() };
  };
}
