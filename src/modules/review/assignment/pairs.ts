// Every eligible proposal–expert pair of a prepared input, read one proposal at a time without building
// them all: a matrix row as given, listed pairs (plus score 0 for every unlisted one when those may be
// assigned), minus forbidden pairs and experts with max load 0. Used to pick candidate pairs, to price the
// pairs left out of the network, and to widen the network when it cannot place every review.
import type { Prepared } from './prepare.ts';

export interface Picked {
  p: number[];
  e: number[];
  cost: number[];
}

export class PairSource {
  readonly P: number;
  readonly E: number;
  /** 1 = not to be visited for the current proposal: max load 0 (always), forbidden, or already in the network. */
  readonly mark: Uint8Array;
  private readonly scale: number;
  private readonly fStart: Int32Array;
  private readonly fExpert: Int32Array;
  private readonly matrix: readonly ArrayLike<number>[] | null;
  // Listed pairs by proposal, for a pair list.
  private readonly lStart: Int32Array;
  private readonly lExpert: Int32Array;
  private readonly lScore: Float64Array;
  /** Unlisted pairs score 0: rows are dense (filled into `row`); otherwise only listed pairs exist. */
  private readonly zeroRows: boolean;
  private readonly row: Float64Array;
  private readonly zeroCap: Int32Array;
  // Scratch for selections.
  private readonly tmpE: Int32Array;
  private readonly tmpV: Float64Array;

  constructor(pr: Prepared, scale: number) {
    const { P, E } = pr;
    this.P = P;
    this.E = E;
    this.scale = scale;
    this.mark = new Uint8Array(E);
    const zero: number[] = [];
    for (let e = 0; e < E; e++) if (pr.maxLoad[e] === 0) zero.push(e);
    this.zeroCap = Int32Array.from(zero);
    for (const e of zero) this.mark[e] = 1;
    [this.fStart, this.fExpert] = group(P, E, pr.forbidden.values(), pr.forbidden.size);
    this.matrix = pr.matrix;
    const [ls, le, order] = group(P, E, pr.listed.values(), pr.listed.length, true);
    this.lStart = ls;
    this.lExpert = le;
    this.lScore = Float64Array.from(order!, (i) => pr.listedScores[i]!);
    this.zeroRows = !pr.isMatrix && pr.allPairs;
    this.row = new Float64Array(this.zeroRows ? E : 0);
    this.tmpE = new Int32Array(E);
    this.tmpV = new Float64Array(E);
  }

  cost(score: number): number {
    return -Math.round(score * this.scale);
  }

  /** Marks p's forbidden experts, fills the row, and says how to read p's pairs: ids (null = 0..E−1), values, range. */
  private open(p: number): { ids: Int32Array | null; vals: ArrayLike<number>; lo: number; hi: number } {
    for (let k = this.fStart[p]!; k < this.fStart[p + 1]!; k++) this.mark[this.fExpert[k]!] = 1;
    if (this.matrix) return { ids: null, vals: this.matrix[p]!, lo: 0, hi: this.E };
    if (!this.zeroRows) return { ids: this.lExpert, vals: this.lScore, lo: this.lStart[p]!, hi: this.lStart[p + 1]! };
    const row = this.row;
    row.fill(0);
    for (let k = this.lStart[p]!; k < this.lStart[p + 1]!; k++) row[this.lExpert[k]!] = this.lScore[k]!;
    return { ids: null, vals: row, lo: 0, hi: this.E };
  }

  private close(p: number): void {
    for (let k = this.fStart[p]!; k < this.fStart[p + 1]!; k++) this.mark[this.fExpert[k]!] = 0;
    for (const e of this.zeroCap) this.mark[e] = 1;
  }

  /** The (up to) `limit` unmarked eligible experts of p with the highest scores. */
  best(p: number, limit: number, out: Picked): void {
    const { ids, vals, lo, hi } = this.open(p);
    const mark = this.mark;
    // A min-heap of the best `limit` so far (score, expert) in tmpV/tmpE.
    const hv = this.tmpV;
    const he = this.tmpE;
    let n = 0;
    for (let i = lo; i < hi; i++) {
      const e = ids ? ids[i]! : i;
      if (mark[e]) continue;
      const s = vals[i]!;
      if (n < limit) {
        let j = n++;
        while (j > 0) {
          const q = (j - 1) >> 1;
          if (hv[q]! <= s) break;
          hv[j] = hv[q]!;
          he[j] = he[q]!;
          j = q;
        }
        hv[j] = s;
        he[j] = e;
      } else if (s > hv[0]!) {
        let j = 0;
        for (;;) {
          let c = 2 * j + 1;
          if (c >= n) break;
          if (c + 1 < n && hv[c + 1]! < hv[c]!) c++;
          if (hv[c]! >= s) break;
          hv[j] = hv[c]!;
          he[j] = he[c]!;
          j = c;
        }
        hv[j] = s;
        he[j] = e;
      }
    }
    for (let j = 0; j < n; j++) {
      out.p.push(p);
      out.e.push(he[j]!);
      out.cost.push(this.cost(hv[j]!));
    }
    this.close(p);
  }

