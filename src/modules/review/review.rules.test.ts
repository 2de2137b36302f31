import { describe, expect, it } from 'vitest';
import type { Criterion } from './review.tables.ts';
import { checkChange, coverageProblems, DEFAULT_CRITERIA, drawPanel, drawPerItem, isAvailable, pairKey, shuffle, validateCriteria, Xoshiro128ss, type AssignmentState, type DrawCandidate, type PanelFacts } from './review.rules.ts';

const c = (over: Partial<Criterion> = {}): Criterion => ({ key: 'k1', nameZh: '指标', nameEn: 'Criterion', weight: 10, scaleMax: 10, ...over });

describe('criteria', () => {
  it('accepts the default criteria: five, weights summing to 100, each on 0–10', () => {
    expect(validateCriteria(DEFAULT_CRITERIA)).toEqual([]);
    expect(DEFAULT_CRITERIA.map((x) => x.nameZh)).toEqual(['技术先进性', '可行性', '团队能力', '预算合理性', '预期效益']);
    expect(DEFAULT_CRITERIA.reduce((s, x) => s + x.weight, 0)).toBe(100);
    expect(DEFAULT_CRITERIA.every((x) => x.scaleMax === 10)).toBe(true);
  });

  it('refuses an empty list and more than 20, with Chinese messages', () => {
    expect(validateCriteria([])).toEqual([{ path: 'criteria', message: 'needs 1 to 20 criteria', zh: '评审指标须为 1 至 20 项' }]);
    const many = Array.from({ length: 21 }, (_, i) => c({ key: `c${i}` }));
    expect(validateCriteria(many).map((e) => e.path)).toEqual(['criteria']);
  });

  it('names each bad field: key format, duplicate key, names, weight, scale', () => {
    const errors = validateCriteria([c(), c(), c({ key: '1bad' }), c({ key: 'a', nameZh: ' ', nameEn: '' }), c({ key: 'b', weight: 0 }), c({ key: 'd', weight: 1.5 }), c({ key: 'e', scaleMax: 0 }), c({ key: 'f', scaleMax: 101 })]);
    expect(errors.map((e) => e.path)).toEqual(['criteria/1/key', 'criteria/2/key', 'criteria/3/nameZh', 'criteria/3/nameEn', 'criteria/4/weight', 'criteria/5/weight', 'criteria/6/scaleMax', 'criteria/7/scaleMax']);
    expect(errors.every((e) => e.zh && /\p{Script=Han}/u.test(e.zh))).toBe(true);
  });
});

describe('availability', () => {
  it('is available when marked so, or when the unavailable-until date has passed', () => {
    expect(isAvailable({ availability: 'available', unavailableUntil: null }, '2026-03-02')).toBe(true);
    expect(isAvailable({ availability: 'unavailable', unavailableUntil: null }, '2026-03-02')).toBe(false);
    expect(isAvailable({ availability: 'unavailable', unavailableUntil: '2026-03-02' }, '2026-03-02')).toBe(false);
    expect(isAvailable({ availability: 'unavailable', unavailableUntil: '2026-03-01' }, '2026-03-02')).toBe(true);
  });
});

