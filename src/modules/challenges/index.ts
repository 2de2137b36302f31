export { ChallengeService, emptyContent, emptyTerms, type Notifier } from './challenges.service.ts';
export type { ApplicationContent, ChallengeTerms } from './challenges.tables.ts';
export { notificationCentreNotifier } from './challenges.notify.ts';
export { challengeRoutes } from './challenges.routes.ts';
export { publicChallengeRoutes } from './challenges.public.routes.ts';
export { CHALLENGE_REMINDERS_KIND, challengeReminderHandler, scheduleChallengeReminders } from './challenges.jobs.ts';
import type { ChallengeService as Service } from './challenges.service.ts';
/** One application as expert review sees it (ChallengeService.reviewSubjects). */
export type ReviewSubject = Awaited<ReturnType<Service['reviewSubjects']>>[number];
export { challengeReviewProvider } from './challenges.review.ts';
