import { bilingual, exportFile, shanghaiDateTime, type ExportFile, type ExportFormat } from '../../platform/export/index.ts';
import type { ChallengeRow, ChallengeService } from './challenges.service.ts';
import type { ApplicationStatus } from './challenges.tables.ts';

const STATUS_ZH: Record<ApplicationStatus, string> = {
  draft: '草稿',
  submitted: '已提交',
  returned: '退回补正',
  accepted: '形式审查通过',
  rejected: '形式审查未通过',
  withdrawn: '已撤回',
};
const OUTCOME_ZH = { awarded: '揭榜成功', not_awarded: '未入选' } as const;
const yuan = (fen: number) => (fen / 100).toFixed(2);

/** Every application of a challenge as officers see it, as xlsx or CSV (money in yuan with two decimals). */
export function exportApplications(svc: ChallengeService, c: ChallengeRow, format: ExportFormat, now: Date): ExportFile {
  const header = [
    bilingual('申请编号', 'Application'),
    bilingual('申报单位', 'Organisation'),
    bilingual('项目名称', 'Project title'),
    bilingual('项目负责人', 'Principal investigator'),
    bilingual('团队人数', 'Team size'),
    bilingual('合作单位', 'Partners'),
    bilingual('预算合计（元）', 'Budget total (yuan)'),
    bilingual('状态', 'Status'),
    bilingual('提交版本', 'Version'),
    bilingual('提交时间（北京时间）', 'Submitted (Beijing time)'),
    bilingual('形式审查意见', 'Formal check note'),
    bilingual('评分', 'Score'),
    bilingual('结果', 'Outcome'),
  ];
  const stamp = shanghaiDateTime(now).slice(0, 10);
  return exportFile(format, { sheet: '揭榜申请', file: `${c.code}-揭榜申请-${stamp}` }, header, async (w) => {
    const { items } = await svc.listApplications(c.tenantId, { challengeId: c.id }, { offset: 0, limit: 100_000 });
    for (const { a, orgName } of items.sort((x, y) => x.a.code.localeCompare(y.a.code))) {
      await w.row([
        a.code,
        orgName,
        a.content.title,
        a.content.pi.name,
        a.content.team.length,
        a.content.partners.map((p) => p.name).join('、'),
        yuan(a.budgetTotalFen),
        `${STATUS_ZH[a.status]}（${a.status}）`,
        a.version,
        shanghaiDateTime(a.submittedAt),
        a.checkReason,
        a.scoreCenti === null ? null : a.scoreCenti / 100,
        a.outcome ? `${OUTCOME_ZH[a.outcome]}（${a.outcome}）` : null,
      ]);
    }
  });
}

/** The ranking of the review stage: rank (ties share one), score and comment per accepted application. */
export function exportRanking(svc: ChallengeService, c: ChallengeRow, format: ExportFormat, now: Date): ExportFile {
  const header = [
    bilingual('名次', 'Rank'),
    bilingual('并列', 'Tied'),
    bilingual('申请编号', 'Application'),
    bilingual('申报单位', 'Organisation'),
    bilingual('项目名称', 'Project title'),
    bilingual('预算合计（元）', 'Budget total (yuan)'),
    bilingual('评分', 'Score'),
    bilingual('评审意见', 'Comment'),
  ];
  const stamp = shanghaiDateTime(now).slice(0, 10);
  return exportFile(format, { sheet: '评分排名', file: `${c.code}-评分排名-${stamp}` }, header, async (w) => {
    for (const r of await svc.ranking(c.tenantId, c.id)) {
      await w.row([r.rank, r.tied ? '是 yes' : '否 no', r.item.a.code, r.item.orgName, r.item.a.content.title, yuan(r.item.a.budgetTotalFen), r.item.a.scoreCenti === null ? null : r.item.a.scoreCenti / 100, r.item.a.scoreComment]);
    }
  });
}
