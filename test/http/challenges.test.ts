import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEnv, type TestEnv } from '../helpers/app.ts';
import { FixedClock } from '../../src/platform/clock.ts';
import type { TenantRow } from '../../src/platform/auth/auth.service.ts';
import type { CommandContext } from '../../src/platform/audit/audit.service.ts';
import { creditCodeFrom } from '../../src/seed/demo.ts';
import { inTransaction } from '../../src/platform/db/tx.ts';
import { auditActions, expectProblem, makePdf, makePng, multipart } from './support.ts';

// Tuesday 2026-09-01 10:00 Beijing time.
const clock = new FixedClock(new Date('2026-09-01T02:00:00Z'));
let env: TestEnv;
let tenant: TenantRow;
let officerA: string;
let officerB: string;
let auditor: string;
let applicant: string;
let applicantOrgId: string;
let rival: string;
let zoneId: string;

const api = (method: 'GET' | 'POST' | 'PUT', url: string, cookie?: string, payload?: unknown) =>
  env.app.inject({ method, url: `/api/v1${url}`, headers: cookie ? { cookie } : {}, ...(payload !== undefined ? { payload: payload as object } : {}) });

function terms(over: Record<string, unknown> = {}) {
  return {
    title: '面向创新药的 AI 分子生成平台',
    titleEn: 'AI molecule generation for innovative drugs',
    field: 'pharma_health',
    problem: '建设可用于先导化合物发现的分子生成与筛选平台。',
    targets: [{ indicator: '命中率', target: '≥ 10%', unit: '%', verification: '湿实验验证报告' }],
    budgetCapFen: 20_000_000_00,
    fundingMode: 'before_delivery',
    durationMonths: 18,
    maxAwards: 1,
    eligibility: { zoneIds: [zoneId], organizationTypes: [], qualifications: [], consortiumAllowed: true },
    deadline: '2026-09-30T09:00:00.000Z',
    contact: { name: '王芳', phone: '010-69700000', email: 'jbgs@demo.kechuang.cn' },
    attachmentIds: [],
    ...over,
  };
}

function content(attachmentIds: string[] = []) {
  return {
    title: '基于扩散模型的分子生成',
    summary: '以扩散模型生成候选分子，结合自动化合成验证。',
    keywords: ['扩散模型', '分子生成'],
    pi: { name: '陈静', title: '研究员', phone: '13800000001', email: null, personId: null },
    team: [{ name: '刘洋', role: '算法', title: null, organization: null }],
    partners: [],
    technicalRoute: '模型—合成—验证',
    budget: [
      { category: 'equipment', amountFen: 6_000_000_00, note: '服务器' },
      { category: 'testing', amountFen: 2_000_000_00, note: null },
    ],
    milestones: [{ title: '平台上线', month: 12, deliverable: '平台' }],
    attachmentIds,
    pledge: { signatory: '陈静', acceptedAt: '2026-09-01T02:00:00.000Z' },
  };
}

beforeAll(async () => {
  // The clock jumps weeks ahead between steps; sessions must outlive it.
  env = await testEnv({ clock, env: { SESSION_IDLE_MINUTES: '500000', SESSION_ABSOLUTE_HOURS: '10000' } });
  tenant = await env.tenant();
  const ctx: CommandContext = { tenantId: tenant.id, actorUserId: null, actorLabel: 'system:test', requestId: null };
  const city = await env.services.registry.createZone(ctx, { level: 'city', code: 'bj', nameZh: '北京', nameEn: 'Beijing' });
  zoneId = (await env.services.registry.createZone(ctx, { parentId: city.id, level: 'zone', code: 'zgc', nameZh: '中关村科学城', nameEn: 'Zhongguancun Science City' })).id;
  const org = await env.services.registry.createOrganization(ctx, { creditCode: creditCodeFrom('91110108MA0000001'), nameZh: '北京分子智造科技有限公司', type: 'enterprise', zoneId });
  const org2 = await env.services.registry.createOrganization(ctx, { creditCode: creditCodeFrom('91110108MA0000002'), nameZh: '北京另一家科技有限公司', type: 'enterprise' });
  applicantOrgId = org.id;
  officerA = (await env.as(tenant, ['officer'])).cookie;
  officerB = (await env.as(tenant, ['officer'])).cookie;
  auditor = (await env.as(tenant, ['auditor'])).cookie;
  const u = await env.user(tenant, ['applicant'], { organizationId: org.id });
  applicant = await env.login(tenant, u.email);
  const u2 = await env.user(tenant, ['applicant'], { organizationId: org2.id });
  rival = await env.login(tenant, u2.email);
});
afterAll(() => env.close());

