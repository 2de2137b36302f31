import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { testEnv, type TestEnv } from '../../../test/helpers/app.ts';
import type { CommandContext } from '../../platform/audit/audit.service.ts';
import { auditEvents } from '../../platform/audit/audit.tables.ts';
import type { TenantRow, UserWithRoles } from '../../platform/auth/auth.service.ts';
import type { Actor } from '../../platform/auth/policy.ts';
import { FixedClock } from '../../platform/clock.ts';
import { inTransaction } from '../../platform/db/tx.ts';
import { notifications } from '../../platform/notify/notify.tables.ts';
import { creditCodeFrom } from '../../seed/demo.ts';
import { applications, type ApplicationContent, type ChallengeTerms } from './challenges.tables.ts';
import { emptyContent, type ChallengeService } from './challenges.service.ts';

// Monday 2026-03-02 10:00 Beijing time.
const clock = new FixedClock(new Date('2026-03-02T02:00:00Z'));
let env: TestEnv;
let svc: ChallengeService;
let tenant: TenantRow;
let drafter: UserWithRoles;
let approver: UserWithRoles;
let n = 0;
const code = () => creditCodeFrom(`91110114MA${String(++n).padStart(7, '0')}`);
const ctxOf = (u: UserWithRoles): CommandContext => ({ tenantId: tenant.id, actorUserId: u.id, actorLabel: u.email, requestId: null });
const actorOf = (u: UserWithRoles, organizationId: string | null): Actor => ({ userId: u.id, tenantId: tenant.id, sessionId: 's', roles: ['applicant'], organizationId, email: u.email, displayName: u.displayName });

let zoneFsc: string;
let parkLifeValley: string;
let zoneHuairou: string;

function terms(over: Partial<ChallengeTerms> = {}): ChallengeTerms {
  return {
    title: '高通量单细胞测序仪关键部件国产化',
    titleEn: 'Domestic key components for high-throughput single-cell sequencers',
    field: 'pharma_health',
    problem: '微流控芯片与光学检测模块依赖进口，需实现国产替代。',
    targets: [{ indicator: '单次通量', target: '≥ 10000', unit: '细胞', verification: '第三方检测报告' }],
    budgetCapFen: 30_000_000_00,
    fundingMode: 'before_delivery',
    durationMonths: 24,
    maxAwards: 2,
    eligibility: { zoneIds: [zoneFsc], organizationTypes: ['enterprise'], qualifications: ['high_tech'], consortiumAllowed: true },
    deadline: '2026-03-31T09:00:00.000Z', // 17:00 Beijing time
    contact: { name: '王芳', phone: '010-69700000', email: 'jbgs@demo.kechuang.cn' },
    attachmentIds: [],
    ...over,
  };
}

function content(over: Partial<ApplicationContent> = {}): ApplicationContent {
  return {
    ...emptyContent(),
    title: '国产微流控单细胞测序平台',
    summary: '研制高通量微流控芯片与光学检测模块。',
    keywords: ['微流控', '单细胞'],
    pi: { name: '李明', title: '研究员', phone: null, email: null, personId: null },
    team: [{ name: '张华', role: '芯片设计', title: '高级工程师', organization: null }],
    technicalRoute: '芯片设计—样机—验证',
    budget: [
      { category: 'equipment', amountFen: 10_000_000_00, note: null },
      { category: 'labour', amountFen: 5_000_000_00, note: null },
    ],
    milestones: [
      { title: '样机', month: 12, deliverable: '样机一台' },
      { title: '验证', month: 24, deliverable: '检测报告' },
    ],
    pledge: { signatory: '李明', acceptedAt: '2026-03-02T02:00:00.000Z' },
    ...over,
  };
}

