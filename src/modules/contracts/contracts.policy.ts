import { hasRole, type Actor } from '../../platform/auth/policy.ts';
import { AppError } from '../../platform/http/errors.ts';

/**
 * Officers and admins run contracts (confirm for the office, decide, release); auditors read every
 * contract; an applicant reads and acts on the contracts of the organisation their account is linked
 * to. Everyone else sees none: a contract they may not read is "not found".
 */
export const contractPolicy = {
  manage: (a: Actor) => hasRole(a, 'officer', 'admin'),
  read: (a: Actor) => hasRole(a, 'officer', 'admin', 'auditor'),
  own: (a: Actor, c: { organizationId: string }) => hasRole(a, 'applicant') && a.organizationId !== null && a.organizationId === c.organizationId,
};

export function requireContractManage(a: Actor): void {
  if (!contractPolicy.manage(a)) throw new AppError('FORBIDDEN', 'requires the officer role');
}

export function requireContractTeam(a: Actor, c: { organizationId: string }): void {
  if (!contractPolicy.own(a, c)) throw new AppError('FORBIDDEN', 'only the contract’s own organisation can do this');
}
