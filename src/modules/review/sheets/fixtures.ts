// Test fixtures for scoring: a challenge in its review stage with accepted applications from distinct
// organisations, experts with accounts and profiles, and an open round written straight into the review
// tables (as ReviewService leaves it after `open`: one draft sheet per assignment), so the scoring tests
// do not depend on how rounds are set up.
import type { Services } from '../../../services.ts';
import type { Clock } from '../../../platform/clock.ts';
import type { Role } from '../../../platform/auth/auth.tables.ts';
import type { CommandContext } from '../../../platform/audit/audit.service.ts';
import type { TenantRow, UserWithRoles } from '../../../platform/auth/auth.service.ts';
import type { Actor } from '../../../platform/auth/policy.ts';
import type { FixedClock } from '../../../platform/clock.ts';

/** What the fixtures need of test/helpers/app.ts's TestEnv (not imported: the server build must not pull test code in). */
export interface TestEnv {
  services: Services;
  clock: Clock;
  tenant(slug?: string): Promise<TenantRow>;
  user(tenant: TenantRow, roles: Role[], over?: { organizationId?: string | null }): Promise<UserWithRoles>;
}
import { creditCodeFrom } from '../../../seed/demo.ts';
import { emptyContent, type ApplicationContent } from '../../challenges/index.ts';
import { reviewAssignments, reviewItems, reviewPanel, reviewRounds, reviewSheets, type BlindMode, type Criterion, type RankBy } from '../review.tables.ts';

export const CRITERIA: Criterion[] = [
  { key: 'innovation', nameZh: '创新性', nameEn: 'Innovation', weight: 30, scaleMax: 10, guidanceZh: '技术路线是否新颖', guidanceEn: 'Is the approach new?' },
  { key: 'feasibility', nameZh: '可行性', nameEn: 'Feasibility', weight: 70, scaleMax: 5, commentRequired: true },
];

export interface Applicant {
  applicationId: string;
  code: string;
  orgName: string;
  piName: string;
  teamName: string;
  partnerName: string;
  attachmentId: string | null;
}

export interface ReviewWorld {
  tenant: TenantRow;
  officer: UserWithRoles;
  challengeId: string;
  applicants: Applicant[];
  experts: { id: string; user: UserWithRoles; name: string }[];
  ctxOf: (u: UserWithRoles) => CommandContext;
  actorOf: (u: UserWithRoles) => Actor;
}

let seq = 0;

function content(i: number, pi: string, member: string, partner: string, orgName: string, attachmentIds: string[]): ApplicationContent {
  return {
    ...emptyContent(),
    // The applicant names itself in its own text: a double-blind round must mask it there too.
    title: `方案${i}：国产微流控单细胞测序平台`,
    summary: `${orgName}研制高通量微流控芯片与光学检测模块，由${pi}牵头。`,
    keywords: ['微流控', '单细胞'],
    pi: { name: pi, title: '研究员', phone: '13900000000', email: `pi${i}@example.cn`, personId: null },
    team: [{ name: member, role: '芯片设计', title: '高级工程师', organization: null }],
    partners: [{ organizationId: null, name: partner, creditCode: null, role: '检测' }],
    technicalRoute: `芯片设计—样机—验证（与${partner}合作）`,
    budget: [
      { category: 'equipment', amountFen: 5_000_000_00, note: null },
      { category: 'labour', amountFen: 2_000_000_00, note: `${member}团队人员费` },
    ],
    milestones: [{ title: '样机', month: 12, deliverable: '样机一台' }],
    attachmentIds,
    pledge: { signatory: pi, acceptedAt: '2026-03-02T02:00:00.000Z' },
  };
}

/**
 * A challenge published on 2 March 2026 with a 31 March deadline, `n` accepted applications and the review
 * stage opened on 1 April (the clock is left there), and `experts` experts with linked expert accounts.
 */
