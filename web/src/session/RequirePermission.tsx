import { lazy, type ReactNode } from 'react';
import { useCan } from './SessionContext.ts';

const ForbiddenPage = lazy(() => import('../pages/errors/ForbiddenPage.tsx'));

/** Shows the 403 page instead of a page the user's permissions do not open. */
export function RequirePermission({ permission, children }: { permission: string; children: ReactNode }) {
  const can = useCan();
  return can(permission) ? children : <ForbiddenPage />;
}
