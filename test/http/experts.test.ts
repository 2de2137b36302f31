import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEnv, type TestEnv } from '../helpers/app.ts';
import { FixedClock } from '../../src/platform/clock.ts';
import type { TenantRow } from '../../src/platform/auth/auth.service.ts';
import type { CommandContext } from '../../src/platform/audit/audit.service.ts';
import { creditCodeFrom } from '../../src/seed/demo.ts';
import { auditActions, expectProblem } from './support.ts';

// Tuesday 2026-09-01 10:00 Beijing time.
const clock = new FixedClock(new Date('2026-09-01T02:00:00Z'));
let env: TestEnv;
let tenant: TenantRow;
let officer: string;
let auditor: string;
let applicant: string;
let expertCookie: string;
let expertUserId: string;
let otherExpertCookie: string;
let orgId: string;
let challengeId: string;
let applicationId: string;

const api = (method: 'GET' | 'POST' | 'PUT', url: string, cookie?: string, payload?: unknown) =>
  env.app.inject({ method, url: `/api/v1${url}`, headers: cookie ? { cookie } : {}, ...(payload !== undefined ? { payload: payload as object } : {}) });

function profile(over: Record<string, unknown> = {}) {
  return {
    name: '赵敏',
    organizationId: null,
    affiliation: '清华大学',
    title: '教授',
    fields: ['pharma_health'],
    keywords: ['分子生成'],
    biography: '长期从事药物化学研究。',
    orcid: '0000-0002-1825-0097',
    availability: 'available',
    unavailableUntil: null,
    maxLoad: 6,
    affiliations: [],
    publications: [],
    declarations: [],
    ...over,
  };
}

beforeAll(async () => {
  env = await testEnv({ clock, env: { SESSION_IDLE_MINUTES: '500000', SESSION_ABSOLUTE_HOURS: '10000' } });
  tenant = await env.tenant();
  const ctx: CommandContext = { tenantId: tenant.id, actorUserId: null, actorLabel: 'system:test', requestId: null };
  orgId = (await env.services.registry.createOrganization(ctx, { creditCode: creditCodeFrom('91110108MA0000011'), nameZh: '北京分子智造科技有限公司', type: 'enterprise' })).id;
  const o1 = await env.as(tenant, ['officer']);
  const o2 = await env.as(tenant, ['officer']);
  officer = o1.cookie;
  auditor = (await env.as(tenant, ['auditor'])).cookie;
  const u = await env.user(tenant, ['applicant'], { organizationId: orgId });
  applicant = await env.login(tenant, u.email);
  const ex = await env.as(tenant, ['expert']);
  expertCookie = ex.cookie;
  expertUserId = ex.user.id;
  otherExpertCookie = (await env.as(tenant, ['expert'])).cookie;

  const ch = env.services.challenges;
  const c = await ch.createChallenge({ ...ctx, actorUserId: o1.user.id }, {
    title: '面向创新药的 AI 分子生成平台',
    titleEn: null,
    field: 'pharma_health',
    problem: '建设分子生成与筛选平台。',
    targets: [{ indicator: '命中率', target: '≥ 10%', unit: '%', verification: '湿实验验证报告' }],
    budgetCapFen: 20_000_000_00,
    fundingMode: 'before_delivery',
    durationMonths: 18,
    maxAwards: 1,
    eligibility: { zoneIds: [], organizationTypes: [], qualifications: [], consortiumAllowed: true },
    deadline: '2026-09-30T09:00:00.000Z',
    contact: { name: '王芳', phone: '010-69700000', email: 'jbgs@demo.kechuang.cn' },
    attachmentIds: [],
  });
  await ch.submitForApproval({ ...ctx, actorUserId: o1.user.id }, c.id);
  await ch.approve({ ...ctx, actorUserId: o2.user.id }, c.id);
  await ch.publishBatch({ ...ctx, actorUserId: o2.user.id }, { title: '第一批', challengeIds: [c.id] });
  challengeId = c.id;
  const res = await api('POST', `/challenges/${c.id}/applications`, applicant, {
    title: '基于扩散模型的分子生成',
    summary: '以扩散模型生成候选分子。',
    keywords: ['扩散模型'],
    pi: { name: '陈静', title: '研究员', phone: null, email: null, personId: null },
    team: [{ name: '刘 洋', role: '算法', title: null, organization: null }],
    partners: [],
    technicalRoute: '模型—合成—验证',
    budget: [{ category: 'equipment', amountFen: 6_000_000_00, note: null }],
    milestones: [{ title: '平台上线', month: 12, deliverable: '平台' }],
    attachmentIds: [],
    pledge: { signatory: '陈静', acceptedAt: '2026-09-01T02:00:00.000Z' },
  });
  expect(res.statusCode, res.body).toBe(201);
  applicationId = res.json().id;
  expect((await api('POST', `/applications/${applicationId}/submit`, applicant)).statusCode).toBe(200);
});
afterAll(() => env.close());

