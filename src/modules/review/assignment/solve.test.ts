import { describe, expect, it } from 'vitest';
import { AssignmentInputError, solveAssignment, verifyAssignment, type AssignmentInput, type AssignmentResult, type Feasible, type Infeasible } from './index.ts';

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function ok(r: AssignmentResult): Feasible {
  if (!r.feasible) throw new Error(`expected a feasible result: ${r.reason}`);
  expect(r.certificate.optimal).toBe(true);
  expect(r.certificate.minReducedCost).toBeGreaterThanOrEqual(0);
  return r;
}

function no(r: AssignmentResult): Infeasible {
  if (r.feasible) throw new Error('expected infeasible');
  return r;
}

const pairsOf = (r: Feasible) => r.assignments.map((a) => `${a.proposal}-${a.expert}`);

/**
 * Brute force: every way of giving each proposal exactly its coverage of distinct experts, keeping the
 * feasible ones; the best objective, or null when none is feasible.
 */
function bruteForce(input: AssignmentInput): number | null {
  const P = input.proposals.length;
  const E = input.experts.length;
  const score = (p: number, e: number): number | null => {
    const key = `${input.proposals[p]}|${input.experts[e]}`;
    if ((input.forbidden ?? []).some((f) => `${f.proposal}|${f.expert}` === key)) return null;
    const a = input.affinity;
    if ('matrix' in a) return a.matrix[p]![e]!;
    const hit = a.pairs.find((x) => `${x.proposal}|${x.expert}` === key);
    if (hit) return hit.score;
    return a.absent === 'forbidden' ? null : 0;
  };
  const num = (v: AssignmentInput['coverage'] | undefined, id: string) => (v === undefined ? 0 : typeof v === 'number' ? v : (v.get(id) ?? 0));
  const load = new Array<number>(E).fill(0);
  let best: number | null = null;
  const subsets = (k: number, from: number, acc: number[], out: number[][]) => {
    if (acc.length === k) return void out.push(acc.slice());
    for (let e = from; e < E; e++) subsets(k, e + 1, [...acc, e], out);
  };
  const go = (p: number, total: number) => {
    if (p === P) {
      for (let e = 0; e < E; e++) if (load[e]! < num(input.minLoad, input.experts[e]!)) return;
      if (best === null || total > best) best = total;
      return;
    }
    const options: number[][] = [];
    subsets(num(input.coverage, input.proposals[p]!), 0, [], options);
    next: for (const set of options) {
      let t = 0;
      const orgs = new Set<string>();
      for (const e of set) {
        const s = score(p, e);
        if (s === null || load[e]! >= num(input.maxLoad, input.experts[e]!)) continue next;
        if (input.organisationOf) {
          const o = input.organisationOf.get(input.experts[e]!) ?? `self:${e}`;
          if (orgs.has(o)) continue next;
          orgs.add(o);
        }
        t += s;
      }
      for (const e of set) load[e]!++;
      go(p + 1, total + t);
      for (const e of set) load[e]!--;
    }
  };
  go(0, 0);
  return best;
}

