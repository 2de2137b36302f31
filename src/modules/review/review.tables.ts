import { sql } from 'drizzle-orm';
import { boolean, check, doublePrecision, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { tenants, users } from '../../platform/auth/auth.tables.ts';

// ---- vocabulary ---------------------------------------------------------------------------

/** What a round reviews: the applications of a challenge in its review stage, or the racing teams at a race gate. */
export const SUBJECT_TYPES = ['challenge', 'race_gate'] as const;
export type SubjectType = (typeof SUBJECT_TYPES)[number];

/**
 * draft (criteria, panel and assignment are set up) → open (experts score) → closed (no more scoring,
 * results final) → adopted (the results became the subject's scores). A draft round may be cancelled.
 */
export const ROUND_STATUSES = ['draft', 'open', 'closed', 'adopted', 'cancelled'] as const;
export type RoundStatus = (typeof ROUND_STATUSES)[number];

/** single: experts see who applied; double: the applicant's identity is hidden from experts. Applicants never see experts. */
export const BLIND_MODES = ['single', 'double'] as const;
export type BlindMode = (typeof BLIND_MODES)[number];

/** Which aggregate ranks the applications. */
export const RANK_BY = ['mean', 'trimmed', 'calibrated'] as const;
export type RankBy = (typeof RANK_BY)[number];

export const PANEL_SOURCES = ['manual', 'draw'] as const;
export type PanelSource = (typeof PANEL_SOURCES)[number];

export const ASSIGNMENT_SOURCES = ['solver', 'manual', 'draw'] as const;
export type AssignmentSource = (typeof ASSIGNMENT_SOURCES)[number];

export const SHEET_STATUSES = ['draft', 'submitted'] as const;
export type SheetStatus = (typeof SHEET_STATUSES)[number];

export const DRAW_MODES = ['panel', 'per_item'] as const;
export type DrawMode = (typeof DRAW_MODES)[number];

/** One scoring criterion; a sheet scores each from 0 to scaleMax (integers or halves, see the rules). */
export interface Criterion {
  key: string;
  nameZh: string;
  nameEn: string;
  /** Relative weight, a positive integer; weights are normalised so totals run 0–100. */
  weight: number;
  scaleMax: number;
  guidanceZh?: string;
  guidanceEn?: string;
  /** A comment is required on this criterion. */
  commentRequired?: boolean;
}

/** What the last assignment run found, shown to officers. */
export interface AssignmentRun {
  method: 'optimal' | 'draw';
  objective: number;
  minItemTotal: number | null;
  pairs: number;
  ms: number;
  ranAt: string;
  certificate?: { optimal: boolean; minReducedCost: number };
  drawId?: string;
}

// ---- tables -------------------------------------------------------------------------------

/** 评审轮次: one round of expert review of a subject's items (a challenge's applications). */
export const reviewRounds = pgTable(
  'review_rounds',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id').notNull().references(() => tenants.id),
    subjectType: text('subject_type').$type<SubjectType>().notNull(),
    subjectId: uuid('subject_id').notNull(),
    name: text('name').notNull(),
    status: text('status').$type<RoundStatus>().notNull().default('draft'),
    blind: text('blind').$type<BlindMode>().notNull().default('double'),
    criteria: jsonb('criteria').$type<Criterion[]>().notNull(),
    /** An overall comment is required on every sheet. */
    commentRequired: boolean('comment_required').notNull().default(true),
    /** k: experts per item. */
    expertsPerItem: integer('experts_per_item').notNull().default(3),
    /** Fewest items per panel expert (0: none); a panel member's own max load is their profile's unless overridden. */
    minLoad: integer('min_load').notNull().default(0),
    /** At most one expert of any one organisation per item. */
    onePerOrganization: boolean('one_per_organization').notNull().default(true),
    rankBy: text('rank_by').$type<RankBy>().notNull().default('trimmed'),
    /** Flag an item for discussion when its experts' totals spread (max − min) by at least this, in hundredths of a point on 0–100. */
    disagreementCenti: integer('disagreement_centi').notNull().default(2000),
    deadline: timestamp('deadline', { withTimezone: true }).notNull(),
    lastRun: jsonb('last_run').$type<AssignmentRun>(),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    openedAt: timestamp('opened_at', { withTimezone: true }),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    adoptedAt: timestamp('adopted_at', { withTimezone: true }),
    adoptedBy: uuid('adopted_by').references(() => users.id),
  },
  (t) => [
    index('review_rounds_subject_idx').on(t.tenantId, t.subjectType, t.subjectId),
    // One live round per subject at a time; closed/adopted/cancelled rounds stay as history.
    uniqueIndex('review_rounds_live_uq').on(t.tenantId, t.subjectType, t.subjectId).where(sql`status in ('draft', 'open')`),
    check('review_rounds_k', sql`${t.expertsPerItem} between 1 and 50`),
    check('review_rounds_min_load', sql`${t.minLoad} between 0 and 1000`),
    check('review_rounds_disagreement', sql`${t.disagreementCenti} between 0 and 10000`),
  ],
);

