// The officers' delivery dashboard against the demo tenant: KPI cards, the status-mix and money
// charts, the overdue table with its owners and links, the "mine / all" scope and the CSV export;
// an applicant has no menu entry and the API refuses them.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO, SCREENSHOT_DIR, type Browser, chartsReady, download, expectNoProblems, launch, navLabels, resetSession, signIn, skipBrowser, switchLanguage, url } from './support.ts';

describe.skipIf(skipBrowser)('delivery dashboard', () => {
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

  it('shows the demo officer the figures, the charts and what is overdue with who owns it', async () => {
    const page = await b.newPage();
    await signIn(page, DEMO.officer);
    await page.getByTestId('main-nav').getByText('履约看板').click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/delivery');

    // The cards: the demo has task contracts, key-list items and something overdue.
    const value = async (key: string) => Number((await page.getByTestId(`kpi-${key}`).locator('.ant-statistic-content-value').innerText()).replace(/[¥,\s]/g, ''));
    await expect.poll(() => value('contracts')).toBeGreaterThan(0);
    await expect.poll(() => value('items')).toBeGreaterThan(0);
    await expect.poll(() => value('overdue')).toBeGreaterThan(0);
    expect(await value('released')).toBeGreaterThan(0);

    // The charts draw: status mix and the cumulative money line.
    await page.getByTestId('chart-money').waitFor();
    await page.getByTestId('chart-contracts').waitFor();
    await page.getByTestId('chart-items').waitFor();
    await chartsReady(page, 30_000);
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'delivery.png'), fullPage: true });

    // The overdue table: rows with days overdue, owners, and links to the contract or the list item.
    const table = page.getByTestId('overdue-table');
    await expect.poll(() => table.locator('tbody tr.ant-table-row').count()).toBeGreaterThan(0);
    expect(await table.getByTestId('overdue-days').first().innerText()).toMatch(/\d+ 天/);
    await page.getByTestId('overdue-kind').click();
    await page.locator('.ant-select-dropdown').filter({ visible: true }).getByText('里程碑', { exact: true }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('kind')).toBe('milestone');
    await expect.poll(async () => (await table.locator('tbody tr.ant-table-row').count()) > 0 && (await table.locator('tbody tr.ant-table-row').allInnerTexts()).every((t) => t.includes('里程碑'))).toBe(true);
    const link = table.getByTestId('overdue-link').first();
    expect(await link.getAttribute('href')).toMatch(/^\/contracts\/[0-9a-f-]{36}$/);

    // The export carries the same filter.
    const csv = await download(page, async () => {
      await page.getByTestId('overdue-export').click();
      await page.locator('.ant-dropdown').filter({ visible: true }).getByText('CSV').click();
    });
    expect(csv.name).toMatch(/\.csv$/);
    expect(csv.text).toContain('逾期天数 / Days overdue');
    expect(csv.text).toContain('里程碑（milestone）');
    expect(csv.text).not.toContain('清单事项（list item）');

    // "Mine" keeps the officer's own contracts; the scope is in the address bar. (Clicked again until
    // it takes, as a loaded machine may lose a click to the segment's sliding animation.)
    const scopeTo = async (label: string, officer: string | null) =>
      expect
        .poll(async () => {
          if (new URL(page.url()).searchParams.get('officer') !== officer) await page.getByTestId('scope').locator('label').filter({ hasText: label }).click();
          return new URL(page.url()).searchParams.get('officer');
        })
        .toBe(officer);
    await scopeTo('我负责的', 'me');
    await page.getByTestId('kpi-contracts').locator('.ant-statistic-content-value').waitFor();
    await scopeTo('全部', null);

    // Following a row opens its contract.
    await link.click();
    await expect.poll(() => new URL(page.url()).pathname).toMatch(/^\/contracts\/[0-9a-f-]{36}$/);

    // The page in English (saved for a person to look at), then back to Chinese for the next test.
    await page.goto(url('/delivery'));
    await switchLanguage(page, 'en');
    await expect.poll(() => page.getByTestId('kpi-overdue').innerText()).toContain('Overdue');
    await chartsReady(page, 30_000);
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'delivery-en.png'), fullPage: true });
    await switchLanguage(page, 'zh-CN');
    expectNoProblems(b);
  });

  it('is not offered to an applicant', async () => {
    const page = await b.newPage();
    await signIn(page, DEMO.applicant);
    expect(await navLabels(page)).not.toContain('履约看板');
  });
});
