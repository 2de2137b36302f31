import { FixedClock } from '../platform/clock.ts';
import type { CommandContext } from '../platform/audit/audit.service.ts';
import type { Actor } from '../platform/auth/policy.ts';
import type { UserWithRoles } from '../platform/auth/auth.service.ts';
import { CalendarNotCoveredError } from '../platform/calendar/index.ts';
import { inTransaction } from '../platform/db/tx.ts';
import { ChallengeService, emptyContent, emptyTerms, notificationCentreNotifier } from '../modules/challenges/index.ts';
import type { ApplicationContent } from '../modules/challenges/index.ts';
import { ContractService } from '../modules/contracts/index.ts';
import type { Services } from '../services.ts';
import { DEMO_PASSWORD } from './demo-accounts.ts';

const DAY = 86_400_000;

/** Demo applicants of named organisations besides the demo account's own (博奥生物). */
const TEAM_ACCOUNTS = [
  { email: 'beigene@demo.kechuang.cn', mobile: '13800000011', displayName: '周晓', organization: '百济神州（北京）生物科技有限公司' },
  { email: 'innocare@demo.kechuang.cn', mobile: '13800000012', displayName: '吴磊', organization: '北京诺诚健华医药科技有限公司' },
  { email: 'pins@demo.kechuang.cn', mobile: '13800000013', displayName: '郑涛', organization: '北京品驰医疗设备有限公司' },
  { email: 'cibr@demo.kechuang.cn', mobile: '13800000014', displayName: '孙悦', organization: '北京脑科学与类脑研究所' },
] as const;

/** Deadlines at 17:00 Beijing time, `days` from now. */
function at17(now: Date, days: number): string {
  const d = new Date(now.getTime() + days * DAY);
  const beijing = new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
  return new Date(`${beijing}T09:00:00.000Z`).toISOString();
}

function proposal(title: string, pi: string, budget: [ApplicationContent['budget'][number]['category'], number][], months: number[]): ApplicationContent {
  return {
    ...emptyContent(),
    title,
    summary: `${title}：围绕榜单指标开展关键技术攻关，形成可验证的样机与测试报告。`,
    keywords: title.split(/[的与和]/).slice(0, 3),
    pi: { name: pi, title: '研究员', phone: null, email: null, personId: null },
    team: [
      { name: `${pi.slice(0, 1)}博`, role: '技术负责人', title: '高级工程师', organization: null },
      { name: '刘敏', role: '测试验证', title: '工程师', organization: null },
    ],
    technicalRoute: '需求分析—关键部件设计—样机研制—第三方测试—应用验证。',
    budget: budget.map(([category, yuan]) => ({ category, amountFen: yuan * 100, note: null })),
    milestones: months.map((m, i) => ({ title: i === months.length - 1 ? '完成验收测试' : `阶段成果 ${i + 1}`, month: m, deliverable: i === months.length - 1 ? '第三方检测报告' : '样机与阶段报告' })),
    pledge: { signatory: pi, acceptedAt: new Date(0).toISOString() },
  };
}

/**
 * Challenges in every stage, as an innovation center would have them on an ordinary day: one open
 * for applications, one in expert review, a horse race under public notice, one awarded with its
 * task contract, one awaiting approval and a few demands. Earlier stages are played through with a
 * clock set in the past, so every record (deadlines, notice periods) is as the rules would make it.
 */
