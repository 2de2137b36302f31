import ExcelJS from 'exceljs';
import { stringify } from 'csv-stringify/sync';
import { COLUMNS, KIND_LABELS } from './columns.ts';
import type { ImportFormat, ImportKind } from './import.tables.ts';
import { addInstructionsSheet } from '../../../platform/export/template.ts';

/** Cells Excel would otherwise turn into numbers (a credit code of digits loses its last digits). */
const TEXT_CELLS = new Set(['creditCode', 'certificateNo', 'ticker', 'zoneCode', 'industryCode']);

/**
 * The template of one import: the header row in Chinese (English names are accepted too) and, in an
 * xlsx, a second sheet "说明 Instructions" explaining every column in both languages.
 */
export async function importTemplate(kind: ImportKind, format: ImportFormat): Promise<{ data: Buffer; filename: string; contentType: string }> {
  const cols = COLUMNS[kind];
  const label = KIND_LABELS[kind];
  if (format === 'csv') {
    const data = Buffer.from(stringify([cols.map((c) => c.zh)], { bom: true }), 'utf8');
    return { data, filename: `${label.zh}导入模板.csv`, contentType: 'text/csv; charset=utf-8' };
  }
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Kechuang';
  const ws = wb.addWorksheet(label.zh, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = cols.map((c) => ({ header: c.zh, key: c.field, width: Math.max(12, c.zh.length * 2 + 4), style: TEXT_CELLS.has(c.field) ? { numFmt: '@' } : {} }));
  ws.getRow(1).font = { bold: true };
  addInstructionsSheet(
    wb,
    cols,
    {
      zh: `数据写在第一个工作表，第 1 行为表头（中文或英文列名均可）。空单元格表示“保持不变”。导入前先预览：所有行都无错误才能提交，提交要么全部写入，要么都不写入；同一文件再次导入不会产生变化。`,
      en: `Data goes on the first sheet with the header in row 1 (Chinese or English column names). An empty cell means "leave as is". Every import is previewed first; it can be committed only when no row has an error, and then it is written completely or not at all. Importing the same file again changes nothing.`,
    },
    { hint: 50, example: 24 },
  );
  const data = Buffer.from(await wb.xlsx.writeBuffer());
  return { data, filename: `${label.zh}导入模板.xlsx`, contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' };
}
