import type { Services } from '../../services.ts';
import { mailSendHandler } from '../mail/mail.job.ts';
import type { JobHandler } from './runner.ts';
import { HOUSEKEEPING_KIND, housekeepingHandler } from './housekeeping.ts';
import { RECOMPUTE_KIND, recomputeHandler } from '../../modules/indicators/index.ts';
import { registryImportJobHandlers } from '../../modules/registry/index.ts';
import { CHALLENGE_REMINDERS_KIND, challengeReminderHandler } from '../../modules/challenges/index.ts';
import { REVIEW_REMINDERS_KIND, reviewReminderHandler } from '../../modules/review/index.ts';
import { CONTRACT_DEADLINES_KIND, contractDeadlineHandler } from '../../modules/contracts/index.ts';

/** Every job kind the platform knows; modules add theirs here. */
export function jobHandlers(services: Services): Record<string, JobHandler> {
  return {
    'mail.send': mailSendHandler(services.config),
    [HOUSEKEEPING_KIND]: housekeepingHandler(services.clock),
    [RECOMPUTE_KIND]: recomputeHandler(services.clock),
    ...registryImportJobHandlers(services),
    [CHALLENGE_REMINDERS_KIND]: challengeReminderHandler(services.challenges, services.notifications, services.clock),
    [REVIEW_REMINDERS_KIND]: reviewReminderHandler(services.reviewSheets, services.clock),
    [CONTRACT_DEADLINES_KIND]: contractDeadlineHandler(services.contracts, services.clock),
  };
}
