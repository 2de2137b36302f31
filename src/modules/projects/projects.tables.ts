import { sql } from 'drizzle-orm';
import { bigint, boolean, check, date, doublePrecision, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { tenants, users } from '../../platform/auth/auth.tables.ts';
import { organizationsTable as organizations } from '../registry/index.ts';

// ---- vocabulary ---------------------------------------------------------------------------

/** Red / amber / green, and done when every milestone is done and every KPI met. */
export const PROJECT_STATUSES = ['red', 'amber', 'green', 'done'] as const;
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];

export const PROJECT_CATEGORIES = ['construction', 'platform', 'research', 'industry', 'talent', 'service'] as const;
export type ProjectCategory = (typeof PROJECT_CATEGORIES)[number];

/** computed: the rules changed the status; override / override_cleared: an officer, with a reason. */
export const HISTORY_SOURCES = ['computed', 'override', 'override_cleared'] as const;
export type HistorySource = (typeof HISTORY_SOURCES)[number];

/** What a baseline keeps of one item: the plan (dates and targets), matched later by item code and names. */
export interface BaselineItem {
  code: string;
  name: string;
  startDate: string;
  endDate: string;
  milestones: { name: string; plannedDate: string }[];
  kpis: { name: string; unit: string; target: number; dueDate: string }[];
}

// ---- tables -------------------------------------------------------------------------------

/** 重点项目清单: one list of key items (e.g. a district's major science projects of a year). */
export const projectLists = pgTable(
  'project_lists',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id').notNull().references(() => tenants.id),
    nameZh: text('name_zh').notNull(),
    nameEn: text('name_en').notNull().default(''),
    ownerOffice: text('owner_office').notNull().default(''),
    year: integer('year').notNull(),
    description: text('description').notNull().default(''),
    published: boolean('published').notNull().default(false),
    /** The public page's address (/public/projects/<slug>); kept when unpublished so links come back. */
    publicSlug: text('public_slug'),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    /** The Shanghai date the items' computed statuses were last evaluated for. */
    statusAsOf: date('status_as_of', { mode: 'string' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('project_lists_slug_uq').on(t.tenantId, t.publicSlug).where(sql`public_slug is not null`),
    index('project_lists_tenant_year_idx').on(t.tenantId, t.year),
    check('project_lists_year', sql`${t.year} between 2000 and 2100`),
  ],
);

/** One key item of a list, with its responsible unit and person; milestones and KPIs are its children. */
export const projectItems = pgTable(
  'project_items',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id').notNull().references(() => tenants.id),
    listId: uuid('list_id').notNull().references(() => projectLists.id),
    code: text('code').notNull(),
    name: text('name').notNull(),
    nameEn: text('name_en').notNull().default(''),
    category: text('category').$type<ProjectCategory>().notNull(),
    responsibleOrgId: uuid('responsible_org_id').references(() => organizations.id),
    responsibleUnit: text('responsible_unit').notNull(),
    responsiblePerson: text('responsible_person').notNull(),
    /** For officers only; never shown on the public page. */
    contactPhone: text('contact_phone'),
    startDate: date('start_date', { mode: 'string' }).notNull(),
    endDate: date('end_date', { mode: 'string' }).notNull(),
    budgetFen: bigint('budget_fen', { mode: 'bigint' }),
    description: text('description').notNull().default(''),
    computedStatus: text('computed_status').$type<ProjectStatus>().notNull(),
    overrideStatus: text('override_status').$type<ProjectStatus>(),
    overrideReason: text('override_reason'),
    overrideBy: uuid('override_by').references(() => users.id),
    overrideByLabel: text('override_by_label'),
    overrideAt: timestamp('override_at', { withTimezone: true }),
    /** Effective status: the override when there is one, else the computed one (kept for filtering and sorting). */
    status: text('status').$type<ProjectStatus>().notNull(),
    /** Days the most overdue open milestone is late (0 when none), for the overdue filter and sort. */
    overdueDays: integer('overdue_days').notNull().default(0),
    nextDueDate: date('next_due_date', { mode: 'string' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('project_items_code_uq').on(t.listId, t.code),
    index('project_items_list_status_idx').on(t.tenantId, t.listId, t.status),
    check('project_items_dates', sql`${t.endDate} >= ${t.startDate}`),
    check('project_items_override_reason', sql`${t.overrideStatus} is null or length(trim(${t.overrideReason})) > 0`),
    check('project_items_budget', sql`${t.budgetFen} is null or ${t.budgetFen} >= 0`),
  ],
);

export const projectMilestones = pgTable(
  'project_milestones',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    itemId: uuid('item_id').notNull().references(() => projectItems.id),
    position: integer('position').notNull(),
    name: text('name').notNull(),
    plannedDate: date('planned_date', { mode: 'string' }).notNull(),
    actualDate: date('actual_date', { mode: 'string' }),
  },
  (t) => [index('project_milestones_item_idx').on(t.itemId), uniqueIndex('project_milestones_name_uq').on(t.itemId, t.name)],
);

/** A KPI: start value → target by the due date; direction follows (target below start: lower is better). */
export const projectKpis = pgTable(
  'project_kpis',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    itemId: uuid('item_id').notNull().references(() => projectItems.id),
    position: integer('position').notNull(),
    name: text('name').notNull(),
    unit: text('unit').notNull().default(''),
    startValue: doublePrecision('start_value').notNull().default(0),
    target: doublePrecision('target').notNull(),
    actual: doublePrecision('actual'),
    dueDate: date('due_date', { mode: 'string' }).notNull(),
  },
  (t) => [index('project_kpis_item_idx').on(t.itemId), uniqueIndex('project_kpis_name_uq').on(t.itemId, t.name)],
);

/** Every change of an item's status: by the rules (computed) or by an officer with a reason. */
export const projectStatusHistory = pgTable(
  'project_status_history',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Order of writing: several changes can share one clock instant (one command, one transaction). */
    seq: bigint('seq', { mode: 'number' }).generatedAlwaysAsIdentity().notNull(),
    tenantId: uuid('tenant_id').notNull().references(() => tenants.id),
    itemId: uuid('item_id').notNull().references(() => projectItems.id),
    source: text('source').$type<HistorySource>().notNull(),
    fromStatus: text('from_status').$type<ProjectStatus>(),
    toStatus: text('to_status').$type<ProjectStatus>().notNull(),
    computedStatus: text('computed_status').$type<ProjectStatus>().notNull(),
    reason: text('reason'),
    actorUserId: uuid('actor_user_id').references(() => users.id),
    actorLabel: text('actor_label').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('project_status_history_item_idx').on(t.itemId, t.seq),
    check('project_status_history_reason', sql`${t.source} <> 'override' or length(trim(${t.reason})) > 0`),
  ],
);

/** A named snapshot of a list's plan, to compare the plan then with the plan now. */
export const projectBaselines = pgTable(
  'project_baselines',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id').notNull().references(() => tenants.id),
    listId: uuid('list_id').notNull().references(() => projectLists.id),
    name: text('name').notNull(),
    note: text('note').notNull().default(''),
    items: jsonb('items').$type<BaselineItem[]>().notNull(),
    createdBy: uuid('created_by').references(() => users.id),
    createdByLabel: text('created_by_label').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('project_baselines_name_uq').on(t.listId, t.name)],
);