describe('the draw PRNG', () => {
  it('is xoshiro128**: the reference outputs from state (1, 2, 3, 4)', () => {
    const g = Xoshiro128ss.fromState([1, 2, 3, 4]);
    expect(Array.from({ length: 6 }, () => g.nextUint32())).toEqual([11520, 0, 5927040, 70819200, 2031721883, 1637235492]);
  });

  it('is seeded from SHA-256 of the seed bytes (values from an independent Python implementation)', () => {
    const g = new Xoshiro128ss('00'.repeat(32));
    expect([g.nextUint32(), g.nextUint32(), g.nextUint32()]).toEqual([624086403, 314951578, 3476154289]);
  });

  it('refuses a seed that is not even-length lower-case hex of 16–64 bytes', () => {
    expect(() => new Xoshiro128ss('abc')).toThrow(RangeError);
    expect(() => new Xoshiro128ss('AB'.repeat(16))).toThrow(RangeError);
    expect(() => new Xoshiro128ss(`${'ab'.repeat(16)}a`)).toThrow(RangeError);
  });

  it('draws below n without bias and shuffles uniformly (each order of three about 1/6 of the time)', () => {
    const g = new Xoshiro128ss('5a'.repeat(32));
    for (let i = 0; i < 1000; i++) {
      const x = g.below(7);
      expect(x >= 0 && x < 7 && Number.isInteger(x)).toBe(true);
    }
    const counts = new Map<string, number>();
    for (let i = 0; i < 6000; i++) {
      const k = shuffle(['a', 'b', 'c'], g).join('');
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    expect(counts.size).toBe(6);
    for (const n of counts.values()) {
      expect(n).toBeGreaterThan(850);
      expect(n).toBeLessThan(1150);
    }
  });
});

const cand = (expertId: string, over: Partial<DrawCandidate> = {}): DrawCandidate => ({ expertId, organization: null, maxLoad: 10, conflicts: [], ...over });

describe('drawing the panel', () => {
  const pool = ['e1', 'e2', 'e3', 'e4', 'e5', 'e6', 'e7', 'e8'].map((id) => cand(id));
  const seed = '0123456789abcdef'.repeat(4);

  it('is reproducible from the seed, whatever order the candidates come in', () => {
    const a = drawPanel(seed, pool, { count: 3, fields: [] });
    const b = drawPanel(seed, [...pool].reverse(), { count: 3, fields: [] });
    expect(a).toEqual(b);
    expect(a.ok && 'experts' in a && a.experts).toHaveLength(3);
    expect(drawPanel('fe'.repeat(32), pool, { count: 8, fields: [] })).not.toEqual(drawPanel(seed, pool, { count: 8, fields: [] }));
  });

  it('takes the first of the Fisher–Yates order', () => {
    const r = drawPanel(seed, pool, { count: 8, fields: [] });
    const g = new Xoshiro128ss(seed);
    expect(r).toEqual({ ok: true, experts: shuffle(pool.map((p) => p.expertId), g) });
  });

  it('refuses when there are fewer candidates than places', () => {
    const r = drawPanel(seed, pool.slice(0, 2), { count: 3, fields: [] });
    expect(r).toMatchObject({ ok: false, zh: expect.stringContaining('仅 2 位') });
  });
});

describe('drawing per item', () => {
  const items = [
    { itemId: 'i1', code: 'A-001' },
    { itemId: 'i2', code: 'A-002' },
    { itemId: 'i3', code: 'A-003' },
  ];
  const seed = 'c0ffee'.repeat(10) + 'c0ff';

  it('gives each item k experts, never conflicted, within loads, one per organisation', () => {
    const candidates = [cand('e1', { conflicts: ['i1'], organization: 'o1' }), cand('e2', { organization: 'o1', maxLoad: 1 }), cand('e3', { organization: 'o2' }), cand('e4', { maxLoad: 2 }), cand('e5', { organization: 'o2' })];
    for (const s of ['11'.repeat(32), '22'.repeat(32), '33'.repeat(32), seed]) {
      const r = drawPerItem(s, candidates, { k: 2, onePerOrganization: true, from: 'panel', fields: [], items });
      expect(r.ok).toBe(true);
      if (!r.ok || !('assignments' in r)) continue;
      expect(r.assignments.map((a) => a.itemId)).toEqual(['i1', 'i2', 'i3']);
      const load = new Map<string, number>();
      for (const a of r.assignments) {
        expect(a.expertIds).toHaveLength(2);
        expect(new Set(a.expertIds).size).toBe(2);
        const orgs = a.expertIds.map((e) => candidates.find((x) => x.expertId === e)!.organization).filter((o) => o !== null);
        expect(new Set(orgs).size).toBe(orgs.length);
        if (a.itemId === 'i1') expect(a.expertIds).not.toContain('e1');
        for (const e of a.expertIds) load.set(e, (load.get(e) ?? 0) + 1);
      }
      expect(load.get('e2') ?? 0).toBeLessThanOrEqual(1);
      expect(load.get('e4') ?? 0).toBeLessThanOrEqual(2);
      expect(drawPerItem(s, [...candidates].reverse(), { k: 2, onePerOrganization: true, from: 'panel', fields: [], items })).toEqual(r);
    }
  });

  it('refuses, naming the item, when the candidates run out', () => {
    const r = drawPerItem(seed, [cand('e1', { maxLoad: 1 }), cand('e2', { maxLoad: 1 })], { k: 2, onePerOrganization: false, from: 'panel', fields: [], items });
    expect(r).toMatchObject({ ok: false, en: expect.stringContaining('A-002'), zh: expect.stringContaining('A-002') });
  });
});

describe('re-checking a manual change', () => {
  const panel = new Map<string, PanelFacts>([
    ['x', { maxLoad: 2, organization: 'o1', available: true }],
    ['y', { maxLoad: 2, organization: 'o2', available: true }],
    ['z', { maxLoad: 1, organization: 'o1', available: true }],
    ['w', { maxLoad: 2, organization: null, available: false }],
    ['v', { maxLoad: 2, organization: 'o3', available: true }],
  ]);
  const state = (over: Partial<AssignmentState> = {}): AssignmentState => ({
    onePerOrganization: true,
    minLoad: 0,
    pairs: [
      { itemId: 'I', expertId: 'x' },
      { itemId: 'I', expertId: 'y' },
      { itemId: 'J', expertId: 'v' },
      { itemId: 'J', expertId: 'z' },
    ],
    panel,
    conflicts: new Set([pairKey('J', 'x')]),
    ...over,
  });
  const labels = { item: (id: string) => `item ${id}`, expert: (id: string) => `expert ${id}` };
  const constraints = (s: AssignmentState, ch: Parameters<typeof checkChange>[1]) => checkChange(s, ch, labels).violations.map((v) => v.constraint);

  it('replaces an expert when nothing is broken', () => {
    const r = checkChange(state(), { kind: 'replace', itemId: 'I', expertId: 'y', withExpertId: 'v' }, labels);
    expect(r.violations).toEqual([]);
    expect(r.pairs).toContainEqual({ itemId: 'I', expertId: 'v' });
    expect(r.pairs).not.toContainEqual({ itemId: 'I', expertId: 'y' });
  });

  it('names what a replacement breaks', () => {
    expect(constraints(state(), { kind: 'replace', itemId: 'I', expertId: 'v', withExpertId: 'y' })).toEqual(['not_assigned']);
    expect(constraints(state(), { kind: 'replace', itemId: 'I', expertId: 'x', withExpertId: 'x' })).toEqual(['same']);
    expect(constraints(state(), { kind: 'replace', itemId: 'I', expertId: 'x', withExpertId: 'nobody' })).toEqual(['not_on_panel']);
    expect(constraints(state(), { kind: 'replace', itemId: 'I', expertId: 'x', withExpertId: 'w' })).toEqual(['unavailable']);
    expect(constraints(state(), { kind: 'replace', itemId: 'J', expertId: 'v', withExpertId: 'z' })).toEqual(['duplicate', 'organization', 'max_load']);
    expect(constraints(state(), { kind: 'replace', itemId: 'J', expertId: 'z', withExpertId: 'x' })).toEqual(['conflict']);
    // z reviews J already (max 1); putting z on I too and taking y off I: load and organisation (x is o1 like z).
    expect(constraints(state(), { kind: 'replace', itemId: 'I', expertId: 'y', withExpertId: 'z' })).toEqual(['organization', 'max_load']);
    expect(constraints(state({ minLoad: 1 }), { kind: 'replace', itemId: 'J', expertId: 'v', withExpertId: 'y' })).toEqual(['min_load']);
    expect(constraints(state({ onePerOrganization: false }), { kind: 'replace', itemId: 'I', expertId: 'y', withExpertId: 'z' })).toEqual(['max_load']);
  });

  it('swaps two experts between two items, and refuses a swap into a conflict or a shared organisation', () => {
    const r = checkChange(state(), { kind: 'swap', itemId: 'I', expertId: 'y', otherItemId: 'J', otherExpertId: 'v' }, labels);
    expect(r.violations).toEqual([]);
    expect(r.pairs).toEqual([
      { itemId: 'I', expertId: 'x' },
      { itemId: 'I', expertId: 'v' },
      { itemId: 'J', expertId: 'y' },
      { itemId: 'J', expertId: 'z' },
    ]);
    expect(constraints(state(), { kind: 'swap', itemId: 'I', expertId: 'x', otherItemId: 'J', otherExpertId: 'v' })).toEqual(['conflict', 'organization']);
    expect(constraints(state(), { kind: 'swap', itemId: 'I', expertId: 'y', otherItemId: 'J', otherExpertId: 'z' })).toEqual(['organization']);
    expect(constraints(state(), { kind: 'swap', itemId: 'I', expertId: 'x', otherItemId: 'I', otherExpertId: 'y' })).toEqual(['same']);
  });

  it('lists items not covered by exactly k', () => {
    expect(coverageProblems([{ itemId: 'I', code: 'A' }, { itemId: 'J', code: 'B' }, { itemId: 'K', code: 'C' }], state().pairs, 2)).toEqual([{ itemId: 'K', code: 'C', count: 0 }]);
  });
});