async function applicantOrg(opts: { zoneId: string; highTech: boolean; type?: 'enterprise' | 'institute' }) {
  const ctx: CommandContext = { tenantId: tenant.id, actorUserId: null, actorLabel: 'system:test', requestId: null };
  const org = await env.services.registry.createOrganization(ctx, { creditCode: code(), nameZh: `测试生物科技有限公司${n}`, type: opts.type ?? 'enterprise', zoneId: opts.zoneId });
  if (opts.highTech) await env.services.registry.addQualification(ctx, org.id, { kind: 'high_tech', validFrom: '2025-01-01', validTo: '2027-12-31', certificateNo: `GR2025${n}` });
  const user = await env.user(tenant, ['applicant'], { organizationId: org.id });
  return { org, user, actor: actorOf(user, org.id) };
}

async function publishedChallenge(over: Partial<ChallengeTerms> = {}) {
  const c = await svc.createChallenge(ctxOf(drafter), terms(over));
  await svc.submitForApproval(ctxOf(drafter), c.id);
  await svc.approve(ctxOf(approver), c.id);
  await svc.publishBatch(ctxOf(approver), { title: '2026 年第一批揭榜挂帅榜单', challengeIds: [c.id] });
  return svc.getChallenge(tenant.id, c.id);
}

beforeAll(async () => {
  env = await testEnv({ clock });
  svc = env.services.challenges;
  tenant = await env.tenant();
  drafter = await env.user(tenant, ['officer']);
  approver = await env.user(tenant, ['officer']);
  const ctx: CommandContext = { tenantId: tenant.id, actorUserId: null, actorLabel: 'system:test', requestId: null };
  const city = await env.services.registry.createZone(ctx, { level: 'city', code: 'bj', nameZh: '北京', nameEn: 'Beijing' });
  zoneFsc = (await env.services.registry.createZone(ctx, { parentId: city.id, level: 'zone', code: 'fsc', nameZh: '未来科学城', nameEn: 'Future Science City' })).id;
  parkLifeValley = (await env.services.registry.createZone(ctx, { parentId: zoneFsc, level: 'park', code: 'lv', nameZh: '生命科学园', nameEn: 'Life Science Park' })).id;
  zoneHuairou = (await env.services.registry.createZone(ctx, { parentId: city.id, level: 'zone', code: 'hr', nameZh: '怀柔科学城', nameEn: 'Huairou Science City' })).id;
});
afterAll(() => env.close());

/** What a review round's adoption does to the challenge: committee scores, in one transaction. */
const adopt = (challengeId: string, scores: { applicationId: string; scoreCenti: number | null }[]) =>
  inTransaction(env.services.database.db, (tx) => svc.adoptReviewScores(tx, ctxOf(drafter), challengeId, scores, { roundId: '6f1c1b7e-3c1a-4c1e-9f7a-1b2c3d4e5f60', comment: '专家评审采纳' }));

