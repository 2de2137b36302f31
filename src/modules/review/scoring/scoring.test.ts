import { describe, expect, it } from 'vitest';
import { calibrate, rankWithTies, roundResults, trimmedMean, weightedTotalCenti, type SheetTotal } from './scoring.ts';

const criteria = [
  { key: 'innovation', weight: 30, scaleMax: 10 },
  { key: 'feasibility', weight: 70, scaleMax: 5 },
];
const sheet = (itemId: string, expertId: string, points: number): SheetTotal => ({ itemId, expertId, totalCenti: points * 100 });

describe('weighted totals', () => {
  it('normalises each criterion by its scale and the weights to 100', () => {
    // (30 × 8/10 + 70 × 4/5) / 100 × 100 = 80.00
    expect(weightedTotalCenti(criteria, { innovation: 8, feasibility: 4 })).toBe(8000);
    // (30 × 0.7 + 70 × 0.6) / 100 = 0.63
    expect(weightedTotalCenti(criteria, { innovation: 7, feasibility: 3 })).toBe(6300);
    // half points: (30 × 0.75 + 70 × 0.9) / 100 = 0.855
    expect(weightedTotalCenti(criteria, { innovation: 7.5, feasibility: 4.5 })).toBe(8550);
    expect(weightedTotalCenti(criteria, { innovation: 10, feasibility: 5 })).toBe(10000);
    expect(weightedTotalCenti(criteria, { innovation: 0, feasibility: 0 })).toBe(0);
  });

  it('refuses a missing or out-of-range score', () => {
    expect(() => weightedTotalCenti(criteria, { innovation: 8 })).toThrow(/feasibility/);
    expect(() => weightedTotalCenti(criteria, { innovation: 11, feasibility: 4 })).toThrow(/innovation/);
    expect(() => weightedTotalCenti(criteria, { innovation: -1, feasibility: 4 })).toThrow(/innovation/);
    expect(() => weightedTotalCenti(criteria, { innovation: Number.NaN, feasibility: 4 })).toThrow();
  });
});

describe('means', () => {
  it('drops the highest and the lowest from three totals on', () => {
    expect(trimmedMean([90, 80, 70, 10])).toEqual({ value: 75, trimmed: true });
    expect(trimmedMean([60, 90, 75])).toEqual({ value: 75, trimmed: true });
    expect(trimmedMean([60, 90])).toEqual({ value: 75, trimmed: false });
  });
});

