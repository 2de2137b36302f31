import { hasRole, type Actor } from '../../platform/auth/policy.ts';
import { AppError } from '../../platform/http/errors.ts';

/** Who may do what in the registry. Officers and admins keep it; auditors read it; an organisation's own people edit their profile. */
export const registryPolicy = {
  read: (a: Actor) => hasRole(a, 'officer', 'admin', 'auditor'),
  write: (a: Actor) => hasRole(a, 'officer', 'admin'),
  readOrganization: (a: Actor, orgId: string) => hasRole(a, 'officer', 'admin', 'auditor') || a.organizationId === orgId,
  editOrganization: (a: Actor, orgId: string) => hasRole(a, 'officer', 'admin') || (hasRole(a, 'applicant') && a.organizationId === orgId),
};

export function organizationActions(a: Actor, orgId: string): ('update' | 'addQualification' | 'recordFigures')[] {
  const out: ('update' | 'addQualification' | 'recordFigures')[] = [];
  if (registryPolicy.editOrganization(a, orgId)) out.push('update', 'recordFigures');
  if (registryPolicy.write(a)) out.push('addQualification');
  return out;
}

/** Not allowed to see it → the same 404 as when it does not exist. */
export function assertCanSee(a: Actor, orgId: string) {
  if (!registryPolicy.readOrganization(a, orgId)) throw new AppError('NOT_FOUND', 'organization not found');
}