  /**
   * For each expert e, the (up to) `limit[e]` proposals scoring highest with e among its eligible pairs, as
   * pairs grouped by proposal (CSR: `start`, then expert and cost per entry). Candidates picked per proposal
   * alone would all crowd onto experts every proposal likes; these give every expert some of its own.
   */
  bestPerExpert(limit: Int32Array): { start: Int32Array; expert: Int32Array; cost: Float64Array } {
    const { P, E } = this;
    // One min-heap (score, proposal) per expert, in flat arrays at offsets `at`.
    const at = new Int32Array(E + 1);
    for (let e = 0; e < E; e++) at[e + 1] = at[e]! + limit[e]!;
    const hv = new Float64Array(at[E]!);
    const hp = new Int32Array(at[E]!);
    const size = new Int32Array(E);
    const mark = this.mark;
    for (let p = 0; p < P; p++) {
      const { ids, vals, lo, hi } = this.open(p);
      for (let i = lo; i < hi; i++) {
        const e = ids ? ids[i]! : i;
        if (mark[e]) continue;
        const s = vals[i]!;
        const base = at[e]!;
        const n = size[e]!;
        if (n < limit[e]!) {
          let j = n;
          size[e] = n + 1;
          while (j > 0) {
            const q = (j - 1) >> 1;
            if (hv[base + q]! <= s) break;
            hv[base + j] = hv[base + q]!;
            hp[base + j] = hp[base + q]!;
            j = q;
          }
          hv[base + j] = s;
          hp[base + j] = p;
        } else if (n > 0 && s > hv[base]!) {
          let j = 0;
          for (;;) {
            let c = 2 * j + 1;
            if (c >= n) break;
            if (c + 1 < n && hv[base + c + 1]! < hv[base + c]!) c++;
            if (hv[base + c]! >= s) break;
            hv[base + j] = hv[base + c]!;
            hp[base + j] = hp[base + c]!;
            j = c;
          }
          hv[base + j] = s;
          hp[base + j] = p;
        }
      }
      this.close(p);
    }
    const start = new Int32Array(P + 1);
    for (let e = 0; e < E; e++) for (let j = 0; j < size[e]!; j++) start[hp[at[e]! + j]! + 1]!++;
    for (let p = 0; p < P; p++) start[p + 1]! += start[p]!;
    const fill = start.slice(0, P);
    const expert = new Int32Array(start[P]!);
    const cost = new Float64Array(start[P]!);
    for (let e = 0; e < E; e++) {
      for (let j = 0; j < size[e]!; j++) {
        const k = fill[hp[at[e]! + j]!]!++;
        expert[k] = e;
        cost[k] = this.cost(hv[at[e]! + j]!);
      }
    }
    return { start, expert, cost };
  }

  /**
   * Prices p's unmarked eligible pairs (those not in the network): reduced cost c(p,e) + π(p) − π(e) with
   * `pi` indexed by proposal p and expert P + e. Adds up to `cap` of the most negative to `out`; with
   * `within`, instead adds up to `cap` pairs to experts with within[e] = 0, cheapest first, whatever their
   * sign. Returns the smallest reduced cost seen (Infinity when p has no such pair).
   */
  price(p: number, pi: Float64Array, cap: number, out: Picked, within: Uint8Array | null = null): number {
    const { ids, vals, lo, hi } = this.open(p);
    const mark = this.mark;
    const P = this.P;
    const scale = this.scale;
    const pp = pi[p]!;
    let min = Infinity;
    let n = 0;
    for (let i = lo; i < hi; i++) {
      const e = ids ? ids[i]! : i;
      if (mark[e]) continue;
      const rc = -Math.round(vals[i]! * scale) + pp - pi[P + e]!;
      if (rc < min) min = rc;
      if (within ? !within[e] : rc < 0) {
        this.tmpE[n] = e;
        this.tmpV[n++] = rc;
      }
    }
    this.close(p);
    let take = Array.from({ length: n }, (_, j) => j);
    if (n > cap) take = take.sort((a, b) => this.tmpV[a]! - this.tmpV[b]!).slice(0, cap);
    for (const j of take) {
      const e = this.tmpE[j]!;
      out.p.push(p);
      out.e.push(e);
      out.cost.push(this.tmpV[j]! - pp + pi[P + e]!);
    }
    return min;
  }
}

/** Groups pair keys p × E + e by proposal (CSR): start offsets, experts, and (optionally) each entry's input index. */
function group(P: number, E: number, keys: Iterable<number>, count: number, withOrder = false): [Int32Array, Int32Array, Int32Array | null] {
  const all = Float64Array.from(keys);
  const start = new Int32Array(P + 1);
  for (let i = 0; i < count; i++) start[Math.floor(all[i]! / E) + 1]!++;
  for (let p = 0; p < P; p++) start[p + 1]! += start[p]!;
  const fill = start.slice(0, P);
  const experts = new Int32Array(count);
  const order = withOrder ? new Int32Array(count) : null;
  for (let i = 0; i < count; i++) {
    const key = all[i]!;
    const at = fill[Math.floor(key / E)]!++;
    experts[at] = key % E;
    if (order) order[at] = i;
  }
  return [start, experts, order];
}
