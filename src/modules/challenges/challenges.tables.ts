import { sql } from 'drizzle-orm';
import { bigint, check, date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { tenants, users } from '../../platform/auth/auth.tables.ts';
import { organizationsTable as organizations } from '../registry/index.ts';

// ---- vocabulary ---------------------------------------------------------------------------

export const DEMAND_STATUSES = ['submitted', 'accepted', 'rejected', 'merged', 'converted'] as const;
export type DemandStatus = (typeof DEMAND_STATUSES)[number];

/**
 * draft → pending_approval → approved → published (applications open until the deadline, then the
 * formal check) → review → notice (公示) → awarded; or → not_awarded (流榜) from review; cancelled
 * from anything before review.
 */
export const CHALLENGE_STATUSES = ['draft', 'pending_approval', 'approved', 'published', 'review', 'notice', 'awarded', 'not_awarded', 'cancelled'] as const;
export type ChallengeStatus = (typeof CHALLENGE_STATUSES)[number];

export const FUNDING_MODES = ['before_delivery', 'after_delivery'] as const;
export type FundingMode = (typeof FUNDING_MODES)[number];

export const APPLICATION_STATUSES = ['draft', 'submitted', 'returned', 'accepted', 'rejected', 'withdrawn'] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

/** The budget categories of Chinese central-government research funds (设备费, 业务费 items, 劳务费, 专家咨询费, 间接费用). */
export const BUDGET_CATEGORIES = ['equipment', 'materials', 'testing', 'fuel_power', 'publication_ip', 'travel_meeting', 'labour', 'expert_consulting', 'indirect', 'other'] as const;
export type BudgetCategory = (typeof BUDGET_CATEGORIES)[number];

export interface ChallengeTarget {
  indicator: string;
  target: string;
  unit: string;
  verification: string;
}

export interface Eligibility {
  /** Empty: any zone. A zone includes its descendants. */
  zoneIds: string[];
  /** Empty: any organisation type. */
  organizationTypes: string[];
  /** Empty: none required; otherwise at least one of them valid on the day of submission. */
  qualifications: string[];
  consortiumAllowed: boolean;
}

export interface Contact {
  name: string;
  phone: string;
  email: string;
}

/** The terms of a challenge: what a version freezes. */
export interface ChallengeTerms {
  title: string;
  titleEn: string | null;
  field: string;
  problem: string;
  targets: ChallengeTarget[];
  budgetCapFen: number;
  fundingMode: FundingMode;
  durationMonths: number;
  /** How many teams may be awarded: 1, or more for a horse race (赛马). */
  maxAwards: number;
  eligibility: Eligibility;
  /** ISO instant (UTC) after which no application is accepted. */
  deadline: string;
  contact: Contact;
  attachmentIds: string[];
}

export interface TeamMember {
  name: string;
  role: string;
  title: string | null;
  organization: string | null;
}

export interface Partner {
  organizationId: string | null;
  name: string;
  creditCode: string | null;
  role: string;
}

export interface BudgetLine {
  category: BudgetCategory;
  amountFen: number;
  note: string | null;
}

export interface Milestone {
  title: string;
  /** Months after the contract starts. */
  month: number;
  deliverable: string;
}

export interface ApplicationContent {
  title: string;
  summary: string;
  keywords: string[];
  pi: { name: string; title: string | null; phone: string | null; email: string | null; personId: string | null };
  team: TeamMember[];
  partners: Partner[];
  technicalRoute: string;
  budget: BudgetLine[];
  milestones: Milestone[];
  attachmentIds: string[];
  /** The integrity pledge (承诺书 / 军令状): who signed it, when. */
  pledge: { signatory: string; acceptedAt: string } | null;
}

export interface Decision {
  kind: 'award' | 'no_award';
  applicationIds: string[];
  reason: string;
  decidedBy: string;
  decidedAt: string;
}

// ---- tables -------------------------------------------------------------------------------

/** 需求征集: a technical need submitted by an enterprise or institute. */
export const demands = pgTable(
  'demands',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id').notNull().references(() => tenants.id),
    organizationId: uuid('organization_id').notNull().references(() => organizations.id),
    submittedBy: uuid('submitted_by').notNull().references(() => users.id),
    title: text('title').notNull(),
    field: text('field').notNull(),
    description: text('description').notNull(),
    expectedTargets: text('expected_targets').notNull().default(''),
    budgetExpectationFen: bigint('budget_expectation_fen', { mode: 'number' }),
    status: text('status').$type<DemandStatus>().notNull().default('submitted'),
    mergedIntoId: uuid('merged_into_id'),
    challengeId: uuid('challenge_id'),
    reviewNote: text('review_note'),
    reviewedBy: uuid('reviewed_by').references(() => users.id),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('demands_tenant_status_idx').on(t.tenantId, t.status, t.createdAt),
    index('demands_org_idx').on(t.organizationId),
    check('demands_budget_nonneg', sql`${t.budgetExpectationFen} is null or ${t.budgetExpectationFen} >= 0`),
  ],
);

