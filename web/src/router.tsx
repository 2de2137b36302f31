import { lazy, Suspense, type ReactNode } from 'react';
import { createBrowserRouter } from 'react-router';
import { AppLayout } from './layout/AppLayout.tsx';
import { PublicLayout } from './layout/PublicLayout.tsx';
import { RequirePermission } from './session/RequirePermission.tsx';
import { FullPageLoading } from './components/FullPageLoading.tsx';
import { NotFoundRoute } from './pages/errors/NotFoundRoute.tsx';

const LoginPage = lazy(() => import('./pages/auth/LoginPage.tsx'));
const ForgotPasswordPage = lazy(() => import('./pages/auth/ForgotPasswordPage.tsx'));
const ResetPasswordPage = lazy(() => import('./pages/auth/ResetPasswordPage.tsx'));
const AcceptInvitationPage = lazy(() => import('./pages/auth/AcceptInvitationPage.tsx'));
const HomePage = lazy(() => import('./pages/home/HomePage.tsx'));
const UsersPage = lazy(() => import('./pages/admin/UsersPage.tsx'));
const JobsPage = lazy(() => import('./pages/admin/JobsPage.tsx'));
const AuditLogPage = lazy(() => import('./pages/audit/AuditLogPage.tsx'));
const OrganizationsPage = lazy(() => import('./pages/organizations/OrganizationsPage.tsx'));
const OrganizationPage = lazy(() => import('./pages/organizations/OrganizationPage.tsx'));
const AccountPage = lazy(() => import('./pages/account/AccountPage.tsx'));
const ForbiddenPage = lazy(() => import('./pages/errors/ForbiddenPage.tsx'));

function Public({ children }: { children: ReactNode }) {
  return (
    <PublicLayout>
      <Suspense fallback={<FullPageLoading />}>{children}</Suspense>
    </PublicLayout>
  );
}

export const router = createBrowserRouter([
  { path: '/login', element: <Public><LoginPage /></Public> },
  { path: '/forgot-password', element: <Public><ForgotPasswordPage /></Public> },
  { path: '/reset-password', element: <Public><ResetPasswordPage /></Public> },
  // The invitation e-mail links to /accept-invite (src/platform/auth/auth.service.ts).
  { path: '/accept-invite', element: <Public><AcceptInvitationPage /></Public> },
  { path: '/accept-invitation', element: <Public><AcceptInvitationPage /></Public> },
  {
    element: <AppLayout />,
    children: [
      { index: true, element: <HomePage /> },
      { path: 'admin/users', element: <RequirePermission permission="user.list"><UsersPage /></RequirePermission> },
      { path: 'admin/jobs', element: <RequirePermission permission="job.list"><JobsPage /></RequirePermission> },
      { path: 'audit', element: <RequirePermission permission="audit.read"><AuditLogPage /></RequirePermission> },
      { path: 'organizations', element: <RequirePermission permission="organization.list"><OrganizationsPage /></RequirePermission> },
      { path: 'organizations/:id', element: <OrganizationPage /> },
      { path: 'account', element: <AccountPage /> },
      { path: '403', element: <ForbiddenPage /> },
    ],
  },
  { path: '*', element: <NotFoundRoute /> },
]);
