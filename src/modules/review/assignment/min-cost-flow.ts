// Minimum-cost flow with lower bounds: successive shortest paths, Dijkstra on reduced costs.
//
// Costs must be safe integers (the caller scales): then every reduced cost, distance and potential is an
// integer held exactly in a float64, ties are exact, and the optimality certificate (no residual arc with a
// negative reduced cost) is checked without an epsilon.
//
// Lower bounds use the standard transformation: an arc u→v with bounds [l, u] becomes an arc of capacity
// u − l, and l units of supply move from u to v. Supplies and demands then hang off a super source S and a
// super sink T; a feasible flow exists exactly when the maximum S→T flow saturates every S arc.

export interface MinCostFlowResult {
  /** Every supply was placed and every lower bound met. */
  feasible: boolean;
  /** Flow on each arc, in the order the arcs were added (lower bound included). */
  flow: Float64Array;
  /** Total cost Σ cost × flow (integer, exact). Meaningful when feasible. */
  cost: number;
  /** Units that had to move from S to T, and units that did. Equal when feasible. */
  required: number;
  moved: number;
  /** Node potentials (dual values) at the end; reduced cost c(u,v) + π(u) − π(v) is ≥ 0 on every residual arc. */
  potentials: Float64Array;
  /** Smallest reduced cost over all residual arcs (≥ 0 proves optimality); checked after solving. */
  minReducedCost: number;
  /** When infeasible: 1 for nodes still reachable from the super source in the final residual network (the source side of a minimum cut). */
  sourceSide: Uint8Array | null;
  /** Shortest-path searches run (one per augmenting path). */
  augmentations: number;
}

export class MinCostFlow {
  // Arcs in growable typed arrays: a dense assignment network has millions of them.
  private from = new Int32Array(1024);
  private to = new Int32Array(1024);
  private lower = new Float64Array(1024);
  private upper = new Float64Array(1024);
  private costs = new Float64Array(1024);
  private count = 0;
  private readonly supply: Float64Array;

  constructor(readonly nodeCount: number) {
    this.supply = new Float64Array(nodeCount);
  }

  get arcCount(): number {
    return this.count;
  }

  arc(i: number): { from: number; to: number; lower: number; upper: number; cost: number } {
    return { from: this.from[i]!, to: this.to[i]!, lower: this.lower[i]!, upper: this.upper[i]!, cost: this.costs[i]! };
  }

  supplyOf(node: number): number {
    return this.supply[node]!;
  }

  private grow(): void {
    const size = this.from.length * 2;
    const bigger = <A extends Int32Array | Float64Array>(a: A, make: new (n: number) => A): A => {
      const b = new make(size);
      b.set(a);
      return b;
    };
    this.from = bigger(this.from, Int32Array);
    this.to = bigger(this.to, Int32Array);
    this.lower = bigger(this.lower, Float64Array);
    this.upper = bigger(this.upper, Float64Array);
    this.costs = bigger(this.costs, Float64Array);
  }

  /** Adds an arc and returns its index (the index of its flow in the result). */
  addArc(from: number, to: number, upper: number, cost: number, lower = 0): number {
    if (!(from >= 0 && from < this.nodeCount && to >= 0 && to < this.nodeCount)) throw new RangeError(`arc ${from}→${to} outside 0..${this.nodeCount - 1}`);
    if (!Number.isSafeInteger(cost)) throw new RangeError(`arc ${from}→${to}: cost ${cost} is not a safe integer`);
    if (!Number.isSafeInteger(lower) || !Number.isSafeInteger(upper) || lower < 0 || upper < lower) throw new RangeError(`arc ${from}→${to}: bounds [${lower}, ${upper}]`);
    if (this.count === this.from.length) this.grow();
    const i = this.count++;
    this.from[i] = from;
    this.to[i] = to;
    this.lower[i] = lower;
    this.upper[i] = upper;
    this.costs[i] = cost;
    return i;
  }

  /** Positive: the node supplies that many units; negative: it demands them. Supplies must sum to zero. */
  setSupply(node: number, amount: number): void {
    if (!Number.isSafeInteger(amount)) throw new RangeError(`supply ${amount} is not a safe integer`);
    this.supply[node] = amount;
  }