describe('the challenge workflow over HTTP', () => {
  let challengeId: string;
  let applicationId: string;
  let noticeId: string;
  let guideId: string;

  it('drafts, refuses the drafter’s own approval, approves by another officer and publishes a batch', async () => {
    expectProblem(await api('POST', '/challenges', applicant, terms()), 403, 'FORBIDDEN');
    const guide = multipart('申报指南.pdf', makePdf('guide'));
    const upGuide = await env.app.inject({ method: 'POST', url: '/api/v1/files', payload: guide.payload, headers: { ...guide.headers, cookie: officerA } });
    guideId = upGuide.json().id;
    const created = await api('POST', '/challenges', officerA, terms({ attachmentIds: [guideId] }));
    expect(created.statusCode).toBe(201);
    const c = created.json();
    challengeId = c.id;
    expect(c).toMatchObject({ status: 'draft', stage: 'draft', actions: expect.arrayContaining(['edit', 'submit']) });
    expect((await api('POST', `/challenges/${c.id}/submit`, officerA)).json()).toMatchObject({ status: 'pending_approval' });
    const own = await api('POST', `/challenges/${c.id}/approve`, officerA);
    const p = expectProblem(own, 403, 'FOUR_EYES_REQUIRED');
    // An incomplete draft is refused with each field's message in both languages.
    const bare = (await api('POST', '/challenges', officerA, terms({ targets: [] }))).json();
    const incomplete = expectProblem(await api('POST', `/challenges/${bare.id}/submit`, officerA), 422, 'INCOMPLETE');
    expect(incomplete.errors).toContainEqual({ path: 'targets', message: 'needs at least one quantified target', zh: '至少填写一项可量化指标' });
    expect(p.message.zh).toContain('审核');
    // The other officer sees approve among their actions.
    expect((await api('GET', `/challenges/${c.id}`, officerB)).json().actions).toEqual(expect.arrayContaining(['approve', 'refuse']));
    expect((await api('POST', `/challenges/${c.id}/approve`, officerB)).json()).toMatchObject({ status: 'approved' });
    // Not yet public, not visible to applicants.
    expectProblem(await api('GET', `/challenges/${c.id}`, applicant), 404, 'NOT_FOUND');
    expectProblem(await api('GET', `/public/challenges/${c.id}?tenant=${tenant.slug}`), 404, 'NOT_FOUND');
    const batch = await api('POST', '/challenge-batches', officerA, { title: '2026 年第二批揭榜挂帅榜单', challengeIds: [c.id] });
    expect(batch.statusCode).toBe(201);
    expect(batch.json().code).toMatch(/^BD-2026-/);
  });

  it('shows the published challenge to anyone, with filters, and keeps auditors read-only', async () => {
    const list = await api('GET', `/public/challenges?tenant=${tenant.slug}&stage=open&field=pharma_health&zoneId=${zoneId}`);
    expect(list.statusCode).toBe(200);
    expect(list.json().items.map((i: { id: string }) => i.id)).toEqual([challengeId]);
    expect(list.json().items[0]).toMatchObject({ stage: 'open', acceptingApplications: true, batch: { title: '2026 年第二批揭榜挂帅榜单' } });
    expect(list.json().items[0]).not.toHaveProperty('createdBy');
    expect((await api('GET', `/public/challenges?tenant=${tenant.slug}&stage=awarded`)).json().total).toBe(0);
    expect(list.json().items[0].attachments).toEqual([expect.objectContaining({ id: guideId, name: '申报指南.pdf', mimeType: 'application/pdf' })]);
    const zones = (await api('GET', `/public/zones?tenant=${tenant.slug}`)).json<{ nameZh: string }[]>();
    expect(zones.map((z) => z.nameZh)).toContain('中关村科学城');
    // Its attachments download without sign-in; any other file of the tenant does not.
    const file = await api('GET', `/public/challenges/${challengeId}/attachments/${guideId}?tenant=${tenant.slug}`);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('application/pdf');
    const png = multipart('内部.png', makePng());
    const internalFile = (await env.app.inject({ method: 'POST', url: '/api/v1/files', payload: png.payload, headers: { ...png.headers, cookie: officerA } })).json().id as string;
    expectProblem(await api('GET', `/public/challenges/${challengeId}/attachments/${internalFile}?tenant=${tenant.slug}`), 404, 'NOT_FOUND');
    expectProblem(await api('GET', '/public/challenges?tenant=nope'), 404, 'NOT_FOUND');
    expect((await api('GET', `/challenges/${challengeId}`, auditor)).json().actions).toEqual([]);
    expectProblem(await api('POST', `/challenges/${challengeId}/cancel`, auditor, { reason: 'x' }), 403, 'FORBIDDEN');
    // Another tenant's officer does not see it.
    const other = await env.tenant();
    const { cookie } = await env.as(other, ['officer', 'admin']);
    expectProblem(await api('GET', `/challenges/${challengeId}`, cookie), 404, 'NOT_FOUND');
    expect((await api('GET', '/challenges', cookie)).json().total).toBe(0);
  });

  it('lets the applicant check eligibility, save a draft with a PDF, and submit; refuses a non-PDF attachment', async () => {
    expect((await api('GET', `/challenges/${challengeId}/eligibility`, applicant)).json()).toEqual({ eligible: true, refusals: [] });
    // The rival is registered in no zone: not eligible, with the reason in both languages.
    const rivalCheck = (await api('GET', `/challenges/${challengeId}/eligibility`, rival)).json();
    expect(rivalCheck.eligible).toBe(false);
    expect(rivalCheck.refusals[0]).toMatchObject({ code: 'zone', zh: expect.stringContaining('中关村科学城') });

    const pdf = multipart('申报书.pdf', makePdf('proposal'));
    const up = await env.app.inject({ method: 'POST', url: '/api/v1/files', payload: pdf.payload, headers: { ...pdf.headers, cookie: applicant } });
    expect(up.statusCode).toBe(201);
    const created = await api('POST', `/challenges/${challengeId}/applications`, applicant, content([up.json().id]));
    expect(created.statusCode).toBe(201);
    applicationId = created.json().id;
    expect(created.json()).toMatchObject({ status: 'draft', nextStep: 'complete_and_submit', actions: expect.arrayContaining(['edit', 'submit', 'withdraw']) });
    expectProblem(await api('POST', `/challenges/${challengeId}/applications`, applicant, content()), 409, 'APPLICATION_EXISTS');
    // The rival cannot see or submit it.
    expectProblem(await api('GET', `/applications/${applicationId}`, rival), 404, 'NOT_FOUND');
    expectProblem(await api('POST', `/applications/${applicationId}/submit`, rival), 404, 'NOT_FOUND');

    // A spreadsheet is not an allowed attachment for an application.
    const csv = multipart('预算.csv', Buffer.from('a,b\n1,2\n'));
    const upCsv = await env.app.inject({ method: 'POST', url: '/api/v1/files', payload: csv.payload, headers: { ...csv.headers, cookie: applicant } });
    expect(upCsv.statusCode).toBe(201);
    expectProblem(await api('PUT', `/applications/${applicationId}`, applicant, content([upCsv.json().id])), 415, 'FILE_TYPE_NOT_ALLOWED');
    // A colleague in the same organisation reads the application's files; the rival does not.
    const colleague = await env.user(tenant, ['applicant'], { organizationId: applicantOrgId });
    const colleagueCookie = await env.login(tenant, colleague.email);
    expect((await api('GET', `/files/${up.json().id}`, colleagueCookie)).statusCode).toBe(200);
    expectProblem(await api('GET', `/files/${up.json().id}`, rival), 404, 'NOT_FOUND');

    const png = multipart('示意图.png', makePng());
    const upPng = await env.app.inject({ method: 'POST', url: '/api/v1/files', payload: png.payload, headers: { ...png.headers, cookie: applicant } });
    await api('PUT', `/applications/${applicationId}`, applicant, content([up.json().id, upPng.json().id]));
    const submitted = await api('POST', `/applications/${applicationId}/submit`, applicant);
    expect(submitted.statusCode).toBe(200);
    expect(submitted.json()).toMatchObject({ status: 'submitted', version: 1, nextStep: 'wait_for_check' });
    // The applicant sees it in their list; officers see it on the challenge.
    expect((await api('GET', '/applications', applicant)).json().items.map((i: { id: string }) => i.id)).toEqual([applicationId]);
    expect((await api('GET', `/challenges/${challengeId}/applications`, officerA)).json()).toHaveLength(1);
    // Officers were told in the notification centre.
    const inbox = (await api('GET', '/notifications', officerB)).json();
    expect(inbox.items.map((i: { kind: string }) => i.kind)).toContain('application.submitted');
  });

  it('refuses a budget over the cap with a stable code and changes nothing', async () => {
    const second = await api('POST', `/challenges/${challengeId}/applications`, rival, { ...content(), budget: [{ category: 'equipment', amountFen: 20_000_000_01, note: null }] });
    expect(second.statusCode).toBe(201);
    const before = await auditActions(env, tenant.id);
    expectProblem(await api('POST', `/applications/${second.json().id}/submit`, rival), 422, 'BUDGET_OVER_CAP');
    expect(await auditActions(env, tenant.id)).toEqual(before);
    expect((await api('POST', `/applications/${second.json().id}/withdraw`, rival)).json().status).toBe('withdrawn');
  });

  it('runs the formal check, the review with a defence and scores, and publishes the result for public notice', async () => {
    expectProblem(await api('POST', `/applications/${applicationId}/check`, applicant, { decision: 'accept' }), 403, 'FORBIDDEN');
    expect((await api('POST', `/applications/${applicationId}/check`, officerA, { decision: 'accept' })).json().status).toBe('accepted');
    expectProblem(await api('POST', `/challenges/${challengeId}/open-review`, officerA), 409, 'INVALID_STATE');
    clock.set(new Date('2026-09-30T09:00:00Z'));
    // At the deadline the server refuses new applications, whatever the browser shows.
    expectProblem(await api('POST', `/challenges/${challengeId}/applications`, rival, content()), 409, 'DEADLINE_PASSED');
    expect((await api('POST', `/challenges/${challengeId}/open-review`, officerA)).json()).toMatchObject({ status: 'review', stage: 'review' });
    const defence = await api('POST', `/challenges/${challengeId}/defences`, officerA, { heldAt: '2026-10-12T02:00:00Z', location: '中关村科学城会议中心', panel: ['周教授', '孙研究员'], applicationIds: [applicationId] });
    expect(defence.statusCode).toBe(201);
    // Committee scores are no longer entered by hand: an expert review round's adoption writes them
    // (test/http/review-sheets.test.ts); here the adoption is called at the service level.
    expect((await api('POST', `/applications/${applicationId}/score`, officerA, { score: 88.5 })).statusCode).toBe(404);
    const sys: CommandContext = { tenantId: tenant.id, actorUserId: null, actorLabel: 'system:test', requestId: null };
    await inTransaction(env.services.database.db, (tx) => env.services.challenges.adoptReviewScores(tx, sys, challengeId, [{ applicationId, scoreCenti: 8850 }], { roundId: '6f1c1b7e-3c1a-4c1e-9f7a-1b2c3d4e5f60', comment: '技术路线清晰' }));
    // The applicant does not see the committee score before the result.
    expect((await api('GET', `/applications/${applicationId}`, applicant)).json().score).toBeNull();
    expect((await api('GET', `/challenges/${challengeId}/ranking`, auditor)).json()).toEqual([expect.objectContaining({ rank: 1, tied: false, applicationId, score: 88.5 })]);

    // Decided on Friday 2026-10-09 (after the National Day holiday, and Saturday 10 October is a working day).
    clock.set(new Date('2026-10-09T02:00:00Z'));
    const decided = await api('POST', `/challenges/${challengeId}/decision`, officerA, { kind: 'award', applicationIds: [applicationId], reason: '评分第一', noticeWorkingDays: 5 });
    expect(decided.json()).toMatchObject({ status: 'notice', stage: 'notice' });
    const notices = (await api('GET', `/challenges/${challengeId}/notices`, officerA)).json();
    noticeId = notices[0].notice.id;
    const pub = (await api('GET', `/public/notices/${noticeId}?tenant=${tenant.slug}`)).json();
    expect(pub).toMatchObject({ status: 'open', period: 'running', workingDays: 5, awardees: [expect.objectContaining({ organizationName: '北京分子智造科技有限公司', score: 88.5 })] });
    expect(pub.startsOn).toBe('2026-10-09');
    // 9 Oct (Fri), 10 Oct (a working Saturday), 12, 13, 14 Oct.
    expect(pub.endsOn).toBe('2026-10-14');
    expect((await api('GET', `/public/notices?tenant=${tenant.slug}`)).json().items[0].id).toBe(noticeId);
  });

  it('takes objections from anyone during the notice, limits their rate, and closes only after every answer', async () => {
    expectProblem(await api('POST', `/public/notices/${noticeId}/objections?tenant=${tenant.slug}`, undefined, { name: '张三', content: '没有留联系方式' }), 400, 'VALIDATION_FAILED');
    const lodged = await api('POST', `/public/notices/${noticeId}/objections?tenant=${tenant.slug}`, undefined, { name: '张三', phone: '13900000000', content: '请核实该单位的注册地址' });
    expect(lodged.statusCode, lodged.body).toBe(201);
    expectProblem(await api('POST', `/notices/${noticeId}/close`, officerA), 409, 'NOTICE_PERIOD_RUNNING');
    clock.set(new Date('2026-10-15T16:00:00Z'));
    expectProblem(await api('POST', `/public/notices/${noticeId}/objections?tenant=${tenant.slug}`, undefined, { name: '李四', email: 'l@example.cn', content: '逾期提出的异议' }), 409, 'NOTICE_CLOSED');
    expectProblem(await api('POST', `/notices/${noticeId}/close`, officerA), 409, 'OBJECTIONS_OPEN');
    const objectionId = (await api('GET', `/challenges/${challengeId}/notices`, officerA)).json()[0].objections[0].id;
    expect((await api('POST', `/objections/${objectionId}/answer`, officerA, { outcome: 'dismissed', answer: '经核实，注册地址在中关村科学城。' })).json().status).toBe('answered');
    const closed = await api('POST', `/notices/${noticeId}/close`, officerA);
    expect(closed.statusCode).toBe(200);
    expect(closed.json().challenge.status).toBe('awarded');
    expect(closed.json().contracts[0]).toMatchObject({ totalFen: 8_000_000_00, organizationName: '北京分子智造科技有限公司' });
    const tranches = closed.json().contracts[0].tranches as { amountFen: number }[];
    expect(tranches.reduce((s, t) => s + t.amountFen, 0)).toBe(8_000_000_00);
    // The winner sees the contract and the outcome; the rival sees no contracts.
    expect((await api('GET', `/challenges/${challengeId}/contracts`, applicant)).json()).toHaveLength(1);
    expect((await api('GET', `/challenges/${challengeId}/contracts`, rival)).json()).toHaveLength(0);
    expect((await api('GET', `/applications/${applicationId}`, applicant)).json()).toMatchObject({ outcome: 'awarded', nextStep: 'sign_contract', score: 88.5 });
    expect((await api('GET', `/public/challenges/${challengeId}?tenant=${tenant.slug}`)).json()).toMatchObject({ stage: 'awarded', decision: { kind: 'award' } });
    // Officers export the applications and the scores; applicants may not.
    const csv = await api('GET', `/challenges/${challengeId}/applications/export?format=csv`, officerA);
    expect(csv.statusCode).toBe(200);
    expect(csv.body.charCodeAt(0)).toBe(0xfeff);
    expect(csv.body).toContain('北京分子智造科技有限公司');
    expect(csv.body).toContain('8000000.00');
    const xlsx = await api('GET', `/challenges/${challengeId}/ranking/export?format=xlsx`, auditor);
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
    expectProblem(await api('GET', `/challenges/${challengeId}/ranking/export?format=csv`, applicant), 403, 'FORBIDDEN');
    const actions = await auditActions(env, tenant.id);
    expect(actions).toEqual(expect.arrayContaining(['objection.lodged', 'objection.answered', 'notice.closed', 'contract.created', 'challenge.awarded']));
  });

  it('rate-limits objections per address', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 7; i++) codes.push((await api('POST', `/public/notices/${noticeId}/objections?tenant=${tenant.slug}`, undefined, { name: '王五', phone: '1', content: '重复提交的异议' })).statusCode);
    expect(codes).toContain(429);
  });
});

