import { hasRole, type Actor } from '../../platform/auth/policy.ts';
import { AppError } from '../../platform/http/errors.ts';

/**
 * Officers and admins run races; auditors read all of them; an applicant reads the races their
 * organisation has a team in (another race is "not found"). Experts see gates only through review.
 */
export const racePolicy = {
  manage: (a: Actor) => hasRole(a, 'officer', 'admin'),
  read: (a: Actor) => hasRole(a, 'officer', 'admin', 'auditor'),
  applicant: (a: Actor) => hasRole(a, 'applicant') && a.organizationId !== null,
};

export function requireRaceReader(a: Actor): void {
  if (!racePolicy.read(a) && !racePolicy.applicant(a)) throw new AppError('FORBIDDEN', 'requires the office, an auditor or an applicant account');
}

export function requireRaceManage(a: Actor): void {
  if (!racePolicy.manage(a)) throw new AppError('FORBIDDEN', 'requires the officer role');
}