describe('drafting, four-eyes approval and publication', () => {
  it('refuses an incomplete draft, lets only another officer approve, and freezes version 1 on publication', async () => {
    const draft = await svc.createChallenge(ctxOf(drafter), { ...terms(), targets: [] });
    await expect(svc.submitForApproval(ctxOf(drafter), draft.id)).rejects.toMatchObject({ code: 'INCOMPLETE' });
    await svc.updateDraft(ctxOf(drafter), draft.id, terms());
    await svc.submitForApproval(ctxOf(drafter), draft.id);
    await expect(svc.approve(ctxOf(drafter), draft.id)).rejects.toMatchObject({ code: 'FOUR_EYES_REQUIRED' });
    // The approver was told; the drafter was not told of their own submission.
    const toApprover = await env.services.database.db.select().from(notifications).where(and(eq(notifications.userId, approver.id), eq(notifications.kind, 'challenge.approval_requested')));
    expect(toApprover).toHaveLength(1);
    const toDrafter = await env.services.database.db.select().from(notifications).where(and(eq(notifications.userId, drafter.id), eq(notifications.kind, 'challenge.approval_requested')));
    expect(toDrafter).toHaveLength(0);
    await svc.approve(ctxOf(approver), draft.id);
    await expect(svc.updateDraft(ctxOf(drafter), draft.id, terms({ title: '改' }))).rejects.toMatchObject({ code: 'INVALID_STATE' });
    const { batch, challenges } = await svc.publishBatch(ctxOf(drafter), { title: '第一批', challengeIds: [draft.id] });
    expect(batch.code).toMatch(/^BD-2026-\d{2}$/);
    expect(challenges[0]!.status).toBe('published');
    expect(challenges[0]!.code).toMatch(/^JB-2026-\d{3}$/);
    const versions = await svc.versions(draft.id);
    expect(versions.map((v) => v.version)).toEqual([1]);
  });

  it('turns a correction into a new version with its reason and tells applicants; the deadline cannot move earlier', async () => {
    const c = await publishedChallenge();
    const { actor, user } = await applicantOrg({ zoneId: parkLifeValley, highTech: true });
    await svc.createApplication(ctxOf(user), { ...actor, organizationId: actor.organizationId! }, c.id, content());
    await expect(svc.correct(ctxOf(drafter), c.id, terms({ deadline: '2026-03-20T09:00:00.000Z' }), '提前')).rejects.toMatchObject({ code: 'INCOMPLETE' });
    const fixed = await svc.correct(ctxOf(drafter), c.id, terms({ deadline: '2026-04-10T09:00:00.000Z', budgetCapFen: 25_000_000_00 }), '经费上限调整，截止时间顺延');
    expect(fixed.version).toBe(2);
    const versions = await svc.versions(c.id);
    expect(versions[1]).toMatchObject({ version: 2, reason: '经费上限调整，截止时间顺延' });
    expect(versions[1]!.changedFields.sort()).toEqual(['budgetCapFen', 'deadline']);
    const told = await env.services.database.db.select().from(notifications).where(and(eq(notifications.userId, user.id), eq(notifications.kind, 'challenge.corrected')));
    expect(told).toHaveLength(1);
  });
});

