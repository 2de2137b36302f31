import { lazy, Suspense, type ReactNode } from 'react';
import { createBrowserRouter } from 'react-router';
import { AppLayout } from './layout/AppLayout.tsx';
import { PublicLayout } from './layout/PublicLayout.tsx';
import { RequireIndicatorStaff, RequirePermission } from './session/RequirePermission.tsx';
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
const DashboardPage = lazy(() => import('./pages/dashboard/DashboardPage.tsx'));
const PublicDashboardPage = lazy(() => import('./pages/dashboard/PublicDashboardPage.tsx'));
const IndicatorsPage = lazy(() => import('./pages/indicators/IndicatorsPage.tsx'));
const PeoplePage = lazy(() => import('./pages/people/PeoplePage.tsx'));
const ImportPage = lazy(() => import('./pages/import/ImportPage.tsx'));

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
  // The open dashboard has its own wide layout (no sign-in card).
  {
    path: '/public/dashboard',
    element: (
      <Suspense fallback={<FullPageLoading />}>
        <PublicDashboardPage />
      </Suspense>
    ),
  },
  {
    element: <AppLayout />,
    children: [
      { index: true, element: <HomePage /> },
      { path: 'dashboard', element: <DashboardPage /> },
      { path: 'indicators', element: <RequireIndicatorStaff><IndicatorsPage /></RequireIndicatorStaff> },
      { path: 'registry/import', element: <RequirePermission permission="organization.create"><ImportPage /></RequirePermission> },
      { path: 'people', element: <RequirePermission permission="organization.list"><PeoplePage /></RequirePermission> },
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