describe('solveAssignment: small cases checked by hand', () => {
  it('gives each proposal its best experts when loads allow', () => {
    const r = ok(
      solveAssignment({
        proposals: ['a', 'b'],
        experts: ['x', 'y', 'z'],
        affinity: { pairs: [{ proposal: 'a', expert: 'x', score: 0.9 }, { proposal: 'a', expert: 'y', score: 0.5 }, { proposal: 'b', expert: 'z', score: 0.7 }, { proposal: 'b', expert: 'y', score: 0.2 }] },
        coverage: 2,
        maxLoad: 2,
      }),
    );
    expect(pairsOf(r)).toEqual(['a-x', 'a-y', 'b-y', 'b-z']);
    expect(r.objective).toBeCloseTo(2.3, 12);
    expect(r.minProposalTotal).toEqual({ proposal: 'b', total: expect.closeTo(0.9, 12) as number });
    expect(r.expertLoads.get('y')).toBe(2);
  });

  it('trades a greedy choice for a better total (greedy would give x to a)', () => {
    // x is the best for both; a can do almost as well with y, b cannot do without x.
    const r = ok(
      solveAssignment({
        proposals: ['a', 'b'],
        experts: ['x', 'y'],
        affinity: { pairs: [{ proposal: 'a', expert: 'x', score: 1.0 }, { proposal: 'a', expert: 'y', score: 0.95 }, { proposal: 'b', expert: 'x', score: 0.9 }] },
        coverage: 1,
        maxLoad: 1,
      }),
    );
    expect(pairsOf(r)).toEqual(['a-y', 'b-x']);
    expect(r.objective).toBeCloseTo(1.85, 12);
  });

  it('uses an absent pair at score 0, unless absent pairs are forbidden', () => {
    const base = { proposals: ['a'], experts: ['x', 'y'], coverage: 2, maxLoad: 1 } as const;
    const r = ok(solveAssignment({ ...base, affinity: { pairs: [{ proposal: 'a', expert: 'x', score: 0.4 }] } }));
    expect(r.assignments).toEqual([{ proposal: 'a', expert: 'x', score: 0.4 }, { proposal: 'a', expert: 'y', score: 0 }]);
    const f = no(solveAssignment({ ...base, affinity: { pairs: [{ proposal: 'a', expert: 'x', score: 0.4 }], absent: 'forbidden' } }));
    expect(f.kind).toBe('proposal');
    expect(f.reason).toBe('proposal "a" needs 2 experts but only 1 are eligible');
  });

  it('takes a negative score when coverage demands it, and avoids it otherwise', () => {
    const pairs = [{ proposal: 'a', expert: 'x', score: -0.5 }];
    expect(pairsOf(ok(solveAssignment({ proposals: ['a'], experts: ['x', 'y'], affinity: { pairs }, coverage: 1, maxLoad: 1 })))).toEqual(['a-y']);
    const r = ok(solveAssignment({ proposals: ['a'], experts: ['x', 'y'], affinity: { pairs }, coverage: 2, maxLoad: 1 }));
    expect(r.objective).toBe(-0.5);
  });

  it('never assigns a forbidden pair', () => {
    const r = ok(
      solveAssignment({
        proposals: ['a', 'b'],
        experts: ['x', 'y'],
        affinity: { matrix: [[0.9, 0.1], [0.8, 0.2]] },
        coverage: 1,
        maxLoad: 2,
        forbidden: [{ proposal: 'a', expert: 'x' }],
      }),
    );
    expect(pairsOf(r)).toEqual(['a-y', 'b-x']);
  });

  it('meets min loads at the cost of affinity', () => {
    const input = { proposals: ['a', 'b'], experts: ['x', 'y'], affinity: { matrix: [[0.9, 0.1], [0.8, 0.2]] }, coverage: 1, maxLoad: 2 };
    expect(pairsOf(ok(solveAssignment(input)))).toEqual(['a-x', 'b-x']);
    const r = ok(solveAssignment({ ...input, minLoad: new Map([['y', 1]]) }));
    expect(pairsOf(r)).toEqual(['a-x', 'b-y']); // 0.9 + 0.2 beats 0.1 + 0.8
    expect(r.objective).toBeCloseTo(1.1, 12);
    const r2 = ok(solveAssignment({ ...input, minLoad: new Map([['y', 1]]), maxLoad: new Map([['x', 1], ['y', 2]]) }));
    expect(pairsOf(r2)).toEqual(['a-x', 'b-y']);
    const r3 = ok(solveAssignment({ ...input, minLoad: new Map([['y', 2]]) }));
    expect(pairsOf(r3)).toEqual(['a-y', 'b-y']);
    expect(r3.objective).toBeCloseTo(0.3, 12);
  });

  it('takes at most one expert of an organisation per proposal', () => {
    const input: AssignmentInput = {
      proposals: ['a'],
      experts: ['x1', 'x2', 'y'],
      affinity: { matrix: [[0.9, 0.8, 0.1]] },
      coverage: 2,
      maxLoad: 1,
      organisationOf: new Map([['x1', 'X'], ['x2', 'X']]),
    };
    expect(pairsOf(ok(solveAssignment(input)))).toEqual(['a-x1', 'a-y']);
    expect(pairsOf(ok(solveAssignment({ ...input, organisationOf: undefined })))).toEqual(['a-x1', 'a-x2']);
    const f = no(solveAssignment({ ...input, coverage: 3 }));
    expect(f.kind).toBe('proposal');
    expect(f.reason).toBe('proposal "a" needs 3 experts of distinct organisations but only 2 organisations have an eligible expert');
  });

  it('accepts per-proposal coverage and per-expert loads', () => {
    const r = ok(
      solveAssignment({
        proposals: ['a', 'b'],
        experts: ['x', 'y', 'z'],
        affinity: { matrix: [[1, 1, 1], [1, 1, 1]] },
        coverage: new Map([['a', 3], ['b', 0]]),
        maxLoad: new Map([['x', 1], ['y', 1], ['z', 1]]),
      }),
    );
    expect(r.assignments).toHaveLength(3);
    expect(r.minProposalTotal).toEqual({ proposal: 'a', total: 3 });
  });
});

