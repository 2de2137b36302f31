export interface AffinityPair {
  proposal: string;
  expert: string;
  score: number;
}

export interface Pair {
  proposal: string;
  expert: string;
}

/**
 * Affinities, either as listed pairs or as a dense matrix `matrix[proposalIndex][expertIndex]` in the order
 * of `proposals` and `experts`. For listed pairs, `absent` says what an unlisted pair is: `'zero'` (the
 * default) — assignable with score 0; `'forbidden'` — not assignable (candidate lists).
 */
export type Affinity = { pairs: readonly AffinityPair[]; absent?: 'zero' | 'forbidden' } | { matrix: readonly ArrayLike<number>[] };

/** One number for everyone, or one per id (ids missing from the map take `fallback` where the field has one). */
export type PerId = number | ReadonlyMap<string, number>;

export interface AssignmentInput {
  proposals: readonly string[];
  experts: readonly string[];
  affinity: Affinity;
  /** Experts per proposal: k, or one number per proposal (every proposal must be in the map). */
  coverage: PerId;
  /** Most proposals per expert (every expert must be in the map). */
  maxLoad: PerId;
  /** Fewest proposals per expert; 0 when absent (an expert missing from the map has 0). */
  minLoad?: PerId;
  /** Pairs that must not be assigned (conflicts of interest). */
  forbidden?: readonly Pair[];
  /**
   * Expert → organisation. When given, a proposal gets at most one expert of any one organisation; an
   * expert missing from the map is an organisation of their own.
   */
  organisationOf?: ReadonlyMap<string, string>;
}

export interface Assignment {
  proposal: string;
  expert: string;
  score: number;
}

export type InfeasibleKind =
  /** Σ coverage > Σ max load. */
  | 'capacity'
  /** Σ min load > Σ coverage. */
  | 'min-load'
  /** A proposal has fewer eligible experts (or organisations) than its coverage. */
  | 'proposal'
  /** An expert's min load exceeds the proposals they may review. */
  | 'expert'
  /** Each constraint alone can be met, not all together (a minimum cut names the bottleneck). */
  | 'combined';

export interface Infeasible {
  feasible: false;
  kind: InfeasibleKind;
  /** One English sentence or two saying why, naming proposals and experts. */
  reason: string;
  proposals: string[];
  experts: string[];
  ms: number;
}

export interface Feasible {
  feasible: true;
  /** One row per assigned pair, by proposal then expert in input order. */
  assignments: Assignment[];
  /** Σ score over the assigned pairs (the maximised total affinity). */
  objective: number;
  /** The smallest per-proposal total score, and a proposal that has it. */
  minProposalTotal: { proposal: string; total: number } | null;
  proposalTotals: Map<string, number>;
  expertLoads: Map<string, number>;
  /**
   * Proof of optimality. Scores are scaled by `costScale` (a power of two, so scaling is exact) and rounded
   * to integers; the flow is optimal for the rounded costs, proven by `minReducedCost` ≥ 0 (no residual
   * arc of negative reduced cost, hence no negative cycle). The true optimum exceeds `objective` by at most
   * `roundingBound`.
   */
  certificate: { minReducedCost: number; costScale: number; roundingBound: number; optimal: boolean };
  stats: { nodes: number; arcs: number; augmentations: number; pricingRounds: number; dense: boolean; ms: number };
}

export type AssignmentResult = Feasible | Infeasible;

export class AssignmentInputError extends Error {
  override name = 'AssignmentInputError';
}
