// Affinity of every application to every expert: BM25F with an inverted index over the experts' terms, so an
// application only touches the experts that share a term with it. docs/review-affinity.md
import { bagLength, type Bag } from './analyse.ts';
import { idf, lengthNorm, queryWeight, saturate } from './bm25.ts';
import { analyseCorpus, type Corpus } from './corpus.ts';
import {
  APPLICATION_SOURCES,
  EXPERT_SOURCES,
  resolveOptions,
  type AffinityDocument,
  type AffinityOptions,
  type AffinityTerm,
  type ExpertProfileText,
  type ResolvedAffinityOptions,
} from './types.ts';

const NE = EXPERT_SOURCES.length;
const NA = APPLICATION_SOURCES.length;

/** Postings in CSR form: the experts of term t are expert[start[t] .. start[t+1]), in expert order. */
interface ExpertIndex {
  start: Int32Array;
  expert: Int32Array;
  /** idf(t) · saturate(t̃f), the expert's side of a match. */
  value: Float64Array;
  /** The field-weighted, length-normalised counts behind t̃f, NE per posting (for explanations). */
  fields: Float32Array;
  idf: Float64Array;
}

/** Each application's terms that some expert uses, in CSR form. */
interface Queries {
  start: Int32Array;
  term: Int32Array;
  weight: Float64Array;
  /** The field-weighted counts behind the weight, NA per term (for explanations). */
  fields: Float32Array;
  /** Multiplier turning a raw BM25 sum into the application's normalised score. */
  scale: Float64Array;
}

export interface AffinityStats {
  terms: number;
  postings: number;
  queryTerms: number;
  analyseMs: number;
  indexMs: number;
  scoreMs: number;
}

export function fieldLengths(bags: readonly Bag[][], width: number): { lengths: Float64Array; average: Float64Array } {
  const lengths = new Float64Array(bags.length * width);
  const average = new Float64Array(width);
  bags.forEach((doc, d) =>
    doc.forEach((bag, f) => {
      lengths[d * width + f] = bagLength(bag);
      average[f]! += lengths[d * width + f]!;
    }),
  );
  if (bags.length) for (let f = 0; f < width; f++) average[f]! /= bags.length;
  return { lengths, average };
}

function buildIndex(bags: readonly Bag[][], terms: number, o: ResolvedAffinityOptions): ExpertIndex {
  const n = bags.length;
  const { lengths, average } = fieldLengths(bags, NE);
  const seen = new Int32Array(terms).fill(-1);
  const df = new Int32Array(terms);
  bags.forEach((doc, e) =>
    doc.forEach((bag) =>
      bag.forEach((_, t) => {
        if (seen[t] !== e) {
          seen[t] = e;
          df[t]!++;
        }
      }),
    ),
  );

  const start = new Int32Array(terms + 1);
  for (let t = 0; t < terms; t++) start[t + 1] = start[t]! + df[t]!;
  const idfs = new Float64Array(terms);
  for (let t = 0; t < terms; t++) if (df[t]) idfs[t] = idf(n, df[t]!);
  const size = start[terms]!;
  const index: ExpertIndex = { start, expert: new Int32Array(size), value: new Float64Array(size), fields: new Float32Array(size * NE), idf: idfs };

  const cursor = start.slice(0, terms);
  const tf = new Float64Array(terms * NE);
  const weights = EXPERT_SOURCES.map((s) => o.expertWeights[s]);
  seen.fill(-1);
  const touched: number[] = [];
  for (let e = 0; e < n; e++) {
    bags[e]!.forEach((bag, f) => {
      const norm = lengthNorm(o.b, lengths[e * NE + f]!, average[f]!);
      bag.forEach((count, t) => {
        if (seen[t] !== e) {
          seen[t] = e;
          touched.push(t);
        }
        tf[t * NE + f] = (weights[f]! * count) / norm;
      });
    });
    for (const t of touched) {
      const p = cursor[t]!++;
      let sum = 0;
      for (let f = 0; f < NE; f++) {
        sum += tf[t * NE + f]!;
        index.fields[p * NE + f] = tf[t * NE + f]!;
        tf[t * NE + f] = 0;
      }
      index.expert[p] = e;
      index.value[p] = idfs[t]! * saturate(sum, o.k1);
    }
    touched.length = 0;
  }
  return index;
}

