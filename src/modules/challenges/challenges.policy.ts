import { hasRole, type Actor } from '../../platform/auth/policy.ts';
import { AppError } from '../../platform/http/errors.ts';

/**
 * Who may do what in the challenge workflow. Officers and admins run it; auditors read everything;
 * an applicant acts for the organisation their account is linked to. The public reads published
 * challenges, notices and awards through the /public routes, which need no policy here.
 */
export const challengePolicy = {
  manage: (a: Actor) => hasRole(a, 'officer', 'admin'),
  read: (a: Actor) => hasRole(a, 'officer', 'admin', 'auditor'),
  /** An applicant linked to an organisation may submit demands and applications for it. */
  actForOrganization: (a: Actor) => hasRole(a, 'applicant') && a.organizationId !== null,
  readApplication: (a: Actor, organizationId: string) => hasRole(a, 'officer', 'admin', 'auditor') || (hasRole(a, 'applicant') && a.organizationId === organizationId),
};

export function requireManage(a: Actor | null): asserts a is Actor {
  if (!a) throw new AppError('AUTH_REQUIRED');
  if (!challengePolicy.manage(a)) throw new AppError('FORBIDDEN', 'requires the officer role');
}

export function requireRead(a: Actor | null): asserts a is Actor {
  if (!a) throw new AppError('AUTH_REQUIRED');
  if (!challengePolicy.read(a)) throw new AppError('FORBIDDEN', 'requires officer, admin or auditor');
}

export function requireApplicant(a: Actor | null): asserts a is Actor & { organizationId: string } {
  if (!a) throw new AppError('AUTH_REQUIRED');
  if (!challengePolicy.actForOrganization(a)) throw new AppError('FORBIDDEN', 'requires an applicant account linked to an organisation');
}