describe('calibration', () => {
  it('recovers quality and bias exactly when the scores fit the model (hand-computed)', () => {
    // Quality A 80, B 70, C 60; expert X is harsh (−10), Y and Z lenient (+5). Each scored two items,
    // so the sheet-weighted biases sum to 2 × (−10 + 5 + 5) = 0.
    const sheets = [sheet('A', 'X', 70), sheet('B', 'X', 60), sheet('A', 'Y', 85), sheet('C', 'Y', 65), sheet('B', 'Z', 75), sheet('C', 'Z', 65)];
    const { quality, bias } = calibrate(sheets);
    expect(quality.get('A')! / 100).toBeCloseTo(80, 6);
    expect(quality.get('B')! / 100).toBeCloseTo(70, 6);
    expect(quality.get('C')! / 100).toBeCloseTo(60, 6);
    expect(bias.get('X')! / 100).toBeCloseTo(-10, 6);
    expect(bias.get('Y')! / 100).toBeCloseTo(5, 6);
    expect(bias.get('Z')! / 100).toBeCloseTo(5, 6);
    // Plain means would say A 77.5, B 67.5, C 65: C gains from its two lenient experts.
    const r = roundResults(['A', 'B', 'C'], sheets, { rankBy: 'calibrated', disagreementCenti: 2000 });
    expect(r.items.map((i) => [i.itemId, i.meanCenti, i.calibratedCenti])).toEqual([
      ['A', 7750, 8000],
      ['B', 6750, 7000],
      ['C', 6500, 6000],
    ]);
  });

  it('judges two items only by the expert who saw both when the others saw one each (hand-computed)', () => {
    // P: H 60, M 80; Q: L 90, M 80. Exact fit: bH = 60 − qP, bM = 80 − qP, qQ = qP, bL = 90 − qP; with
    // bH + 2 bM + bL = 0: 310 = 4 qP, so qP = qQ = 77.5 — M rated them equal. Plain means: P 70, Q 85.
    const sheets = [sheet('P', 'H', 60), sheet('P', 'M', 80), sheet('Q', 'L', 90), sheet('Q', 'M', 80)];
    const r = roundResults(['P', 'Q'], sheets, { rankBy: 'calibrated', disagreementCenti: 2000 });
    expect(r.items.map((i) => [i.itemId, i.calibratedCenti, i.rank, i.tied])).toEqual([
      ['P', 7750, 1, true],
      ['Q', 7750, 1, true],
    ]);
    expect(Object.fromEntries(r.experts.map((e) => [e.expertId, e.biasCenti]))).toEqual({ H: -1750, M: 250, L: 1250 });
  });

  it('equals the plain mean when every expert scored every item', () => {
    const sheets = [sheet('A', 'X', 91), sheet('A', 'Y', 70), sheet('B', 'X', 64), sheet('B', 'Y', 55), sheet('C', 'X', 80), sheet('C', 'Y', 81)];
    const r = roundResults(['A', 'B', 'C'], sheets, { rankBy: 'mean', disagreementCenti: 2000 });
    for (const i of r.items) expect(i.calibratedCenti).toBe(i.meanCenti);
  });

  it('matches the least-squares solution of the normal equations on a noisy design', () => {
    // Independent check: solve min Σ (x − q_i − b_e)² with Σ n_e b_e = 0 by Gaussian elimination.
    const sheets = [sheet('A', 'X', 72), sheet('A', 'Y', 88), sheet('A', 'Z', 79), sheet('B', 'X', 58), sheet('B', 'Z', 77), sheet('C', 'Y', 69), sheet('C', 'Z', 61), sheet('D', 'X', 50), sheet('D', 'Y', 74)];
    const items = ['A', 'B', 'C', 'D'];
    const experts = ['X', 'Y', 'Z'];
    const n = items.length + experts.length;
    // Unknowns: q (4), b (3), and a Lagrange multiplier for the constraint.
    const m = n + 1;
    const A = Array.from({ length: m }, () => new Array<number>(m + 1).fill(0));
    const nE = experts.map((e) => sheets.filter((s) => s.expertId === e).length);
    for (const s of sheets) {
      const i = items.indexOf(s.itemId);
      const e = items.length + experts.indexOf(s.expertId);
      for (const [r, c] of [
        [i, i],
        [i, e],
        [e, i],
        [e, e],
      ] as const)
        A[r]![c]! += 1;
      A[i]![m]! += s.totalCenti;
      A[e]![m]! += s.totalCenti;
    }
    for (let e = 0; e < experts.length; e++) {
      A[items.length + e]![n] = nE[e]! / 2;
      A[n]![items.length + e] = nE[e]!;
    }
    for (let col = 0; col < m; col++) {
      let piv = col;
      for (let r = col + 1; r < m; r++) if (Math.abs(A[r]![col]!) > Math.abs(A[piv]![col]!)) piv = r;
      [A[col], A[piv]] = [A[piv]!, A[col]!];
      for (let r = 0; r < m; r++) {
        if (r === col) continue;
        const f = A[r]![col]! / A[col]![col]!;
        for (let c = col; c <= m; c++) A[r]![c]! -= f * A[col]![c]!;
      }
    }
    const x = A.map((row, r) => row[m]! / row[r]!);
    const { quality, bias } = calibrate(sheets);
    items.forEach((id, i) => expect(quality.get(id)!).toBeCloseTo(x[i]!, 5));
    experts.forEach((id, e) => expect(bias.get(id)!).toBeCloseTo(x[items.length + e]!, 5));
  });

  it('centres biases within each group of items linked by shared experts', () => {
    const sheets = [sheet('A', 'X', 90), sheet('A', 'Y', 70), sheet('B', 'Z', 40)];
    const { quality, bias } = calibrate(sheets);
    expect(bias.get('X')! / 100).toBeCloseTo(10, 6);
    expect(bias.get('Y')! / 100).toBeCloseTo(-10, 6);
    expect(bias.get('Z')!).toBeCloseTo(0, 6);
    expect(quality.get('B')! / 100).toBeCloseTo(40, 6);
  });
});

describe('ranking and flags', () => {
  it('shares a rank between equal scores and skips the next (1, 2, 2, 4); unscored last', () => {
    const rows = [{ v: 85 }, { v: 90 }, { v: null }, { v: 70 }, { v: 85 }];
    expect(rankWithTies(rows, (r) => r.v).map((r) => [r.row.v, r.rank, r.tied])).toEqual([
      [90, 1, false],
      [85, 2, true],
      [85, 2, true],
      [70, 4, false],
      [null, null, false],
    ]);
  });

  it('flags items whose totals spread by the threshold or more, and ranks by the chosen metric', () => {
    const sheets = [sheet('A', 'X', 90), sheet('A', 'Y', 65), sheet('A', 'Z', 88), sheet('B', 'X', 80), sheet('B', 'Y', 79), sheet('B', 'Z', 81)];
    const r = roundResults(['A', 'B', 'C'], sheets, { rankBy: 'trimmed', disagreementCenti: 2000 });
    const a = r.items.find((i) => i.itemId === 'A')!;
    expect(a).toMatchObject({ n: 3, meanCenti: 8100, trimmedCenti: 8800, trimmed: true, spreadCenti: 2500, disagreement: true, rank: 1 });
    expect(a.totals.map((t) => t.totalCenti)).toEqual([9000, 8800, 6500]);
    expect(r.items.find((i) => i.itemId === 'B')).toMatchObject({ trimmedCenti: 8000, disagreement: false, rank: 2 });
    expect(r.items.at(-1)).toMatchObject({ itemId: 'C', n: 0, meanCenti: null, rank: null, disagreement: false });
    // A higher threshold flags nothing; by plain mean A (81) still ranks above B (80).
    const byMean = roundResults(['A', 'B', 'C'], sheets, { rankBy: 'mean', disagreementCenti: 3000 });
    expect(byMean.items.map((i) => [i.itemId, i.rank, i.disagreement])).toEqual([
      ['A', 1, false],
      ['B', 2, false],
      ['C', null, false],
    ]);
  });
});
