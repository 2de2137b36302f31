// Test fixtures for review rounds: a challenge in its review stage with four accepted applications on distinct
// topics, and a pool of experts whose keywords match them, from organisations chosen to exercise conflicts
// (an expert of an applicant's organisation) and one-per-organisation (two experts of one university).
import type { TestEnv } from './app.ts';
import type { CommandContext } from '../../src/platform/audit/audit.service.ts';
import type { TenantRow, UserWithRoles } from '../../src/platform/auth/auth.service.ts';
import type { Actor } from '../../src/platform/auth/policy.ts';
import type { FixedClock } from '../../src/platform/clock.ts';
import { creditCodeFrom } from '../../src/seed/demo.ts';
import { emptyContent, type ApplicationContent } from '../../src/modules/challenges/index.ts';

export interface RoundWorld {
  tenant: TenantRow;
  officer: UserWithRoles;
  challengeId: string;
  /** A published challenge not (yet) in review. */
  otherChallengeId: string;
  apps: { id: string; code: string; orgId: string; topic: string }[];
  /** By short name: micro, cart, bci, seq (conflicted with the micro application), cell, neuro, away (unavailable), nouser (no account). */
  experts: Record<string, { id: string; user: UserWithRoles | null }>;
  ctxOf: (u: UserWithRoles) => CommandContext;
}

let seq = 0;
const code = () => creditCodeFrom(`91110114MB${String(5_000_000 + ++seq).padStart(7, '0')}`);

const TOPICS = [
  { topic: 'micro', title: '国产微流控单细胞测序平台', summary: '研制高通量微流控芯片，实现单细胞测序文库制备。', keywords: ['微流控', '单细胞测序'] },
  { topic: 'cart', title: '实体瘤 CAR-T 细胞治疗新靶点', summary: '面向实体瘤的 CAR-T 细胞治疗，提高 T 细胞浸润。', keywords: ['CAR-T', '细胞治疗'] },
  { topic: 'bci', title: '植入式脑机接口电极与解码', summary: '柔性电极与神经信号解码算法，用于脑机接口。', keywords: ['脑机接口', '神经调控'] },
  { topic: 'ab', title: 'Bispecific antibody discovery platform', summary: 'Antibody engineering and screening for bispecific antibodies.', keywords: ['antibody engineering', '双特异性抗体'] },
];

function content(t: (typeof TOPICS)[number], pi: string): ApplicationContent {
  return {
    ...emptyContent(),
    title: t.title,
    summary: t.summary,
    keywords: t.keywords,
    pi: { name: pi, title: '研究员', phone: null, email: null, personId: null },
    team: [],
    partners: [],
    technicalRoute: '设计—样机—验证',
    budget: [{ category: 'equipment', amountFen: 1_000_000_00, note: null }],
    milestones: [{ title: '样机', month: 12, deliverable: '样机一台' }],
    pledge: { signatory: pi, acceptedAt: '2026-03-02T02:00:00.000Z' },
  };
}

