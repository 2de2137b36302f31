import { bilingual, exportFile, shanghaiDateTime, type ExportFile, type ExportFormat } from '../../../platform/export/index.ts';
import type { ReviewSheetService } from './sheets.service.ts';

type Results = Awaited<ReturnType<ReviewSheetService['results']>>;

const points = (c: number | null) => (c === null ? null : c / 100);
const METRIC = { mean: '平均分 mean', trimmed: '去极值平均 trimmed mean', calibrated: '校准分 calibrated' } as const;

/**
 * The results of a round as officers see them side by side: one row per application with each expert's
 * total in a column of their own, the plain, trimmed and calibrated means, the spread, the flag and the rank.
 * The per-criterion detail follows under the same columns' header, one row per sheet, so one sheet holds both.
 */
export function exportResults(r: Results, format: ExportFormat, now: Date): ExportFile {
  const experts = [...r.names.entries()].sort((a, b) => a[1].name.localeCompare(b[1].name, 'zh-CN'));
  const header = [
    bilingual('名次', 'Rank'),
    bilingual('并列', 'Tied'),
    bilingual('申请编号', 'Application'),
    bilingual('项目名称', 'Project title'),
    bilingual('申报单位', 'Organisation'),
    bilingual('已评/应评', 'Sheets in / assigned'),
    ...experts.map(([, e]) => bilingual(`专家：${e.name}`, `Expert: ${e.name}`)),
    bilingual('平均分', 'Mean'),
    bilingual('去掉最高最低分平均', 'Trimmed mean'),
    bilingual('校准分', 'Calibrated'),
    bilingual('极差', 'Spread'),
    bilingual('分歧较大', 'Disagreement'),
    bilingual(`排名依据：${METRIC[r.round.rankBy]}`, `Ranked by: ${r.round.rankBy}`),
  ];
  const stamp = shanghaiDateTime(now).slice(0, 10);
  return exportFile(format, { sheet: '评审结果', file: `${r.round.name}-评审结果-${stamp}` }, header, async (w) => {
    const codes = new Map(r.items.map((i) => [i.itemId, i.code]));
    for (const i of r.scored.items) {
      const s = r.subjects.get(i.itemId);
      const byExpert = new Map(i.totals.map((t) => [t.expertId, t.totalCenti]));
      const metric = r.round.rankBy === 'mean' ? i.meanCenti : r.round.rankBy === 'trimmed' ? i.trimmedCenti : i.calibratedCenti;
      await w.row([
        i.rank,
        i.tied ? '是 yes' : '否 no',
        codes.get(i.itemId) ?? i.itemId,
        s?.title ?? '',
        s?.organizationName ?? '',
        `${i.n}/${r.assigned.get(i.itemId) ?? 0}`,
        ...experts.map(([id]) => points(byExpert.get(id) ?? null)),
        points(i.meanCenti),
        points(i.trimmedCenti),
        points(i.calibratedCenti),
        points(i.spreadCenti),
        i.disagreement ? '是 yes' : '否 no',
        points(metric),
      ]);
    }
    // Per-criterion detail: a titled block under the summary (the export writer makes one worksheet).
    await w.row([]);
    await w.row([bilingual('评分明细', 'Scores by criterion'), bilingual('专家', 'Expert'), bilingual('申请编号', 'Application'), ...r.round.criteria.map((c) => bilingual(c.nameZh, c.nameEn)), bilingual('总分', 'Total'), bilingual('总体评价', 'Overall comment')]);
    const sheets = [...r.sheets].sort((a, b) => (codes.get(a.itemId) ?? '').localeCompare(codes.get(b.itemId) ?? '') || (r.names.get(a.expertId)?.name ?? '').localeCompare(r.names.get(b.expertId)?.name ?? '', 'zh-CN'));
    for (const s of sheets) {
      await w.row(['', r.names.get(s.expertId)?.name ?? s.expertId, codes.get(s.itemId) ?? s.itemId, ...r.round.criteria.map((c) => s.scores[c.key] ?? null), points(s.totalCenti), s.overallComment]);
    }
  });
}
