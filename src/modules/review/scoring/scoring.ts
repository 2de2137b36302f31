// Scores of a review round (issue #5, part 5): weighted totals, plain / trimmed / calibrated means, a ranking
// with ties and disagreement flags. Pure functions; docs/review.md explains each with a worked example.

export interface ScoringCriterion {
  key: string;
  /** Relative weight (> 0). */
  weight: number;
  /** Highest score on this criterion (> 0); scores run 0–scaleMax. */
  scaleMax: number;
}

/** One submitted sheet, reduced to its weighted total in hundredths of a point (0–10000 for 0–100). */
export interface SheetTotal {
  itemId: string;
  expertId: string;
  totalCenti: number;
}

export type RankMetric = 'mean' | 'trimmed' | 'calibrated';

export interface ItemResult {
  itemId: string;
  /** Submitted sheets. */
  n: number;
  /** The totals, highest first. */
  totals: SheetTotal[];
  meanCenti: number | null;
  /** Highest and lowest dropped when there are at least 3 totals; otherwise the plain mean. */
  trimmedCenti: number | null;
  trimmed: boolean;
  /** The item's effect in the additive expert-bias model (see calibrate). */
  calibratedCenti: number | null;
  /** max − min of the totals. */
  spreadCenti: number | null;
  /** Population standard deviation of the totals. */
  stdDevCenti: number | null;
  /** The experts disagree: spread ≥ the round's threshold (needs 2 totals). */
  disagreement: boolean;
  /** Competition ranking (1, 2, 2, 4) by the chosen metric, rounded to hundredths; null when unscored. */
  rank: number | null;
  tied: boolean;
}

export interface ExpertBias {
  expertId: string;
  n: number;
  /** Mean of this expert's totals. */
  meanCenti: number;
  /** How much this expert scores above (+) or below (−) the consensus on the items they reviewed. */
  biasCenti: number;
}

export interface RoundResults {
  items: ItemResult[];
  experts: ExpertBias[];
  rankBy: RankMetric;
}

const round = (x: number) => Math.round(x + 0) || 0;

/**
 * The weighted total of one sheet on a 0–100 scale, in hundredths: Σ wᵢ·(sᵢ / maxᵢ) / Σ wᵢ × 100.
 * Throws on a missing or out-of-range score: a sheet is only totalled once complete.
 */
export function weightedTotalCenti(criteria: readonly ScoringCriterion[], scores: Readonly<Record<string, number>>): number {
  if (criteria.length === 0) throw new RangeError('no criteria');
  let sumW = 0;
  let acc = 0;
  for (const c of criteria) {
    if (!(c.weight > 0) || !(c.scaleMax > 0)) throw new RangeError(`criterion ${c.key}: weight and scale must be positive`);
    const s = scores[c.key];
    if (s === undefined || !Number.isFinite(s) || s < 0 || s > c.scaleMax) throw new RangeError(`criterion ${c.key}: score missing or outside 0–${c.scaleMax}`);
    sumW += c.weight;
    acc += (c.weight * s) / c.scaleMax;
  }
  return round((acc / sumW) * 10000);
}

function mean(xs: readonly number[]): number {
  let s = 0;
  for (const x of xs) s += x;
  return s / xs.length;
}

/** Highest and lowest dropped (去掉一个最高分和一个最低分) when there are at least 3; else the plain mean. */
export function trimmedMean(xs: readonly number[]): { value: number; trimmed: boolean } {
  if (xs.length < 3) return { value: mean(xs), trimmed: false };
  const sorted = [...xs].sort((a, b) => a - b);
  return { value: mean(sorted.slice(1, -1)), trimmed: true };
}

/**
 * Calibration for harsh and lenient experts: the additive model total(item, expert) = quality(item) +
 * bias(expert) + noise, fitted by least squares. In each connected group of items and experts (linked by
 * sheets) the biases average to zero weighted by sheets, so a calibrated score stays on the 0–100 scale.
 * When every expert scored every item the calibrated score equals the plain mean; it differs when a harsh
 * or lenient expert saw only some items. Solved by alternating exact minimisation (each step solves for one
 * side given the other), which converges to the least-squares solution.
 */
