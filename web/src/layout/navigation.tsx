import type { ReactNode } from 'react';
import {
  AuditOutlined,
  BankOutlined,
  BulbOutlined,
  CarryOutOutlined,
  CloudUploadOutlined,
  DashboardOutlined,
  ContactsOutlined,
  FileDoneOutlined,
  FlagOutlined,
  FundOutlined,
  FundProjectionScreenOutlined,
  HomeOutlined,
  IdcardOutlined,
  NodeIndexOutlined,
  ReconciliationOutlined,
  ScheduleOutlined,
  SolutionOutlined,
  TeamOutlined,
  TrophyOutlined,
  UserOutlined,
} from '@ant-design/icons';
import type { Me } from '../api/types.ts';
import { seesIndicatorDetail } from '../lib/roles.ts';

/**
 * The challenge workflow (揭榜挂帅) answers by role (src/modules/challenges/challenges.policy.ts):
 * officers, admins and auditors see everything; applicants see published challenges and act for
 * their organisation. Experts and facility managers have no part in it.
 */
function challengeItems(me: Me): NavItem[] {
  const has = (...roles: Me['user']['roles']) => me.user.roles.some((r) => roles.includes(r));
  const staff = has('officer', 'admin', 'auditor');
  const applicant = has('applicant');
  const items: NavItem[] = [];
  if (staff || applicant) items.push({ key: 'challenges', path: '/challenges', labelKey: 'nav.challenges', icon: <FlagOutlined />, group: 'challenges' });
  if (staff || (applicant && me.user.organizationId)) items.push({ key: 'demands', path: '/demands', labelKey: 'nav.demands', icon: <BulbOutlined />, group: 'challenges' });
  if (staff || applicant) items.push({ key: 'applications', path: '/applications', labelKey: 'nav.applications', icon: <FileDoneOutlined />, group: 'challenges' });
  if (staff || (applicant && me.user.organizationId)) items.push({ key: 'contracts', path: '/contracts', labelKey: 'nav.contracts', icon: <SolutionOutlined />, group: 'challenges' });
  // Horse races (src/modules/races): staff see every race, applicants the races their organisation runs in.
  if (staff || (applicant && me.user.organizationId)) items.push({ key: 'races', path: '/races', labelKey: 'racesUi.nav', icon: <TrophyOutlined />, group: 'challenges' });
  // The expert pool (src/modules/experts/experts.policy.ts): staff read it; an expert keeps their own profile.
  if (staff) items.push({ key: 'experts', path: '/experts', labelKey: 'nav.experts', icon: <SolutionOutlined />, group: 'challenges' });
  // Review rounds (src/modules/review/review.policy.ts): officers and admins run them, auditors read.
  if (staff) items.push({ key: 'reviews', path: '/reviews', labelKey: 'nav.reviews', icon: <ReconciliationOutlined />, group: 'challenges' });
  if (has('expert')) items.push({ key: 'my-expert-profile', path: '/experts/me', labelKey: 'nav.myExpertProfile', icon: <IdcardOutlined />, group: 'challenges' });
  // An expert's review tasks and scoring sheets (src/modules/review/sheets).
  if (has('expert')) items.push({ key: 'my-reviews', path: '/review/my', labelKey: 'nav.myReviews', icon: <CarryOutOutlined />, group: 'challenges' });
  return items;
}

export interface NavItem {
  key: string;
  path: string;
  labelKey:
    | 'nav.home'
    | 'nav.dashboard'
    | 'nav.users'
    | 'nav.audit'
    | 'nav.organizations'
    | 'nav.myOrganization'
    | 'nav.people'
    | 'nav.import'
    | 'nav.indicators'
    | 'nav.jobs'
    | 'nav.account'
    | 'nav.challenges'
    | 'nav.demands'
    | 'nav.applications'
    | 'nav.experts'
    | 'nav.myExpertProfile'
    | 'nav.myReviews'
    | 'nav.reviews'
    | 'projectsUi.nav'
    | 'deliveryUi.nav'
    | 'racesUi.nav'
    | 'nav.contracts';
  icon: ReactNode;
  group: 'main' | 'challenges' | 'registry' | 'supervision' | 'platform' | 'personal';
}

/** The navigation a user sees: only what their permissions open. The server checks every call itself. */
export function navigationFor(me: Me): NavItem[] {
  const can = (p: string) => me.permissions.includes(p);
  const items: NavItem[] = [
    { key: 'home', path: '/', labelKey: 'nav.home', icon: <HomeOutlined />, group: 'main' },
    { key: 'dashboard', path: '/dashboard', labelKey: 'nav.dashboard', icon: <FundOutlined />, group: 'main' },
    ...challengeItems(me),
  ];
  // Key-project lists: officers and admins keep them, auditors read them (src/modules/projects/projects.policy.ts).
  if (me.user.roles.some((r) => r === 'officer' || r === 'admin' || r === 'auditor')) items.push({ key: 'projects', path: '/projects', labelKey: 'projectsUi.nav', icon: <FundProjectionScreenOutlined />, group: 'main' });
  // The delivery dashboard over contracts and lists (src/modules/delivery/delivery.policy.ts): the same readers.
  if (me.user.roles.some((r) => r === 'officer' || r === 'admin' || r === 'auditor')) items.push({ key: 'delivery', path: '/delivery', labelKey: 'deliveryUi.nav', icon: <DashboardOutlined />, group: 'main' });
  if (can('organization.list')) {
    items.push({ key: 'organizations', path: '/organizations', labelKey: 'nav.organizations', icon: <BankOutlined />, group: 'registry' });
    items.push({ key: 'people', path: '/people', labelKey: 'nav.people', icon: <ContactsOutlined />, group: 'registry' });
  } else if (me.user.organizationId) {
    items.push({ key: 'my-organization', path: `/organizations/${me.user.organizationId}`, labelKey: 'nav.myOrganization', icon: <BankOutlined />, group: 'registry' });
  }
  // Registry import is for those who keep the registry (officers and admins).
  if (can('organization.create')) items.push({ key: 'import', path: '/registry/import', labelKey: 'nav.import', icon: <CloudUploadOutlined />, group: 'registry' });
  if (seesIndicatorDetail(me)) items.push({ key: 'indicators', path: '/indicators', labelKey: 'nav.indicators', icon: <NodeIndexOutlined />, group: 'registry' });
  if (can('audit.read')) items.push({ key: 'audit', path: '/audit', labelKey: 'nav.audit', icon: <AuditOutlined />, group: 'supervision' });
  if (can('user.list')) items.push({ key: 'users', path: '/admin/users', labelKey: 'nav.users', icon: <TeamOutlined />, group: 'platform' });
  if (can('job.list')) items.push({ key: 'jobs', path: '/admin/jobs', labelKey: 'nav.jobs', icon: <ScheduleOutlined />, group: 'platform' });
  items.push({ key: 'account', path: '/account', labelKey: 'nav.account', icon: <UserOutlined />, group: 'personal' });
  return items;
}

/** The menu entry a path belongs to (longest matching prefix). */
export function selectedNavKey(items: NavItem[], pathname: string): string | undefined {
  let best: NavItem | undefined;
  for (const item of items) {
    const match = item.path === '/' ? pathname === '/' : pathname === item.path || pathname.startsWith(item.path + '/');
    if (match && (!best || item.path.length > best.path.length)) best = item;
  }
  return best?.key;
}
