import { and, asc, eq } from 'drizzle-orm';
import { FixedClock } from '../platform/clock.ts';
import type { CommandContext } from '../platform/audit/audit.service.ts';
import type { Actor } from '../platform/auth/policy.ts';
import type { UserWithRoles } from '../platform/auth/auth.service.ts';
import { users } from '../platform/auth/auth.tables.ts';
import { inTransaction } from '../platform/db/tx.ts';
import { ChallengeService, emptyContent, emptyTerms, notificationCentreNotifier } from '../modules/challenges/index.ts';
import { ContractService } from '../modules/contracts/index.ts';
import { RaceService } from '../modules/races/index.ts';
import { ReviewAssignmentService, ReviewReader, ReviewService, ReviewSheetService } from '../modules/review/index.ts';
import type { Services } from '../services.ts';
import { demoPdf } from './demo-contracts.ts';

const DAY = 86_400_000;
const day = (d: Date) => d.toISOString().slice(0, 10);

const TEAMS = [
  { org: '博奥生物集团有限公司', pi: '程京', merit: 8.5 },
  { org: '北京诺诚健华医药科技有限公司', pi: '吴磊', merit: 7.5 },
  { org: '北京品驰医疗设备有限公司', pi: '郑涛', merit: 5.5 },
] as const;

/**
 * The demo's horse race (赛马, issue #6 part 3), played through with a clock in the past: a challenge awarded to
 * three teams races through three gates with reallocation. At gate 1 an expert round scored the teams and
 * 品驰医疗 was eliminated with reasons (its money went to the other two); gate 2's evidence is closed and its
 * review round is open, with 陈静 (expert@demo.kechuang.cn) still to score and the other experts done.
 */