describe('solveAssignment: infeasibility, explained', () => {
  const three = { proposals: ['a', 'b'], experts: ['x', 'y', 'z'], affinity: { pairs: [] } } as const;

  it('total coverage above total max load', () => {
    const r = no(solveAssignment({ ...three, coverage: 2, maxLoad: 1 }));
    expect(r.kind).toBe('capacity');
    expect(r.reason).toBe("the proposals need 4 reviews in total but the experts' max loads add up to 3");
  });

  it('total min load above total coverage', () => {
    const r = no(solveAssignment({ ...three, coverage: 1, maxLoad: 2, minLoad: 1 }));
    expect(r.kind).toBe('min-load');
    expect(r.reason).toBe("the experts' min loads add up to 3 but the proposals need only 2 reviews in total");
  });

  it('a proposal with too few eligible experts, named', () => {
    const forbidden = [{ proposal: 'b', expert: 'x' }, { proposal: 'b', expert: 'y' }];
    const r = no(solveAssignment({ ...three, coverage: 2, maxLoad: 2, forbidden }));
    expect(r.kind).toBe('proposal');
    expect(r.proposals).toEqual(['b']);
    expect(r.reason).toBe('proposal "b" needs 2 experts but only 1 are eligible');
  });

  it('an expert whose min load cannot be met, named', () => {
    const r = no(solveAssignment({ ...three, coverage: 2, maxLoad: 2, minLoad: new Map([['z', 2]]), forbidden: [{ proposal: 'a', expert: 'z' }] }));
    expect(r.kind).toBe('expert');
    expect(r.experts).toEqual(['z']);
    expect(r.reason).toBe('expert "z" must review at least 2 proposals but only 1 are eligible');
  });

  it('constraints that hold one by one but not together: the bottleneck set', () => {
    // a and b may only use x (load 1); y and z are free but forbidden for both.
    const forbidden = ['a', 'b'].flatMap((p) => ['y', 'z'].map((e) => ({ proposal: p, expert: e })));
    const r = no(solveAssignment({ ...three, proposals: ['a', 'b', 'c'], coverage: 1, maxLoad: 1, forbidden }));
    expect(r.kind).toBe('combined');
    expect(r.reason).toMatch(/^no assignment meets all the constraints together; in the best attempt proposals "(a|b)" stay short of experts; the bottleneck: proposals .*"a".*"b"/);
    expect(r.proposals).toEqual(expect.arrayContaining(['a', 'b']));
    expect(r.experts).toContain('x');
  });
});

describe('solveAssignment: input errors', () => {
  const base = { proposals: ['a'], experts: ['x'], affinity: { pairs: [] }, coverage: 1, maxLoad: 1 };
  it.each([
    [{ proposals: ['a', 'a'] }, /proposal "a" is listed twice/],
    [{ affinity: { pairs: [{ proposal: 'a', expert: 'q', score: 1 }] } }, /unknown expert "q"/],
    [{ affinity: { pairs: [{ proposal: 'a', expert: 'x', score: 1 }, { proposal: 'a', expert: 'x', score: 2 }] } }, /given twice/],
    [{ affinity: { pairs: [{ proposal: 'a', expert: 'x', score: NaN }] } }, /not a finite number/],
    [{ coverage: 1.5 }, /whole number/],
    [{ maxLoad: new Map([['y', 1]]) }, /unknown "y"/],
    [{ maxLoad: new Map<string, number>() }, /no max load for "x"/],
    [{ minLoad: 2 }, /min load 2 exceeds max load 1/],
    [{ affinity: { matrix: [[1, 2]] } }, /1 entries|2 entries/],
  ])('%j', (patch, message) => {
    const input = { ...base, ...patch } as AssignmentInput;
    expect(() => solveAssignment(input)).toThrow(AssignmentInputError);
    expect(() => solveAssignment(input)).toThrow(message);
  });
});

