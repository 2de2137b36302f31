import { sql } from 'drizzle-orm';
import { bigint, boolean, check, date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { tenants, users } from '../../platform/auth/auth.tables.ts';
import { organizationsTable as organizations } from '../registry/index.ts';

// ---- vocabulary ---------------------------------------------------------------------------

/** pending (awaiting both confirmations) → active → completed; terminated is reserved for the horse race. */
export const CONTRACT_STATUSES = ['pending', 'active', 'completed', 'terminated'] as const;
export type ContractStatus = (typeof CONTRACT_STATUSES)[number];

export const CONTRACT_FUNDING_MODES = ['before_delivery', 'after_delivery'] as const;
export type ContractFundingMode = (typeof CONTRACT_FUNDING_MODES)[number];

export const MILESTONE_STATUSES = ['planned', 'submitted', 'accepted', 'returned', 'overdue'] as const;
export type MilestoneStatus = (typeof MILESTONE_STATUSES)[number];

export const TRANCHE_TRIGGERS = ['signing', 'milestone', 'acceptance'] as const;
export type TrancheTrigger = (typeof TRANCHE_TRIGGERS)[number];

export const CONFIRMATION_SIDES = ['organization', 'office'] as const;
export type ConfirmationSide = (typeof CONFIRMATION_SIDES)[number];

/** The reminders a milestone gets, each once: a week before, a day before, and when it becomes overdue. */
export const MILESTONE_REMINDERS = ['before_7', 'before_1', 'overdue'] as const;
export type MilestoneReminder = (typeof MILESTONE_REMINDERS)[number];

export interface ContractTarget {
  indicator: string;
  target: string;
  unit: string;
  verification: string;
}

export interface ContractPerson {
  name: string;
  title: string | null;
  phone: string | null;
  email: string | null;
}

export interface ContractTeamMember {
  name: string;
  role: string;
  title: string | null;
  organization: string | null;
}

/** What a milestone must be evidenced with: a file (report, certificate) or a figure against the targets. */
export interface EvidenceRequirement {
  label: string;
  kind: 'file' | 'figure';
}

export interface MilestoneTerms {
  seq: number;
  title: string;
  deliverable: string;
  dueOn: string;
  evidence: EvidenceRequirement[];
  /** A shared gate of a horse race (several contracts of one challenge reviewed together); null for now. */
  gateId: string | null;
}

export interface TrancheTerms {
  seq: number;
  amountFen: number;
  trigger: TrancheTrigger;
  /** For trigger 'milestone': the milestone (by seq) whose acceptance releases it. */
  milestoneSeq: number | null;
  dueOn: string;
}

/** What both sides confirm and a change request changes; every version keeps a copy. */
export interface ContractTerms {
  totalFen: number;
  targets: ContractTarget[];
  lead: ContractPerson;
  team: ContractTeamMember[];
  milestones: MilestoneTerms[];
  tranches: TrancheTerms[];
}

export interface FieldChange {
  path: string;
  before: unknown;
  after: unknown;
}

/** A figure reported against a target of the contract (by index into its targets). */
export interface TargetFigure {
  target: number;
  value: string;
  note: string | null;
}

/** One piece of milestone evidence: which requirement it answers, with a file or a figure. */
export interface EvidenceItem {
  requirement: number;
  attachmentId: string | null;
  value: string | null;
}

/** The milestones of the awarded application, as they were at the award (the living ones are rows). */
export interface AwardedMilestone {
  title: string;
  month: number;
  deliverable: string;
}

// ---- tables -------------------------------------------------------------------------------

/**
 * 任务书: the task contract of an awarded team (挂帅). `released_fen` is the running total of the
 * ledger, kept in the same transaction as each entry; its CHECK is the database's own guard that
 * nothing is released beyond the contract's budget. challenge_id and application_id name the award
 * that created it; the challenges module owns those rows, so they carry no foreign key from here.
 */
export const contracts = pgTable(
  'contracts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id').notNull().references(() => tenants.id),
    code: text('code').notNull(),
    challengeId: uuid('challenge_id').notNull(),
    applicationId: uuid('application_id').notNull(),
    organizationId: uuid('organization_id').notNull().references(() => organizations.id),
    title: text('title').notNull().default(''),
    totalFen: bigint('total_fen', { mode: 'number' }).notNull(),
    releasedFen: bigint('released_fen', { mode: 'number' }).notNull().default(0),
    targets: jsonb('targets').$type<ContractTarget[]>().notNull(),
    milestones: jsonb('milestones').$type<AwardedMilestone[]>().notNull(),
    lead: jsonb('lead').$type<ContractPerson>(),
    team: jsonb('team').$type<ContractTeamMember[]>().notNull().default(sql`'[]'::jsonb`),
    fundingMode: text('funding_mode').$type<ContractFundingMode>().notNull(),
    startsOn: date('starts_on', { mode: 'string' }).notNull(),
    endsOn: date('ends_on', { mode: 'string' }).notNull(),
    status: text('status').$type<ContractStatus>().notNull().default('pending'),
    version: integer('version').notNull().default(1),
    /** The officer who answers for the contract (the one who awarded it, until reassigned). */
    officerId: uuid('officer_id').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('contracts_code_uq').on(t.tenantId, t.code),
    uniqueIndex('contracts_application_uq').on(t.applicationId),
    index('contracts_org_idx').on(t.tenantId, t.organizationId),
    index('contracts_challenge_idx').on(t.tenantId, t.challengeId),
    check('contracts_total_nonneg', sql`${t.totalFen} >= 0`),
    check('contracts_released_within_total', sql`${t.releasedFen} >= 0 and ${t.releasedFen} <= ${t.totalFen}`),
  ],
);

