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
const ApplyPage = lazy(() => import('./pages/applications/ApplyPage.tsx'));
const ApplicationsPage = lazy(() => import('./pages/applications/ApplicationsPage.tsx'));
const ApplicationPage = lazy(() => import('./pages/applications/ApplicationPage.tsx'));
const ApplicationEditPage = lazy(() => import('./pages/applications/ApplicationEditPage.tsx'));
const ContractsPage = lazy(() => import('./pages/contracts/ContractsPage.tsx'));
const ContractPage = lazy(() => import('./pages/contracts/ContractPage.tsx'));
const DeliveryPage = lazy(() => import('./pages/delivery/DeliveryPage.tsx'));
const RacesPage = lazy(() => import('./pages/races/RacesPage.tsx'));
const RacePage = lazy(() => import('./pages/races/RacePage.tsx'));
const PublicChallengesPage = lazy(() => import('./pages/public-challenges/PublicChallengesPage.tsx'));
const PublicChallengePage = lazy(() => import('./pages/public-challenges/PublicChallengePage.tsx'));
const PublicNoticesPage = lazy(() => import('./pages/public-challenges/PublicNoticesPage.tsx'));
const PublicNoticePage = lazy(() => import('./pages/public-challenges/PublicNoticePage.tsx'));
const IndicatorsPage = lazy(() => import('./pages/indicators/IndicatorsPage.tsx'));
const PeoplePage = lazy(() => import('./pages/people/PeoplePage.tsx'));
const ImportPage = lazy(() => import('./pages/import/ImportPage.tsx'));
const NotificationsPage = lazy(() => import('./pages/notifications/NotificationsPage.tsx'));
const MailboxPage = lazy(() => import('./pages/mailbox/MailboxPage.tsx'));
const ChallengesPage = lazy(() => import('./pages/challenges/ChallengesPage.tsx'));
const ChallengeDetailPage = lazy(() => import('./pages/challenges/ChallengeDetailPage.tsx'));
const ChallengeEditorPage = lazy(() => import('./pages/challenges/ChallengeEditorPage.tsx'));
const DemandsPage = lazy(() => import('./pages/demands/DemandsPage.tsx'));
const ExpertsPage = lazy(() => import('./pages/experts/ExpertsPage.tsx'));
const ExpertPage = lazy(() => import('./pages/experts/ExpertPage.tsx'));
const NewExpertPage = lazy(() => import('./pages/experts/ExpertPage.tsx').then((m) => ({ default: m.NewExpertPage })));
const ExpertImportPage = lazy(() => import('./pages/experts/ExpertImportPage.tsx'));
const ReviewsPage = lazy(() => import('./pages/review/ReviewsPage.tsx'));
const RoundPage = lazy(() => import('./pages/review/RoundPage.tsx'));
const MyReviewsPage = lazy(() => import('./pages/review/expert/MyReviewsPage.tsx'));
const ScoreSheetPage = lazy(() => import('./pages/review/expert/ScoreSheetPage.tsx'));
const ProjectsPage = lazy(() => import('./pages/projects/ProjectsPage.tsx'));
const ProjectListPage = lazy(() => import('./pages/projects/ProjectListPage.tsx'));
const PublicProjectsPage = lazy(() => import('./pages/projects/PublicProjectsPage.tsx'));

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
  // Published challenge lists and result notices (公示), readable without signing in.
  { path: '/public/challenges', element: <Suspense fallback={<FullPageLoading />}><PublicChallengesPage /></Suspense> },
  { path: '/public/challenges/:id', element: <Suspense fallback={<FullPageLoading />}><PublicChallengePage /></Suspense> },
  { path: '/public/notices', element: <Suspense fallback={<FullPageLoading />}><PublicNoticesPage /></Suspense> },
  { path: '/public/notices/:id', element: <Suspense fallback={<FullPageLoading />}><PublicNoticePage /></Suspense> },
  // A key-project list's progress page, when the office publishes it.
  { path: '/public/projects/:slug', element: <Suspense fallback={<FullPageLoading />}><PublicProjectsPage /></Suspense> },
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
      // Challenges (揭榜挂帅): the server decides what each viewer sees and may do.
      { path: 'challenges', element: <ChallengesPage /> },
      { path: 'challenges/new', element: <ChallengeEditorPage mode="new" /> },
      { path: 'challenges/:id', element: <ChallengeDetailPage /> },
      { path: 'challenges/:id/edit', element: <ChallengeEditorPage mode="edit" /> },
      { path: 'challenges/:id/correct', element: <ChallengeEditorPage mode="correct" /> },
      { path: 'demands', element: <DemandsPage /> },
      // Expert pool (专家库): officers, admins and auditors; an expert edits their own profile at /experts/me.
      { path: 'experts', element: <ExpertsPage /> },
      { path: 'experts/new', element: <NewExpertPage /> },
      { path: 'experts/import', element: <ExpertImportPage /> },
      { path: 'experts/me', element: <ExpertPage mine /> },
      { path: 'experts/:id', element: <ExpertPage /> },
      // Expert scoring: the server answers only an expert's own assignments and sheets.
      { path: 'reviews', element: <ReviewsPage /> },
      { path: 'reviews/:id', element: <RoundPage /> },
      { path: 'review/my', element: <MyReviewsPage /> },
      { path: 'review/sheets/:id', element: <ScoreSheetPage /> },
      // Key-project lists (清单化管理): officers and admins keep them, auditors read them.
      { path: 'projects', element: <ProjectsPage /> },
      { path: 'projects/lists/:id', element: <ProjectListPage /> },
      { path: 'notifications', element: <NotificationsPage /> },
      // The page itself lets only admins in, and says so when the server keeps the mailbox closed.
      { path: 'mailbox', element: <MailboxPage /> },
      // Applications (揭榜申报): applicants for their organisation, officers and auditors for all.
      { path: 'challenges/:id/apply', element: <ApplyPage /> },
      { path: 'applications', element: <ApplicationsPage /> },
      { path: 'applications/:id', element: <ApplicationPage /> },
      { path: 'applications/:id/edit', element: <ApplicationEditPage /> },
      { path: 'contracts', element: <ContractsPage /> },
      { path: 'contracts/:id', element: <ContractPage /> },
      // The officers' delivery dashboard (issue #6 part 6): officers and admins, auditors read it.
      { path: 'delivery', element: <DeliveryPage /> },
      // Horse races (赛马): the server answers each viewer with what they may see and do.
      { path: 'races', element: <RacesPage /> },
      { path: 'races/:id', element: <RacePage /> },
      { path: '403', element: <ForbiddenPage /> },
    ],
  },
  { path: '*', element: <NotFoundRoute /> },
]);
