import { isIsoDate } from './projects.rules.ts';
import { PROJECT_CATEGORIES, type ProjectCategory } from './projects.tables.ts';
import type { ItemInput } from './projects.service.ts';

/**
 * The spreadsheet of a key-project list: one row per item; milestones and KPIs sit in one cell each,
 * one per line, fields separated by "|" (docs/projects.md). A row describes the whole item: importing
 * it replaces the item of the same code; items not in the file are left as they are.
 */
export type Cell = string | number | boolean | Date | null;

export interface ImportRowError {
  row: number;
  column: string | null;
  zh: string;
  en: string;
  value: string | null;
}

export interface ColumnSpec {
  field: 'code' | 'name' | 'nameEn' | 'category' | 'responsibleUnit' | 'responsiblePerson' | 'contactPhone' | 'startDate' | 'endDate' | 'budget' | 'description' | 'milestones' | 'kpis';
  zh: string;
  en: string;
  required: boolean;
  hintZh: string;
  hintEn: string;
  example: string;
}

export const CATEGORY_LABELS: Record<ProjectCategory, { zh: string; en: string }> = {
  construction: { zh: '建设工程', en: 'Construction' },
  platform: { zh: '平台建设', en: 'Platform' },
  research: { zh: '科研攻关', en: 'Research' },
  industry: { zh: '产业项目', en: 'Industry' },
  talent: { zh: '人才引育', en: 'Talent' },
  service: { zh: '公共服务', en: 'Public service' },
};

export const COLUMNS: ColumnSpec[] = [
  { field: 'code', zh: '项目编号', en: 'Code', required: true, hintZh: '清单内唯一；再次导入时按编号更新', hintEn: 'Unique in the list; a new import updates the item of the same code', example: 'CP-2025-001' },
  { field: 'name', zh: '项目名称', en: 'Name', required: true, hintZh: '', hintEn: '', example: '中关村生命科学园三期建设' },
  { field: 'nameEn', zh: '英文名称', en: 'English name', required: false, hintZh: '', hintEn: '', example: 'Life Science Park phase III' },
  { field: 'category', zh: '类别', en: 'Category', required: true, hintZh: Object.values(CATEGORY_LABELS).map((l) => l.zh).join('、'), hintEn: Object.values(CATEGORY_LABELS).map((l) => l.en).join(', '), example: '建设工程' },
  { field: 'responsibleUnit', zh: '责任单位', en: 'Responsible unit', required: true, hintZh: '与机构库中的名称一致时自动关联', hintEn: 'Linked to the registry organisation of the same name', example: '昌平实验室' },
  { field: 'responsiblePerson', zh: '责任人', en: 'Responsible person', required: true, hintZh: '', hintEn: '', example: '王建国' },
  { field: 'contactPhone', zh: '联系电话', en: 'Contact phone', required: false, hintZh: '仅工作人员可见，不在公开页面展示', hintEn: 'Seen by officers only, never on the public page', example: '010-89741234' },
  { field: 'startDate', zh: '开始日期', en: 'Start date', required: true, hintZh: 'YYYY-MM-DD', hintEn: 'YYYY-MM-DD', example: '2024-03-01' },
  { field: 'endDate', zh: '完成日期', en: 'End date', required: true, hintZh: 'YYYY-MM-DD，不早于开始日期', hintEn: 'YYYY-MM-DD, not before the start date', example: '2026-12-31' },
  { field: 'budget', zh: '总投资（万元）', en: 'Budget (10k yuan)', required: false, hintZh: '万元，最多 6 位小数', hintEn: 'In 10,000 yuan, up to 6 decimals', example: '125000' },
  { field: 'description', zh: '项目简介', en: 'Description', required: false, hintZh: '', hintEn: '', example: '' },
  {
    field: 'milestones',
    zh: '里程碑',
    en: 'Milestones',
    required: false,
    hintZh: '每行一个：名称 | 计划日期 | 实际完成日期（未完成留空）',
    hintEn: 'One per line: name | planned date | actual date (empty while open)',
    example: '主体结构封顶 | 2025-06-30 | 2025-07-10\n竣工验收 | 2026-10-31 |',
  },
  {
    field: 'kpis',
    zh: '考核指标',
    en: 'KPIs',
    required: false,
    hintZh: '每行一个：名称 | 单位 | 起始值 | 目标值 | 实际值（可空）| 截止日期；目标低于起始值表示越低越好',
    hintEn: 'One per line: name | unit | start value | target | actual (may be empty) | due date; a target below the start value means lower is better',
    example: '建筑面积 | 万平方米 | 0 | 12 | 8.5 | 2026-10-31',
  },
];

export const MAX_IMPORT_ROWS = 2000;

const headerKey = (s: string) => s.normalize('NFKC').toLowerCase().replace(/[\s_()（）]/g, '');

/** The text of a cell: dates as YYYY-MM-DD (xlsx stores them as UTC midnights), numbers in their shortest form. */
export function cellText(v: Cell): string {
  if (v === null) return '';
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? '' : v.toISOString().slice(0, 10);
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  const s = v.replace(/\r\n?/g, '\n').trim();
  // Exports prefix formula-like text with an apostrophe (CSV injection); take it off again.
  return /^'[=+\-@]/.test(s) ? s.slice(1) : s;
}

