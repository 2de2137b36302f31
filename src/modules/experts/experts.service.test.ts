import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEnv, type TestEnv } from '../../../test/helpers/app.ts';
import type { CommandContext } from '../../platform/audit/audit.service.ts';
import type { TenantRow, UserWithRoles } from '../../platform/auth/auth.service.ts';
import type { Actor } from '../../platform/auth/policy.ts';
import { FixedClock } from '../../platform/clock.ts';
import { creditCodeFrom } from '../../seed/demo.ts';
import { emptyContent, type ApplicationContent } from '../challenges/index.ts';
import type { ExpertInput, ExpertService } from './experts.service.ts';

// Monday 2026-03-02 10:00 Beijing time.
const clock = new FixedClock(new Date('2026-03-02T02:00:00Z'));
let env: TestEnv;
let svc: ExpertService;
let tenant: TenantRow;
let officer: UserWithRoles;
let officer2: UserWithRoles;
let orgA: string;
let orgB: string;
let applicationId: string;
let challengeId: string;
const ctxOf = (u: UserWithRoles, t: TenantRow = tenant): CommandContext => ({ tenantId: t.id, actorUserId: u.id, actorLabel: u.email, requestId: null });

function expertInput(over: Partial<ExpertInput> = {}): ExpertInput {
  return {
    name: '赵敏',
    organizationId: null,
    affiliation: '清华大学',
    title: '教授',
    fields: ['pharma_health'],
    keywords: ['单细胞测序'],
    biography: '',
    orcid: null,
    availability: 'available',
    unavailableUntil: null,
    maxLoad: 8,
    affiliations: [],
    publications: [],
    declarations: [],
    ...over,
  };
}

function content(): ApplicationContent {
  return {
    ...emptyContent(),
    title: '国产微流控单细胞测序平台',
    summary: '研制高通量微流控芯片与光学检测模块。',
    keywords: ['微流控'],
    pi: { name: '李明', title: '研究员', phone: null, email: null, personId: null },
    team: [{ name: '张 华', role: '芯片设计', title: null, organization: null }],
    partners: [{ organizationId: null, name: '北京协作研究院', creditCode: null, role: '检测' }],
    technicalRoute: '芯片设计—样机—验证',
    budget: [{ category: 'equipment', amountFen: 1_000_000_00, note: null }],
    milestones: [{ title: '样机', month: 12, deliverable: '样机一台' }],
    pledge: { signatory: '李明', acceptedAt: '2026-03-02T02:00:00.000Z' },
  };
}

beforeAll(async () => {
  env = await testEnv({ clock });
  svc = env.services.experts;
  tenant = await env.tenant();
  officer = await env.user(tenant, ['officer']);
  officer2 = await env.user(tenant, ['officer']);
  const sys: CommandContext = { tenantId: tenant.id, actorUserId: null, actorLabel: 'system:test', requestId: null };
  orgA = (await env.services.registry.createOrganization(sys, { creditCode: creditCodeFrom('91110114MA0000101'), nameZh: '北京单细胞科技有限公司', type: 'enterprise' })).id;
  orgB = (await env.services.registry.createOrganization(sys, { creditCode: creditCodeFrom('91110114MA0000102'), nameZh: '北京另一家科技有限公司', type: 'enterprise' })).id;
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
  await ch.approve(ctxOf(officer2), c.id);
  await ch.publishBatch(ctxOf(officer2), { title: '第一批', challengeIds: [c.id] });
  challengeId = c.id;
  const applicant = await env.user(tenant, ['applicant'], { organizationId: orgA });
  const actor: Actor & { organizationId: string } = { userId: applicant.id, tenantId: tenant.id, sessionId: 's', roles: ['applicant'], organizationId: orgA, email: applicant.email, displayName: applicant.displayName };
  const a = await ch.createApplication(ctxOf(applicant), actor, c.id, content());
  await ch.submitApplication(ctxOf(applicant), actor, a.id);
  applicationId = a.id;
});
afterAll(() => env.close());

describe('the expert pool', () => {
  it('creates an expert with history, publications and declarations, and audits it', async () => {
    const e = await svc.create(ctxOf(officer), expertInput({ orcid: '0000-0002-1825-0097', affiliations: [{ organizationId: orgB, organizationName: '北京另一家科技有限公司', fromDate: '2019-01-01', toDate: '2022-12-31' }], publications: [{ title: '论文', year: 2024, coauthors: [{ name: '钱七', expertId: null }] }] }));
    expect(e.affiliations).toHaveLength(1);
    expect(e.publications[0]!.coauthors).toEqual([{ name: '钱七', expertId: null }]);
    const updated = await svc.update(ctxOf(officer), e.id, { ...expertInput({ orcid: '0000-0002-1825-0097' }), title: '研究员', affiliations: e.affiliations.map(({ organizationId, organizationName, fromDate, toDate }) => ({ organizationId, organizationName, fromDate, toDate })) }, false);
    expect(updated.title).toBe('研究员');
    expect(updated.publications).toEqual([]);
    const events = await env.services.database.query<{ action: string; summary: { fields?: string[] } }>("select action, summary from audit_events where target_id = $1 order by chain_seq", [e.id]);
    expect(events.map((x) => x.action)).toEqual(['expert.created', 'expert.updated']);
    expect(events[1]!.summary.fields).toEqual(['title', 'publications']);
  });

  it('refuses a bad ORCID, unknown organisations, bad dates, and an account without the expert role', async () => {
    await expect(svc.create(ctxOf(officer), expertInput({ orcid: '0000-0002-1825-0098' }))).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(svc.create(ctxOf(officer), expertInput({ organizationId: '6f1c1b7e-3c1a-4c1e-9f7a-1b2c3d4e5f60' }))).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(svc.create(ctxOf(officer), expertInput({ affiliations: [{ organizationId: null, organizationName: 'X', fromDate: '2020-01-01', toDate: '2019-01-01' }] }))).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(svc.create(ctxOf(officer), expertInput({ availability: 'available', unavailableUntil: '2026-05-01' }))).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(svc.create(ctxOf(officer), expertInput({ userId: officer.id }))).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    const u = await env.user(tenant, ['expert']);
    await svc.create(ctxOf(officer), expertInput({ userId: u.id, availability: 'unavailable', unavailableUntil: '2026-06-30' }));
    await expect(svc.create(ctxOf(officer), expertInput({ userId: u.id }))).rejects.toMatchObject({ code: 'CONFLICT' });
    expect((await svc.byUser(tenant.id, u.id)).unavailableUntil).toBe('2026-06-30');
  });
});