/** Every version of the terms: version 1 at the award, then each draft amendment or approved change. */
export const contractVersions = pgTable(
  'contract_versions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id').notNull().references(() => tenants.id),
    contractId: uuid('contract_id').notNull().references(() => contracts.id),
    version: integer('version').notNull(),
    terms: jsonb('terms').$type<ContractTerms>().notNull(),
    changes: jsonb('changes').$type<FieldChange[]>().notNull().default(sql`'[]'::jsonb`),
    reason: text('reason'),
    changeRequestId: uuid('change_request_id'),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('contract_versions_uq').on(t.contractId, t.version)],
);

/** 双方确认: each side confirms one version; the contract runs once both confirmed the current one. */
export const contractConfirmations = pgTable(
  'contract_confirmations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id').notNull().references(() => tenants.id),
    contractId: uuid('contract_id').notNull().references(() => contracts.id),
    version: integer('version').notNull(),
    side: text('side').$type<ConfirmationSide>().notNull(),
    userId: uuid('user_id').notNull().references(() => users.id),
    confirmedAt: timestamp('confirmed_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('contract_confirmations_uq').on(t.contractId, t.version, t.side)],
);

/** 变更申请: a proposed new set of terms with its field diff, decided by an officer. */
export const contractChangeRequests = pgTable(
  'contract_change_requests',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id').notNull().references(() => tenants.id),
    contractId: uuid('contract_id').notNull().references(() => contracts.id),
    baseVersion: integer('base_version').notNull(),
    terms: jsonb('terms').$type<ContractTerms>().notNull(),
    changes: jsonb('changes').$type<FieldChange[]>().notNull(),
    reason: text('reason').notNull(),
    proposedBy: uuid('proposed_by').notNull().references(() => users.id),
    proposedSide: text('proposed_side').$type<ConfirmationSide>().notNull(),
    proposedAt: timestamp('proposed_at', { withTimezone: true }).notNull(),
    status: text('status').$type<'open' | 'approved' | 'refused'>().notNull().default('open'),
    decidedBy: uuid('decided_by').references(() => users.id),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    decisionReason: text('decision_reason'),
    appliedVersion: integer('applied_version'),
  },
  (t) => [
    index('contract_change_requests_contract_idx').on(t.contractId, t.proposedAt),
    uniqueIndex('contract_change_requests_one_open_uq').on(t.contractId).where(sql`status = 'open'`),
  ],
);

/** The living milestones of a contract: due dates, required evidence, status; gateId for a later horse race. */
export const contractMilestones = pgTable(
  'contract_milestones',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id').notNull().references(() => tenants.id),
    contractId: uuid('contract_id').notNull().references(() => contracts.id),
    seq: integer('seq').notNull(),
    title: text('title').notNull(),
    deliverable: text('deliverable').notNull(),
    evidence: jsonb('evidence').$type<EvidenceRequirement[]>().notNull(),
    dueOn: date('due_on', { mode: 'string' }).notNull(),
    gateId: uuid('gate_id'),
    /** When the race gate this milestone is bound to stopped taking evidence; evidence after it is refused. */
    gateClosedAt: timestamp('gate_closed_at', { withTimezone: true }),
    status: text('status').$type<MilestoneStatus>().notNull().default('planned'),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    decidedBy: uuid('decided_by').references(() => users.id),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    decisionNote: text('decision_note'),
    overdueSince: date('overdue_since', { mode: 'string' }),
    remindersSent: text('reminders_sent').array().$type<MilestoneReminder[]>().notNull().default(sql`'{}'::text[]`),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('contract_milestones_uq').on(t.contractId, t.seq),
    index('contract_milestones_due_idx').on(t.status, t.dueOn),
    index('contract_milestones_gate_idx').on(t.gateId),
  ],
);

/** Budget tranches; `released_fen` follows the ledger and can never pass the tranche's amount. */
export const contractTranches = pgTable(
  'contract_tranches',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    contractId: uuid('contract_id').notNull().references(() => contracts.id),
    seq: integer('seq').notNull(),
    amountFen: bigint('amount_fen', { mode: 'number' }).notNull(),
    releasedFen: bigint('released_fen', { mode: 'number' }).notNull().default(0),
    /** What releases it: signing (both sides confirmed), a milestone's acceptance, or final acceptance. */
    trigger: text('trigger').$type<TrancheTrigger>().notNull(),
    /** Index into the awarded milestones (contracts.milestones), as planned at the award. */
    milestoneIndex: integer('milestone_index'),
    milestoneId: uuid('milestone_id').references(() => contractMilestones.id),
    dueOn: date('due_on', { mode: 'string' }).notNull(),
    status: text('status').$type<'planned' | 'released' | 'paid' | 'cancelled'>().notNull().default('planned'),
  },
  (t) => [
    uniqueIndex('contract_tranches_uq').on(t.contractId, t.seq),
    check('contract_tranches_amount_nonneg', sql`${t.amountFen} >= 0`),
    check('contract_tranches_released_within_amount', sql`${t.releasedFen} >= 0 and ${t.releasedFen} <= ${t.amountFen}`),
  ],
);