/** 万元 with up to 6 decimals → fen, exactly (no floating point). */
export function wanToFen(s: string): bigint | null {
  const m = /^(\d{1,9})(?:\.(\d{1,6}))?$/.exec(s.replace(/,/g, ''));
  if (!m) return null;
  return BigInt(m[1]!) * 1_000_000n + BigInt((m[2] ?? '').padEnd(6, '0'));
}

export function fenToWan(fen: bigint): string {
  const whole = fen / 1_000_000n;
  const frac = (fen % 1_000_000n).toString().padStart(6, '0').replace(/0+$/, '');
  return frac ? `${whole}.${frac}` : String(whole);
}

function num(s: string): number | null {
  if (!/^-?\d+(?:\.\d+)?$/.test(s.replace(/,/g, ''))) return null;
  return Number(s.replace(/,/g, ''));
}

const lines = (s: string) => s.split(/\n|；|;/).map((l) => l.trim()).filter(Boolean);
const parts = (l: string) => l.split(/[|｜]/).map((p) => p.trim());

type Err = { zh: string; en: string };

export function parseMilestones(s: string): { value: ItemInput['milestones']; errors: Err[] } {
  const value: ItemInput['milestones'] = [];
  const errors: Err[] = [];
  lines(s).forEach((l, i) => {
    const [name = '', planned = '', actual = '', ...rest] = parts(l);
    const n = i + 1;
    if (rest.some(Boolean) || !name) return errors.push({ zh: `第 ${n} 个里程碑应为「名称 | 计划日期 | 实际日期」`, en: `Milestone ${n} should read “name | planned date | actual date”` });
    if (!isIsoDate(planned)) return errors.push({ zh: `第 ${n} 个里程碑的计划日期不是有效日期（YYYY-MM-DD）`, en: `Milestone ${n}: the planned date is not a valid date (YYYY-MM-DD)` });
    if (actual && !isIsoDate(actual)) return errors.push({ zh: `第 ${n} 个里程碑的实际日期不是有效日期（YYYY-MM-DD）`, en: `Milestone ${n}: the actual date is not a valid date (YYYY-MM-DD)` });
    if (value.some((m) => m.name === name)) return errors.push({ zh: `里程碑「${name}」重复`, en: `Milestone “${name}” appears twice` });
    value.push({ name, plannedDate: planned, actualDate: actual || null });
  });
  return { value, errors };
}

export function parseKpis(s: string): { value: ItemInput['kpis']; errors: Err[] } {
  const value: ItemInput['kpis'] = [];
  const errors: Err[] = [];
  lines(s).forEach((l, i) => {
    const [name = '', unit = '', start = '', target = '', actual = '', due = '', ...rest] = parts(l);
    const n = i + 1;
    if (rest.some(Boolean) || !name) return errors.push({ zh: `第 ${n} 个指标应为「名称 | 单位 | 起始值 | 目标值 | 实际值 | 截止日期」`, en: `KPI ${n} should read “name | unit | start | target | actual | due date”` });
    const startValue = start === '' ? 0 : num(start);
    const targetValue = num(target);
    const actualValue = actual === '' ? null : num(actual);
    if (startValue === null || targetValue === null || (actual !== '' && actualValue === null))
      return errors.push({ zh: `第 ${n} 个指标的起始值、目标值或实际值不是数字`, en: `KPI ${n}: the start value, target or actual value is not a number` });
    if (!isIsoDate(due)) return errors.push({ zh: `第 ${n} 个指标的截止日期不是有效日期（YYYY-MM-DD）`, en: `KPI ${n}: the due date is not a valid date (YYYY-MM-DD)` });
    if (value.some((k) => k.name === name)) return errors.push({ zh: `指标「${name}」重复`, en: `KPI “${name}” appears twice` });
    value.push({ name, unit, startValue, target: targetValue, actual: actualValue, dueDate: due });
  });
  return { value, errors };
}

export function formatMilestones(ms: ItemInput['milestones']): string {
  return ms.map((m) => `${m.name} | ${m.plannedDate} | ${m.actualDate ?? ''}`).join('\n');
}

export function formatKpis(ks: ItemInput['kpis']): string {
  return ks.map((k) => `${k.name} | ${k.unit} | ${k.startValue} | ${k.target} | ${k.actual ?? ''} | ${k.dueDate}`).join('\n');
}

function categoryOf(s: string): ProjectCategory | null {
  const key = headerKey(s);
  for (const c of PROJECT_CATEGORIES) if (key === c || key === headerKey(CATEGORY_LABELS[c].zh) || key === headerKey(CATEGORY_LABELS[c].en)) return c;
  return null;
}

/** An item as the file gives it, before the responsible unit is looked up in the registry. */
export type ParsedItem = Omit<ItemInput, 'responsibleOrgId'>;

export interface ParsedSheet {
  rows: { row: number; item: ParsedItem }[];
  errors: ImportRowError[];
  ignoredColumns: string[];
}

