import type { Db } from '../db/client.ts';
import { AppError } from '../http/errors.ts';
import { bilingual, exportFile, shanghaiDateTime, XLSX_MAX_DATA_ROWS, type ExportFile, type ExportFormat } from '../export/index.ts';
import { auditEventsMatching, countAudit, type AuditFilter } from './audit.service.ts';

export const AUDIT_EXPORT_HEADER = [
  bilingual('链序号', 'Chain seq'),
  bilingual('时间（北京时间）', 'Time (Beijing time)'),
  bilingual('操作人', 'Actor'),
  bilingual('操作人 ID', 'Actor ID'),
  bilingual('操作', 'Action'),
  bilingual('对象类型', 'Target type'),
  bilingual('对象 ID', 'Target ID'),
  bilingual('摘要', 'Summary'),
  bilingual('请求编号', 'Request ID'),
  bilingual('本条哈希', 'Hash'),
  bilingual('上条哈希', 'Previous hash'),
];

/**
 * The audit events matching the auditor page's filters as xlsx or CSV, streamed page by page on the
 * chain sequence, so memory stays flat however long the log. CSV has no row limit; an xlsx worksheet
 * holds 1,048,575 data rows, so a larger selection is refused up front (EXPORT_TOO_LARGE) rather than
 * cut short. The whole chain for verification elsewhere stays GET /audit/export (JSON Lines).
 */
export async function exportAuditEvents(db: Db, tenantId: string, filter: AuditFilter, order: 'asc' | 'desc', format: ExportFormat, now: Date, maxXlsxRows = XLSX_MAX_DATA_ROWS): Promise<ExportFile> {
  if (format === 'xlsx') {
    const n = await countAudit(db, tenantId, filter);
    if (n > maxXlsxRows) throw new AppError('EXPORT_TOO_LARGE', `${n} events match; an xlsx export holds at most ${maxXlsxRows}`);
  }
  const stamp = shanghaiDateTime(now).slice(0, 10);
  return exportFile(format, { sheet: '审计日志', file: `审计日志-${stamp}` }, AUDIT_EXPORT_HEADER, async (w) => {
    for await (const page of auditEventsMatching(db, tenantId, filter, order)) {
      for (const e of page) {
        await w.row([
          e.chainSeq,
          shanghaiDateTime(e.occurredAt),
          e.actorLabel,
          e.actorUserId,
          e.action,
          e.targetType,
          e.targetId,
          Object.keys(e.summary).length ? JSON.stringify(e.summary) : null,
          e.requestId,
          e.hash,
          e.prevHash,
        ]);
      }
    }
  });
}
