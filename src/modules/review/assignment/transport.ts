// The assignment network specialised to its bipartite shape, for large instances:
//
//   proposal p (supply k_p) ──[0, 1], cost c(p,e)──▶ expert e (demand min_e) ──[0, max_e − min_e]──▶ T (demand Σk − Σmin)
//
// (the lower bound of expert → sink moved into demands, as in min-cost-flow.ts). Successive shortest paths
// with Dijkstra on reduced costs, one unit at a time, from any node with excess to the NEAREST node with a
// deficit (early termination): on an assignment most paths are a few arcs long, so a search touches a small
// part of the network. Potentials change only on the nodes the search finalised (π(v) += d(v) − d(target)),
// which keeps every residual reduced cost ≥ 0 and makes potentials only decrease.
//
// Arcs can be added between solves (candidate pairs found by pricing): an arc of negative reduced cost is
// saturated at once, which moves one unit of excess to its expert and keeps the reduced-cost invariant; the
// next solve then starts from the current flow and potentials (warm start). Everything lives in typed arrays.
import { IndexedHeap } from './heap.ts';

export class Transport {
  readonly P: number;
  readonly E: number;
  /** The sink node; proposals are 0..P−1, experts P..P+E−1. */
  readonly T: number;
  readonly pi: Float64Array;
  /** Supply minus net outflow: > 0 excess still to place, < 0 a deficit still to fill. */
  readonly excess: Float64Array;
  /** Flow on expert → T and its capacity (max − min). */
  private readonly flowET: Float64Array;
  private readonly capET: Float64Array;

  // Pair arcs, indexed by arc id.
  private arcP = new Int32Array(1024);
  private arcE = new Int32Array(1024);
  private arcCost = new Float64Array(1024);
  private flow = new Uint8Array(1024);
  // Arcs carrying flow, per expert, as doubly linked lists (an expert may briefly exceed its max load
  // after a saturation, so no fixed-size slots).
  private next = new Int32Array(1024);
  private prev = new Int32Array(1024);
  private readonly firstAssigned: Int32Array;
  private count = 0;
  // Arc ids by proposal (CSR), rebuilt when arcs were added.
  private byStart: Int32Array;
  private byArc = new Int32Array(0);
  private indexed = 0;

  // Search state, reset only where touched.
  private readonly dist: Float64Array;
  private readonly parent: Int32Array;
  private readonly state: Uint8Array; // 0 untouched, 1 in heap, 2 finalised
  private readonly touched: Int32Array;
  private nTouched = 0;
  private readonly finalised: Int32Array;
  private readonly heap: IndexedHeap;
  augmentations = 0;

  constructor(P: number, E: number, coverage: Int32Array, minLoad: Int32Array, maxLoad: Int32Array) {
    this.P = P;
    this.E = E;
    this.T = P + E;
    const n = P + E + 1;
    this.pi = new Float64Array(n);
    this.excess = new Float64Array(n);
    this.flowET = new Float64Array(E);
    this.capET = new Float64Array(E);
    let K = 0;
    let L = 0;
    for (let p = 0; p < P; p++) {
      this.excess[p] = coverage[p]!;
      K += coverage[p]!;
    }
    for (let e = 0; e < E; e++) {
      this.excess[P + e] = -minLoad[e]!;
      this.capET[e] = maxLoad[e]! - minLoad[e]!;
      L += minLoad[e]!;
    }
    this.excess[this.T] = -(K - L);
    this.firstAssigned = new Int32Array(E).fill(-1);
    this.byStart = new Int32Array(P + 1);
    this.dist = new Float64Array(n).fill(Infinity);
    this.parent = new Int32Array(n);
    this.state = new Uint8Array(n);
    this.touched = new Int32Array(n);
    this.finalised = new Int32Array(n);
    this.heap = new IndexedHeap(n);
  }

  get arcCount(): number {
    return this.count;
  }

  private grow(): void {
    const size = this.arcP.length * 2;
    const g = <A extends Int32Array | Float64Array | Uint8Array>(a: A, make: new (n: number) => A): A => {
      const b = new make(size);
      b.set(a);
      return b;
    };
    this.arcP = g(this.arcP, Int32Array);
    this.arcE = g(this.arcE, Int32Array);
    this.arcCost = g(this.arcCost, Float64Array);
    this.flow = g(this.flow, Uint8Array);
    this.next = g(this.next, Int32Array);
    this.prev = g(this.prev, Int32Array);
  }

