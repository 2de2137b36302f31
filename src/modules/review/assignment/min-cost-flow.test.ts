import { describe, expect, it } from 'vitest';
import { MinCostFlow } from './min-cost-flow.ts';

/** Deterministic pseudo-random numbers (mulberry32). */
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

/**
 * Independent optimality check: build the residual network of the returned flow from scratch and look for
 * a negative-cost cycle with Bellman–Ford. None ⇔ the flow is a minimum-cost flow for its supplies.
 */
function hasNegativeCycle(net: MinCostFlow, flow: Float64Array): boolean {
  const edges: [number, number, number][] = [];
  for (let i = 0; i < net.arcCount; i++) {
    const a = net.arc(i);
    if (flow[i]! < a.upper) edges.push([a.from, a.to, a.cost]);
    if (flow[i]! > a.lower) edges.push([a.to, a.from, -a.cost]);
  }
  const dist = new Array<number>(net.nodeCount).fill(0);
  for (let pass = 0; pass < net.nodeCount; pass++) {
    let changed = false;
    for (const [u, v, c] of edges) {
      if (dist[u]! + c < dist[v]!) {
        dist[v] = dist[u]! + c;
        changed = true;
      }
    }
    if (!changed) return false;
  }
  return true;
}

function checkFeasible(net: MinCostFlow, flow: Float64Array): void {
  const balance = new Array<number>(net.nodeCount).fill(0);
  for (let i = 0; i < net.arcCount; i++) {
    const a = net.arc(i);
    expect(flow[i]).toBeGreaterThanOrEqual(a.lower);
    expect(flow[i]).toBeLessThanOrEqual(a.upper);
    balance[a.from]! += flow[i]!;
    balance[a.to]! -= flow[i]!;
  }
  for (let v = 0; v < net.nodeCount; v++) expect(balance[v]).toBe(net.supplyOf(v));
}

describe('MinCostFlow', () => {
  it('takes the cheaper of two routes, then the dearer one when the cheap one is full', () => {
    // 0 → 1 → 3 costs 2 (capacity 2), 0 → 2 → 3 costs 5; send 3 units.
    const net = new MinCostFlow(4);
    net.addArc(0, 1, 2, 1);
    net.addArc(1, 3, 5, 1);
    net.addArc(0, 2, 5, 2);
    net.addArc(2, 3, 5, 3);
    net.setSupply(0, 3);
    net.setSupply(3, -3);
    const r = net.solve();
    expect(r.feasible).toBe(true);
    expect(Array.from(r.flow)).toEqual([2, 2, 1, 1]);
    expect(r.cost).toBe(2 * 2 + 5);
    expect(r.minReducedCost).toBeGreaterThanOrEqual(0);
  });

  it('honours a lower bound even when it costs more', () => {
    const net = new MinCostFlow(4);
    net.addArc(0, 1, 5, 1);
    net.addArc(1, 3, 5, 1);
    const dear = net.addArc(0, 2, 5, 10, 2); // at least 2 units this way
    net.addArc(2, 3, 5, 10);
    net.setSupply(0, 3);
    net.setSupply(3, -3);
    const r = net.solve();
    expect(r.feasible).toBe(true);
    expect(r.flow[dear]).toBe(2);
    expect(r.cost).toBe(2 + 2 * 20);
  });

  it('uses negative costs (a maximisation) and needs no negative cycle at the start', () => {
    const net = new MinCostFlow(3);
    net.addArc(0, 1, 1, -7);
    net.addArc(0, 2, 1, -3);
    net.addArc(1, 2, 1, 0);
    net.setSupply(0, 1);
    net.setSupply(2, -1);
    const r = net.solve();
    expect(r.cost).toBe(-7);
  });

  it('reports infeasibility with the source side of a minimum cut', () => {
    const net = new MinCostFlow(3);
    net.addArc(0, 1, 1, 0);
    net.addArc(1, 2, 5, 0);
    net.setSupply(0, 2);
    net.setSupply(2, -2);
    const r = net.solve();
    expect(r.feasible).toBe(false);
    expect(r.moved).toBe(1);
    expect(Array.from(r.sourceSide!)).toEqual([1, 0, 0]);
  });

  it('refuses unbalanced supplies, fractional costs and a negative cycle', () => {
    const a = new MinCostFlow(2);
    a.setSupply(0, 1);
    expect(() => a.solve()).toThrow(/sum/);
    expect(() => new MinCostFlow(2).addArc(0, 1, 1, 0.5)).toThrow(/safe integer/);
    const c = new MinCostFlow(2);
    c.addArc(0, 1, 1, -1);
    c.addArc(1, 0, 1, -1);
    expect(() => c.solve()).toThrow(/negative-cost cycle/);
  });

  it('finds a minimum-cost flow on random networks with lower bounds (no negative residual cycle)', () => {
    const rand = rng(7);
    let feasible = 0;
    for (let trial = 0; trial < 200; trial++) {
      // A layered DAG so the start has no negative cycle: source layer, two middle layers, sink layer.
      const n = 8 + Math.floor(rand() * 8);
      const net = new MinCostFlow(n);
      const layer = (v: number) => (v === 0 ? 0 : v === n - 1 ? 3 : v < n / 2 ? 1 : 2);
      for (let u = 0; u < n; u++) {
        for (let v = 0; v < n; v++) {
          if (layer(v) > layer(u) && rand() < 0.45) {
            const upper = 1 + Math.floor(rand() * 4);
            const lower = rand() < 0.15 ? Math.floor(rand() * 2) : 0;
            net.addArc(u, v, Math.max(upper, lower), Math.floor(rand() * 41) - 20, lower);
          }
        }
      }
      const units = 1 + Math.floor(rand() * 6);
      net.setSupply(0, units);
      net.setSupply(n - 1, -units);
      const r = net.solve();
      if (!r.feasible) continue;
      feasible++;
      checkFeasible(net, r.flow);
      expect(r.minReducedCost).toBeGreaterThanOrEqual(0);
      expect(hasNegativeCycle(net, r.flow)).toBe(false);
    }
    expect(feasible).toBeGreaterThan(50);
  });
});
