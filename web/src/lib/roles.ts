import type { Me, Role } from '../api/types.ts';

// Permissions in /auth/me cover the platform's actions; modules that answer by role (indicators,
// registry import) are mirrored here so the UI offers only what the server will allow.

function hasRole(me: Me, ...roles: Role[]): boolean {
  return me.user.roles.some((r) => roles.includes(r));
}

/** Officers, admins and auditors see every indicator value and its inputs (others see small cells withheld). */
export function seesIndicatorDetail(me: Me): boolean {
  return hasRole(me, 'officer', 'admin', 'auditor');
}

/** Officers and admins enter official figures and ask for recomputes. */
export function managesIndicators(me: Me): boolean {
  return hasRole(me, 'officer', 'admin');
}
