// The horse-race API's shapes (RACE-API.md at the repository root).
// Written by hand until the generated client (web/src/api/schema.d.ts) has the /races routes.

export type RaceStatus = 'running' | 'finished' | 'cancelled';
export type FundsRule = 'return' | 'reallocate';
export type RaceOutcome = 'winners' | 'no_winner';
export type GateStatus = 'open' | 'review' | 'decided';
export type TeamStatus = 'racing' | 'eliminated' | 'winner';
export type Outcome = 'pass' | 'pass_with_conditions' | 'eliminate';
export type RoundStatus = 'draft' | 'open' | 'closed' | 'adopted' | 'cancelled';
export type GateAction = 'close_evidence' | 'open_review' | 'record_decision' | 'decide' | 'submit_evidence';
export type RaceSort = 'code' | '-code' | 'created' | '-created';

export interface Target {
  indicator: string;
  target: string;
  unit: string;
}
export interface ChallengeRef {
  id: string;
  code: string;
  title: string;
}

export interface RaceSummary {
  id: string;
  code: string;
  title: string;
  status: RaceStatus;
  fundsRule: FundsRule;
  outcome: RaceOutcome | null;
  challenge: ChallengeRef;
  gatesTotal: number;
  currentGateSeq: number | null;
  currentGateStatus: GateStatus | null;
  currentGateDueOn: string | null;
  teamsTotal: number;
  teamsRacing: number;
  winners: number;
  createdAt: string;
  updatedAt: string;
}
export interface RacePage {
  items: RaceSummary[];
  total: number;
  page: number;
  pageSize: number;
}
export interface RaceQuery {
  page?: number;
  pageSize?: number;
  status?: RaceStatus;
  q?: string;
  sort?: RaceSort;
}

export interface RaceCandidate {
  challengeId: string;
  code: string;
  title: string;
  targets: Target[];
  maxGates: number;
  contracts: { id: string; code: string; title: string; organizationName: string; status: string; totalFen: number; milestones: { seq: number; title: string; dueOn: string }[] }[];
}
export interface RaceCreateBody {
  challengeId: string;
  title: string;
  fundsRule: FundsRule;
  contractIds?: string[];
  gates: { title: string; dueOn: string; targets?: Target[] }[];
}

export interface RaceDecision {
  teamId: string;
  outcome: Outcome | null;
  reason: string | null;
  conditions: string | null;
  scoreCenti: number | null;
  rank: number | null;
  recordedBy: string | null;
  recordedAt: string | null;
  releasedFen: number;
  cancelledFen: number;
  reallocatedInFen: number;
  reallocatedOutFen: number;
  ledgerEntryIds: string[];
}
export interface RaceGate {
  id: string;
  seq: number;
  title: string;
  dueOn: string;
  status: GateStatus;
  targets: Target[];
  evidenceClosedAt: string | null;
  decidedAt: string | null;
  decidedBy: string | null;
  reviewRound: { id: string; name: string; status: RoundStatus } | null;
  decisions: RaceDecision[];
  actions: GateAction[];
}
export interface RaceTeam {
  id: string;
  contractId: string;
  contractCode: string;
  contractTitle: string;
  organizationId: string;
  organizationName: string;
  status: TeamStatus;
  eliminatedAtGateSeq: number | null;
  reason: string | null;
  mine: boolean;
  milestones: { gateId: string; milestoneId: string; seq: number; status: string }[];
}
export interface RaceDetail {
  id: string;
  code: string;
  title: string;
  status: RaceStatus;
  fundsRule: FundsRule;
  outcome: RaceOutcome | null;
  finishedAt: string | null;
  createdAt: string;
  createdBy: string | null;
  challenge: ChallengeRef;
  currentGateId: string | null;
  gates: RaceGate[];
  teams: RaceTeam[];
  actions: 'export'[];
}

export interface Money {
  budgetFen: number;
  totalFen: number;
  releasedFen: number;
  cancelledFen: number;
  reallocatedInFen: number;
  reallocatedOutFen: number;
  remainingFen: number;
}
export interface BoardCell {
  gateId: string;
  seq: number;
  milestoneId: string | null;
  milestoneStatus: string | null;
  evidence: { submittedAt: string; note: string; items: { label: string; kind: 'file' | 'figure'; value: string | null; file: { id: string; name: string } | null }[] } | null;
  scoreCenti: number | null;
  rank: number | null;
  outcome: Outcome | null;
  reason: string | null;
  conditions: string | null;
  releasedFen: number | null;
  reallocatedInFen: number | null;
  reallocatedOutFen: number | null;
  cancelledFen: number | null;
}
export interface BoardTeam {
  id: string;
  contractId: string;
  contractCode: string;
  contractTitle: string;
  organizationName: string;
  status: TeamStatus;
  eliminatedAtGateSeq: number | null;
  reason: string | null;
  mine: boolean;
  full: boolean;
  money: Money | null;
  gates: BoardCell[];
}
export interface RaceBoard {
  race: { id: string; code: string; title: string; status: RaceStatus; fundsRule: FundsRule; outcome: RaceOutcome | null; challenge: ChallengeRef };
  gates: { id: string; seq: number; title: string; dueOn: string; status: GateStatus; targets: Target[] }[];
  teams: BoardTeam[];
}
export interface DecisionBody {
  outcome: Outcome;
  reason?: string | null;
  conditions?: string | null;
}

export const RACE_STATUSES = ['running', 'finished', 'cancelled'] as const satisfies readonly RaceStatus[];
export const RACE_SORTS = ['-created', 'created', 'code', '-code'] as const satisfies readonly RaceSort[];
export const FUNDS_RULES = ['return', 'reallocate'] as const satisfies readonly FundsRule[];
export const OUTCOMES = ['pass', 'pass_with_conditions', 'eliminate'] as const satisfies readonly Outcome[];

export const RACE_STATUS_COLORS: Record<RaceStatus, string> = { running: 'processing', finished: 'success', cancelled: 'default' };
export const GATE_STATUS_COLORS: Record<GateStatus, string> = { open: 'blue', review: 'gold', decided: 'green' };
export const TEAM_STATUS_COLORS: Record<TeamStatus, string> = { racing: 'blue', eliminated: 'red', winner: 'gold' };
export const OUTCOME_COLORS: Record<Outcome, string> = { pass: 'green', pass_with_conditions: 'orange', eliminate: 'red' };

/** A review score kept in hundredths (0..10000) shown as 0.00..100.00. */
export function formatScore(centi: number | null): string {
  return centi === null ? '—' : (centi / 100).toFixed(2);
}

/** A YYYY-MM-DD calendar date that exists. */
export function isDate(v: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) return false;
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
}

/**
 * Where a server field error belongs in a form: "body.gates.0.dueOn" or "gates/0/dueOn" → ['gates', 0, 'dueOn'].
 */
export function fieldPath(path: string): (string | number)[] {
  return path
    .replace(/^body[./]?/, '')
    .split(/[./]/)
    .filter(Boolean)
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}
