import { hasRole, type Actor } from '../../platform/auth/policy.ts';
import { AppError } from '../../platform/http/errors.ts';

/**
 * The delivery dashboard is the office's view over contracts and key-project lists: officers and
 * admins read it, auditors read it too (it has no commands). Applicants and experts get 403.
 */
export const deliveryPolicy = {
  read: (a: Actor) => hasRole(a, 'officer', 'admin', 'auditor'),
};

export function requireDeliveryRead(a: Actor | null): asserts a is Actor {
  if (!a) throw new AppError('AUTH_REQUIRED');
  if (!deliveryPolicy.read(a)) throw new AppError('FORBIDDEN', 'requires officer, admin or auditor');
}
