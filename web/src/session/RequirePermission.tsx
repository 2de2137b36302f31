import { lazy, type ReactNode } from 'react';
import { seesIndicatorDetail } from '../lib/roles.ts';
import { useCan, useMe } from './SessionContext.ts';

const ForbiddenPage = lazy(() => import('../pages/errors/ForbiddenPage.tsx'));

/** Shows the 403 page instead of a page the user's permissions do not open. */
export function RequirePermission({ permission, children }: { permission: string; children: ReactNode }) {
  const can = useCan();
  return can(permission) ? children : <ForbiddenPage />;
}

/** The indicator registry is for the staff who keep or check the figures (officers, admins, auditors). */
export function RequireIndicatorStaff({ children }: { children: ReactNode }) {
  const me = useMe();
  return seesIndicatorDetail(me) ? children : <ForbiddenPage />;
}
