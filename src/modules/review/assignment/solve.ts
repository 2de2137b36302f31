// The optimal reviewer assignment as a minimum-cost flow:
//
//   source ─[k, k]→ proposal ─[0, 1], −affinity→ expert ─[min, max]→ sink
//
// and, with the one-per-organisation rule, proposal ─[0, 1]→ (proposal, organisation) ─[0, 1]→ expert.
// The constraint matrix is a network matrix, hence totally unimodular: the flow optimum is integral and
// is the optimum of the 0/1 assignment problem. Proof of optimality comes with every answer (reduced
// costs ≥ 0 on the final residual network).
import { MinCostFlow } from './min-cost-flow.ts';
import { prepare, type Prepared } from './prepare.ts';
import { solveSparse } from './sparse.ts';
import type { Assignment, AssignmentInput, AssignmentResult, Feasible, Infeasible, InfeasibleKind } from './types.ts';

/** Above this many possible pairs, unlisted zero-score pairs are priced in as needed, not all built. */
const DENSE_LIMIT = 400_000;
/** Refuse to build a network larger than this (memory: about 100 bytes per pair). */
const PAIR_LIMIT = 40_000_000;

export interface SolveOptions {
  /** Above this many possible pairs, the network holds candidate pairs only and prices the rest in (tests lower it). */
  denseLimit?: number;
  /**
   * `'network'`: the general network of min-cost-flow.ts for every instance (slow on large ones; tests
   * compare the two). By default it serves only the organisation rule; everything else goes to sparse.ts.
   */
  method?: 'auto' | 'network';
  /** Candidate experts per proposal on the large-instance path (default max(24, 8 k)). */
  candidates?: number;
}

export function solveAssignment(input: AssignmentInput, options: SolveOptions = {}): AssignmentResult {
  const t0 = performance.now();
  const pr = prepare(input);
  const ms = () => performance.now() - t0;
  const pre = precheck(pr);
  if (pre) return { ...pre, ms: ms() };

  const eligible = (key: number) => pr.maxLoad[key % pr.E]! > 0 && !pr.forbidden.has(key);
  const everyPair = () => {
    if (pr.P * pr.E > PAIR_LIMIT) throw new RangeError(`${pr.P} × ${pr.E} pairs are too many to build; list candidate pairs and mark the rest forbidden`);
    const keys: number[] = [];
    for (let key = 0; key < pr.P * pr.E; key++) if (eligible(key)) keys.push(key);
    return keys;
  };
  const scale = costScale(pr);

  if (pr.org === null && options.method !== 'network') {
    const dense = pr.P * pr.E <= (options.denseLimit ?? DENSE_LIMIT);
    const run = solveSparse(pr, scale, { dense, ...(options.candidates ? { candidates: options.candidates } : {}) });
    if (run) {
      if (!run.feasible) return { ...explain(pr, run), ms: ms() };
      return result(pr, run, scale, { pricingRounds: run.rounds, dense, ms: ms() });
    }
    // Potentials grew too large for exact arithmetic (not seen in practice): the general network decides.
  }

  // The general network: dense when small, when unlisted pairs are not assignable anyway, or when organisations are in play
  // (pricing below handles the plain proposal→expert arc only).
  const pricing = pr.allPairs && !pr.isMatrix && pr.org === null && pr.P * pr.E > (options.denseLimit ?? DENSE_LIMIT);
  let keys = pr.allPairs && !pricing ? everyPair() : pr.listed.filter(eligible);
  let rounds = 0;
  let dense = !pricing;
  if (pricing) keys = seedZeroPairs(pr, keys, eligible);
  for (;;) {
    const run = runFlow(pr, keys, scale);
    if (!run.feasible) {
      if (pricing && !dense) {
        // The listed pairs alone do not suffice; unlisted zero-score pairs are needed, so build them all.
        keys = everyPair();
        dense = true;
        continue;
      }
      return { ...explain(pr, run), ms: ms() };
    }
    rounds++;
    const added = pricing && !dense ? priceUnlisted(pr, keys, run.potentials, eligible) : [];
    if (added.length === 0) return result(pr, run, scale, { pricingRounds: rounds, dense, ms: ms() });
    keys = keys.concat(added);
  }
}

