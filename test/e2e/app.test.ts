import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO, type Browser, expectNoProblems, launch, navLabels, resetSession, signIn, skipBrowser, url, waitForMail, SIGN_IN_TIMEOUT } from './support.ts';

describe.skipIf(skipBrowser)('the web app', () => {
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

  it('switches the language to English and back, and remembers it', async () => {
    const page = await b.newPage();
    await page.goto(url('/login'));
    await expect.poll(() => page.getByTestId('login-submit').innerText()).toMatch(/登\s*录/);
    await page.getByTestId('language-switch').click();
    await page.getByRole('menuitem', { name: 'English' }).click();
    await expect.poll(() => page.getByTestId('login-submit').innerText()).toBe('Sign in');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');

    await page.getByTestId('demo-account-admin').click();
    await page.getByTestId('login-submit').click();
    await page.getByTestId('main-nav').waitFor({ timeout: SIGN_IN_TIMEOUT });
    expect(await navLabels(page)).toEqual([
      'Home',
      'Indicators',
      'Key projects',
      'Delivery',
      'Challenges',
      'Demands',
      'Applications',
      'Task contracts',
      'Horse races',
      'Expert pool',
      'Review rounds',
      'Organisations',
      'People',
      'Data import',
      'Indicator registry',
      'Audit log',
      'Users',
      'Background jobs',
      'My account',
    ]);
    expect(await page.getByTestId('demo-tag').innerText()).toBe('Demo data');
    expect(await page.getByTestId('tenant-name').innerText()).toContain('Beijing International S&T Innovation Center');

    // Remembered across a reload.
    await page.reload();
    await page.getByTestId('main-nav').waitFor({ timeout: SIGN_IN_TIMEOUT });
    expect((await navLabels(page))[0]).toBe('Home');

    // And back to Chinese from the user menu (once the admin's menu has all its items: the demo mailbox
    // entry appears when the server says the mailbox is open, which re-renders an open menu).
    await page.waitForLoadState('networkidle');
    await page.getByTestId('user-menu').click();
    // The submenu opens on hover after a short delay; hover again until it shows.
    await expect
      .poll(async () => {
        await page.getByRole('menuitem', { name: 'Language' }).hover();
        return page.getByRole('menuitem', { name: '中文' }).isVisible();
      })
      .toBe(true);
    await page.getByRole('menuitem', { name: '中文' }).click();
    await expect.poll(async () => (await navLabels(page))[0]).toBe('首页');
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
    expect(await page.getByTestId('demo-tag').innerText()).toBe('演示数据');
    expectNoProblems(b);
  });

  it('lets an admin invite a user, who appears in the list and can accept the invitation', async () => {
    const page = await b.newPage();
    await signIn(page, DEMO.admin);
    await page.getByTestId('users-table').waitFor();
    await page.getByTestId('invite-user').click();

    // Validation as you type.
    await page.getByTestId('invite-email').fill('not-an-email');
    await expect.poll(() => page.getByTestId('invite-form').innerText()).toContain('请输入有效的电子邮箱地址');

    const email = `e2e.${Date.now()}@example.cn`;
    await page.getByTestId('invite-email').fill(email);
    await page.getByTestId('invite-name').fill('测试专家');
    await page.getByTestId('invite-form').getByTestId('role-expert').click();
    await page.getByTestId('invite-submit').click();
    await expect.poll(() => page.locator('.ant-message').innerText()).toContain(email);

    await page.getByTestId('users-search').locator('input').fill(email);
    await page.getByTestId('users-search').locator('input').press('Enter');
    const row = page.getByTestId('users-table').locator('tr', { hasText: email });
    await row.waitFor();
    expect(await row.innerText()).toContain('已邀请');
    expect(await row.innerText()).toContain('评审专家');

    // The invitation mail links to the web app; accepting it activates the account.
    const mail = await waitForMail(email);
    const link = /https?:\/\/\S+\?token=[\w-]+/.exec(mail)?.[0];
    expect(link).toBeTruthy();
    const invitee = await b.newPage();
    await b.context.clearCookies();
    await invitee.goto(link!);
    await invitee.getByTestId('new-password').fill('Invited2026pass');
    await invitee.getByTestId('confirm-password').fill('Invited2026pass');
    await invitee.getByRole('button', { name: '启用账号' }).click();
    await invitee.getByText('账号已启用').waitFor();
    await signIn(invitee, email, 'Invited2026pass');
    await invitee.getByTestId('main-nav').waitFor({ timeout: SIGN_IN_TIMEOUT });
    expect(await navLabels(invitee)).toEqual(['首页', '指标看板', '我的专家档案', '我的评审', '我的账户']);
    // A background tab gets no animation frames, which stalls antd's transitions.
    await invitee.close();
    await page.bringToFront();

    // Back as admin: disable the new account with a reason, then enable it again.
    await b.context.clearCookies();
    await signIn(page, DEMO.admin, undefined, `/login?next=${encodeURIComponent(`/admin/users?q=${email}`)}`);
    const activeRow = page.getByTestId('users-table').locator('tr', { hasText: email });
    await expect.poll(() => activeRow.innerText()).toContain('正常');
    await page.getByTestId(`more-${email}`).click();
    await page.getByRole('menuitem', { name: '停用' }).click();
    await page.getByRole('dialog').locator('textarea').fill('端到端测试：临时停用');
    await page.getByRole('dialog').getByRole('button', { name: /确认停用/ }).click();
    await expect.poll(() => activeRow.innerText()).toContain('已停用');
    await page.getByTestId(`more-${email}`).click();
    await page.getByRole('menuitem', { name: '启用' }).click();
    await page.getByRole('dialog').getByRole('button', { name: /启\s*用/ }).click();
    await expect.poll(() => activeRow.innerText()).toContain('正常');
    expectNoProblems(b);
  });

  it('shows the 403 page to a non-admin opening the users page', async () => {
    const page = await b.newPage();
    await signIn(page, DEMO.officer);
    await page.getByTestId('main-nav').waitFor({ timeout: SIGN_IN_TIMEOUT });
    await page.goto(url('/admin/users'));
    await page.getByTestId('forbidden-page').waitFor();
    expect(await page.getByTestId('forbidden-page').innerText()).toContain('无权访问');
    expect(await navLabels(page)).toEqual(['首页', '指标看板', '重点项目', '履约看板', '榜单', '需求征集', '揭榜申请', '任务书', '赛马', '专家库', '评审轮次', '机构名录', '科研人员', '数据导入', '指标管理', '我的账户']);
    expectNoProblems(b);
  });

  it('shows the 404 page for an unknown address, signed in or not', async () => {
    const page = await b.newPage();
    await page.goto(url('/no/such/page'));
    await page.getByTestId('not-found-page').waitFor();
    expect(await page.getByTestId('not-found-page').innerText()).toContain('页面不存在');

    await signIn(page, DEMO.expert);
    await page.getByTestId('main-nav').waitFor({ timeout: SIGN_IN_TIMEOUT });
    await page.goto(url('/definitely/not/here'));
    await page.getByTestId('not-found-page').waitFor();
    await page.getByTestId('main-nav').waitFor({ timeout: SIGN_IN_TIMEOUT });
    expectNoProblems(b);
  });
});
