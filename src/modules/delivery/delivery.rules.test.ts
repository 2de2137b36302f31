import { describe, expect, it } from 'vitest';
import { monthSeries, monthWindow, scopeOf, shiftMonth } from './delivery.rules.ts';

describe('month window', () => {
  it('shifts across years both ways', () => {
    expect(shiftMonth('2026-01', -1)).toBe('2025-12');
    expect(shiftMonth('2026-12', 1)).toBe('2027-01');
    expect(shiftMonth('2026-05', -17)).toBe('2024-12');
    expect(shiftMonth('2026-05', 0)).toBe('2026-05');
  });

  it('is the last 12 months with this one, then the next 6', () => {
    const w = monthWindow('2026-05-31');
    expect(w).toHaveLength(18);
    expect(w[0]).toBe('2025-06');
    expect(w[11]).toBe('2026-05');
    expect(w[17]).toBe('2026-11');
  });
});

describe('month series', () => {
  it('carries what lies before the window into the running totals and leaves future releases empty', () => {
    const planned = new Map([
      ['2024-01', 100],
      ['2025-06', 50],
      ['2026-05', 30],
      ['2026-08', 20],
      ['2027-09', 999], // after the window: not in any point
    ]);
    const released = new Map([
      ['2024-02', 70],
      ['2026-04', 40],
      ['2026-05', -10],
    ]);
    const s = monthSeries('2026-05-15', planned, released);
    expect(s[0]).toEqual({ month: '2025-06', plannedFen: 50, releasedFen: 0, cumulativePlannedFen: 150, cumulativeReleasedFen: 70 });
    expect(s.find((p) => p.month === '2026-04')).toMatchObject({ releasedFen: 40, cumulativeReleasedFen: 110, cumulativePlannedFen: 150 });
    expect(s.find((p) => p.month === '2026-05')).toEqual({ month: '2026-05', plannedFen: 30, releasedFen: -10, cumulativePlannedFen: 180, cumulativeReleasedFen: 100 });
    expect(s.find((p) => p.month === '2026-06')).toEqual({ month: '2026-06', plannedFen: 0, releasedFen: null, cumulativePlannedFen: 180, cumulativeReleasedFen: null });
    expect(s.at(-1)).toEqual({ month: '2026-11', plannedFen: 0, releasedFen: null, cumulativePlannedFen: 200, cumulativeReleasedFen: null });
  });
});

describe('filter scope', () => {
  it('a challenge narrows to contracts, a list to list items, both keep both', () => {
    expect(scopeOf({})).toEqual({ contracts: true, items: true });
    expect(scopeOf({ challengeId: 'c' })).toEqual({ contracts: true, items: false });
    expect(scopeOf({ listId: 'l' })).toEqual({ contracts: false, items: true });
    expect(scopeOf({ challengeId: 'c', listId: 'l' })).toEqual({ contracts: true, items: true });
  });
});
