import { hasRole, type Actor } from '../../platform/auth/policy.ts';
import { AppError } from '../../platform/http/errors.ts';

/**
 * Officers and admins run review rounds; auditors read everything; an expert (role 'expert', linked to an
 * expert profile) reaches only their own assignments and sheets — anything else answers 404. Applicants
 * never see reviewers.
 */
export const reviewPolicy = {
  manage: (a: Actor) => hasRole(a, 'officer', 'admin'),
  read: (a: Actor) => hasRole(a, 'officer', 'admin', 'auditor'),
  expert: (a: Actor) => hasRole(a, 'expert'),
};

export function requireReviewManage(a: Actor | null): asserts a is Actor {
  if (!a) throw new AppError('AUTH_REQUIRED');
  if (!reviewPolicy.manage(a)) throw new AppError('FORBIDDEN', 'requires the officer role');
}

export function requireReviewRead(a: Actor | null): asserts a is Actor {
  if (!a) throw new AppError('AUTH_REQUIRED');
  if (!reviewPolicy.read(a)) throw new AppError('FORBIDDEN', 'requires officer, admin or auditor');
}

export function requireReviewExpert(a: Actor | null): asserts a is Actor {
  if (!a) throw new AppError('AUTH_REQUIRED');
  if (!reviewPolicy.expert(a)) throw new AppError('FORBIDDEN', 'requires the expert role');
}
