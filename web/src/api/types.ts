import type { paths } from './schema';

type Json<T> = T extends { content: { 'application/json': infer B } } ? B : never;
type Ok<P extends keyof paths, M extends 'get' | 'post' | 'patch' | 'put', S extends number> = paths[P][M] extends { responses: infer R }
  ? S extends keyof R
    ? Json<R[S]>
    : never
  : never;

export type Me = Ok<'/api/v1/auth/me', 'get', 200>;
export type Tenant = Ok<'/api/v1/tenants', 'get', 200>[number];
export type DemoAccount = Ok<'/api/v1/auth/demo-accounts', 'get', 200>['accounts'][number];
export type User = Ok<'/api/v1/users', 'get', 200>['items'][number];
export type Role = User['roles'][number];
export type UserStatus = User['status'];
export type UserAction = User['actions'][number];
export type UserSort = NonNullable<NonNullable<paths['/api/v1/users']['get']['parameters']['query']>['sort']>;
export type Session = Ok<'/api/v1/auth/sessions', 'get', 200>[number];
export type AuditEvent = Ok<'/api/v1/audit/events', 'get', 200>['items'][number];
export type AuditQuery = NonNullable<paths['/api/v1/audit/events']['get']['parameters']['query']>;
export type VerifyResult = Ok<'/api/v1/audit/verify', 'post', 200>;
export type BrokenReason = NonNullable<VerifyResult['broken']>['reason'];
export type OrganizationPage = Ok<'/api/v1/organizations', 'get', 200>;
export type Organization = OrganizationPage['items'][number];
export type OrganizationType = Organization['type'];
export type OrganizationQuery = NonNullable<paths['/api/v1/organizations']['get']['parameters']['query']>;
export type OrganizationSort = NonNullable<OrganizationQuery['sort']>;
export type NewOrganization = NonNullable<paths['/api/v1/organizations']['post']['requestBody']>['content']['application/json'];
export type PriorityField = NonNullable<Organization['priorityField']>;
export type Zone = Ok<'/api/v1/zones', 'get', 200>[number];
export type Qualification = Ok<'/api/v1/organizations/{id}/qualifications', 'get', 200>[number];
export type QualificationKind = Qualification['kind'];
export type QualificationStatus = Qualification['status'];
export type AnnualFigures = Ok<'/api/v1/organizations/{id}/figures', 'get', 200>[number];
export type Person = Ok<'/api/v1/people', 'get', 200>['items'][number];
export type Job = Ok<'/api/v1/jobs', 'get', 200>['items'][number];
export type JobStatus = NonNullable<NonNullable<paths['/api/v1/jobs']['get']['parameters']['query']>['status']>;
export type ExpiringQualification = Ok<'/api/v1/qualifications/expiring', 'get', 200>[number];
export type PeoplePage = Ok<'/api/v1/people', 'get', 200>;

export type Dashboard = Ok<'/api/v1/dashboard', 'get', 200>;
export type DashboardIndicator = Dashboard['indicators'][number];
export type DashboardCard = Dashboard['cards'][number];
export type DashboardTrend = Dashboard['trends'][number];
export type DashboardZoneRow = Dashboard['zones']['rows'][number];
export type DashboardMapPoint = Dashboard['map'][number];
export type DashboardCell = DashboardMapPoint['cells'][number];
export type DashboardChart = paths['/api/v1/dashboard/data/{chart}.csv']['get']['parameters']['path']['chart'];
export type Indicator = Ok<'/api/v1/indicators', 'get', 200>[number];
export type IndicatorKind = Indicator['kind'];
export type IndicatorCategory = Indicator['category'];
export type IndicatorValue = Ok<'/api/v1/indicators/values', 'get', 200>[number];
export type ImportSession = Ok<'/api/v1/registry/imports/{id}', 'get', 200>;
export type ImportKind = ImportSession['kind'];
export type ImportStatus = ImportSession['status'];
export type ImportRowError = Ok<'/api/v1/registry/imports/{id}/errors', 'get', 200>['items'][number];
export type ImportChange = Ok<'/api/v1/registry/imports/{id}/changes', 'get', 200>['items'][number];
export type OfficialValueBody = paths['/api/v1/indicators/{code}/values']['put']['requestBody']['content']['application/json'];

export const ROLES = ['admin', 'officer', 'applicant', 'expert', 'facility_manager', 'auditor'] as const satisfies readonly Role[];
export const USER_STATUSES = ['active', 'invited', 'disabled'] as const satisfies readonly UserStatus[];
export const ORGANIZATION_TYPES = [
  'enterprise',
  'university',
  'institute',
  'national_lab',
  'new_rd_institute',
  'hospital',
  'platform',
  'investor',
] as const satisfies readonly OrganizationType[];
export const PRIORITY_FIELDS = [
  'next_gen_it',
  'new_materials',
  'clean_energy',
  'pharma_health',
  'brain_science',
  'quantum',
  'blockchain',
  'ai',
] as const satisfies readonly PriorityField[];
export const QUALIFICATION_KINDS = [
  'high_tech',
  'srdi_municipal',
  'srdi_little_giant',
  'tech_sme',
  'unicorn',
  'potential_unicorn',
  'listed',
] as const satisfies readonly QualificationKind[];
export const ORGANIZATION_SORTS = ['relevance', 'name', 'founded', 'created'] as const satisfies readonly OrganizationSort[];
export const DASHBOARD_CHARTS = ['cards', 'trends', 'zones', 'qualifications', 'map'] as const satisfies readonly DashboardChart[];
export const INDICATOR_KINDS = ['computed', 'official'] as const satisfies readonly IndicatorKind[];
export const INDICATOR_CATEGORIES = ['innovation', 'qualification', 'industry', 'funds', 'economy'] as const satisfies readonly IndicatorCategory[];
export const IMPORT_KINDS = ['organizations', 'qualifications', 'figures'] as const satisfies readonly ImportKind[];
export const JOB_STATUSES = ['queued', 'running', 'succeeded', 'failed'] as const satisfies readonly JobStatus[];

/** Compile-time proof that the lists above name every member of the API's enums. */
type Exhaustive<All, Listed extends readonly unknown[]> = [All] extends [Listed[number]] ? true : never;
export const _exhaustive: [
  Exhaustive<Role, typeof ROLES>,
  Exhaustive<UserStatus, typeof USER_STATUSES>,
  Exhaustive<OrganizationType, typeof ORGANIZATION_TYPES>,
  Exhaustive<JobStatus, typeof JOB_STATUSES>,
  Exhaustive<PriorityField, typeof PRIORITY_FIELDS>,
  Exhaustive<QualificationKind, typeof QUALIFICATION_KINDS>,
  Exhaustive<OrganizationSort, typeof ORGANIZATION_SORTS>,
  Exhaustive<DashboardChart, typeof DASHBOARD_CHARTS>,
  Exhaustive<IndicatorKind, typeof INDICATOR_KINDS>,
  Exhaustive<IndicatorCategory, typeof INDICATOR_CATEGORIES>,
  Exhaustive<ImportKind, typeof IMPORT_KINDS>,
] = [true, true, true, true, true, true, true, true, true, true, true];