  solve(): MinCostFlowResult {
    const n = this.nodeCount + 2;
    const S = this.nodeCount;
    const T = this.nodeCount + 1;
    const b = Float64Array.from(this.supply);
    let total = 0;
    for (let v = 0; v < this.nodeCount; v++) total += b[v]!;
    if (total !== 0) throw new RangeError(`supplies sum to ${total}, not 0`);
    const userArcs = this.count;
    for (let i = 0; i < userArcs; i++) {
      b[this.from[i]!]! -= this.lower[i]!;
      b[this.to[i]!]! += this.lower[i]!;
    }

    // Residual network: edge 2i is arc i forward, 2i+1 its reverse. Super arcs follow the user's arcs.
    let superArcs = 0;
    for (let v = 0; v < this.nodeCount; v++) if (b[v] !== 0) superArcs++;
    const m = 2 * (userArcs + superArcs);
    const head = new Int32Array(m);
    const cap = new Float64Array(m);
    const cost = new Float64Array(m);
    const tail = new Int32Array(m);
    let e = 0;
    const put = (u: number, v: number, c: number, w: number) => {
      tail[e] = u;
      head[e] = v;
      cap[e] = c;
      cost[e] = w;
      tail[e + 1] = v;
      head[e + 1] = u;
      cap[e + 1] = 0;
      cost[e + 1] = -w;
      e += 2;
    };
    for (let i = 0; i < userArcs; i++) put(this.from[i]!, this.to[i]!, this.upper[i]! - this.lower[i]!, this.costs[i]!);
    let required = 0;
    for (let v = 0; v < this.nodeCount; v++) {
      const s = b[v]!;
      if (s > 0) {
        put(S, v, s, 0);
        required += s;
      } else if (s < 0) put(v, T, -s, 0);
    }

    // Adjacency in CSR form.
    const start = new Int32Array(n + 1);
    for (let i = 0; i < m; i++) start[tail[i]! + 1]!++;
    for (let v = 0; v < n; v++) start[v + 1]! += start[v]!;
    const adj = new Int32Array(m);
    const fill = start.slice(0, n);
    for (let i = 0; i < m; i++) adj[fill[tail[i]!]!++] = i;

    const pi = initialPotentials(n, m, tail, head, cap, cost);

    // Successive shortest paths.
    const dist = new Float64Array(n);
    const parent = new Int32Array(n);
    const done = new Uint8Array(n);
    const heap = new Heap(m + n);
    let moved = 0;
    let augmentations = 0;
    while (moved < required) {
      dist.fill(Infinity);
      done.fill(0);
      dist[S] = 0;
      parent[S] = -1;
      heap.clear();
      heap.push(0, S);
      let dT = Infinity;
      while (heap.size > 0) {
        const d = heap.topKey();
        const u = heap.pop();
        if (done[u]) continue;
        done[u] = 1;
        if (u === T) {
          dT = d;
          break;
        }
        const pu = pi[u]!;
        for (let k = start[u]!, end = start[u + 1]!; k < end; k++) {
          const ed = adj[k]!;
          if (cap[ed]! <= 0) continue;
          const v = head[ed]!;
          if (done[v]) continue;
          const nd = d + cost[ed]! + pu - pi[v]!;
          if (nd < dist[v]!) {
            dist[v] = nd;
            parent[v] = ed;
            heap.push(nd, v);
          }
        }
      }
      if (dT === Infinity) break; // no augmenting path: infeasible
      for (let v = 0; v < n; v++) pi[v]! += done[v] ? dist[v]! : dT;
      let push = required - moved;
      for (let v = T; v !== S; v = tail[parent[v]!]!) push = Math.min(push, cap[parent[v]!]!);
      for (let v = T; v !== S; v = tail[parent[v]!]!) {
        const ed = parent[v]!;
        cap[ed]! -= push;
        cap[ed ^ 1]! += push;
      }
      moved += push;
      augmentations++;
    }

    const flow = new Float64Array(userArcs);
    let totalCost = 0;
    for (let i = 0; i < userArcs; i++) {
      flow[i] = this.lower[i]! + cap[2 * i + 1]!;
      totalCost += flow[i]! * this.costs[i]!;
    }
    let minReducedCost = Infinity;
    for (let i = 0; i < m; i++) if (cap[i]! > 0) minReducedCost = Math.min(minReducedCost, cost[i]! + pi[tail[i]!]! - pi[head[i]!]!);
    if (minReducedCost === Infinity) minReducedCost = 0;

    let sourceSide: Uint8Array | null = null;
    if (moved < required) {
      sourceSide = new Uint8Array(n);
      const queue = [S];
      sourceSide[S] = 1;
      while (queue.length) {
        const u = queue.pop()!;
        for (let k = start[u]!, end = start[u + 1]!; k < end; k++) {
          const ed = adj[k]!;
          const v = head[ed]!;
          if (cap[ed]! > 0 && !sourceSide[v]) {
            sourceSide[v] = 1;
            queue.push(v);
          }
        }
      }
      sourceSide = sourceSide.subarray(0, this.nodeCount);
    }
    return { feasible: moved === required, flow, cost: totalCost, required, moved, potentials: pi.subarray(0, this.nodeCount), minReducedCost, sourceSide, augmentations };
  }
}