/** 榜单: a batch of challenges published together. */
export const challengeBatches = pgTable(
  'challenge_batches',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id').notNull().references(() => tenants.id),
    code: text('code').notNull(),
    title: text('title').notNull(),
    titleEn: text('title_en'),
    description: text('description').notNull().default(''),
    status: text('status').$type<'draft' | 'published'>().notNull().default('draft'),
    createdBy: uuid('created_by').notNull().references(() => users.id),
    publishedBy: uuid('published_by').references(() => users.id),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('challenge_batches_code_uq').on(t.tenantId, t.code)],
);

export const challenges = pgTable(
  'challenges',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id').notNull().references(() => tenants.id),
    code: text('code').notNull(),
    batchId: uuid('batch_id').references(() => challengeBatches.id),
    status: text('status').$type<ChallengeStatus>().notNull().default('draft'),
    /** The current terms (the latest version); earlier versions live in challenge_versions. */
    terms: jsonb('terms').$type<ChallengeTerms>().notNull(),
    version: integer('version').notNull().default(1),
    // Copies of terms used to filter and sort lists.
    title: text('title').notNull(),
    field: text('field').notNull(),
    budgetCapFen: bigint('budget_cap_fen', { mode: 'number' }).notNull(),
    deadline: timestamp('deadline', { withTimezone: true }).notNull(),
    zoneIds: uuid('zone_ids').array().notNull().default(sql`'{}'::uuid[]`),
    createdBy: uuid('created_by').notNull().references(() => users.id),
    submittedBy: uuid('submitted_by').references(() => users.id),
    approvedBy: uuid('approved_by').references(() => users.id),
    approvedAt: timestamp('approved_at', { withTimezone: true }),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    reviewOpenedAt: timestamp('review_opened_at', { withTimezone: true }),
    reviewClosedAt: timestamp('review_closed_at', { withTimezone: true }),
    decision: jsonb('decision').$type<Decision>(),
    cancelReason: text('cancel_reason'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('challenges_code_uq').on(t.tenantId, t.code),
    index('challenges_tenant_status_idx').on(t.tenantId, t.status, t.deadline),
    index('challenges_batch_idx').on(t.batchId),
    check('challenges_budget_nonneg', sql`${t.budgetCapFen} >= 0`),
  ],
);

/** Every version of a challenge's terms; a correction after publication is a new row with its reason. */
export const challengeVersions = pgTable(
  'challenge_versions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    challengeId: uuid('challenge_id').notNull().references(() => challenges.id),
    version: integer('version').notNull(),
    terms: jsonb('terms').$type<ChallengeTerms>().notNull(),
    reason: text('reason'),
    changedFields: text('changed_fields').array().notNull().default(sql`'{}'::text[]`),
    createdBy: uuid('created_by').notNull().references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('challenge_versions_uq').on(t.challengeId, t.version)],
);