interface Run {
  feasible: boolean;
  /** Pair keys with flow 1. */
  chosen: number[];
  /** Potentials of network nodes (0 source, 1 sink, 2 + p, 2 + P + e, organisation nodes). */
  potentials: Float64Array;
  minReducedCost: number;
  sourceSide: Uint8Array | null;
  nodes: number;
  arcs: number;
  augmentations: number;
}

function runFlow(pr: Prepared, keys: readonly number[], scale: number): Run {
  const { P, E } = pr;
  const proposalNode = (p: number) => 2 + p;
  const expertNode = (e: number) => 2 + P + e;
  let nodes = 2 + P + E;
  const orgNode = new Map<number, number>();
  if (pr.org) {
    for (const key of keys) {
      const ok = Math.floor(key / E) * pr.orgCount + pr.org[key % E]!;
      if (!orgNode.has(ok)) orgNode.set(ok, nodes++);
    }
  }
  const net = new MinCostFlow(nodes);
  let K = 0;
  for (let p = 0; p < P; p++) {
    net.addArc(0, proposalNode(p), pr.coverage[p]!, 0, pr.coverage[p]);
    K += pr.coverage[p]!;
  }
  for (let e = 0; e < E; e++) net.addArc(expertNode(e), 1, pr.maxLoad[e]!, 0, pr.minLoad[e]);
  net.setSupply(0, K);
  net.setSupply(1, -K);
  for (const [ok, node] of orgNode) net.addArc(proposalNode(Math.floor(ok / pr.orgCount)), node, 1, 0);
  const first = net.arcCount;
  for (const key of keys) {
    const p = Math.floor(key / E);
    const e = key % E;
    const from = pr.org ? orgNode.get(p * pr.orgCount + pr.org[e]!)! : proposalNode(p);
    net.addArc(from, expertNode(e), 1, -Math.round(pr.score(key) * scale));
  }
  const r = net.solve();
  const chosen: number[] = [];
  keys.forEach((key, i) => {
    if (r.flow[first + i] === 1) chosen.push(key);
  });
  return { feasible: r.feasible, chosen, potentials: r.potentials, minReducedCost: r.minReducedCost, sourceSide: r.sourceSide, nodes, arcs: net.arcCount, augmentations: r.augmentations };
}

/**
 * Scores × a power of two (exact in binary floating point), rounded to integers, keeping every distance
 * and potential of the search below 2^52 in magnitude (at most about nodes × largest cost, twice).
 */
function costScale(pr: Prepared): number {
  let maxAbs = 0;
  for (const row of pr.matrix ?? []) for (let e = 0; e < pr.E; e++) maxAbs = Math.max(maxAbs, Math.abs(row[e]!));
  for (const score of pr.listedScores) maxAbs = Math.max(maxAbs, Math.abs(score));
  if (maxAbs === 0) return 1;
  const nodes = 2 + pr.P + pr.E + (pr.org ? pr.P * Math.min(pr.orgCount, pr.E) : 0);
  return 2 ** Math.floor(Math.log2(2 ** 48 / (maxAbs * nodes)));
}

