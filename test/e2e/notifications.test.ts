import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO, type Browser, expectNoProblems, launch, resetSession, signIn, skipBrowser, url, SIGN_IN_TIMEOUT } from './support.ts';

// The notification bell, the notification centre and the demo mailbox, as the demo admin sees them.
describe.skipIf(skipBrowser)('notifications and the demo mailbox', () => {
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

  it('the admin sees the bell, opens the notification centre, and reads the mailbox with tokens hidden', async () => {
    const page = await b.newPage();
    // A mail to look at: a password-reset request for the demo auditor (the link's token must not show).
    const reset = await fetch(url('/api/v1/auth/password-reset/request'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ tenant: 'beijing', email: DEMO.auditor }),
    });
    expect(reset.status).toBe(202);

    await signIn(page, DEMO.admin);
    await page.getByTestId('main-nav').waitFor({ timeout: SIGN_IN_TIMEOUT });
    const bell = page.getByTestId('notification-bell');
    await bell.waitFor();
    await expect.poll(() => bell.getAttribute('data-count')).toMatch(/^\d+$/);

    // The dropdown lists the latest notifications and leads to the full page.
    await bell.click();
    await page.getByTestId('notification-panel').waitFor();
    await page.getByTestId('notification-view-all').click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/notifications');
    await expect.poll(() => page.locator('h3').first().innerText()).toBe('通知中心');
    await page.getByTestId('notifications-list').waitFor();
    await page.getByTestId('notifications-mark-all').click();
    await expect.poll(() => bell.getAttribute('data-count')).toBe('0');

    // The mailbox is in the user menu for admins of a demo installation.
    await page.waitForLoadState('networkidle');
    await page.getByTestId('user-menu').click();
    await page.getByRole('menuitem', { name: '演示邮箱' }).filter({ visible: true }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/mailbox');
    const table = page.getByTestId('mailbox-table');
    const row = table.locator('tr.ant-table-row', { hasText: DEMO.auditor }).first();
    await row.waitFor();
    expect(await row.innerText()).toContain('重置密码');
    await row.locator('.ant-table-row-expand-icon').click();
    const body = page.getByTestId('mailbox-body').filter({ visible: true }).first();
    await expect.poll(() => body.innerText()).toContain('token=[redacted]');
    expect(await body.innerText()).not.toMatch(/token=[A-Za-z0-9_-]{20,}/);
    expectNoProblems(b);
  });

  it('an applicant has the bell but no mailbox', async () => {
    const page = await b.newPage();
    await signIn(page, DEMO.applicant);
    await page.getByTestId('main-nav').waitFor({ timeout: SIGN_IN_TIMEOUT });
    await page.getByTestId('notification-bell').waitFor();
    await page.goto(url('/mailbox'));
    await page.getByTestId('forbidden-page').waitFor();
    await page.goto(url('/notifications'));
    await expect.poll(() => page.locator('h3').first().innerText()).toBe('通知中心');
    expectNoProblems(b);
  });
});