describe('applications', () => {
  it('checks eligibility against the registry with the reasons, the budget cap, one active application per organisation, and the deadline', async () => {
    const c = await publishedChallenge();
    // In Huairou, an institute, no high-tech certificate: three reasons.
    const outsider = await applicantOrg({ zoneId: zoneHuairou, highTech: false, type: 'institute' });
    const draftOut = await svc.createApplication(ctxOf(outsider.user), { ...outsider.actor, organizationId: outsider.org.id }, c.id, content());
    const refused = await svc.submitApplication(ctxOf(outsider.user), outsider.actor, draftOut.id).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'NOT_ELIGIBLE' });
    const paths = (refused as { errors: { path: string; zh?: string }[] }).errors.map((e) => e.path).sort();
    expect(paths).toEqual(['eligibility/organization_type', 'eligibility/qualification', 'eligibility/zone']);
    expect((refused as { errors: { zh?: string }[] }).errors.find((e) => e.zh?.includes('未来科学城'))).toBeTruthy();

    // In a park inside Future Science City (a descendant zone counts), high-tech: eligible.
    const good = await applicantOrg({ zoneId: parkLifeValley, highTech: true });
    const a = await svc.createApplication(ctxOf(good.user), { ...good.actor, organizationId: good.org.id }, c.id, content({ budget: [{ category: 'equipment', amountFen: 30_000_000_01, note: null }] }));
    await expect(svc.submitApplication(ctxOf(good.user), good.actor, a.id)).rejects.toMatchObject({ code: 'BUDGET_OVER_CAP' });
    await expect(svc.createApplication(ctxOf(good.user), { ...good.actor, organizationId: good.org.id }, c.id, content())).rejects.toMatchObject({ code: 'APPLICATION_EXISTS' });
    await svc.updateApplication(ctxOf(good.user), good.actor, a.id, content({ pledge: null }));
    await expect(svc.submitApplication(ctxOf(good.user), good.actor, a.id)).rejects.toMatchObject({ code: 'INCOMPLETE' });
    await svc.updateApplication(ctxOf(good.user), good.actor, a.id, content());
    const submitted = await svc.submitApplication(ctxOf(good.user), good.actor, a.id);
    expect(submitted).toMatchObject({ status: 'submitted', version: 1, challengeVersion: 1 });

    // Another organisation's applicant cannot touch it.
    await expect(svc.withdraw(ctxOf(outsider.user), outsider.actor, a.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });

    // A consortium where none is allowed.
    const noConsortium = await publishedChallenge({ eligibility: { zoneIds: [], organizationTypes: [], qualifications: [], consortiumAllowed: false } });
    const b = await svc.createApplication(ctxOf(good.user), { ...good.actor, organizationId: good.org.id }, noConsortium.id, content({ partners: [{ organizationId: null, name: '某大学', creditCode: null, role: '算法' }] }));
    await expect(svc.submitApplication(ctxOf(good.user), good.actor, b.id)).rejects.toMatchObject({ code: 'NOT_ELIGIBLE' });

    // After the deadline nothing is submitted, started or withdrawn; the server's clock decides.
    clock.set(new Date('2026-03-31T09:00:00Z'));
    await expect(svc.updateApplication(ctxOf(good.user), good.actor, b.id, content())).rejects.toMatchObject({ code: 'DEADLINE_PASSED' });
    await expect(svc.submitApplication(ctxOf(good.user), good.actor, b.id)).rejects.toMatchObject({ code: 'DEADLINE_PASSED' });
    const late = await applicantOrg({ zoneId: parkLifeValley, highTech: true });
    await expect(svc.createApplication(ctxOf(late.user), { ...late.actor, organizationId: late.org.id }, c.id, content())).rejects.toMatchObject({ code: 'DEADLINE_PASSED' });
    await expect(svc.withdraw(ctxOf(good.user), good.actor, a.id)).rejects.toMatchObject({ code: 'DEADLINE_PASSED' });
    clock.set(new Date('2026-03-02T02:00:00Z'));
  });

  it('rolls back everything when a submission fails half-way', async () => {
    const c = await publishedChallenge({ eligibility: { zoneIds: [zoneHuairou], organizationTypes: [], qualifications: [], consortiumAllowed: true } });
    const o = await applicantOrg({ zoneId: parkLifeValley, highTech: true });
    const a = await svc.createApplication(ctxOf(o.user), { ...o.actor, organizationId: o.org.id }, c.id, content());
    const before = await env.services.database.db.select().from(auditEvents).where(eq(auditEvents.tenantId, tenant.id));
    await expect(svc.submitApplication(ctxOf(o.user), o.actor, a.id)).rejects.toMatchObject({ code: 'NOT_ELIGIBLE' });
    const after = await env.services.database.db.select().from(auditEvents).where(eq(auditEvents.tenantId, tenant.id));
    expect(after.length).toBe(before.length);
    expect((await svc.getApplication(tenant.id, a.id)).status).toBe('draft');
  });
});