/** Reasons visible without solving: totals, and each proposal and expert on its own. */
function precheck(pr: Prepared): Omit<Infeasible, 'ms'> | null {
  const { P, E, coverage, maxLoad, minLoad } = pr;
  const sum = (a: Int32Array) => a.reduce((s, x) => s + x, 0);
  const K = sum(coverage);
  const U = sum(maxLoad);
  const L = sum(minLoad);
  const no = (kind: InfeasibleKind, reason: string, proposals: string[] = [], experts: string[] = []): Omit<Infeasible, 'ms'> => ({ feasible: false, kind, reason, proposals, experts });
  if (K > U) return no('capacity', `the proposals need ${K} reviews in total but the experts' max loads add up to ${U}`);
  if (L > K) return no('min-load', `the experts' min loads add up to ${L} but the proposals need only ${K} reviews in total`);

  // Eligible experts per proposal (distinct organisations with the rule on) and proposals per expert.
  const perProposal = new Int32Array(P);
  const perExpert = new Int32Array(E);
  const eligibleExpert = (e: number) => maxLoad[e]! > 0;
  if (pr.allPairs) {
    let experts = 0;
    for (let e = 0; e < E; e++) if (eligibleExpert(e)) experts++;
    perExpert.fill(P);
    const forbiddenBy = new Map<number, number[]>();
    for (const key of pr.forbidden) {
      const p = Math.floor(key / E);
      const e = key % E;
      perExpert[e]!--;
      if (!eligibleExpert(e)) continue;
      const list = forbiddenBy.get(p);
      if (list) list.push(e);
      else forbiddenBy.set(p, [e]);
    }
    if (pr.org) {
      const orgSize = new Int32Array(pr.orgCount);
      let orgs = 0;
      for (let e = 0; e < E; e++) if (eligibleExpert(e) && orgSize[pr.org[e]!]!++ === 0) orgs++;
      perProposal.fill(orgs);
      for (const [p, list] of forbiddenBy) {
        const gone = new Map<number, number>();
        for (const e of list) gone.set(pr.org[e]!, (gone.get(pr.org[e]!) ?? 0) + 1);
        for (const [o, n] of gone) if (n === orgSize[o]) perProposal[p]!--;
      }
    } else {
      perProposal.fill(experts);
      for (const [p, list] of forbiddenBy) perProposal[p]! -= list.length;
    }
  } else {
    const orgsOf = pr.org ? Array.from({ length: P }, () => new Set<number>()) : null;
    for (const key of pr.listed) {
      if (pr.forbidden.has(key)) continue;
      const p = Math.floor(key / E);
      const e = key % E;
      perExpert[e]!++;
      if (!eligibleExpert(e)) continue;
      if (orgsOf) orgsOf[p]!.add(pr.org![e]!);
      else perProposal[p]!++;
    }
    if (orgsOf) orgsOf.forEach((s, p) => (perProposal[p] = s.size));
  }
  const shortP: string[] = [];
  const details: string[] = [];
  for (let p = 0; p < P; p++) {
    if (perProposal[p]! < coverage[p]!) {
      shortP.push(pr.proposals[p]!);
      details.push(
        pr.org
          ? `proposal "${pr.proposals[p]}" needs ${coverage[p]} experts of distinct organisations but only ${perProposal[p]} organisations have an eligible expert`
          : `proposal "${pr.proposals[p]}" needs ${coverage[p]} experts but only ${perProposal[p]} are eligible`,
      );
    }
  }
  if (shortP.length) return no('proposal', sentence(details), shortP);
  const shortE: string[] = [];
  for (let e = 0; e < E; e++) {
    if (perExpert[e]! < minLoad[e]!) {
      shortE.push(pr.experts[e]!);
      details.push(`expert "${pr.experts[e]}" must review at least ${minLoad[e]} proposals but only ${perExpert[e]} are eligible`);
    }
  }
  if (shortE.length) return no('expert', sentence(details), [], shortE);
  return null;
}

function sentence(parts: string[], max = 5): string {
  const shown = parts.slice(0, max).join('; ');
  return parts.length > max ? `${shown}; and ${parts.length - max} more` : shown;
}

function names(list: string[], max = 10): string {
  const shown = list.slice(0, max).map((s) => `"${s}"`).join(', ');
  return list.length > max ? `${shown} and ${list.length - max} more` : shown;
}

/** Every constraint holds alone but not all together: say who is left short, and where the cut lies. */
function explain(pr: Prepared, run: Pick<Run, 'chosen' | 'sourceSide'>): Omit<Infeasible, 'ms'> {
  const { P, E } = pr;
  const got = new Int32Array(P);
  const load = new Int32Array(E);
  for (const key of run.chosen) {
    got[Math.floor(key / E)]!++;
    load[key % E]!++;
  }
  const shortP: string[] = [];
  const lowE: string[] = [];
  for (let p = 0; p < P; p++) if (got[p]! < pr.coverage[p]!) shortP.push(pr.proposals[p]!);
  for (let e = 0; e < E; e++) if (load[e]! < pr.minLoad[e]!) lowE.push(pr.experts[e]!);
  const cutP: string[] = [];
  const cutE: string[] = [];
  if (run.sourceSide) {
    for (let p = 0; p < P; p++) if (run.sourceSide[2 + p]) cutP.push(pr.proposals[p]!);
    for (let e = 0; e < E; e++) if (run.sourceSide[2 + P + e]) cutE.push(pr.experts[e]!);
  }
  const parts = ['no assignment meets all the constraints together'];
  if (shortP.length) parts.push(`in the best attempt proposals ${names(shortP)} stay short of experts`);
  if (lowE.length) parts.push(`experts ${names(lowE)} stay below their min load`);
  if (cutP.length) parts.push(`the bottleneck: proposals ${names(cutP)} can draw only on experts ${cutE.length ? names(cutE) : '(none)'} and those experts' spare load`);
  return { feasible: false, kind: 'combined', reason: parts.join('; '), proposals: cutP.length ? cutP : shortP, experts: cutE.length ? cutE : lowE };
}

