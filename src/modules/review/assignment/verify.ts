import { prepare } from './prepare.ts';
import type { Assignment, AssignmentInput } from './types.ts';

/**
 * Checks an assignment against every constraint of its input, independently of the solver; returns the
 * violations (empty when it is feasible) and its objective. Used by tests, the benchmark and callers that
 * edit an assignment by hand.
 */
export function verifyAssignment(input: AssignmentInput, assignments: readonly Assignment[]): { violations: string[]; objective: number } {
  const pr = prepare(input);
  const pIndex = new Map(pr.proposals.map((id, i) => [id, i]));
  const eIndex = new Map(pr.experts.map((id, i) => [id, i]));
  const violations: string[] = [];
  const got = new Int32Array(pr.P);
  const load = new Int32Array(pr.E);
  const seen = new Set<number>();
  const orgsOf = new Map<string, number>();
  const listed = new Set(pr.listed);
  let objective = 0;
  for (const a of assignments) {
    const p = pIndex.get(a.proposal);
    const e = eIndex.get(a.expert);
    if (p === undefined || e === undefined) {
      violations.push(`unknown pair ("${a.proposal}", "${a.expert}")`);
      continue;
    }
    const key = p * pr.E + e;
    if (seen.has(key)) violations.push(`pair ("${a.proposal}", "${a.expert}") assigned twice`);
    seen.add(key);
    if (pr.forbidden.has(key)) violations.push(`forbidden pair ("${a.proposal}", "${a.expert}") assigned`);
    if (!pr.allPairs && !listed.has(key)) violations.push(`unlisted pair ("${a.proposal}", "${a.expert}") assigned`);
    if (pr.org) {
      const ok = `${p}:${pr.org[e]}`;
      orgsOf.set(ok, (orgsOf.get(ok) ?? 0) + 1);
      if (orgsOf.get(ok) === 2) violations.push(`proposal "${a.proposal}" has two experts of one organisation`);
    }
    got[p]!++;
    load[e]!++;
    objective += pr.score(key);
  }
  for (let p = 0; p < pr.P; p++) if (got[p] !== pr.coverage[p]) violations.push(`proposal "${pr.proposals[p]}" has ${got[p]} experts, not ${pr.coverage[p]}`);
  for (let e = 0; e < pr.E; e++) {
    if (load[e]! > pr.maxLoad[e]!) violations.push(`expert "${pr.experts[e]}" has ${load[e]} proposals, above the max ${pr.maxLoad[e]}`);
    if (load[e]! < pr.minLoad[e]!) violations.push(`expert "${pr.experts[e]}" has ${load[e]} proposals, below the min ${pr.minLoad[e]}`);
  }
  return { violations, objective };
}
