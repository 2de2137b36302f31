// What scoring tells experts and officers, in Chinese and English, with a link to the page where they act.
import type { NotificationContent } from '../../../platform/notify/index.ts';

interface R {
  id: string;
  name: string;
  deadline: Date;
}

const fmt = (d: Date) => `${d.toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false })}（北京时间）`;
const fmtEn = (d: Date) => `${d.toLocaleString('en-GB', { timeZone: 'Asia/Shanghai', hour12: false })} (Beijing time)`;

export const sheetMessages = {
  reminder: (r: R, hours: 48 | 24, missing: number): NotificationContent => ({
    kind: hours === 48 ? 'review.reminder_48h' : 'review.reminder_24h',
    title: { zh: `评审截止提醒：${r.name}`, en: `Review deadline reminder: ${r.name}` },
    body: {
      zh: `您在评审「${r.name}」中还有 ${missing} 份评分表未提交，截止时间为 ${fmt(r.deadline)}，逾期将无法提交。`,
      en: `You have ${missing} unsubmitted scoring sheet(s) in “${r.name}”. The deadline is ${fmtEn(r.deadline)}; after it sheets can no longer be submitted.`,
    },
    link: '/review/my',
    subject: { type: 'review_round', id: r.id },
  }),
  deadlineMissed: (r: R, missing: number): NotificationContent => ({
    kind: 'review.deadline_missed',
    title: { zh: `评审已截止，仍有评分表未提交：${r.name}`, en: `Review deadline passed with sheets missing: ${r.name}` },
    body: {
      zh: `评审「${r.name}」已于 ${fmt(r.deadline)} 截止，仍有 ${missing} 份评分表未提交。可延长截止时间，或说明理由后强制结束评审。`,
      en: `“${r.name}” closed for scoring at ${fmtEn(r.deadline)} with ${missing} sheet(s) missing. Extend the deadline, or close the round with a reason.`,
    },
    link: `/reviews/${r.id}`,
    subject: { type: 'review_round', id: r.id },
  }),
  returned: (r: R, sheetId: string, code: string, reason: string): NotificationContent => ({
    kind: 'review.sheet_returned',
    title: { zh: `评分表被退回修改：${code}`, en: `Scoring sheet returned for revision: ${code}` },
    body: {
      zh: `工作人员退回了您在评审「${r.name}」中对 ${code} 的评分表，理由：${reason}。请在 ${fmt(r.deadline)} 前修改并重新提交。`,
      en: `An officer returned your sheet for ${code} in “${r.name}”: ${reason}. Please revise and submit it again before ${fmtEn(r.deadline)}.`,
    },
    link: `/review/sheets/${sheetId}`,
    subject: { type: 'review_sheet', id: sheetId },
  }),
};