describe('conflicts of interest', () => {
  it('finds conflicts with a challenge’s applications through the challenges module', async () => {
    const e = await svc.create(ctxOf(officer), expertInput({ name: '孙八', organizationId: orgA, publications: [{ title: '合作论文', year: 2023, coauthors: [{ name: '张华', expertId: null }] }] }));
    const found = await svc.conflictsOf(tenant.id, e.id, { challengeId });
    expect(found.map((c) => c.kind).sort()).toEqual(['coauthor', 'same_organization']);
    expect(found.every((c) => c.id === null && c.applicationId === applicationId)).toBe(true);
    const clean = await svc.create(ctxOf(officer), expertInput({ name: '周九' }));
    expect(await svc.conflictsOf(tenant.id, clean.id, { challengeId })).toEqual([]);
    await expect(svc.conflictsOf(tenant.id, e.id, { challengeId: '6f1c1b7e-3c1a-4c1e-9f7a-1b2c3d4e5f60' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('records findings once, lets an officer add, dispute and resolve them, and the matrix leaves out overturned ones', async () => {
    const e = await svc.create(ctxOf(officer), expertInput({ name: '吴十', affiliation: '北京协作研究院' }));
    const other = await svc.create(ctxOf(officer), expertInput({ name: '郑十一' }));
    const recorded = await svc.recordDetected(ctxOf(officer), e.id, challengeId);
    expect(recorded.map((c) => [c.kind, c.recorded])).toEqual([['consortium_partner', true]]);
    expect(await svc.recordDetected(ctxOf(officer), e.id, challengeId)).toHaveLength(1);
    const added = await svc.addConflict(ctxOf(officer), { expertId: other.id, applicationId, reasonZh: '与申报单位存在竞争关系', reasonEn: 'Competes with the applicant' });
    expect(added.kind).toBe('officer');

    let matrix = await svc.conflictsFor(tenant.id, [applicationId], [e.id, other.id]);
    expect(matrix.map((m) => [m.expertId, m.conflicts.map((c) => c.kind)])).toEqual([
      [e.id, ['consortium_partner']],
      [other.id, ['officer']],
    ]);

    const disputed = await svc.dispute(ctxOf(officer), recorded[0]!.id!, '已于 2020 年离职');
    expect(disputed.status).toBe('disputed');
    await expect(svc.resolve(ctxOf(officer), recorded[0]!.id!, 'overturned', ' ')).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    const resolved = await svc.resolve(ctxOf(officer2), recorded[0]!.id!, 'overturned', '人事证明显示已离职');
    expect(resolved).toMatchObject({ status: 'overturned', resolutionReason: '人事证明显示已离职', resolvedBy: officer2.id });
    await expect(svc.resolve(ctxOf(officer), recorded[0]!.id!, 'upheld', '再议')).rejects.toMatchObject({ code: 'INVALID_STATE' });
    await expect(svc.dispute(ctxOf(officer), recorded[0]!.id!, '再议')).rejects.toMatchObject({ code: 'INVALID_STATE' });

    matrix = await svc.conflictsFor(tenant.id, [applicationId], [e.id, other.id]);
    expect(matrix.map((m) => m.expertId)).toEqual([other.id]);
    // The overturned finding stays overturned: the rules still see it, the record wins.
    expect((await svc.conflictsOf(tenant.id, e.id, { challengeId })).map((c) => c.status)).toEqual(['overturned']);

    const actions = await env.services.database.query<{ action: string }>("select action from audit_events where target_type = 'expert_conflict' and tenant_id = $1 order by chain_seq", [tenant.id]);
    expect(actions.map((a) => a.action)).toEqual(['conflict.recorded', 'conflict.added', 'conflict.disputed', 'conflict.resolved']);
  });

  it('sees nothing of another tenant', async () => {
    const t2 = await env.tenant();
    const o2 = await env.user(t2, ['officer']);
    const e2 = await svc.create(ctxOf(o2, t2), expertInput({ name: '李明' }));
    expect(await svc.conflictsFor(t2.id, [applicationId], [e2.id])).toEqual([]);
    await expect(svc.addConflict(ctxOf(o2, t2), { expertId: e2.id, applicationId, reasonZh: '理由', reasonEn: 'reason' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(svc.get(tenant.id, e2.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
