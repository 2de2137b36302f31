import { hasRole, type Actor } from '../../platform/auth/policy.ts';
import { AppError } from '../../platform/http/errors.ts';

/**
 * Officers and admins manage the expert pool and rule on conflicts; auditors read everything; an
 * expert (role 'expert', linked by user id) reads and edits their own profile and may dispute their
 * own conflicts.
 */
export const expertPolicy = {
  manage: (a: Actor) => hasRole(a, 'officer', 'admin'),
  read: (a: Actor) => hasRole(a, 'officer', 'admin', 'auditor'),
  isSelf: (a: Actor, expert: { userId: string | null }) => hasRole(a, 'expert') && expert.userId === a.userId,
};

export function requireExpertManage(a: Actor | null): asserts a is Actor {
  if (!a) throw new AppError('AUTH_REQUIRED');
  if (!expertPolicy.manage(a)) throw new AppError('FORBIDDEN', 'requires the officer role');
}

export function requireExpertRead(a: Actor | null): asserts a is Actor {
  if (!a) throw new AppError('AUTH_REQUIRED');
  if (!expertPolicy.read(a)) throw new AppError('FORBIDDEN', 'requires officer, admin or auditor');
}
