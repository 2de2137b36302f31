/**
 * What the challenge workflow tells people, in Chinese and English. Each message asks its reader
 * to do something or tells them an outcome, and links to the page where they do it.
 */
export interface Message {
  kind: string;
  title: { zh: string; en: string };
  body: { zh: string; en: string };
  link: string;
  subject: { type: string; id: string };
}

interface C {
  id: string;
  code: string;
  title: string;
}
interface A {
  id: string;
  code: string;
  title: string;
}

const fmt = (d: Date) => `${d.toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false })}（北京时间）`;
const fmtEn = (d: Date) => `${d.toLocaleString('en-GB', { timeZone: 'Asia/Shanghai', hour12: false })} (Beijing time)`;

export const messages = {
  approvalRequested: (c: C, by: string): Message => ({
    kind: 'challenge.approval_requested',
    title: { zh: `待审核榜单：${c.title}`, en: `Challenge awaiting approval: ${c.title}` },
    body: { zh: `${by} 提交了榜单 ${c.code}，请另一位工作人员审核后方可发布。`, en: `${by} submitted challenge ${c.code}; another officer must approve it before it can be published.` },
    link: `/challenges/${c.id}`,
    subject: { type: 'challenge', id: c.id },
  }),
  approved: (c: C): Message => ({
    kind: 'challenge.approved',
    title: { zh: `榜单已审核通过：${c.title}`, en: `Challenge approved: ${c.title}` },
    body: { zh: `榜单 ${c.code} 已审核通过，可纳入榜单批次发布。`, en: `Challenge ${c.code} is approved and can be published in a batch.` },
    link: `/challenges/${c.id}`,
    subject: { type: 'challenge', id: c.id },
  }),
  approvalRefused: (c: C, reason: string): Message => ({
    kind: 'challenge.approval_refused',
    title: { zh: `榜单退回修改：${c.title}`, en: `Challenge sent back: ${c.title}` },
    body: { zh: `审核意见：${reason}`, en: `Reviewer's note: ${reason}` },
    link: `/challenges/${c.id}`,
    subject: { type: 'challenge', id: c.id },
  }),
  corrected: (c: C, version: number, reason: string, changed: string[]): Message => ({
    kind: 'challenge.corrected',
    title: { zh: `榜单已更正（第 ${version} 版）：${c.title}`, en: `Challenge corrected (version ${version}): ${c.title}` },
    body: {
      zh: `更正原因：${reason}。变更内容：${changed.join('、')}。请核对您的申报材料。`,
      en: `Reason: ${reason}. Changed: ${changed.join(', ')}. Please check your application against the new terms.`,
    },
    link: `/challenges/${c.id}`,
    subject: { type: 'challenge', id: c.id },
  }),
  cancelled: (c: C, reason: string): Message => ({
    kind: 'challenge.cancelled',
    title: { zh: `榜单已撤销：${c.title}`, en: `Challenge cancelled: ${c.title}` },
    body: { zh: `撤销原因：${reason}`, en: `Reason: ${reason}` },
    link: `/challenges/${c.id}`,
    subject: { type: 'challenge', id: c.id },
  }),
  applicationSubmitted: (c: C, a: A, org: string): Message => ({
    kind: 'application.submitted',
    title: { zh: `新的揭榜申请待形式审查：${a.code}`, en: `New application to check: ${a.code}` },
    body: { zh: `${org} 提交了对「${c.title}」的揭榜申请。`, en: `${org} applied to "${c.title}".` },
    link: `/applications/${a.id}`,
    subject: { type: 'application', id: a.id },
  }),
  checked: (c: C, a: A, decision: 'accept' | 'reject' | 'return', reason: string | null, due: Date | null): Message => {
    const zh = { accept: '已通过形式审查', reject: '未通过形式审查', return: '被退回补正' }[decision];
    const en = { accept: 'passed the formal check', reject: 'did not pass the formal check', return: 'was returned for correction' }[decision];
    return {
      kind: `application.${decision === 'return' ? 'returned' : decision === 'accept' ? 'accepted' : 'rejected'}`,
      title: { zh: `揭榜申请${zh}：${a.code}`, en: `Your application ${en}: ${a.code}` },
      body: {
        zh: `「${c.title}」的申请 ${a.code}${zh}。${reason ? `意见：${reason}。` : ''}${due ? `请在 ${fmt(due)} 前修改并重新提交。` : ''}`,
        en: `Application ${a.code} to "${c.title}" ${en}.${reason ? ` Note: ${reason}.` : ''}${due ? ` Correct and resubmit it before ${fmtEn(due)}.` : ''}`,
      },
      link: `/applications/${a.id}`,
      subject: { type: 'application', id: a.id },
    };
  },
  lapsed: (c: C, a: A): Message => ({
    kind: 'application.lapsed',
    title: { zh: `补正期限已过：${a.code}`, en: `Correction window passed: ${a.code}` },
    body: { zh: `「${c.title}」的申请 ${a.code} 未在补正期限内重新提交，已按未通过形式审查处理。`, en: `Application ${a.code} to "${c.title}" was not resubmitted in time and is treated as not passing the formal check.` },
    link: `/applications/${a.id}`,
    subject: { type: 'application', id: a.id },
  }),
  noticePublished: (c: C, endsAt: Date, awarded: boolean): Message => ({
    kind: 'notice.published',
    title: { zh: `评审结果公示：${c.title}`, en: `Result under public notice: ${c.title}` },
    body: {
      zh: `${awarded ? '您的申请拟获立项，' : '评审结果已公示，'}公示期至 ${fmt(endsAt)}。`,
      en: `${awarded ? 'Your application is proposed for award; ' : 'The result is under public notice; '}the notice period ends ${fmtEn(endsAt)}.`,
    },
    link: `/challenges/${c.id}`,
    subject: { type: 'challenge', id: c.id },
  }),
  objectionLodged: (c: C, noticeId: string): Message => ({
    kind: 'objection.lodged',
    title: { zh: `收到公示异议：${c.title}`, en: `Objection lodged: ${c.title}` },
    body: { zh: '公示期内收到一条异议，须答复后方可结束公示。', en: 'An objection was lodged during the notice period; it must be answered before the notice can close.' },
    link: `/challenges/${c.id}?tab=notice`,
    subject: { type: 'notice', id: noticeId },
  }),
  noticeEnded: (c: C, noticeId: string): Message => ({
    kind: 'notice.period_ended',
    title: { zh: `公示期已结束，请办理结果：${c.title}`, en: `Notice period over; close it: ${c.title}` },
    body: { zh: '公示期已满，答复全部异议后即可结束公示并签订任务书。', en: 'The notice period is over; answer any objections, then close the notice to create the task contracts.' },
    link: `/challenges/${c.id}?tab=notice`,
    subject: { type: 'notice', id: noticeId },
  }),
  outcome: (c: C, a: A, awarded: boolean, contractCode: string | null): Message => ({
    kind: awarded ? 'application.awarded' : 'application.not_awarded',
    title: awarded ? { zh: `恭喜揭榜成功：${c.title}`, en: `Awarded: ${c.title}` } : { zh: `未入选：${c.title}`, en: `Not selected: ${c.title}` },
    body: awarded
      ? { zh: `申请 ${a.code} 已获立项，任务书编号 ${contractCode}。`, en: `Application ${a.code} is awarded; task contract ${contractCode}.` }
      : { zh: `申请 ${a.code} 本次未入选，感谢参与。`, en: `Application ${a.code} was not selected this time. Thank you for taking part.` },
    link: `/applications/${a.id}`,
    subject: { type: 'application', id: a.id },
  }),
  deadlineReminder: (c: C, a: A, deadline: Date): Message => ({
    kind: 'application.deadline_reminder',
    title: { zh: `揭榜截止提醒：${c.title}`, en: `Deadline reminder: ${c.title}` },
    body: { zh: `申请 ${a.code} 尚未提交，截止时间 ${fmt(deadline)}。`, en: `Application ${a.code} is not submitted yet; the deadline is ${fmtEn(deadline)}.` },
    link: `/applications/${a.id}`,
    subject: { type: 'application', id: a.id },
  }),
  correctionReminder: (c: C, a: A, due: Date): Message => ({
    kind: 'application.correction_reminder',
    title: { zh: `补正截止提醒：${a.code}`, en: `Correction due soon: ${a.code}` },
    body: { zh: `「${c.title}」的申请须在 ${fmt(due)} 前补正并重新提交。`, en: `Your application to "${c.title}" must be corrected and resubmitted before ${fmtEn(due)}.` },
    link: `/applications/${a.id}`,
    subject: { type: 'application', id: a.id },
  }),
};
