import { OFFICIAL_VALUE_PATTERN, compareDecimal, significantDecimals } from './decimal.ts';

/** The current year in Beijing: official figures cannot be entered for a later one. */
export function currentYear(): number {
  return Number(new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date()));
}

/** Why a typed value is not acceptable, or null (mirrors the server's rule; the server decides). */
export function valueProblem(raw: string, ind: { scale: number; unit: string }): 'format' | 'scale' | 'percent' | null {
  const v = raw.trim();
  if (!OFFICIAL_VALUE_PATTERN.test(v)) return 'format';
  if (significantDecimals(v) > ind.scale) return 'scale';
  if (ind.unit === '%' && compareDecimal(v, '100') > 0) return 'percent';
  return null;
}