function buildQueries(bags: readonly Bag[][], index: ExpertIndex, terms: number, o: ResolvedAffinityOptions): Queries {
  const weights = APPLICATION_SOURCES.map((s) => o.applicationWeights[s]);
  const tf = new Float64Array(terms * NA);
  const seen = new Int32Array(terms).fill(-1);
  const start = new Int32Array(bags.length + 1);
  const term: number[] = [];
  const weight: number[] = [];
  const fields: number[] = [];
  const scale = new Float64Array(bags.length);
  bags.forEach((doc, a) => {
    const touched: number[] = [];
    doc.forEach((bag, f) =>
      bag.forEach((count, t) => {
        if (index.idf[t] === 0) return; // no expert uses it: it cannot match
        if (seen[t] !== a) {
          seen[t] = a;
          touched.push(t);
        }
        tf[t * NA + f] = weights[f]! * count;
      }),
    );
    let best = 0;
    for (const t of touched) {
      let sum = 0;
      for (let f = 0; f < NA; f++) {
        sum += tf[t * NA + f]!;
        fields.push(tf[t * NA + f]!);
        tf[t * NA + f] = 0;
      }
      if (sum === 0) {
        fields.length -= NA; // every field of it weighted 0
        continue;
      }
      term.push(t);
      weight.push(queryWeight(sum, o.k3));
      best += weight[weight.length - 1]! * index.idf[t]!;
    }
    start[a + 1] = term.length;
    scale[a] = best > 0 ? 1 / best : 0;
  });
  return { start, term: Int32Array.from(term), weight: Float64Array.from(weight), fields: Float32Array.from(fields), scale };
}

function score(index: ExpertIndex, q: Queries, experts: number, normalisation: ResolvedAffinityOptions['normalisation']): Float32Array {
  const applications = q.scale.length;
  const out = new Float32Array(applications * experts);
  const acc = new Float64Array(experts);
  for (let a = 0; a < applications; a++) {
    for (let i = q.start[a]!; i < q.start[a + 1]!; i++) {
      const t = q.term[i]!;
      const w = q.weight[i]!;
      for (let p = index.start[t]!, end = index.start[t + 1]!; p < end; p++) acc[index.expert[p]!]! += w * index.value[p]!;
    }
    if (normalisation !== 'query') {
      let max = 0;
      for (let e = 0; e < experts; e++) if (acc[e]! > max) max = acc[e]!;
      q.scale[a] = normalisation === 'none' ? 1 : max > 0 ? 1 / max : 0;
    }
    const s = q.scale[a]!;
    const row = a * experts;
    for (let e = 0; e < experts; e++) {
      out[row + e] = acc[e]! * s;
      acc[e] = 0;
    }
  }
  return out;
}

function shares<S extends string>(sources: readonly S[], values: Float32Array, at: number): { source: S; share: number }[] {
  let sum = 0;
  for (let f = 0; f < sources.length; f++) sum += values[at + f]!;
  return sources
    .map((source, f) => ({ source, share: sum > 0 ? values[at + f]! / sum : 0 }))
    .filter((s) => s.share > 0)
    .sort((x, y) => y.share - x.share || sources.indexOf(x.source) - sources.indexOf(y.source));
}

/** Scores of every application (row) for every expert (column), with the terms behind each. */
export class AffinityMatrix {
  constructor(
    readonly applications: readonly string[],
    readonly experts: readonly string[],
    /** Row-major, applications × experts, on the scale `options.normalisation` says. */
    readonly scores: Float32Array,
    readonly options: ResolvedAffinityOptions,
    readonly stats: AffinityStats,
    private readonly index: ExpertIndex,
    private readonly queries: Queries,
    private readonly surfaces: readonly string[],
  ) {}

