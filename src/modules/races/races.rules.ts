// The race rules, pure: what a decision needs, how reallocated money is split in whole fen, when the race
// ends, and what a race's creation must satisfy. The service applies them inside its transactions.
import type { FieldError } from '../../platform/http/errors.ts';
import type { FundsRule, GateStatus, Outcome, RaceOutcome, TeamStatus } from './races.tables.ts';

const blank = (s: string | null | undefined) => !s || s.trim() === '';

// ---- decisions ------------------------------------------------------------------------------

export type DecisionRefusal = { code: 'RACE_REASON_REQUIRED' | 'RACE_CONDITIONS_REQUIRED' | 'GATE_EVIDENCE_MISSING'; errors: FieldError[] };

/**
 * What is wrong with one team's decision at a gate: an elimination needs a reason, a pass with conditions
 * its conditions, and any pass the gate milestone's evidence submitted. Null when it can be recorded.
 */
export function decisionRefusal(d: { outcome: Outcome; reason?: string | null | undefined; conditions?: string | null | undefined }, evidenceSubmitted: boolean): DecisionRefusal | null {
  if (d.outcome === 'eliminate' && blank(d.reason)) return { code: 'RACE_REASON_REQUIRED', errors: [{ path: 'reason', message: 'give the reason for the elimination', zh: '淘汰须说明理由' }] };
  if (d.outcome === 'pass_with_conditions' && blank(d.conditions)) return { code: 'RACE_CONDITIONS_REQUIRED', errors: [{ path: 'conditions', message: 'state the conditions', zh: '请写明通过的条件' }] };
  if (d.outcome !== 'eliminate' && !evidenceSubmitted) return { code: 'GATE_EVIDENCE_MISSING', errors: [{ path: 'outcome', message: 'the gate milestone has no submitted evidence', zh: '本关卡里程碑尚未提交佐证材料' }] };
  return null;
}

/** Ranks by score, best first (1, 2, 3 …; equal scores share a rank); unscored teams have no rank. */
export function rankScores<T extends { scoreCenti: number | null }>(rows: readonly T[]): (T & { rank: number | null })[] {
  const scored = rows.filter((r) => r.scoreCenti !== null).sort((a, b) => b.scoreCenti! - a.scoreCenti!);
  return rows.map((r) => ({ ...r, rank: r.scoreCenti === null ? null : scored.findIndex((x) => x.scoreCenti === r.scoreCenti) + 1 }));
}

// ---- money ----------------------------------------------------------------------------------

export interface Receiver {
  teamId: string;
  /** Rank at the gate just decided (1 best); null: unranked. */
  rank: number | null;
  /** Ties on rank are broken by contract code. */
  code: string;
  /** The team's planned tranche of the next gate; null: none (it cannot receive). */
  trancheId: string | null;
}

export interface Reallocation {
  /** Money that goes back to the budget. */
  returnedFen: number;
  shares: { teamId: string; trancheId: string; fen: number }[];
}

/**
 * Where an eliminated team's unreleased money goes. `return`: all back to the budget. `reallocate`: split
 * equally in whole fen over the remaining teams that have a next-gate tranche; the remainder fen go to the
 * best-ranked of them (unranked last, then by code). With no such team (the last gate) it is returned.
 */
export function reallocate(rule: FundsRule, freedFen: number, receivers: readonly Receiver[]): Reallocation {
  if (!Number.isSafeInteger(freedFen) || freedFen < 0) throw new RangeError(`freed money must be whole fen, not ${freedFen}`);
  const able = receivers.filter((r): r is Receiver & { trancheId: string } => r.trancheId !== null);
  if (rule === 'return' || freedFen === 0 || able.length === 0) return { returnedFen: freedFen, shares: [] };
  const each = Math.floor(freedFen / able.length);
  const remainder = freedFen - each * able.length;
  const best = [...able].sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity) || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0))[0]!;
  const shares = able.map((r) => ({ teamId: r.teamId, trancheId: r.trancheId, fen: each + (r.teamId === best.teamId ? remainder : 0) })).filter((s) => s.fen > 0);
  return { returnedFen: 0, shares };
}

// ---- the end of a gate and of the race ------------------------------------------------------

/**
 * After a gate is decided: eliminated teams are out; at the last gate the passing teams win; when no team
 * is left racing the race ends with no winner.
 */
export function afterGate(outcomes: ReadonlyMap<string, Outcome>, lastGate: boolean): { statuses: Map<string, TeamStatus>; finished: boolean; outcome: RaceOutcome | null } {
  const statuses = new Map<string, TeamStatus>();
  for (const [team, o] of outcomes) statuses.set(team, o === 'eliminate' ? 'eliminated' : lastGate ? 'winner' : 'racing');
  const left = [...statuses.values()].filter((s) => s !== 'eliminated').length;
  if (left === 0) return { statuses, finished: true, outcome: 'no_winner' };
  if (lastGate) return { statuses, finished: true, outcome: 'winners' };
  return { statuses, finished: false, outcome: null };
}

/** The first gate not yet decided: the only one that can be closed and decided. */
export function currentGate<G extends { seq: number; status: GateStatus }>(gates: readonly G[]): G | null {
  return [...gates].sort((a, b) => a.seq - b.seq).find((g) => g.status !== 'decided') ?? null;
}

// ---- creation -------------------------------------------------------------------------------

export interface GateInput {
  title: string;
  dueOn: string;
}

/** The gates on their own: at least one, titled, due dates strictly ascending. */
export function gateErrors(gates: readonly GateInput[]): FieldError[] {
  const e: FieldError[] = [];
  if (gates.length === 0) e.push({ path: 'gates', message: 'needs at least one gate', zh: '至少设置一个关卡' });
  gates.forEach((g, i) => {
    if (blank(g.title)) e.push({ path: `gates/${i}/title`, message: 'is required', zh: '必填' });
    if (i > 0 && g.dueOn <= gates[i - 1]!.dueOn) e.push({ path: `gates/${i}/dueOn`, message: 'must be after the previous gate', zh: '须晚于上一关卡' });
  });
  return e;
}

/** Why a contract cannot race with this many gates (empty: it can). */
export function contractUnfit(c: { code: string; status: string; milestones: { seq: number; status: string }[] }, gates: number, index: number): FieldError[] {
  const e: FieldError[] = [];
  if (c.status === 'terminated' || c.status === 'completed') e.push({ path: `contracts/${index}`, message: `${c.code} is ${c.status}`, zh: `${c.code} 已${c.status === 'terminated' ? '终止' : '完成'}` });
  const seqs = new Set(c.milestones.map((m) => m.seq));
  const missing = Array.from({ length: gates }, (_, i) => i + 1).filter((s) => !seqs.has(s));
  if (missing.length) e.push({ path: `contracts/${index}`, message: `${c.code} has ${c.milestones.length} milestones, fewer than the ${gates} gates (no milestone ${missing.join(', ')})`, zh: `${c.code} 的里程碑少于 ${gates} 个关卡` });
  const accepted = c.milestones.filter((m) => m.seq <= gates && m.status === 'accepted');
  if (accepted.length) e.push({ path: `contracts/${index}`, message: `${c.code}: milestone ${accepted.map((m) => m.seq).join(', ')} is already accepted`, zh: `${c.code} 的里程碑 ${accepted.map((m) => m.seq).join('、')} 已验收，不能再作为关卡` });
  return e;
}
