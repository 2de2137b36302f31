import type { Actor } from '../../platform/auth/policy.ts';
import { bilingual, exportFile, type ExportFile, type ExportFormat } from '../../platform/export/index.ts';
import type { OverdueFilter, OverdueKind } from './delivery.queries.ts';
import type { DeliveryFilter, DeliveryService } from './delivery.service.ts';

const yuan = (fen: number) => (fen / 100).toFixed(2);
const KIND: Record<OverdueKind, string> = { milestone: '里程碑（milestone）', order: '督办（supervision order）', tranche: '拨付款项（tranche）', item: '清单事项（list item）' };
const WAITING = { team: '承担方（team）', office: '管理部门（office）' } as const;

/** The overdue list with the dashboard's filters, every row, as Excel or CSV (bilingual headers, amounts in yuan). */
export function exportOverdue(svc: DeliveryService, actor: Actor, f: DeliveryFilter & OverdueFilter, format: ExportFormat): ExportFile {
  const header = [
    bilingual('类别', 'Kind'),
    bilingual('编号', 'Reference'),
    bilingual('事项', 'Title'),
    bilingual('说明', 'Detail'),
    bilingual('责任单位', 'Organisation / unit'),
    bilingual('责任人', 'Person'),
    bilingual('负责处室人员', 'Officer'),
    bilingual('应完成日期', 'Due on'),
    bilingual('逾期天数', 'Days overdue'),
    bilingual('未拨金额（元）', 'Unreleased (yuan)'),
    bilingual('状态', 'Status'),
    bilingual('待办方', 'Waiting on'),
  ];
  return exportFile(format, { sheet: '逾期事项', file: `逾期事项-${svc.today()}` }, header, async (w) => {
    for await (const rows of svc.allOverdue(actor, f)) {
      for (const r of rows) {
        await w.row([KIND[r.kind], r.ref, r.kind === 'tranche' ? `第${r.title}笔 / tranche ${r.title}` : r.title, r.detail, r.ownerOrg, r.ownerPerson, r.officerName, r.dueOn, r.daysOverdue, r.amountFen === null ? null : yuan(r.amountFen), r.status, r.waitingOn ? WAITING[r.waitingOn] : null]);
      }
    }
  });
}
