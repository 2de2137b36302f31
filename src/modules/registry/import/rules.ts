import { normalizeCreditCode } from '../../../platform/auth/auth.rules.ts';
import { isIndustryCode, isIsoDate } from '../registry.rules.ts';
import { COLUMNS, type CellKind, type ColumnSpec } from './columns.ts';
import type { ImportKind, ImportRowError } from './import.tables.ts';
import { labelKey, ORG_TYPE_BY_LABEL, PRIORITY_FIELD_BY_LABEL, QUALIFICATION_KIND_BY_LABEL } from './labels.ts';
import { ROW_MESSAGES, type RowErrorCode } from './messages.ts';

/** A cell as the readers deliver it: CSV gives strings; xlsx also numbers, booleans and dates. */
export type CellValue = string | number | boolean | Date | null;

/** Parsed cell values by field; a field is absent when its column is missing or its cell is empty ("leave as is"). */
export type RowValues = Partial<Record<string, string | number | string[]>>;

export interface ParsedRow {
  row: number;
  values: RowValues;
  errors: ImportRowError[];
  /** The natural key (for duplicates within the file), when its parts are valid. */
  key: string | null;
}

export interface HeaderMap {
  columns: { index: number; spec: ColumnSpec; header: string }[];
  ignored: string[];
  errors: ImportRowError[];
}

export interface RuleContext {
  /** Today in Asia/Shanghai, YYYY-MM-DD. */
  today: string;
}

type Parsed<T> = { ok: true; value: T } | { ok: false; code: RowErrorCode; arg?: number };
const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = <T>(code: RowErrorCode, arg?: number): Parsed<T> => (arg === undefined ? { ok: false, code } : { ok: false, code, arg });

export function rowError(row: number, col: { header: string; field: string } | null, code: RowErrorCode, value: unknown = null, arg?: number): ImportRowError {
  const msg = (ROW_MESSAGES[code] as (a?: number) => { zh: string; en: string })(arg);
  const text = value instanceof Date ? value.toISOString().slice(0, 10) : typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : Array.isArray(value) ? value.join(';') : '';
  const v = text === '' ? null : text.slice(0, 100);
  return { row, column: col?.header ?? null, field: col?.field ?? null, code, zh: msg.zh, en: msg.en, value: v };
}

/** The text of a cell, trimmed; numbers in their shortest exact decimal form, dates as YYYY-MM-DD (UTC, as Excel stores them). */
export function cellText(v: CellValue): string {
  if (v === null) return '';
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? '' : v.toISOString().slice(0, 10);
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  // Exports prefix text that starts like a formula with an apostrophe (CSV injection); take it off again.
  const s = v.trim();
  return /^'[=+\-@]/.test(s) ? s.slice(1) : s;
}

const headerKey = (s: string) => s.normalize('NFKC').toLowerCase().replace(/[\s_]/g, '');

/** Match the header row (Chinese or English names, a few aliases) to the columns of this kind of import. */
export function mapHeader(kind: ImportKind, cells: CellValue[], row = 1): HeaderMap {
  const specs = COLUMNS[kind];
  const byKey = new Map<string, ColumnSpec>();
  for (const spec of specs) for (const name of [spec.zh, spec.en, spec.field, ...(spec.aliases ?? [])]) byKey.set(headerKey(name), spec);
  const out: HeaderMap = { columns: [], ignored: [], errors: [] };
  const seen = new Set<string>();
  cells.forEach((c, index) => {
    const header = cellText(c);
    if (!header) return;
    const spec = byKey.get(headerKey(header));
    if (!spec) {
      out.ignored.push(header);
      return;
    }
    if (seen.has(spec.field)) {
      out.errors.push(rowError(row, { header, field: spec.field }, 'duplicate_column', header));
      return;
    }
    seen.add(spec.field);
    out.columns.push({ index, spec, header });
  });
  for (const spec of specs) {
    if (spec.required && !seen.has(spec.field)) out.errors.push(rowError(row, { header: spec.zh, field: spec.field }, 'missing_column'));
  }
  return out;
}

