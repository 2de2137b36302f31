// Input checking and indexing: ids become indices, per-id numbers become typed arrays, pairs become keys
// p × E + e. Everything the solver trusts is checked here once.
import { AssignmentInputError, type AssignmentInput, type PerId } from './types.ts';

export interface Prepared {
  proposals: readonly string[];
  experts: readonly string[];
  P: number;
  E: number;
  coverage: Int32Array;
  maxLoad: Int32Array;
  minLoad: Int32Array;
  forbidden: Set<number>;
  /** Organisation index per expert, or null when the one-per-organisation rule is off. */
  org: Int32Array | null;
  orgCount: number;
  /** Unlisted pairs are assignable at score 0 (a matrix lists every pair). */
  allPairs: boolean;
  /** Score of a pair key; listed scores, or 0 when unlisted. */
  score: (key: number) => number;
  /** The listed pairs (for a matrix: none — every pair is listed through `score`), and their scores. */
  listed: number[];
  listedScores: number[];
  isMatrix: boolean;
  /** The rows of a matrix affinity, read directly by the large-instance path. */
  matrix: readonly ArrayLike<number>[] | null;
}

function indexOf(ids: readonly string[], what: string): Map<string, number> {
  const m = new Map<string, number>();
  ids.forEach((id, i) => {
    if (typeof id !== 'string' || id === '') throw new AssignmentInputError(`${what} #${i + 1} has an empty id`);
    if (m.has(id)) throw new AssignmentInputError(`${what} "${id}" is listed twice`);
    m.set(id, i);
  });
  return m;
}

function perId(value: PerId | undefined, ids: readonly string[], index: Map<string, number>, what: string, fallback: number | null): Int32Array {
  const out = new Int32Array(ids.length);
  const check = (n: number, id: string) => {
    if (!Number.isSafeInteger(n) || n < 0 || n > 1e9) throw new AssignmentInputError(`${what} of "${id}" must be a whole number ≥ 0, not ${n}`);
    return n;
  };
  if (value === undefined) return out.fill(fallback ?? 0);
  if (typeof value === 'number') return out.fill(check(value, 'everyone'));
  for (const id of value.keys()) if (!index.has(id)) throw new AssignmentInputError(`${what} given for unknown "${id}"`);
  ids.forEach((id, i) => {
    const v = value.get(id);
    if (v === undefined) {
      if (fallback === null) throw new AssignmentInputError(`no ${what} for "${id}"`);
      out[i] = fallback;
    } else out[i] = check(v, id);
  });
  return out;
}

export function prepare(input: AssignmentInput): Prepared {
  const pIndex = indexOf(input.proposals, 'proposal');
  const eIndex = indexOf(input.experts, 'expert');
  const P = input.proposals.length;
  const E = input.experts.length;
  if (P * E > Number.MAX_SAFE_INTEGER / 4) throw new AssignmentInputError('too many proposals × experts');
  const coverage = perId(input.coverage, input.proposals, pIndex, 'coverage', null);
  const maxLoad = perId(input.maxLoad, input.experts, eIndex, 'max load', null);
  const minLoad = perId(input.minLoad, input.experts, eIndex, 'min load', 0);
  for (let e = 0; e < E; e++) {
    if (minLoad[e]! > maxLoad[e]!) throw new AssignmentInputError(`expert "${input.experts[e]}": min load ${minLoad[e]} exceeds max load ${maxLoad[e]}`);
  }
  const pairKey = (proposal: string, expert: string, what: string): number => {
    const p = pIndex.get(proposal);
    const e = eIndex.get(expert);
    if (p === undefined) throw new AssignmentInputError(`${what}: unknown proposal "${proposal}"`);
    if (e === undefined) throw new AssignmentInputError(`${what}: unknown expert "${expert}"`);
    return p * E + e;
  };
  const forbidden = new Set<number>();
  for (const f of input.forbidden ?? []) forbidden.add(pairKey(f.proposal, f.expert, 'forbidden pair'));

  let org: Int32Array | null = null;
  let orgCount = 0;
  if (input.organisationOf) {
    const orgIndex = new Map<string, number>();
    org = new Int32Array(E);
    for (let e = 0; e < E; e++) {
      const name = input.organisationOf.get(input.experts[e]!);
      if (name === undefined) {
        org[e] = orgCount++; // an organisation of their own
        continue;
      }
      let o = orgIndex.get(name);
      if (o === undefined) orgIndex.set(name, (o = orgCount++));
      org[e] = o;
    }
  }

  const affinity = input.affinity;
  if ('matrix' in affinity) {
    const rows = affinity.matrix;
    if (rows.length !== P) throw new AssignmentInputError(`the affinity matrix has ${rows.length} rows, not one per proposal (${P})`);
    rows.forEach((row, p) => {
      if (row.length !== E) throw new AssignmentInputError(`affinity row of "${input.proposals[p]}" has ${row.length} entries, not one per expert (${E})`);
      for (let e = 0; e < E; e++) if (!Number.isFinite(row[e])) throw new AssignmentInputError(`affinity of ("${input.proposals[p]}", "${input.experts[e]}") is not a finite number`);
    });
    return { proposals: input.proposals, experts: input.experts, P, E, coverage, maxLoad, minLoad, forbidden, org, orgCount, allPairs: true, isMatrix: true, listed: [], listedScores: [], matrix: rows, score: (key) => rows[Math.floor(key / E)]![key % E]! };
  }
  const scores = new Map<number, number>();
  const listed: number[] = [];
  const listedScores: number[] = [];
  for (const a of affinity.pairs) {
    const key = pairKey(a.proposal, a.expert, 'affinity');
    if (!Number.isFinite(a.score)) throw new AssignmentInputError(`affinity of ("${a.proposal}", "${a.expert}") is not a finite number`);
    if (scores.has(key)) throw new AssignmentInputError(`affinity of ("${a.proposal}", "${a.expert}") is given twice`);
    scores.set(key, a.score);
    listed.push(key);
    listedScores.push(a.score);
  }
  return {
    proposals: input.proposals,
    experts: input.experts,
    P,
    E,
    coverage,
    maxLoad,
    minLoad,
    forbidden,
    org,
    orgCount,
    allPairs: (affinity.absent ?? 'zero') === 'zero',
    isMatrix: false,
    matrix: null,
    listed,
    listedScores,
    score: (key) => scores.get(key) ?? 0,
  };
}
