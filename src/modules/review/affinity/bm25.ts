// The BM25F pieces shared by the indexed computation and the all-pairs reference. docs/review-affinity.md

/** Robertson–Spärck Jones IDF with +1 inside the log (as Lucene), so a term every expert uses still counts a little, never negatively. */
export function idf(expertCount: number, documentFrequency: number): number {
  return Math.log(1 + (expertCount - documentFrequency + 0.5) / (documentFrequency + 0.5));
}

/** The length normaliser of one field: 1 at the average length, larger for longer fields. */
export function lengthNorm(b: number, length: number, averageLength: number): number {
  return averageLength > 0 ? 1 - b + (b * length) / averageLength : 1;
}

/** tf / (k + tf): 0 at 0, ½ at tf = k, towards 1 as tf grows. */
export function saturate(tf: number, k: number): number {
  return tf / (k + tf);
}

/** The weight of an application's term: its field-weighted count, saturated so that repetition in an abstract cannot swamp the rest. */
export function queryWeight(tf: number, k3: number): number {
  return ((k3 + 1) * tf) / (k3 + tf);
}
