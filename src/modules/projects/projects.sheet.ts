import { isUtf8 } from 'node:buffer';
import { parse as csvParse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import { AppError } from '../../platform/http/errors.ts';
import { COLUMNS, type Cell } from './projects.import.ts';
import { addInstructionsSheet } from '../../platform/export/template.ts';

export type SheetFormat = 'xlsx' | 'csv';
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** A list of a few hundred items is well below this; anything larger is not a key-project list. */
export const MAX_SHEET_BYTES = 10 * 1024 * 1024;

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

/** The format by content (an xlsx is a zip; a CSV is UTF-8 text under a .csv name), refusing anything else. */
export function sheetFormat(data: Buffer, filename: string): SheetFormat {
  if (data.length > MAX_SHEET_BYTES) throw new AppError('FILE_TOO_LARGE', `at most ${MAX_SHEET_BYTES} bytes`);
  if (data.subarray(0, 4).equals(ZIP_MAGIC)) return 'xlsx';
  if (/\.csv$/i.test(filename)) {
    if (data.includes(0)) throw new AppError('FILE_TYPE_NOT_ALLOWED', 'a CSV file is text');
    if (!isUtf8(data)) throw new AppError('CSV_NOT_UTF8', 'the file is not UTF-8 encoded');
    return 'csv';
  }
  throw new AppError('FILE_TYPE_NOT_ALLOWED', 'upload an xlsx workbook or a UTF-8 CSV file');
}

function cellValue(v: unknown): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v instanceof Date) return v;
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (Array.isArray(o.richText)) return (o.richText as { text?: unknown }[]).map((r) => (typeof r.text === 'string' ? r.text : '')).join('');
    if ('result' in o) return cellValue(o.result);
    if (typeof o.text === 'string') return o.text;
  }
  return null;
}

/** Rows of the first data sheet (an instructions sheet is skipped), numbered as the spreadsheet shows them. */
export async function readSheet(data: Buffer, format: SheetFormat): Promise<{ row: number; cells: Cell[] }[]> {
  if (format === 'csv') {
    let records: string[][];
    try {
      const text = data.toString('utf8');
      const first = text.split('\n', 1)[0] ?? '';
      const delimiter = (first.match(/\t/g)?.length ?? 0) > (first.match(/,/g)?.length ?? 0) ? '\t' : ',';
      records = csvParse(text, { bom: true, delimiter, relax_column_count: true, skip_empty_lines: false });
    } catch (err) {
      throw new AppError('VALIDATION_FAILED', `the CSV file cannot be read: ${err instanceof Error ? err.message : String(err)}`, [{ path: 'file', message: 'cannot be read as CSV', zh: '无法按 CSV 读取该文件' }]);
    }
    return records.map((cells, i) => ({ row: i + 1, cells }));
  }
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(data as unknown as ArrayBuffer);
  } catch (err) {
    throw new AppError('VALIDATION_FAILED', `the workbook cannot be read: ${err instanceof Error ? err.message : String(err)}`, [{ path: 'file', message: 'cannot be read as an xlsx workbook', zh: '无法按 xlsx 工作簿读取该文件' }]);
  }
  const ws = wb.worksheets.find((s) => !/^(说明|instructions)/i.test(s.name));
  if (!ws) return [];
  const out: { row: number; cells: Cell[] }[] = [];
  ws.eachRow({ includeEmpty: false }, (r, n) => {
    const values = r.values as unknown[];
    const cells: Cell[] = [];
    for (let i = 1; i < values.length; i++) cells.push(cellValue(values[i]));
    out.push({ row: n, cells });
  });
  return out;
}

/** Cells that a spreadsheet would run as a formula get an apostrophe (CSV injection); the import takes it off. */
const safe = (v: string | number | null) => (typeof v === 'string' && /^[=+\-@]/.test(v) ? `'${v}` : v);

/** A workbook (or CSV) with the import columns: the template when rows is empty, an export otherwise. */
export async function writeSheet(format: SheetFormat, sheetName: string, rows: (string | number | null)[][]): Promise<Buffer> {
  const header = COLUMNS.map((c) => c.zh);
  if (format === 'csv') return Buffer.from(stringify([header, ...rows.map((r) => r.map(safe))], { bom: true }), 'utf8');
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Kechuang';
  const ws = wb.addWorksheet(sheetName.slice(0, 31).replace(/[\\/?*[\]:]/g, ' '), { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = COLUMNS.map((c) => ({ header: c.zh, key: c.field, width: c.field === 'milestones' || c.field === 'kpis' ? 48 : Math.max(12, c.zh.length * 2 + 4), style: { numFmt: '@', alignment: { wrapText: true, vertical: 'top' } } }));
  ws.getRow(1).font = { bold: true };
  for (const r of rows) ws.addRow(r.map(safe));
  addInstructionsSheet(
    wb,
    COLUMNS,
    {
      zh: '数据写在第一个工作表，第 1 行为表头（中文或英文列名均可）。每行描述一个完整的项目：按编号新增或整体替换；文件中没有的项目保持不变。先预览：任何一行有错误都不会写入；提交时要么全部写入，要么都不写入；同一文件再次导入不会产生变化。',
      en: 'Data goes on the first sheet with the header in row 1 (Chinese or English names). Each row describes a whole item: added, or replaced by its code; items not in the file stay as they are. Preview first: nothing is written while any row has an error; a commit writes everything or nothing, and importing the same file again changes nothing.',
    },
    { hint: 50, example: 44 },
  );
  return Buffer.from(await wb.xlsx.writeBuffer());
}