describe('solveAssignment: optimal, compared with independent methods', () => {
  function randomInstance(rand: () => number, P: number, E: number): AssignmentInput {
    const proposals = Array.from({ length: P }, (_, i) => `p${i}`);
    const experts = Array.from({ length: E }, (_, i) => `e${i}`);
    const pairs = [];
    const forbidden = [];
    for (const p of proposals) {
      for (const e of experts) {
        const u = rand();
        if (u < 0.6) pairs.push({ proposal: p, expert: e, score: Math.round((rand() * 1.4 - 0.2) * 1000) / 1000 });
        else if (u < 0.72) forbidden.push({ proposal: p, expert: e });
      }
    }
    const maxLoad = new Map(experts.map((e) => [e, 1 + Math.floor(rand() * 3)]));
    const input: AssignmentInput = {
      proposals,
      experts,
      affinity: { pairs, absent: rand() < 0.3 ? 'forbidden' : 'zero' },
      coverage: new Map(proposals.map((p) => [p, 1 + Math.floor(rand() * 2)])),
      maxLoad,
      forbidden,
    };
    if (rand() < 0.4) input.minLoad = new Map(experts.map((e) => [e, Math.floor(rand() * Math.min(2, maxLoad.get(e)! + 1))]));
    if (rand() < 0.3) input.organisationOf = new Map(experts.map((e) => [e, `org${Math.floor(rand() * Math.ceil(E / 2))}`]));
    return input;
  }

  it('matches brute force on 400 random tiny instances (negative scores, conflicts, min loads, organisations)', () => {
    const rand = rng(2026);
    let feasible = 0;
    for (let trial = 0; trial < 400; trial++) {
      const input = randomInstance(rand, 1 + Math.floor(rand() * 4), 2 + Math.floor(rand() * 3));
      const best = bruteForce(input);
      const r = solveAssignment(input);
      expect(r.feasible, `trial ${trial}: ${r.feasible ? '' : r.reason}`).toBe(best !== null);
      if (!r.feasible) continue;
      feasible++;
      ok(r);
      expect(r.objective).toBeCloseTo(best!, 9);
      const v = verifyAssignment(input, r.assignments);
      expect(v.violations).toEqual([]);
      expect(v.objective).toBeCloseTo(r.objective, 12);
    }
    expect(feasible).toBeGreaterThan(100);
  });

  it('prices unlisted zero-score pairs in: the same optimum as building every pair', () => {
    const rand = rng(99);
    let pricedRuns = 0;
    for (let trial = 0; trial < 30; trial++) {
      const P = 10 + Math.floor(rand() * 20);
      const E = 10 + Math.floor(rand() * 20);
      const proposals = Array.from({ length: P }, (_, i) => `p${i}`);
      const experts = Array.from({ length: E }, (_, i) => `e${i}`);
      const pairs = [];
      for (const p of proposals) for (const e of experts) if (rand() < 0.15) pairs.push({ proposal: p, expert: e, score: rand() * 2 - 0.3 });
      const input: AssignmentInput = {
        proposals,
        experts,
        affinity: { pairs },
        coverage: 2 + Math.floor(rand() * 2),
        maxLoad: Math.ceil((3 * P) / E) + Math.floor(rand() * 2),
        minLoad: rand() < 0.5 ? 1 : 0,
        forbidden: pairs.filter(() => rand() < 0.05),
      };
      const dense = solveAssignment(input);
      const priced = solveAssignment(input, { denseLimit: 0 });
      expect(priced.feasible).toBe(dense.feasible);
      if (!dense.feasible || !priced.feasible) continue;
      expect(dense.stats.dense).toBe(true);
      ok(priced);
      if (!priced.stats.dense) pricedRuns++;
      expect(priced.objective).toBeCloseTo(dense.objective, 9);
      expect(verifyAssignment(input, priced.assignments).violations).toEqual([]);
    }
    expect(pricedRuns).toBeGreaterThan(10);
  });
});