  /**
   * Adds the pair arc p → e of integer cost `cost`, empty; with `saturateIfNegative` (arcs added after a
   * solve), one of negative reduced cost is saturated instead, so that its reverse has a positive one.
   */
  addArc(p: number, e: number, cost: number, saturateIfNegative: boolean): void {
    if (this.count === this.arcP.length) this.grow();
    const a = this.count++;
    this.arcP[a] = p;
    this.arcE[a] = e;
    this.arcCost[a] = cost;
    this.flow[a] = 0;
    if (saturateIfNegative && cost + this.pi[p]! - this.pi[this.P + e]! < 0) {
      this.setFlow(a, 1);
      this.excess[p]!--;
      this.excess[this.P + e]!++;
    }
  }

  private setFlow(a: number, f: 0 | 1): void {
    const e = this.arcE[a]!;
    this.flow[a] = f;
    if (f === 1) {
      const h = this.firstAssigned[e]!;
      this.next[a] = h;
      this.prev[a] = -1;
      if (h >= 0) this.prev[h] = a;
      this.firstAssigned[e] = a;
    } else {
      const nx = this.next[a]!;
      const pv = this.prev[a]!;
      if (pv >= 0) this.next[pv] = nx;
      else this.firstAssigned[e] = nx;
      if (nx >= 0) this.prev[nx] = pv;
    }
  }

  /** Valid starting potentials for the empty flow: π(p) = 0, π(e) = the cheapest arc into e, π(T) = min π(e). */
  initPotentials(): void {
    const { P, E, pi } = this;
    pi.fill(0);
    for (let a = 0; a < this.count; a++) {
      const v = P + this.arcE[a]!;
      if (this.arcCost[a]! < pi[v]!) pi[v] = this.arcCost[a]!;
    }
    let low = 0;
    for (let e = 0; e < E; e++) low = Math.min(low, pi[P + e]!);
    pi[this.T] = low;
  }

  private index(): void {
    if (this.indexed === this.count && this.byArc.length >= this.count) return;
    const P = this.P;
    const start = new Int32Array(P + 1);
    for (let a = 0; a < this.count; a++) start[this.arcP[a]! + 1]!++;
    for (let p = 0; p < P; p++) start[p + 1]! += start[p]!;
    const list = new Int32Array(this.count);
    const fill = start.slice(0, P);
    for (let a = 0; a < this.count; a++) list[fill[this.arcP[a]!]!++] = a;
    this.byStart = start;
    this.byArc = list;
    this.indexed = this.count;
  }

  /** Calls `f(e)` for every expert that has an arc from p. */
  expertsOf(p: number, f: (e: number) => void): void {
    this.index();
    for (let k = this.byStart[p]!, end = this.byStart[p + 1]!; k < end; k++) f(this.arcE[this.byArc[k]!]!);
  }

  /**
   * Places every excess it can. Returns the number of units left unplaced: each of them has no residual path
   * to any deficit in the current network (then `reachable()` gives the closed set around them).
   */
  run(): number {
    this.index();
    let left = 0;
    for (let v = 0; v <= this.T; v++) {
      while (this.excess[v]! > 0) {
        if (!this.augmentFrom(v)) {
          left += this.excess[v]!;
          break;
        }
      }
    }
    return left;
  }

  private relax(v: number, nd: number, via: number): void {
    const st = this.state[v]!;
    if (st === 2 || nd >= this.dist[v]!) return;
    if (st === 0) {
      this.state[v] = 1;
      this.touched[this.nTouched++] = v;
    }
    this.dist[v] = nd;
    this.parent[v] = via;
    this.heap.set(v, nd);
  }