/** Reads the records (header first) into items, collecting every problem with its row and column. */
export function parseSheet(records: { row: number; cells: Cell[] }[]): ParsedSheet {
  const errors: ImportRowError[] = [];
  const header = records[0];
  if (!header) return { rows: [], errors: [{ row: 1, column: null, zh: '文件是空的', en: 'The file is empty', value: null }], ignoredColumns: [] };
  const byKey = new Map<string, ColumnSpec>();
  for (const c of COLUMNS) for (const n of [c.zh, c.en, c.field]) byKey.set(headerKey(n), c);
  const cols = new Map<ColumnSpec['field'], { index: number; header: string }>();
  const ignoredColumns: string[] = [];
  header.cells.forEach((c, index) => {
    const h = cellText(c);
    if (!h) return;
    const spec = byKey.get(headerKey(h));
    if (!spec) ignoredColumns.push(h);
    else if (cols.has(spec.field)) errors.push({ row: header.row, column: h, zh: '列名重复', en: 'The column appears twice', value: h });
    else cols.set(spec.field, { index, header: h });
  });
  for (const c of COLUMNS) if (c.required && !cols.has(c.field)) errors.push({ row: header.row, column: c.zh, zh: `缺少必填列「${c.zh}」`, en: `The required column “${c.en}” is missing`, value: null });
  if (errors.length) return { rows: [], errors, ignoredColumns };

  const data = records.slice(1).filter((r) => r.cells.some((c) => cellText(c) !== ''));
  if (data.length === 0) errors.push({ row: header.row + 1, column: null, zh: '文件中没有数据行', en: 'The file has no data rows', value: null });
  if (data.length > MAX_IMPORT_ROWS) return { rows: [], errors: [{ row: header.row + MAX_IMPORT_ROWS + 1, column: null, zh: `一次最多导入 ${MAX_IMPORT_ROWS} 行`, en: `At most ${MAX_IMPORT_ROWS} rows per import`, value: null }], ignoredColumns };
  const seen = new Map<string, number>();
  const rows: ParsedSheet['rows'] = [];
  for (const r of data) {
    const text = (f: ColumnSpec['field']) => {
      const c = cols.get(f);
      return c ? cellText(r.cells[c.index] ?? null) : '';
    };
    const rowErrors: ImportRowError[] = [];
    const err = (f: ColumnSpec['field'], e: Err) => rowErrors.push({ row: r.row, column: cols.get(f)?.header ?? COLUMNS.find((c) => c.field === f)!.zh, ...e, value: text(f).slice(0, 100) || null });
    for (const c of COLUMNS) if (c.required && !text(c.field)) err(c.field, { zh: '必填', en: 'is required' });
    const code = text('code');
    if (code.length > 40) err('code', { zh: '编号最长 40 个字符', en: 'at most 40 characters' });
    if (code && seen.has(code)) err('code', { zh: `编号与第 ${seen.get(code)} 行重复`, en: `the same code as row ${seen.get(code)}` });
    else if (code) seen.set(code, r.row);
    const category = text('category') ? categoryOf(text('category')) : null;
    if (text('category') && !category) err('category', { zh: `不是有效的类别（${Object.values(CATEGORY_LABELS).map((l) => l.zh).join('、')}）`, en: `is not a category (${PROJECT_CATEGORIES.join(', ')})` });
    for (const f of ['startDate', 'endDate'] as const) if (text(f) && !isIsoDate(text(f))) err(f, { zh: '不是有效日期（YYYY-MM-DD）', en: 'is not a valid date (YYYY-MM-DD)' });
    if (isIsoDate(text('startDate')) && isIsoDate(text('endDate')) && text('endDate') < text('startDate')) err('endDate', { zh: '早于开始日期', en: 'is before the start date' });
    const budget = text('budget') ? wanToFen(text('budget')) : null;
    if (text('budget') && budget === null) err('budget', { zh: '不是有效金额（万元，最多 6 位小数）', en: 'is not an amount (10k yuan, up to 6 decimals)' });
    const milestones = parseMilestones(text('milestones'));
    milestones.errors.forEach((e) => err('milestones', e));
    const kpis = parseKpis(text('kpis'));
    kpis.errors.forEach((e) => err('kpis', e));
    for (const f of ['name', 'responsibleUnit', 'responsiblePerson'] as const) if (text(f).length > 200) err(f, { zh: '最长 200 个字符', en: 'at most 200 characters' });
    if (rowErrors.length) {
      errors.push(...rowErrors);
      continue;
    }
    rows.push({
      row: r.row,
      item: {
        code,
        name: text('name'),
        nameEn: text('nameEn'),
        category: category!,
        responsibleUnit: text('responsibleUnit'),
        responsiblePerson: text('responsiblePerson'),
        contactPhone: text('contactPhone') || null,
        startDate: text('startDate'),
        endDate: text('endDate'),
        budgetFen: budget === null ? null : Number(budget),
        description: text('description'),
        milestones: milestones.value,
        kpis: kpis.value,
      },
    });
  }
  return { rows, errors, ignoredColumns };
}
