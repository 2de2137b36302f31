// The applicant's side of the open competition (揭榜挂帅) and its public pages, against the demo
// tenant `beijing`: an officer drafts a challenge and an admin approves and publishes it (through
// the API), the public list shows it without signing in, the applicant applies, fills the form
// and submits, an officer returns the application for correction, and the applicant reads why.
import type { APIRequestContext, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO, DEMO_PASSWORD, type Browser, expectNoProblems, launch, resetSession, signIn, skipBrowser, url } from './support.ts';

const TENANT = 'beijing';

async function apiSignIn(request: APIRequestContext, identifier: string) {
  const res = await request.post(url('/api/v1/auth/login'), { data: { tenant: TENANT, identifier, password: DEMO_PASSWORD } });
  expect(res.status(), await res.text()).toBeLessThan(300);
}

async function apiCall<T>(request: APIRequestContext, method: 'post' | 'put', path: string, data: unknown): Promise<T> {
  const res = await request[method](url(path), { data });
  const text = await res.text();
  expect(res.status(), `${method.toUpperCase()} ${path}: ${text}`).toBeLessThan(300);
  return JSON.parse(text) as T;
}

/** Signs in through the form and waits until the app has left the login page. */
async function signInAs(page: Page, identifier: string) {
  await signIn(page, identifier);
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
}

