// The large-instance path (no organisation rule): solve over each proposal's best candidate experts, then
// price every pair left out with the final potentials. A left-out pair is an empty arc p → e; the flow is
// optimal for the whole problem when none has a negative reduced cost. Violators join the network and the
// solve resumes from the current flow and potentials (warm start), until none is left. When the candidates
// cannot place every review, the network grows by pairs leaving the closed set of nodes the unplaced
// reviews can reach; when no pair leaves it, that set is a cut proving the whole problem infeasible.
import { PairSource, type Picked } from './pairs.ts';
import type { Prepared } from './prepare.ts';
import { Transport } from './transport.ts';

/** Beyond this |potential| the integer arithmetic in doubles could lose exactness; the caller then falls back. */
const POTENTIAL_LIMIT = 2 ** 50;

export interface SparseRun {
  feasible: boolean;
  /** Pair keys p × E + e with flow 1. */
  chosen: number[];
  /** Smallest reduced cost over every residual arc, pairs left out of the network included. */
  minReducedCost: number;
  /** When infeasible: 1 for nodes (numbered 2 + p, 2 + P + e) on the unplaced side of the cut. */
  sourceSide: Uint8Array | null;
  /** Final potentials: proposal p, expert P + e, sink P + E (reduced cost c(u,v) + π(u) − π(v)). */
  potentials: Float64Array;
  nodes: number;
  arcs: number;
  augmentations: number;
  rounds: number;
}

/** Candidates per proposal: enough to hold its reviews several times over. */
export function defaultCandidates(k: number): number {
  return Math.max(24, 8 * k);
}

export function solveSparse(pr: Prepared, scale: number, options: { dense: boolean; candidates?: number }): SparseRun | null {
  const { P, E } = pr;
  const net = new Transport(P, E, pr.coverage, pr.minLoad, pr.maxLoad);
  const src = new PairSource(pr, scale);
  const picked: Picked = { p: [], e: [], cost: [] };
  if (options.dense) for (let p = 0; p < P; p++) src.best(p, E, picked);
  else {
    // Each proposal's best experts, and each expert's best proposals.
    const col = src.bestPerExpert(Int32Array.from(pr.maxLoad, (max) => Math.min(P, Math.max(4, 2 * max), 64)));
    for (let p = 0; p < P; p++) {
      for (let k = col.start[p]!; k < col.start[p + 1]!; k++) {
        src.mark[col.expert[k]!] = 1;
        picked.p.push(p);
        picked.e.push(col.expert[k]!);
        picked.cost.push(col.cost[k]!);
      }
      src.best(p, options.candidates ?? defaultCandidates(pr.coverage[p]!), picked);
      for (let k = col.start[p]!; k < col.start[p + 1]!; k++) src.mark[col.expert[k]!] = 0;
    }
  }
  for (let i = 0; i < picked.p.length; i++) net.addArc(picked.p[i]!, picked.e[i]!, picked.cost[i]!, false);
  net.initPotentials();

  const add = (x: Picked) => {
    for (let i = 0; i < x.p.length; i++) net.addArc(x.p[i]!, x.e[i]!, x.cost[i]!, true);
    return x.p.length;
  };
  // Prices p's pairs outside the network (the network's own experts of p are marked off meanwhile).
  const price = (p: number, out: Picked, within: Uint8Array | null) => {
    net.expertsOf(p, (e) => (src.mark[e] = 1));
    const m = src.price(p, net.pi, 2 * pr.coverage[p]! + 2, out, within);
    net.expertsOf(p, (e) => (src.mark[e] = 0));
    return m;
  };

  let rounds = 0;
  let excludedMin = Infinity;
  let feasible = true;
  let cut: Uint8Array | null = null;
  for (;;) {
    rounds++;
    if (net.run() > 0) {
      const reach = net.reachable();
      const grow: Picked = { p: [], e: [], cost: [] };
      if (!options.dense) for (let p = 0; p < P; p++) if (reach[p]) price(p, grow, reach.subarray(P, P + E));
      if (add(grow) > 0) continue;
      feasible = false;
      cut = reach;
      break;
    }
    if (options.dense) break;
    const violators: Picked = { p: [], e: [], cost: [] };
    excludedMin = Infinity;
    for (let p = 0; p < P; p++) excludedMin = Math.min(excludedMin, price(p, violators, null));
    if (add(violators) === 0) break;
  }
  if (net.maxAbsPotential() > POTENTIAL_LIMIT) return null;

  const chosen: number[] = [];
  net.forEachAssigned((p, e) => chosen.push(p * E + e));
  let sourceSide: Uint8Array | null = null;
  if (cut) {
    sourceSide = new Uint8Array(2 + P + E);
    for (let v = 0; v < P + E; v++) sourceSide[2 + v] = cut[v]!;
  }
  const min = Math.min(net.minReducedCost(), excludedMin);
  return {
    feasible,
    chosen,
    minReducedCost: min === Infinity ? 0 : min + 0, // + 0: no −0 in the certificate
    sourceSide,
    potentials: net.pi,
    nodes: 2 + P + E,
    arcs: net.arcCount + P + E,
    augmentations: net.augmentations,
    rounds,
  };
}
