/** Spreadsheet programs read UTF-8 CSV as such only with a byte-order mark. */
export const BOM = '\uFEFF';

const NUMBER = /^-?\d+(\.\d+)?$/;

/**
 * One CSV field (RFC 4180). Text that a spreadsheet would take for a formula (=, +, -, @, tab, CR)
 * gets a leading apostrophe; plain numbers stay numbers.
 */
export function csvField(v: string | number | null | undefined): string {
  if (v === null || v === undefined) return '';
  let s = String(v);
  if (typeof v === 'string' && !NUMBER.test(s) && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** A whole CSV document: BOM, header row, rows, CRLF line ends. */
export function toCsv(table: { header: string[]; rows: (string | number | null)[][] }): string {
  return BOM + [table.header, ...table.rows].map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}