/** 拨付台账: every release and reversal, in whole fen, with who approved it and when. Append-only. */
export const contractLedger = pgTable(
  'contract_ledger',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id').notNull().references(() => tenants.id),
    contractId: uuid('contract_id').notNull().references(() => contracts.id),
    /** 1, 2, 3 … per contract: the order of the ledger, assigned under the contract's lock. */
    entryNo: integer('entry_no').notNull(),
    trancheId: uuid('tranche_id').notNull().references(() => contractTranches.id),
    kind: text('kind').$type<'release' | 'reversal'>().notNull(),
    amountFen: bigint('amount_fen', { mode: 'number' }).notNull(),
    reversesId: uuid('reverses_id'),
    note: text('note').notNull().default(''),
    approvedBy: uuid('approved_by').notNull().references(() => users.id),
    approvedAt: timestamp('approved_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('contract_ledger_entry_uq').on(t.contractId, t.entryNo),
    uniqueIndex('contract_ledger_reversal_uq').on(t.reversesId),
    check('contract_ledger_amount_positive', sql`${t.amountFen} > 0`),
    check('contract_ledger_reversal_ref', sql`(${t.kind} = 'reversal') = (${t.reversesId} is not null)`),
  ],
);

/** 进展报告: a periodic report with figures against the targets; an officer accepts or returns it. */
export const contractReports = pgTable(
  'contract_reports',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id').notNull().references(() => tenants.id),
    contractId: uuid('contract_id').notNull().references(() => contracts.id),
    periodFrom: date('period_from', { mode: 'string' }).notNull(),
    periodTo: date('period_to', { mode: 'string' }).notNull(),
    narrative: text('narrative').notNull(),
    figures: jsonb('figures').$type<TargetFigure[]>().notNull(),
    attachmentIds: uuid('attachment_ids').array().notNull().default(sql`'{}'::uuid[]`),
    status: text('status').$type<'submitted' | 'accepted' | 'returned'>().notNull().default('submitted'),
    submittedBy: uuid('submitted_by').notNull().references(() => users.id),
    submittedAt: timestamp('submitted_at', { withTimezone: true }).notNull(),
    decidedBy: uuid('decided_by').references(() => users.id),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    decisionNote: text('decision_note'),
  },
  (t) => [index('contract_reports_contract_idx').on(t.contractId, t.periodTo), check('contract_reports_period', sql`${t.periodFrom} <= ${t.periodTo}`)],
);

/** Evidence submitted for a milestone: files and figures, each answering one of its requirements. */
export const contractEvidence = pgTable(
  'contract_evidence',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id').notNull().references(() => tenants.id),
    contractId: uuid('contract_id').notNull().references(() => contracts.id),
    milestoneId: uuid('milestone_id').notNull().references(() => contractMilestones.id),
    items: jsonb('items').$type<EvidenceItem[]>().notNull(),
    note: text('note').notNull().default(''),
    submittedBy: uuid('submitted_by').notNull().references(() => users.id),
    submittedAt: timestamp('submitted_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('contract_evidence_milestone_idx').on(t.milestoneId, t.submittedAt)],
);

/** 督办: an officer's supervision order with its own response deadline; the team answers, the officer closes it. */
export const supervisionOrders = pgTable(
  'supervision_orders',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id').notNull().references(() => tenants.id),
    contractId: uuid('contract_id').notNull().references(() => contracts.id),
    milestoneId: uuid('milestone_id').references(() => contractMilestones.id),
    code: text('code').notNull(),
    reason: text('reason').notNull(),
    responseDueOn: date('response_due_on', { mode: 'string' }).notNull(),
    status: text('status').$type<'open' | 'responded' | 'closed'>().notNull().default('open'),
    issuedBy: uuid('issued_by').notNull().references(() => users.id),
    issuedAt: timestamp('issued_at', { withTimezone: true }).notNull(),
    response: text('response'),
    responseAttachmentIds: uuid('response_attachment_ids').array().notNull().default(sql`'{}'::uuid[]`),
    respondedBy: uuid('responded_by').references(() => users.id),
    respondedAt: timestamp('responded_at', { withTimezone: true }),
    closedBy: uuid('closed_by').references(() => users.id),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    closeNote: text('close_note'),
    overdueNotified: boolean('overdue_notified').notNull().default(false),
  },
  (t) => [uniqueIndex('supervision_orders_code_uq').on(t.tenantId, t.code), index('supervision_orders_contract_idx').on(t.contractId, t.status)],
);
