/** An application (proposal) as text. */
export interface AffinityDocument {
  id: string;
  title?: string;
  abstract?: string;
  keywords?: readonly string[];
}

/** An expert's profile as text. */
export interface ExpertProfileText {
  id: string;
  keywords?: readonly string[];
  /** Research fields (生物医药, 人工智能): read like keywords, weighted less (they are broad). */
  fields?: readonly string[];
  biography?: string;
  publications?: readonly { title: string; year?: number }[];
}

export const APPLICATION_SOURCES = ['keyword', 'title', 'abstract'] as const;
export const EXPERT_SOURCES = ['keyword', 'field', 'publication', 'biography'] as const;
export type ApplicationSource = (typeof APPLICATION_SOURCES)[number];
export type ExpertSource = (typeof EXPERT_SOURCES)[number];

/**
 * How a row of scores is scaled. `query` (default): divided by the most any expert could score for that
 * application (Σ query weight × IDF over its terms that some expert uses), so scores lie in [0, 1) on one
 * absolute scale for every application — what a solver summing scores over pairs needs. `best`: the best
 * expert of each application scores 1 (for ranking one application's experts). `none`: raw BM25.
 */
export type AffinityNormalisation = 'query' | 'best' | 'none';

export interface AffinityOptions {
  /** BM25 term-frequency saturation. */
  k1?: number;
  /** BM25 length normalisation, 0 (none) to 1 (full), the same for every expert field. */
  b?: number;
  /** Saturation of the application's (the query's) own term frequency. */
  k3?: number;
  applicationWeights?: Partial<Record<ApplicationSource, number>>;
  expertWeights?: Partial<Record<ExpertSource, number>>;
  normalisation?: AffinityNormalisation;
}

export interface ResolvedAffinityOptions {
  k1: number;
  b: number;
  k3: number;
  applicationWeights: Record<ApplicationSource, number>;
  expertWeights: Record<ExpertSource, number>;
  normalisation: AffinityNormalisation;
}

export const AFFINITY_DEFAULTS: ResolvedAffinityOptions = {
  k1: 1.2,
  b: 0.75,
  k3: 2,
  applicationWeights: { keyword: 3, title: 2, abstract: 1 },
  expertWeights: { keyword: 3, field: 1.5, publication: 2, biography: 1 },
  normalisation: 'query',
};

/** One matched term of an (application, expert) pair. */
export interface AffinityTerm {
  term: string;
  /** This term's part of the pair's score, on the score's scale: the contributions of all terms sum to it. */
  contribution: number;
  /** Where the expert's side of the match came from, with each source's share (sums to 1), largest first. */
  expert: { source: ExpertSource; share: number }[];
  /** Where the term sits in the application, likewise. */
  application: { source: ApplicationSource; share: number }[];
}

export class AffinityInputError extends Error {
  override name = 'AffinityInputError';
}

export function resolveOptions(o: AffinityOptions = {}): ResolvedAffinityOptions {
  const d = AFFINITY_DEFAULTS;
  const r: ResolvedAffinityOptions = {
    k1: o.k1 ?? d.k1,
    b: o.b ?? d.b,
    k3: o.k3 ?? d.k3,
    applicationWeights: { ...d.applicationWeights, ...o.applicationWeights },
    expertWeights: { ...d.expertWeights, ...o.expertWeights },
    normalisation: o.normalisation ?? d.normalisation,
  };
  const weights = [...Object.values(r.applicationWeights), ...Object.values(r.expertWeights)];
  if (!(r.k1 > 0) || !(r.b >= 0 && r.b <= 1) || !(r.k3 > 0) || !weights.every((w) => Number.isFinite(w) && w >= 0)) {
    throw new AffinityInputError('affinity options: need k1 > 0, 0 ≤ b ≤ 1, k3 > 0 and finite weights ≥ 0');
  }
  return r;
}