/**
 * Potentials that make every arc with residual capacity non-negative in reduced cost: shortest distances
 * from a virtual root joined to every node at cost 0 (Bellman–Ford, queue-based). Costs may be negative;
 * a negative cycle at the start is refused (the successive-shortest-path method needs none).
 */
function initialPotentials(n: number, m: number, tail: Int32Array, head: Int32Array, cap: Float64Array, cost: Float64Array): Float64Array {
  const pi = new Float64Array(n);
  const out = new Int32Array(n + 1);
  for (let i = 0; i < m; i++) if (cap[i]! > 0) out[tail[i]! + 1]!++;
  for (let v = 0; v < n; v++) out[v + 1]! += out[v]!;
  const list = new Int32Array(out[n]!);
  const fill = out.slice(0, n);
  for (let i = 0; i < m; i++) if (cap[i]! > 0) list[fill[tail[i]!]!++] = i;
  const inQueue = new Uint8Array(n).fill(1);
  const passes = new Int32Array(n);
  let queue = Array.from({ length: n }, (_, v) => v);
  while (queue.length) {
    const next: number[] = [];
    for (const u of queue) {
      inQueue[u] = 0;
      if (++passes[u]! > n) throw new RangeError('negative-cost cycle in the network');
      for (let k = out[u]!, end = out[u + 1]!; k < end; k++) {
        const ed = list[k]!;
        const v = head[ed]!;
        const nd = pi[u]! + cost[ed]!;
        if (nd < pi[v]!) {
          pi[v] = nd;
          if (!inQueue[v]) {
            inQueue[v] = 1;
            next.push(v);
          }
        }
      }
    }
    queue = next;
  }
  return pi;
}

/** Binary min-heap of (key, node) with duplicates allowed (stale entries are skipped by the caller). */
class Heap {
  private readonly keys: Float64Array;
  private readonly nodes: Int32Array;
  size = 0;

  constructor(capacity: number) {
    this.keys = new Float64Array(capacity + 1);
    this.nodes = new Int32Array(capacity + 1);
  }

  clear(): void {
    this.size = 0;
  }

  topKey(): number {
    return this.keys[0]!;
  }

  push(key: number, node: number): void {
    const keys = this.keys;
    const nodes = this.nodes;
    let i = this.size++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (keys[p]! <= key) break;
      keys[i] = keys[p]!;
      nodes[i] = nodes[p]!;
      i = p;
    }
    keys[i] = key;
    nodes[i] = node;
  }

  pop(): number {
    const keys = this.keys;
    const nodes = this.nodes;
    const top = nodes[0]!;
    const last = --this.size;
    const key = keys[last]!;
    const node = nodes[last]!;
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= last) break;
      if (c + 1 < last && keys[c + 1]! < keys[c]!) c++;
      if (keys[c]! >= key) break;
      keys[i] = keys[c]!;
      nodes[i] = nodes[c]!;
      i = c;
    }
    keys[i] = key;
    nodes[i] = node;
    return top;
  }
}