export async function seedDemoRace(services: Services, tenantId: string, orgIds: Map<string, string>, accounts: Map<string, UserWithRoles>): Promise<void> {
  const realNow = services.clock.now();
  const clock = new FixedClock(new Date(realNow.getTime() - 260 * DAY));
  const db = services.database.db;
  const contracts = new ContractService(db, clock, services.notifications);
  const challenges = new ChallengeService(db, clock, notificationCentreNotifier(services.notifications), services.registry, contracts);
  const races = new RaceService(db, clock, contracts, challenges);
  const reader = new ReviewReader(db, clock, services.reviewSubjects, services.experts);
  const rounds = new ReviewService(reader, services.notifications);
  const assign = new ReviewAssignmentService(reader, services.notifications);
  const sheets = new ReviewSheetService(db, clock, services.reviewSubjects, services.experts, services.notifications);
  const officer = accounts.get('officer@demo.kechuang.cn')!;
  const admin = accounts.get('admin@demo.kechuang.cn')!;
  const ctxOf = (u: { id: string; email: string; displayName: string }): CommandContext => ({ tenantId, actorUserId: u.id, actorLabel: `${u.displayName} <${u.email}>`, requestId: null });
  const actorOf = (u: { id: string; email: string; displayName: string; organizationId: string | null }, roles: Actor['roles']): Actor => ({ userId: u.id, tenantId, sessionId: 'seed', roles, organizationId: u.organizationId, email: u.email, displayName: u.displayName });
  const at = (daysAgo: number) => clock.set(new Date(realNow.getTime() - daysAgo * DAY));
  const member = async (org: string) => {
    const [u] = await db.select().from(users).where(and(eq(users.tenantId, tenantId), eq(users.organizationId, orgIds.get(org)!))).orderBy(asc(users.createdAt)).limit(1);
    return u!;
  };
  const ctx = ctxOf(officer);

  // ---- a challenge awarded to three teams ----------------------------------------------------
  at(260);
  const title = '高通量微流控单细胞测序仪';
  const c = await challenges.createChallenge(ctx, {
    ...emptyTerms(),
    title,
    field: 'pharma_health',
    problem: '单细胞测序仪整机依赖进口，需研制国产高通量微流控单细胞测序仪并完成临床样本验证。',
    targets: [
      { indicator: '单次通量', target: '≥ 10000', unit: '细胞', verification: '第三方检测报告' },
      { indicator: '细胞捕获率', target: '≥ 60', unit: '%', verification: '第三方检测报告' },
    ],
    budgetCapFen: 9_000_000_00,
    durationMonths: 18,
    maxAwards: 3,
    deadline: new Date(clock.now().getTime() + 20 * DAY).toISOString(),
    contact: { name: '王芳', phone: '010-69701234', email: 'officer@demo.kechuang.cn' },
  });
  await challenges.submitForApproval(ctx, c.id);
  await challenges.approve(ctxOf(admin), c.id);
  await challenges.publishBatch(ctxOf(admin), { title: `${title}（赛马榜单）`, challengeIds: [c.id] });
  const apps: { org: string; pi: string; merit: number; user: typeof users.$inferSelect; applicationId: string }[] = [];
  for (const t of TEAMS) {
    const u = await member(t.org);
    const actor = actorOf(u, ['applicant']) as Actor & { organizationId: string };
    const a = await challenges.createApplication(ctxOf(u), actor, c.id, {
      ...emptyContent(),
      title: `${title}（${t.org.replace(/^北京|集团有限公司|有限公司|医药科技|医疗设备/g, '')}方案）`,
      summary: `${t.org}研制微流控芯片、光学检测与文库构建模块，形成单细胞测序整机。`,
      keywords: ['微流控', '单细胞测序', '国产化'],
      pi: { name: t.pi, title: '研究员', phone: null, email: null, personId: null },
      team: [{ name: t.pi, role: '项目负责人', title: '研究员', organization: t.org }],
      technicalRoute: '芯片设计—样机—临床样本验证',
      budget: [
        { category: 'equipment', amountFen: 1_800_000_00, note: null },
        { category: 'labour', amountFen: 1_200_000_00, note: null },
      ],
      milestones: [
        { title: '样机', month: 6, deliverable: '样机第三方检测报告' },
        { title: '性能验证', month: 12, deliverable: '通量与捕获率检测报告' },
        { title: '临床样本验证', month: 18, deliverable: '临床样本验证报告' },
      ],
      pledge: { signatory: t.pi, acceptedAt: clock.now().toISOString() },
    });
    await challenges.submitApplication(ctxOf(u), actor, a.id);
    await challenges.formalCheck(ctx, a.id, { decision: 'accept' });
    apps.push({ ...t, user: u, applicationId: a.id });
  }
  at(238);
  await challenges.openReview(ctx, c.id);
  // Seed-only: the committee scores of the award, as in the other demo contracts.
  await inTransaction(db, (tx) => challenges.adoptReviewScores(tx, ctx, c.id, apps.map((a) => ({ applicationId: a.applicationId, scoreCenti: Math.round(a.merit * 1000) })), { roundId: null, comment: '演示数据：三个方案均达到立项要求，以赛马方式并行支持' }));
  const { notice } = await challenges.decide(ctx, c.id, { kind: 'award', applicationIds: apps.map((a) => a.applicationId), reason: '三个方案技术路线各有特点，均达到立项要求，以赛马方式并行支持、分阶段择优。', noticeWorkingDays: 5 });
  clock.set(new Date(notice!.endsAt.getTime() + DAY));
  const closed = await challenges.closeNotice(ctx, notice!.id);
  const teamOf = new Map<string, (typeof apps)[number]>();
  for (const k of closed.contracts) {
    const a = apps.find((x) => orgIds.get(x.org) === k.organizationId)!;
    teamOf.set(k.id, a);
    await contracts.confirm(ctx, actorOf(officer, ['officer']), k.id);
    await contracts.confirm(ctxOf(a.user), actorOf(a.user, ['applicant']), k.id);
  }

  // ---- the race: three gates on shared dates, money of eliminated teams reallocated ----------
  at(225);
  const race = await races.create(ctx, {
    challengeId: c.id,
    title: `${title}赛马`,
    fundsRule: 'reallocate',
    gates: [
      { title: '样机', dueOn: day(new Date(realNow.getTime() - 40 * DAY)) },
      { title: '性能验证', dueOn: day(new Date(realNow.getTime() - 3 * DAY)) },
      { title: '临床样本验证', dueOn: day(new Date(realNow.getTime() + 150 * DAY)) },
    ],
  });
  let v = await races.view(tenantId, race.id);
  const [g1, g2] = v.gates;

  async function evidence(contractId: string, gateId: string, label: string, note: string) {
    const a = teamOf.get(contractId)!;
    const d = await contracts.detail(tenantId, contractId);
    const m = d.milestones.find((x) => x.gateId === gateId)!;
    const file = await services.files.upload(ctxOf(a.user), { filename: `${label}-${a.org}.pdf`, data: demoPdf(`${label}`) });
    await contracts.progress.submitEvidence(ctxOf(a.user), actorOf(a.user, ['applicant']), contractId, m.id, { items: m.evidence.map((_, k) => ({ requirement: k, attachmentId: file.id, value: null })), note });
  }

  /** A double-blind round for the gate with the given experts, all assigned to every team, opened. */
  async function openGateRound(gateId: string, name: string, candidates: string[], size: number, deadline: Date) {
    const pool = await services.experts.list(tenantId, {}, { offset: 0, limit: 200 });
    // The panel: the first candidates without a conflict of interest with any team.
    const ids = candidates.map((n) => pool.items.find((e) => e.name === n)!.id);
    const conflicted = new Set((await services.experts.conflictsFor(tenantId, apps.map((a) => a.applicationId), ids)).map((r) => r.expertId));
    const panel = candidates.filter((_, i) => !conflicted.has(ids[i]!)).slice(0, size);
    const round = await rounds.createRound(ctx, { subjectType: 'race_gate', subjectId: gateId, name, deadline: deadline.toISOString(), blind: 'double', expertsPerItem: panel.length, onePerOrganization: false, rankBy: 'mean' });
    await rounds.addToPanel(ctx, round.id, panel.map((n) => ({ expertId: pool.items.find((e) => e.name === n)!.id, maxLoad: 5 })));
    await assign.assign(ctx, round.id);
    await rounds.openRound(ctx, round.id);
    return { round, panel };
  }

  async function score(expertName: string, lean: number) {
    const user = [...accounts.values()].find((u) => u.displayName === expertName && u.roles.includes('expert'))!;
    const actor = actorOf(user, ['expert']);
    for (const a of await sheets.myAssignments(actor)) {
      if (a.round.subjectType !== 'race_gate' || a.sheet.status !== 'draft' || a.round.status !== 'open') continue;
      const team = teamOf.get(closed.contracts.find((k) => k.code === a.code)!.id)!;
      const scores = Object.fromEntries(a.round.criteria.map((cr) => [cr.key, Math.max(0, Math.min(cr.scaleMax, Math.round(((team.merit + lean) * cr.scaleMax) / 10)))]));
      await sheets.submit(ctxOf(user), actor, a.sheet.id, { scores, comments: {}, overallComment: `${expertName}：${team.merit > 7 ? '阶段指标达到要求，检测报告完整。' : '通量与捕获率明显低于阶段目标。'}` });
    }
  }

  // ---- gate 1: evidence, expert round, decisions ----------------------------------------------
  at(45);
  const byOrg = (org: string) => closed.contracts.find((k) => k.organizationId === orgIds.get(org))!;
  const [capitalbio, innocare, pins] = TEAMS.map((t) => byOrg(t.org)) as [(typeof closed.contracts)[number], (typeof closed.contracts)[number], (typeof closed.contracts)[number]];
  await evidence(capitalbio.id, g1!.id, '样机第三方检测报告', '样机单次通量 12,500 细胞，捕获率 65%。');
  await evidence(innocare.id, g1!.id, '样机第三方检测报告', '样机单次通量 10,200 细胞，捕获率 58%，光学模块仍在优化。');
  await evidence(pins.id, g1!.id, '样机第三方检测报告', '样机单次通量 3,200 细胞，芯片良率不足。');
  at(38);
  await races.closeEvidence(ctx, race.id, g1!.id);
  const { round: r1, panel: p1 } = await openGateRound(g1!.id, '第一关专家评审（双盲）', ['谢雨', '赵鹏', '宋佳', '邓超', '孙建平'], 3, new Date(clock.now().getTime() + 7 * DAY));
  at(34);
  for (const [i, n] of p1.entries()) await score(n, [0.5, -1, 0.5][i]!);
  at(33);
  await sheets.close(ctx, r1.id, {});
  await sheets.adopt(ctx, r1.id);
  at(31);
  v = await races.view(tenantId, race.id);
  const teamId = (k: { id: string }) => v.teams.find((t) => t.t.contractId === k.id)!.t.id;
  await races.recordDecision(ctx, race.id, g1!.id, teamId(capitalbio), { outcome: 'pass' });
  await races.recordDecision(ctx, race.id, g1!.id, teamId(innocare), { outcome: 'pass_with_conditions', conditions: '捕获率 58% 低于 60% 的阶段目标：第二关前提交光学模块优化后的复测报告。' });
  await races.recordDecision(ctx, race.id, g1!.id, teamId(pins), { outcome: 'eliminate', reason: '样机单次通量仅 3,200 细胞，远低于 ≥ 10000 的阶段目标；芯片良率不足，专家组一致认为难以在第二关前达标。' });
  await races.decide(ctx, race.id, g1!.id);

  // ---- gate 2: evidence in and closed, the expert round open ---------------------------------
  at(6);
  await evidence(capitalbio.id, g2!.id, '通量与捕获率检测报告', '单次通量 15,000 细胞，捕获率 68%。');
  at(4);
  await evidence(innocare.id, g2!.id, '通量与捕获率检测报告', '光学模块优化后复测：单次通量 11,800 细胞，捕获率 62%。');
  at(2);
  await races.closeEvidence(ctx, race.id, g2!.id);
  const { panel: p2 } = await openGateRound(g2!.id, '第二关专家评审（双盲）', ['陈静', '谢雨', '邓超', '宋佳', '孙建平'], 3, new Date(realNow.getTime() + 5 * DAY));
  at(1);
  // Everyone but 陈静 (the demo expert account) has scored.
  for (const [i, n] of p2.entries()) if (n !== '陈静') await score(n, [0, 0.5, 0][i]!);
}