// ---- cell parsers ---------------------------------------------------------------------------

const half = (s: string) => s.normalize('NFKC').trim();
const chars = (s: string) => [...s].length;

/** Yuan as written ("1234.5", "1,234.50", "¥1234") to integer fen, exactly: the digits are read as text, never as a float. */
export function parseYuanToFen(raw: string): Parsed<number> {
  let s = half(raw).replace(/^¥\s*/, '');
  if (/^\d{1,3}(,\d{3})+(\.\d+)?$/.test(s)) s = s.replace(/,/g, '');
  if (/^-\s*\d+(\.\d+)?$/.test(s)) return fail('negative');
  const m = /^(\d+)(?:\.(\d+))?$/.exec(s);
  if (!m) return fail('not_a_number');
  const frac = m[2] ?? '';
  if (frac.length > 2 && /[^0]/.test(frac.slice(2))) return fail('too_many_decimals');
  const fen = BigInt(m[1]!) * 100n + BigInt(frac.slice(0, 2).padEnd(2, '0'));
  if (fen > BigInt(Number.MAX_SAFE_INTEGER)) return fail('too_large');
  return ok(Number(fen));
}

/** Fen back to the yuan text the templates use: 123450 → "1234.50". */
export function formatFen(fen: number): string {
  const n = BigInt(fen);
  const sign = n < 0n ? '-' : '';
  const a = n < 0n ? -n : n;
  return `${sign}${a / 100n}.${String(a % 100n).padStart(2, '0')}`;
}

export function parseCount(raw: string): Parsed<number> {
  let s = half(raw);
  if (/^\d{1,3}(,\d{3})+$/.test(s)) s = s.replace(/,/g, '');
  if (/^-\s*\d+(\.\d+)?$/.test(s)) return fail('negative');
  const m = /^(\d+)(\.0*)?$/.exec(s);
  if (!m) return /^\d+\.\d+$/.test(s) ? fail('not_integer') : fail('not_a_number');
  const n = Number(m[1]);
  if (n > 2_147_483_647) return fail('too_large');
  return ok(n);
}

export function parseYear(raw: string, today: string): Parsed<number> {
  const max = Number(today.slice(0, 4));
  const m = /^(\d{4})(\.0*)?年?$/.exec(half(raw));
  const y = m ? Number(m[1]) : NaN;
  if (!(y >= 1949 && y <= max)) return fail('invalid_year', max);
  return ok(y);
}