/**
 * Candidate lists from the listed pairs can leave a proposal with too few experts; give every proposal at
 * least twice its coverage in candidates by adding zero-score pairs spread over the experts.
 */
function seedZeroPairs(pr: Prepared, keys: number[], eligible: (key: number) => boolean): number[] {
  const { P, E } = pr;
  const count = new Int32Array(P);
  const have = new Set(keys);
  for (const key of keys) count[Math.floor(key / E)]!++;
  const out = keys.slice();
  let next = 0;
  for (let p = 0; p < P; p++) {
    const want = 2 * pr.coverage[p]!;
    for (let tries = 0; count[p]! < want && tries < E; tries++) {
      const key = p * E + next;
      next = (next + 1) % E;
      if (!have.has(key) && eligible(key)) {
        have.add(key);
        out.push(key);
        count[p]!++;
      }
    }
  }
  return out;
}

/**
 * The unlisted zero-score pairs left out of the network are arcs p → e of cost 0 and no flow; the flow is
 * optimal for the full problem if none has a negative reduced cost, π(p) − π(e) < 0. Returns the most
 * negative few per proposal to add, or nothing when the current flow is proven optimal.
 */
function priceUnlisted(pr: Prepared, keys: readonly number[], pi: Float64Array, eligible: (key: number) => boolean): number[] {
  const { P, E } = pr;
  const have = new Set(keys);
  const order = Array.from({ length: E }, (_, e) => e)
    .filter((e) => pr.maxLoad[e]! > 0)
    .sort((a, b) => pi[2 + P + b]! - pi[2 + P + a]!);
  const added: number[] = [];
  for (let p = 0; p < P; p++) {
    const pp = pi[2 + p]!;
    let n = 0;
    for (const e of order) {
      if (pi[2 + P + e]! <= pp || n >= 2 * pr.coverage[p]! + 2) break;
      const key = p * E + e;
      if (!have.has(key) && eligible(key)) {
        added.push(key);
        n++;
      }
    }
  }
  return added;
}

function result(pr: Prepared, run: Pick<Run, 'chosen' | 'minReducedCost' | 'nodes' | 'arcs' | 'augmentations'>, scale: number, stats: { pricingRounds: number; dense: boolean; ms: number }): Feasible {
  const { P, E } = pr;
  const chosen = run.chosen.slice().sort((a, b) => a - b);
  const assignments: Assignment[] = [];
  const totals = new Float64Array(P);
  const loads = new Int32Array(E);
  let objective = 0;
  let carry = 0; // Neumaier summation: the objective is compared to 4 decimals over thousands of pairs
  for (const key of chosen) {
    const p = Math.floor(key / E);
    const e = key % E;
    const score = pr.score(key);
    assignments.push({ proposal: pr.proposals[p]!, expert: pr.experts[e]!, score });
    totals[p]! += score;
    loads[e]!++;
    const t = objective + score;
    carry += Math.abs(objective) >= Math.abs(score) ? objective - t + score : score - t + objective;
    objective = t;
  }
  objective += carry;
  let minProposalTotal: Feasible['minProposalTotal'] = null;
  for (let p = 0; p < P; p++) {
    if (pr.coverage[p]! > 0 && (minProposalTotal === null || totals[p]! < minProposalTotal.total)) minProposalTotal = { proposal: pr.proposals[p]!, total: totals[p]! };
  }
  const K = pr.coverage.reduce((s, x) => s + x, 0);
  return {
    feasible: true,
    assignments,
    objective,
    minProposalTotal,
    proposalTotals: new Map(pr.proposals.map((id, p) => [id, totals[p]!])),
    expertLoads: new Map(pr.experts.map((id, e) => [id, loads[e]!])),
    certificate: { minReducedCost: run.minReducedCost, costScale: scale, roundingBound: K / scale, optimal: run.minReducedCost >= 0 },
    stats: { nodes: run.nodes, arcs: run.arcs, augmentations: run.augmentations, pricingRounds: stats.pricingRounds, dense: stats.dense, ms: stats.ms },
  };
}