export async function reviewWorld(env: TestEnv, clock: FixedClock, opts: { applications?: number; experts?: number; attachment?: Buffer } = {}): Promise<ReviewWorld> {
  clock.set(new Date('2026-03-02T02:00:00Z'));
  const tenant = await env.tenant();
  const officer = await env.user(tenant, ['officer']);
  const approver = await env.user(tenant, ['officer']);
  const ctxOf = (u: UserWithRoles): CommandContext => ({ tenantId: tenant.id, actorUserId: u.id, actorLabel: u.email, requestId: null });
  const actorOf = (u: UserWithRoles): Actor => ({ userId: u.id, tenantId: tenant.id, sessionId: 's', roles: u.roles, organizationId: u.organizationId, email: u.email, displayName: u.displayName });
  const sys: CommandContext = { tenantId: tenant.id, actorUserId: null, actorLabel: 'system:test', requestId: null };
  const ch = env.services.challenges;
  const c = await ch.createChallenge(ctxOf(officer), {
    title: '单细胞测序关键部件',
    titleEn: null,
    field: 'pharma_health',
    problem: '国产替代。',
    targets: [{ indicator: '通量', target: '≥ 10000', unit: '细胞', verification: '检测报告' }],
    budgetCapFen: 30_000_000_00,
    fundingMode: 'before_delivery',
    durationMonths: 24,
    maxAwards: 1,
    eligibility: { zoneIds: [], organizationTypes: [], qualifications: [], consortiumAllowed: true },
    deadline: '2026-03-31T09:00:00.000Z',
    contact: { name: '王芳', phone: '010-69700000', email: 'jbgs@demo.kechuang.cn' },
    attachmentIds: [],
  });
  await ch.submitForApproval(ctxOf(officer), c.id);
  await ch.approve(ctxOf(approver), c.id);
  await ch.publishBatch(ctxOf(approver), { title: '第一批', challengeIds: [c.id] });
  const applicants: Applicant[] = [];
  const surnames = ['赵', '钱', '孙', '李', '周', '吴'];
  for (let i = 0; i < (opts.applications ?? 3); i++) {
    seq++;
    const orgName = `北京测序科技有限公司${seq}号`;
    const org = await env.services.registry.createOrganization(sys, { creditCode: creditCodeFrom(`91110114MA${String(3_000_000 + seq).padStart(7, '0')}`), nameZh: orgName, type: 'enterprise' });
    const user = await env.user(tenant, ['applicant'], { organizationId: org.id });
    const actor = { ...actorOf(user), organizationId: org.id };
    const pi = `${surnames[i % 6]}明远${seq}`;
    const member = `${surnames[(i + 1) % 6]}志强${seq}`;
    const partner = `北京协作研究院${seq}号`;
    const file = opts.attachment ? await env.services.files.upload(ctxOf(user), { filename: `技术方案${i}.pdf`, data: opts.attachment }) : null;
    const a = await ch.createApplication(ctxOf(user), actor, c.id, content(i, pi, member, partner, orgName, file ? [file.id] : []));
    await ch.submitApplication(ctxOf(user), actor, a.id);
    applicants.push({ applicationId: a.id, code: a.code, orgName, piName: pi, teamName: member, partnerName: partner, attachmentId: file?.id ?? null });
  }
  clock.set(new Date('2026-04-01T01:00:00Z'));
  for (const a of applicants) await ch.formalCheck(ctxOf(officer), a.applicationId, { decision: 'accept' });
  await ch.openReview(ctxOf(officer), c.id);
  const experts: ReviewWorld['experts'] = [];
  for (let i = 0; i < (opts.experts ?? 3); i++) {
    const user = await env.user(tenant, ['expert']);
    const name = `专家${String.fromCharCode(0x7532 + i)}${seq}`;
    const e = await env.services.experts.create(ctxOf(officer), {
      name,
      userId: user.id,
      organizationId: null,
      affiliation: `某大学${i}`,
      title: '教授',
      fields: ['pharma_health'],
      keywords: ['微流控'],
      biography: '',
      orcid: null,
      availability: 'available',
      unavailableUntil: null,
      maxLoad: 10,
      affiliations: [],
      publications: [],
      declarations: [],
    });
    experts.push({ id: e.id, user, name });
  }
  return { tenant, officer, challengeId: c.id, applicants, experts, ctxOf, actorOf };
}

export interface OpenRound {
  roundId: string;
  /** Sheet id by `${applicationId}:${expertId}`. */
  sheets: Map<string, string>;
}

/** An open round over the world's applications with the given pairs (default: every expert on every item). */
export async function openRound(
  env: TestEnv,
  w: ReviewWorld,
  opts: { blind?: BlindMode; rankBy?: RankBy; deadline?: string; commentRequired?: boolean; pairs?: [number, number][]; criteria?: Criterion[]; disagreementCenti?: number } = {},
): Promise<OpenRound> {
  const db = env.services.database.db;
  const pairs = opts.pairs ?? w.applicants.flatMap((_, i) => w.experts.map((__, e) => [i, e] as [number, number]));
  const k = Math.max(1, ...w.applicants.map((_, i) => pairs.filter(([x]) => x === i).length));
  const [round] = await db
    .insert(reviewRounds)
    .values({
      tenantId: w.tenant.id,
      subjectType: 'challenge',
      subjectId: w.challengeId,
      name: `第${++seq}轮专家评审`,
      status: 'open',
      blind: opts.blind ?? 'double',
      criteria: opts.criteria ?? CRITERIA,
      commentRequired: opts.commentRequired ?? true,
      expertsPerItem: k,
      rankBy: opts.rankBy ?? 'trimmed',
      disagreementCenti: opts.disagreementCenti ?? 2000,
      deadline: new Date(opts.deadline ?? '2026-04-10T09:00:00Z'),
      createdBy: w.officer.id,
      openedAt: env.clock.now(),
    })
    .returning();
  const roundId = round!.id;
  await db.insert(reviewItems).values(w.applicants.map((a, i) => ({ tenantId: w.tenant.id, roundId, itemId: a.applicationId, code: a.code, position: i })));
  await db.insert(reviewPanel).values(w.experts.map((e) => ({ tenantId: w.tenant.id, roundId, expertId: e.id, addedBy: w.officer.id })));
  const sheets = new Map<string, string>();
  for (const [i, e] of pairs) {
    const item = w.applicants[i]!;
    const expert = w.experts[e]!;
    const [a] = await db.insert(reviewAssignments).values({ tenantId: w.tenant.id, roundId, itemId: item.applicationId, expertId: expert.id, source: 'manual', createdBy: w.officer.id }).returning();
    const [s] = await db.insert(reviewSheets).values({ tenantId: w.tenant.id, roundId, assignmentId: a!.id, itemId: item.applicationId, expertId: expert.id, savedAt: env.clock.now() }).returning();
    sheets.set(`${item.applicationId}:${expert.id}`, s!.id);
  }
  return { roundId, sheets };
}
