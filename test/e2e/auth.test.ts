import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO, type Browser, type DemoRole, expectNoProblems, launch, navLabels, resetSession, signIn, skipBrowser, url, SIGN_IN_TIMEOUT } from './support.ts';

// What each demo role sees in the main navigation (Chinese labels), from its permissions.
const NAV: Record<DemoRole, string[]> = {
  admin: ['首页', '指标看板', '重点项目', '履约看板', '榜单', '需求征集', '揭榜申请', '任务书', '赛马', '专家库', '评审轮次', '机构名录', '科研人员', '数据导入', '指标管理', '审计日志', '用户管理', '后台任务', '我的账户'],
  officer: ['首页', '指标看板', '重点项目', '履约看板', '榜单', '需求征集', '揭榜申请', '任务书', '赛马', '专家库', '评审轮次', '机构名录', '科研人员', '数据导入', '指标管理', '我的账户'],
  applicant: ['首页', '指标看板', '榜单', '需求征集', '揭榜申请', '任务书', '赛马', '我的机构', '我的账户'],
  expert: ['首页', '指标看板', '我的专家档案', '我的评审', '我的账户'],
  facility_manager: ['首页', '指标看板', '我的账户'],
  auditor: ['首页', '指标看板', '重点项目', '履约看板', '榜单', '需求征集', '揭榜申请', '任务书', '赛马', '专家库', '评审轮次', '机构名录', '科研人员', '指标管理', '审计日志', '我的账户'],
};

// Where each role lands after signing in (the server's `home`).
const LANDING: Record<DemoRole, string> = {
  admin: '/admin/users',
  officer: '/',
  applicant: '/',
  expert: '/',
  facility_manager: '/',
  auditor: '/audit',
};

describe.skipIf(skipBrowser)('signing in', () => {
  let b: Browser;
  beforeAll(async () => {
    b = await launch();
  });
  afterAll(async () => {
    await b?.close();
  });
  beforeEach(async () => {
    await resetSession(b);
  });

  it('says the login page is a demo and lists one demo account per role', async () => {
    const page = await b.newPage();
    await page.goto(url('/login'));
    await expect.poll(() => page.getByTestId('demo-banner').innerText()).toContain('演示环境');
    for (const role of Object.keys(DEMO) as DemoRole[]) {
      await page.getByTestId(`demo-account-${role}`).waitFor();
    }
    await page.getByTestId('demo-account-expert').click();
    expect(await page.getByTestId('identifier').inputValue()).toBe(DEMO.expert);
    expect(await page.getByTestId('password').inputValue()).not.toBe('');
    expectNoProblems(b);
  });

  for (const role of Object.keys(DEMO) as DemoRole[]) {
    it(`signs in as ${role} and shows that role's navigation`, async () => {
      const page = await b.newPage();
      await page.goto(url('/login'));
      await page.getByTestId(`demo-account-${role}`).click();
      await page.getByTestId('login-submit').click();
      await page.getByTestId('main-nav').waitFor({ timeout: SIGN_IN_TIMEOUT });
      await expect.poll(() => new URL(page.url()).pathname).toBe(LANDING[role]);
      expect(await navLabels(page)).toEqual(NAV[role]);
      expect(await page.getByTestId('tenant-name').innerText()).toContain('北京国际科技创新中心');
      expect(await page.getByTestId('demo-tag').innerText()).toBe('演示数据');
      // Sign out through the user menu, once the landing page has finished loading (a late re-render
      // can move the menu away from under the click on a busy machine).
      // On a loaded machine the dropdown may still be animating or be re-rendered under the click:
      // open it and click again until the sign-in page shows, as a person would.
      await page.waitForLoadState('networkidle');
      await expect
        .poll(
          async () => {
            if (await page.getByTestId('login-submit').isVisible()) return true;
            const item = page.getByRole('menuitem', { name: '退出登录' });
            if (await item.isVisible()) await item.click({ timeout: 3000 }).catch(() => undefined);
            else await page.getByTestId('user-menu').click({ timeout: 3000 }).catch(() => undefined);
            return page.getByTestId('login-submit').isVisible();
          },
          { timeout: 30_000 },
        )
        .toBe(true);
      expect(new URL(page.url()).pathname).toBe('/login');
      expectNoProblems(b);
    });
  }

  it('shows the server’s message for a wrong password and stays on the login page', async () => {
    const page = await b.newPage();
    await signIn(page, DEMO.officer, 'Wrong-password-123');
    await expect.poll(() => page.getByTestId('login-error').innerText()).toContain('账号或密码错误');
    expect(new URL(page.url()).pathname).toBe('/login');
    expect(await page.getByTestId('password').inputValue()).toBe('');
    expectNoProblems(b);
  });

  it('sends an anonymous visitor to the login page and back to the page asked for', async () => {
    const page = await b.newPage();
    await page.goto(url('/organizations?type=enterprise'));
    await page.getByTestId('login-submit').waitFor();
    const login = new URL(page.url());
    expect(login.pathname).toBe('/login');
    expect(login.searchParams.get('next')).toBe('/organizations?type=enterprise');
    await page.getByTestId('identifier').fill(DEMO.officer);
    await page.getByTestId('password').fill('Demo2026kechuang');
    await page.getByTestId('login-submit').click();
    await page.getByTestId('orgs-table').waitFor();
    expect(new URL(page.url()).pathname + new URL(page.url()).search).toBe('/organizations?type=enterprise');
    expectNoProblems(b);
  });

  it('says "session expired" when the server reports SESSION_EXPIRED, and returns after sign-in', async () => {
    const page = await b.newPage();
    await signIn(page, DEMO.expert);
    await page.getByTestId('greeting').waitFor();
    await page.waitForLoadState('networkidle');
    // The idle timeout is 30 minutes; answer as the server would once it has passed.
    await page.route('**/api/v1/auth/sessions', (route) =>
      route.fulfill({
        status: 401,
        contentType: 'application/problem+json',
        body: JSON.stringify({
          type: 'urn:kechuang:problem:session-expired',
          title: 'Your session has expired; please sign in again',
          status: 401,
          code: 'SESSION_EXPIRED',
          message: { zh: '登录已过期，请重新登录', en: 'Your session has expired; please sign in again' },
          requestId: 'e2e-simulated',
        }),
      }),
    );
    await page.getByTestId('main-nav').getByText('我的账户').click();
    await expect.poll(() => page.getByTestId('session-expired').innerText()).toContain('登录已过期');
    const login = new URL(page.url());
    expect(login.pathname).toBe('/login');
    expect(login.searchParams.get('next')).toBe('/account');
    await page.unroute('**/api/v1/auth/sessions');
    await page.getByTestId('identifier').fill(DEMO.expert);
    await page.getByTestId('password').fill('Demo2026kechuang');
    await page.getByTestId('login-submit').click();
    await page.getByTestId('revoke-all').waitFor();
    expect(new URL(page.url()).pathname).toBe('/account');
    expectNoProblems(b);
  });
});