describe('formal check, review, decision, notice and award (a horse race with two winners)', () => {
  it('runs end to end with working-day notice periods and task contracts', async () => {
    clock.set(new Date('2026-03-02T02:00:00Z'));
    const c = await publishedChallenge();
    const teams: { org: { id: string }; user: UserWithRoles; actor: Actor; app: { id: string } }[] = [];
    for (let i = 0; i < 4; i++) {
      const o = await applicantOrg({ zoneId: parkLifeValley, highTech: true });
      const a = await svc.createApplication(ctxOf(o.user), { ...o.actor, organizationId: o.org.id }, c.id, content({ title: `方案${i}` }));
      await svc.submitApplication(ctxOf(o.user), o.actor, a.id);
      teams.push({ ...o, app: a });
    }
    // Accept two, reject one, return one for correction within 3 days.
    await svc.formalCheck(ctxOf(drafter), teams[0]!.app.id, { decision: 'accept' });
    await svc.formalCheck(ctxOf(drafter), teams[1]!.app.id, { decision: 'accept' });
    await expect(svc.formalCheck(ctxOf(drafter), teams[2]!.app.id, { decision: 'reject' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await svc.formalCheck(ctxOf(drafter), teams[2]!.app.id, { decision: 'reject', reason: '承诺书未盖章' });
    const returned = await svc.formalCheck(ctxOf(drafter), teams[3]!.app.id, { decision: 'return', reason: '预算说明不全', correctionDays: 3 });
    // Returned on Monday 2 March: the window ends at the end of Thursday 5 March, Beijing time.
    expect(returned.correctionDueAt!.toISOString()).toBe('2026-03-05T16:00:00.000Z');
    const checkedMail = await env.services.database.db.select().from(notifications).where(and(eq(notifications.userId, teams[3]!.user.id), eq(notifications.kind, 'application.returned')));
    expect(checkedMail[0]!.bodyZh).toContain('预算说明不全');
    // The applicant corrects and resubmits; both versions are kept.
    await svc.updateApplication(ctxOf(teams[3]!.user), teams[3]!.actor, teams[3]!.app.id, content({ title: '方案3（修订）' }));
    const again = await svc.submitApplication(ctxOf(teams[3]!.user), teams[3]!.actor, teams[3]!.app.id);
    expect(again.version).toBe(2);
    expect((await svc.applicationVersions(teams[3]!.app.id)).map((v) => v.content.title)).toEqual(['方案3', '方案3（修订）']);

    // The review cannot open before the deadline, nor while an application awaits its check.
    await expect(svc.openReview(ctxOf(drafter), c.id)).rejects.toMatchObject({ code: 'INVALID_STATE' });
    clock.set(new Date('2026-04-01T01:00:00Z'));
    await expect(svc.openReview(ctxOf(drafter), c.id)).rejects.toMatchObject({ code: 'INVALID_STATE' });
    await svc.formalCheck(ctxOf(drafter), teams[3]!.app.id, { decision: 'accept' });
    await svc.openReview(ctxOf(drafter), c.id);

    await svc.recordDefence(ctxOf(drafter), c.id, { heldAt: '2026-04-03T02:00:00Z', location: '未来科学城管委会 3 号会议室', panel: ['周专家', '吴专家'], applicationIds: [teams[0]!.app.id, teams[1]!.app.id, teams[3]!.app.id] });
    // Scores come from an expert review round's adoption (src/modules/review), here called directly.
    await expect(adopt(c.id, [{ applicationId: teams[2]!.app.id, scoreCenti: 9000 }])).rejects.toMatchObject({ code: 'INVALID_STATE' });
    await adopt(c.id, [
      { applicationId: teams[0]!.app.id, scoreCenti: 9150 },
      { applicationId: teams[1]!.app.id, scoreCenti: 8800 },
      { applicationId: teams[3]!.app.id, scoreCenti: 9150 },
    ]);
    expect((await svc.getApplication(tenant.id, teams[0]!.app.id)).scoreComment).toBe('专家评审采纳');
    const ranking = await svc.ranking(tenant.id, c.id);
    expect(ranking.map((r) => [r.item.a.id, r.rank, r.tied])).toEqual([
      [teams[0]!.app.id, 1, true],
      [teams[3]!.app.id, 1, true],
      [teams[1]!.app.id, 3, false],
    ]);

    // At most maxAwards (2) winners.
    await expect(svc.decide(ctxOf(drafter), c.id, { kind: 'award', applicationIds: [teams[0]!.app.id, teams[1]!.app.id, teams[3]!.app.id], reason: 'x' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    // Decided on Thursday 30 April 2026: 1–5 May is the Labour Day holiday and Saturday 9 May a working day,
    // so a 5-working-day notice runs 30 Apr, 6, 7, 8, 9 May.
    clock.set(new Date('2026-04-30T02:00:00Z'));
    const { notice } = await svc.decide(ctxOf(drafter), c.id, { kind: 'award', applicationIds: [teams[0]!.app.id, teams[3]!.app.id], reason: '综合评分并列第一，赛马立项', noticeWorkingDays: 5 });
    expect(notice).toMatchObject({ startsOn: '2026-04-30', endsOn: '2026-05-09', workingDays: 5 });
    expect(notice!.endsAt.toISOString()).toBe('2026-05-09T16:00:00.000Z');

    const objection = await svc.lodgeObjection(tenant.id, notice!.id, { name: '赵先生', phone: '13800000000', content: '对第二名的资质有疑问' }, null);
    await expect(svc.lodgeObjection(tenant.id, notice!.id, { name: '钱女士', content: '无联系方式' }, null)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(svc.closeNotice(ctxOf(drafter), notice!.id)).rejects.toMatchObject({ code: 'NOTICE_PERIOD_RUNNING' });
    clock.set(new Date('2026-05-09T16:00:00Z'));
    await expect(svc.lodgeObjection(tenant.id, notice!.id, { name: '孙先生', phone: '13900000000', content: '逾期异议' }, null)).rejects.toMatchObject({ code: 'NOTICE_CLOSED' });
    await expect(svc.closeNotice(ctxOf(drafter), notice!.id)).rejects.toMatchObject({ code: 'OBJECTIONS_OPEN' });
    await svc.answerObjection(ctxOf(drafter), objection.id, { outcome: 'dismissed', answer: '经核实，该单位资质有效。' });
    const closed = await svc.closeNotice(ctxOf(drafter), notice!.id);
    expect(closed.challenge.status).toBe('awarded');
    expect(closed.contracts).toHaveLength(2);
    const contract = closed.contracts[0]!;
    expect(contract.totalFen).toBe(15_000_000_00);
    const tranches = (await env.services.database.query<{ amount_fen: string; trigger: string }>('select amount_fen, trigger from contract_tranches where contract_id = $1', [contract.id])).map((t) => ({ amountFen: Number(t.amount_fen), trigger: t.trigger }));
    expect(tranches.reduce((s, t) => s + t.amountFen, 0)).toBe(15_000_000_00);
    expect(tranches.map((t) => t.trigger).sort()).toEqual(['acceptance', 'milestone', 'milestone', 'signing']);
    const outcomes = await env.services.database.db.select({ id: applications.id, outcome: applications.outcome }).from(applications).where(eq(applications.challengeId, c.id));
    expect(outcomes.filter((o) => o.outcome === 'awarded').map((o) => o.id).sort()).toEqual([teams[0]!.app.id, teams[3]!.app.id].sort());
    expect(outcomes.find((o) => o.id === teams[1]!.app.id)!.outcome).toBe('not_awarded');

    const actions = (await env.services.database.db.select({ action: auditEvents.action }).from(auditEvents).where(eq(auditEvents.tenantId, tenant.id))).map((e) => e.action);
    for (const a of ['challenge.approved', 'challenge.published', 'application.submitted', 'application.checked', 'challenge.review_opened', 'challenge.review_scores_adopted', 'notice.published', 'objection.lodged', 'objection.answered', 'notice.closed', 'contract.created', 'challenge.awarded'])
      expect(actions).toContain(a);
  });

  it('sends the result back to review when an objection is upheld, and records no award (流榜) with its reason', async () => {
    clock.set(new Date('2026-03-02T02:00:00Z'));
    const c = await publishedChallenge();
    const o = await applicantOrg({ zoneId: parkLifeValley, highTech: true });
    const a = await svc.createApplication(ctxOf(o.user), { ...o.actor, organizationId: o.org.id }, c.id, content());
    await svc.submitApplication(ctxOf(o.user), o.actor, a.id);
    await svc.formalCheck(ctxOf(drafter), a.id, { decision: 'accept' });
    clock.set(new Date('2026-04-01T01:00:00Z'));
    await svc.openReview(ctxOf(drafter), c.id);
    await adopt(c.id, [{ applicationId: a.id, scoreCenti: 7000 }]);
    const { notice } = await svc.decide(ctxOf(drafter), c.id, { kind: 'award', applicationIds: [a.id], reason: '唯一通过' });
    const obj = await svc.lodgeObjection(tenant.id, notice!.id, { name: '匿名', email: 'x@example.cn', content: '申报材料数据造假' }, null);
    await svc.answerObjection(ctxOf(drafter), obj.id, { outcome: 'upheld', answer: '经核查属实，撤销公示。' });
    clock.set(new Date('2026-04-20T01:00:00Z'));
    const r = await svc.closeNotice(ctxOf(drafter), notice!.id);
    expect(r.challenge.status).toBe('review');
    expect(r.contracts).toHaveLength(0);
    await expect(svc.decide(ctxOf(drafter), c.id, { kind: 'no_award', applicationIds: [], reason: ' ' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    const done = await svc.decide(ctxOf(drafter), c.id, { kind: 'no_award', applicationIds: [], reason: '无单位达到指标要求，流榜' });
    expect(done.challenge.status).toBe('not_awarded');
    expect(done.challenge.decision).toMatchObject({ kind: 'no_award', reason: '无单位达到指标要求，流榜' });
  });
});

describe('demand collection', () => {
  it('merges duplicates and turns the accepted need into a draft challenge that links back', async () => {
    const o = await applicantOrg({ zoneId: parkLifeValley, highTech: true });
    const d1 = await svc.submitDemand(ctxOf(o.user), o.org.id, { title: '类器官高通量培养', field: 'pharma_health', description: '需要自动化类器官培养与成像系统', budgetExpectationFen: 5_000_000_00 });
    const d2 = await svc.submitDemand(ctxOf(o.user), o.org.id, { title: '类器官自动培养', field: 'pharma_health', description: '类器官培养自动化程度低' });
    await svc.mergeDemands(ctxOf(drafter), d1.id, [d2.id]);
    expect((await svc.getDemand(tenant.id, d2.id)).status).toBe('merged');
    const c = await svc.convertDemand(ctxOf(drafter), d1.id);
    expect(c.status).toBe('draft');
    expect(c.terms).toMatchObject({ title: '类器官高通量培养', budgetCapFen: 5_000_000_00 });
    expect(await svc.getDemand(tenant.id, d1.id)).toMatchObject({ status: 'converted', challengeId: c.id });
    await expect(svc.convertDemand(ctxOf(drafter), d1.id)).rejects.toMatchObject({ code: 'INVALID_STATE' });
  });
});

describe('reminders', () => {
  it('reminds an organisation with an unsubmitted draft within 3 days of the deadline, once', async () => {
    clock.set(new Date('2026-03-02T02:00:00Z'));
    const c = await publishedChallenge({ deadline: '2026-03-06T09:00:00.000Z' });
    const o = await applicantOrg({ zoneId: parkLifeValley, highTech: true });
    await svc.createApplication(ctxOf(o.user), { ...o.actor, organizationId: o.org.id }, c.id, content());
    const centre = env.services.notifications;
    const hasRecent = centre.hasRecentNotification.bind(centre);
    const db = env.services.database.db;
    const reminders = async () => (await db.select().from(notifications).where(and(eq(notifications.userId, o.user.id), eq(notifications.kind, 'application.deadline_reminder')))).length;
    // Four days ahead: nothing yet.
    await inTransaction(db, (tx) => svc.sendReminders(tx, hasRecent));
    expect(await reminders()).toBe(0);
    clock.set(new Date('2026-03-03T10:00:00Z'));
    await inTransaction(db, (tx) => svc.sendReminders(tx, hasRecent));
    await inTransaction(db, (tx) => svc.sendReminders(tx, hasRecent));
    expect(await reminders()).toBe(1);
  });
});

