// Optimal reviewer assignment (issue #5): a pure solver, no database. docs/review-assignment.md
export { solveAssignment, type SolveOptions } from './solve.ts';
export { verifyAssignment } from './verify.ts';
export { runAssign, readAssignInput, type AssignOptions, type AssignIo } from './assignment.cli.ts';
export { MinCostFlow, type MinCostFlowResult } from './min-cost-flow.ts';
export {
  AssignmentInputError,
  type Affinity,
  type AffinityPair,
  type Assignment,
  type AssignmentInput,
  type AssignmentResult,
  type Feasible,
  type Infeasible,
  type InfeasibleKind,
  type Pair,
  type PerId,
} from './types.ts';