/** 2024-01-31, 2024/1/31, 2024.1.31, 2024年1月31日, 20240131 → 2024-01-31; a real calendar date or nothing. */
export function parseDate(v: CellValue): Parsed<string> {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? fail('invalid_date') : ok(v.toISOString().slice(0, 10));
  const s = half(cellText(v)).replace(/[ T]00:00(:00(\.0+)?)?Z?$/, '');
  const m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(s) ?? /^(\d{4})年(\d{1,2})月(\d{1,2})日?$/.exec(s) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (!m) return fail('invalid_date');
  const iso = `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
  return isIsoDate(iso) ? ok(iso) : fail('invalid_date');
}

export function parseKeywords(raw: string): Parsed<string[]> {
  const words = [...new Set(raw.split(/[;；、]/).map((w) => w.trim()).filter(Boolean))];
  if (words.length > 30) return fail('too_many_keywords');
  if (words.some((w) => chars(w) > 40)) return fail('keyword_too_long');
  return ok(words);
}

function parseCell(spec: ColumnSpec, v: CellValue, ctx: RuleContext): Parsed<string | number | string[]> {
  const text = cellText(v);
  const kind: CellKind = spec.cell;
  switch (kind) {
    case 'creditCode': {
      const code = normalizeCreditCode(half(text));
      return code ? ok(code) : fail('invalid_credit_code');
    }
    case 'text': {
      if (spec.maxLength && chars(text) > spec.maxLength) return fail('too_long', spec.maxLength);
      if (spec.minLength && chars(text) < spec.minLength) return fail('too_short', spec.minLength);
      return ok(text);
    }
    case 'orgType': {
      const t = ORG_TYPE_BY_LABEL.get(labelKey(text));
      return t ? ok(t) : fail('unknown_org_type');
    }
    case 'zoneCode': {
      const z = half(text).toLowerCase();
      return /^[a-z0-9][a-z0-9-]{1,62}$/.test(z) ? ok(z) : fail('unknown_zone');
    }
    case 'industryCode': {
      const c = half(text).toUpperCase();
      return isIndustryCode(c) ? ok(c) : fail('invalid_industry_code');
    }
    case 'priorityField': {
      const f = PRIORITY_FIELD_BY_LABEL.get(labelKey(text));
      return f ? ok(f) : fail('unknown_priority_field');
    }
    case 'qualificationKind': {
      const k = QUALIFICATION_KIND_BY_LABEL.get(labelKey(text));
      return k ? ok(k) : fail('unknown_qualification_kind');
    }
    case 'date': {
      const d = parseDate(v);
      if (d.ok && spec.field === 'foundedOn' && d.value > ctx.today) return fail('future_date');
      return d;
    }
    case 'url':
      if (spec.maxLength && chars(text) > spec.maxLength) return fail('too_long', spec.maxLength);
      return /^https?:\/\/[^\s]+$/i.test(text) ? ok(text) : fail('invalid_url');
    case 'keywords':
      return parseKeywords(text);
    case 'year':
      return parseYear(text, ctx.today);
    case 'yuan':
      return parseYuanToFen(text);
    case 'count':
      return parseCount(text);
  }
}

/** The natural key of a row: what identifies the record it creates or updates. */
export function rowKey(kind: ImportKind, v: RowValues): string | null {
  const code = v.creditCode;
  if (typeof code !== 'string') return null;
  if (kind === 'organizations') return code;
  if (kind === 'qualifications') return typeof v.kind === 'string' && typeof v.validFrom === 'string' ? `${code}|${v.kind}|${v.validFrom}` : null;
  return typeof v.year === 'number' ? `${code}|${v.year}` : null;
}

export function isEmptyRow(cells: CellValue[]): boolean {
  return cells.every((c) => cellText(c) === '');
}

/** Read one data row: every cell of a known column is parsed; empty optional cells mean "leave as is". */
export function parseRow(kind: ImportKind, header: HeaderMap, row: number, cells: CellValue[], ctx: RuleContext): ParsedRow {
  const values: RowValues = {};
  const errors: ImportRowError[] = [];
  for (const { index, spec, header: h } of header.columns) {
    const raw = cells[index] ?? null;
    if (cellText(raw) === '') {
      if (spec.required) errors.push(rowError(row, { header: h, field: spec.field }, 'required'));
      continue;
    }
    const p = parseCell(spec, raw, ctx);
    if (p.ok) values[spec.field] = p.value;
    else errors.push(rowError(row, { header: h, field: spec.field }, p.code, raw, p.arg));
  }
  return { row, values, errors, key: rowKey(kind, values) };
}

/** Tracks natural keys across the whole file: the second occurrence of a key is an error pointing at the first. */
export class DuplicateTracker {
  readonly firstRow = new Map<string, number>();
  check(header: HeaderMap, parsed: ParsedRow): void {
    if (!parsed.key) return;
    const first = this.firstRow.get(parsed.key);
    if (first === undefined) {
      this.firstRow.set(parsed.key, parsed.row);
      return;
    }
    const col = header.columns.find((c) => c.spec.field === 'creditCode');
    parsed.errors.push(rowError(parsed.row, col ? { header: col.header, field: 'creditCode' } : null, 'duplicate_in_file', parsed.key.split('|').join(' / '), first));
  }
}
