import { sql } from 'drizzle-orm';
import { bigint, check, date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { tenants, users } from '../../platform/auth/auth.tables.ts';
import { organizationsTable as organizations } from '../registry/index.ts';
import { contractsTable as contracts } from '../contracts/index.ts';

// ---- vocabulary ---------------------------------------------------------------------------

export const RACE_STATUSES = ['running', 'finished', 'cancelled'] as const;
export type RaceStatus = (typeof RACE_STATUSES)[number];

/** What happens to an eliminated team's unreleased money: back to the budget, or split over the remaining teams. */
export const FUNDS_RULES = ['return', 'reallocate'] as const;
export type FundsRule = (typeof FUNDS_RULES)[number];

export const RACE_OUTCOMES = ['winners', 'no_winner'] as const;
export type RaceOutcome = (typeof RACE_OUTCOMES)[number];

/** open (teams submit evidence) → review (evidence closed, the expert round runs) → decided. */
export const GATE_STATUSES = ['open', 'review', 'decided'] as const;
export type GateStatus = (typeof GATE_STATUSES)[number];

export const TEAM_STATUSES = ['racing', 'eliminated', 'winner'] as const;
export type TeamStatus = (typeof TEAM_STATUSES)[number];

export const OUTCOMES = ['pass', 'pass_with_conditions', 'eliminate'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export interface GateTarget {
  indicator: string;
  target: string;
  unit: string;
}

// ---- tables -------------------------------------------------------------------------------

/** 赛马: the awarded teams of one challenge racing through shared gates. challenge_id names a row the challenges module owns. */
export const races = pgTable(
  'races',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id').notNull().references(() => tenants.id),
    code: text('code').notNull(),
    challengeId: uuid('challenge_id').notNull(),
    title: text('title').notNull(),
    status: text('status').$type<RaceStatus>().notNull().default('running'),
    fundsRule: text('funds_rule').$type<FundsRule>().notNull(),
    outcome: text('outcome').$type<RaceOutcome>(),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('races_code_uq').on(t.tenantId, t.code), index('races_challenge_idx').on(t.tenantId, t.challengeId), check('races_outcome_when_finished', sql`(${t.status} = 'finished') = (${t.outcome} is not null)`)],
);

/** 关卡: a shared date and targets; each team's milestone of the same seq is bound to it. */
export const raceGates = pgTable(
  'race_gates',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id').notNull().references(() => tenants.id),
    raceId: uuid('race_id').notNull().references(() => races.id),
    seq: integer('seq').notNull(),
    title: text('title').notNull(),
    dueOn: date('due_on', { mode: 'string' }).notNull(),
    targets: jsonb('targets').$type<GateTarget[]>().notNull(),
    status: text('status').$type<GateStatus>().notNull().default('open'),
    evidenceClosedAt: timestamp('evidence_closed_at', { withTimezone: true }),
    evidenceClosedBy: uuid('evidence_closed_by').references(() => users.id),
    /** The round whose adopted scores the decisions carry. */
    reviewRoundId: uuid('review_round_id'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    decidedBy: uuid('decided_by').references(() => users.id),
  },
  (t) => [uniqueIndex('race_gates_uq').on(t.raceId, t.seq)],
);

/** A team: one awarded contract. A contract races once. */
export const raceTeams = pgTable(
  'race_teams',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id').notNull().references(() => tenants.id),
    raceId: uuid('race_id').notNull().references(() => races.id),
    contractId: uuid('contract_id').notNull().references(() => contracts.id),
    organizationId: uuid('organization_id').notNull().references(() => organizations.id),
    status: text('status').$type<TeamStatus>().notNull().default('racing'),
    /** The contract's total when the race started. */
    budgetFen: bigint('budget_fen', { mode: 'number' }).notNull(),
    eliminatedAtGate: integer('eliminated_at_gate'),
    reason: text('reason'),
  },
  (t) => [uniqueIndex('race_teams_contract_uq').on(t.contractId), index('race_teams_race_idx').on(t.raceId), index('race_teams_org_idx').on(t.tenantId, t.organizationId)],
);

/** 关卡结论 per gate × team: the adopted score and rank, the outcome with its reason or conditions, and the money it moved. */
export const raceDecisions = pgTable(
  'race_decisions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id').notNull().references(() => tenants.id),
    raceId: uuid('race_id').notNull().references(() => races.id),
    gateId: uuid('gate_id').notNull().references(() => raceGates.id),
    teamId: uuid('team_id').notNull().references(() => raceTeams.id),
    outcome: text('outcome').$type<Outcome>(),
    reason: text('reason'),
    conditions: text('conditions'),
    scoreCenti: integer('score_centi'),
    rank: integer('rank'),
    roundId: uuid('round_id'),
    recordedBy: uuid('recorded_by').references(() => users.id),
    recordedAt: timestamp('recorded_at', { withTimezone: true }),
    releasedFen: bigint('released_fen', { mode: 'number' }).notNull().default(0),
    cancelledFen: bigint('cancelled_fen', { mode: 'number' }).notNull().default(0),
    reallocatedInFen: bigint('reallocated_in_fen', { mode: 'number' }).notNull().default(0),
    reallocatedOutFen: bigint('reallocated_out_fen', { mode: 'number' }).notNull().default(0),
    ledgerEntryIds: uuid('ledger_entry_ids').array().notNull().default(sql`'{}'::uuid[]`),
  },
  (t) => [
    uniqueIndex('race_decisions_uq').on(t.gateId, t.teamId),
    // The database's own guard: no elimination without a reason, no conditional pass without conditions.
    check('race_decisions_reason', sql`${t.outcome} is distinct from 'eliminate' or length(trim(coalesce(${t.reason}, ''))) > 0`),
    check('race_decisions_conditions', sql`${t.outcome} is distinct from 'pass_with_conditions' or length(trim(coalesce(${t.conditions}, ''))) > 0`),
    check('race_decisions_money', sql`${t.releasedFen} >= 0 and ${t.cancelledFen} >= 0 and ${t.reallocatedInFen} >= 0 and ${t.reallocatedOutFen} >= 0`),
  ],
);
