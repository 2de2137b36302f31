import { bilingual, exportFile, shanghaiDateTime, type ExportFile, type ExportFormat } from '../../platform/export/index.ts';
import type { ContractService } from './contracts.service.ts';

const yuan = (fen: number) => (fen / 100).toFixed(2);
const TRIGGER_ZH = { signing: '签约', milestone: '里程碑', acceptance: '验收' } as const;
const KIND_ZH = { release: '拨付', reversal: '冲销' } as const;

/**
 * The disbursement ledger of one contract as Excel or CSV: every entry with its approver and Beijing
 * time, a running total, then the reconciliation per tranche (planned, released, remaining, ledger)
 * and for the contract, so a finance office can tick it off against the contract.
 */
export async function exportLedger(svc: ContractService, tenantId: string, contractId: string, format: ExportFormat, now: Date): Promise<ExportFile> {
  const { contract: c, tranches, ledger, reconciliation: r } = await svc.ledger.reconciliation(tenantId, contractId);
  const names = new Map((await svc.names(tenantId, [...new Set(ledger.map((e) => e.approvedBy))])).map((p) => [p.id, p.name]));
  const seq = new Map(tranches.map((t) => [t.id, t]));
  const header = [
    bilingual('任务书', 'Contract'),
    bilingual('类别', 'Kind'),
    bilingual('款项', 'Tranche'),
    bilingual('拨付条件', 'Trigger'),
    bilingual('金额（元）', 'Amount (yuan)'),
    bilingual('累计拨付（元）', 'Released so far (yuan)'),
    bilingual('审批人', 'Approved by'),
    bilingual('时间（北京时间）', 'Time (Beijing)'),
    bilingual('说明', 'Note'),
  ];
  const stamp = shanghaiDateTime(now).slice(0, 10);
  return exportFile(format, { sheet: '拨付台账', file: `${c.code}-拨付台账-${stamp}` }, header, async (w) => {
    let running = 0;
    for (const e of ledger) {
      const t = seq.get(e.trancheId)!;
      running += e.kind === 'release' ? e.amountFen : -e.amountFen;
      await w.row([c.code, `${KIND_ZH[e.kind]}（${e.kind}）`, t.seq, `${TRIGGER_ZH[t.trigger]}（${t.trigger}）`, yuan(e.kind === 'release' ? e.amountFen : -e.amountFen), yuan(running), names.get(e.approvedBy) ?? e.approvedBy, shanghaiDateTime(e.approvedAt), e.note]);
    }
    await w.row([]);
    await w.row([bilingual('对账', 'Reconciliation'), bilingual('款项', 'Tranche'), bilingual('计划（元）', 'Planned (yuan)'), bilingual('已拨付（元）', 'Released (yuan)'), bilingual('剩余（元）', 'Remaining (yuan)'), bilingual('台账合计（元）', 'Ledger (yuan)'), bilingual('一致', 'Matches')]);
    for (const t of r.tranches) await w.row([c.code, t.seq, yuan(t.plannedFen), yuan(t.releasedFen), yuan(t.remainingFen), yuan(t.ledgerFen), t.matches ? '是 yes' : '否 NO']);
    await w.row([c.code, bilingual('合计', 'Total'), yuan(r.plannedFen), yuan(r.releasedFen), yuan(r.remainingFen), yuan(r.ledgerFen), r.reconciled ? '是 yes' : '否 NO']);
    await w.row([c.code, bilingual('任务书总额', 'Contract total'), yuan(c.totalFen)]);
  });
}
