import { hasRole, type Actor } from '../../platform/auth/policy.ts';
import { AppError } from '../../platform/http/errors.ts';

/**
 * Officers and admins keep the key-project lists; auditors read them. Everyone else reads a list only
 * when the office publishes it, through the public routes.
 */
export const projectPolicy = {
  manage: (a: Actor) => hasRole(a, 'officer', 'admin'),
  read: (a: Actor) => hasRole(a, 'officer', 'admin', 'auditor'),
};

export function requireProjectManage(a: Actor | null): asserts a is Actor {
  if (!a) throw new AppError('AUTH_REQUIRED');
  if (!projectPolicy.manage(a)) throw new AppError('FORBIDDEN', 'requires the officer role');
}

export function requireProjectRead(a: Actor | null): asserts a is Actor {
  if (!a) throw new AppError('AUTH_REQUIRED');
  if (!projectPolicy.read(a)) throw new AppError('FORBIDDEN', 'requires officer, admin or auditor');
}
