// Key-project lists against the demo tenant: the officer's overview and list, a status override with
// its reason shown beside the status, the Gantt view, and the published progress page.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO, type Browser, chartsReady, expectNoProblems, launch, resetSession, signIn, skipBrowser, url } from './support.ts';

describe.skipIf(skipBrowser)('key-project lists', () => {
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

  it('lets an officer override an item’s status only with a reason, shown beside the status, and the public page shows the list', async () => {
    const page = await b.newPage();
    await signIn(page, DEMO.officer);
    await page.getByTestId('main-nav').getByText('重点项目').click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/projects');
    // Items of every status, and overdue milestones with who owns them.
    for (const s of ['red', 'amber', 'green', 'done']) await expect.poll(async () => Number((await page.getByTestId('status-cards').locator('.ant-statistic-content-value').nth(['red', 'amber', 'green', 'done'].indexOf(s)).innerText()).replace(/,/g, ''))).toBeGreaterThan(0);
    expect(await page.getByTestId('overdue-table').innerText()).toMatch(/\d+ 天/);

    await page.getByTestId('lists-table').getByRole('link').first().click();
    await page.getByTestId('items-table').waitFor();
    await page.getByTestId('items-search').locator('input').fill('昌平实验室科研用房');
    await page.getByTestId('items-search').locator('input').press('Enter');
    await expect.poll(() => page.getByTestId('items-table').locator('tbody tr.ant-table-row').count()).toBe(1);
    await page.getByTestId('items-table').locator('[data-testid^="item-CP-"]').first().click();
    const drawer = page.getByTestId('item-drawer');
    await drawer.getByTestId('item-status').waitFor();
    const before = await drawer.getByTestId('status-tag').first().getAttribute('data-status');

    // Without a reason the dialog refuses, and nothing changes.
    await drawer.getByTestId('override-status').click();
    await page.getByTestId('override-choice').getByText('红灯').click();
    await page.getByTestId('override-ok').click();
    await expect.poll(() => page.locator('.ant-modal').filter({ visible: true }).innerText()).toContain('请填写调整理由');
    const reason = `端到端测试：拆迁协调未完成 ${Date.now()}`;
    await page.getByTestId('override-reason-input').fill(reason);
    await page.getByTestId('override-ok').click();
    await expect.poll(() => drawer.getByTestId('override-reason').innerText()).toContain(reason);
    expect(await drawer.getByTestId('status-tag').first().getAttribute('data-status')).toBe('red');
    expect(await drawer.getByTestId('item-status').innerText()).toContain(`规则计算：${before === 'green' ? '绿灯' : before === 'amber' ? '黄灯' : before === 'red' ? '红灯' : '已完成'}`);
    expect(await drawer.getByTestId('status-history').innerText()).toContain(reason);
    // Close the drawer once the dialog has gone (an Escape during the dialog's exit animation closes only the
    // dialog); press again until the drawer is hidden, as a loaded machine may lose a key press to a re-render.
    await expect.poll(() => page.locator('.ant-modal-wrap').filter({ visible: true }).count()).toBe(0);
    await expect
      .poll(async () => {
        if (await drawer.isVisible()) await page.keyboard.press('Escape');
        return drawer.isVisible();
      })
      .toBe(false);

    // The timeline draws.
    await page.getByRole('tab', { name: '进度甘特图' }).click();
    await page.getByTestId('gantt-chart').locator('canvas').waitFor();
    await chartsReady(page);
    // The whole list, forty items, at a fixed height: the rows scroll inside the chart rather than lengthening the page.
    const listPath = new URL(page.url()).pathname;
    await page.goto(url(`${listPath}?tab=gantt`));
    await page.getByTestId('gantt-chart').locator('canvas').waitFor();
    await chartsReady(page);
    expect((await page.getByTestId('gantt-chart').boundingBox())!.height).toBeLessThan(21 * 26 + 100);
    await page.goto(url(listPath));

    // The published progress page, without signing in: the item with its status and the office's reason.
    const href = await page.getByTestId('public-link').getAttribute('href');
    expect(href).toMatch(/^\/public\/projects\/[a-z0-9-]+$/);
    await b.context.clearCookies();
    const pub = await b.newPage();
    await pub.goto(url(`${href!}?tenant=beijing`));
    await pub.getByTestId('public-items').waitFor();
    await expect.poll(() => pub.getByTestId('public-projects').innerText()).toContain('中关村生命科学园三期建设');
    // The header names this page 重点项目 and highlights it, not 榜单.
    const nav = (id: string) => pub.getByTestId(id).locator('button');
    await expect.poll(() => nav('public-nav-projects').getAttribute('class')).toContain('ant-btn-link');
    expect(await nav('public-nav-projects').innerText()).toContain('重点项目');
    expect(await nav('public-nav-challenges').getAttribute('class')).not.toContain('ant-btn-link');
    await pub.locator('.ant-segmented-item').filter({ hasText: /^红灯 \d+$/ }).click();
    await expect.poll(() => pub.getByTestId('public-items').innerText()).toContain(reason);
    expect(await pub.getByTestId('public-items').innerText()).not.toMatch(/010-8974/);
    expectNoProblems(b);
  });
});
