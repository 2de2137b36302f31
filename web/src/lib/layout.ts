const CARD_MIN = 220;
const GAP = 12;

/** As many columns as fit, then spread evenly over the rows (7 cards in 4 + 3, 6 in 3 + 3, not 5 + 1). */
export function balancedColumns(width: number, count: number): number | null {
  if (width <= 0 || count <= 0) return null;
  const fit = Math.max(1, Math.floor((width + GAP) / (CARD_MIN + GAP)));
  const rows = Math.ceil(count / fit);
  return Math.ceil(count / rows);
}
