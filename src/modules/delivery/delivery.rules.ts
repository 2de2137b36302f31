/*
 * Pure figures of the officers' delivery dashboard (issue #6 part 6): the month window of the money
 * chart and its cumulative series. No I/O; the service feeds it sums per month from the database.
 */

/** Months shown before and after the current one: the last 12 (this month included) and the next 6. */
export const MONTHS_BACK = 12;
export const MONTHS_AHEAD = 6;

/** 'YYYY-MM' of a 'YYYY-MM-DD' calendar date. */
export const monthOf = (date: string) => date.slice(0, 7);

/** The month `n` months after `month` ('YYYY-MM'; n may be negative). */
export function shiftMonth(month: string, n: number): string {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7)) - 1 + n;
  const year = y + Math.floor(m / 12);
  const mm = ((m % 12) + 12) % 12;
  return `${String(year).padStart(4, '0')}-${String(mm + 1).padStart(2, '0')}`;
}

/** The months of the chart, oldest first: MONTHS_BACK ending with today's month, then MONTHS_AHEAD. */
export function monthWindow(today: string): string[] {
  const current = monthOf(today);
  const out: string[] = [];
  for (let i = -(MONTHS_BACK - 1); i <= MONTHS_AHEAD; i++) out.push(shiftMonth(current, i));
  return out;
}

export interface MonthPoint {
  month: string;
  /** Tranche amounts falling due in the month. */
  plannedFen: number;
  /** Releases minus reversals approved in the month (Beijing time); null for months after this one. */
  releasedFen: number | null;
  /** Everything planned up to the end of the month, including before the window. */
  cumulativePlannedFen: number;
  /** Everything released up to the end of the month; null for months after this one. */
  cumulativeReleasedFen: number | null;
}

/**
 * Planned and released money by month over the window, with running totals that start from what
 * lies before it — so the last cumulative released equals the ledger's net total, and the cumulative
 * planned at today's month end equals everything due by then.
 */
export function monthSeries(today: string, planned: ReadonlyMap<string, number>, released: ReadonlyMap<string, number>): MonthPoint[] {
  const months = monthWindow(today);
  const first = months[0]!;
  const current = monthOf(today);
  let cumPlanned = 0;
  let cumReleased = 0;
  for (const [m, v] of planned) if (m < first) cumPlanned += v;
  for (const [m, v] of released) if (m < first) cumReleased += v;
  return months.map((month) => {
    const p = planned.get(month) ?? 0;
    cumPlanned += p;
    if (month > current) return { month, plannedFen: p, releasedFen: null, cumulativePlannedFen: cumPlanned, cumulativeReleasedFen: null };
    const r = released.get(month) ?? 0;
    cumReleased += r;
    return { month, plannedFen: p, releasedFen: r, cumulativePlannedFen: cumPlanned, cumulativeReleasedFen: cumReleased };
  });
}

/** Which halves of the dashboard a filter keeps: a challenge narrows to contracts, a list to list items; both keep both. */
export function scopeOf(f: { challengeId?: string | undefined; listId?: string | undefined }): { contracts: boolean; items: boolean } {
  return { contracts: !f.listId || !!f.challengeId, items: !f.challengeId || !!f.listId };
}
