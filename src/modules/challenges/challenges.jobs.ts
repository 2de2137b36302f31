import type { Db } from '../../platform/db/client.ts';
import type { Clock } from '../../platform/clock.ts';
import { enqueueJob } from '../../platform/jobs/jobs.service.ts';
import type { JobHandler } from '../../platform/jobs/runner.ts';
import type { ChallengeService } from './challenges.service.ts';
import type { NotificationService } from '../../platform/notify/index.ts';

export const CHALLENGE_REMINDERS_KIND = 'challenges.reminders';

/** The next whole hour after `now`: reminders go out hourly; each is sent once per subject. */
export function nextReminderAt(now: Date): Date {
  const t = new Date(now);
  t.setUTCMinutes(0, 0, 0);
  t.setUTCHours(t.getUTCHours() + 1);
  return t;
}

export async function scheduleChallengeReminders(db: Db, clock: Clock): Promise<void> {
  const at = nextReminderAt(clock.now());
  await enqueueJob(db, { kind: CHALLENGE_REMINDERS_KIND, runAt: at, dedupeKey: `${CHALLENGE_REMINDERS_KIND}:${at.toISOString()}`, maxAttempts: 3 });
}

/** Deadline, correction and notice-period reminders for every tenant, then the next run. */
export function challengeReminderHandler(challenges: ChallengeService, centre: NotificationService, clock: Clock): JobHandler {
  return async (tx) => {
    const result = await challenges.sendReminders(tx, (t, userId, kind, subject, since) => centre.hasRecentNotification(t, userId, kind, subject, since));
    const next = nextReminderAt(new Date(clock.now().getTime() + 60_000));
    await enqueueJob(tx, { kind: CHALLENGE_REMINDERS_KIND, runAt: next, dedupeKey: `${CHALLENGE_REMINDERS_KIND}:${next.toISOString()}`, maxAttempts: 3 });
    return { ...result, next: next.toISOString() };
  };
}
