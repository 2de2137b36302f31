import type ExcelJS from 'exceljs';

/** One column of an import file as its instructions sheet describes it. */
export interface TemplateColumn {
  zh: string;
  en: string;
  required?: boolean | undefined;
  hintZh: string;
  hintEn: string;
  example: string;
}

/**
 * The bilingual instructions sheet of an import template (说明 Instructions): one row per column — names in
 * both languages, whether required, notes and an example — then the file's rules. Every import template
 * (registry, experts, key-project lists) carries the same sheet, so offices learn it once.
 */
export function addInstructionsSheet(wb: ExcelJS.Workbook, columns: readonly TemplateColumn[], rules: { zh: string; en: string }, widths: { hint?: number; example?: number } = {}): ExcelJS.Worksheet {
  const help = wb.addWorksheet('说明 Instructions');
  const nameWidth = Math.min(24, Math.max(16, ...columns.map((c) => Math.max(c.zh.length * 2, c.en.length) + 2)));
  help.columns = [
    { header: '列名', key: 'zh', width: nameWidth },
    { header: 'Column', key: 'en', width: nameWidth },
    { header: '必填 Required', key: 'required', width: 14 },
    { header: '说明', key: 'hintZh', width: widths.hint ?? 50 },
    { header: 'Notes', key: 'hintEn', width: (widths.hint ?? 50) + 10 },
    { header: '示例 Example', key: 'example', width: widths.example ?? 32 },
  ];
  help.getRow(1).font = { bold: true };
  for (const c of columns) help.addRow({ zh: c.zh, en: c.en, required: c.required ? '是 yes' : '否 no', hintZh: c.hintZh, hintEn: c.hintEn, example: c.example });
  help.addRow({});
  help.addRow({ zh: '规则', en: 'Rules', hintZh: rules.zh, hintEn: rules.en });
  return help;
}
