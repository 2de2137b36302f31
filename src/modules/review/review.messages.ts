// What a review round tells experts, in Chinese and English. Nothing here names an applicant: a message reaches
// the expert whatever the round's blind mode.
import type { NotificationContent } from '../../platform/notify/index.ts';

const fmt = (d: Date) => `${d.toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false })}（北京时间）`;
const fmtEn = (d: Date) => `${d.toLocaleString('en-GB', { timeZone: 'Asia/Shanghai', hour12: false })} (Beijing time)`;

/** Where an expert finds their assignments in the web app. */
export const EXPERT_ASSIGNMENTS_LINK = '/review/my';

interface R {
  id: string;
  name: string;
  deadline: Date;
}

export const reviewMessages = {
  assigned: (r: R, items: number): NotificationContent => ({
    kind: 'review.assigned',
    title: { zh: `评审任务：${r.name}`, en: `Review assignment: ${r.name}` },
    body: {
      zh: `您受邀参加评审「${r.name}」，共 ${items} 项申报，请于 ${fmt(r.deadline)} 前完成在线评分并提交。`,
      en: `You are invited to review in “${r.name}”: ${items} application(s). Please score them online and submit by ${fmtEn(r.deadline)}.`,
    },
    link: EXPERT_ASSIGNMENTS_LINK,
    subject: { type: 'review_round', id: r.id },
  }),
  withdrawn: (r: R): NotificationContent => ({
    kind: 'review.withdrawn',
    title: { zh: `评审任务调整：${r.name}`, en: `Review assignment changed: ${r.name}` },
    body: { zh: `您在评审「${r.name}」中的一项评审任务已由工作人员调整给其他专家，无需再评。`, en: `An officer reassigned one of your reviews in “${r.name}” to another expert; you need not review it.` },
    link: EXPERT_ASSIGNMENTS_LINK,
    subject: { type: 'review_round', id: r.id },
  }),
  extended: (r: R): NotificationContent => ({
    kind: 'review.deadline_extended',
    title: { zh: `评审截止时间延长：${r.name}`, en: `Review deadline extended: ${r.name}` },
    body: { zh: `评审「${r.name}」的截止时间已延长至 ${fmt(r.deadline)}。`, en: `The deadline of “${r.name}” is now ${fmtEn(r.deadline)}.` },
    link: EXPERT_ASSIGNMENTS_LINK,
    subject: { type: 'review_round', id: r.id },
  }),
  cancelled: (r: R): NotificationContent => ({
    kind: 'review.cancelled',
    title: { zh: `评审已取消：${r.name}`, en: `Review cancelled: ${r.name}` },
    body: { zh: `评审「${r.name}」已取消，您无需继续评分。`, en: `“${r.name}” has been cancelled; you need not score anything more in it.` },
    link: EXPERT_ASSIGNMENTS_LINK,
    subject: { type: 'review_round', id: r.id },
  }),
};