export const applications = pgTable(
  'applications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id').notNull().references(() => tenants.id),
    challengeId: uuid('challenge_id').notNull().references(() => challenges.id),
    organizationId: uuid('organization_id').notNull().references(() => organizations.id),
    code: text('code').notNull(),
    status: text('status').$type<ApplicationStatus>().notNull().default('draft'),
    content: jsonb('content').$type<ApplicationContent>().notNull(),
    budgetTotalFen: bigint('budget_total_fen', { mode: 'number' }).notNull().default(0),
    /** Submitted versions so far; 0 while never submitted. */
    version: integer('version').notNull().default(0),
    /** The challenge version the applicant last submitted against. */
    challengeVersion: integer('challenge_version'),
    createdBy: uuid('created_by').notNull().references(() => users.id),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    checkReason: text('check_reason'),
    correctionDueAt: timestamp('correction_due_at', { withTimezone: true }),
    checkedBy: uuid('checked_by').references(() => users.id),
    checkedAt: timestamp('checked_at', { withTimezone: true }),
    /** Committee score in hundredths (0–10000 for 0–100.00), entered by an officer in the review stage. */
    scoreCenti: integer('score_centi'),
    scoreComment: text('score_comment'),
    outcome: text('outcome').$type<'awarded' | 'not_awarded'>(),
    withdrawnAt: timestamp('withdrawn_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // One active application per organisation per challenge.
    uniqueIndex('applications_one_active_uq').on(t.challengeId, t.organizationId).where(sql`status <> 'withdrawn'`),
    uniqueIndex('applications_code_uq').on(t.tenantId, t.code),
    index('applications_org_idx').on(t.tenantId, t.organizationId, t.updatedAt),
    index('applications_challenge_idx').on(t.challengeId, t.status),
    check('applications_score_range', sql`${t.scoreCenti} is null or (${t.scoreCenti} between 0 and 10000)`),
    check('applications_budget_nonneg', sql`${t.budgetTotalFen} >= 0`),
  ],
);

/** What was submitted, each time: formal-check returns and resubmissions keep every version. */
export const applicationVersions = pgTable(
  'application_versions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    applicationId: uuid('application_id').notNull().references(() => applications.id),
    version: integer('version').notNull(),
    content: jsonb('content').$type<ApplicationContent>().notNull(),
    challengeVersion: integer('challenge_version').notNull(),
    submittedBy: uuid('submitted_by').notNull().references(() => users.id),
    submittedAt: timestamp('submitted_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('application_versions_uq').on(t.applicationId, t.version)],
);

/** 答辩: a defence session of the review stage. */
export const defenceSessions = pgTable(
  'defence_sessions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id').notNull().references(() => tenants.id),
    challengeId: uuid('challenge_id').notNull().references(() => challenges.id),
    heldAt: timestamp('held_at', { withTimezone: true }).notNull(),
    location: text('location').notNull(),
    panel: text('panel').array().notNull().default(sql`'{}'::text[]`),
    applicationIds: uuid('application_ids').array().notNull().default(sql`'{}'::uuid[]`),
    notes: text('notes').notNull().default(''),
    recordedBy: uuid('recorded_by').notNull().references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('defence_sessions_challenge_idx').on(t.challengeId)],
);

/** 公示: the decision published for a period of Chinese working days. */
export const notices = pgTable(
  'notices',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id').notNull().references(() => tenants.id),
    challengeId: uuid('challenge_id').notNull().references(() => challenges.id),
    decision: jsonb('decision').$type<Decision>().notNull(),
    workingDays: integer('working_days').notNull(),
    startsOn: date('starts_on', { mode: 'string' }).notNull(),
    endsOn: date('ends_on', { mode: 'string' }).notNull(),
    /** The end of the last working day in Asia/Shanghai, as an instant. */
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    status: text('status').$type<'open' | 'closed' | 'revoked'>().notNull().default('open'),
    publishedBy: uuid('published_by').notNull().references(() => users.id),
    publishedAt: timestamp('published_at', { withTimezone: true }).notNull(),
    closedBy: uuid('closed_by').references(() => users.id),
    closedAt: timestamp('closed_at', { withTimezone: true }),
  },
  (t) => [
    index('notices_challenge_idx').on(t.challengeId),
    uniqueIndex('notices_one_open_uq').on(t.challengeId).where(sql`status = 'open'`),
    check('notices_working_days', sql`${t.workingDays} between 1 and 30`),
  ],
);

/** 异议: anyone may object during the notice period; an officer answers each before the notice closes. */
export const objections = pgTable(
  'objections',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id').notNull().references(() => tenants.id),
    noticeId: uuid('notice_id').notNull().references(() => notices.id),
    name: text('name').notNull(),
    organization: text('organization'),
    phone: text('phone'),
    email: text('email'),
    content: text('content').notNull(),
    status: text('status').$type<'open' | 'answered'>().notNull().default('open'),
    outcome: text('outcome').$type<'dismissed' | 'upheld'>(),
    answer: text('answer'),
    answeredBy: uuid('answered_by').references(() => users.id),
    answeredAt: timestamp('answered_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('objections_notice_idx').on(t.noticeId, t.status)],
);

// The task contracts (挂帅) an award creates are the contracts module's (contracts.tables.ts).