export async function roundWorld(env: TestEnv, clock: FixedClock): Promise<RoundWorld> {
  clock.set(new Date('2026-03-02T02:00:00Z'));
  const tenant = await env.tenant();
  const officer = await env.user(tenant, ['officer']);
  const approver = await env.user(tenant, ['officer']);
  const ctxOf = (u: UserWithRoles): CommandContext => ({ tenantId: tenant.id, actorUserId: u.id, actorLabel: u.email, requestId: null });
  const sys: CommandContext = { tenantId: tenant.id, actorUserId: null, actorLabel: 'system:test', requestId: null };
  const ch = env.services.challenges;
  const terms = (title: string) => ({
    title,
    titleEn: null,
    field: 'pharma_health' as const,
    problem: '攻关。',
    targets: [{ indicator: '指标', target: '≥ 1', unit: '项', verification: '报告' }],
    budgetCapFen: 30_000_000_00,
    fundingMode: 'before_delivery' as const,
    durationMonths: 24,
    maxAwards: 1,
    eligibility: { zoneIds: [], organizationTypes: [], qualifications: [], consortiumAllowed: true },
    deadline: '2026-03-31T09:00:00.000Z',
    contact: { name: '王芳', phone: '010-69700000', email: 'jbgs@demo.kechuang.cn' },
    attachmentIds: [],
  });
  const c = await ch.createChallenge(ctxOf(officer), terms('生命科学关键技术攻关'));
  const other = await ch.createChallenge(ctxOf(officer), terms('另一张榜单'));
  for (const id of [c.id, other.id]) {
    await ch.submitForApproval(ctxOf(officer), id);
    await ch.approve(ctxOf(approver), id);
  }
  await ch.publishBatch(ctxOf(approver), { title: '第一批', challengeIds: [c.id, other.id] });
  const apps: RoundWorld['apps'] = [];
  for (const [i, t] of TOPICS.entries()) {
    const org = await env.services.registry.createOrganization(sys, { creditCode: code(), nameZh: `北京${t.topic}科技有限公司${seq}`, type: 'enterprise' });
    const user = await env.user(tenant, ['applicant'], { organizationId: org.id });
    const actor: Actor & { organizationId: string } = { userId: user.id, tenantId: tenant.id, sessionId: 's', roles: ['applicant'], organizationId: org.id, email: user.email, displayName: user.displayName };
    const a = await ch.createApplication(ctxOf(user), actor, c.id, content(t, `负责人${i}`));
    await ch.submitApplication(ctxOf(user), actor, a.id);
    apps.push({ id: a.id, code: a.code, orgId: org.id, topic: t.topic });
  }
  clock.set(new Date('2026-04-01T01:00:00Z'));
  for (const a of apps) await ch.formalCheck(ctxOf(officer), a.id, { decision: 'accept' });
  await ch.openReview(ctxOf(officer), c.id);

  const uni = await env.services.registry.createOrganization(sys, { creditCode: code(), nameZh: `某理工大学${seq}`, type: 'university' });
  const specs: [string, { keywords: string[]; organizationId: string | null; affiliation: string; account?: boolean; available?: boolean }][] = [
    ['micro', { keywords: ['微流控', '单细胞测序', '芯片'], organizationId: uni.id, affiliation: '' }],
    ['cart', { keywords: ['CAR-T', '细胞治疗', '免疫治疗'], organizationId: null, affiliation: '某医学院' }],
    ['bci', { keywords: ['脑机接口', '神经调控'], organizationId: uni.id, affiliation: '' }],
    ['seq', { keywords: ['单细胞测序', '基因组学'], organizationId: apps[0]!.orgId, affiliation: '' }],
    ['cell', { keywords: ['细胞治疗', '抗体'], organizationId: null, affiliation: '某研究所' }],
    ['neuro', { keywords: ['神经调控', '脑科学', 'antibody engineering'], organizationId: null, affiliation: '某脑科学中心' }],
    ['away', { keywords: ['微流控'], organizationId: null, affiliation: '某大学', available: false }],
    ['nouser', { keywords: ['抗体', '双特异性抗体'], organizationId: null, affiliation: '某药企', account: false }],
  ];
  const experts: RoundWorld['experts'] = {};
  for (const [name, s] of specs) {
    const user = s.account === false ? null : await env.user(tenant, ['expert']);
    const e = await env.services.experts.create(ctxOf(officer), {
      name: `专家-${name}`,
      userId: user?.id ?? null,
      organizationId: s.organizationId,
      affiliation: s.affiliation,
      title: '教授',
      fields: ['pharma_health'],
      keywords: s.keywords,
      biography: '',
      orcid: null,
      availability: s.available === false ? 'unavailable' : 'available',
      unavailableUntil: null,
      maxLoad: 3,
      affiliations: [],
      publications: [],
      declarations: [],
    });
    experts[name] = { id: e.id, user };
  }
  return { tenant, officer, challengeId: c.id, otherChallengeId: other.id, apps, experts, ctxOf };
}