  /** One Dijkstra search from s, stopped at the first deficit node; augments one unit along the path. */
  private augmentFrom(s: number): boolean {
    const { P, T, pi, dist, heap, state, excess } = this;
    const arcP = this.arcP;
    const arcE = this.arcE;
    const cost = this.arcCost;
    const flow = this.flow;
    const byStart = this.byStart;
    const byArc = this.byArc;
    this.nTouched = 0;
    heap.clear();
    this.relax(s, 0, -1);
    let target = -1;
    let done = 0;
    const finalised = this.finalised;
    while (heap.size > 0) {
      const u = heap.pop();
      state[u] = 2;
      finalised[done++] = u;
      const d = dist[u]!;
      if (excess[u]! < 0) {
        target = u;
        break;
      }
      const pu = pi[u]!;
      if (u < P) {
        for (let k = byStart[u]!, end = byStart[u + 1]!; k < end; k++) {
          const a = byArc[k]!;
          if (flow[a]) continue;
          const v = P + arcE[a]!;
          this.relax(v, d + cost[a]! + pu - pi[v]!, a);
        }
      } else if (u < T) {
        const e = u - P;
        for (let a = this.firstAssigned[e]!; a >= 0; a = this.next[a]!) {
          const v = arcP[a]!;
          this.relax(v, d - cost[a]! + pu - pi[v]!, a);
        }
        if (this.flowET[e]! < this.capET[e]!) this.relax(T, d + pu - pi[T]!, -2 - e);
      } else {
        for (let e = 0; e < this.E; e++) if (this.flowET[e]! > 0) this.relax(P + e, d + pu - pi[P + e]!, -1);
      }
    }
    let ok = false;
    if (target >= 0) {
      ok = true;
      const dT = dist[target]!;
      for (let i = 0; i < done; i++) {
        const v = finalised[i]!;
        pi[v]! += dist[v]! - dT;
      }
      for (let v = target; v !== s; ) {
        const via = this.parent[v]!;
        if (via >= 0) {
          if (v >= P) {
            this.setFlow(via, 1);
            v = arcP[via]!;
          } else {
            this.setFlow(via, 0);
            v = P + arcE[via]!;
          }
        } else if (via === -1) {
          this.flowET[v - P]!--;
          v = T;
        } else {
          const e = -2 - via;
          this.flowET[e]!++;
          v = P + e;
        }
      }
      excess[s]!--;
      excess[target]!++;
      this.augmentations++;
    }
    for (let i = 0; i < this.nTouched; i++) {
      const v = this.touched[i]!;
      dist[v] = Infinity;
      state[v] = 0;
    }
    return ok;
  }

  /** Nodes reachable in the residual network from every node with excess (1 = reachable). */
  reachable(): Uint8Array {
    const { P, T } = this;
    this.index();
    const seen = new Uint8Array(T + 1);
    const stack: number[] = [];
    const visit = (v: number) => {
      if (!seen[v]) {
        seen[v] = 1;
        stack.push(v);
      }
    };
    for (let v = 0; v <= T; v++) if (this.excess[v]! > 0) visit(v);
    while (stack.length) {
      const u = stack.pop()!;
      if (u < P) {
        for (let k = this.byStart[u]!, end = this.byStart[u + 1]!; k < end; k++) if (!this.flow[this.byArc[k]!]) visit(P + this.arcE[this.byArc[k]!]!);
      } else if (u < T) {
        for (let a = this.firstAssigned[u - P]!; a >= 0; a = this.next[a]!) visit(this.arcP[a]!);
        if (this.flowET[u - P]! < this.capET[u - P]!) visit(T);
      } else for (let e = 0; e < this.E; e++) if (this.flowET[e]! > 0) visit(P + e);
    }
    return seen;
  }

  /** Smallest reduced cost over every residual arc of the network built (Infinity when there is none). */
  minReducedCost(): number {
    const { P, T, pi } = this;
    let min = Infinity;
    for (let a = 0; a < this.count; a++) {
      const rc = this.arcCost[a]! + pi[this.arcP[a]!]! - pi[P + this.arcE[a]!]!;
      min = Math.min(min, this.flow[a] ? -rc : rc);
    }
    for (let e = 0; e < this.E; e++) {
      const rc = pi[P + e]! - pi[T]!;
      if (this.flowET[e]! < this.capET[e]!) min = Math.min(min, rc);
      if (this.flowET[e]! > 0) min = Math.min(min, -rc);
    }
    return min;
  }

  /** The largest |π|: every potential only decreases, so this bounds every number the searches handled. */
  maxAbsPotential(): number {
    let m = 0;
    for (let v = 0; v <= this.T; v++) m = Math.max(m, Math.abs(this.pi[v]!));
    return m;
  }

  /** Calls `f(p, e)` for every arc carrying flow. */
  forEachAssigned(f: (p: number, e: number) => void): void {
    for (let a = 0; a < this.count; a++) if (this.flow[a]) f(this.arcP[a]!, this.arcE[a]!);
  }
}
