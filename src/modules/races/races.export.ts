import { bilingual, exportFile, shanghaiDateTime, type ExportFile, type ExportFormat } from '../../platform/export/index.ts';
import type { RaceBoardView } from './races.present.ts';

const yuan = (fen: number | null) => (fen === null ? '' : (fen / 100).toFixed(2));
const OUTCOME_ZH = { pass: '通过', pass_with_conditions: '有条件通过', eliminate: '淘汰' } as const;
const STATUS_ZH = { racing: '在赛', eliminated: '已淘汰', winner: '胜出' } as const;

/** The race board as Excel or CSV: one row per team and gate, with what the caller's board shows. */
export function exportBoard(b: RaceBoardView, format: ExportFormat, now: Date): ExportFile {
  const header = [
    bilingual('队伍（任务书）', 'Team (contract)'),
    bilingual('单位', 'Organisation'),
    bilingual('状态', 'Status'),
    bilingual('关卡', 'Gate'),
    bilingual('关卡日期', 'Gate date'),
    bilingual('考核目标', 'Targets'),
    bilingual('佐证材料', 'Evidence'),
    bilingual('评审得分', 'Score'),
    bilingual('排名', 'Rank'),
    bilingual('结论', 'Outcome'),
    bilingual('理由/条件', 'Reason / conditions'),
    bilingual('拨付（元）', 'Released (yuan)'),
    bilingual('取消（元）', 'Cancelled (yuan)'),
    bilingual('调入（元）', 'Reallocated in (yuan)'),
    bilingual('调出（元）', 'Reallocated out (yuan)'),
  ];
  const stamp = shanghaiDateTime(now).slice(0, 10);
  return exportFile(format, { sheet: '赛马看板', file: `${b.race.code}-赛马看板-${stamp}` }, header, async (w) => {
    for (const t of b.teams) {
      for (const g of t.gates) {
        const gate = b.gates.find((x) => x.id === g.gateId)!;
        await w.row([
          t.contractCode,
          t.organizationName,
          `${STATUS_ZH[t.status]}（${t.status}）`,
          `${gate.seq} ${gate.title}`,
          gate.dueOn,
          gate.targets.map((x) => `${x.indicator}：${x.target}${x.unit}`).join('；'),
          g.evidence ? g.evidence.items.map((i) => `${i.label}：${i.value ?? i.file?.name ?? ''}`).join('；') : '',
          g.scoreCenti === null ? '' : (g.scoreCenti / 100).toFixed(2),
          g.rank ?? '',
          g.outcome ? `${OUTCOME_ZH[g.outcome]}（${g.outcome}）` : '',
          g.reason ?? g.conditions ?? '',
          yuan(g.releasedFen),
          yuan(g.cancelledFen),
          yuan(g.reallocatedInFen),
          yuan(g.reallocatedOutFen),
        ]);
      }
    }
    await w.row([]);
    await w.row([bilingual('资金汇总', 'Money'), bilingual('预算（元）', 'Budget (yuan)'), bilingual('现总额（元）', 'Total now (yuan)'), bilingual('已拨付（元）', 'Released (yuan)'), bilingual('取消（元）', 'Cancelled (yuan)'), bilingual('调入（元）', 'In (yuan)'), bilingual('调出（元）', 'Out (yuan)'), bilingual('剩余（元）', 'Remaining (yuan)')]);
    for (const t of b.teams) if (t.money) await w.row([t.contractCode, yuan(t.money.budgetFen), yuan(t.money.totalFen), yuan(t.money.releasedFen), yuan(t.money.cancelledFen), yuan(t.money.reallocatedInFen), yuan(t.money.reallocatedOutFen), yuan(t.money.remainingFen)]);
  });
}
