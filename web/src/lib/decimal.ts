/**
 * Indicator values arrive as exact decimal strings ("1162.72"); they are shown as such, grouped
 * by thousands, never passed through a float (charts are the one place a number is needed).
 */

const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;

/** "1162.72" → "1,162.72"; "-27.5" → "-27.5"; anything else is returned unchanged. */
export function formatDecimal(value: string): string {
  const m = DECIMAL.exec(value);
  if (!m) return value;
  const [, sign, whole = '0', fraction] = m;
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}${grouped}${fraction ? `.${fraction}` : ''}`;
}

/** A change with its sign: "+1.12", "-3", "0". */
export function formatSigned(value: string): string {
  if (value.startsWith('-')) return `−${formatDecimal(value.slice(1))}`;
  return /^0+(\.0+)?$/.test(value) ? formatDecimal(value) : `+${formatDecimal(value)}`;
}

/** -1, 0 or 1 for a decimal string. */
export function decimalSign(value: string): -1 | 0 | 1 {
  if (/^-?0+(\.0+)?$/.test(value)) return 0;
  return value.startsWith('-') ? -1 : 1;
}

/** For charts only: the decimal as a number (display still uses the string). */
export function toChartNumber(value: string | null): number | null {
  if (value === null) return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}

/** Client-side mirror of the server's rule for an official value: a plain non-negative decimal. */
export const OFFICIAL_VALUE_PATTERN = /^\d{1,16}(\.\d{1,8})?$/;

/** Decimal places that matter (trailing zeros do not): "12.500" → 1. */
export function significantDecimals(value: string): number {
  const fraction = value.split('.')[1] ?? '';
  return fraction.replace(/0+$/, '').length;
}

/** Compares two non-negative decimal strings; for "is it at most 100" checks without floats. */
export function compareDecimal(a: string, b: string): -1 | 0 | 1 {
  const [aw = '0', af = ''] = a.split('.');
  const [bw = '0', bf = ''] = b.split('.');
  const aw2 = aw.replace(/^0+(?=\d)/, '');
  const bw2 = bw.replace(/^0+(?=\d)/, '');
  if (aw2.length !== bw2.length) return aw2.length < bw2.length ? -1 : 1;
  if (aw2 !== bw2) return aw2 < bw2 ? -1 : 1;
  const len = Math.max(af.length, bf.length);
  const ap = af.padEnd(len, '0');
  const bp = bf.padEnd(len, '0');
  if (ap === bp) return 0;
  return ap < bp ? -1 : 1;
}
