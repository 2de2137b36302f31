import type { Db } from '../../../platform/db/client.ts';
import type { Clock } from '../../../platform/clock.ts';
import { enqueueJob } from '../../../platform/jobs/jobs.service.ts';
import type { JobHandler } from '../../../platform/jobs/runner.ts';
import type { ReviewSheetService } from './sheets.service.ts';

export const REVIEW_REMINDERS_KIND = 'review.reminders';

/** The next whole hour after `now`. */
function nextHour(now: Date): Date {
  const t = new Date(now);
  t.setUTCMinutes(0, 0, 0);
  t.setUTCHours(t.getUTCHours() + 1);
  return t;
}

export async function scheduleReviewReminders(db: Db, clock: Clock): Promise<void> {
  const at = nextHour(clock.now());
  await enqueueJob(db, { kind: REVIEW_REMINDERS_KIND, runAt: at, dedupeKey: `${REVIEW_REMINDERS_KIND}:${at.toISOString()}`, maxAttempts: 3 });
}

/** Hourly: scoring deadline reminders to experts (48 h and 24 h before) and to officers (passed with sheets missing), then the next run. */
export function reviewReminderHandler(sheets: ReviewSheetService, clock: Clock): JobHandler {
  return async (tx) => {
    const result = await sheets.sendReminders(tx);
    const next = nextHour(new Date(clock.now().getTime() + 60_000));
    await enqueueJob(tx, { kind: REVIEW_REMINDERS_KIND, runAt: next, dedupeKey: `${REVIEW_REMINDERS_KIND}:${next.toISOString()}`, maxAttempts: 3 });
    return { ...result, next: next.toISOString() };
  };
}