export function calibrate(sheets: readonly SheetTotal[], opts: { tolerance?: number; maxIterations?: number } = {}): { quality: Map<string, number>; bias: Map<string, number> } {
  const tol = opts.tolerance ?? 1e-9;
  const maxIt = opts.maxIterations ?? 10_000;
  const items = [...new Set(sheets.map((s) => s.itemId))];
  const experts = [...new Set(sheets.map((s) => s.expertId))];
  const iIx = new Map(items.map((id, i) => [id, i]));
  const eIx = new Map(experts.map((id, i) => [id, i]));
  const pairs = sheets.map((s) => ({ i: iIx.get(s.itemId)!, e: eIx.get(s.expertId)!, x: s.totalCenti }));

  // Connected components of the bipartite graph (union-find over items then experts).
  const parent = Array.from({ length: items.length + experts.length }, (_, k) => k);
  const find = (k: number): number => {
    while (parent[k] !== k) {
      parent[k] = parent[parent[k]!]!;
      k = parent[k]!;
    }
    return k;
  };
  for (const p of pairs) parent[find(p.i)] = find(items.length + p.e);
  const expertComp = experts.map((_, e) => find(items.length + e));

  const q = new Float64Array(items.length);
  const b = new Float64Array(experts.length);
  const nI = new Float64Array(items.length);
  const nE = new Float64Array(experts.length);
  for (const p of pairs) {
    nI[p.i]! += 1;
    nE[p.e]! += 1;
  }
  const sumI = new Float64Array(items.length);
  const sumE = new Float64Array(experts.length);
  for (let it = 0; it < maxIt; it++) {
    sumI.fill(0);
    for (const p of pairs) sumI[p.i]! += p.x - b[p.e]!;
    let change = 0;
    for (let i = 0; i < items.length; i++) {
      const v = sumI[i]! / nI[i]!;
      change = Math.max(change, Math.abs(v - q[i]!));
      q[i] = v;
    }
    sumE.fill(0);
    for (const p of pairs) sumE[p.e]! += p.x - q[p.i]!;
    for (let e = 0; e < experts.length; e++) {
      const v = sumE[e]! / nE[e]!;
      change = Math.max(change, Math.abs(v - b[e]!));
      b[e] = v;
    }
    if (change < tol) break;
  }
  // Fix each component's free constant: sheet-weighted biases sum to zero (quality absorbs the shift).
  const shift = new Map<number, { s: number; n: number }>();
  for (let e = 0; e < experts.length; e++) {
    const c = expertComp[e]!;
    const acc = shift.get(c) ?? { s: 0, n: 0 };
    acc.s += b[e]! * nE[e]!;
    acc.n += nE[e]!;
    shift.set(c, acc);
  }
  const quality = new Map<string, number>();
  const bias = new Map<string, number>();
  for (let e = 0; e < experts.length; e++) {
    const acc = shift.get(expertComp[e]!)!;
    bias.set(experts[e]!, b[e]! - acc.s / acc.n);
  }
  for (let i = 0; i < items.length; i++) {
    const acc = shift.get(find(i));
    quality.set(items[i]!, q[i]! + (acc ? acc.s / acc.n : 0));
  }
  return { quality, bias };
}

/**
 * Competition ranking (1, 2, 2, 4) of values, higher first; null values are unranked. Values are compared
 * as given (callers pass hundredths rounded to integers, so equal displayed scores tie).
 */
export function rankWithTies<T>(rows: readonly T[], value: (row: T) => number | null): { row: T; rank: number | null; tied: boolean }[] {
  const scored = rows.filter((r) => value(r) !== null).sort((a, b) => value(b)! - value(a)!);
  const out = new Map<T, { rank: number; tied: boolean }>();
  for (let i = 0; i < scored.length; i++) {
    const v = value(scored[i]!)!;
    const first = scored.findIndex((r) => value(r) === v);
    const tied = (i > 0 && value(scored[i - 1]!) === v) || (i + 1 < scored.length && value(scored[i + 1]!) === v);
    out.set(scored[i]!, { rank: first + 1, tied });
  }
  const ranked = scored.map((row) => ({ row, ...out.get(row)! }));
  const unscored = rows.filter((r) => value(r) === null).map((row) => ({ row, rank: null, tied: false }));
  return [...ranked, ...unscored];
}

/**
 * The results of a round from its submitted sheets: per item the totals side by side, plain, trimmed and
 * calibrated means, spread and standard deviation, the disagreement flag and the rank by `rankBy`; per
 * expert their mean and bias. Items without sheets are listed unranked. Order: by rank, then by input order.
 */
export function roundResults(itemIds: readonly string[], sheets: readonly SheetTotal[], opts: { rankBy: RankMetric; disagreementCenti: number }): RoundResults {
  const byItem = new Map<string, SheetTotal[]>(itemIds.map((id) => [id, []]));
  for (const s of sheets) {
    const list = byItem.get(s.itemId);
    if (!list) throw new RangeError(`sheet for unknown item ${s.itemId}`);
    list.push(s);
  }
  const { quality, bias } = calibrate(sheets);
  const rows = itemIds.map((itemId) => {
    const totals = [...byItem.get(itemId)!].sort((a, b) => b.totalCenti - a.totalCenti);
    const xs = totals.map((t) => t.totalCenti);
    const n = xs.length;
    const m = n ? mean(xs) : null;
    const tm = n ? trimmedMean(xs) : null;
    const spread = n ? xs[0]! - xs[n - 1]! : null;
    const sd = n && m !== null ? Math.sqrt(mean(xs.map((x) => (x - m) ** 2))) : null;
    const cal = quality.get(itemId);
    return {
      itemId,
      n,
      totals,
      meanCenti: m === null ? null : round(m),
      trimmedCenti: tm === null ? null : round(tm.value),
      trimmed: tm?.trimmed ?? false,
      calibratedCenti: cal === undefined ? null : round(Math.min(10000, Math.max(0, cal))),
      spreadCenti: spread,
      stdDevCenti: sd === null ? null : round(sd),
      disagreement: n >= 2 && spread !== null && spread >= opts.disagreementCenti,
    };
  });
  const metric = (r: (typeof rows)[number]) => (opts.rankBy === 'mean' ? r.meanCenti : opts.rankBy === 'trimmed' ? r.trimmedCenti : r.calibratedCenti);
  const ranked = rankWithTies(rows, metric).map(({ row, rank, tied }) => ({ ...row, rank, tied }));

  const byExpert = new Map<string, number[]>();
  for (const s of sheets) byExpert.set(s.expertId, [...(byExpert.get(s.expertId) ?? []), s.totalCenti]);
  const experts = [...byExpert].map(([expertId, xs]) => ({ expertId, n: xs.length, meanCenti: round(mean(xs)), biasCenti: round(bias.get(expertId) ?? 0) }));
  return { items: ranked, experts, rankBy: opts.rankBy };
}
