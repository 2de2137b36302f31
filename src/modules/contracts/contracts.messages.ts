/**
 * What the contract workflow tells people, in Chinese and English, each with a link to the contract
 * page where they act on it. The subject lets the notification centre group and de-duplicate.
 */
import type { NotificationContent } from '../../platform/notify/index.ts';

interface K {
  id: string;
  code: string;
  title: string;
}
interface M {
  seq: number;
  title: string;
  dueOn: string;
}

const yuan = (fen: number) => (fen / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const msg = (k: K, kind: string, title: [string, string], body: [string, string]): NotificationContent => ({
  kind,
  title: { zh: title[0], en: title[1] },
  body: { zh: body[0], en: body[1] },
  link: `/contracts/${k.id}`,
  subject: { type: 'contract', id: k.id },
});

export const messages = {
  pleaseConfirm: (k: K, version: number) =>
    msg(k, 'contract.confirm_requested', [`请确认任务书：${k.code}`, `Please confirm task contract ${k.code}`], [`任务书 ${k.code}（${k.title}）第 ${version} 版待确认，双方确认后生效。`, `Version ${version} of task contract ${k.code} (${k.title}) awaits your confirmation; it takes effect once both sides confirm.`]),
  active: (k: K) => msg(k, 'contract.active', [`任务书已生效：${k.code}`, `Task contract in force: ${k.code}`], [`双方已确认任务书 ${k.code}，请按里程碑推进并按期报送进展。`, `Both sides confirmed task contract ${k.code}; work to the milestones and report progress on time.`]),
  changeProposed: (k: K) => msg(k, 'contract.change_proposed', [`任务书变更申请：${k.code}`, `Change request for ${k.code}`], [`任务书 ${k.code} 有一项变更申请待审批。`, `A change request for task contract ${k.code} awaits a decision.`]),
  changeDecided: (k: K, approved: boolean, reason: string) =>
    msg(k, 'contract.change_decided', [approved ? `变更已批准：${k.code}` : `变更未获批准：${k.code}`, approved ? `Change approved: ${k.code}` : `Change refused: ${k.code}`], [`${approved ? '变更申请已批准并生效' : '变更申请未获批准'}。意见：${reason}`, `${approved ? 'The change request is approved and in force' : 'The change request is refused'}. Reason: ${reason}`]),
  evidenceSubmitted: (k: K, m: M) => msg(k, 'milestone.evidence_submitted', [`里程碑材料待验收：${k.code}`, `Milestone evidence to review: ${k.code}`], [`任务书 ${k.code} 的里程碑 ${m.seq}「${m.title}」已提交佐证材料，请验收。`, `Evidence for milestone ${m.seq} "${m.title}" of ${k.code} is in; please review it.`]),
  milestoneDecided: (k: K, m: M, accepted: boolean, note: string | null) =>
    msg(k, 'milestone.decided', [accepted ? `里程碑已验收：${m.title}` : `里程碑被退回：${m.title}`, accepted ? `Milestone accepted: ${m.title}` : `Milestone returned: ${m.title}`], [`任务书 ${k.code} 的里程碑 ${m.seq}${accepted ? '已通过验收' : '被退回，请补充材料'}。${note ? `意见：${note}` : ''}`, `Milestone ${m.seq} of ${k.code} was ${accepted ? 'accepted' : 'returned; please add evidence'}.${note ? ` Note: ${note}` : ''}`]),
  reportSubmitted: (k: K) => msg(k, 'progress.submitted', [`进展报告待审阅：${k.code}`, `Progress report to review: ${k.code}`], [`任务书 ${k.code} 报送了一份进展报告。`, `A progress report for ${k.code} was submitted.`]),
  reportDecided: (k: K, accepted: boolean, note: string | null) =>
    msg(k, 'progress.decided', [accepted ? `进展报告已通过：${k.code}` : `进展报告被退回：${k.code}`, accepted ? `Progress report accepted: ${k.code}` : `Progress report returned: ${k.code}`], [`${accepted ? '进展报告已通过' : '进展报告被退回'}。${note ? `意见：${note}` : ''}`, `${accepted ? 'The progress report is accepted' : 'The progress report is returned'}.${note ? ` Note: ${note}` : ''}`]),
  orderIssued: (k: K, code: string, dueOn: string) => msg(k, 'supervision.issued', [`督办通知：${k.code}`, `Supervision order: ${k.code}`], [`任务书 ${k.code} 收到督办单 ${code}，请于 ${dueOn}（北京时间）前答复。`, `Task contract ${k.code} has supervision order ${code}; respond by ${dueOn} (Beijing time).`]),
  orderResponded: (k: K, code: string) => msg(k, 'supervision.responded', [`督办已答复：${code}`, `Supervision order answered: ${code}`], [`任务书 ${k.code} 的督办单 ${code} 已答复，请审阅后办结。`, `Supervision order ${code} of ${k.code} was answered; review and close it.`]),
  orderClosed: (k: K, code: string) => msg(k, 'supervision.closed', [`督办已办结：${code}`, `Supervision order closed: ${code}`], [`督办单 ${code} 已办结。`, `Supervision order ${code} is closed.`]),
  orderOverdue: (k: K, code: string, dueOn: string) => msg(k, 'supervision.overdue', [`督办逾期未答复：${code}`, `Supervision order overdue: ${code}`], [`督办单 ${code} 的答复期限 ${dueOn} 已过，尚未答复。`, `The response to supervision order ${code} was due ${dueOn} and is still missing.`]),
  terminated: (k: K, reason: string) => msg(k, 'contract.terminated', [`任务书已终止：${k.code}`, `Task contract terminated: ${k.code}`], [`任务书 ${k.code} 已终止，尚未拨付的经费不再拨付。原因：${reason}`, `Task contract ${k.code} is terminated; funds not yet released will not be paid. Reason: ${reason}`]),
  released: (k: K, seq: number, amountFen: number) => msg(k, 'tranche.released', [`经费已拨付：${k.code}`, `Funds released: ${k.code}`], [`任务书 ${k.code} 第 ${seq} 笔经费已拨付 ${yuan(amountFen)} 元。`, `Tranche ${seq} of ${k.code}: ${yuan(amountFen)} yuan released.`]),
  reminder: (k: K, m: M, kind: 'before_7' | 'before_1' | 'overdue') =>
    kind === 'overdue'
      ? msg(k, 'milestone.overdue', [`里程碑已逾期：${m.title}`, `Milestone overdue: ${m.title}`], [`任务书 ${k.code} 的里程碑 ${m.seq}「${m.title}」已于 ${m.dueOn} 到期，尚未提交或未通过验收。`, `Milestone ${m.seq} "${m.title}" of ${k.code} was due ${m.dueOn} and is not in.`])
      : msg(k, 'milestone.due_soon', [`里程碑即将到期：${m.title}`, `Milestone due soon: ${m.title}`], [`任务书 ${k.code} 的里程碑 ${m.seq}「${m.title}」将于 ${m.dueOn} 到期（${kind === 'before_7' ? '7 天内' : '明天或今天'}）。`, `Milestone ${m.seq} "${m.title}" of ${k.code} is due ${m.dueOn} (${kind === 'before_7' ? 'within 7 days' : 'tomorrow or today'}).`]),
};