describe('expert pool', () => {
  let expertId: string;

  it('officers create experts; applicants, experts and auditors may not', async () => {
    for (const c of [applicant, expertCookie, auditor]) expectProblem(await api('POST', '/experts', c, profile()), 403, 'FORBIDDEN');
    const res = await api('POST', '/experts', officer, profile({ userId: expertUserId, affiliations: [{ organizationId: orgId, organizationName: '北京分子智造科技有限公司', fromDate: '2015-01-01', toDate: '2023-09-01' }] }));
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json();
    expertId = body.id;
    expect(body).toMatchObject({ name: '赵敏', userId: expertUserId, orcid: '0000-0002-1825-0097', actions: ['edit'] });
    expect(body.affiliations).toHaveLength(1);
  });

  it('validates: ORCID check digit, unknown fields, wrong types, unknown field names', async () => {
    const bad = expectProblem(await api('POST', '/experts', officer, profile({ orcid: '0000-0002-1825-0098' })), 400, 'VALIDATION_FAILED');
    expect(bad.errors?.[0]?.path).toBe('orcid');
    expectProblem(await api('POST', '/experts', officer, profile({ fields: ['astrology'] })), 400, 'VALIDATION_FAILED');
    expectProblem(await api('POST', '/experts', officer, profile({ maxLoad: '6' })), 400, 'VALIDATION_FAILED');
    expectProblem(await api('POST', '/experts', officer, profile({ salary: 1 })), 400, 'VALIDATION_FAILED');
    expectProblem(await api('POST', '/experts', officer, profile({ affiliations: [{ organizationId: null, organizationName: 'X', fromDate: '2020-02-30', toDate: null }] })), 400, 'VALIDATION_FAILED');
  });

  it('lists for officers and auditors, not for applicants or experts', async () => {
    const list = await api('GET', '/experts?q=赵&field=pharma_health', auditor);
    expect(list.statusCode).toBe(200);
    expect(list.json().items.map((e: { id: string }) => e.id)).toContain(expertId);
    expectProblem(await api('GET', '/experts', applicant), 403, 'FORBIDDEN');
    expectProblem(await api('GET', '/experts', expertCookie), 403, 'FORBIDDEN');
  });

  it('an expert reads and edits their own profile, but not the account link; other experts see 404', async () => {
    const me = await api('GET', '/experts/me', expertCookie);
    expect(me.json().id).toBe(expertId);
    const { id: _id, userId: _u, actions: _a, updatedAt: _t, organizationName: _o, accountEmail: _m, affiliations, publications, declarations, ...rest } = me.json();
    void [_id, _u, _a, _t, _o, _m];
    const strip = <T extends { id: string }>(xs: T[]) => xs.map(({ id: _x, ...r }) => r);
    const body = { ...rest, affiliations: strip(affiliations), publications: strip(publications), declarations: [...strip(declarations), { kind: 'advisor', personName: '陈静', organizationId: null, organizationName: null, note: '博士导师' }] };
    const res = await api('PUT', `/experts/${expertId}`, expertCookie, body);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().declarations).toHaveLength(1);
    expectProblem(await api('PUT', `/experts/${expertId}`, expertCookie, { ...body, userId: null }), 403, 'FORBIDDEN');
    expectProblem(await api('GET', `/experts/${expertId}`, otherExpertCookie), 404, 'NOT_FOUND');
    expectProblem(await api('PUT', `/experts/${expertId}`, otherExpertCookie, body), 404, 'NOT_FOUND');
    expectProblem(await api('GET', '/experts/me', otherExpertCookie), 404, 'NOT_FOUND');
    expectProblem(await api('PUT', `/experts/${expertId}`, auditor, body), 403, 'FORBIDDEN');
    expect(await auditActions(env, tenant.id)).toEqual(expect.arrayContaining(['expert.created', 'expert.updated']));
  });

  it('conflicts: found with reasons, recorded, disputed by the expert, resolved only by an officer', async () => {
    const found = await api('GET', `/experts/${expertId}/conflicts?challengeId=${challengeId}`, officer);
    expect(found.statusCode, found.body).toBe(200);
    const items = found.json().items as { kind: string; id: string | null; reason: { zh: string; en: string }; binding: boolean }[];
    // Worked at the applicant until 2023-09-01 (exactly three years ago), and declared the PI as advisor.
    expect(items.map((c) => c.kind).sort()).toEqual(['declared_relationship', 'same_organization']);
    expect(items.every((c) => c.id === null && c.binding)).toBe(true);
    expect(items.find((c) => c.kind === 'same_organization')!.reason.zh).toContain('北京分子智造科技有限公司');

    expectProblem(await api('POST', `/experts/${expertId}/conflicts/record`, expertCookie, { challengeId }), 403, 'FORBIDDEN');
    const rec = await api('POST', `/experts/${expertId}/conflicts/record`, officer, { challengeId });
    expect(rec.statusCode, rec.body).toBe(200);
    const same = (rec.json().items as { id: string; kind: string }[]).find((c) => c.kind === 'same_organization')!;
    expect(same.id).toBeTruthy();

    const own = await api('GET', `/experts/${expertId}/conflicts`, expertCookie);
    expect(own.json().items).toHaveLength(2);
    expectProblem(await api('POST', `/conflicts/${same.id}/dispute`, otherExpertCookie, { reason: '不是我' }), 404, 'NOT_FOUND');
    const disputed = await api('POST', `/conflicts/${same.id}/dispute`, expertCookie, { reason: '已于 2023 年 9 月 1 日离职' });
    expect(disputed.json().status).toBe('disputed');
    expectProblem(await api('POST', `/conflicts/${same.id}/resolve`, expertCookie, { outcome: 'overturned', reason: '离职' }), 403, 'FORBIDDEN');
    expectProblem(await api('POST', `/conflicts/${same.id}/resolve`, officer, { outcome: 'maybe', reason: '离职' }), 400, 'VALIDATION_FAILED');
    expectProblem(await api('POST', `/conflicts/${same.id}/resolve`, officer, { outcome: 'upheld' }), 400, 'VALIDATION_FAILED');
    const resolved = await api('POST', `/conflicts/${same.id}/resolve`, officer, { outcome: 'upheld', reason: '离职未满三年' });
    expect(resolved.json()).toMatchObject({ status: 'upheld', binding: true, resolutionReason: '离职未满三年' });
    expectProblem(await api('POST', `/conflicts/${same.id}/resolve`, officer, { outcome: 'overturned', reason: '再议' }), 409, 'INVALID_STATE');
    expect(await auditActions(env, tenant.id)).toEqual(expect.arrayContaining(['conflict.recorded', 'conflict.disputed', 'conflict.resolved']));
  });

  it('officers add conflicts the rules do not see', async () => {
    const other = (await api('POST', '/experts', officer, profile({ name: '钱七', orcid: null }))).json();
    expectProblem(await api('POST', '/conflicts', applicant, { expertId: other.id, applicationId, reasonZh: '竞争关系', reasonEn: 'Competitor' }), 403, 'FORBIDDEN');
    const res = await api('POST', '/conflicts', officer, { expertId: other.id, applicationId, reasonZh: '竞争关系', reasonEn: 'Competitor', evidence: { source: '举报' } });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ kind: 'officer', status: 'active', reason: { zh: '竞争关系', en: 'Competitor' }, evidence: { source: '举报' } });
    expectProblem(await api('POST', '/conflicts', officer, { expertId: other.id, applicationId: '6f1c1b7e-3c1a-4c1e-9f7a-1b2c3d4e5f60', reasonZh: '竞争关系', reasonEn: 'Competitor' }), 404, 'NOT_FOUND');
  });

  it('another tenant’s experts and conflicts answer 404', async () => {
    const t2 = await env.tenant();
    const officer2 = (await env.as(t2, ['officer'])).cookie;
    expectProblem(await api('GET', `/experts/${expertId}`, officer2), 404, 'NOT_FOUND');
    expectProblem(await api('PUT', `/experts/${expertId}`, officer2, profile()), 404, 'NOT_FOUND');
    expectProblem(await api('GET', `/experts/${expertId}/conflicts`, officer2), 404, 'NOT_FOUND');
    const mine = (await api('POST', '/experts', officer2, profile())).json();
    expectProblem(await api('GET', `/experts/${mine.id}/conflicts?challengeId=${challengeId}`, officer2), 404, 'NOT_FOUND');
    expectProblem(await api('POST', '/conflicts', officer2, { expertId: mine.id, applicationId, reasonZh: '理由', reasonEn: 'reason' }), 404, 'NOT_FOUND');
    expect((await api('GET', '/experts', officer2)).json().items.map((e: { id: string }) => e.id)).toEqual([mine.id]);
  });
});