export async function seedDemoChallenges(services: Services, tenantId: string, orgIds: Map<string, string>, accounts: Map<string, UserWithRoles>): Promise<{ openRoundChallengeId: string }> {
  const realNow = services.clock.now();
  const clock = new FixedClock(realNow);
  const svc = new ChallengeService(services.database.db, clock, notificationCentreNotifier(services.notifications), services.registry, new ContractService(services.database.db, clock, services.notifications));
  const seedCtx: CommandContext = { tenantId, actorUserId: null, actorLabel: 'system:seed', requestId: null };
  const officer = accounts.get('officer@demo.kechuang.cn')!;
  const admin = accounts.get('admin@demo.kechuang.cn')!;
  const ctxOf = (u: UserWithRoles): CommandContext => ({ tenantId, actorUserId: u.id, actorLabel: `${u.displayName} <${u.email}>`, requestId: null });
  const team = new Map<string, { user: UserWithRoles; actor: Actor & { organizationId: string } }>();
  for (const a of TEAM_ACCOUNTS) {
    const organizationId = orgIds.get(a.organization)!;
    const user = await services.auth.createUser(seedCtx, { email: a.email, mobile: a.mobile, displayName: a.displayName, password: DEMO_PASSWORD, roles: ['applicant'], organizationId }, 'seed');
    team.set(a.organization, { user, actor: { userId: user.id, tenantId, sessionId: 'seed', roles: ['applicant'], organizationId, email: user.email, displayName: user.displayName } });
  }
  const zones = new Map((await services.registry.listZones(tenantId)).map((z) => [z.code, z.id]));
  const contact = { name: '王芳', phone: '010-69701234', email: 'officer@demo.kechuang.cn' };
  const base = { ...emptyTerms(), contact };

  async function publish(terms: Parameters<ChallengeService['createChallenge']>[1], batch: string) {
    const c = await svc.createChallenge(ctxOf(officer), terms);
    await svc.submitForApproval(ctxOf(officer), c.id);
    await svc.approve(ctxOf(admin), c.id);
    await svc.publishBatch(ctxOf(admin), { title: batch, challengeIds: [c.id] });
    return c;
  }
  /**
   * Seed-only: committee scores of the demo's history, from before expert review rounds existed (no
   * round to point to, so the adoption is recorded with a null round). Real scores come from a round's
   * adoption (src/modules/review); the lead's demo review rounds will replace these.
   */
  async function historicScores(challengeId: string, scores: [string, number][]) {
    await inTransaction(services.database.db, (tx) =>
      svc.adoptReviewScores(tx, ctxOf(officer), challengeId, scores.map(([applicationId, scoreCenti]) => ({ applicationId, scoreCenti })), { roundId: null, comment: '演示数据：专家评审结果（评审轮次上线前的历史记录）' }),
    );
  }
  async function apply(org: string, challengeId: string, content: ApplicationContent) {
    const t = team.get(org)!;
    const a = await svc.createApplication(ctxOf(t.user), t.actor, challengeId, { ...content, pledge: { signatory: content.pi.name, acceptedAt: clock.now().toISOString() } });
    await svc.submitApplication(ctxOf(t.user), t.actor, a.id);
    return a;
  }

  // ---- demands (需求征集) ---------------------------------------------------------------------
  clock.set(new Date(realNow.getTime() - 150 * DAY));
  const pins = team.get('北京品驰医疗设备有限公司')!;
  const d1 = await svc.submitDemand(ctxOf(pins.user), pins.actor.organizationId, {
    title: '类器官自动化培养与高内涵成像',
    field: 'pharma_health',
    description: '新药筛选需要规模化类器官模型，目前人工培养一致性差、通量低，亟需自动化培养与成像分析系统。',
    expectedTargets: '日培养通量不少于 2000 孔；批间变异系数低于 15%。',
    budgetExpectationFen: 8_000_000_00,
  });
  const beigene = team.get('百济神州（北京）生物科技有限公司')!;
  const d2 = await svc.submitDemand(ctxOf(beigene.user), beigene.actor.organizationId, { title: '类器官自动培养设备', field: 'pharma_health', description: '类器官培养依赖人工操作，希望实现自动换液与成像。' });
  await svc.submitDemand(ctxOf(beigene.user), beigene.actor.organizationId, {
    title: '抗体药物高表达细胞株快速构建',
    field: 'pharma_health',
    description: '细胞株构建周期长达 6 个月，希望缩短至 3 个月以内并提高表达量。',
    expectedTargets: '构建周期 ≤ 90 天；表达量 ≥ 5 g/L。',
    budgetExpectationFen: 5_000_000_00,
  });

  // ---- awarded: played through from 130 days ago -------------------------------------------
  clock.set(new Date(realNow.getTime() - 130 * DAY));
  const awarded = await publish({
    ...base,
    title: '神经调控植入器械闭环刺激芯片',
    titleEn: 'Closed-loop stimulation chip for implantable neuromodulation devices',
    field: 'brain_science',
    problem: '脑起搏器的开环刺激难以随病情波动调节，需要研制可感知局部场电位并实时调节刺激参数的低功耗专用芯片。',
    targets: [
      { indicator: '感知通道数', target: '≥ 8', unit: '通道', verification: '第三方检测报告' },
      { indicator: '整机功耗', target: '≤ 50', unit: 'μW', verification: '型式检验' },
    ],
    budgetCapFen: 12_000_000_00,
    fundingMode: 'before_delivery',
    durationMonths: 24,
    maxAwards: 1,
    eligibility: { zoneIds: [zones.get('fsc')!], organizationTypes: [], qualifications: [], consortiumAllowed: true },
    deadline: at17(clock.now(), 25),
  }, '2026 年第一批揭榜挂帅榜单');
  const a1 = await apply('北京品驰医疗设备有限公司', awarded.id, proposal('闭环神经调控专用芯片研制', '郑涛', [['equipment', 4_000_000], ['materials', 2_500_000], ['testing', 1_500_000], ['labour', 1_000_000]], [9, 18, 24]));
  const a2 = await apply('北京脑科学与类脑研究所', awarded.id, proposal('基于局部场电位的自适应刺激算法', '孙悦', [['equipment', 3_000_000], ['labour', 2_000_000], ['testing', 1_000_000]], [12, 24]));
  clock.set(new Date(realNow.getTime() - 100 * DAY));
  await svc.formalCheck(ctxOf(officer), a1.id, { decision: 'accept' });
  await svc.formalCheck(ctxOf(officer), a2.id, { decision: 'accept' });
  await svc.openReview(ctxOf(officer), awarded.id);
  await svc.recordDefence(ctxOf(officer), awarded.id, { heldAt: new Date(realNow.getTime() - 95 * DAY).toISOString(), location: '未来科学城管委会第一会议室', panel: ['陈静（评审专家）', '外请专家甲', '外请专家乙'], applicationIds: [a1.id, a2.id], notes: '两支团队现场答辩，品驰医疗样机基础较好。' });
  await historicScores(awarded.id, [[a1.id, 9125], [a2.id, 8640]]);
  clock.set(new Date(realNow.getTime() - 90 * DAY));
  const r1 = await svc.decide(ctxOf(officer), awarded.id, { kind: 'award', applicationIds: [a1.id], reason: '综合评分第一，技术路线与指标匹配。', noticeWorkingDays: 5 });
  clock.set(new Date(r1.notice!.endsAt.getTime() + DAY));
  await svc.closeNotice(ctxOf(officer), r1.notice!.id);

  // ---- horse race under public notice ---------------------------------------------------------
  clock.set(new Date(realNow.getTime() - 70 * DAY));
  const race = await publish({
    ...base,
    title: '面向创新药的 AI 分子生成与自动化验证平台',
    titleEn: 'AI molecule generation and automated validation for innovative drugs',
    field: 'pharma_health',
    problem: '先导化合物发现周期长、成本高。征集可生成并自动合成验证候选分子的平台，采用赛马机制择优支持两支团队并行攻关。',
    targets: [
      { indicator: '湿实验命中率', target: '≥ 10', unit: '%', verification: '合作药企湿实验报告' },
      { indicator: '设计—合成—测试周期', target: '≤ 14', unit: '天', verification: '现场测评' },
    ],
    budgetCapFen: 20_000_000_00,
    fundingMode: 'before_delivery',
    durationMonths: 18,
    maxAwards: 2,
    eligibility: { zoneIds: [], organizationTypes: ['enterprise', 'institute', 'new_rd_institute', 'university'], qualifications: [], consortiumAllowed: true },
    deadline: at17(clock.now(), 30),
  }, '2026 年第二批揭榜挂帅榜单');
  const b1 = await apply('百济神州（北京）生物科技有限公司', race.id, proposal('扩散模型驱动的分子生成与高通量验证', '周晓', [['equipment', 8_000_000], ['testing', 4_000_000], ['labour', 3_000_000]], [6, 12, 18]));
  const b2 = await apply('北京诺诚健华医药科技有限公司', race.id, proposal('小分子激酶抑制剂智能设计平台', '吴磊', [['equipment', 6_000_000], ['materials', 3_000_000], ['labour', 2_500_000]], [9, 18]));
  const b3 = await apply('北京脑科学与类脑研究所', race.id, proposal('神经系统疾病靶点分子生成', '孙悦', [['equipment', 5_000_000], ['labour', 2_000_000]], [12, 18]));
  clock.set(new Date(realNow.getTime() - 35 * DAY));
  for (const a of [b1, b2, b3]) await svc.formalCheck(ctxOf(officer), a.id, { decision: 'accept' });
  await svc.openReview(ctxOf(officer), race.id);
  await historicScores(race.id, [[b1.id, 9050], [b2.id, 8875], [b3.id, 8210]]);
  clock.set(new Date(realNow.getTime() - 2 * DAY));
  try {
    await svc.decide(ctxOf(officer), race.id, { kind: 'award', applicationIds: [b1.id, b2.id], reason: '赛马立项：综合评分前两名并行攻关，18 个月后择优。', noticeWorkingDays: 7 });
  } catch (err) {
    // Near a year end the notice may run into a year whose holidays are not yet published: leave it in review.
    if (!(err instanceof CalendarNotCoveredError)) throw err;
  }

  // ---- in review --------------------------------------------------------------------------------
  clock.set(new Date(realNow.getTime() - 40 * DAY));
  const review = await publish({
    ...base,
    title: '脑机接口高通量柔性电极及封装工艺',
    titleEn: 'High-channel flexible electrodes and packaging for brain-computer interfaces',
    field: 'brain_science',
    problem: '植入式脑机接口需要高通道、长期稳定的柔性电极，征集电极材料、微纳加工与封装一体化方案。',
    targets: [
      { indicator: '记录通道数', target: '≥ 1024', unit: '通道', verification: '第三方检测' },
      { indicator: '体内稳定记录时长', target: '≥ 180', unit: '天', verification: '动物实验报告' },
    ],
    budgetCapFen: 15_000_000_00,
    fundingMode: 'after_delivery',
    durationMonths: 24,
    maxAwards: 1,
    eligibility: { zoneIds: [], organizationTypes: [], qualifications: [], consortiumAllowed: true },
    deadline: at17(clock.now(), 28),
  }, '2026 年第三批揭榜挂帅榜单');
  const c1 = await apply('北京脑科学与类脑研究所', review.id, proposal('超柔性高密度神经电极', '孙悦', [['equipment', 6_000_000], ['materials', 3_000_000], ['labour', 2_000_000]], [12, 24]));
  const c2 = await apply('北京品驰医疗设备有限公司', review.id, proposal('医疗级柔性电极封装与长期植入验证', '郑涛', [['equipment', 5_000_000], ['testing', 3_000_000]], [12, 24]));
  clock.set(new Date(realNow.getTime() - 8 * DAY));
  await svc.formalCheck(ctxOf(officer), c1.id, { decision: 'accept' });
  await svc.formalCheck(ctxOf(officer), c2.id, { decision: 'accept' });
  await svc.openReview(ctxOf(officer), review.id);
  await svc.recordDefence(ctxOf(officer), review.id, { heldAt: new Date(realNow.getTime() - 3 * DAY).toISOString(), location: '中关村生命科学园会议中心', panel: ['陈静（评审专家）', '外请专家丙'], applicationIds: [c1.id, c2.id] });
  await historicScores(review.id, [[c1.id, 8800], [c2.id, 8650]]);

  // ---- in review, awaiting its expert review round (the browser test runs one on it) -------------------
  clock.set(new Date(realNow.getTime() - 45 * DAY));
  const cellLine = await publish({
    ...base,
    title: '抗体药物高表达细胞株快速构建平台',
    titleEn: 'Rapid construction of high-expression cell lines for antibody drugs',
    field: 'pharma_health',
    problem: '抗体药物细胞株构建周期长达 6 个月，征集可将周期缩短至 3 个月以内并提高表达量的构建与筛选平台。',
    targets: [
      { indicator: '构建周期', target: '≤ 90', unit: '天', verification: '项目过程记录与第三方核查' },
      { indicator: '表达量', target: '≥ 5', unit: 'g/L', verification: '第三方检测报告' },
    ],
    budgetCapFen: 10_000_000_00,
    fundingMode: 'before_delivery',
    durationMonths: 18,
    maxAwards: 1,
    eligibility: { zoneIds: [], organizationTypes: [], qualifications: [], consortiumAllowed: true },
    deadline: at17(clock.now(), 30),
  }, '2026 年第三批揭榜挂帅榜单（增补）');
  const e1 = await apply('百济神州（北京）生物科技有限公司', cellLine.id, proposal('高通量单克隆筛选与稳定细胞株构建', '许宁', [['equipment', 4_000_000], ['materials', 2_000_000], ['labour', 1_500_000]], [9, 18]));
  const e2 = await apply('北京诺诚健华医药科技有限公司', cellLine.id, proposal('基于定点整合的高表达细胞株平台', '吴磊', [['equipment', 3_500_000], ['testing', 2_000_000]], [6, 18]));
  clock.set(new Date(realNow.getTime() - 10 * DAY));
  await svc.formalCheck(ctxOf(officer), e1.id, { decision: 'accept' });
  await svc.formalCheck(ctxOf(officer), e2.id, { decision: 'accept' });
  await svc.openReview(ctxOf(officer), cellLine.id);

  // ---- in review, its expert review round open (src/seed/demo-review.ts) ----------------------------------
  clock.set(new Date(realNow.getTime() - 50 * DAY));
  const aiDrug = await publish({
    ...base,
    title: 'AI 驱动的抗体药物成药性评价平台',
    titleEn: 'AI-driven developability assessment for antibody drugs',
    field: 'pharma_health',
    problem: '抗体候选分子的成药性（聚集、黏度、免疫原性）评价依赖大量湿实验。征集结合结构预测与机器学习、可将早期淘汰率提升一倍的评价平台。',
    targets: [
      { indicator: '成药性预测准确率', target: '≥ 85', unit: '%', verification: '盲测数据集第三方评测' },
      { indicator: '单分子评价周期', target: '≤ 3', unit: '天', verification: '项目过程记录' },
    ],
    budgetCapFen: 8_000_000_00,
    fundingMode: 'before_delivery',
    durationMonths: 18,
    maxAwards: 1,
    eligibility: { zoneIds: [], organizationTypes: [], qualifications: [], consortiumAllowed: true },
    deadline: at17(clock.now(), 30),
  }, '2026 年第三批揭榜挂帅榜单（增补）');
  const aiProposal = (title: string, pi: string, summary: string, keywords: string[], budget: [ApplicationContent['budget'][number]['category'], number][]) => ({ ...proposal(title, pi, budget, [9, 18]), summary, keywords });
  const f1 = await apply('百济神州（北京）生物科技有限公司', aiDrug.id, aiProposal('基于蛋白质结构预测的抗体成药性评价平台', '方宇', '以 AlphaFold 类结构预测与分子动力学模拟刻画抗体聚集与黏度风险，结合高通量实验数据训练成药性预测模型，用于抗体药物早期筛选。', ['抗体工程', '蛋白质结构预测', '成药性'], [['equipment', 2_500_000], ['materials', 1_500_000], ['labour', 1_200_000]]));
  const f2 = await apply('北京诺诚健华医药科技有限公司', aiDrug.id, aiProposal('双特异性抗体免疫原性 AI 预测与验证', '秦川', '面向双特异性抗体，建立 T 细胞表位与免疫原性的深度学习预测方法，并在临床前样本中验证，降低后期失败风险。', ['双特异性抗体', '免疫原性', '深度学习'], [['equipment', 2_000_000], ['testing', 1_800_000], ['labour', 1_000_000]]));
  const f3 = await apply('北京脑科学与类脑研究所', aiDrug.id, aiProposal('图神经网络驱动的抗体—靶点亲和力优化', '白露', '利用图神经网络与分子生成方法优化抗体互补决定区，预测亲和力与成药性指标，形成可复用的计算平台。', ['图神经网络', '分子生成', '抗体亲和力'], [['equipment', 1_500_000], ['materials', 1_000_000], ['labour', 1_500_000]]));
  clock.set(new Date(realNow.getTime() - 12 * DAY));
  for (const a of [f1, f2, f3]) await svc.formalCheck(ctxOf(officer), a.id, { decision: 'accept' });
  await svc.openReview(ctxOf(officer), aiDrug.id);

  // ---- open for applications now ------------------------------------------------------------------
  clock.set(new Date(realNow.getTime() - 6 * DAY));
  const open = await publish({
    ...base,
    title: '高通量单细胞测序仪关键部件国产化',
    titleEn: 'Domestic key components for high-throughput single-cell sequencers',
    field: 'pharma_health',
    problem: '单细胞测序仪的微流控芯片、光学检测模块依赖进口。征集能在 24 个月内完成关键部件国产化并通过整机验证的团队。',
    targets: [
      { indicator: '单次捕获细胞数', target: '≥ 10000', unit: '个', verification: '第三方检测报告' },
      { indicator: '细胞捕获率', target: '≥ 65', unit: '%', verification: '标准样本测试' },
      { indicator: '关键部件国产化率', target: '100', unit: '%', verification: '物料清单审查' },
    ],
    budgetCapFen: 30_000_000_00,
    fundingMode: 'before_delivery',
    durationMonths: 24,
    maxAwards: 1,
    eligibility: { zoneIds: [zones.get('fsc')!], organizationTypes: ['enterprise', 'institute', 'new_rd_institute'], qualifications: ['high_tech', 'srdi_little_giant', 'srdi_municipal'], consortiumAllowed: true },
    deadline: at17(realNow, 30),
  }, '2026 年第四批揭榜挂帅榜单');
  await apply('百济神州（北京）生物科技有限公司', open.id, proposal('单细胞测序微流控芯片国产化', '周晓', [['equipment', 9_000_000], ['materials', 6_000_000], ['testing', 3_000_000], ['labour', 2_000_000]], [12, 24]));

  // ---- a demand turned into a draft awaiting approval -----------------------------------------------
  clock.set(new Date(realNow.getTime() - 1 * DAY));
  await svc.mergeDemands(ctxOf(officer), d1.id, [d2.id]);
  const draft = await svc.convertDemand(ctxOf(officer), d1.id);
  await svc.updateDraft(ctxOf(officer), draft.id, {
    ...draft.terms,
    titleEn: 'Automated organoid culture and high-content imaging',
    targets: [
      { indicator: '日培养通量', target: '≥ 2000', unit: '孔', verification: '现场测评' },
      { indicator: '批间变异系数', target: '≤ 15', unit: '%', verification: '第三方检测报告' },
    ],
    durationMonths: 18,
    eligibility: { zoneIds: [], organizationTypes: [], qualifications: [], consortiumAllowed: true },
    deadline: at17(realNow, 45),
    contact,
  });
  await svc.submitForApproval(ctxOf(officer), draft.id);
  return { openRoundChallengeId: aiDrug.id };
}