describe('demand collection over HTTP', () => {
  it('takes a need from an applicant for their own organisation and lets an officer turn it into a draft', async () => {
    const d = await api('POST', '/demands', applicant, { title: '蛋白质结构预测算力', field: 'pharma_health', description: '需要面向蛋白质结构预测的专用算力与软件平台' });
    expect(d.statusCode).toBe(201);
    expect(d.json()).toMatchObject({ organizationId: applicantOrgId, status: 'submitted' });
    expect((await api('GET', '/demands', rival)).json().total).toBe(0);
    expect((await api('GET', '/demands', applicant)).json().total).toBe(1);
    // Search is literal: a % typed into the box is not a wildcard.
    expect((await api('GET', '/demands?q=' + encodeURIComponent('结构预测'), applicant)).json().total).toBe(1);
    expect((await api('GET', '/demands?q=' + encodeURIComponent('%'), applicant)).json().total).toBe(0);
    expectProblem(await api('POST', `/demands/${d.json().id}/review`, applicant, { decision: 'accepted' }), 403, 'FORBIDDEN');
    await api('POST', `/demands/${d.json().id}/review`, officerA, { decision: 'accepted' });
    const c = await api('POST', `/demands/${d.json().id}/convert`, officerA);
    expect(c.statusCode).toBe(201);
    expect(c.json()).toMatchObject({ status: 'draft', terms: { title: '蛋白质结构预测算力' } });
    const board = (await api('GET', '/challenges/board', officerA)).json();
    expect(board.columns.find((col: { stage: string }) => col.stage === 'draft').items.map((i: { id: string }) => i.id)).toContain(c.json().id);
  });
});
