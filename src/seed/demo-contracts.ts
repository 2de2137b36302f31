import { and, asc, eq } from 'drizzle-orm';
import { FixedClock } from '../platform/clock.ts';
import type { CommandContext } from '../platform/audit/audit.service.ts';
import type { Actor } from '../platform/auth/policy.ts';
import type { UserWithRoles } from '../platform/auth/auth.service.ts';
import { users } from '../platform/auth/auth.tables.ts';
import { inTransaction } from '../platform/db/tx.ts';
import { ChallengeService, emptyContent, emptyTerms, notificationCentreNotifier } from '../modules/challenges/index.ts';
import { ContractService } from '../modules/contracts/index.ts';
import type { Services } from '../services.ts';

const DAY = 86_400_000;
const day = (d: Date) => d.toISOString().slice(0, 10);

/**
 * Task contracts in progress, played through with a clock in the past like the challenges: two
 * earlier single-winner challenges whose contracts are confirmed and running — one with an accepted
 * milestone, released tranches, an accepted progress report, and an overdue milestone under a
 * supervision order (督办); one on track with a report awaiting review — and the demo's 2026 award,
 * confirmed by the office and waiting for the team.
 */
export async function seedDemoContracts(services: Services, tenantId: string, orgIds: Map<string, string>, accounts: Map<string, UserWithRoles>): Promise<void> {
  const realNow = services.clock.now();
  const clock = new FixedClock(new Date(realNow.getTime() - 470 * DAY));
  const contracts = new ContractService(services.database.db, clock, services.notifications);
  const svc = new ChallengeService(services.database.db, clock, notificationCentreNotifier(services.notifications), services.registry, contracts);
  const officer = accounts.get('officer@demo.kechuang.cn')!;
  const admin = accounts.get('admin@demo.kechuang.cn')!;
  const ctxOf = (u: { id: string; email: string; displayName: string }): CommandContext => ({ tenantId, actorUserId: u.id, actorLabel: `${u.displayName} <${u.email}>`, requestId: null });
  const actorOf = (u: UserWithRoles | typeof users.$inferSelect, roles: Actor['roles']): Actor => ({ userId: u.id, tenantId, sessionId: 'seed', roles, organizationId: u.organizationId, email: u.email, displayName: u.displayName });
  const at = (daysAgo: number) => clock.set(new Date(realNow.getTime() - daysAgo * DAY));
  const member = async (org: string) => {
    const [u] = await services.database.db.select().from(users).where(and(eq(users.tenantId, tenantId), eq(users.organizationId, orgIds.get(org)!))).orderBy(asc(users.createdAt)).limit(1);
    return u!;
  };
  const office = actorOf(officer, ['officer']);

  /** A single-winner challenge from publication to the closed notice; the winner's contract is returned. */
  async function award(title: string, org: string, pi: string, yuan: number, months: number[], publishedDaysAgo: number) {
    at(publishedDaysAgo);
    const c = await svc.createChallenge(ctxOf(officer), {
      ...emptyTerms(),
      title,
      field: 'pharma_health',
      problem: `${title}：攻克关键技术瓶颈，形成可验证的工程样机。`,
      targets: [
        { indicator: '关键性能指标', target: '≥ 95', unit: '%', verification: '第三方检测报告' },
        { indicator: '样机数量', target: '≥ 2', unit: '台', verification: '现场核查' },
      ],
      budgetCapFen: yuan * 100,
      durationMonths: months[months.length - 1]!,
      deadline: new Date(clock.now().getTime() + 20 * DAY).toISOString(),
      contact: { name: '王芳', phone: '010-69701234', email: 'officer@demo.kechuang.cn' },
    });
    await svc.submitForApproval(ctxOf(officer), c.id);
    await svc.approve(ctxOf(admin), c.id);
    await svc.publishBatch(ctxOf(admin), { title: `${title}（往期榜单）`, challengeIds: [c.id] });
    const team = await member(org);
    const teamActor = actorOf(team, ['applicant']) as Actor & { organizationId: string };
    const milestones = months.map((m, i) => ({ title: i === months.length - 1 ? '完成验收测试' : `阶段成果 ${i + 1}`, month: m, deliverable: i === months.length - 1 ? '第三方检测报告' : '样机与阶段报告' }));
    const a = await svc.createApplication(ctxOf(team), teamActor, c.id, {
      ...emptyContent(),
      title,
      summary: `${org}承担${title}。`,
      keywords: ['国产化', '样机'],
      pi: { name: pi, title: '研究员', phone: null, email: null, personId: null },
      team: [{ name: pi, role: '项目负责人', title: '研究员', organization: org }],
      technicalRoute: '需求分析—方案设计—样机研制—第三方检测',
      budget: [
        { category: 'equipment', amountFen: (yuan * 100 * 6) / 10, note: null },
        { category: 'labour', amountFen: (yuan * 100 * 4) / 10, note: null },
      ],
      milestones,
      pledge: { signatory: pi, acceptedAt: clock.now().toISOString() },
    });
    await svc.submitApplication(ctxOf(team), teamActor, a.id);
    await svc.formalCheck(ctxOf(officer), a.id, { decision: 'accept' });
    at(publishedDaysAgo - 22);
    await svc.openReview(ctxOf(officer), c.id);
    // Seed-only: the committee score of an award from before expert review rounds (no round to point to).
    await inTransaction(services.database.db, (tx) => svc.adoptReviewScores(tx, ctxOf(officer), c.id, [{ applicationId: a.id, scoreCenti: 9000 }], { roundId: null, comment: '演示数据：方案可行（评审轮次上线前的历史记录）' }));
    const { notice } = await svc.decide(ctxOf(officer), c.id, { kind: 'award', applicationIds: [a.id], reason: '唯一通过形式审查且评分达标。', noticeWorkingDays: 5 });
    clock.set(new Date(notice!.endsAt.getTime() + DAY));
    const closed = await svc.closeNotice(ctxOf(officer), notice!.id);
    const contract = closed.contracts[0]!;
    clock.advance(DAY);
    await contracts.confirm(ctxOf(officer), office, contract.id);
    clock.advance(DAY);
    await contracts.confirm(ctxOf(team), actorOf(team, ['applicant']), contract.id);
    const signing = (await contracts.detail(tenantId, contract.id)).tranches.find((t) => t.trigger === 'signing')!;
    clock.advance(2 * DAY);
    await contracts.ledger.release(ctxOf(officer), contract.id, signing.id, { note: '签约首付款（30%）' });
    return { contract, team };
  }

  // ---- a contract 14 months in: milestone 1 accepted and paid, milestone 2 overdue under 督办 ----
  const a = await award('类器官自动化培养与高内涵成像系统', '百济神州（北京）生物科技有限公司', '周晓', 6_000_000, [6, 13, 24], 470);
  let v = await contracts.detail(tenantId, a.contract.id);
  const [m1, m2] = v.milestones;
  at(Math.round((realNow.getTime() - Date.parse(`${m1!.dueOn}T00:00:00Z`)) / DAY) + 5);
  const report = await services.files.upload(ctxOf(a.team), { filename: '阶段成果1-样机检测报告.pdf', data: demoPdf('Stage 1 test report') });
  await contracts.progress.submitEvidence(ctxOf(a.team), actorOf(a.team, ['applicant']), a.contract.id, m1!.id, { items: [{ requirement: 0, attachmentId: report.id, value: null }], note: '样机一台已完成，附第三方检测报告。' });
  clock.advance(3 * DAY);
  await contracts.progress.decideMilestone(ctxOf(officer), a.contract.id, m1!.id, { decision: 'accept', note: '样机指标达到阶段要求。' });
  clock.advance(DAY);
  await contracts.ledger.release(ctxOf(officer), a.contract.id, v.tranches.find((t) => t.milestoneId === m1!.id)!.id, { note: '第一阶段里程碑拨款' });
  at(120);
  const periodTo = day(clock.now());
  await contracts.progress.submitReport(ctxOf(a.team), actorOf(a.team, ['applicant']), a.contract.id, { periodFrom: day(new Date(clock.now().getTime() - 90 * DAY)), periodTo, narrative: '完成自动换液模块联调，成像分析算法完成第一版；关键部件到货延迟约一个月。', figures: [{ target: 0, value: '91', note: '阶段测试' }], attachmentIds: [] });
  v = await contracts.detail(tenantId, a.contract.id);
  clock.advance(2 * DAY);
  await contracts.progress.decideReport(ctxOf(officer), a.contract.id, v.reports[0]!.id, { decision: 'accept', note: '请关注部件到货风险。' });
  // The deadline job has run since milestone 2 fell due: it is overdue and everyone was told.
  at(Math.max(1, Math.round((realNow.getTime() - Date.parse(`${m2!.dueOn}T00:00:00Z`)) / DAY) - 3));
  await inTransaction(services.database.db, (tx) => contracts.progress.runDeadlines(tx));
  clock.advance(DAY);
  await contracts.progress.issueOrder(ctxOf(officer), a.contract.id, { milestoneId: m2!.id, reason: '阶段成果 2 已逾期，请说明原因、提交整改计划并明确完成时间。', responseDueOn: day(new Date(Math.max(clock.now().getTime(), realNow.getTime()) + 10 * DAY)) });

  // ---- a contract 8 months in, on track, with a report awaiting review ----------------------
  const b = await award('抗体药物高表达细胞株快速构建平台', '北京脑科学与类脑研究所', '孙悦', 4_000_000, [12, 24], 300);
  at(10);
  await contracts.progress.submitReport(ctxOf(b.team), actorOf(b.team, ['applicant']), b.contract.id, { periodFrom: day(new Date(clock.now().getTime() - 180 * DAY)), periodTo: day(clock.now()), narrative: '完成宿主细胞筛选平台搭建，构建周期缩短至 110 天。', figures: [{ target: 0, value: '88', note: null }], attachmentIds: [] });

  // ---- the 2026 award: the office has confirmed, the team has not yet -------------------------
  at(0);
  const awarded = (await contracts.list(tenantId, { status: ['pending'] }, { offset: 0, limit: 10 })).items;
  for (const r of awarded) await contracts.confirm(ctxOf(officer), office, r.c.id);
}

/** A minimal valid one-page PDF, so the demo's evidence opens in a viewer. */
export function demoPdf(text: string): Buffer {
  const stream = `BT /F1 14 Tf 20 50 Td (${text}) Tj ET`;
  const objects = ['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [3 0 R] /Count 1 >>', '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 100] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>', `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`, '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>'];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(Buffer.byteLength(out));
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out);
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}
