import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readNpy } from '../../../../test/fixtures/midl/npy.ts';
import { solveAssignment, verifyAssignment, type AssignmentInput, type Feasible } from './index.ts';

// The MIDL 2018 reviewer-assignment instance (Kobren, Saha, McCallum, "Paper Matching with Local Fairness
// Constraints", KDD 2019): 177 reviewers × 118 papers, scores.npy[reviewer, paper] (float64, Fortran
// order), 3 reviewers per paper (covs.npy), at most 4 papers per reviewer (loads.npy), and at least 2
// (loads-lb.npy). Both published optima are on the same data; the second only adds the lower bound.
const dir = fileURLToPath(new URL('../../../../test/fixtures/midl/', import.meta.url));

function midl(withMinLoad: boolean): AssignmentInput {
  const scores = readNpy(dir + 'scores.npy');
  const covs = readNpy(dir + 'covs.npy');
  const loads = readNpy(dir + 'loads.npy');
  const lower = readNpy(dir + 'loads-lb.npy');
  const [R, P] = scores.shape as [number, number];
  const proposals = Array.from({ length: P }, (_, p) => `paper${p}`);
  const experts = Array.from({ length: R }, (_, r) => `reviewer${r}`);
  return {
    proposals,
    experts,
    affinity: { matrix: proposals.map((_, p) => Float64Array.from(experts, (_, r) => scores.at(r, p))) },
    coverage: new Map(proposals.map((id, p) => [id, covs.data[p]!])),
    maxLoad: new Map(experts.map((id, r) => [id, loads.data[r]!])),
    ...(withMinLoad ? { minLoad: new Map(experts.map((id, r) => [id, lower.data[r]!])) } : {}),
  };
}

describe('MIDL reference instance', () => {
  it('reads the data as documented', () => {
    const scores = readNpy(dir + 'scores.npy');
    expect(scores.shape).toEqual([177, 118]);
    expect(scores.at(2, 0)).toBe(0.10419634255874875); // checked with NumPy: scores[2, 0]
    expect(scores.at(176, 117)).toBe(0.3474848993816514);
    expect(Array.from(new Set(readNpy(dir + 'covs.npy').data))).toEqual([3]);
    expect(Array.from(new Set(readNpy(dir + 'loads.npy').data))).toEqual([4]);
    expect(Array.from(new Set(readNpy(dir + 'loads-lb.npy').data))).toEqual([2]);
  });

  it.each([
    [false, '201.8849'],
    [true, '150.0431'],
  ])('min load %s: objective %s, proven optimal', (withMinLoad, expected) => {
    const input = midl(withMinLoad);
    const r = solveAssignment(input) as Feasible;
    expect(r.feasible).toBe(true);
    expect(r.objective.toFixed(4)).toBe(expected);
    expect(r.certificate.optimal).toBe(true);
    expect(r.certificate.roundingBound).toBeLessThan(1e-6);
    expect(r.assignments).toHaveLength(354);
    const v = verifyAssignment(input, r.assignments);
    expect(v.violations).toEqual([]);
    expect(v.objective.toFixed(4)).toBe(expected);
    if (withMinLoad) for (const load of r.expertLoads.values()) expect(load).toBe(2); // 177 × 2 = 354 = 118 × 3
  });
});