describe.skipIf(skipBrowser)('challenge applications and public pages', () => {
  let b: Browser;
  const title = `类器官自动化培养与成像系统攻关（测试 ${Date.now().toString(36)}）`;
  let challengeId = '';

  beforeAll(async () => {
    b = await launch();
    // The published challenge the test needs: drafted and submitted by the officer, approved and published by the admin.
    const request = b.context.request;
    await apiSignIn(request, DEMO.officer);
    const deadline = new Date(Date.now() + 30 * 24 * 3600 * 1000).toISOString();
    const draft = await apiCall<{ id: string }>(request, 'post', '/api/v1/challenges', {
      title,
      titleEn: null,
      field: 'pharma_health',
      problem: '类器官培养依赖人工换液与观察，通量低、批间差异大，需研制自动化培养与高内涵成像一体化系统。',
      targets: [{ indicator: '并行培养通量', target: '≥ 384', unit: '孔/批', verification: '第三方检测报告' }],
      budgetCapFen: 500 * 1_000_000,
      fundingMode: 'before_delivery',
      durationMonths: 24,
      maxAwards: 1,
      eligibility: { zoneIds: [], organizationTypes: [], qualifications: [], consortiumAllowed: false },
      deadline,
      contact: { name: '王老师', phone: '010-69780000', email: 'bangdan@demo.kechuang.cn' },
      attachmentIds: [],
    });
    challengeId = draft.id;
    await apiCall(request, 'post', `/api/v1/challenges/${challengeId}/submit`, {});
    await b.context.clearCookies();
    await apiSignIn(request, DEMO.admin);
    await apiCall(request, 'post', `/api/v1/challenges/${challengeId}/approve`, {});
    await apiCall(request, 'post', '/api/v1/challenge-batches', { title: '2026 年第一批揭榜挂帅榜单（测试）', challengeIds: [challengeId] });
    await b.context.clearCookies();
  });
  afterAll(async () => {
    await b?.close();
  });
  beforeEach(async () => {
    await resetSession(b);
  });

  it('shows the published challenge without signing in, with its cap, deadline and terms', async () => {
    const page = await b.newPage();
    await page.goto(url('/login'));
    await page.getByTestId('public-challenges-link').click();
    await page.waitForURL((u) => u.pathname === '/public/challenges' && u.searchParams.get('tenant') === TENANT);
    const card = page.getByTestId('public-challenge-card').filter({ hasText: title });
    await card.waitFor();
    expect(await card.getByTestId('card-budget').innerText()).toBe('500 万元');
    expect(await card.getByTestId('stage').getAttribute('data-stage')).toBe('open');
    expect(await card.innerText()).toMatch(/剩余 (29|30) 天/);

    await card.getByTestId('public-challenge-link').click();
    await page.waitForURL((u) => u.pathname === `/public/challenges/${challengeId}`);
    expect(await page.getByTestId('public-challenge-title').innerText()).toBe(title);
    expect(await page.getByTestId('public-targets').innerText()).toContain('并行培养通量');
    expect(await page.getByTestId('public-eligibility').innerText()).toContain('不接受联合体揭榜');
    expect(await page.getByTestId('public-versions').innerText()).toContain('首次发布');
    expect(await page.getByTestId('main-nav').count()).toBe(0);
    expectNoProblems(b);
  });

  it('shows a result notice (公示) without signing in and takes an objection while it runs', async () => {
    const page = await b.newPage();
    await page.goto(url(`/public/notices?tenant=${TENANT}`));
    // The demo horse race has two winners under notice.
    const link = page.getByTestId('public-notice-row-link').first();
    await link.click();
    await page.waitForURL((u) => /^\/public\/notices\/[0-9a-f-]{36}$/.test(u.pathname));
    expect(await page.getByTestId('notice-title').innerText()).toMatch(/^关于“.+”揭榜挂帅评审结果的公示$/);
    await expect.poll(() => page.getByTestId('notice-awardees').locator('tbody tr').count()).toBeGreaterThan(0);
    const state = await page.getByTestId('notice-state').getAttribute('data-state');
    if (state === 'running') {
      await page.getByTestId('objection-name').fill('张伟');
      await page.getByTestId('objection-content').fill('拟立项单位之一的团队成员与评审专家存在合作关系，请核实。');
      await page.getByTestId('objection-submit').click();
      await expect.poll(() => page.getByTestId('objection-form').innerText()).toContain('电话和电子邮箱至少填写一项');
      await page.getByTestId('objection-email').fill('zhangwei@example.com');
      await page.getByTestId('objection-submit').click();
      expect(await page.getByTestId('objection-receipt').innerText()).toMatch(/^回执编号：[0-9a-f-]{36}/);
    } else {
      expect(await page.getByTestId('objection-form').count()).toBe(0);
    }
    expectNoProblems(b);
  });

  it('lets the applicant apply, fill and submit, an officer return it for correction, and the applicant read why', async () => {
    const page = await b.newPage();
    await signInAs(page, DEMO.applicant);

    // Eligible: a draft is created and opened for editing.
    await page.goto(url(`/challenges/${challengeId}/apply`));
    await page.getByTestId('apply-start').click();
    await page.waitForURL((u) => /^\/applications\/[0-9a-f-]{36}\/edit$/.test(u.pathname));
    const applicationId = new URL(page.url()).pathname.split('/')[2]!;
    await page.getByTestId('no-consortium').waitFor();
    expect(await page.getByTestId('countdown').innerText()).toMatch(/剩余 (29|30) 天/);

    await page.getByTestId('f-title').fill('基于微流控的类器官自动化培养与高内涵成像一体化系统');
    await page.getByTestId('f-summary').fill('研制 384 孔并行的类器官自动培养与成像系统，批间差异降至 10% 以内。');
    await page.getByTestId('f-pi-name').fill('李明');
    await page.getByTestId('f-route').fill('一、微流控芯片设计；二、自动换液与环境控制；三、高内涵成像与图像分析；四、第三方验证。');

    // One budget line; the total follows as it is typed, and turns red above the cap.
    await page.getByTestId('budget-equipment').fill('600');
    await expect.poll(() => page.getByTestId('budget-total').getAttribute('data-over')).toBe('true');
    await page.getByTestId('budget-equipment').fill('320.5');
    await expect.poll(() => page.getByTestId('budget-total').innerText()).toBe('合计 320.5 万元 / 上限 500 万元');
    expect(await page.getByTestId('budget-total').getAttribute('data-over')).toBe('false');

    // One milestone; a month beyond the duration is refused as it is typed.
    await page.getByTestId('add-milestone').click();
    const month = page.getByTestId('milestone-row').first().locator('input').first();
    await month.fill('30');
    await page.getByTestId('milestone-title').fill('样机集成');
    await expect.poll(() => page.getByTestId('section-milestones').innerText()).toContain('须为 1–24 之间的整数');
    await month.fill('12');
    await page.getByTestId('milestone-deliverable').fill('样机一台及第三方检测报告');
    await expect.poll(() => page.getByTestId('section-milestones').innerText()).not.toContain('须为 1–24 之间的整数');

    // The pledge: the text, a name and the checkbox.
    expect(await page.getByTestId('pledge-text').innerText()).toContain('诚信承诺书');
    await page.getByTestId('f-signatory').fill('李明');
    await page.getByTestId('f-pledged').check();

    await page.getByTestId('save-draft').click();
    await expect.poll(() => page.getByTestId('saved-at').innerText()).toMatch(/已于 .* 自动保存/);

    await page.getByTestId('submit-application').click();
    await page.getByTestId('submit-confirm').click();
    await page.waitForURL((u) => u.pathname === `/applications/${applicationId}`);
    expect(await page.getByTestId('view-budget-total').innerText()).toBe('320.5 万元');
    await expect.poll(() => page.getByTestId('versions').innerText()).toContain('第 1 版');

    // My applications: waiting for the formal check.
    await page.goto(url('/applications'));
    const row = page.getByTestId('applications-table').locator('tr', { hasText: title });
    await row.waitFor();
    expect(await row.getByTestId('next-step').getAttribute('data-next-step')).toBe('wait_for_check');
    expect(await row.getByTestId('next-step').innerText()).toBe('等待形式审查');

    // An officer returns it for correction with a reason and a window.
    await resetSession(b);
    const officer = await b.newPage();
    await signInAs(officer, DEMO.officer);
    await officer.goto(url(`/applications/${applicationId}`));
    await officer.getByTestId('action-check').click();
    await officer.getByRole('dialog').getByText('退回补正').click();
    const reason = '预算测算依据不足：设备费须附三家以上报价单。';
    await officer.getByTestId('check-reason').fill(reason);
    await officer.getByTestId('check-ok').click();
    await expect.poll(() => officer.getByTestId('returned-alert').count()).toBe(1);

    // The applicant sees the reason, the correction deadline, and may correct it.
    await resetSession(b);
    const again = await b.newPage();
    await signInAs(again, DEMO.applicant);
    await again.goto(url('/applications'));
    const returned = again.getByTestId('applications-table').locator('tr', { hasText: title });
    await returned.waitFor();
    expect(await returned.getByTestId('next-step').getAttribute('data-next-step')).toBe('correct_and_resubmit');
    expect(await returned.getByTestId('next-step').innerText()).toMatch(/^请在 .* 前补正并重新提交$/);
    await returned.getByTestId('application-link').click();
    await again.waitForURL((u) => u.pathname === `/applications/${applicationId}`);
    expect(await again.getByTestId('check-reason').innerText()).toBe(reason);
    expect(await again.getByTestId('returned-alert').innerText()).toContain('前补正并重新提交');
    expect(await again.getByTestId('action-edit').innerText()).toContain('补正');
    expectNoProblems(b);
  });
});
