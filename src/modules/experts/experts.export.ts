// The expert list as a spreadsheet, and the import template. The export's columns are the import's
// (headers “中文 / English”, which the import reads), so an exported file can be edited and imported
// back; importing it unchanged changes nothing.
import { inArray } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { stringify } from 'csv-stringify/sync';
import type { Db } from '../../platform/db/client.ts';
import { bilingual, exportFile, shanghaiDateTime, type ExportFile, type ExportFormat } from '../../platform/export/index.ts';
import { organizationsTable as organizations, type PriorityField } from '../registry/index.ts';
import type { ExpertListFilter, ExpertService } from './experts.service.ts';
import { expertPublications } from './experts.tables.ts';
import { AVAILABILITY_LABELS, FIELD_LABELS, formatPublications, IMPORT_COLUMNS } from './experts.import.rules.ts';
import { addInstructionsSheet } from '../../platform/export/template.ts';

const PAGE = 500;

/** Every expert matching the list's filters, in the list's order. */
export function exportExperts(db: Db, svc: ExpertService, tenantId: string, filter: ExpertListFilter, format: ExportFormat, now: Date): ExportFile {
  const header = IMPORT_COLUMNS.map((c) => bilingual(c.zh, c.en));
  const stamp = shanghaiDateTime(now).slice(0, 10);
  return exportFile(format, { sheet: '专家库', file: `专家库-${stamp}` }, header, async (w) => {
    for (let offset = 0; ; offset += PAGE) {
      const { items } = await svc.list(tenantId, filter, { offset, limit: PAGE });
      if (items.length === 0) break;
      const orgIds = [...new Set(items.flatMap((e) => (e.organizationId ? [e.organizationId] : [])))];
      const [codes, emails, pubs] = await Promise.all([
        orgIds.length ? db.select({ id: organizations.id, creditCode: organizations.creditCode }).from(organizations).where(inArray(organizations.id, orgIds)) : [],
        svc.accountEmails(tenantId, items.flatMap((e) => (e.userId ? [e.userId] : []))),
        db.select().from(expertPublications).where(inArray(expertPublications.expertId, items.map((e) => e.id))),
      ]);
      const codeOf = new Map(codes.map((c) => [c.id, c.creditCode]));
      for (const e of items) {
        const own = pubs.filter((p) => p.expertId === e.id).sort((a, b) => a.year - b.year || a.id.localeCompare(b.id));
        await w.row([
          e.name,
          e.orcid,
          e.userId ? (emails.get(e.userId) ?? null) : null,
          e.organizationId ? (codeOf.get(e.organizationId) ?? null) : null,
          e.organizationName,
          e.affiliation || null,
          e.title || null,
          e.fields.map((f) => FIELD_LABELS[f as PriorityField]?.zh ?? f).join('、') || null,
          e.keywords.join('、') || null,
          e.biography || null,
          AVAILABILITY_LABELS[e.availability].zh,
          e.unavailableUntil,
          e.maxLoad,
          formatPublications(own) || null,
        ]);
      }
      if (items.length < PAGE) break;
    }
  });
}

/** The import template: the header in Chinese (English names are read too) and, in an xlsx, a sheet explaining every column. */
export async function expertImportTemplate(format: ExportFormat): Promise<{ data: Buffer; filename: string; contentType: string }> {
  if (format === 'csv') {
    const data = Buffer.from(stringify([IMPORT_COLUMNS.map((c) => c.zh)], { bom: true }), 'utf8');
    return { data, filename: '专家导入模板.csv', contentType: 'text/csv; charset=utf-8' };
  }
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Kechuang';
  const ws = wb.addWorksheet('专家', { views: [{ state: 'frozen', ySplit: 1 }] });
  // ORCID, credit codes and dates as text, so Excel keeps them as typed.
  const text = new Set(['orcid', 'creditCode', 'unavailableUntil']);
  ws.columns = IMPORT_COLUMNS.map((c) => ({ header: c.zh, key: c.key, width: Math.max(12, c.zh.length * 2 + 4), style: text.has(c.key) ? { numFmt: '@' } : {} }));
  ws.getRow(1).font = { bold: true };
  addInstructionsSheet(
    wb,
    IMPORT_COLUMNS,
    {
      zh: '数据写在第一个工作表，第 1 行为表头（中文或英文列名均可）。已有专家按 ORCID 匹配，其次按电子邮箱（关联的专家账号），两者都没有时按姓名加所属机构（或工作单位）匹配；匹配到的专家被更新，其余新增。空单元格表示保持不变。导入前先检查并预览：所有行都无错误才能提交，提交要么全部写入，要么都不写入；同一文件再次导入不会产生变化。',
      en: 'Data goes on the first sheet with the header in row 1 (Chinese or English column names). An expert already in the pool is matched by ORCID, then by e-mail (the linked expert account), and without either by name and organisation (or affiliation); a matched expert is updated, others are added. An empty cell leaves the value as it is. Every file is checked and previewed first; it can be committed only when no row has an error, and then it is written completely or not at all. Importing the same file again changes nothing.',
    },
    { hint: 60, example: 40 },
  );
  const data = Buffer.from(await wb.xlsx.writeBuffer());
  return { data, filename: '专家导入模板.xlsx', contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' };
}