  at(application: number, expert: number): number {
    return this.scores[application * this.experts.length + expert]!;
  }

  /** One application's scores (a view, not a copy). */
  row(application: number): Float32Array {
    const n = this.experts.length;
    return this.scores.subarray(application * n, (application + 1) * n);
  }

  /** Every row, for `solveAssignment({ affinity: { matrix: m.rows() }, … })`. */
  rows(): Float32Array[] {
    return this.applications.map((_, a) => this.row(a));
  }

  /** An application's best experts with a score above 0, best first (ties: input order). */
  top(application: number, n: number): { expert: number; id: string; score: number }[] {
    const row = this.row(application);
    const hits: number[] = [];
    for (let e = 0; e < row.length; e++) if (row[e]! > 0) hits.push(e);
    hits.sort((x, y) => row[y]! - row[x]! || x - y);
    return hits.slice(0, n).map((e) => ({ expert: e, id: this.experts[e]!, score: row[e]! }));
  }

  /** The terms an application and an expert share, largest contribution first; they sum to the score. */
  explain(application: number, expert: number, topN = 10): AffinityTerm[] {
    const { index: x, queries: q } = this;
    const out: AffinityTerm[] = [];
    for (let i = q.start[application]!; i < q.start[application + 1]!; i++) {
      const t = q.term[i]!;
      let lo = x.start[t]!;
      let hi = x.start[t + 1]! - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >>> 1;
        const e = x.expert[mid]!;
        if (e === expert) {
          out.push({
            term: this.surfaces[t]!,
            contribution: q.weight[i]! * x.value[mid]! * q.scale[application]!,
            expert: shares(EXPERT_SOURCES, x.fields, mid * NE),
            application: shares(APPLICATION_SOURCES, q.fields, i * NA),
          });
          break;
        }
        if (e < expert) lo = mid + 1;
        else hi = mid - 1;
      }
    }
    out.sort((a, b) => b.contribution - a.contribution || (a.term < b.term ? -1 : a.term > b.term ? 1 : 0));
    return out.slice(0, topN);
  }
}

/**
 * Affinity between every application and every expert from their texts (Chinese, English or mixed). Pure and
 * deterministic: the same input gives the same matrix. Throws AffinityInputError on duplicate or empty ids
 * and on invalid options.
 */
export function computeAffinity(
  applications: readonly AffinityDocument[],
  experts: readonly ExpertProfileText[],
  options?: AffinityOptions,
): AffinityMatrix {
  const o = resolveOptions(options);
  const t0 = performance.now();
  const corpus = analyseCorpus(applications, experts);
  const m = scoreCorpus(corpus, applications.map((a) => a.id), experts.map((e) => e.id), o);
  m.stats.analyseMs = performance.now() - t0 - m.stats.indexMs - m.stats.scoreMs;
  return m;
}

/** The scoring half of computeAffinity, on an analysed corpus (bench/affinity.ts times the halves apart). */
export function scoreCorpus(corpus: Corpus, applications: readonly string[], experts: readonly string[], o: ResolvedAffinityOptions): AffinityMatrix {
  const terms = corpus.analyser.size;
  const t1 = performance.now();
  const index = buildIndex(corpus.experts, terms, o);
  const queries = buildQueries(corpus.applications, index, terms, o);
  const t2 = performance.now();
  const scores = score(index, queries, experts.length, o.normalisation);
  const t3 = performance.now();
  return new AffinityMatrix(
    applications,
    experts,
    scores,
    o,
    { terms, postings: index.expert.length, queryTerms: queries.term.length, analyseMs: 0, indexMs: t2 - t1, scoreMs: t3 - t2 },
    index,
    queries,
    corpus.analyser.surfaces,
  );
}
