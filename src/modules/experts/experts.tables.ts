import { sql } from 'drizzle-orm';
import { check, date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { tenants, users } from '../../platform/auth/auth.tables.ts';
import { organizationsTable as organizations } from '../registry/index.ts';

// ---- vocabulary ---------------------------------------------------------------------------

export const AVAILABILITIES = ['available', 'unavailable'] as const;
export type Availability = (typeof AVAILABILITIES)[number];

/** Sort keys of the expert list; a leading '-' is descending. */
export const EXPERT_SORTS = ['name', '-name', 'organization', '-organization', 'maxLoad', '-maxLoad', 'updated', '-updated'] as const;
export type ExpertSort = (typeof EXPERT_SORTS)[number];

export const DECLARATION_KINDS = ['advisor', 'student', 'family', 'other'] as const;
export type DeclarationKind = (typeof DECLARATION_KINDS)[number];

/** Why an expert may not review an application (回避). */
export const CONFLICT_KINDS = ['same_organization', 'coauthor', 'team_member', 'consortium_partner', 'declared_relationship', 'officer'] as const;
export type ConflictKind = (typeof CONFLICT_KINDS)[number];

/** active → disputed → upheld | overturned; an officer may also resolve an active one directly. */
export const CONFLICT_STATUSES = ['active', 'disputed', 'upheld', 'overturned'] as const;
export type ConflictStatus = (typeof CONFLICT_STATUSES)[number];

export interface Coauthor {
  name: string;
  expertId: string | null;
}

// ---- tables -------------------------------------------------------------------------------

/** 专家库: one expert of the pool, optionally linked to a user account with the expert role. */
export const experts = pgTable(
  'experts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id').notNull().references(() => tenants.id),
    userId: uuid('user_id').references(() => users.id),
    name: text('name').notNull(),
    organizationId: uuid('organization_id').references(() => organizations.id),
    affiliation: text('affiliation').notNull().default(''),
    title: text('title').notNull().default(''),
    fields: text('fields').array().notNull().default(sql`'{}'::text[]`),
    keywords: text('keywords').array().notNull().default(sql`'{}'::text[]`),
    biography: text('biography').notNull().default(''),
    orcid: text('orcid'),
    availability: text('availability').$type<Availability>().notNull().default('available'),
    unavailableUntil: date('unavailable_until', { mode: 'string' }),
    maxLoad: integer('max_load').notNull().default(10),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('experts_user_uq').on(t.tenantId, t.userId).where(sql`user_id is not null`),
    index('experts_tenant_name_idx').on(t.tenantId, t.name),
    check('experts_max_load', sql`${t.maxLoad} between 0 and 1000`),
  ],
);

/** Where the expert worked, and when; an open end (to = null) is the present. */
export const expertAffiliations = pgTable(
  'expert_affiliations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    expertId: uuid('expert_id').notNull().references(() => experts.id),
    organizationId: uuid('organization_id').references(() => organizations.id),
    organizationName: text('organization_name').notNull(),
    fromDate: date('from_date', { mode: 'string' }).notNull(),
    toDate: date('to_date', { mode: 'string' }),
  },
  (t) => [index('expert_affiliations_expert_idx').on(t.expertId)],
);

export const expertPublications = pgTable(
  'expert_publications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    expertId: uuid('expert_id').notNull().references(() => experts.id),
    title: text('title').notNull(),
    year: integer('year').notNull(),
    coauthors: jsonb('coauthors').$type<Coauthor[]>().notNull().default(sql`'[]'::jsonb`),
  },
  (t) => [index('expert_publications_expert_idx').on(t.expertId)],
);

/** Relationships the expert declares (advisor, student, family, other) with a person and/or an organisation. */
export const expertDeclarations = pgTable(
  'expert_declarations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    expertId: uuid('expert_id').notNull().references(() => experts.id),
    kind: text('kind').$type<DeclarationKind>().notNull(),
    personName: text('person_name'),
    organizationId: uuid('organization_id').references(() => organizations.id),
    organizationName: text('organization_name'),
    note: text('note').notNull().default(''),
  },
  (t) => [index('expert_declarations_expert_idx').on(t.expertId)],
);

/**
 * Recorded conflicts of interest: detected ones an officer recorded (key = the rule's evidence key,
 * so a detection is recorded once) and ones an officer added. Disputes and resolutions live here.
 */
export const expertConflicts = pgTable(
  'expert_conflicts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id').notNull().references(() => tenants.id),
    expertId: uuid('expert_id').notNull().references(() => experts.id),
    applicationId: uuid('application_id').notNull(),
    kind: text('kind').$type<ConflictKind>().notNull(),
    key: text('key').notNull(),
    reasonZh: text('reason_zh').notNull(),
    reasonEn: text('reason_en').notNull(),
    evidence: jsonb('evidence').$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
    status: text('status').$type<ConflictStatus>().notNull().default('active'),
    disputeReason: text('dispute_reason'),
    disputedBy: uuid('disputed_by').references(() => users.id),
    resolutionReason: text('resolution_reason'),
    resolvedBy: uuid('resolved_by').references(() => users.id),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('expert_conflicts_key_uq').on(t.tenantId, t.expertId, t.applicationId, t.key),
    index('expert_conflicts_application_idx').on(t.tenantId, t.applicationId),
  ],
);
