// The same affinity computed the straightforward way: a term → weight map per expert and per application,
// and a dot product for every pair. Quadratic in the number of pairs; kept as the oracle the indexed
// computation is tested against, and as the baseline in bench/affinity.ts.
import { fieldLengths } from './affinity.ts';
import { idf, lengthNorm, queryWeight, saturate } from './bm25.ts';
import { analyseCorpus, type Corpus } from './corpus.ts';
import {
  APPLICATION_SOURCES,
  EXPERT_SOURCES,
  resolveOptions,
  type AffinityDocument,
  type AffinityOptions,
  type ExpertProfileText,
  type ResolvedAffinityOptions,
} from './types.ts';

/** Row-major scores, applications × experts, in float64. */
export function referenceAffinity(applications: readonly AffinityDocument[], experts: readonly ExpertProfileText[], options?: AffinityOptions): Float64Array {
  const o = resolveOptions(options);
  return referenceScores(analyseCorpus(applications, experts), o);
}

/** The scoring half, on an analysed corpus. */
export function referenceScores(corpus: Corpus, o: ResolvedAffinityOptions): Float64Array {
  const n = corpus.experts.length;

  const df = new Map<number, number>();
  for (const doc of corpus.experts) {
    const terms = new Set<number>();
    for (const bag of doc) for (const t of bag.keys()) terms.add(t);
    for (const t of terms) df.set(t, (df.get(t) ?? 0) + 1);
  }

  const { lengths, average } = fieldLengths(corpus.experts, EXPERT_SOURCES.length);
  const expertVectors = corpus.experts.map((doc, e) => {
    const tf = new Map<number, number>();
    doc.forEach((bag, f) => {
      const norm = lengthNorm(o.b, lengths[e * EXPERT_SOURCES.length + f]!, average[f]!);
      for (const [t, count] of bag) tf.set(t, (tf.get(t) ?? 0) + (o.expertWeights[EXPERT_SOURCES[f]!] * count) / norm);
    });
    return new Map([...tf].map(([t, x]) => [t, idf(n, df.get(t)!) * saturate(x, o.k1)]));
  });

  const queries = corpus.applications.map((doc) => {
    const tf = new Map<number, number>();
    doc.forEach((bag, f) => {
      for (const [t, count] of bag) if (df.has(t)) tf.set(t, (tf.get(t) ?? 0) + o.applicationWeights[APPLICATION_SOURCES[f]!] * count);
    });
    return [...tf].filter(([, x]) => x > 0).map(([t, x]) => [t, queryWeight(x, o.k3)] as const);
  });

  const out = new Float64Array(corpus.applications.length * n);
  queries.forEach((query, a) => {
    let best = 0;
    for (const [t, w] of query) best += w * idf(n, df.get(t)!);
    const row = new Float64Array(n);
    expertVectors.forEach((vector, e) => {
      let s = 0;
      for (const [t, w] of query) s += w * (vector.get(t) ?? 0);
      row[e] = s;
    });
    const max = Math.max(0, ...row);
    const scale = o.normalisation === 'query' ? (best > 0 ? 1 / best : 0) : o.normalisation === 'best' ? (max > 0 ? 1 / max : 0) : 1;
    out.set(row.map((s) => s * scale), a * n);
  });
  return out;
}