/** The items a round reviews, fixed when the round is created (the challenge's accepted applications). */
export const reviewItems = pgTable(
  'review_items',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id').notNull().references(() => tenants.id),
    roundId: uuid('round_id').notNull().references(() => reviewRounds.id),
    itemId: uuid('item_id').notNull(),
    code: text('code').notNull(),
    position: integer('position').notNull(),
  },
  (t) => [uniqueIndex('review_items_uq').on(t.roundId, t.itemId)],
);

/** 专家组: the experts of a round's panel, added by hand or drawn. */
export const reviewPanel = pgTable(
  'review_panel',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id').notNull().references(() => tenants.id),
    roundId: uuid('round_id').notNull().references(() => reviewRounds.id),
    expertId: uuid('expert_id').notNull(),
    /** Overrides the expert's own max load for this round. */
    maxLoad: integer('max_load'),
    source: text('source').$type<PanelSource>().notNull().default('manual'),
    drawId: uuid('draw_id'),
    addedBy: uuid('added_by').references(() => users.id),
    addedAt: timestamp('added_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('review_panel_uq').on(t.roundId, t.expertId), check('review_panel_max_load', sql`${t.maxLoad} is null or ${t.maxLoad} between 0 and 1000`)],
);

/** Who reviews what. A replaced pair is deleted (the audit trail keeps the swap). */
export const reviewAssignments = pgTable(
  'review_assignments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id').notNull().references(() => tenants.id),
    roundId: uuid('round_id').notNull().references(() => reviewRounds.id),
    itemId: uuid('item_id').notNull(),
    expertId: uuid('expert_id').notNull(),
    affinity: doublePrecision('affinity').notNull().default(0),
    source: text('source').$type<AssignmentSource>().notNull(),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('review_assignments_uq').on(t.roundId, t.itemId, t.expertId),
    index('review_assignments_expert_idx').on(t.tenantId, t.expertId),
  ],
);

/** 评分表: one expert's scores for one assignment; submitted sheets are locked. */
export const reviewSheets = pgTable(
  'review_sheets',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id').notNull().references(() => tenants.id),
    roundId: uuid('round_id').notNull().references(() => reviewRounds.id),
    assignmentId: uuid('assignment_id').notNull().references(() => reviewAssignments.id),
    itemId: uuid('item_id').notNull(),
    expertId: uuid('expert_id').notNull(),
    /** Criterion key → score (0–scaleMax). Partial while a draft. */
    scores: jsonb('scores').$type<Record<string, number>>().notNull().default(sql`'{}'::jsonb`),
    /** Criterion key → comment. */
    comments: jsonb('comments').$type<Record<string, string>>().notNull().default(sql`'{}'::jsonb`),
    overallComment: text('overall_comment').notNull().default(''),
    status: text('status').$type<SheetStatus>().notNull().default('draft'),
    /** Weighted total in hundredths of a point (0–10000), set on submit. */
    totalCenti: integer('total_centi'),
    savedAt: timestamp('saved_at', { withTimezone: true }).notNull().defaultNow(),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    /** An officer sent a submitted sheet back for revision, with this reason. */
    returnedReason: text('returned_reason'),
  },
  (t) => [
    uniqueIndex('review_sheets_assignment_uq').on(t.assignmentId),
    index('review_sheets_round_idx').on(t.roundId),
    check('review_sheets_total', sql`${t.totalCenti} is null or ${t.totalCenti} between 0 and 10000`),
  ],
);

/**
 * 随机抽取: a random draw, recorded so it can be re-run and checked — the seed, the algorithm, the
 * candidates in the order they were shuffled from and what was drawn.
 */
export const reviewDraws = pgTable(
  'review_draws',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id').notNull().references(() => tenants.id),
    roundId: uuid('round_id').notNull().references(() => reviewRounds.id),
    mode: text('mode').$type<DrawMode>().notNull(),
    seed: text('seed').notNull(),
    algorithm: text('algorithm').notNull(),
    params: jsonb('params').$type<Record<string, unknown>>().notNull(),
    candidates: jsonb('candidates').$type<unknown>().notNull(),
    result: jsonb('result').$type<unknown>().notNull(),
    drawnBy: uuid('drawn_by').references(() => users.id),
    drawnAt: timestamp('drawn_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('review_draws_round_idx').on(t.roundId)],
);

export type ReviewRoundRow = typeof reviewRounds.$inferSelect;
export type ReviewItemRow = typeof reviewItems.$inferSelect;
export type ReviewPanelRow = typeof reviewPanel.$inferSelect;
export type ReviewAssignmentRow = typeof reviewAssignments.$inferSelect;
export type ReviewSheetRow = typeof reviewSheets.$inferSelect;
export type ReviewDrawRow = typeof reviewDraws.$inferSelect;
